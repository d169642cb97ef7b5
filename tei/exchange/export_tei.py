"""Export as TEI: each document standalone, and the whole edition as one ``teiCorpus``.

Standalone (``<stem>.xml``): the document exactly as the edition keeps it (canonically equal,
:func:`tei.exchange.canonical`), its ``<?xml-model?>`` PIs pointing to the official tei_all
schema, which every receiver has, instead of our schema files. The registers a document points
to are already inside it (the persons of its ``particDesc``, the taxonomies of its
``classDecl``); a pointer into the edition's register of persons (``persons.xml``) is the one
thing outside, and then the register is written beside (``persons.xml``) and the pointers
point to it there. Links between documents (``cable-1468.xml``) keep working, as every
document is written under its own file name.

The corpus (``edition.xml``): a header with the edition's title, publisher and licence, then
every document. An ``xml:id`` repeated in several documents is dealt with once for all:

* a taxonomy or a person that is the same in every document that has it (canonical XML) moves
  to the corpus header, once; a document keeps ``<person sameAs="#id"/>`` for a person of its
  ``particDesc``, so who took part is still said there. Pointers to it are unchanged.
* any other repeated id is made unique in every document that has it: ``<stem>.<id>``, and
  every pointer to it in that document (``#id``) is rewritten.

A link to another document of the corpus (``cable-1468.xml``, ``cable-1468.xml#p1``) becomes
a pointer inside the corpus (``#cable-1468``, ``#<the fragment's id in the corpus>``).
"""

from __future__ import annotations

import copy
import functools
import re
from collections import defaultdict
from pathlib import Path

from lxml import etree

from .. import TEI_NS, XML_NS
from ..edition import Edition
from ..encode.corpus import corpus_file_desc
from ..errors import Problem
from ..pointers import is_pointer, pointers, rewrite_pointers, unresolved  # noqa: F401
from ..xmlio import indent, parse_file, with_xml_models, write_atomic
from .export import Document, Exported
from .export_canonical import canonical

#: The official tei_all, where receivers find it (the same URL the TEI Consortium publishes).
TEI_ALL_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
TEI_ALL_MODELS = (
    f'href="{TEI_ALL_URL}" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"',
    f'href="{TEI_ALL_URL}" type="application/xml" '
    'schematypens="http://purl.oclc.org/dsdl/schematron"',
)
CORPUS_NAME = "edition.xml"
PERSONS_NAME = "persons.xml"
_T = f"{{{TEI_NS}}}"
_ID = f"{{{XML_NS}}}id"


def with_models(root: etree._Element, models=TEI_ALL_MODELS) -> bytes:
    """``root`` (copied, its prolog dropped) as a UTF-8 file whose PIs are ``models``.

    The document's own text is written as it is: nothing is re-indented.
    """
    alone = copy.deepcopy(root)
    alone.tail = None
    data = etree.tostring(alone.getroottree(), encoding="UTF-8", xml_declaration=True)
    return with_xml_models(data, models) + b"\n"


def _repeated_ids(root: etree._Element) -> list[etree._Element]:
    """The elements whose ``xml:id`` an earlier element of the document already has."""
    seen: set[str] = set()
    repeated = []
    for element in root.iter():
        ident = element.get(_ID) if isinstance(element.tag, str) else None
        if ident in seen:
            repeated.append(element)
        elif ident:
            seen.add(ident)
    return repeated


def _to_persons(doc: Document, edition: Edition) -> tuple[etree._Element, bool]:
    """The document's root, its pointers into the edition's register of persons (wherever it
    lies) pointing to ``persons.xml`` beside it; and whether it has any."""
    root = doc.tree.getroot()
    register = edition.persons_path.resolve()
    found = False

    def change(token: str) -> str:
        nonlocal found
        path, _, fragment = token.partition("#")
        if path and (doc.path.parent / path).resolve() == register:
            found = True
            return PERSONS_NAME + ("#" + fragment if fragment else "")
        return token

    copied = copy.deepcopy(root)
    rewrite_pointers(copied, change)
    return (copied if found else root), found


