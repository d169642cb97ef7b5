"""The benchmark (tests/bench/bench_convert.py) still runs: a tiny corpus, both job counts.

No timing is asserted: only that every configuration converted every document and reports a
positive throughput.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).parent / "bench" / "bench_convert.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_convert", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
