"""Reading transcriptions as editors bring them: bytes, lines, what each line is, and the seeds
copied in other ways (the same TEI, or the differences a warning names).

The property tests over generated variations are in test_property.py; the fuzz test in
test_fuzz.py.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei import PROJECT_ROOT
from tei.cli import main
from tei.convert import convert
from tei.errors import TeiCablesError
from tei.sources import classify as k
from tei.sources.classify import classify_all
from tei.sources.decode import decode
from tei.sources.lines import source_from_text

from .conftest import NS, seed

# --- bytes -----------------------------------------------------------------------------------

TEXT = "February 12, 1994\n\n第1468号 極秘 大至急\n\n(Prime Minister) Since “this” – that.\n"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]), "utf-16"),
    (TEXT.encode("utf-32"), "utf-32"),
])
def test_unicode_encodings_are_read_silently(data, encoding):
    decoded = decode("f.txt", data)
    assert (decoded.text, decoded.encoding, decoded.problems) == (TEXT, encoding, ())


def test_shift_jis_is_read_with_a_warning_naming_it():
    text = "注意\n第1468号 極秘 大至急\n（総理）世界経済の成長のために。\n"
    decoded = decode("f.txt", text.encode("cp932"))
    assert decoded.text == text and decoded.encoding == "cp932"
    (problem,) = decoded.problems
    assert problem.severity == "warning" and problem.rule == "encoding"
    assert problem.line == 1 and "read as Shift_JIS (CP932)" in problem.message


def test_windows_1252_is_read_with_a_warning_naming_it():
    text = "Sent: Geneva, February 12, 1994\nThe “café” – said.\n"
    decoded = decode("f.txt", text.encode("cp1252"))
    assert decoded.text == text and decoded.encoding == "cp1252"
    (problem,) = decoded.problems
    assert problem.line == 2 and "read as Windows-1252" in problem.message


def test_a_few_damaged_bytes_of_utf8_are_replaced_and_located():
    good = seed("001").read_bytes()
    lines = good.split(b"\n")
    lines[40] = lines[40][:3] + b"\xff" + lines[40][3:]
    lines[90] = b"\xfe" + lines[90]
    decoded = decode("f.txt", b"\n".join(lines))
    assert decoded.encoding == "utf-8"
    assert [(p.line, p.rule) for p in decoded.problems] == [(41, "encoding"), (91, "encoding")]
    assert "byte 0xff" in decoded.problems[0].message
    assert decoded.text.count("\ufffd") == 2
    assert decoded.text.replace("\ufffd", "") == good.decode("utf-8")


@pytest.mark.parametrize("ends", ["\r\n", "\r", "\u2028", "\x85"])
def test_line_ends_of_every_system(ends):
    decoded = decode("f.txt", TEXT.replace("\n", ends).encode("utf-8"))
    assert decoded.text == TEXT


def test_what_xml_cannot_hold_is_dropped_and_named():
    decoded = decode("f.txt", "Hello\x1b world\x07\n\nthis\x0c is it\ufffe\n".encode("utf-8"))
    assert decoded.text == "Hello world\n\nthis is it\n"
    first, second = decoded.problems
    assert (first.line, first.column, first.rule) == (1, 6, "control-character")
    assert "U+001B ESCAPE (column 6), U+0007 BELL (column 13)" in first.message
    assert (second.line, second.column) == (3, 5)
    assert "U+000C FORM FEED (column 5), U+FFFE NONCHARACTER (column 12)" in second.message


def test_many_lines_of_control_characters_are_counted_past_fifty():
    text = "".join(f"line {n}\x1b of the cable, a long enough line of text\n" for n in range(80))
    decoded = decode("f.txt", text.encode("utf-8"))
    assert len(decoded.problems) == 51
    assert decoded.problems[-1].message == "and 30 more such characters dropped"


@pytest.mark.parametrize("data,message", [
    (b"", "the file is empty"),
    (b" \n\t\r\n", "the file is empty"),
    (b"\x1b\x07\n", "the file holds no text"),
    (bytes(range(1, 32)) * 40 + b"abc", "binary data (1120 control characters)"),
    (b"%PDF-1.4\n", "binary data (the signature"),
    (b"ab\x00\x00cd", "binary data (NUL bytes)"),
    (bytes(range(1, 256)) * 3, "not text in any encoding tried"),
    (b"abc \x81\x7f", "not text in any encoding tried"),
])
def test_input_with_no_usable_text_is_refused_located(data, message):
    with pytest.raises(TeiCablesError) as info:
        decode("f.txt", data)
    (problem,) = info.value.problems
    assert problem.file == "f.txt" and problem.line >= 1 and message in problem.message


# --- lines and what they are -------------------------------------------------------------------


def test_lines_keep_their_numbers_paragraphs_and_gaps():
    src = source_from_text("\n\n**February 12, 1994**\n\nCable No. 1, A to the  \nB, 'C'"
                           "\n\n\n\nX\n")
    assert [(line.n, line.text, line.para, line.gap) for line in src.lines] == [
        (3, "February 12, 1994", 0, 2), (5, "Cable No. 1, A to the", 1, 1), (6, "B, 'C'", 1, 0),
        (10, "X", 2, 3)]
    assert not src.collapsed


def test_a_copy_without_blank_lines_has_a_paragraph_per_line():
    text = seed("001").read_text(encoding="utf-8")
    collapsed = "\n".join(line for line in text.splitlines() if line.strip())
    src = source_from_text(collapsed)
    assert src.collapsed
    assert len({line.para for line in src.lines}) == len(src.lines)
    assert not source_from_text(text).collapsed


@pytest.mark.parametrize("line,kind,lang", [
    ("Skip to content", k.CHROME, "en"),
    ("• share document", k.CHROME, "en"),
    ("BACK TO TOP", k.CHROME, "en"),
    ("© 2024 The Wilson Center", k.CHROME, "en"),
    ("Sept. 28, 1993", k.DATE, "en"),
    ("Cable No. 1456, Ambassador Kuriyama to the Foreign Minister, 'Meeting'", k.TITLE, "en"),
    ("Citation:", k.LABEL, "en"),
    ("• Citation", k.LABEL, "en"),
    ("Summary: Clinton and Hosokawa meet.", k.LABEL, "en"),
    ("Summary of the talks follows", k.TEXT, "en"),
    ("Related Documents", k.RELATED, "en"),
    ("Document Information", k.INFO, "en"),
    ("Record ID", k.FIELD, "en"),
    ('"Cable No. 1468, A to B, \'C\'", February 12, 1994, Wilson Center Digital Archive, X',
     k.CITATION, "en"),
    ("<https://digitalarchive.umd.edu/document/240298>", k.URL, "en"),
    ("Translation - English", k.CONTENT, "en"),
    ("Received:\u00a0MOFA, February 13, 1994", k.META, "en"),
    ("No. 1468 Secret Top Urgent", k.CABLE, "en"),
    ("第1468号\u3000極秘\u3000大至急", k.CABLE, "ja"),
    ("(Limited Distribution)", k.DISTRIBUTION, "en"),
    ("（限定配布）", k.DISTRIBUTION, "ja"),
    ("Outgoing Telegram No. 1456 Divided Telegram", k.REFERENCE, "en"),
    ("往電第5513号別電2：", k.REFERENCE, "ja"),
    ("秘密指定解除 外交記録・情報公開室", k.STAMPS, "ja"),
    ("(End)", k.END, "en"),
    ("（了）", k.END, "ja"),
    ("(Prime Minister) Since this administration’s inauguration", k.TURN, "en"),
    ("（総理）世界経済の成長のために", k.TURN, "ja"),
    ("(laughter)", k.TEXT, "en"),
    ("November １２, １９９３", k.DATE, "en"),  # full-width digits are not Japanese
    ("NTTの外国製品調達は", k.TEXT, "ja"),
])
def test_what_each_line_is(line, kind, lang):
    (tagged,) = classify_all(source_from_text(line).lines)
    assert (tagged.kind, tagged.lang) == (kind, lang)


def test_a_wrapped_title_is_one_title_even_without_blank_lines():
    text = ("February 12, 1994\nCable No. 7782, Ambassador Kuriyama to the Foreign\n"
            "Minister, 'Japan-United States Foreign Ministers'\nMeeting'\nCitation:\n")
    kinds = [t.kind for t in classify_all(source_from_text(text).lines)]
    assert kinds == [k.DATE, k.TITLE, k.TITLE_MORE, k.TITLE_MORE, k.LABEL]


# --- the seeds, copied in other ways ------------------------------------------------------------


def _convert_text(tmp_path: Path, name: str, data: bytes, edition, **kw):
    path = tmp_path / name
    path.write_bytes(data)
    (outcome,) = convert([path], tmp_path / f"out-{name}", edition, keep_reading=True, **kw)
    return outcome


def _text_of(path: str) -> bytes:
    """The document's <text> as canonical XML (links to other files of a batch aside)."""
    tree = etree.parse(path)
    text = tree.find("t:text", NS)
    for ref in text.iter(f"{{{NS['t']}}}ref", f"{{{NS['t']}}}bibl"):
        ref.attrib.pop("target", None)
        ref.attrib.pop("corresp", None) if ref.tag.endswith("bibl") else None
    return etree.tostring(text, method="c14n")


