"""Orchestration of ``tei convert``: read every source, index the batch, encode, write.

Reading and encoding are pure per document; a batch first gathers each source's index card (the
links between documents need the whole batch), then reads, encodes and writes each document, in
parallel processes when asked. A file is written atomically: on error nothing half-written is
left behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .edition import Edition
from .encode import encode_document
from .encode.links import Card, EditionIndex, build_index, card
from .encode.persons import Register
from .errors import Problem, TeiCablesError
from .model import Reading
from .parallel import Runner
from .schema import xml_models
from .sources import read_document
from .xmlio import serialize, write_atomic


@dataclass
class Outcome:
    """What converting one source gave: the file written, or the problems that stopped it;
    and what reading it found (for the editor's report)."""

    source: str
    output: str | None = None
    problems: list[Problem] = field(default_factory=list)
    id: str | None = None
    layout: str | None = None
    chrome_lines: int = 0  # lines left out as page chrome
    #: what reading found, for the editor's report (kept only when one is asked for: memory
    #: stays flat in the size of the batch otherwise)
    reading: Reading | None = None

    @property
    def ok(self) -> bool:
        return self.output is not None and not any(p.severity == "error" for p in self.problems)


def _internal(path: str, exc: Exception) -> Outcome:
    """A failure of the converter itself: a located error, never a traceback."""
    return Outcome(path, None, [Problem(path, 1, 1, f"internal error of the converter "
                                        f"({type(exc).__name__}: {exc}); please report it with "
                                        "this file", rule="internal")])


def _card(path: str, layout: str | None) -> Card | Outcome:
    try:
        return card(read_document(path, layout, heads_only=True))
    except TeiCablesError as exc:
        return Outcome(path, None, exc.problems)
    except Exception as exc:  # noqa: BLE001 - any input ends in a located message
        return _internal(path, exc)


def _unique(problems: list[Problem]) -> list[Problem]:
    """The problems once each (reading and encoding may both see a date that is no day)."""
    seen: set[tuple] = set()
    kept = []
    for p in problems:
        key = (p.line, p.message, p.rule)
        if key not in seen:
            seen.add(key)
            kept.append(p)
    return kept


def _encode_and_write(path: str, layout: str | None, edition: Edition, register: Register,
                      index: EditionIndex, outdir: str, strict: bool,
                      keep_reading: bool = False) -> Outcome:
    try:
        doc = read_document(path, layout)
        encoded = encode_document(doc, edition, register, index)
    except TeiCablesError as exc:
        return Outcome(path, None, exc.problems)
    except Exception as exc:  # noqa: BLE001 - any input ends in a located message
        return _internal(path, exc)
    reading = doc.reading
    problems = _unique([*(reading.problems if reading else []), *encoded.problems])
    outcome = Outcome(path, None, problems, doc.id, doc.layout,
                      len(reading.chrome) if reading else 0, reading if keep_reading else None)
    if strict and problems:
        outcome.problems = [Problem(p.file, p.line, p.column, p.message, "error", p.rule)
                            for p in problems]
        return outcome
    target = Path(outdir) / f"{doc.id}.xml"
    write_atomic(target, serialize(encoded.tree, xml_models(target.parent)))
    outcome.output = str(target)
    return outcome


@dataclass(frozen=True)
class _Batch:
    """What every document of a batch is encoded with (sent to each worker once)."""

    layout: str | None
    edition: Edition
    index: EditionIndex
    outdir: str
    strict: bool
    keep_reading: bool


_REGISTERS: dict[tuple[str, float], Register] = {}


def _register(path: Path) -> Register:
    """The register of persons, read once per process (and again when the file changes)."""
    key = (str(path), path.stat().st_mtime if path.is_file() else 0.0)
    if key not in _REGISTERS:
        _REGISTERS.clear()
        _REGISTERS[key] = Register(path)
    return _REGISTERS[key]


def _card_task(layout: str | None, path: str) -> Card | Outcome:
    return _card(path, layout)


def _encode_task(batch: _Batch, path: str) -> Outcome:
    return _encode_and_write(path, batch.layout, batch.edition,
                             _register(batch.edition.persons_path), batch.index, batch.outdir,
                             batch.strict, batch.keep_reading)


def convert(sources: Iterable[str | os.PathLike[str]], outdir: str | os.PathLike[str],
            edition: Edition, *, jobs: int = 1, layout: str | None = None, strict: bool = False,
            keep_reading: bool = False, progress: Callable[[int], None] | None = None,
            runner: Runner | None = None,
            only: Iterable[str | os.PathLike[str]] | None = None) -> list[Outcome]:
    """Convert ``sources`` into ``outdir``: one outcome per source, in the order given.

    Two passes over the sources: the first reads each one's record and heads into its index
    card (id, cable number, links), the second reads it whole, encodes it with the batch index
    and writes it. Reading twice costs less than keeping or shipping whole documents between
    processes, and memory stays flat however large the batch. ``keep_reading``: each outcome
    keeps what reading found (``Outcome.reading``, for ``--report``). The work runs on
    ``runner`` (local processes or a Dask cluster, see ``tei.parallel``), else on ``jobs``
    local processes; the output is the same whatever runs it.

    ``only``: encode and write only these of the sources (``tei serve --watch``, after a
    save); the index is still made from all of them, since a document's links depend on the
    others. The outcomes are those of ``only``, in the order of ``sources``.
    """
    if runner is None:
        with Runner(jobs) as own:
            return convert(sources, outdir, edition, layout=layout, strict=strict,
                           keep_reading=keep_reading, progress=progress, runner=own,
                           only=only)
    paths = [str(s) for s in sources]
    if only is not None:
        wanted = {str(s) for s in only}
        paths_out = [p for p in paths if p in wanted]
    else:
        paths_out = paths
    tick = progress or (lambda n: None)
    read = list(runner.map(_card_task, paths, layout))
    cards = [c for c in read if isinstance(c, Card)]
    outcomes: dict[str, Outcome] = {o.source: o for o in read if isinstance(o, Outcome)}
    tick(len(outcomes))
    seen: dict[str, str] = {}
    for c in cards:
        if c.id in seen:
            outcomes[c.source] = Outcome(c.source, None, [Problem(
                c.source, 1, 1, f"same document id '{c.id}' as {seen[c.id]}: two sources "
                "of one document", rule="duplicate")])
        seen.setdefault(c.id, c.source)
    cards = [c for c in cards if c.source not in outcomes]
    batch = _Batch(layout, edition, build_index(cards), str(outdir), strict, keep_reading)
    chosen = set(paths_out)
    todo = [c.source for c in cards if c.source in chosen]
    for outcome in runner.map(_encode_task, todo, batch):
        outcomes[outcome.source] = outcome
        tick(1)
    return [outcomes[p] for p in paths_out]