def write(edition: Edition, docs: list[Document], outdir: Path, result: Exported) -> None:
    """Write every document standalone, the register beside if needed, and the corpus."""
    need_register = False
    roots = []
    for doc in docs:
        root, points = _to_persons(doc, edition)
        roots.append(root)
        need_register |= points
        for token in unresolved(root):
            result.problems.append(Problem(str(doc.path), 0, 0, f"pointer {token} resolves to "
                                           "nothing in the document", "warning", "export"))
        for element in _repeated_ids(root):
            result.problems.append(Problem(str(doc.path), element.sourceline or 0, 0,
                                           f"xml:id {element.get(_ID)!r} is repeated in the "
                                           "document (exported as it is)", "warning", "export"))
        write_atomic(result.target(f"{doc.stem}.xml", doc.path), with_models(root))
    if need_register:
        if not edition.persons_path.is_file():
            result.problems.append(Problem(str(edition.persons_path), 0, 0, "documents point "
                                           "to the register of persons, which is missing",
                                           "warning", "export"))
        else:
            register = parse_file(edition.persons_path).getroot()
            write_atomic(result.target(PERSONS_NAME, edition.persons_path),
                         with_models(register))
    root = corpus(edition, docs, roots)
    for token in unresolved(root):
        result.problems.append(Problem(str(outdir / CORPUS_NAME), 0, 0, f"pointer {token} "
                                       "resolves to nothing in the corpus", "warning",
                                       "export"))
    write_atomic(result.target(CORPUS_NAME), with_models(root))
    _check_conformance(docs, outdir, result)


#: How a departure from TEI P5 of a document from another archive is reported: it is exported
#: as it was received.
AS_RECEIVED = " (from another archive: exported as received)"


@functools.cache
def _exchange_validator():
    """The exchange schema (all of TEI P5: tei_all's grammar and rules), compiled once."""
    from ..schema import EXCHANGE_SCHEMAS
    from ..validate import Options, Validator

    return Validator(Options(schemas=tuple(map(str, EXCHANGE_SCHEMAS))))


def _check_conformance(docs: list[Document], outdir: Path, result: Exported) -> None:
    """Check every TEI file written against all of TEI P5, so what goes out says whether it
    conforms: a departure is an error, but for the documents of other archives, which are
    exported as they came (a warning, located in the file written)."""
    imported = {(outdir / f"{d.stem}.xml").resolve() for d in docs if d.imported}
    validator = _exchange_validator()
    for path in result.written:
        if path.suffix != ".xml":
            continue
        checked = validator.check(str(path))
        foreign = _foreign_lines(path, docs) if path.name == CORPUS_NAME else (
            (lambda line: True) if path.resolve() in imported else (lambda line: False))
        for p in checked.problems:
            if p.severity == "error" and not checked.unusable and foreign(p.line):
                p = Problem(p.file, p.line, p.column, p.message + AS_RECEIVED, "warning",
                            p.rule)
            result.problems.append(p)


def _foreign_lines(corpus_file: Path, docs: list[Document]):
    """Whether a line of the written corpus lies in a document of another archive (the
    corpus holds the documents in their order)."""
    members = parse_file(corpus_file, collect_ids=False).getroot().findall(_T + "TEI")
    starts = [(m.sourceline or 0, d.imported) for m, d in zip(members, docs, strict=True)]

    def foreign(line: int) -> bool:
        inside = [is_foreign for start, is_foreign in starts if start <= line]
        return bool(inside) and inside[-1]

    return foreign


def _text(parent: etree._Element, tag: str, text: str = "", **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _T + tag, {k: v for k, v in attrs.items() if v})
    if text:
        element.text = text
    return element


def corpus_header(edition: Edition, docs: list[Document]) -> etree._Element:
    """The corpus header: the edition's title, publisher, date and licence."""
    header = etree.Element(_T + "teiHeader")
    imported = sum(d.imported for d in docs)
    corpus_file_desc(edition, f"The {len(docs)} documents of the edition"
                     + (f", {imported} of them taken in from other archives" if imported
                        else "") + ", each as a TEI document of its own.", header)
    return header


def _shareable(element: etree._Element) -> bool:
    """A taxonomy of a classDecl, or a person of a particDesc's listPerson."""
    parent = element.getparent()
    grand = parent.getparent() if parent is not None else None
    return (element.tag == _T + "taxonomy" and parent is not None
            and parent.tag == _T + "classDecl") or (
        element.tag == _T + "person" and parent is not None and parent.tag == _T + "listPerson"
        and grand is not None and grand.tag == _T + "particDesc")


