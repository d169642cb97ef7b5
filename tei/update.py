"""Re-conversion that keeps hand corrections (``tei build tei --update``): a three-way merge.

For each document the converter writes, three versions:

- **base**: what the converter wrote the last time, kept in the edition
  (``<edition>/.converted/NAME.xml``, committed with it, so it survives a clone);
- **ours**: the file in ``<edition>/tei/``, as the editor corrected it;
- **theirs**: what the converter writes now.

They are merged on the lines of the indented TEI (``merge3``, the merge of Breezy/bzr): a
change on one side only is taken; changes on both sides that do not touch each other are
both kept. ``merge3`` counts two changes as touching when no unchanged line lies between
them: a correction on the line next to one the converter changes, or in another sentence of
the paragraph it changes, would be a conflict. Such a block of lines is merged again, finer:
on its tags and sentences (the units an editor corrects), so that only changes to the same
tag or the same sentence conflict. A conflict leaves the editor's file as it is, writes the
converter's proposal beside it (``NAME.xml.proposed``) and is reported with its place and
both versions. A merge that is not well-formed, or not valid against the edition's schema,
counts as a conflict too: nothing invalid is written.

Why lines and not the tree: the indented TEI puts each element of text (a paragraph, a
speaker's turn, a header field) on a line of its own. Measured on a shipped cable
(tests/test_update.py, test_the_measure_lines_tree_and_lines_refined), against a tree merge
(``xmldiff``: the editor's edits, diffed from base to ours, patched onto the new conversion):

- 8 corrections away from the converter's change (a word, a note, an attribute, an element;
  against a paragraph's text changed, and an element added before them): lines, lines
  refined and the tree are all right, 8 of 8;
- 8 corrections next to it (the line above or below, another sentence of the paragraph, its
  attribute, a note at its end, an element in it; the turn's start tag the converter adds to):
  lines alone give 8 false conflicts; lines refined are right in 7, 1 false conflict (the
  start tag changed, and the converter's element put right after it); the tree merge is
  right in 5 and wrong in 3, unseen (twice the editor's paragraph written over the
  converter's; once the correction patched onto the element the converter added, which is
  lost: xmldiff's edits address elements by position);
- 2 changes of one sentence on both sides: lines (refined or not) report both conflicts,
  located; the tree merge loses the converter's change both times, unseen.

A false conflict costs the editor a look at the proposal; a wrong merge loses a change
without a word. The tree merge has no false conflict but 5 wrong merges of 18; lines refined
1 false conflict and none wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from merge3 import Merge3

from .errors import Problem, TeiCablesError
from .xmlio import parse_bytes, with_xml_models, without_xml_models, write_atomic

#: Where the converter's last output is kept, in the edition's folder.
BASE_DIR = ".converted"
#: The suffix of a proposal written beside a document whose merge conflicted.
PROPOSAL = ".proposed"


@dataclass
class Merged:
    """The outcome of merging one document."""

    name: str
    #: "same" (nothing to do), "new", "converter" (the editor had not changed it: the new
    #: conversion taken whole), "merged" (both sides' changes), "kept" (only the editor's
    #: changes: the converter's output is unchanged), "conflict", "no-base" (corrected, and
    #: no record of the converter's last output to merge from)
    state: str
    text: bytes | None = None  # the document to write into the edition (without PIs)
    problems: list[Problem] = field(default_factory=list)


#: The units of the finer merge: a tag, a run of white space, or text up to the end of a
#: sentence (a full stop, question or exclamation mark before white space) or to a tag; a
#: "<" that opens no tag (the editor's file may be broken) is a unit of its own, so that the
#: units always join into the bytes they were cut from.
_UNIT = re.compile(rb"<[^>]*>|\s+|[^<\s](?:[^<]*?[.!?](?=\s)|[^<]*)|<")


def _units(lines: list[bytes]) -> list[bytes]:
    """``lines`` cut into units; joined again, they are the same bytes."""
    return _UNIT.findall(b"".join(lines))


def _merge(base: list[bytes], ours: list[bytes], theirs: list[bytes], finer: bool,
           ) -> tuple[list[bytes], list[tuple[list[bytes], list[bytes], list[bytes]]]]:
    """merge3 on the sequences given (lines, or units with ``finer=False``).

    Gives the merged sequence and the conflicts, each as (ours before it, ours, theirs). With
    ``finer``, a conflicting block of lines is merged again on its units first."""
    merge = Merge3(base, ours, theirs)
    out: list[bytes] = []
    conflicts = []
    for region in merge.merge_regions():
        kind = region[0]
        if kind == "unchanged":
            out += merge.base[region[1]:region[2]]
        elif kind in ("a", "same"):
            out += merge.a[region[1]:region[2]]
        elif kind == "b":
            out += merge.b[region[1]:region[2]]
        else:  # both sides changed this block
            _, z0, z1, a0, a1, b0, b1 = region
            if finer:
                units, left = _merge(_units(merge.base[z0:z1]), _units(merge.a[a0:a1]),
                                     _units(merge.b[b0:b1]), finer=False)
                if not left:
                    out.append(b"".join(units))
                conflicts += [(merge.a[:a0] + before, yours, converters)
                              for before, yours, converters in left]
            else:
                conflicts.append((merge.a[:a0], merge.a[a0:a1], merge.b[b0:b1]))
    return out, conflicts


def _lines(data: bytes) -> list[bytes]:
    return without_xml_models(data).splitlines(keepends=True)


def _text(lines: list[bytes]) -> str:
    return " ".join(b"".join(lines).decode("utf-8", "replace").split())


def _show_pair(ours: list[bytes], theirs: list[bytes], context: int = 50) -> tuple[str, str]:
    """The two versions of a conflict where they differ, with a little context each side
    (a paragraph is one long line: the difference is what the editor needs to see)."""
    a, b = _text(ours), _text(theirs)
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    begin = max(0, start - context)

    def cut(text: str) -> str:
        stop = min(len(text), len(text) - end + context)
        return (("…" if begin else "") + text[begin:stop]
                + ("…" if stop < len(text) else "")) or "(nothing)"

    return cut(a), cut(b)


def merge_document(name: str, path: str, base: bytes | None, ours: bytes | None,
                   theirs: bytes, finer: bool = True) -> Merged:
    """Merge one document's three versions (bytes; their xml-model PIs are ignored).

    ``path`` is where the editor's file lies, for the messages. ``finer=False`` merges on
    lines alone (measured beside the finer merge in the tests; not used otherwise)."""
    theirs_text = without_xml_models(theirs)
    if ours is None:
        return Merged(name, "new", theirs_text)
    ours_text = without_xml_models(ours)
    if ours_text == theirs_text:
        return Merged(name, "same", ours_text)
    if base is None:
        return Merged(name, "no-base", None, [Problem(
            path, 1, 1, "differs from what the converter writes now, and the edition keeps no "
            f"record of what it wrote before ({BASE_DIR}/{name}): kept as it is; the new "
            f"conversion is written beside it ({name}{PROPOSAL})", severity="warning",
            rule="update-no-base")])
    base_text = without_xml_models(base)
    if ours_text == base_text:
        return Merged(name, "converter", theirs_text)
    if theirs_text == base_text:
        return Merged(name, "kept", ours_text)
    # the editor's file's lines, as the messages count them: its xml-model PIs included
    offset = ours.count(b"\n") - ours_text.count(b"\n")
    out, conflicts = _merge(_lines(base_text), _lines(ours_text), _lines(theirs_text), finer)
    problems = []
    for before, yours_part, converters_part in conflicts:
        yours, converters = _show_pair(yours_part, converters_part)
        # the line of the editor's file where the conflict starts (past its white space)
        lead = b"".join(yours_part)
        line = b"".join(before).count(b"\n") + lead[:len(lead) - len(lead.lstrip())].count(
            b"\n") + 1
        problems.append(Problem(
            path, offset + line, 1,
            f"conflict: you changed lines the converter changes too; yours: "
            f"«{yours}»; the converter's: «{converters}» "
            f"(its whole proposal: {name}{PROPOSAL})", severity="warning",
            rule="update-conflict"))
    if problems:
        return Merged(name, "conflict", None, problems)
    text = b"".join(out)
    try:
        parse_bytes(text, path)
    except TeiCablesError as exc:
        return Merged(name, "conflict", None, [Problem(
            path, exc.problems[0].line, exc.problems[0].column, f"conflict: the merge of your "
            f"changes and the converter's is not well-formed ({exc.problems[0].message}): "
            f"kept as it is (the converter's proposal: {name}{PROPOSAL})", severity="warning",
            rule="update-conflict")])
    return Merged(name, "merged", text)


@dataclass
class UpdateReport:
    """What ``update_edition`` did, document by document."""

    results: list[Merged] = field(default_factory=list)

    def count(self, *states: str) -> int:
        return sum(r.state in states for r in self.results)

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]


def record_base(edition_root: Path, name: str, converted: bytes) -> None:
    """Keep ``converted`` as the converter's last output of ``name`` (without PIs)."""
    target = Path(edition_root) / BASE_DIR / name
    data = without_xml_models(converted)
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)


