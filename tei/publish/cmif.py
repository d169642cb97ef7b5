"""The edition's correspondence as one CMIF file (Correspondence Metadata Interchange Format,
TEI Correspondence SIG), the file correspSearch and other letter aggregators harvest.

One ``correspDesc`` per document that has one (the cables; imported letters), in document
order: ``@ref`` the document's permanent page (the edition's ``url``), ``@key`` its id,
``@source`` the edition's ``bibl``; a ``correspAction`` sent and received, each with the
person (``persName/@ref`` the authority URI of the register's ``idno``, when the entry has one;
"Unknown" when the document names nobody, as CMIF asks), the place and the ISO date
(``date/@when``, only when the document gives one). The header names the edition, its
publisher and licence (CC BY 4.0, as CMIF requires), the file's own URL and the time of the
newest document. Written by ``tei export --format cmif`` and, as ``cmif.xml``, into the HTML
edition (every page links it: ``link rel="alternate"``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from .. import TEI_NS, XML_NS
from ..edition import Edition
from ..xmlio import parse_file

NS = {"t": TEI_NS}
T = f"{{{TEI_NS}}}"
CMIF_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
CMIF_RNG = ("https://raw.githubusercontent.com/TEI-Correspondence-SIG/CMIF/master/schema/"
            "cmi-customization.rng")
#: the authority URIs of the register's idno types, in the order CMIF prefers them
AUTHORITIES = (("viaf", "http://viaf.org/viaf/{}"), ("ndl", "http://id.ndl.go.jp/auth/ndlna/{}"),
               ("wikidata", "http://www.wikidata.org/entity/{}"))
FILE_NAME = "cmif.xml"


def _base(edition: Edition) -> str:
    return edition.url if edition.url.endswith("/") else edition.url + "/"


def _persons(doc: etree._Element) -> dict[str, etree._Element]:
    """The persons of the document's particDesc, by xml:id (the first of an id)."""
    found: dict[str, etree._Element] = {}
    for person in doc.iterfind(f".//{T}particDesc//{T}person"):
        found.setdefault(person.get(f"{{{XML_NS}}}id", ""), person)
    return found


def _person(persons: dict[str, etree._Element], ref: str | None) -> etree._Element | None:
    if not ref or not ref.startswith("#"):
        return None
    return persons.get(ref[1:])


def _name(persons: dict[str, etree._Element], name: etree._Element) -> str:
    """"Surname, Forename" from the register's entry the name points to (CMIF's form), else
    the name as the document writes it ("Ambassador Kuriyama")."""
    person = _person(persons, name.get("ref"))
    if person is not None:
        for pn in person.iterfind(f"{T}persName"):
            surname, forename = pn.findtext(f"{T}surname"), pn.findtext(f"{T}forename")
            if surname and pn.get(f"{{{XML_NS}}}lang") == "en":
                return f"{surname}, {forename}" if forename else surname
    return " ".join("".join(name.itertext()).split()) or "Unknown"


def _authority(persons: dict[str, etree._Element], ref: str | None) -> str | None:
    """The authority URI of the person ``ref`` (``#id``) names in the document's particDesc."""
    if not ref or not ref.startswith("#"):
        return ref if ref and ref.startswith("http") else None
    person = _person(persons, ref)
    if person is None:
        return None
    for kind, form in AUTHORITIES:
        idno = person.findtext(f"{T}idno[@type='{kind}']")
        if idno and idno.strip():
            return form.format(idno.strip())
    return None


def _action(parent: etree._Element, kind: str, source: etree._Element | None,
            persons: dict[str, etree._Element]) -> None:
    action = etree.SubElement(parent, f"{T}correspAction", type=kind)
    names = [n for n in source if n.tag in (f"{T}persName", f"{T}orgName")] \
        if source is not None else []
    names.sort(key=lambda n: n.tag != f"{T}persName")  # persons first, then organisations
    for name in names:
        out = etree.SubElement(action, name.tag)
        out.text = _name(persons, name)
        uri = _authority(persons, name.get("ref"))
        if uri:
            out.set("ref", uri)
    if not names:
        etree.SubElement(action, f"{T}persName").text = "Unknown"
    for place in (source.iterfind(f"{T}placeName") if source is not None else []):
        etree.SubElement(action, f"{T}placeName").text = " ".join("".join(place.itertext())
                                                                  .split())
    date = source.find(f"{T}date[@when]") if source is not None else None
    if date is not None and date.get("when", "")[:10].count("-") <= 2:
        etree.SubElement(action, f"{T}date", when=date.get("when")[:10])


def stamp(paths: list[Path]) -> str:
    """The file's date: the time of the newest document (to the second, UTC)."""
    newest = max((p.stat().st_mtime for p in paths), default=0.0)
    return dt.datetime.fromtimestamp(int(newest), dt.UTC).isoformat().replace("+00:00", "Z")


def source_id(edition: Edition) -> str:
    """The edition's bibl id: a UUID, as CMIF asks, fixed for the edition, and one that is
    also an xml:id (a letter first)."""
    k, found = 0, "0"
    while not found[0].isalpha():
        found = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{edition.url or edition.title}#{k}"))
        k += 1
    return found


