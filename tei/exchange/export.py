"""``tei export``: the edition sent out in the forms other archives and aggregators take in.

Which documents: the edition's own (``edition/tei/*.xml``) and, when the folder exists, those
taken in from other archives (``edition/imported/*.xml``), in name order, each read once by
the safe parser. Each format is written by its own module, file by file, atomically, into
one output folder; no file name is made from a document's id without
:func:`tei.xmlio.safe_stem`, and none can leave the folder (:func:`tei.xmlio.output_path`).

=======  ==================================================================================
tei      ``<stem>.xml`` standalone TEI P5 (tei_all) and ``edition.xml``, one teiCorpus
txt      ``<stem>.txt`` the whole reading text; ``<stem>.<lang>.txt`` each language's part
json     ``catalogue.json`` the catalogue (schema/catalogue.schema.json)
csv      ``catalogue.csv`` the same records, one row each
dc       ``<stem>.oai_dc.xml`` one Dublin Core record (oai_dc) each
cmif     ``cmif.xml`` the correspondence of the edition, one correspDesc per letter (CMIF)
=======  ==================================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from ..edition import Edition
from ..errors import Problem, TeiCablesError
from ..xmlio import output_path, parse_file, safe_stem

FORMATS = ("tei", "txt", "json", "csv", "dc", "cmif")


@dataclass(frozen=True)
class Document:
    """One document to export: where it lies, its tree, whether it came from elsewhere."""

    path: Path
    tree: etree._ElementTree
    imported: bool
    #: the stem of every file written for it (safe: see tei.xmlio.safe_stem)
    stem: str

    @property
    def id(self) -> str:
        return self.tree.getroot().get("{http://www.w3.org/XML/1998/namespace}id") or self.stem


@dataclass
class Exported:
    """What one format's export wrote, and the problems (warnings) it met on the way."""

    format: str
    outdir: Path
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def target(self, name: str, source: Path | None = None) -> Path:
        """The path to write ``name`` to: inside the output folder, and never one this export
        has already written (two documents whose names would collide are an error)."""
        path = output_path(self.outdir, name)
        if path in self.written:
            raise TeiCablesError(Problem(str(source or self.outdir), 0, 0, f"{name} is written "
                                         "twice by this export (two documents or a document "
                                         "and the collection share the name); rename one",
                                         rule="export"))
        self.written.append(path)
        return path


def page_url(edition: Edition, doc: Document) -> str:
    """The document's page in the published HTML edition (``documents/<stem>.html`` under the
    edition's ``url``), or '' when the edition does not say where it is published."""
    if not edition.url:
        return ""
    return urljoin(edition.url if edition.url.endswith("/") else edition.url + "/",
                   f"documents/{doc.stem}.html")


def documents(edition: Edition) -> list[Document]:
    """The edition's documents, then the imported ones; a clear error if there are none, if
    one is not well-formed, or if two would be written under the same name."""
    found: list[tuple[Path, bool]] = []
    if not edition.tei_dir.is_dir():
        raise TeiCablesError(Problem(str(edition.tei_dir), 0, 0, "no such folder: the edition's "
                                     "TEI documents should be here", rule="export"))
    found += [(p, False) for p in sorted(edition.tei_dir.glob("*.xml"))]
    if edition.imported_dir.is_dir():
        found += [(p, True) for p in sorted(edition.imported_dir.glob("*.xml"))]
    if not found:
        raise TeiCablesError(Problem(str(edition.tei_dir), 0, 0, "no TEI documents (*.xml) to "
                                     "export", rule="export"))
    docs: list[Document] = []
    seen: dict[str, Path] = {}
    for path, imported in found:
        stem = safe_stem(path.stem)
        if stem.lower() in seen:
            raise TeiCablesError(Problem(str(path), 0, 0, f"would be exported under the same "
                                         f"name ({stem}) as {seen[stem.lower()]}; rename one",
                                         rule="export"))
        seen[stem.lower()] = path
        docs.append(Document(path, parse_file(path, collect_ids=False), imported, stem))
    return docs


def export(edition: Edition, fmt: str, outdir: Path) -> Exported:
    """Export the edition's documents in format ``fmt`` into ``outdir``."""
    from . import export_catalogue, export_cmif, export_dc, export_tei, export_txt

    writers = {"tei": export_tei.write, "txt": export_txt.write,
               "json": export_catalogue.write_json, "csv": export_catalogue.write_csv,
               "dc": export_dc.write, "cmif": export_cmif.write}
    if fmt not in writers:
        raise TeiCablesError(Problem(str(outdir), 0, 0, f"unknown export format {fmt!r} "
                                     f"(one of {', '.join(FORMATS)})", rule="export"))
    docs = documents(edition)
    outdir.mkdir(parents=True, exist_ok=True)
    result = Exported(fmt, outdir)
    writers[fmt](edition, docs, outdir, result)
    return result
