"""Small helpers to build TEI trees with lxml (namespace, text/tail handling)."""

from __future__ import annotations

from lxml import etree

from .. import TEI_NS, XML_NS

XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def el(tag: str, attrs: dict[str, str | None] | None = None, text: str | None = None,
       parent: etree._Element | None = None) -> etree._Element:
    """A TEI element (``xml:id``/``xml:lang`` may be given as "xml:id"/"xml:lang")."""
    clean: dict[str, str] = {}
    for key, value in (attrs or {}).items():
        if value is None:
            continue
        if key.startswith("xml:"):
            key = f"{{{XML_NS}}}{key[4:]}"
        clean[key] = value
    node = (etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", clean) if parent is not None
            else etree.Element(f"{{{TEI_NS}}}{tag}", clean, nsmap={None: TEI_NS}))
    if text is not None:
        node.text = text
    return node


def add_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of ``parent`` (or as its text)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
