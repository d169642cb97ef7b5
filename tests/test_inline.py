"""The inline grammar: each transcription marker becomes the TEI the manual promises
(docs/guide/review-and-correct.md, "What each TEI document contains")."""

from __future__ import annotations

from lxml import etree

from tei.encode.inline import Context, count_markers, encode_inline
from tei.encode.tree import el


def encode(text: str, lang: str = "en") -> str:
    p = el("p")
    encode_inline(p, text, 1, Context("t.txt", lang, "#tr"))
    xml = etree.tostring(p, encoding="unicode")
    return xml.replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")


def test_redactions_and_notes():
    assert encode("Lake, [TN: name blacked out] NSC") == (
        '<p>Lake, <gap reason="redacted" resp="#tr"><desc resp="#tr">name blacked out</desc>'
        "</gap> NSC</p>")
    assert encode("cooling [TN: literally, 'cooling off'] period") == (
        "<p>cooling <note type=\"translator\" place=\"inline\" resp=\"#tr\">literally, "
        "'cooling off'</note> period</p>")
    assert count_markers("[TN: blacked out] x [TN: the original has 'PROGRESS'] "
                         "[TN: time blacked out]") == {"redacted": 2, "translator-note": 1}


def test_supplied_and_expansions():
    assert encode("Foreign Minister [Hata],") == (
        '<p>Foreign Minister <supplied reason="translator" resp="#tr">Hata</supplied>,</p>')
    assert encode("the NAFTA [North American Free Trade Agreement] and") == (
        "<p>the <choice><abbr>NAFTA</abbr><expan resp=\"#tr\">North American Free Trade "
        "Agreement</expan></choice> and</p>")
    # capitals before a bracket that is not their expansion: a supplied word
    assert encode("the NSC [Lake]") == (
        '<p>the NSC <supplied reason="translator" resp="#tr">Lake</supplied></p>')
    # a redaction after an abbreviation is a redaction, not an expansion
    assert "<gap" in encode("NSC [TN: part of title blacked out]")


def test_cable_notes_stage_and_dates():
    assert encode("your book (note: The Time To Act Is Now).") == (
        '<p>your book <note type="cable" place="inline">(note: The Time To Act Is Now)</note>'
        ".</p>")
    assert encode("jobs. (laughter) After") == (
        '<p>jobs. <stage type="reaction">(laughter)</stage> After</p>')
    assert encode("well. (Laughter)") == (
        '<p>well. <stage type="reaction">(Laughter)</stage></p>')
    assert encode("危険がある。（わらい）一定の", "ja") == (
        '<p>危険がある。<stage type="reaction">（わらい）</stage>一定の</p>')
    assert encode("平成6年2月13日着", "ja") == (
        '<p><date when="1994-02-13">平成6年2月13日</date>着</p>')
    assert encode("on February 12, 1994.") == (
        '<p>on <date when="1994-02-12">February 12, 1994</date>.</p>')


def test_record_text_keeps_brackets():
    p = el("p")
    encode_inline(p, "contact us at [email protected] on May 1, 2020", 1,
                  Context("t.txt", "record"))
    assert p.text == "contact us at [email protected] on "
    assert p[0].get("when") == "2020-05-01"
