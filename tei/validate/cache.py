"""Each file's check kept for the next run (``tei build validate``): at 10,000 cables a build
after one correction checked every file again (47 s on two cores); now only what changed.

A kept check is taken again only while everything it was made from is as it was: the file's
bytes, the bytes of every file its check looked into (the register, for the xml:id a pointer
names), and the setup (the toolkit's version, the validator's code, the schemas and the
options). The rules across files (cable numbers unique, pointers by file name) are not kept:
they are settled again from the run's checks every time (:func:`edition_rules.across_files`).
The record is a JSON file written atomically; one that cannot be read is a record of
nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import Problem
from ..xmlio import write_atomic
from .edition_rules import Pointing

if TYPE_CHECKING:
    from . import Checked, Options

#: Bumped when what is kept changes shape.
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]
#: The code a check's outcome depends on (its words, its rules, its parsing).
_CODE = ("validate/*.py", "schema/schematron.py", "schema/__init__.py", "xmlio.py",
         "errors.py")


def _key(file: str | Path) -> str:
    """A file's name in the record: absolute (not resolved: a run names its files as the
    last did, and resolving every link of every path of 10,000 costs a second)."""
    return os.path.abspath(file)


def _sha(path: str | Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def setup(options: Options) -> str:
    """What every check depends on besides its own file."""
    from ..schema import RNG, SCH, XSD

    schemas = ([Path(s) for s in options.schemas] if options.schemas
               else [RNG, SCH, *([XSD] if options.xsd else [])])
    digest = hashlib.sha256(f"{FORMAT} {__version__} {options.xsd}".encode())
    code = sorted(p for pattern in _CODE for p in _PACKAGE.glob(pattern))
    for path in [*code, *schemas]:
        digest.update(str(path).encode() + b"\0" + (_sha(path) or "missing").encode())
    return digest.hexdigest()


class Kept:
    """The checks of the last run, by file (its absolute path)."""

    def __init__(self, path: Path, setup: str, entries: dict[str, dict[str, Any]]):
        self.path = path
        self.setup = setup
        self.entries = entries
        self._shas: dict[str, str | None] = {}

    @classmethod
    def load(cls, path: Path, options: Options) -> Kept:
        """The record at ``path`` (empty when missing, unreadable or of another setup)."""
        now = setup(options)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["files"] if data.get("setup") == now else {}
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}
        return cls(path, now, entries)

    def sha(self, file: str | Path) -> str | None:
        """The hash of ``file``'s bytes now (read once in a run)."""
        key = _key(file)
        if key not in self._shas:
            self._shas[key] = _sha(key)
        return self._shas[key]

    def get(self, file: str) -> Checked | None:
        """The kept check of ``file`` (named as given), if nothing it was made from changed."""
        entry = self.entries.get(_key(file))
        if not isinstance(entry, dict):
            return None
        try:
            sha = self.sha(file)
            if sha is None or entry["sha"] != sha or any(
                    self.sha(other) != other_sha for other, other_sha in
                    entry["consulted"].items()):
                return None
            return _checked(entry["checked"], entry["path"], file)
        except (KeyError, TypeError, ValueError):
            return None  # a record of another shape: checked again

    def save(self, checked: list[Checked]) -> None:
        """Keep the checks of this run (before the rules across files add to them)."""
        files = {}
        for c in checked:
            if c.sha is not None:  # (the bytes its check read: not read again)
                self._shas.setdefault(_key(c.path), c.sha)
            sha = c.sha or self.sha(c.path)
            if sha is None:
                continue
            files[_key(c.path)] = {
                "path": c.path, "sha": sha,
                "consulted": {other: self.sha(other) for other in c.consulted},
                "checked": _record(c)}
        with contextlib.suppress(OSError):  # not kept: the next run checks again
            write_atomic(self.path, json.dumps({"setup": self.setup, "files": files},
                                               ensure_ascii=False,
                                               separators=(",", ":")).encode("utf-8"))


def _record(c: Checked) -> dict[str, Any]:
    return {"problems": [[p.file, p.line, p.column, p.message, p.severity, p.rule]
                         for p in c.problems],
            "unusable": c.unusable, "cables": c.cables, "pointable": c.pointable,
            "consulted": c.consulted,
            "pointing": [[p.file, p.line, p.column, p.attribute, p.element,
                          [list(x) for x in p.pointers]] for p in c.pointing]}


def _checked(record: dict[str, Any], was: str, now: str) -> Checked:
    """A kept check, its problems named by the file as it is given now."""
    from . import Checked

    def name(file: str) -> str:
        return now if file == was else file

    return Checked(
        now,
        [Problem(name(f), int(line), int(column), str(message), str(severity), rule)
         for f, line, column, message, severity, rule in record["problems"]],
        bool(record["unusable"]),
        [(str(n), int(line), int(column)) for n, line, column in record["cables"]],
        [Pointing(name(f), int(line), int(column), str(attribute), str(element),
                  tuple((str(p), t) for p, t in pointers))
         for f, line, column, attribute, element, pointers in record["pointing"]],
        bool(record["pointable"]),
        [str(c) for c in record["consulted"]])
