"""``tei import``: TEI from other archives -> documents of the edition.

For each source (a file; a folder stands for its ``*.xml``):

1. it is checked against the exchange schema (all of TEI P5; :func:`default_schemas`) or the
   user's schemas: every departure is reported located in the source;
2. it is read as one document, a ``teiCorpus`` (each ``TEI`` in it one document) or a volume
   (:mod:`.volume`: one document per ``div[@type='document']``);
3. each document is mapped onto the edition's model (:mod:`.mapping`: title, correspondence)
   and its provenance recorded (:mod:`.provenance`) — by adding to its header only: no element,
   attribute or word of the source is dropped or changed, white space included;
4. each is written atomically as DIR/<id>.xml, the id made safe (:func:`tei.xmlio.safe_stem`,
   :func:`tei.xmlio.output_path`): no id can name a file outside DIR; two documents with one
   id get a numbered suffix, reported.

A document tei-cables wrote (the edition's own, or one imported before) is written back as it
came: importing is idempotent. A source that cannot be used (not well-formed, missing, not
TEI, too large) gets a located error and writes nothing.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import TEI_NS
from ..errors import Problem, TeiCablesError
from ..parallel import Runner
from ..schema import EXCHANGE_RNG, EXCHANGE_SCH, EXCHANGE_SCHEMAS, href
from ..xmlio import (
    output_path,
    parse_bytes,
    parse_file,
    read_limited,
    safe_stem,
    with_xml_models,
    write_atomic,
)
from . import mapping, provenance, volume
from .tree import XML_ID, T

#: An ``xml:id`` the edition can use as a document's id as it stands (also a file stem).
_PLAIN_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]{0,99}$")


def default_schemas() -> tuple[str, ...]:
    """The schemas incoming TEI is checked against: the exchange schema (all of TEI P5:
    schema/tei-exchange.rng and tei_all's Schematron rules, schema/tei-exchange.sch).

    A located error if a checkout lacks them (they are committed; `tei schema build` makes
    them)."""
    missing = [p for p in EXCHANGE_SCHEMAS if not p.is_file()]
    if missing:
        raise TeiCablesError(Problem(str(missing[0]), 0, 0, "the exchange schema is missing "
                                     "(run `tei schema build`), or name a schema with --schema",
                                     rule="schema"))
    return tuple(str(p) for p in EXCHANGE_SCHEMAS)


def exchange_models(folder: str | os.PathLike[str]) -> list[str]:
    """The xml-model PIs of an imported document written into ``folder``: the exchange
    schema's RELAX NG and Schematron."""
    return [f'href="{href(EXCHANGE_RNG, folder)}" type="application/xml" '
            'schematypens="http://relaxng.org/ns/structure/1.0"',
            f'href="{href(EXCHANGE_SCH, folder)}" type="application/xml" '
            'schematypens="http://purl.oclc.org/dsdl/schematron"']


@dataclass
class Document:
    """One document read from a source, before it has its file name."""

    root: etree._Element
    wanted_id: str
    line: int
    key: tuple[str, ...]
    ours: bool = False


@dataclass
class Outcome:
    """One source imported: the files written, the problems, and the status (0 imported and
    conformant, 1 not conformant or a document not written, 2 unusable)."""

    source: str
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    status: int = 0


def expand(sources: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Folders stand for their ``*.xml`` (in name order); files are kept as given."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        files.extend(sorted(path.glob("*.xml")) if path.is_dir() else [path])
    return files


def _stem_of(name: str) -> str:
    return Path(name).stem


def read_documents(data: bytes, name: str) -> list[Document]:
    """The documents of one source (its bytes; ``name`` locates errors and is recorded)."""
    # an xml:id that is not an XML name ("../../x") is the validation's to report, located:
    # the document is still taken in (and never names a file by it)
    tree = parse_bytes(data, name, collect_ids=False)
    root = tree.getroot()
    source_name = Path(name).name
    digest = hashlib.sha256(data).hexdigest()
    if root.tag == T + "teiCorpus":
        documents = []
        members = root.xpath(".//t:TEI[not(ancestor::t:TEI)]", namespaces={"t": TEI_NS})
        if not members:
            raise TeiCablesError(Problem(name, root.sourceline or 1, 1,
                                         "a teiCorpus without any TEI document in it"))
        for number, member in enumerate(members, start=1):
            corpus_header = root.find(T + "teiHeader")
            origin = provenance.Origin(
                source_name, digest, member.get(XML_ID), part=member.get(XML_ID) or str(number),
                container=("corpus", corpus_header) if corpus_header is not None else None)
            document = _detached(member)
            lang = next((a.get(volume.XML_LANG) for a in member.iterancestors()
                         if a.get(volume.XML_LANG)), None)
            if lang and document.get(volume.XML_LANG) is None:
                document.set(volume.XML_LANG, lang)
            documents.append(_prepared(document, origin,
                                       f"{_stem_of(name)}-{number}", member.sourceline or 0))
        return documents
    if root.tag != T + "TEI":
        raise TeiCablesError(Problem(name, root.sourceline or 1, 1, "not a TEI document: the "
                                     f"root is {root.tag}, not TEI or teiCorpus in the TEI "
                                     "namespace", rule="not-tei"))
    if provenance.is_ours(root):
        document = _detached(root)
        wanted = stem_of_id(root.get(XML_ID)) if root.get(XML_ID) else _stem_of(name)
        return [Document(document, wanted, root.sourceline or 1,
                         provenance.import_key(root), ours=True)]
    if volume.is_volume(root):
        volume_id = (root.get(XML_ID) or root.findtext(
            "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno", "", {"t": TEI_NS})
            or _stem_of(name))
        documents = []
        parts = volume.split(root, source_name)
        for part in parts:
            origin = provenance.Origin(source_name, digest, part.original_id, part=part.part,
                                       container=("volume", root.find(T + "teiHeader")),
                                       context=part.context)
            documents.append(_prepared(part.root, origin, f"{volume_id}-{part.part}",
                                       part.line, keep_id=False))
        # what is not a document (front and back matter, registers, chapter headings) is the
        # volume's own document, linking to the documents split from it
        origin = provenance.Origin(source_name, digest, root.get(XML_ID), part=VOLUME_PART)
        documents.append(_prepared(volume.remainder(_detached(root), parts), origin,
                                   volume_id, root.sourceline or 1, keep_id=False))
        return documents
    origin = provenance.Origin(source_name, digest, root.get(XML_ID))
    return [_prepared(_detached(root), origin, _stem_of(name), root.sourceline or 1)]


def _detached(root: etree._Element) -> etree._Element:
    """A copy of a document's root element with the comments and processing instructions
    around it, but for the source's xml-model PIs (they name schemas that are not ours) and
    any DOCTYPE (never carried)."""
    document = copy.deepcopy(root)
    document.tail = None
    if root.getparent() is not None:  # a TEI inside a teiCorpus: nothing around it to keep
        return document
    for sibling in reversed(list(root.itersiblings(preceding=True))):
        if not _is_xml_model(sibling):
            document.addprevious(_alone(sibling))
    for sibling in reversed(list(root.itersiblings())):
        document.addnext(_alone(sibling))
    return document


def _is_xml_model(node: etree._Element) -> bool:
    return isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model"


def _alone(node: etree._Element) -> etree._Element:
    duplicate = copy.deepcopy(node)
    duplicate.tail = None
    return duplicate


def _prepared(root: etree._Element, origin: provenance.Origin, fallback_id: str, line: int,
              keep_id: bool = True) -> Document:
    """Map the header and record the provenance; the id the document would like."""
    wanted = (root.get(XML_ID) if keep_id else None) or fallback_id
    provenance.record(root, origin)
    mapping.map_header(root, fallback_title=fallback_id)
    return Document(root, wanted, line, (origin.source_name, origin.part or ""))


def document_id(stem: str) -> str:
    """The ``xml:id`` of a document written as ``stem``.xml (an XML name: a stem that starts
    with a digit gets a prefix)."""
    return stem if _PLAIN_ID.match(stem) else f"doc-{stem}"


def stem_of_id(xml_id: str) -> str:
    """The file stem a document of ``xml_id`` was written as: :func:`document_id` undone, so
    a document imported again keeps its file name (``doc-2002-08-19`` -> ``2002-08-19``)."""
    rest = xml_id[4:] if xml_id.startswith("doc-") else ""
    return rest if rest and not _PLAIN_ID.match(rest) else xml_id


def serialize(root: etree._Element, models: Sequence[str]) -> bytes:
    """The document as written: the source's own white space kept (no re-indenting), the
    exchange schema's xml-model PIs before it, a final newline."""
    data = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=True)
    data = with_xml_models(data, models)
    return data if data.endswith(b"\n") else data + b"\n"


def _existing_key(path: Path) -> tuple[str, ...] | None:
    try:
        return provenance.import_key(parse_file(path).getroot())
    except TeiCablesError:
        return None


#: The part of a volume that is the volume itself (all but its documents).
VOLUME_PART = "volume"


def _link_volumes(read: list[tuple[str, Document]], stems: list[str]) -> None:
    """A volume's own document links to the files its documents were written to."""
    files: dict[tuple[str, ...], str] = {}
    for (_, document), stem in zip(read, stems, strict=True):
        files[document.key] = f"{stem}.xml"
    for _, document in read:
        if document.key[1:] == (VOLUME_PART,):
            volume.link_split_documents(document.root, {
                key[1]: name for key, name in files.items() if key[0] == document.key[0]})


def assign_names(documents: list[tuple[str, Document]], outdir: Path,
                 reserved: set[str]) -> tuple[list[str], list[Problem]]:
    """A file stem per document (``source``, document): the wanted id made safe; one already
    taken in this run, by the edition (``reserved``) or by another document in ``outdir`` gets
    a numbered suffix, reported as a warning."""
    taken = set(reserved)
    stems, problems = [], []
    for source, document in documents:
        base = safe_stem(document.wanted_id)
        stem, number = base, 1
        while stem in taken or ((outdir / f"{stem}.xml").is_file()
                                and _existing_key(outdir / f"{stem}.xml") != document.key):
            number += 1
            stem = f"{base}-{number}"
        if stem != base or base != document.wanted_id:
            why = (f"the id {document.wanted_id!r} is taken" if stem != base and
                   base == document.wanted_id else f"the id {document.wanted_id!r} is not a "
                   "plain file name" if stem == base else f"the id {document.wanted_id!r} "
                   "is not a plain file name, and its safe form is taken")
            problems.append(Problem(source, document.line, 1, f"{why}: written as {stem}.xml",
                                    "warning", "id-renamed"))
        taken.add(stem)
        stems.append(stem)
    return stems, problems


def import_sources(sources: Sequence[str | os.PathLike[str]], outdir: str | os.PathLike[str],
                   *, schemas: Sequence[str] = (), strict: bool = False,
                   reserved: Iterable[str] = (), jobs: int = 1,
                   runner: Runner | None = None) -> list[Outcome]:
    """Import ``sources`` into ``outdir``; one :class:`Outcome` per source file (the sources
    checked on ``runner``, else on ``jobs`` local processes)."""
    from ..validate import Options, validate

    outdir = Path(outdir)
    files = expand(sources)
    outcomes = {str(f): Outcome(str(f)) for f in files}
    for path in files:
        if not path.is_file():
            outcomes[str(path)].problems.append(Problem(str(path), 0, 0, "no such file",
                                                        rule="missing"))
            outcomes[str(path)].status = 2
    readable = [str(p) for p in files if p.is_file()]
    report = validate(readable, Options(schemas=tuple(schemas or default_schemas())),
                      jobs, runner) if readable else None
    read: list[tuple[str, Document]] = []
    for checked in report.files if report else []:
        outcome = outcomes[checked.path]
        outcome.problems.extend(checked.problems)
        if checked.unusable:
            outcome.status = 2
            continue
        if any(p.severity == "error" for p in checked.problems):
            outcome.status = 1
            if strict:
                outcome.problems.append(Problem(checked.path, 0, 0, "not imported: it does "
                                                "not conform (--strict)", rule="strict"))
                continue
        try:
            documents = read_documents(read_limited(checked.path), checked.path)
        except (OSError, TeiCablesError) as exc:
            outcome.problems.extend(getattr(exc, "problems", None)
                                    or [Problem(checked.path, 0, 0, str(exc))])
            outcome.status = 2
            continue
        read.extend((checked.path, d) for d in documents)
    if not read:
        return list(outcomes.values())
    stems, renamed = assign_names(read, outdir, set(reserved))
    for problem in renamed:
        outcomes[problem.file].problems.append(problem)
    _link_volumes(read, stems)
    models = exchange_models(outdir)
    for (source, document), stem in zip(read, stems, strict=True):
        outcome = outcomes[source]
        # the document's id is its file's (an XML name); the source's own is in its provenance
        if document.root.get(XML_ID) != document_id(stem):
            document.root.set(XML_ID, document_id(stem))
        try:
            target = output_path(outdir, f"{stem}.xml")
            write_atomic(target, serialize(document.root, models))
        except (OSError, TeiCablesError) as exc:
            outcome.problems.extend(getattr(exc, "problems", None)
                                    or [Problem(str(outdir), 0, 0, f"cannot write: {exc}")])
            outcome.status = max(outcome.status, 1)
            continue
        outcome.written.append(target)
    return list(outcomes.values())
