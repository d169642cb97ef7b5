"""The rules that reach beyond one file, checked by ``tei validate`` in Python.

``schema/tei-cables.sch`` states them too, for an XML editor (with ``collection()`` and
``doc()``); run per file over a large edition those would read the edition once per file.
Here the cable numbers are gathered in one pass, and each file pointed to is read once per
process. The rule names and messages are the Schematron's (a test runs both on the fixtures).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from lxml import etree

from .. import TEI_NS, XML_NS
from ..errors import Problem, TeiCablesError
from ..xmlio import parse_file
from .locate import Locator

#: The rules of the Schematron that this module checks instead.
RULES = frozenset({"cable-number-unique", "pointer-file"})
POINTERS = ("who", "corresp", "ref", "target")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CABLE = f"{{{TEI_NS}}}msIdentifier/{{{TEI_NS}}}altIdentifier[@type='cable']/{{{TEI_NS}}}idno"


class HasCables(Protocol):
    path: str
    problems: list[Problem]
    cables: list[tuple[str, int, int]]


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
    of a file is its folder: the files checked and the other TEI files beside them."""
    files = list(files)
    numbers: dict[str, list[str]] = defaultdict(list)
    checked = {str(Path(f.path).resolve()) for f in files}
    for f in files:
        for number, _, _ in f.cables:
            numbers[number].append(f.path)
    for folder in sorted({Path(f.path).resolve().parent for f in files}):
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


class FilePointers:
    """[pointer-file]: a pointer to another file names a file of the edition that exists, and
    the xml:id after '#' is in it. Each file pointed to is read once."""

    def __init__(self) -> None:
        self._ids: dict[Path, frozenset[str] | None] = {}

    def ids(self, path: Path) -> frozenset[str] | None:
        """The xml:ids of the XML file at ``path``; None when it is not a readable XML file
        (or declares a DOCTYPE, which is never followed)."""
        if path not in self._ids:
            try:
                tree = parse_file(path, collect_ids=False) if path.is_file() else None
            except TeiCablesError:
                tree = None
            if tree is None or tree.docinfo.doctype:
                self._ids[path] = None
            else:
                self._ids[path] = frozenset(
                    n.get(f"{{{XML_NS}}}id") for n in tree.getroot().iter()
                    if isinstance(n.tag, str) and n.get(f"{{{XML_NS}}}id") is not None)
        return self._ids[path]

    def check(self, file: str, tree: etree._ElementTree, where: Locator) -> list[Problem]:
        folder = Path(file).resolve().parent
        problems = []
        for node in tree.getroot().iter():
            if not isinstance(node.tag, str):
                continue
            for name in POINTERS:
                value = node.get(name)
                if not value:
                    continue
                bad = [p for p in value.split() if not p.startswith("#")
                       and not _SCHEME.match(p) and not self._resolves(folder, p)]
                if bad:
                    line, column = where.where(node, name)
                    problems.append(Problem(
                        file, line, column, f"@{name} of {etree.QName(node).localname} points "
                        f"to {' '.join(bad)}, which is not a file of the edition (or has no "
                        "such xml:id)", "error", "pointer-file"))
        return problems

    def _resolves(self, folder: Path, pointer: str) -> bool:
        target, _, fragment = pointer.partition("#")
        ids = self.ids((folder / unquote(target)).resolve())
        return ids is not None and (not fragment or fragment in ids)