def _without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
@pytest.mark.parametrize("how", ["collapsed", "crlf", "cr", "bom", "utf-16", "shift-jis",
                                 "chrome"])
def test_a_seed_copied_another_way_gives_the_same_text(tmp_path, edition, prefix, how):
    source = seed(prefix).read_text(encoding="utf-8")
    clean = _convert_text(tmp_path, "clean.txt", source.encode("utf-8"), edition)
    text, expected = source, set()
    if how == "collapsed":
        text = _without_blank_lines(source)
    elif how == "chrome":
        text = "Menu\n\nSearch\n• Home\n\n" + source + "\n\nBack to top\n© 2025 Wilson Center\n"
    data = {"crlf": text.replace("\n", "\r\n").encode("utf-8"),
            "cr": text.replace("\n", "\r").encode("utf-8"),
            "bom": codecs.BOM_UTF8 + text.encode("utf-8"),
            "utf-16": text.encode("utf-16")}.get(how, text.encode("utf-8"))
    if how == "shift-jis":
        if prefix == "000":
            pytest.skip("seed 000 has no-break spaces, which Shift_JIS cannot hold")
        data, expected = text.encode("cp932"), {"encoding"}
    outcome = _convert_text(tmp_path, f"{how}.txt", data, edition)
    assert outcome.ok
    assert {p.rule for p in outcome.problems} == expected, [str(p) for p in outcome.problems]
    assert _text_of(outcome.output) == _text_of(clean.output)
    chrome = [text for _, text in outcome.reading.chrome]
    assert chrome == (["Menu", "Search", "• Home"] * (how == "chrome")
                      + ["Skip to content"] * (prefix == "000")
                      + ["Back to top", "© 2025 Wilson Center"] * (how == "chrome"))


