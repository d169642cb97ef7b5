"""Property tests: synthetic transcriptions (tests/synth.py) in, faithful TEI out.

Every example is written to a temporary folder and converted with ``tei.convert.convert``, as
``tei convert`` does. The properties:

* the conversion succeeds, with no warning, read by the cable reader;
* ``tei text`` gives back the source: nothing lost, duplicated or reordered (under
  ``tei.text.normalise``, and by an oracle that owes nothing to it: every word of the source in
  order, ``tests/faithful.py``);
* every "[TN: … blacked out]" is one ``gap[@reason='redacted']``, every other "[TN: …]" one
  translator's note; expansions, supplied words, the cable's notes and reactions are counted too;
* every ``sp`` has a ``@who`` that resolves to a ``person`` of the same file, in the order the
  turns were generated, and holds all the paragraphs of its turn;
* in the archive export, every turn of the translation points (``@corresp``) to the turn of
  the original at the same place;
* Japanese era dates get the Gregorian date in ``@when`` (computed here independently), and
  each is also a date of the translation.

The same cables copied as editors bring them (``synth.varied``: blank lines lost, page chrome,
the summary first, the page's citation block, no document information, line ends, byte order
marks, UTF-16, Shift_JIS, odd spaces, control characters, a cut-off cable, dates with typos or
unreadable, marks that differ between the languages; each on its own and combined): the TEI is
valid against the edition's schema, it has one gap per redaction marker, every word of the
source stands in its text in order, the speakers resolve as in the clean cable, the dates are
read, the page chrome is reported, and the warnings are exactly those the variations call for.

The generator itself: ``corpus(n, seed)`` is deterministic, and a batch converts to the same
files with one job and with two.

``test_a_reaction_paragraph_stays_in_its_turn`` guards a fixed bug: a paragraph that is only
a reaction, "(laughter)", used to end the speaker's turn.

Each property runs 100 examples (about 20 s for the file); ``SYNTH_EXAMPLES=1000`` hunts longer.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei.convert import Outcome, convert
from tei.edition import load_edition
from tei.encode.links import card
from tei.sources import read_document
from tei.text import normalise, tei_text
from tei.validate import validate
from tests import synth

from .faithful import assert_words_in_order, source_words

NS = {"t": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
EDITION = load_edition()
#: examples per property (SYNTH_EXAMPLES=1000 for a longer hunt)
EXAMPLES = settings(max_examples=int(os.environ.get("SYNTH_EXAMPLES", "100")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TN = re.compile(r"\[TN:\s*([^\[\]]*)\]")
BLACKED_OUT = re.compile(r"\bblacked out\b")
_N = r"\s*([0-9０-９]{1,2})\s*"
HEISEI = re.compile(f"平成{_N}年{_N}月{_N}日")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def heisei_iso(text: str) -> str:
    """The Gregorian date of a Heisei date (Heisei 1 = 1989), without the converter's code."""
    m = HEISEI.fullmatch(text.strip())
    assert m, text
    year, month, day = (int(g.translate(_DIGITS)) for g in m.groups())
    return dt.date(1988 + year, month, day).isoformat()


@dataclass
class Result:
    tr: synth.Transcription
    outcome: Outcome
    layout: str
    text: str  # tei text of the output
    tree: etree._ElementTree

    def xpath(self, path: str, node=None) -> list:
        return (self.tree if node is None else node).xpath(path, namespaces=NS)

    def part(self, lang: str):
        found = self.xpath(f"//t:body/t:div[@xml:lang='{lang}']")
        return found[0] if found else None


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("synth")


def run(tr: synth.Transcription, workdir: Path, expected: set[str] | None = None,
        valid: bool = False) -> Result:
    """Write ``tr`` to a fresh folder, convert it, read back the TEI; the folder is removed.
    The warnings must be exactly of the ``expected`` rules (none by default); ``valid``: the TEI
    is checked against the edition's schema too."""
    work = Path(tempfile.mkdtemp(dir=workdir))
    try:
        source = work / tr.name
        source.write_bytes(tr.bytes())
        [outcome] = convert([source], work / "tei", EDITION, keep_reading=True)
        problems = [str(p) for p in outcome.problems]
        assert outcome.ok and outcome.output, problems
        assert {p.rule for p in outcome.problems} == (expected or set()), problems
        assert all(p.severity == "warning" for p in outcome.problems), problems
        if valid:
            report = validate([outcome.output])
            assert report.status == 0, [str(p) for p in report.problems]
        return Result(tr, outcome, read_document(source).layout, tei_text(outcome.output),
                      etree.parse(outcome.output))
    finally:
        shutil.rmtree(work)


