"""Where the per-document work runs (tei.parallel): here, local processes, Dask; same output."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei.cli import main
from tei.convert import convert
from tei.parallel import Runner, chunk_size
from tests import synth


def _square(offset: int, item: int) -> int:
    return item * item + offset


@pytest.mark.parametrize("how", [{}, {"jobs": 2}, {"scheduler": "local:2"}],
                         ids=["here", "processes", "dask"])
def test_results_come_back_in_the_order_of_the_items(how):
    with Runner(**how) as runner:
        assert list(runner.map(_square, range(100), 7, chunk=3)) == [
            n * n + 7 for n in range(100)]
        if "scheduler" in how:
            assert runner.workers == 2


def test_chunks_are_balanced():
    assert chunk_size(10, 2) == 1 and chunk_size(10_000, 2) == 64 and chunk_size(320, 2) == 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in synth.corpus(24, seed=5):
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.iterdir())


def test_a_dask_cluster_converts_to_the_same_files(tmp_path, corpus, edition):
    here = convert(corpus, tmp_path / "here", edition)
    with Runner(scheduler="local:2") as runner:
        there = convert(corpus, tmp_path / "dask", edition, runner=runner)
    assert [o.ok for o in there] == [True] * len(corpus)
    assert [o.problems for o in there] == [o.problems for o in here]
    written = sorted(p.name for p in (tmp_path / "here").iterdir())
    assert len(written) == len(corpus)
    assert sorted(p.name for p in (tmp_path / "dask").iterdir()) == written
    for name in written:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


def test_the_cli_sends_the_work_to_dask_and_says_when_it_cannot(tmp_path, corpus):
    runner = CliRunner()
    result = runner.invoke(main, ["convert", *map(str, corpus[:6]), "-o", str(tmp_path / "a"),
                                  "--scheduler", "local:2"])
    assert result.exit_code == 0, result.output
    assert "6 of 6 converted" in result.output
    result = runner.invoke(main, ["convert", str(corpus[0]), "-o", str(tmp_path / "b"),
                                  "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "--scheduler:0:0: error: cannot reach the Dask scheduler 'tcp://127.0.0.1:9'" in \
        result.output
    assert "Traceback" not in result.output


def test_without_dask_the_option_says_how_to_install_it(tmp_path, corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if not installed
    result = CliRunner().invoke(main, ["convert", str(corpus[0]), "-o", str(tmp_path),
                                       "--scheduler", "local:2"])
    assert result.exit_code == 2
    assert '--scheduler needs Dask: install it with `pip install -e ".[dask]"`' in result.output


def test_validation_and_import_on_dask_report_the_same(tmp_path):
    from tei.edition import DEFAULT_EDITION
    from tei.exchange.importer import import_sources
    from tei.validate import validate, validate_edition

    from .conftest import SHARED

    invalid = sorted((Path(__file__).parent / "fixtures" / "invalid").glob("*.xml"))
    here = validate(invalid)
    with Runner(scheduler="local:2") as runner:
        there = validate(invalid, runner=runner)
        edition = validate_edition(DEFAULT_EDITION, runner=runner)
        frus = sorted((SHARED / "corpus" / "frus" / "frus-history-documents").glob("*.xml"))
        imported = import_sources(frus, tmp_path / "dask", runner=runner) if frus else []
    assert [str(p) for p in there.problems] == [str(p) for p in here.problems]
    assert here.errors > 10 and edition.status == 0
    if frus:
        local = import_sources(frus, tmp_path / "here")
        assert [o.problems for o in imported] == [o.problems for o in local]
        for path in (tmp_path / "here").glob("*.xml"):
            assert (tmp_path / "dask" / path.name).read_bytes() == path.read_bytes()


def test_tei_build_on_dask_writes_what_a_local_build_writes(tmp_path):
    from tei.edition import DEFAULT_EDITION

    from .test_html import _site_files

    runner = CliRunner()
    for name, extra in (("here", ["-j", "1"]), ("dask", ["--scheduler", "local:2"])):
        result = runner.invoke(main, ["build", "--edition", str(DEFAULT_EDITION), "-o",
                                      str(tmp_path / name), *extra, "tei"])
        assert result.exit_code == 0, result.output
        for step in ("validate", "html"):
            result = runner.invoke(main, ["build", "--edition", str(DEFAULT_EDITION), "-o",
                                          str(tmp_path / name), *extra, step])
            assert result.exit_code == 0, result.output
    for path in (tmp_path / "here" / "tei").glob("*.xml"):
        assert (tmp_path / "dask" / "tei" / path.name).read_bytes() == path.read_bytes()
    assert _site_files(tmp_path / "dask" / "html") == _site_files(tmp_path / "here" / "html")
