"""The book in volumes (`tei build pdf --volume-size N`), typeset in parallel, and only what
changed typeset again."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from tei.cli import main
from tei.edition import DEFAULT_EDITION, load_edition
from tei.parallel import Runner
from tei.publish.pdf import MANIFEST, build_pdf, document_index


def _text(pdf, first: int | None = None) -> str:
    args = ["pdftotext", *(["-l", str(first)] if first else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def edition(tmp_path):
    root = tmp_path / "edition"
    root.mkdir()
    for name in ("edition.toml", "persons.xml"):
        shutil.copy(DEFAULT_EDITION / name, root)
    shutil.copytree(DEFAULT_EDITION / "tei", root / "tei")
    return load_edition(root)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_volumes_each_with_their_title_contents_and_index(tmp_path):
    out = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", "-o", str(out), "-j", "2", "pdf",
                                       "--volume-size", "2"])
    assert result.exit_code == 0, result.output
    pdfs = sorted((out / "pdf").glob("*.pdf"))
    assert [p.name for p in pdfs] == ["edition-1.pdf", "edition-2.pdf"]
    assert "Volume 1 of 2: documents 1–2 of 3" in _text(pdfs[0], 1)
    assert "Volume 2 of 2: document 3 of 3" in _text(pdfs[1], 1)
    for pdf, cables in zip(pdfs, (2, 1), strict=True):
        text = _text(pdf)
        assert "Contents" in text and "Index of persons" in text
        assert text.count("Cable No.") >= cables
    # every document is in exactly one volume, in the order they were sent
    order = ["Cable No. " + doc_id.removeprefix("cable-")
             for _, doc_id, _ in document_index(load_edition())]
    chapters = [[o.title.split(":")[0] for o in PdfReader(pdf).outline
                 if not isinstance(o, list) and o.title.startswith("Cable No.")]
                for pdf in pdfs]
    assert chapters == [order[:2], order[2:]]
    # one volume again: the single book, and the volumes of before are gone
    result = CliRunner().invoke(main, ["build", "-o", str(out), "pdf"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "pdf").glob("*.pdf")) == ["edition.pdf"]


def test_the_volumes_are_the_same_whatever_runs_them(edition, tmp_path):
    one = build_pdf(edition, tmp_path / "one", volume_size=2)
    with Runner(jobs=2) as runner:
        two = build_pdf(edition, tmp_path / "two", volume_size=2, runner=runner)
    assert [b.path.name for b in one] == [b.path.name for b in two] == [
        "edition-1.pdf", "edition-2.pdf"]
    for a, b in zip(one, two, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()


def test_only_the_volume_a_change_touches_is_typeset_again(edition, tmp_path):
    out = tmp_path / "pdf"
    first = {b.path.name: b for b in build_pdf(edition, out, volume_size=2)}
    assert not any(b.reused for b in first.values())
    stamps = {name: (out / name).stat().st_mtime_ns for name in first}
    again = {b.path.name: b for b in build_pdf(edition, out, volume_size=2)}
    assert all(b.reused for b in again.values())
    assert {name: (out / name).stat().st_mtime_ns for name in again} == stamps
    # the last document sent (volume 2) corrected by hand
    *_, (_, _, changed) = document_index(edition)
    assert b"the " in changed.read_bytes()
    changed.write_bytes(changed.read_bytes().replace(b"the ", b"the very ", 1))
    third = {b.path.name: b for b in build_pdf(edition, out, volume_size=2)}
    assert third["edition-1.pdf"].reused and not third["edition-2.pdf"].reused
    assert (out / "edition-1.pdf").stat().st_mtime_ns == stamps["edition-1.pdf"]
    assert len(PdfReader(out / "edition-2.pdf").pages) == third["edition-2.pdf"].pages
    # a PDF deleted by hand is typeset again, whatever the manifest says
    (out / "edition-1.pdf").unlink()
    fourth = {b.path.name: b for b in build_pdf(edition, out, volume_size=2)}
    assert not fourth["edition-1.pdf"].reused and (out / "edition-1.pdf").is_file()
    assert (out / MANIFEST).is_file()


def test_each_document_pdf_in_parallel_and_kept_beside_the_book(edition, tmp_path):
    out = tmp_path / "pdf"
    build_pdf(edition, out)
    with Runner(jobs=2) as runner:
        each = build_pdf(edition, out, each=True, runner=runner)
    assert sorted(b.path.name for b in each) == [
        "cable-1456.pdf", "cable-1468.pdf", "cable-5515.pdf"]
    # the book's own build leaves the documents' PDFs alone, and the other way round
    build_pdf(edition, out, volume_size=2)
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "cable-1456.pdf", "cable-1468.pdf", "cable-5515.pdf", "edition-1.pdf",
        "edition-2.pdf"]


def test_the_pdfs_depend_on_the_code_that_lays_them_out(tmp_path, monkeypatch):
    """A PDF made by an earlier version of tei/publish/pdf.py (two layouts where there is one
    now, say) is not kept as if it were what this one makes: the module is one of the inputs
    the manifest records, as the stylesheets are."""
    from tei.publish import pdf

    edition = load_edition(DEFAULT_EDITION)
    before = pdf._inputs_digest(edition).hexdigest()
    changed = tmp_path / "pdf.py"
    changed.write_bytes(Path(pdf.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(pdf, "__file__", str(changed))
    assert pdf._inputs_digest(edition).hexdigest() != before
