"""A foreign document's facts mapped onto the edition's model, in its header.

The edition's pages and book read a document's title (``titleStmt/title``), its date and
place of sending, sender and recipient (``correspDesc/correspAction``). Another archive
often says these things in the text (a FRUS ``dateline``, a ``signed`` name) or elsewhere in
its header (FRUS: ``publicationStmt/date[@type='created']``). Here they are copied into the
header where the edition looks for them — only when the header does not say them already,
and only by copying (the text itself is never changed or moved).
"""

from __future__ import annotations

from lxml import etree

from .tree import NS, T, copied, find_or_add, place, tei, words

FRUS_NS = "http://history.state.gov/frus/ns/1.0"


def ensure_title(root: etree._Element, fallback: str) -> None:
    """A ``titleStmt/title``: the first head of the text when the header has none."""
    statement = root.find("t:teiHeader/t:fileDesc/t:titleStmt", NS)
    if statement is None or statement.find(T + "title") is not None:
        return
    heads = root.xpath("t:text//t:head", namespaces=NS)
    title = next((words(h) for h in heads if words(h)), "") or fallback
    place(statement, tei("title", title), 0)


def _first(root: etree._Element, path: str) -> etree._Element | None:
    found = root.xpath(path, namespaces=NS)
    return found[0] if found else None


def correspondence(root: etree._Element) -> None:
    """A ``correspDesc`` with the sending (``correspAction[@type='sent']``: who signed, the
    dateline's places and date) when the header has none and the document says any of it."""
    header = root.find(T + "teiHeader")
    if header is None or header.find(".//" + T + "correspDesc") is not None:
        return
    dateline = _first(root, "t:text//t:dateline[.//t:date or .//t:placeName][1]")
    signer = _first(root, "t:text//t:closer//t:signed//t:persName[1]")
    date = _first(dateline, ".//t:date[1]") if dateline is not None else None
    if date is None:
        date = _date_from_attributes(root)
    if date is None:
        created = _first(header, "t:fileDesc/t:publicationStmt/t:date[@type='created'][@when]")
        date = copied(created) if created is not None else None
        if date is not None:
            del date.attrib["type"]
    places = dateline.xpath(".//t:placeName", namespaces=NS) if dateline is not None else []
    if signer is None and date is None and not places:
        return
    action = tei("correspAction", type="sent")
    if signer is not None:
        action.append(copied(signer))
    for place_name in places:
        action.append(copied(place_name))
    if date is not None:
        action.append(copied(date) if date.getparent() is not None else date)
    desc = tei("correspDesc")
    desc.append(action)
    profile = find_or_add(header, "profileDesc", before=("revisionDesc",))
    place(profile, desc)


def _date_from_attributes(root: etree._Element) -> etree._Element | None:
    """FRUS's machine-readable range of a document (``frus:doc-dateTime-min``/``-max``)."""
    div = _first(root, "t:text//t:div[@type='document'][1]")
    if div is None:
        return None
    low = div.get(f"{{{FRUS_NS}}}doc-dateTime-min")
    high = div.get(f"{{{FRUS_NS}}}doc-dateTime-max")
    if not low:
        return None
    if low == high or not high:
        return tei("date", when=low)
    return tei("date", notBefore=low, notAfter=high)


def map_header(root: etree._Element, fallback_title: str) -> None:
    """Everything this module adds, in one call."""
    ensure_title(root, fallback_title)
    correspondence(root)