def page_base(edition: Edition) -> str:
    """Where the documents' pages are (their ``@ref``): '' when the edition has no URL."""
    return _base(edition) if edition.url else ""


#: Where the documents' correspDesc go in the file (with the header's indentation).
_HERE = "tei-cables:correspondence"


def corresp_desc(doc: etree._Element | None, stem: str, source: str, base: str) -> bytes:
    """The document's ``correspDesc`` as the CMIF file writes it (indented for its place),
    or b'' when it has none. ``doc``: the TEI document's root; ``source``:
    :func:`source_id`; ``base``: :func:`page_base`.

    Each document's is made on its own (the HTML edition makes it with the document's page),
    and the file is these joined: nothing holds every document at once."""
    found = (doc.find(f".//{T}teiHeader/{T}profileDesc/{T}correspDesc")
             if doc is not None else None)
    if found is None:
        return b""
    tei = etree.Element(f"{T}TEI", nsmap={None: TEI_NS})
    profile = etree.SubElement(etree.SubElement(tei, f"{T}teiHeader"), f"{T}profileDesc")
    corresp = etree.SubElement(profile, f"{T}correspDesc", source=f"#{source}")
    corresp.set("key", doc.get(f"{{{XML_NS}}}id") or stem)
    if base:
        corresp.set("ref", urljoin(base, f"documents/{stem}.html"))
    persons = _persons(doc)
    _action(corresp, "sent", found.find(f"{T}correspAction[@type='sent']"), persons)
    _action(corresp, "received", found.find(f"{T}correspAction[@type='received']"), persons)
    etree.indent(tei, space="  ")
    corresp.tail = None
    text = etree.tostring(corresp, encoding="utf-8")  # (its TEI namespace declared: cut)
    return text.replace(f' xmlns="{TEI_NS}"'.encode(), b"", 1)


def cmif(edition: Edition, documents: list[tuple[Path, str]],
         corresps: Callable[[Path, str], bytes] | None = None) -> bytes:
    """The CMIF file of ``documents`` ((path, stem) of each TEI document, in order).

    ``corresps``: each document's :func:`corresp_desc`, by (path, stem), when it is kept
    (the HTML edition makes it with each document's page); by default each document is read
    and made here."""
    source = source_id(edition)
    base = page_base(edition)
    if corresps is None:
        def corresps(path: Path, stem: str) -> bytes:
            return corresp_desc(parse_file(path, collect_ids=False).getroot(), stem, source,
                                base)
    tei = etree.Element(f"{T}TEI", nsmap={None: TEI_NS})
    header = etree.SubElement(tei, f"{T}teiHeader")
    file_desc = etree.SubElement(header, f"{T}fileDesc")
    title_stmt = etree.SubElement(file_desc, f"{T}titleStmt")
    etree.SubElement(title_stmt, f"{T}title").text = \
        f"{edition.title}: correspondence metadata (CMIF)"
    etree.SubElement(title_stmt, f"{T}editor").text = edition.editor or edition.publisher
    pub = etree.SubElement(file_desc, f"{T}publicationStmt")
    publisher = etree.SubElement(pub, f"{T}publisher")
    if edition.url:
        etree.SubElement(publisher, f"{T}ref", target=edition.url).text = edition.publisher
    else:
        publisher.text = edition.publisher
    etree.SubElement(pub, f"{T}idno", type="url").text = \
        urljoin(_base(edition), FILE_NAME) if edition.url else FILE_NAME
    etree.SubElement(pub, f"{T}date", when=stamp([p for p, _ in documents]))
    availability = etree.SubElement(pub, f"{T}availability")
    etree.SubElement(availability, f"{T}licence", target=CMIF_LICENCE).text = \
        "This file is licensed under the terms of the Creative Commons License CC-BY 4.0"
    bibl = etree.SubElement(etree.SubElement(file_desc, f"{T}sourceDesc"), f"{T}bibl",
                            type="online")
    bibl.set(f"{{{XML_NS}}}id", source)
    bibl.text = f"{edition.title}. {edition.publisher}"
    if edition.url:
        bibl.text += ", "
        etree.SubElement(bibl, f"{T}ref", target=edition.url).text = edition.url
    profile = etree.SubElement(header, f"{T}profileDesc")
    profile.append(etree.Comment(_HERE))
    etree.SubElement(etree.SubElement(etree.SubElement(tei, f"{T}text"), f"{T}body"), f"{T}p")
    etree.indent(tei, space="  ")
    head, _, tail = etree.tostring(tei, encoding="utf-8").partition(f"<!--{_HERE}-->".encode())
    pieces = [piece for path, stem in documents if (piece := corresps(path, stem))]
    model = (f'<?xml-model href="{CMIF_RNG}" type="application/xml" '
             'schematypens="http://relaxng.org/ns/structure/1.0"?>\n').encode()
    if not pieces:  # (an empty profileDesc, as lxml writes it)
        head, tail = head.rsplit(b"<profileDesc>", 1)[0], tail.split(b"</profileDesc>", 1)[1]
        body = b"<profileDesc/>"
    else:
        body = b"\n      ".join(pieces)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + model + head + body + tail + b"\n"
