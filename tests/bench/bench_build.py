"""Benchmark of the whole pipeline: ``tei build`` of a synthetic edition, step by step.

    python tests/bench/bench_build.py --n 1000 10000 [--jobs 2] [--no-pdf] [--no-dask]
                                      [--no-reference] [--json FILE] [--keep DIR]

For each N: N synthetic cables shaped like the seeds (tests/synth.py ``corpus(N, seed)``) are
written into a fresh edition (the project's edition.toml and register of persons), then each
step runs as the command a user types, in a process of its own, timed from outside:

- ``convert``: ``tei convert sources -o tei -j J`` (the edition's TEI);
- ``validate``: ``tei build validate`` (the edition's schemas, its rules across files);
- ``html``: ``tei build html`` (pages, listings, search index), then the incremental rebuilds:
  ``html-1`` after one document's text changed where no listing shows it (its page and its
  shard of the search index are drawn again), ``html-1-listed`` after one document's title
  changed (its page, its shard, and the pages that list documents, the pages of the persons
  it names and cmif.xml);
- ``pdf``: ``tei build pdf`` (the book, in volumes), then ``pdf-1`` after one document changed
  (only its volume is typeset again), and ``pdf-3``: the book of the project's own edition
  (three cables, 30 pages) from the command line, start-up included; unless ``--no-pdf``;
- ``dask``: the tei + validate + html steps again with ``--scheduler local:J`` (a Dask
  LocalCluster of J workers), into another folder, and whether it wrote the same files
  (its overhead beside the plain run);
- ``reference``: the TEI Consortium's stylesheets (``html/html.xsl`` of
  ../shared/corpus/tei-stylesheets, on Saxon-HE Java, Debian's libsaxonhe-java) on the same
  folder of TEI: the reference TEI -> HTML route, side by side with ``html``.

Reported per step: wall time, documents/s, and peak memory of the step's whole process tree
(the largest sum of the resident sets of the process and all its descendants, sampled from
/proc: workers, Saxon, Pagefind and WeasyPrint included), with the ratio of our HTML to the
reference's. Absolute figures depend on the machine (and on what else runs on it): lead with
the ratios of one run. Not collected by pytest; tests/test_bench_smoke.py runs :func:`main` on
a tiny N.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.bench import common  # noqa: E402

SHARED = ROOT.parent / "shared"
TEI_STYLESHEETS = SHARED / "corpus" / "tei-stylesheets" / "html" / "html.xsl"
SAXON_JAR = Path("/usr/share/java/Saxon-HE.jar")
STEPS = ("convert", "validate", "html", "html-1", "html-1-listed", "pdf", "pdf-1", "pdf-3",
         "dask", "reference")


def run(command: list[str], cwd: Path = ROOT) -> dict:
    """Run ``command``: its wall time, exit status and the peak of its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    with common.TreePeak(proc.pid) as peak:
        output, _ = proc.communicate()
    return {"wall_s": round(time.perf_counter() - start, 2), "status": proc.returncode,
            "peak_mb": round(peak.peak_mb), "tail": output.strip().splitlines()[-1:]}


def tei(*args: str) -> list[str]:
    """The ``tei`` command of this environment."""
    return [sys.executable, "-c", "from tei.cli import main; main()", *args]


def published(folder: Path) -> dict[str, bytes]:
    """A site's files (not its cache, not Pagefind's run-dependent filter and meta files)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.startswith(".tei-site") and not (
                rel.startswith("pagefind") and ("/filter/" in rel or rel.endswith(
                    ("pf_meta", "pagefind-entry.json")))):
            files[rel] = path.read_bytes()
    return files


def touch(document: Path) -> None:
    """Change ``document`` where no page that lists documents looks (a line after its text)."""
    document.write_bytes(document.read_bytes() + b"\n")


def retitle(document: Path) -> None:
    """Change ``document``'s title, which the pages that list documents show."""
    data = document.read_bytes()
    start = data.index(b'<title type="main">')
    end = data.index(b"</title>", start)
    document.write_bytes(data[:end] + b" (revised)" + data[end:])


def edition_of(n: int, seed: int, root: Path) -> tuple[Path, int]:
    """A fresh edition folder with N synthetic sources: its path and the sources' bytes."""
    edition = root / "edition"
    (edition / "tei").mkdir(parents=True)
    for name in ("edition.toml", "persons.xml"):
        shutil.copy(ROOT / "edition" / name, edition / name)
    _, size, _ = common.write_corpus(n, seed, edition / "sources")
    return edition, size


