"""The benchmarks (tests/bench/bench_convert.py, bench_exchange.py) still run: a tiny corpus,
a tiny volume.

No timing is asserted: only that every configuration converted, imported or exported every
document and reports a positive throughput. The exchange benchmark's smoke test costs two
compiles of the exchange schema (the import's and the tei export's, about 5 s each).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH_DIR = Path(__file__).parent / "bench"


def _load(name: str):
    """A benchmark script of tests/bench/ as a module (they are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, BENCH_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bench():
    return _load("bench_convert")


def test_benchmark_reports_throughput_for_both_job_counts(tmp_path):
    out = tmp_path / "bench.json"
    report = _bench().main(["--n", "20", "--jobs", "1", "2", "--quiet", "--json", str(out)])
    assert [r["jobs"] for r in report["results"]] == [1, 2]
    for r in report["results"]:
        assert r["documents"] == r["converted"] == 20
        assert r["failed"] == 0 and r["warnings"] == 0
        assert r["docs_per_s"] > 0 and r["mb_per_s"] > 0 and r["wall_s"] > 0
        assert r["peak_main_mb"] > 0
    assert report["input_bytes"] > 0
    assert json.loads(out.read_text(encoding="utf-8"))["results"] == report["results"]


def _exchange_bench():
    return _load("bench_exchange")


def test_synthetic_volume_is_shaped_like_a_frus_volume(tmp_path):
    from lxml import etree

    bench = _exchange_bench()
    root = etree.fromstring(bench.volume(30, 1).encode("utf-8"))
    t = {"t": bench.TEI}
    documents = root.xpath("//t:div[@type='document']", namespaces=t)
    assert len(documents) == 30
    assert all(d.getparent().get("type") == "chapter" for d in documents)
    assert root.xpath("//t:div[@type='compilation']", namespaces=t)
    assert root.xpath("//t:list[@type='participants']/t:item/t:hi/t:persName/@xml:id",
                      namespaces=t)
    assert root.xpath("//t:list[@type='terms']/t:item/t:hi/t:term/@xml:id", namespaces=t)
    letters = [d for d in documents if d.get("subtype") == "historical-document"]
    assert letters and all(
        d.xpath("t:opener/t:dateline/t:date/@when", namespaces=t)
        and d.xpath("t:head/t:note[@type='source']", namespaces=t)
        and d.get(f"{{{bench.FRUS}}}doc-dateTime-min") for d in letters)
    ids = set(root.xpath("//@xml:id"))
    pointers = root.xpath("//t:persName/@corresp | //t:gloss/@target | //t:ref/@target",
                          namespaces=t)
    assert pointers and all(p.startswith("#") and p[1:] in ids for p in pointers)
    assert bench.volume(30, 1) == bench.volume(30, 1) != bench.volume(30, 2)
    assert bench.standalone(30, 1, tmp_path) == sum(f.stat().st_size
                                                    for f in tmp_path.glob("*.xml"))
    assert len(list(tmp_path.glob("*.xml"))) == 30


def test_exchange_benchmark_imports_and_exports_every_document(tmp_path):
    out = tmp_path / "bench.json"
    report = _exchange_bench().main(["--n", "4", "--cables", "2", "--jobs", "1", "--no-files",
                                     "--no-frus-history", "--quiet", "--json", str(out)])
    [volume] = report["import"]
    # its 4 documents and the volume's own (front matter, registers, chapter headings)
    assert volume["case"] == "volume" and volume["imported"] == 4 + 1
    assert volume["unusable"] == 0
    assert volume["docs_per_s"] > 0 and volume["mb_per_s"] > 0 and volume["docs_per_s_net"] > 0
    assert volume["peak_main_mb"] > 0
    assert report["compile"]["compile_s"] > 0
    assert [r["format"] for r in report["export"]] == ["tei", "txt", "json", "csv", "dc"]
    for r in report["export"]:
        assert r["documents"] == r["exported"] == 2 + 4 + 1, r["format"]
        assert r["errors"] == 0 and r["docs_per_s"] > 0 and r["peak_main_mb"] > 0
    assert json.loads(out.read_text(encoding="utf-8"))["export"] == report["export"]


def test_pipeline_benchmark_runs_every_step_and_dask_writes_the_same_site(tmp_path):
    report = _load("bench_build").main(["--n", "6", "--jobs", "2", "--no-pdf",
                                         "--no-reference", "--quiet", "--keep",
                                         str(tmp_path)])
    run = report["runs"][0]
    assert set(run["steps"]) == {"convert", "validate", "html", "html-1", "html-1-listed",
                                 "dask"}
    for name, step in run["steps"].items():
        assert step["status"] == 0, (name, step["tail"])
        assert step["wall_s"] > 0 and step["docs_per_s"] > 0 and step["peak_mb"] > 0
    assert run["steps"]["dask"]["same_files"] is True
    assert "6 of 6 converted" in run["steps"]["convert"]["tail"][0]
    pages = sorted((tmp_path / "n6" / "build" / "html").glob("*.html"))
    assert len(pages) >= 6
    # the two rebuilds measure what they say: a text no listing shows redraws one page; a
    # title redraws the listings too
    assert "6 documents: 1 pages written" in run["steps"]["html-1"]["tail"][0]
    assert "(revised)" in (tmp_path / "n6" / "build" / "html" / "index.html").read_text("utf-8")


def test_pipeline_benchmark_times_the_books(tmp_path):
    """The PDF steps: the book, the book after one document changed (its volume alone), and
    the project's own three-cable book."""
    report = _load("bench_build").main(["--n", "3", "--jobs", "1", "--no-dask",
                                         "--no-reference", "--quiet", "--keep",
                                         str(tmp_path)])
    steps = report["runs"][0]["steps"]
    for name in ("pdf", "pdf-1", "pdf-3"):
        assert steps[name]["status"] == 0 and steps[name]["wall_s"] > 0, steps[name]["tail"]
    assert "30 pages" in steps["pdf-3"]["tail"][0] and steps["pdf-3"]["docs"] == 3
    assert "unchanged" not in steps["pdf-1"]["tail"][0]  # the changed volume, typeset again
