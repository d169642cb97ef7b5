"""Benchmark of ``tei.convert.convert``: a synthetic corpus, converted with 1 and more jobs.

    python tests/bench/bench_convert.py --n 10000 --jobs 1 2 [--seed 0] [--json FILE]

The corpus (N cables of both layouts, from tests/synth.py) is written to a temporary folder.
Each job count is then run in a fresh Python process of its own, so that its peak memory is
its own: the process times ``convert(sources, outdir, edition, jobs=J)`` (reading, encoding
and writing every file; not the interpreter's start) and reports its peak resident set
(``getrusage(RUSAGE_SELF)``) and that of its largest worker process
(``getrusage(RUSAGE_CHILDREN)``, which gives the largest child, not a sum).

Reported per job count: documents/s, MB/s of input (MB = 10^6 bytes of UTF-8 source), wall
time, speed-up over the first job count given, peak memory, failures and warnings.

Not collected by pytest (the file name does not match ``test_*.py``); tests/test_bench_smoke.py
runs :func:`main` on a tiny corpus to check that the benchmark still works.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.bench import common  # noqa: E402


def run_one(sources: Path, outdir: Path, jobs: int) -> dict:
    """Convert every file of ``sources`` with ``jobs`` processes (in this process)."""
    from tei.convert import convert
    from tei.edition import load_edition

    paths = sorted(sources.iterdir())
    edition = load_edition()
    start = time.perf_counter()
    outcomes = convert(paths, outdir, edition, jobs=jobs)
    wall = time.perf_counter() - start
    return {
        "jobs": jobs,
        "documents": len(paths),
        "converted": sum(o.ok for o in outcomes),
        "failed": sum(not o.ok for o in outcomes),
        "warnings": sum(p.severity == "warning" for o in outcomes for p in o.problems),
        "wall_s": wall,
        **common.peaks(),
    }


def table(report: dict) -> str:
    head = ("jobs", "docs", "wall s", "docs/s", "MB/s", "speed-up", "peak main MB",
            "peak worker MB", "failed", "warnings")
    rows = []
    for r in report["results"]:
        rows.append((str(r["jobs"]), str(r["documents"]), f"{r['wall_s']:.2f}",
                     f"{r['docs_per_s']:.1f}", f"{r['mb_per_s']:.3f}", f"{r['speedup']:.2f}",
                     f"{r['peak_main_mb']:.0f}",
                     f"{r['peak_worker_mb']:.0f}" if r["jobs"] > 1 else "-",
                     str(r["failed"]), str(r["warnings"])))
    return common.table(head, rows)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="cables in the corpus")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2],
                        help="job counts to compare (the first is the speed-up's base)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in this folder and keep corpus and TEI (default: a "
                             "temporary folder, removed)")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    parser.add_argument("--worker", nargs=3, metavar=("SOURCES", "OUTDIR", "JOBS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        sources, outdir, jobs = args.worker
        print(json.dumps(run_one(Path(sources), Path(outdir), int(jobs))))
        return {}

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-convert-"))
    try:
        paths, size, gen_s = common.write_corpus(args.n, args.seed, work / "sources")
        results = []
        for jobs in args.jobs:
            outdir = work / f"tei-j{jobs}"
            shutil.rmtree(outdir, ignore_errors=True)
            r = common.fresh(__file__, str(work / "sources"), str(outdir), str(jobs))
            r["docs_per_s"] = r["documents"] / r["wall_s"]
            r["mb_per_s"] = size / 1e6 / r["wall_s"]
            results.append(r)
        for r in results:
            r["speedup"] = results[0]["wall_s"] / r["wall_s"]
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report = {
        "n": args.n, "seed": args.seed, "input_bytes": size, "input_mb": size / 1e6,
        "generate_s": gen_s, "cpus": os.cpu_count(), "python": platform.python_version(),
        "machine": platform.machine(), "date": time.strftime("%Y-%m-%d"), "results": results,
    }
    if not args.quiet:
        print(f"{args.n} synthetic cables (seed {args.seed}), {size / 1e6:.1f} MB of input, "
              f"generated in {gen_s:.1f} s; {os.cpu_count()} CPUs, Python "
              f"{platform.python_version()}")
        print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