def measure(n: int, seed: int, jobs: int, steps: set[str], root: Path) -> dict:
    """Every step of the pipeline on an edition of N cables."""
    edition, size = edition_of(n, seed, root)
    build = root / "build"
    results: dict[str, dict] = {}
    results["convert"] = run(tei("convert", str(edition / "sources"), "-o",
                                 str(edition / "tei"), "-j", str(jobs)))
    base = ["build", "--edition", str(edition), "-o", str(build), "-j", str(jobs)]
    results["validate"] = run(tei(*base, "validate"))
    documents = sorted((edition / "tei").glob("*.xml"))
    if "html" in steps:
        results["html"] = run(tei(*base, "html"))
        touch(documents[n // 2])
        results["html-1"] = run(tei(*base, "html"))
        retitle(documents[n // 3])
        results["html-1-listed"] = run(tei(*base, "html"))
    if "pdf" in steps:
        results["pdf"] = run(tei(*base, "pdf"))
        retitle(documents[(2 * n) // 3])
        results["pdf-1"] = run(tei(*base, "pdf"))
        results["pdf-3"] = run(tei("build", "-o", str(root / "book-3"), "pdf"))
        results["pdf-3"]["docs"] = len(list((ROOT / "edition" / "tei").glob("*.xml")))
    if "dask" in steps:
        dask = ["build", "--edition", str(edition), "-o", str(root / "dask"), "--scheduler",
                f"local:{jobs}"]
        parts = [run(tei(*dask, step)) for step in ("tei", "validate", "html")]
        results["dask"] = {"wall_s": round(sum(p["wall_s"] for p in parts), 2),
                           "status": max(p["status"] for p in parts),
                           "peak_mb": max(p["peak_mb"] for p in parts),
                           "same_files": published(root / "dask" / "html")
                           == published(build / "html"),
                           "tail": parts[-1]["tail"]}
    if "reference" in steps and TEI_STYLESHEETS.is_file() and SAXON_JAR.is_file():
        out = root / "reference"
        out.mkdir()
        results["reference"] = run(["java", "-jar", str(SAXON_JAR), f"-s:{edition / 'tei'}",
                                    f"-xsl:{TEI_STYLESHEETS}", f"-o:{out}"])
        results["reference"]["pages"] = sum(1 for _ in out.rglob("*.html"))
    for result in results.values():
        docs = result.get("docs", n)
        result["docs_per_s"] = round(docs / result["wall_s"], 1) if result["wall_s"] else None
    report = {"n": n, "jobs": jobs, "input_mb": round(size / 1e6, 1), "steps": results}
    done = [results[s]["wall_s"] for s in ("convert", "validate", "html") if s in results]
    report["tei_validate_html_s"] = round(sum(done), 1)
    if "html" in results and "reference" in results:
        report["html_vs_reference"] = round(results["reference"]["wall_s"]
                                            / results["html"]["wall_s"], 2)
    return report


def show(report: dict) -> str:
    rows = [(name, f"{r['wall_s']}", f"{r['docs_per_s']}", f"{r['peak_mb']}",
             str(r["status"]) + (" same files" if r.get("same_files") else ""))
            for name, r in report["steps"].items()]
    lines = [f"N = {report['n']} cables ({report['input_mb']} MB of sources), "
             f"{report['jobs']} jobs",
             common.table(("step", "wall s", "docs/s", "peak MB (tree)", "status"), rows),
             f"tei + validate + html: {report['tei_validate_html_s']} s"]
    if "html_vs_reference" in report:
        lines.append(f"HTML: {report['html_vs_reference']} times as fast as the TEI "
                     "Stylesheets' html.xsl on the same TEI")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in this folder and keep what was built")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    steps = set(STEPS) - {s for s, off in (("pdf", args.no_pdf), ("dask", args.no_dask),
                                           ("reference", args.no_reference)) if off}
    out = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                       "platform": platform.platform()}, "runs": []}
    for n in args.n:
        if args.keep:
            root = args.keep / f"n{n}"
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir(parents=True)
            report = measure(n, args.seed, args.jobs, steps, root)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                report = measure(n, args.seed, args.jobs, steps, Path(tmp))
        out["runs"].append(report)
        if not args.quiet:
            print(show(report), flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
