"""Orchestration of ``tei convert``: read every source, index the batch, encode, write.

Reading and encoding are pure per document; a batch reads all sources first (the links between
documents need the whole batch), then encodes and writes each document, in parallel processes
when asked. A file is written atomically: on error nothing half-written is left behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .edition import Edition
from .encode import encode_document
from .encode.links import EditionIndex, build_index
from .encode.persons import Register
from .errors import Problem, TeiCablesError
from .model import Document
from .sources import read_document
from .xmlio import serialize, write_atomic


@dataclass
class Outcome:
    """What converting one source gave: the file written, or the problems that stopped it."""

    source: str
    output: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.output is not None and not any(p.severity == "error" for p in self.problems)


def _read(path: str, layout: str | None) -> Document | Outcome:
    try:
        return read_document(path, layout)
    except TeiCablesError as exc:
        return Outcome(path, None, exc.problems)


def to_tei(doc: Document, edition: Edition, register: Register, index: EditionIndex) -> bytes:
    """The TEI file of one document, as bytes (what ``tei convert`` writes)."""
    return serialize(encode_document(doc, edition, register, index).tree)


def _encode_and_write(doc: Document, edition: Edition, register: Register, index: EditionIndex,
                      outdir: str, strict: bool) -> Outcome:
    try:
        encoded = encode_document(doc, edition, register, index)
    except TeiCablesError as exc:
        return Outcome(doc.source, None, exc.problems)
    problems = encoded.problems
    if strict:
        problems = [Problem(p.file, p.line, p.column, p.message, "error", p.rule)
                    for p in problems]
        if problems:
            return Outcome(doc.source, None, problems)
    target = Path(outdir) / f"{doc.id}.xml"
    write_atomic(target, serialize(encoded.tree))
    return Outcome(doc.source, str(target), problems)


_WORKER: dict = {}


def _chunk(n: int, jobs: int) -> int:
    """Tasks per hand-over to a worker: few enough hand-overs, still balanced at the end."""
    return max(1, min(64, n // (jobs * 8)))


def _init_worker(edition: Edition, index: EditionIndex, outdir: str, strict: bool) -> None:
    _WORKER.update(edition=edition, index=index, outdir=outdir, strict=strict,
                   register=Register(edition.persons_path))


def _work(doc: Document) -> Outcome:
    w = _WORKER
    return _encode_and_write(doc, w["edition"], w["register"], w["index"], w["outdir"],
                             w["strict"])


def convert(sources: Iterable[str | os.PathLike[str]], outdir: str | os.PathLike[str],
            edition: Edition, *, jobs: int = 1, layout: str | None = None, strict: bool = False,
            progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Convert ``sources`` into ``outdir``: one outcome per source, in the order given."""
    paths = [str(s) for s in sources]
    tick = progress or (lambda n: None)
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(jobs) as pool:
            read = list(pool.map(_read, paths, [layout] * len(paths),
                                 chunksize=_chunk(len(paths), jobs)))
    else:
        read = [_read(p, layout) for p in paths]
    docs = [d for d in read if isinstance(d, Document)]
    outcomes: dict[str, Outcome] = {o.source: o for o in read if isinstance(o, Outcome)}
    tick(len(outcomes))
    seen: dict[str, str] = {}
    for doc in docs:
        if doc.id in seen:
            outcomes[doc.source] = Outcome(doc.source, None, [Problem(
                doc.source, 1, 1, f"same document id '{doc.id}' as {seen[doc.id]}: two sources "
                "of one document", rule="duplicate")])
        seen.setdefault(doc.id, doc.source)
    docs = [d for d in docs if d.source not in outcomes]
    index = build_index(docs)
    register = Register(edition.persons_path)
    if jobs > 1 and len(docs) > 1:
        with ProcessPoolExecutor(jobs, initializer=_init_worker,
                                 initargs=(edition, index, str(outdir), strict)) as pool:
            for outcome in pool.map(_work, docs, chunksize=_chunk(len(docs), jobs)):
                outcomes[outcome.source] = outcome
                tick(1)
    else:
        for doc in docs:
            outcome = _encode_and_write(doc, edition, register, index, str(outdir), strict)
            outcomes[outcome.source] = outcome
            tick(1)
    return [outcomes[p] for p in paths]
