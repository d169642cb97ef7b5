"""``tei validate``: check TEI files against the edition's schemas (or any other), reporting
every problem as ``file:line:column: severity: message [rule]``.

:func:`validate` is the entry point for other commands (``tei build``): give it paths, get a
:class:`Report` with the located problems and the exit status (0 valid, 1 invalid, 2 unusable).
Schemas are compiled once per process; files are checked in parallel processes when there are
many.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import XML_NS
from ..errors import Problem, TeiCablesError
from ..parallel import Runner
from ..schema import RNG, SCH, XSD
from ..xmlio import parse_bytes, read_limited
from . import checkers, edition_rules
from .cache import Kept
from .locate import Locator
from .real_paths import forget, real_path

#: Below this many files a run stays in one process (starting workers costs more).
PARALLEL_FROM = 8


@dataclass(frozen=True)
class Options:
    """What to check against: the edition's schemas (and its XSD), or other schema files."""

    xsd: bool = False
    schemas: tuple[str, ...] = ()


@dataclass
class Checked:
    """One file checked: its problems, whether it could be read, its cable numbers."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    unusable: bool = False
    cables: list[tuple[str, int, int]] = field(default_factory=list)
    #: its pointers by file name, checked when the run is in (edition_rules.pointed_files)
    pointing: list[edition_rules.Pointing] = field(default_factory=list)
    #: read, and no DOCTYPE: a file another may point to
    pointable: bool = False
    #: the other files its check looked into (for the xml:id a pointer names)
    consulted: list[str] = field(default_factory=list)
    #: the hash of the bytes checked (what the cache keeps the check under: never the bytes
    #: of a file changed after its check, and not read again to be kept)
    sha: str | None = None


@dataclass
class Report:
    """The outcome of a run: every file's problems, in file order, and the exit status."""

    files: list[Checked]

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def status(self) -> int:
        if any(f.unusable for f in self.files):
            return 2
        return 1 if self.errors else 0

    def summary(self) -> str:
        invalid = sum(1 for f in self.files if any(p.severity == "error" for p in f.problems))
        n = len(self.files)
        return (f"{n} file{'s' if n != 1 else ''} checked: {n - invalid} valid, {invalid} "
                f"invalid; {self.errors} error{'s' if self.errors != 1 else ''}, "
                f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")

    def as_json(self) -> dict:
        return {
            "files": [{"file": f.path, "valid": not any(p.severity == "error"
                                                         for p in f.problems),
                       "unusable": f.unusable} for f in self.files],
            "problems": [{"file": p.file, "line": p.line, "column": p.column,
                          "severity": p.severity, "message": p.message, "rule": p.rule}
                         for p in self.problems],
            "errors": self.errors, "warnings": self.warnings, "status": self.status,
        }


class Validator:
    """The schemas of a run, compiled once."""

    def __init__(self, options: Options = Options()):
        self.options = options
        self.schemas: list[checkers.Checker]
        if options.schemas:
            self.schemas = [checkers.load(s) for s in options.schemas]
            self.edition_rules = False
        else:
            self.schemas = [checkers.RelaxNG(RNG), checkers.Schematron(SCH, edition_rules.RULES)]
            if options.xsd:
                self.schemas.append(checkers.Xsd(XSD))
            self.edition_rules = True
        self.pointers = edition_rules.FilePointers()

    def check(self, path: str) -> Checked:
        checked = Checked(path)
        try:
            data = read_limited(path)
            checked.sha = hashlib.sha256(data).hexdigest()
            tree = parse_bytes(data, str(path), collect_ids=False)
        except TeiCablesError as exc:
            checked.problems = [Problem(p.file, p.line, p.column, p.message, p.severity,
                                        p.rule or "well-formed") for p in exc.problems]
            checked.unusable = True
            return checked
        checked.pointable = not tree.docinfo.doctype
        text = _decoded(data, tree.docinfo.encoding)  # (the bytes parsed: read once)
        where = Locator(tree, text)
        duplicates, problems = _duplicate_ids(path, tree, where)
        for schema in self.schemas:
            try:
                problems.extend(schema.check(path, tree, where, duplicates))
            except TeiCablesError as exc:  # a schema that fails on this file (a foreign rule)
                problems.extend(exc.problems)
                checked.unusable = True
        if self.edition_rules:
            self.pointers.consulted.clear()
            found, checked.pointing = self.pointers.check(path, tree, where)
            checked.consulted = sorted(self.pointers.consulted)
            problems.extend(found)
            checked.cables = edition_rules.cable_numbers(tree, where)
        checked.problems = sorted(problems, key=lambda p: (p.line, p.column))
        return checked


def _decoded(data: bytes, encoding: str | None) -> str:
    """The file's text in its own encoding (a UTF-8 byte order mark dropped), for columns."""
    encoding = (encoding or "utf-8").lower()
    if encoding in ("utf-8", "utf8"):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _duplicate_ids(path: str, tree: etree._ElementTree,
                   where: Locator) -> tuple[set[etree._Element], list[Problem]]:
    """A repeated xml:id, reported where it repeats (libxml2 would refuse the whole file)."""
    first: dict[str, etree._Element] = {}
    repeated: set[etree._Element] = set()
    problems = []
    for node in tree.getroot().iter():
        if not isinstance(node.tag, str):
            continue
        ident = node.get(f"{{{XML_NS}}}id")
        if ident is None:
            continue
        if ident in first:
            repeated.add(node)
            line, column = where.where(node, "xml:id")
            problems.append(Problem(path, line, column, f'xml:id "{ident}" is already the id '
                                    f"of the {etree.QName(first[ident]).localname} on line "
                                    f"{first[ident].sourceline}", "error", "xml-id-unique"))
        else:
            first[ident] = node
    return repeated, problems


_VALIDATORS: dict[Options, Validator] = {}


def _check_task(options: Options, path: str) -> Checked:
    """Check one file (in whatever process runs it: the schemas compiled once there)."""
    if options not in _VALIDATORS:
        _VALIDATORS.clear()
        _VALIDATORS[options] = Validator(options)  # a broken schema: raised, located
    return _VALIDATORS[options].check(path)


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Folders stand for the XML files in them (in name order); files are kept as given."""
    forget()  # (links looked up again: they may have changed since the last run)
    files: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            files.extend(str(f) for f in sorted(p.glob("*.xml")))
        else:
            files.append(str(p))
    seen: set[str] = set()
    unique = []
    for f in files:  # a file given twice (as itself and in its folder) is checked once
        real = real_path(f)
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique


def validate(paths: Iterable[str | os.PathLike[str]], options: Options = Options(),
             jobs: int = 1, runner: Runner | None = None,
             cache: Path | None = None) -> Report:
    """Check ``paths`` (files, or folders of *.xml) and report every problem found.

    The files are checked on ``runner`` (local processes or a Dask cluster: tei.parallel),
    else on ``jobs`` local processes started fresh (a process forked from one that already
    runs Saxon is slower). Raises :class:`TeiCablesError` (located) when a schema itself is
    unusable. ``cache``: a file where each file's check is kept, and taken again while the
    file, the files its check looked into, the schemas and the validator are as they were
    (:mod:`tei.validate.cache`).
    """
    files = expand(paths)
    kept = Kept.load(cache, options) if cache is not None else None
    found = {f: kept.get(f) for f in files} if kept is not None else {}
    todo = [f for f in files if found.get(f) is None]
    few = len(todo) < PARALLEL_FROM  # checked here: starting workers would cost more
    if runner is None or (few and not runner.distributed and runner.jobs > 1):
        with Runner(1 if few else jobs) as own:
            return _validate(files, found, todo, options, own, kept)
    return _validate(files, found, todo, options, runner, kept)


def _validate(files: list[str], found: dict[str, Checked | None], todo: list[str],
              options: Options, runner: Runner, kept: Kept | None) -> Report:
    fresh = dict(zip(todo, runner.map(_check_task, todo, options), strict=True))
    checked = [fresh.get(f) or found[f] for f in files]
    if kept is not None:
        kept.save(checked)
    if not options.schemas:
        edition_rules.across_files(checked)
    return Report(checked)


def edition_files(edition_root: Path) -> list[Path]:
    """The TEI files of an edition: its documents and its register of persons."""
    from ..edition import load_edition

    edition = load_edition(edition_root)
    files = sorted(edition.tei_dir.glob("*.xml"))
    if edition.persons_path.is_file():
        files.append(edition.persons_path)
    return files


def imported_files(edition_root: Path) -> list[Path]:
    """The documents the edition imported from other archives (``edition/imported/*.xml``;
    none when the folder does not exist)."""
    from ..edition import load_edition

    folder = load_edition(edition_root).imported_dir
    return sorted(folder.glob("*.xml")) if folder.is_dir() else []


#: How a departure of an imported document from TEI is reported: it is published as received.
AS_RECEIVED = " (imported: published as received)"


def as_received(report: Report) -> Report:
    """The report of imported documents, their departures from the exchange schema made
    warnings (the edition publishes them as their archive sent them); a file that cannot be
    read at all stays an error."""
    files = []
    for checked in report.files:
        problems = checked.problems if checked.unusable else [
            Problem(p.file, p.line, p.column, p.message + AS_RECEIVED, "warning", p.rule)
            if p.severity == "error" else p for p in checked.problems]
        files.append(Checked(checked.path, problems, checked.unusable, checked.cables))
    return Report(files)


def validate_edition(edition_root: Path, options: Options = Options(), jobs: int = 1,
                     runner: Runner | None = None, cache: Path | None = None) -> Report:
    """The whole edition checked: its own documents and register against the edition's
    schemas (``options``), the documents imported from other archives against the exchange
    schema (all of TEI P5), their departures warnings (:func:`as_received`). ``cache``: a
    folder where the checks are kept for the next run (see :func:`validate`)."""
    from ..schema import EXCHANGE_SCHEMAS

    own = cache / "edition.json" if cache is not None else None
    report = validate(edition_files(edition_root), options, jobs, runner, own)
    imported = imported_files(edition_root)
    if imported:
        received = as_received(validate(
            imported, Options(schemas=tuple(map(str, EXCHANGE_SCHEMAS))), jobs, runner,
            cache / "imported.json" if cache is not None else None))
        report = Report(report.files + received.files)
    return report

