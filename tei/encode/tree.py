"""Small helpers to build TEI trees with lxml (namespace, text/tail handling)."""

from __future__ import annotations

from lxml import etree

from .. import TEI_NS, XML_NS

XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def el(tag: str, attrs: dict[str, str | None] | None = None, text: str | None = None,
       parent: etree._Element | None = None) -> etree._Element:
    """A TEI element (``xml:id``/``xml:lang`` may be given as "xml:id"/"xml:lang")."""
    name = _NAMES.get(tag) or _NAMES.setdefault(tag, f"{{{TEI_NS}}}{tag}")
    clean = {(_XML_ATTRS.get(key) or _xml_attr(key)) if key[:4] == "xml:" else key: value
             for key, value in attrs.items() if value is not None} if attrs else None
    node = (etree.SubElement(parent, name, clean) if parent is not None
            else etree.Element(name, clean, nsmap={None: TEI_NS}))
    if text is not None:
        node.text = text
    return node


#: Clark names of the TEI elements and of the xml: attributes (el() is the hottest function of
#: encoding: a name is made once)
_NAMES: dict[str, str] = {}
_XML_ATTRS: dict[str, str] = {}


def _xml_attr(key: str) -> str:
    return _XML_ATTRS.setdefault(key, f"{{{XML_NS}}}{key[4:]}")


def add_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of ``parent`` (or as its text)."""
    if not text:
        return
    try:
        last = parent[-1]  # (lxml finds the last child at once; len() counts them all)
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text