def _first_difference(a: str, b: str) -> str:
    k = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at {k}: TEI …{a[max(0, k - 60):k + 60]}… / source …{b[max(0, k - 60):k + 60]}…"


# --- the properties -------------------------------------------------------------------------


@EXAMPLES
@given(tr=synth.transcriptions())
def test_converts_without_warnings_and_loses_nothing(workdir, tr):
    result = run(tr, workdir)
    assert result.layout == "cable"
    assert result.outcome.output.endswith(f"{tr.doc_id}.xml")
    back, source = normalise(result.text), normalise(tr.text, source=True)
    assert back == source, _first_difference(back, source)
    assert_words_in_order(source_words(tr.text), result.text, least=50)


@EXAMPLES
@given(tr=synth.transcriptions())
def test_translator_markers_are_counted_once(workdir, tr):
    result = run(tr, workdir)
    markers = TN.findall(tr.text)
    redactions = sum(1 for body in markers if BLACKED_OUT.search(body))
    assert redactions == tr.counts["en"]["redaction"]  # the generator agrees with the text
    assert len(result.xpath("//t:gap[@reason='redacted']")) == redactions
    assert len(result.xpath("//t:note[@type='translator']")) == len(markers) - redactions
    assert len(result.xpath("//t:choice[t:abbr][t:expan]")) == tr.counts["en"]["expansion"]
    assert len(result.xpath("//t:supplied")) == tr.counts["en"]["supplied"]
    for lang in ("en", "ja"):
        part = result.part(lang)
        if part is None:
            assert lang == "ja" and tr.layout == synth.WEB_PAGE
            continue
        assert len(result.xpath(".//t:stage[@type='reaction']", part)) == tr.counts[lang]["stage"]
        assert len(result.xpath(".//t:note[@type='cable']", part)) == \
            tr.counts[lang]["cable-note"]


@EXAMPLES
@given(tr=synth.transcriptions())
def test_every_speaker_resolves_in_the_file(workdir, tr):
    result = run(tr, workdir)
    persons = set(result.xpath("//t:person/@xml:id"))
    langs = ("ja", "en") if tr.layout == synth.ARCHIVE_EXPORT else ("en",)
    for lang in langs:
        turns = result.xpath(".//t:sp", result.part(lang))
        who = [sp.get("who") for sp in turns]
        assert all(w and w.startswith("#") and w[1:] in persons for w in who), (lang, who)
        assert [w[1:] for w in who] == tr.speakers, lang


def _paragraphs_stay_in_their_turns(result: Result) -> None:
    tr = result.tr
    langs = ("ja", "en") if tr.layout == synth.ARCHIVE_EXPORT else ("en",)
    for lang in langs:
        part = result.part(lang)
        in_turns = [len(result.xpath("t:p", sp)) for sp in result.xpath("t:sp", part)]
        assert in_turns == tr.paragraphs, lang
        outside = result.xpath("t:p", part)  # only the opening paragraph stands outside
        assert len(outside) == int(tr.intro), (lang, [etree.tostring(p)[:80] for p in outside])


@EXAMPLES
@given(tr=synth.transcriptions())
def test_every_paragraph_stays_in_its_turn(workdir, tr):
    _paragraphs_stay_in_their_turns(run(tr, workdir))