class ConvertedFolder(Mapping[str, bytes]):
    """The converter's output folder as name -> bytes, each file read when it is asked for:
    an edition's 10,000 documents are never held at once."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.names = sorted(p.name for p in self.folder.glob("*.xml"))
        self._known = frozenset(self.names)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._known:
            raise KeyError(name)
        return (self.folder / name).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def update_edition(edition_root: Path, tei_dir: Path, built: Mapping[str, bytes],
                   models: list[str], check=None) -> UpdateReport:
    """Merge each newly converted document (``built``: name -> bytes) into ``tei_dir``.

    ``models`` are the xml-model PIs of a file in ``tei_dir``; ``check(name, text)`` returns
    the problems of a merged document (its validation), which make it a conflict."""
    report = UpdateReport()
    for name in sorted(built):
        ours_path = tei_dir / name
        base_path = Path(edition_root) / BASE_DIR / name
        theirs = built[name]
        result = merge_document(
            name, str(ours_path), base_path.read_bytes() if base_path.is_file() else None,
            ours_path.read_bytes() if ours_path.is_file() else None, theirs)
        if result.state == "merged" and check is not None:
            invalid = check(name, with_xml_models(result.text, models))
            if invalid:
                result = Merged(name, "conflict", None, [Problem(
                    str(ours_path), p.line, p.column, f"conflict: the merge of your changes "
                    f"and the converter's would not be valid: {p.message}; kept as it is "
                    f"(the converter's proposal: {name}{PROPOSAL})", severity="warning",
                    rule="update-conflict") for p in invalid])
        proposal = tei_dir / (name + PROPOSAL)
        if result.state in ("conflict", "no-base"):
            write_atomic(proposal, with_xml_models(theirs, models))
        else:
            if result.state in ("new", "converter", "merged"):
                tei_dir.mkdir(parents=True, exist_ok=True)
                write_atomic(ours_path, with_xml_models(result.text, models))
            record_base(edition_root, name, theirs)
            if proposal.is_file():
                proposal.unlink()
        report.results.append(result)
    return report
