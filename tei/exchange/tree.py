"""Adding elements to a foreign document without touching what it holds.

Foreign XML keeps its own white space byte for byte (no re-indentation: a ``div`` with
``xml:space="preserve"`` stays as it was); only the elements the importer adds are indented,
to the depth their new parent already has.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from .. import TEI_NS, XML_NS
from ..xmlio import ELEMENT_ONLY

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
NS = {"t": TEI_NS}
#: Elements holding only elements (besides the TEI ones xmlio knows): indented when added.
CONTAINERS = ELEMENT_ONLY | {"appInfo", "application", "relatedItem"}


def tei(tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    element = etree.Element(T + tag, {k: v for k, v in attrib.items() if v is not None})
    element.text = text
    return element


def sub(parent: etree._Element, tag: str, text: str | None = None,
        **attrib: str) -> etree._Element:
    element = tei(tag, text, **attrib)
    parent.append(element)
    return element


def words(element: etree._Element, skip_notes: bool = True) -> str:
    """The element's text, white space normalised (notes left out: a title, a head)."""
    texts = element.xpath(".//text()[not(ancestor::t:note)]" if skip_notes else ".//text()",
                          namespaces=NS)
    return " ".join("".join(texts).split())


def copied(element: etree._Element) -> etree._Element:
    """A copy without ``xml:id`` anywhere (a copy must not repeat the original's ids) and
    without a tail."""
    duplicate = copy.deepcopy(element)
    duplicate.tail = None
    for node in duplicate.iter():
        if isinstance(node.tag, str) and XML_ID in node.attrib:
            del node.attrib[XML_ID]
    return duplicate


def _own_pad(element: etree._Element) -> str | None:
    """The white space before ``element`` when it stands on a line of its own; None when it
    does not (a document written on one line)."""
    parent = element.getparent()
    if parent is None:
        return "\n"
    previous = element.getprevious()
    ws = (previous.tail if previous is not None else parent.text) or ""
    found = re.search(r"\n[ \t]*$", ws)
    return found.group(0) if found and not ws.strip() else None


def place(parent: etree._Element, child: etree._Element, index: int | None = None,
          reindent: bool = True) -> None:
    """Insert ``child`` (built by the importer) into ``parent`` at ``index`` (default: the
    end), indented like its new siblings; the text around it is kept.

    White space is only added where the parent holds nothing but white space between its
    elements, on lines of their own; in mixed content, or in a document written without
    line breaks, the child goes in as it is. ``reindent`` False keeps the child's own inside
    as it is (a copy of foreign text).
    """
    index = len(parent) if index is None else index
    spaces = [parent.text or ""] + [c.tail or "" for c in parent]
    mixed = any(s.strip() for s in spaces)
    compact = bool(len(parent)) and not any("\n" in s for s in spaces)
    own = _own_pad(parent)
    if mixed or compact or own is None:
        parent.insert(index, child)
        return
    known = re.fullmatch(r"\n[ \t]*", parent.text or "") if len(parent) else None
    pad = known.group(0) if known else own + "  "
    if index >= len(parent):
        closing = parent[-1].tail if len(parent) else own
        if len(parent):
            parent[-1].tail = pad
        else:
            parent.text = pad
        parent.append(child)
        child.tail = closing
    else:
        parent.insert(index, child)
        child.tail = pad
        if index == 0:
            parent.text = pad
    if reindent:
        _reindent(child, pad)


def _reindent(child: etree._Element, pad: str) -> None:
    """Indent an element-only container one step deeper than ``pad`` (its own indentation);
    mixed content is left as it is."""
    name = etree.QName(child).localname
    ours = name == "bibl" and (child.get("type") == "imported"
                               or etree.QName(child.getparent()).localname == "relatedItem")
    if ((name not in CONTAINERS and not ours) or not len(child)
            or (child.text or "").strip() or any((c.tail or "").strip() for c in child)):
        return
    inner = pad + "  "
    child.text = inner
    for grandchild in child:
        grandchild.tail = inner
        _reindent(grandchild, inner)
    child[-1].tail = pad


def find_or_add(parent: etree._Element, tag: str, before: tuple[str, ...] = ()) -> etree._Element:
    """The first ``tag`` child of ``parent``, or a new one placed before the first child named
    in ``before`` (else at the end)."""
    found = parent.find(T + tag)
    if found is not None:
        return found
    element = tei(tag)
    index = next((i for i, c in enumerate(parent)
                  if isinstance(c.tag, str) and etree.QName(c).localname in before), None)
    place(parent, element, index)
    return element
