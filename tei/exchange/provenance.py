"""Where an imported document came from, recorded in its own header.

Two places, both valid TEI wherever the source's header stands:

- ``sourceDesc/bibl[@type='imported']`` (wrapped in a ``p`` when the source describes itself
  in prose): the source file's name and SHA-256, the original ``xml:id``, the part of a volume
  or corpus it was, and the volume or corpus it belonged to (``relatedItem``: the
  container's titles, publisher, identifiers and availability, which the document's own
  header does not repeat);
- ``encodingDesc/appInfo/application[@ident='tei-cables']``: the tool and its version.

No timestamp is written, so importing the same bytes twice gives the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .. import __version__
from .tree import NS, XML_ID, T, copied, find_or_add, place, sub, tei

TOOL = "tei-cables"
#: The header's parts, in the order TEI wants them (teiHeaderPart in any order, revision last).
_AFTER_FILEDESC = ("revisionDesc",)


@dataclass(frozen=True)
class Origin:
    """What is known of an imported document's origin."""

    source_name: str
    sha256: str
    original_id: str | None = None
    #: where in the source it was: the ``xml:id`` (or number) of its div or TEI in a volume or
    #: a corpus; None for a source that is one document
    part: str | None = None
    #: the volume's or corpus's header ('volume' or 'corpus', header), whose facts are given
    container: tuple[str, etree._Element] | None = None
    #: the heads of the divisions around a volume's document: (type, words)
    context: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def is_ours(root: etree._Element) -> bool:
    """True for a document tei-cables wrote: one of the edition's (its project description
    says so) or one imported before (it names the tool)."""
    if root.xpath("t:teiHeader/t:encodingDesc/t:appInfo/t:application[@ident=$tool]",
                  namespaces=NS, tool=TOOL):
        return True
    return bool(root.xpath("t:teiHeader/t:encodingDesc/t:projectDesc/t:p"
                           "[starts-with(normalize-space(), 'Encoded by tei-cables')]",
                           namespaces=NS))


def import_key(root: etree._Element) -> tuple[str, ...]:
    """What identifies where a document came from (the source file and the part in it), to
    tell a document imported again (replaced) from another with the same id (renamed)."""
    bibl = root.find("t:teiHeader/t:fileDesc/t:sourceDesc//t:bibl[@type='imported']", NS)
    if bibl is None:
        return ("id", root.get(XML_ID) or "")
    return tuple(bibl.findtext(f"t:idno[@type='{kind}']", "", NS)
                 for kind in ("source-file", "source-part"))


def _facts(header: etree._Element | None, bibl: etree._Element) -> None:
    """The titles, publisher, identifiers and availability a header states, into ``bibl``."""
    if header is None:
        return
    for title in header.findall("t:fileDesc/t:titleStmt/t:title", NS):
        bibl.append(copied(title))
    statement = header.find("t:fileDesc/t:publicationStmt", NS)
    if statement is None:
        return
    for child in statement:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in ("publisher", "distributor", "pubPlace", "idno", "availability"):
            bibl.append(copied(child))
        elif name == "authority":
            sub(bibl, "note", " ".join("".join(child.itertext()).split()), type="authority")


def provenance(origin: Origin) -> etree._Element:
    """The ``bibl[@type='imported']`` of a document. A document's own header stays as it came,
    so only the facts of its volume or corpus (whose header it lost) are copied."""
    bibl = tei("bibl", type="imported")
    sub(bibl, "idno", origin.source_name, type="source-file")
    sub(bibl, "idno", origin.sha256, type="sha256")
    if origin.part is not None:
        sub(bibl, "idno", origin.part, type="source-part")
    if origin.original_id is not None:
        sub(bibl, "idno", origin.original_id, type="source-id")
    if origin.container is not None:
        kind, container = origin.container
        related = sub(bibl, "relatedItem", type=kind)
        inner = sub(related, "bibl")
        _facts(container, inner)
        for unit, words in origin.context:
            sub(inner, "biblScope", words, unit=unit)
    return bibl


def record(root: etree._Element, origin: Origin) -> None:
    """Add the provenance and the tool to the header of ``root`` (a TEI document)."""
    header = find_or_add(root, "teiHeader", before=("text", "facsimile", "sourceDoc"))
    file_desc = find_or_add(header, "fileDesc", before=("encodingDesc", "profileDesc",
                                                        "xenoData", "revisionDesc"))
    if file_desc.find(T + "titleStmt") is None:
        place(file_desc, tei("titleStmt"), 0)
    if file_desc.find(T + "publicationStmt") is None:
        statement = tei("publicationStmt")
        place(file_desc, statement, _after(file_desc, ("titleStmt", "editionStmt",
                                                       "extent")))
        sub(statement, "p", "Unpublished.")
    source_desc = find_or_add(file_desc, "sourceDesc")
    bibl = provenance(origin)
    if any(isinstance(c.tag, str) and etree.QName(c).localname == "p" for c in source_desc):
        wrapper = tei("p")
        wrapper.append(bibl)
        place(source_desc, wrapper)
    else:
        place(source_desc, bibl)
    encoding = find_or_add(header, "encodingDesc", before=_AFTER_FILEDESC)
    info = tei("appInfo")
    application = sub(info, "application", ident=TOOL, version=__version__)
    sub(application, "label", TOOL)
    note = f"Imported by tei import from {origin.source_name}"
    note += f" ({origin.part})." if origin.part is not None else "."
    sub(application, "p", note + " Everything the source holds is kept; what the edition's "
        "model needs was added to the header.")
    place(encoding, info)


def _after(parent: etree._Element, names: tuple[str, ...]) -> int:
    """The index just after the last child of ``parent`` named in ``names``."""
    index = 0
    for i, child in enumerate(parent):
        if isinstance(child.tag, str) and etree.QName(child).localname in names:
            index = i + 1
    return index