def corpus(edition: Edition, docs: list[Document],
           roots: list[etree._Element] | None = None) -> etree._Element:
    """The teiCorpus of ``docs`` (see the module's docstring), ids unique across it.

    ``roots``: the documents as written standalone (pointers into the register rewritten to
    ``persons.xml`` beside), if not the documents' own trees; they are copied, not changed.
    """
    members = [copy.deepcopy(r) for r in (roots or [d.tree.getroot() for d in docs])]
    keys = [d.stem if re.match(r"[A-Za-z_]", d.stem) else "doc-" + d.stem for d in docs]
    where: dict[str, list[tuple[int, etree._Element]]] = defaultdict(list)
    for i, member in enumerate(members):
        for element in member.iter():
            if isinstance(element.tag, str) and element.get(_ID):
                where[element.get(_ID)].append((i, element))
    repeated = {i: e for i, e in where.items() if len({n for n, _ in e}) > 1}
    # shared: the same taxonomy or person in every document that has its id, and whose
    # pointers all lead to what is shared too (a person's office, to a shared taxonomy)
    candidates = {ident: found for ident, found in repeated.items()
                  if all(_shareable(e) for _, e in found)
                  and len(found) == len({n for n, _ in found})
                  and len({canonical(e) for _, e in found}) == 1}
    while True:
        covered = {d.get(_ID) for found in candidates.values() for d in found[0][1].iter()
                   if isinstance(d.tag, str) and d.get(_ID)}
        keep = {ident: found for ident, found in candidates.items()
                if all(t[1:] in covered for _, _, t in pointers(found[0][1])
                       if t.startswith("#"))}
        if len(keep) == len(candidates):
            break
        candidates = keep
    shared: list[etree._Element] = []
    for ident, found in candidates.items():
        if any(a.get(_ID) in candidates for a in found[0][1].iterancestors()):
            continue
        shared.append(copy.deepcopy(found[0][1]))
        for _, element in found:
            if element.tag == _T + "person":
                element.addprevious(etree.Element(_T + "person", sameAs="#" + ident))
                element.getprevious().tail = element.tail
            _remove(element)
    # renamed: every other id repeated across documents, in every document that has it
    taken = set(where)
    renamed: list[dict[str, str]] = [{} for _ in members]
    for ident, found in repeated.items():
        if ident in covered:
            continue
        for i, element in found:
            new = f"{keys[i]}.{ident}"
            while new in taken:
                new += "_"
            taken.add(new)
            renamed[i][ident] = new
            element.set(_ID, new)
    # every member has a root id, so a link to its file can point to it
    for i, member in enumerate(members):
        if not member.get(_ID):
            new = keys[i]
            while new in taken:
                new += "_"
            taken.add(new)
            member.set(_ID, new)
    by_file = {d.path.name: i for i, d in enumerate(docs)}
    for i, member in enumerate(members):
        rewrite_pointers(member, _corpus_pointer(i, renamed, by_file, members))
    root = etree.Element(_T + "teiCorpus", nsmap={None: TEI_NS})
    header = corpus_header(edition, docs)
    taxonomies = [e for e in shared if e.tag == _T + "taxonomy"]
    persons = [e for e in shared if e.tag == _T + "person"]
    if taxonomies:
        class_decl = _text(_text(header, "encodingDesc"), "classDecl")
        class_decl.extend(taxonomies)
    if persons:
        _text(_text(_text(header, "profileDesc"), "particDesc"), "listPerson").extend(persons)
    root.append(header)
    root.extend(members)
    _layout(root)
    return root


def _corpus_pointer(i: int, renamed: list[dict[str, str]], by_file: dict[str, int],
                    members: list[etree._Element]):
    def change(token: str) -> str:
        path, hash_, fragment = token.partition("#")
        if not path:
            return "#" + renamed[i].get(fragment, fragment)
        target = by_file.get(Path(path).name) if "/" not in path else None
        if target is None:
            return token
        if hash_ and fragment:
            return "#" + renamed[target].get(fragment, fragment)
        return "#" + members[target].get(_ID)
    return change


def _remove(element: etree._Element) -> None:
    """Remove ``element``; a container it leaves empty (one TEI requires content of) goes too."""
    parent = element.getparent()
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") if element.tail is None else element.tail
    elif parent is not None:
        parent.text = element.tail if not (parent.text or "").strip() else parent.text
    parent.remove(element)
    if parent.tag in (_T + "classDecl", _T + "encodingDesc") and not len(parent) and \
            not (parent.text or "").strip():
        _remove(parent)


def _layout(root: etree._Element) -> None:
    """Put the header and each document of the corpus on lines of their own."""
    root.text = "\n"
    for child in root:
        child.tail = "\n"
    indent(root[0])
