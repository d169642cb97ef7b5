"""`tei init DIR`: a new edition, laid out, that builds a site and a book from one source."""

from __future__ import annotations

import tomllib

from click.testing import CliRunner
from pypdf import PdfReader

from tei.cli import main
from tei.edition import DEFAULT_EDITION, load_edition
from tei.new_edition import PARTS
from tei.validate import validate


def test_init_lays_out_an_edition_that_builds_from_one_source(tmp_path):
    folder = tmp_path / "my edition"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(folder), "--title", 'Cables "from" Tokyo \\ 1994',
                                  "--publisher", "An archive", "--licence", "cc0"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(PARTS)
    edition = load_edition(folder)
    assert edition.title == 'Cables "from" Tokyo \\ 1994'
    assert edition.publisher == edition.editor == "An archive"
    assert "CC0" in edition.licence and edition.licence_url.endswith("/zero/1.0/")
    assert 'Cables "from" Tokyo \\ 1994' in edition.introduction
    # the register is the shipped one, its schema named from where it now lies
    assert validate([folder / "persons.xml"]).errors == 0
    assert (folder / "persons.xml").read_bytes() != (DEFAULT_EDITION / "persons.xml").read_bytes()
    assert "tei build --edition ." in (folder / "README.md").read_text(encoding="utf-8")

    source = sorted((DEFAULT_EDITION / "sources").glob("*.txt"))[0]
    (folder / "sources" / source.name).write_bytes(source.read_bytes())
    out = tmp_path / "build"
    result = runner.invoke(main, ["build", "--edition", str(folder), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "new, added to the edition" in result.output
    (tei,) = (folder / "tei").glob("*.xml")
    assert validate([tei]).errors == 0
    assert (out / "html" / "documents" / tei.with_suffix(".html").name).is_file()
    assert "Tokyo" in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert len(PdfReader(out / "pdf" / "edition.pdf").pages) > 3


def test_init_never_overwrites_an_edition(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "a"), "--title", "A"]).exit_code == 0
    toml = (tmp_path / "a" / "edition.toml").read_bytes()
    result = runner.invoke(main, ["init", str(tmp_path / "a"), "--title", "B"])
    assert result.exit_code == 2
    assert "edition.toml:0:0: error: an edition is already here" in result.output
    assert (tmp_path / "a" / "edition.toml").read_bytes() == toml
    # a folder with a part of an edition in it is refused too, and nothing is written
    (tmp_path / "b" / "tei").mkdir(parents=True)
    result = runner.invoke(main, ["init", str(tmp_path / "b")])
    assert result.exit_code == 2 and "tei:0:0: error: already exists" in result.output
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["tei"]
    # the shipped edition itself
    result = runner.invoke(main, ["init", str(DEFAULT_EDITION)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_init_without_a_terminal_takes_the_defaults(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "e")], input="")
    assert result.exit_code == 0, result.output
    data = tomllib.loads((tmp_path / "e" / "edition.toml").read_text(encoding="utf-8"))
    assert data["edition"]["title"] == "An edition of diplomatic cables"
    assert data["edition"]["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["archive"]["rights"] == list(load_edition(DEFAULT_EDITION).rights)
