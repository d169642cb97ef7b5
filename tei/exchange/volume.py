"""A volume of many documents (FRUS) split into one edition document per
``div[@type='document']``.

What makes a file a volume: two or more ``div[@type='document']`` and either divisions
around them (``div[@type='compilation' or 'chapter' …]``) or registers in the front (persons,
terms: FRUS's ``persName[@xml:id]`` and ``term[@xml:id]``). A file whose few documents stand
side by side without either (a FRUS web document citing a chain of letters) is one document.

Each document keeps its ``div`` untouched (identifier, heading and source note, dateline,
``frus:`` attributes); its header gets a title (the head's words), the volume's publisher and
availability, and the entries of the volume's registers it refers to
(``persName/@corresp="#p_X"`` -> ``particDesc/listPerson/person[@xml:id='p_X']``,
``gloss|term/@target="#t_Y"`` -> ``classDecl/taxonomy/category[@xml:id='t_Y']``), each with
``@corresp`` pointing back to the entry in the volume; so the document's own links resolve.

Nothing of the volume is dropped: what is not a document — its header, front matter
(preface, the registers of persons and terms in full), the headings and editorial notes of its
compilations and chapters, its back matter — becomes one more document, the volume itself,
where each document stands as a link to the file it was split into (:func:`remainder`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from .tree import NS, XML_ID, T, copied, place, sub, words

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_AROUND = ("compilation", "chapter", "subchapter", "document-group", "part", "section")


@dataclass(frozen=True)
class Part:
    """One document of a volume, ready to be written."""

    root: etree._Element
    part: str
    original_id: str | None
    context: tuple[tuple[str, str], ...]
    line: int


def is_volume(root: etree._Element) -> bool:
    documents = root.xpath("t:text//t:div[@type='document']", namespaces=NS)
    if len(documents) < 2:
        return False
    # a document inside a compilation or chapter: each document's ancestors are asked (an
    # XPath t:div[…]//t:div[…] over the whole text grows with the square of the volume)
    around = any(a.get("type") in _AROUND for d in documents for a in d.iterancestors(T + "div"))
    return around or bool(root.xpath("t:text/t:front//t:persName[@xml:id] | "
                                     "t:text/t:front//t:term[@xml:id]", namespaces=NS))


def _register(root: etree._Element, tag: str) -> dict[str, etree._Element]:
    """id -> the entry (the list item holding the name) of a register in the front."""
    entries = {}
    for name in root.xpath(f"t:text/t:front//t:{tag}[@xml:id]", namespaces=NS):
        item = next((a for a in name.iterancestors(T + "item")), name)
        entries[name.get(XML_ID)] = (name, item)
    return entries


def _rest(name: etree._Element, item: etree._Element) -> str:
    """The words of a register entry after its name ("Able, Alice, Ambassador to Nowhere" ->
    "Ambassador to Nowhere")."""
    whole, said = words(item, skip_notes=False), words(name, skip_notes=False)
    rest = whole.split(said, 1)[1] if said and said in whole else ""
    return rest.strip(" ,;:—–-")


def _pointers(div: etree._Element, xpath: str) -> list[str]:
    found: list[str] = []
    for value in div.xpath(xpath, namespaces=NS):
        for token in str(value).split():
            if token.startswith("#") and token[1:] not in found:
                found.append(token[1:])
    return found


def _context(div: etree._Element) -> tuple[tuple[str, str], ...]:
    heads = []
    for ancestor in reversed(list(div.iterancestors(T + "div"))):
        head = ancestor.find(T + "head")
        if head is not None and words(head):
            heads.append((ancestor.get("type") or "div", words(head)))
    return tuple(heads)


def split(root: etree._Element, source_name: str) -> list[Part]:
    """The volume's documents, each a TEI document of its own (the volume is not changed)."""
    persons = _register(root, "persName")
    terms = _register(root, "term")
    header = root.find(T + "teiHeader")
    statement = header.find("t:fileDesc/t:publicationStmt", NS) if header is not None else None
    lang = root.get(XML_LANG)
    parts = []
    for number, div in enumerate(root.xpath("t:text//t:div[@type='document']",
                                            namespaces=NS), start=1):
        original = div.get(XML_ID)
        document = etree.Element(T + "TEI", nsmap=root.nsmap)
        inherited = lang or next((a.get(XML_LANG) for a in div.iterancestors()
                                  if a.get(XML_LANG)), None)
        if inherited:
            document.set(XML_LANG, inherited)
        head = div.find(T + "head")
        title = words(head) if head is not None and words(head) else \
            f"Document {div.get('n') or number}"
        new_header = sub(document, "teiHeader")
        file_desc = sub(new_header, "fileDesc")
        sub(sub(file_desc, "titleStmt"), "title", title)
        new_statement = sub(file_desc, "publicationStmt")
        kept = [c for c in (statement if statement is not None else [])
                if isinstance(c.tag, str) and etree.QName(c).localname in
                ("publisher", "distributor", "authority", "pubPlace", "availability")]
        if any(etree.QName(c).localname in ("publisher", "distributor", "authority")
               for c in kept):
            for child in kept:
                new_statement.append(copied(child))
        else:
            sub(new_statement, "p", "Published in the volume named in the source description.")
        sub(file_desc, "sourceDesc")
        mentioned = _pointers(div, ".//t:persName/@corresp | .//t:persName/@ref")
        listed = [i for i in persons if i in mentioned]
        glossed = _pointers(div, ".//t:gloss/@target | .//t:term/@target | .//t:term/@ref")
        used = [i for i in terms if i in glossed]
        if used:
            taxonomy = sub(sub(sub(new_header, "encodingDesc"), "classDecl"), "taxonomy")
            sub(taxonomy, "desc", "Terms of the volume this document refers to")
            for ident in used:
                name, item = terms[ident]
                category = sub(taxonomy, "category", corresp=f"{source_name}#{ident}")
                category.set(XML_ID, ident)
                description = sub(category, "catDesc")
                description.append(copied(name))
                rest = _rest(name, item)
                if rest:
                    description[-1].tail = ", " + rest
        if listed:
            listing = sub(sub(sub(new_header, "profileDesc"), "particDesc"), "listPerson")
            for ident in listed:
                name, item = persons[ident]
                person = sub(listing, "person", corresp=f"{source_name}#{ident}")
                person.set(XML_ID, ident)
                person.append(copied(name))
                rest = _rest(name, item)
                if rest:
                    sub(person, "note", rest)
        body = sub(sub(document, "text"), "body")
        text_div = copy.deepcopy(div)  # ids and all: the document is this div
        text_div.tail = None
        body.append(text_div)
        _indent_new(document)
        parts.append(Part(document, original or str(number), original, _context(div),
                          div.sourceline or 0))
    return parts