@settings(EXAMPLES, max_examples=10, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(tr=synth.transcriptions(reaction_paragraph=True))
def test_a_reaction_paragraph_stays_in_its_turn(workdir, tr):
    _paragraphs_stay_in_their_turns(run(tr, workdir))


@EXAMPLES
@given(tr=synth.archive_exports())
def test_translation_turns_point_to_the_original(workdir, tr):
    result = run(tr, workdir)
    original = result.xpath(".//t:sp", result.part("ja"))
    translation = result.xpath(".//t:sp", result.part("en"))
    ids = {sp.get(XML_ID): sp for sp in original}
    assert len(translation) == len(original) == len(tr.speakers)
    for k, sp in enumerate(translation):
        target = sp.get("corresp")
        assert target and target.startswith("#") and target[1:] in ids, (k, target)
        assert ids[target[1:]] is original[k]
        assert ids[target[1:]].get("who") == sp.get("who")


@EXAMPLES
@given(tr=synth.archive_exports())
def test_era_dates_get_their_gregorian_date(workdir, tr):
    result = run(tr, workdir)
    dates = [d for d in result.xpath(".//t:date", result.part("ja"))
             if HEISEI.search(d.text or "")]
    found = sorted((d.text, d.get("when")) for d in dates)
    assert found == sorted(tr.era_dates)
    for text, when in found:
        assert when == heisei_iso(text), text
    # the translation gives the same days (the form's date is the "Received:" date)
    english = Counter(result.xpath(".//t:date/@when", result.part("en")))
    assert Counter(when for _, when in found) <= english


# --- the same cables, copied as editors bring them ------------------------------------------

REDACTION = re.compile(r"\[TN:\s*[^\[\]]*?\bblacked out\b[^\[\]]*\]")
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _check_variant(result: Result) -> None:
    tr = result.tr
    text = CONTROLS.sub("", tr.text)  # what the reader keeps of the characters
    # every redaction marker is a gap of the text (none left as words, header lines included)
    assert len(result.xpath("//t:text//t:gap[@reason='redacted']")) == len(REDACTION.findall(
        text))
    # ... nor in the header's copies of the source's lines (its editorial declaration names
    # the marker as an example, in words)
    assert not result.xpath("//text()[contains(., '[TN:')][not(ancestor::t:encodingDesc)]")
    # every word of the source, in order; the documented normalisation agrees
    chrome = [*tr.chrome, "Skip to content"]
    assert_words_in_order(source_words(tr.text, chrome), result.text, least=50)
    back, source = normalise(result.text), normalise(tr.text, source=True)
    assert back == source, _first_difference(back, source)
    # the page chrome is left out and reported, line by line
    reported = [t for _, t in result.outcome.reading.chrome]
    assert sorted(reported) == sorted(c for c in chrome if c in text.split("\n")), reported
    # the speakers resolve as in the clean cable
    langs = ("ja", "en") if tr.layout == synth.ARCHIVE_EXPORT else ("en",)
    for lang in langs:
        who = [sp.get("who") for sp in result.xpath(".//t:sp", result.part(lang))]
        assert [w and w[1:] for w in who] == tr.speakers, (lang, who)
    # the dates are read as written, or left as words when they cannot be
    sent = result.xpath("//t:correspAction[@type='sent']/t:date/@when")
    received = result.xpath("//t:correspAction[@type='received']/t:date/@when")
    assert sent == [tr.sent_iso]
    assert received == ([tr.received_iso] if tr.received_iso else [])


@EXAMPLES
@given(tr=synth.varied())
def test_any_copy_of_a_cable_converts_valid_and_faithful(workdir, tr):
    _check_variant(run(tr, workdir, tr.expected, valid=True))


@pytest.mark.parametrize("variant", synth.VARIATIONS)
@settings(EXAMPLES, max_examples=8)
@given(data=st.data())
def test_each_variation_on_its_own(workdir, variant, data):
    layout = synth.WEB_PAGE if variant in synth.WEB_PAGE_ONLY else (
        synth.ARCHIVE_EXPORT if variant in synth.EXPORT_ONLY else None)
    tr = data.draw(synth.varied(layout, [variant]))
    assert tr.variants == (variant,) or variant == "shift-jis"  # (when the text allows it)
    _check_variant(run(tr, workdir, tr.expected, valid=True))


@EXAMPLES
@given(tr=synth.varied())
def test_the_index_card_read_from_the_heads_is_the_documents(workdir, tr):
    """The batch's first pass reads only the record and the heads: its index card (id,
    number, title, part, links) must be the one of the whole document."""
    work = Path(tempfile.mkdtemp(dir=workdir))
    try:
        source = work / tr.name
        source.write_bytes(tr.bytes())
        assert card(read_document(source, heads_only=True)) == card(read_document(source))
    finally:
        shutil.rmtree(work)


# --- the generator itself ---------------------------------------------------------------------


def test_corpus_is_deterministic():
    first = list(synth.corpus(30, seed=7))
    assert first == list(synth.corpus(30, seed=7))
    assert first != list(synth.corpus(30, seed=8))
    assert len({name for name, _ in first}) == 30
    numbers = [re.search(r"Cable No\. (\d+)", text).group(1) for _, text in first]
    assert len(set(numbers)) == 30
    layouts = {"Citation:" in text for _, text in first}
    assert layouts == {True, False}  # both layouts in the mix


def test_corpus_converts_the_same_in_parallel(tmp_path):
    sources = []
    for name, text in synth.corpus(12, seed=3):
        (tmp_path / name).write_text(text, encoding="utf-8")
        sources.append(tmp_path / name)
    outputs = {}
    for jobs in (1, 2):
        outcomes = convert(sources, tmp_path / f"tei-{jobs}", EDITION, jobs=jobs)
        assert [str(p) for o in outcomes for p in o.problems] == []
        assert all(o.ok for o in outcomes)
        outputs[jobs] = {Path(o.output).name: Path(o.output).read_bytes() for o in outcomes}
    assert outputs[1] == outputs[2]
