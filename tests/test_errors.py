"""Bad input gets a clear error naming the file and the line, and nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei.convert import convert
from tei.edition import load_edition
from tei.encode.persons import Register
from tei.errors import TeiCablesError
from tei.sources import read_document
from tei.xmlio import atomic_path, parse_bytes, write_atomic

from .conftest import seed


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _one_error(path: Path) -> str:
    with pytest.raises(TeiCablesError) as info:
        read_document(path)
    (problem,) = info.value.problems
    return str(problem)


def _convert_one(tmp_path: Path, path: Path, strict: bool = False):
    (outcome,) = convert([path], tmp_path / ("strict" if strict else "out"), load_edition(),
                         strict=strict)
    return outcome


def test_a_text_with_no_cable_part_is_kept_with_warnings(tmp_path):
    """Readers degrade, they do not refuse: the text is a valid document of paragraphs, and
    each part that was expected and not found is a located warning; --strict refuses it."""
    path = _write(tmp_path, "notes.txt", "Hello world\nthis is nothing\n")
    outcome = _convert_one(tmp_path, path)
    assert outcome.ok and outcome.output.endswith("doc-notes.xml")
    rules = [p.rule for p in outcome.problems]
    assert all(p.severity == "warning" for p in outcome.problems)
    assert {"unrecognised", "missing"} == set(rules)
    messages = [str(p) for p in outcome.problems]
    assert f"{path}:1:1: warning: not recognised as a part of the cable" in messages[0]
    assert any("no date line" in m for m in messages)
    assert any("no title line" in m for m in messages)
    tree = etree.parse(outcome.output)
    kept = tree.xpath("//*[local-name()='div'][@type='unrecognised']/*[local-name()='p']")
    assert [list(p.itertext()) for p in kept] == [["Hello world", "this is nothing"]]
    assert len(kept[0].findall("{*}lb")) == 1
    strict = _convert_one(tmp_path, path, strict=True)
    assert not strict.ok and all(p.severity == "error" for p in strict.problems)
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").iterdir())


def test_a_part_missing_late_is_located_on_its_line(tmp_path):
    # a web page whose metadata lines never come: its subject and cable line are not found
    text = "February 12, 1994\n\nCable No. 1, A to the B, 'C'\n\nSomething else\n"
    outcome = _convert_one(tmp_path, _write(tmp_path, "page.txt", text))
    assert outcome.ok
    (kept,) = [p for p in outcome.problems if p.rule == "unrecognised"]
    assert kept.line == 5 and "'Something else'" in kept.message
    assert any(p.rule == "missing" and "no English translation" in p.message
               for p in outcome.problems)


def test_empty_binary_and_undecodable_files_are_refused(tmp_path):
    assert "empty" in _one_error(_write(tmp_path, "empty.txt", ""))
    assert "empty" in _one_error(_write(tmp_path, "blank.txt", "\n \n\t\n"))
    assert "binary" in _one_error(_write(tmp_path, "png.txt", b"\x89PNG\r\n\x1a\n\x00\x00"))
    nul = _one_error(_write(tmp_path, "nul.txt", "a\nb\x00c\n"))
    assert ":2:1: error: binary data (NUL" in nul
    message = _one_error(_write(tmp_path, "bad.txt", b"abc\ndef \x81\x7f ghi\n"))
    assert ":2:1: error: not text in any encoding tried" in message and "0x81" in message
    assert "cannot read" in _one_error(tmp_path / "missing.txt")


def test_impossible_dates_are_warnings_and_stay_text(tmp_path):
    text = seed("000").read_text(encoding="utf-8").replace(
        "February 13, 1994, [TN", "February 30, 1994, [TN")
    outcome = _convert_one(tmp_path, _write(tmp_path, "c.txt", text))
    assert outcome.ok
    (problem,) = outcome.problems
    assert str(problem).startswith(f"{tmp_path / 'c.txt'}:14:")
    assert "'February 30, 1994' is not a real date" in problem.message
    assert problem.severity == "warning" and problem.rule == "date"
    tree = etree.parse(outcome.output)
    received = tree.xpath("//*[local-name()='seg'][@subtype='received']")[0]
    assert "February 30, 1994" in "".join(received.itertext())
    assert not tree.xpath("//*[local-name()='date'][contains(., 'February 30')]")
    assert not tree.xpath("//*[local-name()='correspAction'][@type='received']"
                          "/*[local-name()='date']")
    text = seed("001").read_text(encoding="utf-8")
    text = text.replace("平成 6年 2月 13日", "平成 32年 2月 13日")
    outcome = _convert_one(tmp_path, _write(tmp_path, "era.txt", text))
    (problem,) = outcome.problems
    assert "lies outside the 平成 era" in problem.message and problem.line == 43
    assert outcome.ok and "平成 32年 2月 13日" in Path(outcome.output).read_text(encoding="utf-8")


def test_contradicting_cable_numbers_are_warned_and_kept(tmp_path):
    text = seed("001").read_text(encoding="utf-8").replace(
        "No. 1468 Secret Top Urgent", "No. 1469 Secret Top Urgent")
    outcome = _convert_one(tmp_path, _write(tmp_path, "c.txt", text))
    assert outcome.ok and outcome.output.endswith("cable-1468.xml")
    (problem,) = outcome.problems
    assert "cable number 1469 differs from No. 1468" in problem.message
    assert "No. 1469" in Path(outcome.output).read_text(encoding="utf-8")


def test_unknown_marks_on_the_cable_line_are_kept_as_text(tmp_path):
    text = seed("000").read_text(encoding="utf-8").replace(
        "No. 1456 Secret Top Urgent", "No. 1456 Secret Very Urgent")
    path = _write(tmp_path, "c.txt", text)
    outcome = _convert_one(tmp_path, path)
    (problem,) = outcome.problems
    assert str(problem).startswith(f"{path}:25:17: warning: unknown words 'Very Urgent'")
    line = etree.parse(outcome.output).xpath("//*[@type='cable-line']")[0]
    assert "".join(line.itertext()) == "No. 1456 Secret Very Urgent"
    assert not _convert_one(tmp_path, path, strict=True).ok


def test_failure_leaves_no_file_and_others_still_convert(tmp_path, edition):
    good = seed("002")
    bad = _write(tmp_path, "bad.txt", b"\x00\x01\x02binary")
    out = tmp_path / "out"
    outcomes = convert([bad, good], out, edition)
    assert [o.ok for o in outcomes] == [False, True]
    assert sorted(p.name for p in out.iterdir()) == ["cable-5515.xml"]


def test_atomic_write_leaves_previous_file_on_error(tmp_path):
    target = tmp_path / "x.xml"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash while writing")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.xml"]


def test_a_write_that_fails_leaves_the_previous_file_and_no_other(tmp_path):
    target = tmp_path / "sub" / "x.xml"
    write_atomic(target, b"old")  # (its folder made)
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["x.xml"]


def test_unresolved_speaker_is_reported_not_guessed(tmp_path, edition):
    # a name the register does not know (Lake, the National Security Advisor, it does)
    text = seed("000").read_text(encoding="utf-8").replace("(Clinton) I feel", "(Lakeman) I feel")
    path = _write(tmp_path, "c.txt", text)
    (outcome,) = convert([path], tmp_path / "out", edition)
    assert outcome.ok
    (problem,) = outcome.problems
    assert problem.severity == "warning" and problem.rule == "speaker"
    assert problem.line == 52 and "(Lakeman)" in problem.message
    (sp,) = etree.parse(outcome.output).xpath("//*[@xml:id='cable-1456-en-sp2']")
    assert sp.get("who") is None and sp.findtext("{*}speaker") == "(Lakeman)"
    (strict,) = convert([path], tmp_path / "strict", edition, strict=True)
    assert not strict.ok and strict.problems[0].severity == "error"
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").iterdir())


def test_office_resolves_by_date_and_context(edition):
    register = Register(edition.persons_path)
    # two ambassadors held office in 1994: the label alone names neither for sure ...
    alone = register.resolve("(Ambassador)", "1994-02-12", {})
    assert alone.who is None and "ambiguous" in alone.problem
    # ... but in a cable that names Ambassador Kuriyama, it is him
    assert register.resolve("(Ambassador)", "1994-02-12", {}, "from Ambassador Kuriyama").who \
        == "kuriyama-takakazu"
    # ... and a context naming neither leaves it ambiguous, naming every holder
    other = register.resolve("(Ambassador)", "1994-02-12", {}, "from Ambassador Smith")
    assert other.who is None and "ambiguous" in other.problem
    assert "kuriyama-takakazu" in other.problem and "hatano-yoshio" in other.problem
    # the day of the hand-over both Prime Ministers held office: reported, not guessed
    handover = register.resolve("(Prime Minister)", "1994-04-28", {})
    assert handover.who is None and "hosokawa-morihiro" in handover.problem \
        and "hata-tsutomu" in handover.problem
    # the Prime Minister changes with the date: Hosokawa, then Hata
    assert register.resolve("（総理）", "1994-02-12", {}).who == "hosokawa-morihiro"
    assert register.resolve("(Prime Minister)", "1994-05-10", {}).who == "hata-tsutomu"
    # (was 1970-01-01: the register now covers 1952-2000, and Sato held the office then)
    no_one = register.resolve("(Prime Minister)", "1900-01-01", {})
    assert no_one.who is None and "nobody" in no_one.problem
    # "本大臣" (this Minister) is the cable's addressee
    assert register.resolve("(本大臣)", "1994-02-12", {"recipient": "hata-tsutomu"}).who == \
        "hata-tsutomu"
    assert register.resolve("(本大臣)", "1994-02-12", {}).who is None
    # an office held by someone else on that date is refused, not guessed
    wrong = register.resolve("(Vice President Clinton)", "1994-02-12", {})
    assert wrong.who is None and "did not hold" in wrong.problem


def test_two_sources_of_one_document(tmp_path, edition):
    a = _write(tmp_path, "a.txt", seed("000").read_text(encoding="utf-8"))
    b = _write(tmp_path, "b.txt", seed("000").read_text(encoding="utf-8"))
    outcomes = convert([a, b], tmp_path / "out", edition)
    assert [o.ok for o in outcomes] == [True, False]
    assert "same document id 'cable-1456'" in outcomes[1].problems[0].message


def test_unsafe_xml_is_refused_located():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx"><!ENTITY y "&x;&x;">]><a>&y;</a>"""
    with pytest.raises(TeiCablesError) as info:
        parse_bytes(bomb, "bomb.xml")
    assert "bomb.xml:1:" in str(info.value) and "entity" in str(info.value)
    external = b"""<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>"""
    with pytest.raises(TeiCablesError):
        parse_bytes(external, "ext.xml")
    with pytest.raises(TeiCablesError) as info:
        parse_bytes(b"<a>\n<b></a>", "broken.xml")
    assert str(info.value).startswith("broken.xml:2:")