def _page(edition, tmp_path, text: str, name: str = "page.txt"):
    outcome = _convert_text(tmp_path, name, text.encode("utf-8"), edition)
    assert outcome.ok, [str(p) for p in outcome.problems]
    return outcome, etree.parse(outcome.output)


SUMMARY = "Clinton and Hosokawa discuss US-Japan economic ties."


def test_the_summary_standing_above_the_date_line(tmp_path, edition):
    source = seed("000").read_text(encoding="utf-8")
    moved = source.replace(SUMMARY + "\n", "").replace(
        "Skip to content\n", f"Skip to content\n\n{SUMMARY}\n")
    outcome, tree = _page(edition, tmp_path, moved)
    assert outcome.problems == []
    (summary,) = tree.xpath("//t:front/t:div[@type='summary']/t:p/text()", namespaces=NS)
    assert summary == SUMMARY
    # the date and title lines come after a section: a title page of their own
    assert tree.xpath("//t:front/t:titlePage/t:docDate/@when", namespaces=NS) == ["1994-02-12"]
    assert tree.xpath("//t:abstract/t:p/text()", namespaces=NS) == [SUMMARY]
    # the translation's last paragraph stays in the last turn
    last = tree.xpath("//t:div[@type='translation']/t:sp[last()]/t:p[last()]", namespaces=NS)[0]
    assert "".join(last.itertext()).startswith("Last, I would like to point out")
    assert not tree.xpath("//t:back/t:div[@type='summary']", namespaces=NS)


