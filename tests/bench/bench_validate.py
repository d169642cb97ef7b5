"""Benchmark of ``tei.validate.validate``: a synthetic edition, checked with 1 and more jobs.

    python tests/bench/bench_validate.py --n 1000 --jobs 1 2 [--xsd]

N cables from tests/synth.py are converted (in parallel, not timed) into a temporary folder;
then each job count checks the whole folder once (RELAX NG, Schematron, the edition-wide
rules; the XSD too with --xsd), schemas compiled once per process. Reported: documents/s, wall
time, speed-up over the first job count, and that no problem was found.
Not collected by pytest (the file name does not match ``test_*.py``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.bench import common  # noqa: E402


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--xsd", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    from tei.validate import Options, validate

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        sources, out = Path(tmp) / "sources", Path(tmp) / "edition" / "tei"
        outcomes = common.convert_corpus(args.n, args.seed, sources, out)
        files = sorted(out.glob("*.xml"))
        size = sum(f.stat().st_size for f in files)
        for jobs in args.jobs:
            start = time.perf_counter()
            report = validate([out], Options(xsd=args.xsd), jobs=jobs)
            wall = time.perf_counter() - start
            results.append({"jobs": jobs, "documents": len(files), "wall_s": round(wall, 3),
                            "docs_per_s": round(len(files) / wall, 1),
                            "mb_per_s": round(size / 1e6 / wall, 2),
                            "problems": len(report.problems)})
    base = results[0]["wall_s"]
    for r in results:
        r["speedup"] = round(base / r["wall_s"], 2)
        if not args.quiet:
            print(f"jobs={r['jobs']}: {r['documents']} documents ({size / 1e6:.1f} MB) in "
                  f"{r['wall_s']} s = {r['docs_per_s']} documents/s, {r['mb_per_s']} MB/s, "
                  f"x{r['speedup']}, {r['problems']} problems")
    return {"converted": sum(o.ok for o in outcomes), "results": results}


if __name__ == "__main__":
    main()
