"""``tei validate``: check TEI files against the edition's schemas (or any other), reporting
every problem as ``file:line:column: severity: message [rule]``.

:func:`validate` is the entry point for other commands (``tei build``): give it paths, get a
:class:`Report` with the located problems and the exit status (0 valid, 1 invalid, 2 unusable).
Schemas are compiled once per process; files are checked in parallel processes when there are
many.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import TEI_NS, XML_NS, edition_rules
from .errors import Problem, TeiCablesError
from .locate import Locator
from .messages import NOISE, GrammarInfo, diagnose, explain
from .schema import RNG, SCH, XSD
from .xmlio import parse_file

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


class _RelaxNG:
    def __init__(self, path: str | Path):
        tree = parse_file(path)
        try:
            self.schema = etree.RelaxNG(tree)
        except etree.RelaxNGParseError as exc:
            raise TeiCablesError(Problem(str(path), 0, 0, f"not a usable RELAX NG schema: "
                                         f"{exc}", rule="schema")) from exc
        # the wording needs the whole grammar in one file (tei_all and ours are); a grammar
        # that includes others gets libxml2's own words
        spread = tree.getroot().find(".//{http://relaxng.org/ns/structure/1.0}include")
        spread = spread if spread is not None else tree.getroot().find(
            ".//{http://relaxng.org/ns/structure/1.0}externalRef")
        self.info = GrammarInfo(tree) if spread is None else None
        self.name = Path(path).name

    def check(self, file: str, tree: etree._ElementTree, where: Locator,
              duplicate_ids: set[etree._Element]) -> list[Problem]:
        self.schema.validate(tree)
        entries = list(self.schema.error_log)
        causes = [e for e in entries if not NOISE.search(e.message)]
        problems: list[Problem] = []
        for entry in causes or entries:
            node = where.at_xpath(entry.path)
            if node in duplicate_ids and "Invalid attribute id" in entry.message:
                continue  # reported as [xml-id-unique]
            message, rule, attribute, node = explain(entry.message, node, self.info)
            if rule == "rng" and node is not None and any(
                    d is node or node in d.iterancestors() for d in duplicate_ids):
                continue  # libxml2's echo of a repeated xml:id inside: [xml-id-unique] says it
            line, column = where.where(node, attribute) if node is not None else \
                (entry.line, entry.column)
            problem = Problem(file, line or entry.line, column, message, "error", rule)
            if problem not in problems:
                problems.append(problem)
        if entries and self.info is not None:  # libxml2 stops at an element's first error
            seen = {(p.line, p.column, p.rule) for p in problems}
            for message, rule, attribute, node in diagnose(tree.getroot(), self.info):
                if node in duplicate_ids and attribute == "xml:id":
                    continue
                line, column = where.where(node, attribute)
                if (line, column, rule) not in seen:
                    seen.add((line, column, rule))
                    problems.append(Problem(file, line, column, message, "error", rule))
        return problems


class _Xsd:
    def __init__(self, path: str | Path):
        import xmlschema

        try:
            # local files only, XML read defused: an XSD never makes us touch the network
            self.schema = xmlschema.XMLSchema(str(path), allow="local", defuse="always")
        except (xmlschema.XMLSchemaException, OSError, etree.XMLSyntaxError) as exc:
            raise TeiCablesError(Problem(str(path), 0, 0, f"not a usable XSD: {exc}",
                                         rule="schema")) from exc

    def check(self, file: str, tree: etree._ElementTree, where: Locator,
              duplicate_ids: set[etree._Element]) -> list[Problem]:
        problems = []
        for error in self.schema.iter_errors(tree):
            node = error.elem if isinstance(error.elem, etree._Element) else None
            if node in duplicate_ids and "duplicate" in str(error.reason or "").lower():
                continue
            reason = _xsd_reason(str(error.reason or error.message))
            index = getattr(error, "index", None)
            children = [c for c in node if isinstance(c.tag, str)] if node is not None else []
            attribute = re.match(r"attribute (\S+)=|'(\S+)' attribute not allowed", reason)
            name = etree.QName(node).localname if node is not None else "?"
            if isinstance(index, int) and 0 <= index < len(children) and "Unexpected" in reason:
                node = children[index]  # point at the child refused, not at its parent
            line, column = where.where(node, next(filter(None, attribute.groups()), "")
                                       if attribute else "")
            problems.append(Problem(file, line, column, f'"{name}": {reason}', "error", "xsd"))
        return problems


def _xsd_reason(reason: str) -> str:
    """xmlschema's reason without namespace noise ({http://www.tei-c.org/ns/1.0}, ns1:)."""
    reason = reason.replace(f"{{{TEI_NS}}}", "")
    reason = re.sub(r"\bns\d+:", "", reason)
    return " ".join(reason.split())


