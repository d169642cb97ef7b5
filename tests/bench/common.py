"""What the benchmarks of tests/bench share: the synthetic corpus and edition, a fresh process
per configuration (so that each has its own peak memory and starts cold), peak memory, tables.

Imported by the benchmarks as ``tests.bench.common`` (each puts the project root on
``sys.path`` first, so that they run as scripts and when loaded by tests/test_bench_smoke.py).
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def synth():
    """tests/synth.py, importable whether a benchmark runs as a script or is imported."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("tests.synth")


def maxrss_mb(who: int) -> float:
    """Peak resident set in MB of this process (``RUSAGE_SELF``) or of its largest waited-for
    child (``RUSAGE_CHILDREN``)."""
    # Linux gives ru_maxrss in KiB, macOS in bytes
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def peaks() -> dict[str, float]:
    """This process's peak memory and that of its largest worker, in MB."""
    return {"peak_main_mb": maxrss_mb(resource.RUSAGE_SELF),
            "peak_worker_mb": maxrss_mb(resource.RUSAGE_CHILDREN)}


def _processes(field: str) -> tuple[dict[int, int], dict[int, float]]:
    """Every process's parent, and its ``field`` of /proc/PID/status in MB (none without
    /proc)."""
    parents: dict[int, int] = {}
    sizes: dict[int, float] = {}
    for entry in Path("/proc").glob("[0-9]*/status") if Path("/proc").is_dir() else ():
        try:
            fields = dict(line.split(":", 1) for line in entry.read_text().splitlines()
                          if ":" in line)
            pid = int(entry.parent.name)
            parents[pid] = int(fields["PPid"])
            sizes[pid] = int(fields.get(field, "0 kB").split()[0]) / 1024
        except (OSError, KeyError, ValueError):
            continue
    return parents, sizes


def _under(pid: int, root: int, parents: dict[int, int]) -> bool:
    """Whether process ``pid`` descends from ``root`` (``root`` itself included)."""
    while pid and pid != root:
        pid = parents.get(pid, 0)
    return pid == root


class _Sampler:
    """Samples /proc every ``every`` seconds while the ``with`` block runs; ``peak_mb`` is the
    largest of :meth:`measure`'s figures."""

    def __init__(self, every: float):
        self.every, self.peak_mb = every, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def measure(self) -> float:
        raise NotImplementedError

    def _watch(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, self.measure())
            if self._done.wait(self.every):
                return


class DescendantPeak(_Sampler):
    """The largest peak resident set (``VmHWM``) of any process started under this one while
    the ``with`` block runs, in MB, read from /proc every ``every`` seconds (0 where there is
    no /proc). ``RUSAGE_CHILDREN`` cannot see them when they are started by a forkserver
    (``tei.validate`` does that): their parent is the server, which is still running."""

    def __init__(self, every: float = 0.05):
        super().__init__(every)

    def measure(self) -> float:
        me = os.getpid()
        parents, peaks = _processes("VmHWM")
        return max((peak for pid, peak in peaks.items()
                    if pid != me and _under(pid, me, parents)), default=0.0)


class TreePeak(_Sampler):
    """The largest sum of resident sets (VmRSS) of a process and its descendants, in MB,
    sampled from /proc every ``every`` seconds while the ``with`` block runs."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(every)
        self.pid = pid

    def measure(self) -> float:
        parents, rss = _processes("VmRSS")
        return sum(size for pid, size in rss.items() if _under(pid, self.pid, parents))


def write_corpus(n: int, seed: int, folder: Path) -> tuple[list[Path], int, float]:
    """Write ``n`` synthetic cables (tests/synth.py) into ``folder``; return their files, their
    total size in bytes and the time it took."""
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    paths, size = [], 0
    for name, text in synth().corpus(n, seed):
        data = text.encode("utf-8")
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
        size += len(data)
    return paths, size, time.perf_counter() - start


def convert_corpus(n: int, seed: int, sources: Path, outdir: Path, edition=None,
                   jobs: int | None = None) -> list:
    """Write ``n`` synthetic cables into ``sources`` and convert them (with every core, not
    timed) into TEI in ``outdir``; the conversion's outcomes."""
    from tei.convert import convert
    from tei.edition import load_edition

    paths, _, _ = write_corpus(n, seed, sources)
    return convert(sorted(paths), outdir, edition or load_edition(),
                   jobs=jobs or os.cpu_count() or 1)


def fresh(script: str | Path, *args: str) -> dict:
    """Run ``script --worker ARGS...`` in a fresh interpreter and return the JSON object it
    prints last (a configuration measured on its own: its own peak memory, a cold start)."""
    proc = subprocess.run([sys.executable, str(Path(script).resolve()), "--worker", *args],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"the benchmark's worker ({' '.join(args)}) failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A plain text table, cells right-aligned, a rule under the head."""
    rows = [head, *rows]
    widths = [max(len(row[k]) for row in rows) for k in range(len(head))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
