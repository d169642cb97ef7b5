"""The `tei` command: help everywhere, convert's exit status and summary, text, build."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tei.cli import main
from tei.edition import DEFAULT_EDITION

from .conftest import seed


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("args", [[], ["convert"], ["text"], ["build"]])
def test_help_on_every_command(runner, args):
    result = runner.invoke(main, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
    if args:
        assert args[0] in result.output


def test_top_level_help_lists_commands(runner):
    out = runner.invoke(main, ["--help"]).output
    for command in ("convert", "text", "build"):
        assert command in out


def test_convert_summary_and_status(runner, tmp_path):
    sources = [str(seed(p)) for p in ("000", "001", "002", "003", "004")]
    result = runner.invoke(main, ["convert", *sources, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    # seed 000 is a web page: its "Skip to content" is page chrome, left out and counted
    assert (f"5 of 5 converted into {tmp_path / 'out'}, 0 failed, 0 warnings, 1 line of page "
            "chrome left out\n") in result.output
    assert len(list((tmp_path / "out").glob("*.xml"))) == 5


def test_convert_in_parallel_writes_the_same(runner, tmp_path):
    sources = [str(seed(p)) for p in ("000", "001", "002")]
    runner.invoke(main, ["convert", *sources, "-o", str(tmp_path / "a")])
    result = runner.invoke(main, ["convert", *sources, "-o", str(tmp_path / "b"), "-j", "2"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert written == ["cable-1456.xml", "cable-1468.xml", "cable-5515.xml"]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == written
    for name in written:
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()


def test_convert_failure_is_located_and_nonzero(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(main, ["convert", str(bad), str(seed("002")), "-o",
                                  str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{bad}:1:1: error: binary data" in result.output
    assert "1 of 2 converted" in result.output and "1 failed" in result.output
    assert "Traceback" not in result.output


def test_a_text_that_is_no_cable_converts_with_warnings_unless_strict(runner, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("nothing here\n", encoding="utf-8")
    result = runner.invoke(main, ["convert", str(notes), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"{notes}:1:1: warning: not recognised as a part of the cable" in result.output
    assert (tmp_path / "out" / "doc-notes.xml").is_file()
    result = runner.invoke(main, ["convert", str(notes), "-o", str(tmp_path / "strict"),
                                  "--strict"])
    assert result.exit_code == 1
    assert f"{notes}:1:1: error: not recognised as a part of the cable" in result.output
    assert not (tmp_path / "strict" / "doc-notes.xml").exists()


def test_forced_layout(runner, tmp_path):
    result = runner.invoke(main, ["convert", str(seed("000")), "--layout",
                                  "newspaper-headline", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "not the newspaper-headline layout" in result.output
    # the cable layouts of earlier versions name the cable reader
    for name in ("archive-export", "web-page", "cable"):
        result = runner.invoke(main, ["convert", str(seed("000")), "--layout", name, "-o",
                                      str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name / "cable-1456.xml").is_file()


def test_text_prints_the_document(runner, tmp_path):
    runner.invoke(main, ["convert", str(seed("001")), "-o", str(tmp_path)])
    result = runner.invoke(main, ["text", str(tmp_path / "cable-1468.xml"), "--lang", "en"])
    assert result.exit_code == 0
    assert result.output.startswith("Number: [TN: blacked out]")
    assert result.output.rstrip().endswith("(End)")


def test_text_of_bad_xml_is_located_not_a_traceback(runner, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI>\n<text></TEI>\n", encoding="utf-8")
    result = runner.invoke(main, ["text", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:2:" in result.output and "not well-formed" in result.output


def test_build_converts_the_edition_and_checks_the_shipped_tei(runner, tmp_path):
    edition = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, edition)
    # the build folder lies deeper than edition/tei: the xml-model PIs differ, not the TEI
    out = tmp_path / "deeper" / "b"
    result = runner.invoke(main, ["build", "--edition", str(edition), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 of 3 converted" in result.output
    assert "differs" not in result.output
    assert "4 files checked: 4 valid" in result.output  # the validate step ran
    assert (out / "html" / "index.html").is_file() and (out / "pdf" / "edition.pdf").is_file()
    # an editor's change to the committed TEI that the sources do not hold is pointed out
    shipped = edition / "tei" / "cable-1456.xml"
    shipped.write_text(shipped.read_text(encoding="utf-8").replace("Hata", "Hatta"), "utf-8")
    result = runner.invoke(main, ["build", "--edition", str(edition), "-o", str(out), "tei"])
    assert f"{shipped}: differs from what the converter writes now" in result.output


def test_build_stops_at_an_invalid_edition(runner, tmp_path):
    edition = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, edition)
    shipped = edition / "tei" / "cable-1468.xml"
    text = shipped.read_text(encoding="utf-8")
    shipped.write_text(text.replace('<date when="1994-02-13">February 13, 1994</date>',
                                    '<date when="1994-02-31">February 13, 1994</date>', 1),
                       "utf-8")
    out = tmp_path / "b"
    result = runner.invoke(main, ["build", "--edition", str(edition), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{shipped}:" in result.output and "1994-02-31" in result.output
    assert not (out / "html").exists()  # nothing is published from an invalid edition


def test_convert_a_folder(runner, tmp_path):
    result = runner.invoke(main, ["convert", str(DEFAULT_EDITION / "sources"), "-o",
                                  str(tmp_path), "-j", "0"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cable-1456.xml", "cable-1468.xml", "cable-5515.xml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["convert", str(empty), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "no transcriptions" in result.output


def test_schema_build_without_tei_all_says_where_to_give_it(runner, tmp_path):
    result = runner.invoke(main, ["schema", "build", "--tei-all", str(tmp_path / "no.rng")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'no.rng'}:0:0: error: tei_all.rng not found" in result.output


def test_schema_build_check_passes_on_the_committed_schema(runner):
    from .conftest import TEI_ALL

    if not TEI_ALL.is_file():
        pytest.skip("tei_all not in ../shared")
    result = runner.invoke(main, ["schema", "build", "--check"])
    assert result.exit_code == 0, result.output
    assert "schema files up to date" in result.output