class _Schematron:
    def __init__(self, path: str | Path, skip: frozenset[str]):
        from .schema.schematron import Schematron

        self.schematron = Schematron(path, skip)

    def check(self, file: str, tree: etree._ElementTree, where: Locator,
              duplicate_ids: set[etree._Element]) -> list[Problem]:
        problems = []
        for failure in self.schematron.run(tree, Path(file).resolve().as_uri()):
            node = where.element(failure.element)
            line, column = where.where(node, failure.attribute)
            severity = "warning" if failure.role in ("warning", "warn", "info") else "error"
            problems.append(Problem(file, line, column, failure.message, severity,
                                    failure.rule))
        return problems


def _schema(path: str) -> _RelaxNG | _Xsd | _Schematron:
    suffix = Path(path).suffix.lower()
    if suffix == ".rng":
        return _RelaxNG(path)
    if suffix == ".xsd":
        return _Xsd(path)
    if suffix == ".sch":
        return _Schematron(path, frozenset())
    raise TeiCablesError(Problem(path, 0, 0, "unknown kind of schema: expected a RELAX NG "
                                 "(.rng), XSD (.xsd) or Schematron (.sch) file", rule="schema"))


class Validator:
    """The schemas of a run, compiled once."""

    def __init__(self, options: Options = Options()):
        self.options = options
        if options.schemas:
            self.schemas = [_schema(s) for s in options.schemas]
            self.edition_rules = False
        else:
            self.schemas = [_RelaxNG(RNG), _Schematron(SCH, edition_rules.RULES)]
            if options.xsd:
                self.schemas.append(_Xsd(XSD))
            self.edition_rules = True
        self.pointers = edition_rules.FilePointers()

    def check(self, path: str) -> Checked:
        checked = Checked(path)
        try:
            tree = parse_file(path, collect_ids=False)
        except TeiCablesError as exc:
            checked.problems = [Problem(p.file, p.line, p.column, p.message, p.severity,
                                        p.rule or "well-formed") for p in exc.problems]
            checked.unusable = True
            return checked
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
        where = Locator(tree, text)
        duplicates, problems = _duplicate_ids(path, tree, where)
        for schema in self.schemas:
            try:
                problems.extend(schema.check(path, tree, where, duplicates))
            except TeiCablesError as exc:  # a schema that fails on this file (a foreign rule)
                problems.extend(exc.problems)
                checked.unusable = True
        if self.edition_rules:
            problems.extend(self.pointers.check(path, tree, where))
            checked.cables = edition_rules.cable_numbers(tree, where)
        checked.problems = sorted(problems, key=lambda p: (p.line, p.column))
        return checked


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


_WORKER: dict[str, Validator] = {}


def _init_worker(options: Options) -> None:
    try:
        _WORKER["validator"] = Validator(options)
    except TeiCablesError as exc:  # handed to the parent with the first file, located
        _WORKER["error"] = exc


def _check_in_worker(path: str) -> Checked:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return _WORKER["validator"].check(path)


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Folders stand for the XML files in them (in name order); files are kept as given."""
    files: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            files.extend(str(f) for f in sorted(p.glob("*.xml")))
        else:
            files.append(str(p))
    seen: set[Path] = set()
    unique = []
    for f in files:  # a file given twice (as itself and in its folder) is checked once
        if Path(f).resolve() not in seen:
            seen.add(Path(f).resolve())
            unique.append(f)
    return unique


def validate(paths: Iterable[str | os.PathLike[str]], options: Options = Options(),
             jobs: int = 1) -> Report:
    """Check ``paths`` (files, or folders of *.xml) and report every problem found.

    Raises :class:`TeiCablesError` (located) when a schema itself is unusable.
    """
    files = expand(paths)
    if jobs > 1 and len(files) >= PARALLEL_FROM:
        checked = _in_parallel(files, options, jobs)
    else:
        validator = Validator(options)
        checked = [validator.check(f) for f in files]
    if not options.schemas:
        edition_rules.unique_cable_numbers(c for c in checked if not c.unusable)
    return Report(checked)


def _in_parallel(files: list[str], options: Options, jobs: int) -> list[Checked]:
    # workers start from a clean process: one forked from a process that already runs Saxon
    # (the caller may have) is slower than a fresh one
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(jobs, mp_context=mp.get_context(method),
                             initializer=_init_worker, initargs=(options,)) as pool:
        return list(pool.map(_check_in_worker, files,
                             chunksize=max(1, len(files) // (jobs * 4))))


def edition_files(edition_root: Path) -> list[Path]:
    """The TEI files of an edition: its documents and its register of persons."""
    from .edition import load_edition

    edition = load_edition(edition_root)
    files = sorted(edition.tei_dir.glob("*.xml"))
    if edition.persons_path.is_file():
        files.append(edition.persons_path)
    return files
