"""The rules that reach beyond one file, checked by ``tei validate`` in Python.

``schema/tei-cables.sch`` states them too, for an XML editor (with ``collection()`` and
``doc()``); run per file over a large edition those would read the edition once per file.
Here the cable numbers are gathered in one pass; a file pointed to by name alone is looked up
among the files of the run when all are checked (read once, by its own check), and one pointed
to with an xml:id is read once per process. The rule names and messages are the Schematron's
(a test runs both on the fixtures).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from lxml import etree

from .. import TEI_NS, XML_NS
from ..errors import Problem, TeiCablesError
from ..xmlio import parse_file
from .locate import Locator
from .real_paths import forget, real_path

#: The rules of the Schematron that this module checks instead.
RULES = frozenset({"cable-number-unique", "pointer-file"})
POINTERS = ("who", "corresp", "ref", "target")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CABLE = f"{{{TEI_NS}}}msIdentifier/{{{TEI_NS}}}altIdentifier[@type='cable']/{{{TEI_NS}}}idno"


class HasCables(Protocol):
    path: str
    problems: list[Problem]
    cables: list[tuple[str, int, int]]
    unusable: bool


def cable_numbers(tree: etree._ElementTree,
                  where: Locator | None) -> list[tuple[str, int, int]]:
    """The cable numbers a document declares (msIdentifier/altIdentifier), with their place."""
    found = []
    for node in tree.getroot().iterfind(f".//{_CABLE}"):
        line, column = where.where(node) if where else (node.sourceline or 0, 0)
        found.append((" ".join("".join(node.itertext()).split()), line, column))
    return found


def unique_cable_numbers(files: Iterable[HasCables]) -> None:
    """[cable-number-unique]: no two files of the edition share a cable number. The edition
    of a file is its folder: the files checked and the other TEI files beside them (a file
    of the run that could not be read has no numbers, and is not read again)."""
    files = list(files)
    numbers: dict[str, list[str]] = defaultdict(list)
    checked = {real_path(f.path) for f in files}
    files = [f for f in files if not f.unusable]
    for f in files:
        for number, _, _ in f.cables:
            numbers[number].append(f.path)
    for folder in sorted({Path(os.path.dirname(real_path(f.path))) for f in files}):
        for other in sorted(folder.glob("*.xml")):
            if str(other) in checked:
                continue
            try:
                tree = parse_file(other, collect_ids=False)
            except TeiCablesError:
                continue  # not ours to report: it was not asked for
            for number, _, _ in cable_numbers(tree, None):
                numbers[number].append(str(other))
    for f in files:
        for number, line, column in f.cables:
            others = [Path(o).name for o in numbers[number] if o != f.path]
            if others:
                f.problems.append(Problem(f.path, line, column, f"cable number {number} is "
                                          f"also the number of {', '.join(others)}", "error",
                                          "cable-number-unique"))
                f.problems.sort(key=lambda p: (p.line, p.column))


@dataclass(frozen=True)
class Pointing:
    """An attribute that points to other files by name alone (no '#'), checked once the
    whole run is in (:func:`pointed_files`): whether a file of the run can be pointed to is
    known from its own check, so no file is read again for it. ``pointers`` are the
    attribute's pointers to files, each with the file it names (None: already known not to
    resolve, a missing xml:id)."""

    file: str
    line: int
    column: int
    attribute: str
    element: str
    pointers: tuple[tuple[str, str | None], ...]

    def problem(self, bad: list[str]) -> Problem:
        return Problem(self.file, self.line, self.column, f"@{self.attribute} of "
                       f"{self.element} points to {' '.join(bad)}, which is not a file of the "
                       "edition (or has no such xml:id)", "error", "pointer-file")


class FilePointers:
    """[pointer-file]: a pointer to another file names a file of the edition that exists, and
    the xml:id after '#' is in it. Each file pointed to with an xml:id is read once; a file
    pointed to by name alone is looked up at the end of the run (:class:`Pointing`)."""

    def __init__(self) -> None:
        #: by file: when it was read (its size and modification time), its ids
        self._ids: dict[Path, tuple[tuple[int, int] | None, frozenset[str] | None]] = {}
        #: the files looked into (for an xml:id) since this was last emptied
        self.consulted: set[str] = set()

    def ids(self, path: Path) -> frozenset[str] | None:
        """The xml:ids of the XML file at ``path``; None when it is not a readable XML file
        (or declares a DOCTYPE, which is never followed). Read again when it changed since
        (a validator lives as long as its process)."""
        self.consulted.add(str(path))
        try:
            stat = path.stat()
            now: tuple[int, int] | None = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            now = None
        kept = self._ids.get(path)
        if kept is None or kept[0] != now:
            try:
                tree = parse_file(path, collect_ids=False) if path.is_file() else None
            except TeiCablesError:
                tree = None
            if tree is None or tree.docinfo.doctype:
                kept = (now, None)
            else:
                kept = (now, frozenset(
                    n.get(f"{{{XML_NS}}}id") for n in tree.getroot().iter()
                    if isinstance(n.tag, str) and n.get(f"{{{XML_NS}}}id") is not None))
            self._ids[path] = kept
        return kept[1]

    def check(self, file: str, tree: etree._ElementTree,
              where: Locator) -> tuple[list[Problem], list[Pointing]]:
        """The problems found now, and the attributes left for the end of the run."""
        folder = Path(file).resolve().parent
        resolved: dict[str, Path] = {}  # (a register pointed to by most turns: once a file)
        problems: list[Problem] = []
        pending: list[Pointing] = []
        for node in tree.getroot().iter():
            if not isinstance(node.tag, str):
                continue
            for name in POINTERS:
                value = node.get(name)
                if not value:
                    continue
                pointers: list[tuple[str, str | None]] = []
                later = False
                for pointer in value.split():
                    if pointer.startswith("#") or _SCHEME.match(pointer):
                        continue
                    target, _, fragment = pointer.partition("#")
                    path = resolved.get(target) or resolved.setdefault(
                        target, (folder / unquote(target)).resolve())
                    if not fragment:
                        pointers.append((pointer, str(path)))
                        later = True
                    elif not self._resolves(path, fragment):
                        pointers.append((pointer, None))
                if not pointers:
                    continue
                line, column = where.where(node, name)
                pointing = Pointing(file, line, column, name, etree.QName(node).localname,
                                    tuple(pointers))
                if later:
                    pending.append(pointing)
                else:
                    problems.append(pointing.problem([p for p, _ in pointers]))
        return problems, pending

    def _resolves(self, path: Path, fragment: str) -> bool:
        ids = self.ids(path)
        return ids is not None and fragment in ids

    def readable(self, path: Path) -> bool:
        """Whether ``path`` is an XML file that can be pointed to."""
        return self.ids(path) is not None


class HasPointers(HasCables, Protocol):
    pointing: list[Pointing]
    pointable: bool


def pointed_files(files: Iterable[HasPointers]) -> None:
    """[pointer-file] for the pointers by file name alone: the file a pointer names is one
    of the run that could be read (and declares no DOCTYPE), or, outside the run, such a
    file read now (once)."""
    files = list(files)
    run = {real_path(f.path): f.pointable for f in files}
    outside = FilePointers()
    for f in files:
        if not f.pointing:
            continue
        for pointing in f.pointing:
            bad = [pointer for pointer, target in pointing.pointers
                   if target is None or not (run[target] if target in run
                                             else outside.readable(Path(target)))]
            if bad:
                f.problems.append(pointing.problem(bad))
        f.pointing = []
        f.problems.sort(key=lambda p: (p.line, p.column))


def across_files(files: Iterable[HasPointers]) -> None:
    """The rules across the files of a run, once every file is checked: cable numbers
    unique, pointers by file name to files that can be read."""
    files = list(files)
    forget()  # (links looked up again: they may have changed since the last run)
    unique_cable_numbers(files)
    pointed_files(files)