def test_the_pages_citation_block_before_the_metadata_lines(tmp_path, edition):
    source = seed("000").read_text(encoding="utf-8")
    citation = ('"Cable No. 1456, Ambassador Kuriyama to the Foreign Minister, \'Japan-United '
                "States Summit Meeting (Small Group Meeting) (1 of 2)'\", February 12, 1994, "
                "Wilson Center Digital Archive, Diplomatic Archives of the Ministry of Foreign "
                "Affairs of Japan, File No. 2014-00540. Translated by Stephen Mercado.")
    block = f"• Citation\n\nget citation\n\n{SUMMARY}\n\n{citation}\n\n• share document\n\n" \
            "English HTML\n\n"
    at = source.index("Number:")
    outcome, tree = _page(edition, tmp_path, source[:at] + block + source[at:])
    assert outcome.problems == []
    assert [t for _, t in outcome.reading.chrome] == [
        "Skip to content", "get citation", "• share document", "English HTML"]
    divs = tree.xpath("//t:front/t:div/@type", namespaces=NS)
    assert divs == ["citation", "summary", "citation"]
    assert tree.xpath("//t:front/t:div[@type='citation']/t:head/text()", namespaces=NS) == [
        "• Citation"]
    # the summary at the foot of the page, the same words, is the summary again
    assert tree.xpath("//t:back/t:div[@type='summary']/t:p/text()", namespaces=NS) == [SUMMARY]
    assert tree.xpath("//t:div[@type='translation']/t:opener/t:seg/@subtype",
                      namespaces=NS)[0] == "number"


def test_a_page_without_its_document_information(tmp_path, edition):
    source = seed("000").read_text(encoding="utf-8")
    cut = source[: source.index("Document Information")]
    outcome, tree = _page(edition, tmp_path, cut)
    (problem,) = outcome.problems
    assert problem.rule == "missing" and "no citation of the archive" in problem.message
    assert outcome.reading.missing == ["citation"]
    assert tree.xpath("//t:back/t:div/@type", namespaces=NS) == ["summary", "related"]
    # the rights statement comes from edition.toml then
    assert "welcomes reuse" in "".join(tree.xpath("//t:adminInfo//text()", namespaces=NS))


def test_a_rights_statement_in_the_record(tmp_path, edition):
    source = seed("001").read_text(encoding="utf-8")
    rights = "The archive welcomes reuse of its materials for research and education."
    with_rights = source.replace("**Original Language:**",
                                 f"**Rights:**\n\n{rights}\n\n**Original Language:**")
    outcome, tree = _page(edition, tmp_path, with_rights)
    assert outcome.problems == []
    assert tree.xpath("//t:front/t:div[@type='rights']/t:p/text()", namespaces=NS) == [rights]
    assert tree.xpath("//t:adminInfo/t:availability/t:p/text()", namespaces=NS) == [rights]


def test_a_received_date_with_a_typo_is_read(tmp_path, edition):
    source = seed("002").read_text(encoding="utf-8")
    typo = source.replace("Received: MOFA, September 28, 1993", "Received: MOFA, September28, 1993")
    assert typo != source
    outcome, tree = _page(edition, tmp_path, typo)
    assert outcome.problems == []
    assert tree.xpath("//t:correspAction[@type='received']/t:date/@when", namespaces=NS) == [
        "1993-09-28"]


def test_a_received_date_that_cannot_be_read_keeps_its_redaction(tmp_path, edition):
    source = seed("002").read_text(encoding="utf-8")
    typo = source.replace("Received: MOFA, September 28, 1993",
                          "Received: MOFA, Setpember 28, 1993")
    line = typo[: typo.index("Received:")].count("\n") + 1
    outcome, tree = _page(edition, tmp_path, typo)
    (problem,) = outcome.problems
    assert (problem.line, problem.rule) == (line, "missing")
    assert problem.message == (f"no received date: line {line} reads 'MOFA, Setpember 28, 1993, "
                               "[TN: time blacked out]'")
    seg = tree.xpath("//t:seg[@type='metadata'][@subtype='received']", namespaces=NS)[0]
    assert seg.xpath("t:placeName/text()", namespaces=NS) == ["MOFA"]
    assert seg.xpath("t:gap/t:desc/text()", namespaces=NS) == ["time blacked out"]
    assert not tree.xpath("//t:correspAction[@type='received']/t:date", namespaces=NS)
    source_markers = len(re.findall(r"\[TN: [^\]]*blacked out\]", typo))
    assert len(tree.xpath("//t:text//t:gap", namespaces=NS)) == source_markers


