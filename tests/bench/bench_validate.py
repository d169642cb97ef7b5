"""Benchmark of ``tei.validate.validate``: the shipped edition, a synthetic edition checked with
1 and more jobs, and the same edition with errors put into every file.

    python tests/bench/bench_validate.py --n 1000 --jobs 1 2 [--xsd] [--broken]

1. The shipped edition (``edition/``: its documents, register and imported documents), as
   ``tei validate`` with no path checks it (``validate_edition``): the first run (which
   compiles the schemas) and the median of ``--repeat`` more.
2. N cables from tests/synth.py are converted (in parallel, not timed) into a temporary folder;
   then each job count checks the whole folder once (RELAX NG, Schematron, the edition-wide
   rules; the XSD too with --xsd), schemas compiled once per process. Reported: documents/s,
   wall time, speed-up over the first job count, and that no problem was found.
3. With ``--broken``: the same cables, each given three errors (an attribute the schema does
   not allow on the root, an element out of place in the header, text where only elements go),
   checked once per job count: libxml2 finds each file invalid, so every file is checked again
   by the validator that reports every error (tei/validate/relaxng.py). Reported: the same
   figures and the number of problems (3 per file expected).
Not collected by pytest (the file name does not match ``test_*.py``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.bench import common  # noqa: E402

TEI_NS = "http://www.tei-c.org/ns/1.0"


def shipped(repeat: int) -> dict:
    """The shipped edition, checked as `tei validate` checks it."""
    from tei.edition import DEFAULT_EDITION
    from tei.validate import validate_edition

    walls = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        report = validate_edition(DEFAULT_EDITION)
        walls.append(time.perf_counter() - start)
    return {"documents": len(report.files), "first_s": round(walls[0], 3),
            "median_s": round(statistics.median(walls[1:]), 4),
            "problems": len(report.problems)}


def break_files(files: list[Path], folder: Path) -> None:
    """Copies of ``files`` in ``folder``, each with three RELAX NG errors."""
    from lxml import etree

    folder.mkdir(parents=True)
    for path in files:
        tree = etree.parse(str(path))
        root = tree.getroot()
        root.set("colour", "red")  # an attribute not allowed
        title_stmt = root.find(f".//{{{TEI_NS}}}titleStmt")
        title_stmt.insert(0, etree.Element(f"{{{TEI_NS}}}publisher"))  # out of place
        body = root.find(f".//{{{TEI_NS}}}body")
        body[0].tail = "stray text" + (body[0].tail or "")  # text where only elements go
        tree.write(str(folder / path.name), encoding="utf-8", xml_declaration=True)


def check(folder: Path, jobs_list: list[int], xsd: bool) -> list[dict]:
    from tei.validate import Options, validate

    files = sorted(folder.glob("*.xml"))
    size = sum(f.stat().st_size for f in files)
    results = []
    for jobs in jobs_list:
        start = time.perf_counter()
        report = validate([folder], Options(xsd=xsd), jobs=jobs)
        wall = time.perf_counter() - start
        results.append({"jobs": jobs, "documents": len(files), "mb": round(size / 1e6, 1),
                        "wall_s": round(wall, 3), "docs_per_s": round(len(files) / wall, 1),
                        "mb_per_s": round(size / 1e6 / wall, 2),
                        "problems": len(report.problems)})
    for r in results:
        r["speedup"] = round(results[0]["wall_s"] / r["wall_s"], 2)
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--xsd", action="store_true")
    parser.add_argument("--broken", action="store_true",
                        help="also check the cables with three errors put into each")
    parser.add_argument("--repeat", type=int, default=10,
                        help="runs on the shipped edition after the first (default 10)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    out: dict = {"shipped": shipped(args.repeat)}
    with tempfile.TemporaryDirectory() as tmp:
        sources, tei = Path(tmp) / "sources", Path(tmp) / "edition" / "tei"
        outcomes = common.convert_corpus(args.n, args.seed, sources, tei)
        out["converted"] = sum(o.ok for o in outcomes)
        out["results"] = check(tei, args.jobs, args.xsd)
        if args.broken:
            broken = Path(tmp) / "broken" / "tei"
            break_files(sorted(tei.glob("*.xml")), broken)
            out["broken"] = check(broken, args.jobs, args.xsd)
    if not args.quiet:
        s = out["shipped"]
        print(f"shipped edition: {s['documents']} documents, first run {s['first_s']} s "
              f"(schemas compiled), then {s['median_s']} s (median of {args.repeat}), "
              f"{s['problems']} problems")
        for name in ("results", "broken"):
            for r in out.get(name, []):
                print(f"{'valid' if name == 'results' else 'broken'} jobs={r['jobs']}: "
                      f"{r['documents']} documents ({r['mb']} MB) in {r['wall_s']} s = "
                      f"{r['docs_per_s']} documents/s, {r['mb_per_s']} MB/s, x{r['speedup']}, "
                      f"{r['problems']} problems")
    return out


if __name__ == "__main__":
    main()
