"""The round trip of the exchange: a document exported and imported again is the same
document (canonical XML), for the edition's own cables and for documents from other archives;
and the teiCorpus the export writes comes back, one document per TEI, with its words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei import PROJECT_ROOT
from tei.cli import main
from tei.edition import load_edition
from tei.exchange import canonical
from tei.exchange.export import export
from tei.exchange.importer import import_sources
from tei.xmlio import parse_file

from .conftest import NS, SHARED

EDITION = PROJECT_ROOT / "edition"
CORPUS = SHARED / "corpus"
FOREIGN = [
    CORPUS / "frus" / "frus-history-documents" / "2002-08-19-athens-02867.xml",
    CORPUS / "other-tei" / "tei-correspondence-sig" / "example01_basic.xml",
    CORPUS / "other-tei" / "tei-correspondence-sig" / "example03_more-than-one-addressee.xml",
]
VOLUME = PROJECT_ROOT / "tests" / "fixtures" / "exchange" / "frus-like-volume.xml"


def _words(node: etree._Element) -> list[str]:
    return " ".join(node.itertext()).split()


def test_the_editions_cables_come_back_the_same(tmp_path):
    """Export as standalone TEI, import what was exported: each file is canonically the
    edition's own (only the xml-model PIs, which depend on where a file lies, differ)."""
    runner = CliRunner()
    out = tmp_path / "export"
    result = runner.invoke(main, ["export", "--format", "tei", "-o", str(out)])
    assert result.exit_code == 0, result.output
    own = sorted(p.name for p in (EDITION / "tei").glob("*.xml"))
    back = tmp_path / "back"
    result = runner.invoke(main, ["import", *(str(out / name) for name in own),
                                  "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in back.glob("*.xml")) == own
    for name in own:
        original = (EDITION / "tei" / name).read_bytes()
        returned = (back / name).read_bytes()
        assert canonical(returned) == canonical(original), name


def test_a_changed_export_does_not_pass_as_the_same(tmp_path):
    """The comparison can fail: a word changed in the exported file shows after import."""
    export(load_edition(EDITION), "tei", tmp_path / "export")
    exported = tmp_path / "export" / "cable-1468.xml"
    exported.write_bytes(exported.read_bytes().replace(b"Kuriyama", b"Kuriyana", 1))
    [outcome] = import_sources([exported], tmp_path / "back")
    original = (EDITION / "tei" / "cable-1468.xml").read_bytes()
    assert canonical(outcome.written[0].read_bytes()) != canonical(original)


@pytest.fixture(scope="module")
def foreign_edition(tmp_path_factory) -> Path:
    """An edition whose imported/ folder holds documents of other archives and the
    documents of a FRUS-like volume, as `tei import` wrote them."""
    if not all(p.is_file() for p in FOREIGN):
        pytest.skip("the TEI corpus is not in ../shared")
    root = tmp_path_factory.mktemp("foreign") / "edition"
    shutil.copytree(EDITION, root)
    outcomes = import_sources([*FOREIGN, VOLUME], root / "imported")
    assert all(o.written for o in outcomes), [str(p) for o in outcomes for p in o.problems]
    return root


@pytest.mark.shared
def test_imported_documents_come_back_the_same(foreign_edition, tmp_path):
    """Import from other archives, export, import again: every imported document is
    canonically what the first import wrote — the second import adds no provenance twice."""
    edition = load_edition(foreign_edition)
    exported = export(edition, "tei", tmp_path / "export")
    imported = sorted(edition.imported_dir.glob("*.xml"))
    assert len(imported) >= len(FOREIGN) + 2  # the volume gives several documents
    again = import_sources([tmp_path / "export" / p.name for p in imported], tmp_path / "back")
    assert all(o.status in (0, 1) and o.written for o in again), exported.problems
    for path in imported:
        returned = tmp_path / "back" / path.name
        assert canonical(returned.read_bytes()) == canonical(path.read_bytes()), path.name


@pytest.mark.shared
def test_the_corpus_comes_back_one_document_per_tei_with_its_words(foreign_edition,
                                                                     tmp_path):
    """The export's teiCorpus imported again gives one document per TEI in it, each with
    every word of the one exported (provenance is added: the corpus is not our own file)."""
    edition = load_edition(foreign_edition)
    export(edition, "tei", tmp_path / "export")
    corpus = tmp_path / "export" / "edition.xml"
    members = parse_file(corpus).getroot().findall("t:TEI", NS)
    [outcome] = import_sources([corpus], tmp_path / "back")
    assert outcome.status in (0, 1), [str(p) for p in outcome.problems]
    assert len(outcome.written) == len(members) == len(edition.document_files())
    back_words = [_words(parse_file(p).getroot().find("t:text", NS))
                  for p in outcome.written]
    for member in members:
        words = _words(member.find("t:text", NS))
        assert words in back_words, member.get("{http://www.w3.org/XML/1998/namespace}id")