#: The target a stand-in for a split document has until the document's file name is known
#: (the importer replaces it: :func:`link_split_documents`).
SPLIT_TARGET = "urn:tei-cables:split:"


def remainder(root: etree._Element, parts: list[Part]) -> etree._Element:
    """The volume without its documents: each ``div[@type='document']`` replaced by a
    stand-in, ``<div type="document" n="…"><p><ref type="split" target="…">its heading
    </ref></p></div>``, that links to the document's own file. Everything else, the header
    included, is the volume's own, untouched."""
    rest = copy.deepcopy(root)
    rest.tail = None
    divs = rest.xpath("t:text//t:div[@type='document']", namespaces=NS)
    for div, part in zip(divs, parts, strict=True):
        stand_in = etree.Element(T + "div", {"type": "document"})
        if div.get("n"):
            stand_in.set("n", div.get("n"))
        head = div.find(T + "head")
        link = sub(sub(stand_in, "p"), "ref", words(head) if head is not None and words(head)
                   else f"Document {part.part}", type="split",
                   target=SPLIT_TARGET + part.part)
        link.tail = None
        stand_in.tail = div.tail
        div.getparent().replace(div, stand_in)
    return rest


def link_split_documents(root: etree._Element, file_of: dict[str, str]) -> None:
    """Point the stand-ins of :func:`remainder` to the files their documents were written
    to (``file_of``: part -> file name)."""
    for ref in root.iter(T + "ref"):
        target = ref.get("target", "")
        if target.startswith(SPLIT_TARGET) and target[len(SPLIT_TARGET):] in file_of:
            ref.set("target", file_of[target[len(SPLIT_TARGET):]])


def _indent_new(document: etree._Element) -> None:
    """Indent the header built here (the copied text keeps its own white space)."""
    header = document.find(T + "teiHeader")
    text = document.find(T + "text")
    body = text.find(T + "body")
    div = body[0]
    body.remove(div)
    document.remove(header)
    document.remove(text)
    place(document, header)
    place(document, text)
    place(body, div, reindent=False)