def test_precedence_rendered_differently_in_the_translation(tmp_path, edition):
    source = seed("001").read_text(encoding="utf-8")
    changed = source.replace("No. 1468 Secret Top Urgent", "No. 1468 Secret Urgent")
    outcome, tree = _page(edition, tmp_path, changed)
    (problem,) = outcome.problems
    assert problem.rule == "disagreement" and "precedence (urgent)" in problem.message
    assert tree.xpath("//t:div[@xml:lang='ja']//t:seg[@type='precedence']/@ana",
                      namespaces=NS) == ["#precedence-top-urgent"]
    assert tree.xpath("//t:div[@xml:lang='en']//t:seg[@type='precedence']/@ana",
                      namespaces=NS) == ["#precedence-urgent"]
    assert tree.xpath("//t:catRef[@scheme='#precedence']/@target", namespaces=NS) == [
        "#precedence-top-urgent"]


def test_a_cable_cut_off_in_mid_sentence(tmp_path, edition):
    source = seed("001").read_text(encoding="utf-8")
    cut = source[: source.index("(Christopher) If we stop negotiations") + 30]
    outcome, tree = _page(edition, tmp_path, cut)
    (problem,) = outcome.problems
    assert problem.rule == "cut-off" and problem.line == cut.count("\n") + 1
    assert "stops in mid-sentence" in problem.message
    assert not tree.xpath("//t:div[@xml:lang='en']/t:trailer", namespaces=NS)


# --- the report ------------------------------------------------------------------------------


def test_the_report_lists_parts_missing_parts_problems_and_chrome(tmp_path):
    from jsonschema import Draft202012Validator

    notes = tmp_path / "notes.txt"
    notes.write_text("Back to top\nnothing of a cable here\n", encoding="utf-8")
    report = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["convert", str(seed("000")), str(notes), "-o",
                                       str(tmp_path / "out"), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert f"2 lines of page chrome left out (listed in {report})" in result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    schema = json.loads((PROJECT_ROOT / "schema" / "convert-report.schema.json").read_text())
    Draft202012Validator(schema).validate(data)
    assert (data["sources"], data["converted"], data["chrome_lines"]) == (2, 2, 2)
    page, other = data["documents"]
    parts = {p["part"]: p["lines"] for p in page["parts"]}
    assert parts["date-line"] == [3] and parts["title-line"] == [5]
    assert parts["metadata:received"] == [14] and parts["cable-line"] == [25]
    assert parts["turns"] == [37, 52, 70, 76]
    assert page["chrome"] == [{"line": 1, "text": "Skip to content"}]
    assert page["missing"] == [] and page["problems"] == []
    assert (page["encoding"], page["reader"], page["id"]) == ("utf-8", "cable", "cable-1456")
    assert other["chrome"] == [{"line": 1, "text": "Back to top"}]
    assert "title-line" in other["missing"] and "translation" in other["missing"]
    assert {p["rule"] for p in other["problems"]} == {"unrecognised", "missing"}
    assert parts_lines(other) == {"unrecognised": [2]}


def parts_lines(doc: dict) -> dict:
    return {p["part"]: p["lines"] for p in doc["parts"]}


def test_what_reading_found_is_kept_only_for_a_report(tmp_path, edition):
    """Memory stays flat in the size of a batch: an outcome keeps its counts, and what reading
    found only when a report asks for it."""
    (plain,) = convert([seed("000")], tmp_path / "a", edition)
    (kept,) = convert([seed("000")], tmp_path / "b", edition, keep_reading=True)
    assert plain.reading is None and plain.chrome_lines == 1
    assert kept.reading is not None and kept.reading.chrome == [(1, "Skip to content")]


def test_a_report_that_cannot_be_written_is_a_located_error(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    result = CliRunner().invoke(main, ["convert", str(seed("000")), "-o", str(tmp_path / "o"),
                                       "--report", str(tmp_path / "a-file" / "r.json")])
    assert result.exit_code == 2
    assert "cannot write the report" in result.output and "Traceback" not in result.output
