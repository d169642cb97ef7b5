"""Benchmark of the exchange: ``tei import`` of a synthetic FRUS-like volume, ``tei export`` of
an edition in every format.

    python tests/bench/bench_exchange.py --n 500 --cables 200 --jobs 1 2 [--json FILE]

Import (:func:`tei.exchange.importer.import_sources`):

- ``volume``: one synthetic volume of N documents, shaped like
  tests/fixtures/exchange/frus-like-volume.xml (a compilation of chapters, registers of persons
  and terms, documents with a dateline, a source note, ``persName/@corresp``, ``gloss/@target``
  and ``frus:`` attributes, which tei_all does not allow: one error per document, located);
- ``files``: the same N documents as N standalone TEI files (a folder), imported with each job
  count: ``jobs`` parallelises the validation, file by file, so it changes nothing for one file;
- ``frus-history``: ../shared/corpus/frus/frus-history-monograph/frus-history.xml (2.2 MB), when
  present.

Every import validates against the exchange schema (all of TEI P5), which takes seconds to
compile in each process. The compile is measured on its own, in a process of its own
(``compile``), and the throughput is given twice: over the whole call, and over the call less
one compile (the per-document cost; with J jobs each worker compiles, in parallel).

Export (:func:`tei.exchange.export.export`): an edition of ``--cables`` synthetic cables
(tests/synth.py, converted by ``tei.convert.convert``, not timed) and the imported volume in
its ``imported/`` folder, exported once per format (tei, txt, json, csv, dc). ``tei`` checks
every file it writes against all of TEI P5: its compile is timed apart, before the export.

Each configuration runs in a fresh Python process (its own peak memory, a cold start); the
timed span is the library call alone. Not collected by pytest (the file name does not match
``test_*.py``); tests/test_bench_smoke.py runs :func:`main` on a tiny N.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.bench import common  # noqa: E402

FRUS_HISTORY = ROOT.parent / "shared" / "corpus" / "frus" / "frus-history-monograph" / \
    "frus-history.xml"
FORMATS = ("tei", "txt", "json", "csv", "dc")
TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"

# -- the synthetic volume -------------------------------------------------------------------

_SURNAMES = ["Able", "Baker", "Carter", "Dalton", "Ellis", "Foster", "Grant", "Hughes", "Irving",
             "Jensen", "Keller", "Lowell", "Morgan", "Nolan", "Owens", "Parker", "Quinn",
             "Reyes", "Sutton", "Turner", "Upton", "Vance", "Walsh", "Young", "Zeller"]
_GIVEN = ["Alice", "Bob", "Cora", "Dan", "Eve", "Frank", "Gina", "Hal", "Iris", "Jon"]
_OFFICES = ["Ambassador to Nowhere", "Secretary of Examples", "Desk Officer",
            "Assistant Secretary for Synthetic Affairs", "Counselor of Embassy",
            "Deputy Chief of Mission", "Special Assistant to the President"]
_TERMS = [("Deptel", "Department telegram"), ("Embtel", "Embassy telegram"),
          ("FYI", "for your information"), ("NODIS", "no distribution"),
          ("EXDIS", "exclusive distribution"), ("reftel", "reference telegram"),
          ("septel", "separate telegram"), ("USG", "United States Government"),
          ("GON", "Government of Nowhere"), ("memcon", "memorandum of conversation")]
_PLACES = ["Nowhere", "Washington", "Elsewhere", "Geneva", "Somewhere", "Paris"]
_PROSE = ("the minister said that his government would consider the proposal carefully and "
          "reply in due course while the embassy believes that the talks will resume after "
          "the holidays provided that neither side raises the question of the bases again "
          "we recommend that the department instruct the delegation accordingly")
_WORDS = _PROSE.split()
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _sentence(rng: random.Random, persons: int, terms: int) -> str:
    words = rng.sample(_WORDS, rng.randint(8, 16))
    words[0] = words[0].capitalize()
    k = rng.randrange(persons)
    at = rng.randrange(1, len(words))
    words.insert(at, f'<persName corresp="#p_{k}">{_SURNAMES[k % len(_SURNAMES)]}</persName>')
    if rng.random() < 0.5:
        t = rng.randrange(terms)
        words.insert(rng.randrange(1, len(words)),
                     f'<gloss target="#t_{t}">{_TERMS[t % len(_TERMS)][0]}</gloss>')
    return " ".join(words) + "."


def _document(rng: random.Random, number: int, persons: int, terms: int) -> str:
    """One ``div[@type='document']``: a telegram or memorandum, now and then an editorial
    note that points back to an earlier document."""
    year, month, day = 1969 + number // 400, 1 + (number // 30) % 12, 1 + number % 28
    iso = f"{year}-{month:02d}-{day:02d}"
    said = f"{_MONTHS[month - 1]} {day}, {year}"
    if number > 1 and rng.random() < 0.08:
        earlier = rng.randrange(1, number)
        return (f'<div type="document" xml:id="d{number}" n="{number}" '
                f'subtype="editorial-note">\n<head>{number}. Editorial Note</head>\n'
                f"<p>{_sentence(rng, persons, terms)} See <ref target=\"#d{earlier}\">Document "
                f"{earlier}</ref>.</p>\n</div>\n")
    place, to = rng.sample(_PLACES, 2)
    sender, recipient = rng.randrange(persons), rng.randrange(persons)
    paragraphs = []
    for p in range(rng.randint(3, 7)):
        text = " ".join(_sentence(rng, persons, terms) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.3:
            text += (f'<note n="{p + 2}" xml:id="d{number}fn{p + 2}">'
                     f"{_sentence(rng, persons, terms)}</note>")
        paragraphs.append(f"<p>{p + 1}. {text}</p>")
    return (f'<div type="document" xml:id="d{number}" n="{number}" '
            f'subtype="historical-document" frus:doc-dateTime-min="{iso}T00:00:00-05:00" '
            f'frus:doc-dateTime-max="{iso}T23:59:59-05:00">\n'
            f"<head>{number}. Telegram From the Embassy in {place} to the Department of State"
            f' in {to}<note n="1" xml:id="d{number}fn1" type="source">Source: Synthetic '
            f"Archives, Box {number // 25 + 1}. Secret; Priority. Drafted by <persName "
            f'corresp="#p_{sender}">{_SURNAMES[sender % len(_SURNAMES)]}</persName>.</note>'
            f"</head>\n<opener><dateline><placeName>{place}</placeName>, <date "
            f'when="{iso}">{said}</date>.</dateline></opener>\n' + "\n".join(paragraphs) +
            f'\n<closer><signed><persName corresp="#p_{recipient}">'
            f"{_SURNAMES[recipient % len(_SURNAMES)]}</persName></signed></closer>\n</div>\n")


def volume(n: int, seed: int) -> str:
    """A FRUS-like volume of ``n`` documents in chapters of 25 (deterministic in ``seed``)."""
    rng = random.Random(seed)
    persons, terms = max(3, min(200, n // 4)), len(_TERMS)
    register = "\n".join(
        f'<item><hi rend="strong"><persName xml:id="p_{k}">{_SURNAMES[k % len(_SURNAMES)]}, '
        f"{_GIVEN[k % len(_GIVEN)]}</persName></hi>, {_OFFICES[k % len(_OFFICES)]}</item>"
        for k in range(persons))
    glossary = "\n".join(f'<item><hi rend="strong"><term xml:id="t_{k}">{term}</term></hi>, '
                         f"{meaning}</item>" for k, (term, meaning) in enumerate(_TERMS))
    chapters = []
    for first in range(1, n + 1, 25):
        docs = "".join(_document(rng, k, persons, terms) for k in range(first,
                                                                       min(n, first + 24) + 1))
        chapters.append(f'<div type="chapter" xml:id="ch{first // 25 + 1}">\n<head>Chapter '
                        f"{first // 25 + 1}</head>\n{docs}</div>\n")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI}" xmlns:frus="{FRUS}" '
            f'xml:id="frus-bench-v{seed}" xml:lang="en">\n<teiHeader><fileDesc><titleStmt>'
            f'<title type="complete">Foreign Relations of the Benchmark Series, Volume {seed}'
            "</title><editor role=\"primary\">Ada Editor</editor></titleStmt><publicationStmt>"
            f'<publisher>Office of Synthetic History</publisher><idno type="frus">'
            f"frus-bench-v{seed}</idno></publicationStmt><sourceDesc><p>Generated by "
            "tests/bench/bench_exchange.py.</p></sourceDesc></fileDesc></teiHeader>\n<text>\n"
            f'<front>\n<div type="section" xml:id="persons"><head>Persons</head>\n'
            f'<list type="participants">\n{register}\n</list></div>\n<div type="section" '
            f'xml:id="terms"><head>Abbreviations and Terms</head>\n<list type="terms">\n'
            f"{glossary}\n</list></div>\n</front>\n<body>\n"
            f'<div type="compilation" xml:id="comp1"><head>Synthetic Relations</head>\n'
            + "".join(chapters) + "</div>\n</body>\n</text>\n</TEI>\n")


def standalone(n: int, seed: int, folder: Path) -> int:
    """The volume's documents as ``n`` standalone TEI files (each with a header of its own,
    pointers kept as they are) in ``folder``; their total size in bytes."""
    from lxml import etree

    folder.mkdir(parents=True, exist_ok=True)
    root = etree.fromstring(volume(n, seed).encode("utf-8"))
    size = 0
    for div in root.iter(f"{{{TEI}}}div"):
        if div.get("type") != "document":
            continue
        number = div.get("n")
        head = "".join(div.find(f"{{{TEI}}}head").itertext()).strip()
        doc = etree.fromstring(
            f'<TEI xmlns="{TEI}" xml:lang="en"><teiHeader><fileDesc><titleStmt><title/>'
            "</titleStmt><publicationStmt><p>Generated by tests/bench/bench_exchange.py.</p>"
            "</publicationStmt><sourceDesc><p>Document "
            f"{number} of a synthetic volume.</p></sourceDesc></fileDesc></teiHeader><text>"
            "<body/></text></TEI>")
        doc.find(f".//{{{TEI}}}title").text = head.split("Source:")[0].strip()
        doc.find(f".//{{{TEI}}}body").append(div)
        data = etree.tostring(doc, encoding="UTF-8", xml_declaration=True)
        (folder / f"doc-{int(number):05d}.xml").write_bytes(data)
        size += len(data)
    return size


# -- what each fresh process measures -------------------------------------------------------


def run_compile() -> dict:
    """Compile the exchange schema once (what every import does first)."""
    from tei.exchange.importer import default_schemas
    from tei.validate import Options, Validator

    start = time.perf_counter()
    Validator(Options(schemas=default_schemas()))
    return {"compile_s": time.perf_counter() - start, **common.peaks()}


def run_import(sources: str, outdir: str, jobs: int) -> dict:
    """``import_sources([sources], outdir, jobs=jobs)``, timed."""
    from tei.exchange.importer import import_sources

    with common.DescendantPeak() as workers:
        start = time.perf_counter()
        outcomes = import_sources([sources], outdir, jobs=jobs)
        wall = time.perf_counter() - start
    problems = [p for o in outcomes for p in o.problems]
    return {"jobs": jobs, "sources": len(outcomes),
            "imported": sum(len(o.written) for o in outcomes),
            "unusable": sum(o.status == 2 for o in outcomes),
            "errors": sum(p.severity == "error" for p in problems),
            "warnings": sum(p.severity == "warning" for p in problems),
            "wall_s": wall, **common.peaks(), "peak_worker_mb": workers.peak_mb}


def run_export(root: str, fmt: str, outdir: str) -> dict:
    """``export(edition, fmt, outdir)``, timed; for ``tei`` the schema compiled first."""
    from tei.edition import load_edition
    from tei.exchange import export_tei
    from tei.exchange.export import documents, export

    edition = load_edition(root)
    compile_s = 0.0
    if fmt == "tei":  # compiled once per process (cached): timed apart from the export
        start = time.perf_counter()
        export_tei._exchange_validator()
        compile_s = time.perf_counter() - start
    start = time.perf_counter()
    result = export(edition, fmt, Path(outdir))
    wall = time.perf_counter() - start
    stems = [d.stem for d in documents(edition)]
    return {"format": fmt, "documents": len(stems),
            "exported": _exported(fmt, stems, Path(outdir)), "files": len(result.written),
            "errors": sum(p.severity == "error" for p in result.problems),
            "warnings": sum(p.severity == "warning" for p in result.problems),
            "wall_s": wall, "compile_s": compile_s, **common.peaks()}


def _exported(fmt: str, stems: list[str], outdir: Path) -> int:
    """How many of the documents the output holds (a file each, or a catalogue record)."""
    if fmt == "json":
        catalogue = json.loads((outdir / "catalogue.json").read_text(encoding="utf-8"))
        return len(catalogue["documents"])
    if fmt == "csv":
        import csv

        with open(outdir / "catalogue.csv", encoding="utf-8-sig", newline="") as f:
            return sum(1 for _ in csv.reader(f)) - 1
    suffix = {"tei": ".xml", "txt": ".txt", "dc": ".oai_dc.xml"}[fmt]
    return sum((outdir / f"{stem}{suffix}").is_file() for stem in stems)


# -- the whole run --------------------------------------------------------------------------


def _edition(work: Path, cables: int, seed: int, imported: Path) -> Path:
    """An edition of ``cables`` converted synthetic cables (edition.toml and the register of
    persons are the project's) with ``imported`` as its imported documents."""
    from tei.edition import DEFAULT_EDITION, load_edition

    root = work / "edition"
    root.mkdir()
    for name in ("edition.toml", "persons.xml"):
        shutil.copy(DEFAULT_EDITION / name, root / name)
    edition = load_edition(root)
    common.convert_corpus(cables, seed, work / "cables", edition.tei_dir, edition)
    shutil.copytree(imported, edition.imported_dir)
    return root


def _with_rates(r: dict, size: int, compile_s: float) -> dict:
    r["input_mb"] = size / 1e6
    r["docs_per_s"] = r["imported"] / r["wall_s"]
    r["mb_per_s"] = size / 1e6 / r["wall_s"]
    # less one compile (the main process's, or each worker's in parallel); never below 1 ms
    net = max(r["wall_s"] - compile_s, 1e-3)
    r["docs_per_s_net"] = r["imported"] / net
    r["mb_per_s_net"] = size / 1e6 / net
    return r


def import_table(results: list[dict]) -> str:
    head = ("case", "jobs", "docs", "MB", "wall s", "docs/s", "MB/s", "docs/s net",
            "MB/s net", "peak main MB", "peak worker MB", "errors", "unusable")
    return common.table(head, [
        (r["case"], str(r["jobs"]), str(r["imported"]), f"{r['input_mb']:.1f}",
         f"{r['wall_s']:.2f}", f"{r['docs_per_s']:.1f}", f"{r['mb_per_s']:.2f}",
         f"{r['docs_per_s_net']:.1f}", f"{r['mb_per_s_net']:.2f}", f"{r['peak_main_mb']:.0f}",
         f"{r['peak_worker_mb']:.0f}" if r["peak_worker_mb"] else "-", str(r["errors"]),
         str(r["unusable"])) for r in results])


def export_table(results: list[dict]) -> str:
    head = ("format", "docs", "files", "compile s", "wall s", "docs/s", "peak MB", "errors",
            "warnings")
    return common.table(head, [
        (r["format"], str(r["exported"]), str(r["files"]),
         f"{r['compile_s']:.2f}" if r["compile_s"] else "-", f"{r['wall_s']:.2f}",
         f"{r['docs_per_s']:.1f}", f"{r['peak_main_mb']:.0f}", str(r["errors"]),
         str(r["warnings"])) for r in results])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="documents in the synthetic volume")
    parser.add_argument("--cables", type=int, default=None,
                        help="synthetic cables in the exported edition (default: --n)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2],
                        help="job counts for the import of standalone files")
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic data")
    parser.add_argument("--no-files", action="store_true",
                        help="skip the import of the documents as standalone files")
    parser.add_argument("--no-frus-history", action="store_true",
                        help="skip the import of ../shared's frus-history.xml")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, *rest = args.worker
        run = {"compile": run_compile, "import": lambda s, o, j: run_import(s, o, int(j)),
               "export": run_export}[kind]
        print(json.dumps(run(*rest)))
        return {}

    cables = args.n if args.cables is None else args.cables
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    say = (lambda *a: None) if args.quiet else print
    try:
        work.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        source = work / "volume.xml"
        source.write_text(volume(args.n, args.seed), encoding="utf-8")
        files_size = standalone(args.n, args.seed, work / "files")
        gen_s = time.perf_counter() - start
        say(f"synthetic volume: {args.n} documents, {source.stat().st_size / 1e6:.1f} MB "
            f"(standalone: {files_size / 1e6:.1f} MB), generated in {gen_s:.1f} s; "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}")

        cases = [("volume", source, 1, source.stat().st_size)]
        if not args.no_files:
            cases += [("files", work / "files", jobs, files_size) for jobs in args.jobs]
        if FRUS_HISTORY.is_file() and not args.no_frus_history:
            cases.append(("frus-history", FRUS_HISTORY, 1, FRUS_HISTORY.stat().st_size))
        imports = []
        for case, path, jobs, size in cases:
            outdir = work / f"imported-{case}-j{jobs}"
            shutil.rmtree(outdir, ignore_errors=True)
            r = common.fresh(__file__, "import", str(path), str(outdir), str(jobs))
            imports.append({"case": case, "input_bytes": size, **r})

        root = _edition(work, cables, args.seed, work / "imported-volume-j1")
        exports = []
        for fmt in args.formats:
            r = common.fresh(__file__, "export", str(root), fmt, str(work / "export" / fmt))
            r["docs_per_s"] = r["exported"] / r["wall_s"]
            exports.append(r)

        # the schema's compile: timed by the tei export (before it exports), else on its own
        compiled = next(({"compile_s": r["compile_s"], "measured_in": "export tei"}
                         for r in exports if r["format"] == "tei"), None) or \
            {**common.fresh(__file__, "compile"), "measured_in": "a process of its own"}
        for r in imports:
            _with_rates(r, r["input_bytes"], compiled["compile_s"])
        say(f"exchange schema compiled in {compiled['compile_s']:.2f} s")
        say(import_table(imports))
        say(f"export: {cables} cables + {args.n} imported documents")
        say(export_table(exports))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report = {"n": args.n, "cables": cables, "seed": args.seed, "generate_s": gen_s,
              "compile": compiled, "import": imports, "export": exports,
              "cpus": os.cpu_count(), "python": platform.python_version(),
              "machine": platform.machine(), "date": time.strftime("%Y-%m-%d")}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
