"""Shared fixtures: the seeds in ../shared, the shipped edition, converted documents, tei_all."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei import PROJECT_ROOT
from tei.convert import convert
from tei.edition import load_edition

SHARED = PROJECT_ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
TEI_ALL = SHARED / "corpus" / "tei-schema" / "tei-p5-4.12.0-rng" / "tei_all.rng"
NS = {"t": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}
SEED_IDS = {
    "000": "cable-1456",
    "001": "cable-1468",
    "002": "cable-5515",
    "003": "article-clinton-frustrated-with-japan-on-trade",
    "004": "article-asahi-shimbun-2025-12-24",
}


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return found[0]


@pytest.fixture(scope="session")
def edition():
    return load_edition()


@pytest.fixture(scope="session")
def converted(tmp_path_factory, edition) -> dict[str, Path]:
    """All five seeds converted in one batch: seed prefix -> TEI file."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not there")
    out = tmp_path_factory.mktemp("seeds-tei")
    sources = [seed(p) for p in SEED_IDS]
    outcomes = convert(sources, out, edition)
    problems = [str(p) for o in outcomes for p in o.problems]
    assert all(o.ok for o in outcomes), problems
    assert problems == [], problems
    return {p: out / f"{SEED_IDS[p]}.xml" for p in SEED_IDS}


@pytest.fixture(scope="session")
def trees(converted) -> dict[str, etree._ElementTree]:
    return {p: etree.parse(str(f)) for p, f in converted.items()}


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    if not TEI_ALL.is_file():
        pytest.skip("the official tei_all schema is not in ../shared/corpus")
    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


@pytest.fixture(scope="session")
def site(tmp_path_factory, edition) -> Path:
    """The HTML edition of the shipped edition, built once for the whole session."""
    from tei.publish.html import build_site

    out = tmp_path_factory.mktemp("site") / "html"
    report = build_site(edition, out)
    assert report.ok, [str(p) for p in report.problems]
    return out


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """The names of the tests that failed, last of all: CI keeps only the tail of the output,
    and on CI pytest prints each failure's whole message (a long diff hides the name)."""
    result = yield
    failed = [rep.nodeid for key in ("failed", "error")
              for rep in terminalreporter.stats.get(key, []) if getattr(rep, "nodeid", None)]
    if failed:
        terminalreporter.write_sep("=", f"{len(failed)} failed")
        for nodeid in failed:
            terminalreporter.write_line(f"FAILED {nodeid}")
    return result
