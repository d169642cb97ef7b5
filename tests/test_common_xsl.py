"""xslt/common.xsl, the element rules every output shares: text kept, apparatus visible, safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from saxonche import PySaxonProcessor

from tei import PROJECT_ROOT
from tei.xmlio import parse_bytes

from .conftest import NS, SHARED

HARNESS = Path(__file__).parent / "fixtures" / "common-harness.xsl"
XHTML = ""  # the harness writes HTML elements in no namespace


@pytest.fixture(scope="module")
def render():
    proc = PySaxonProcessor(license=False)
    executable = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(HARNESS))

    def run(xml: bytes, **params: str) -> etree._Element:
        node = proc.parse_xml(xml_text=xml.decode("utf-8"))
        executable.clear_parameters()
        for name, value in params.items():
            executable.set_parameter(name, proc.make_string_value(value))
        return etree.fromstring(executable.transform_to_string(xdm_node=node).encode("utf-8"))

    return run


def _words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _tei_text(tree: etree._ElementTree) -> str:
    text = tree.getroot().find("t:text", NS)
    # gap descriptions are rendered once, as the gap's words; everything else as it stands
    return "".join(text.itertext())


def _assert_rendered_in_order(render, data: bytes, name: str) -> None:
    html = render(data)
    body = html.find(f"{XHTML}body")
    rendered = _words("".join(body.itertext()))
    # every text node of the TEI text appears in the rendering, in document order
    position = 0
    pieces = 0
    for text_node in parse_bytes(data).getroot().find("t:text", NS).xpath(".//text()"):
        piece = _words(text_node)
        if not piece:
            continue
        found = rendered.find(piece, position)
        assert found >= 0, (name, piece[:60])
        position = found + len(piece)  # the next piece after this one: no overlaps
        pieces += 1
    assert pieces, name


@pytest.mark.parametrize("path", sorted((PROJECT_ROOT / "edition" / "tei").glob("*.xml")),
                         ids=lambda p: p.stem)
def test_every_word_of_the_text_is_rendered_in_order(render, path):
    _assert_rendered_in_order(render, path.read_bytes(), path.name)


def test_every_word_of_a_document_read_from_a_damaged_copy_is_rendered(render, tmp_path):
    """What the reader keeps of an unusual copy (a title page after the summary, paragraphs it
    could not place, a text with no cable part) is on the page too."""
    from tei.convert import convert
    from tei.edition import load_edition

    from .conftest import seed

    source = seed("000").read_text(encoding="utf-8")
    summary = "Clinton and Hosokawa discuss US-Japan economic ties."
    moved = source.replace(summary + "\n", "").replace(
        "Skip to content\n", f"Skip to content\n\n{summary}\n\nA line of the page no reader "
        "knows\n\n")
    (tmp_path / "moved.txt").write_text(moved, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Notes of a reader,\nnothing of a cable.\n\n注意のみ\n",
                                        encoding="utf-8")
    outcomes = convert(sorted(tmp_path.glob("*.txt")), tmp_path / "tei", load_edition())
    assert all(o.ok for o in outcomes)
    for outcome in outcomes:
        data = Path(outcome.output).read_bytes()
        assert b"<titlePage>" in data or b'type="unrecognised"' in data
        _assert_rendered_in_order(render, data, outcome.output)


def test_redaction_is_visible_with_its_description(render):
    data = (PROJECT_ROOT / "edition" / "tei" / "cable-1468.xml").read_bytes()
    html = render(data)
    gaps = html.findall(f".//{XHTML}span[@role='note']")
    assert gaps, "no redaction rendered"
    first = gaps[0]
    assert "reason-redacted" in first.get("class")
    assert "".join(first.itertext()) == "[redacted: blacked out]"
    assert first.get("title") == "Redacted in the original: blacked out"


def test_speakers_link_to_the_persons_index(render):
    html = render((PROJECT_ROOT / "edition" / "tei" / "cable-1468.xml").read_bytes())
    links = html.findall(f".//{XHTML}span[@class='tei-speaker']/{XHTML}a")
    assert links[0].get("href") == "persons.html#hosokawa-morihiro"
    assert links[0].get("title") == "細川護熙"  # the name in the turn's language (Japanese)


def test_unknown_elements_keep_their_text_and_links_are_safe(render):
    xml = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>
      <div><bogusBlock><p>first &lt;script&gt;alert(1)&lt;/script&gt;</p></bogusBlock>
      <p>see <ref target="javascript:alert(2)">this</ref> and
      <ref target="cable-1456.xml#x">that</ref>
      <note type="translator" place="inline">a note</note> <choice><abbr>APEC</abbr>
      <expan>Asia-Pacific Economic Cooperation</expan></choice>
      <supplied reason="translator">Hata</supplied>
      <oddInline>kept</oddInline></p></div></body></text></TEI>"""
    html = render(xml)
    serialised = etree.tostring(html, encoding="unicode")
    assert "<script" not in serialised and "&lt;script&gt;" in serialised
    assert "javascript:" not in serialised
    assert html.find(f".//{XHTML}a[@href='cable-1456.html#x']") is not None
    assert html.find(f".//{XHTML}div[@class='tei-bogusBlock']") is not None
    assert html.find(f".//{XHTML}span[@class='tei-oddInline']").text == "kept"
    assert html.find(f".//{XHTML}abbr").get("title") == "Asia-Pacific Economic Cooperation"
    note = html.find(f".//{XHTML}ol[@class='notes']/{XHTML}li")
    assert "Translator’s note: a note" in "".join(note.itertext())
    assert html.find(f".//{XHTML}a[@class='note-call']").get("href") == "#" + note.get("id")


@pytest.mark.shared
def test_foreign_tei_keeps_its_words(render):
    frus = SHARED / "corpus" / "frus" / "frus-history-documents"
    files = sorted(frus.glob("*.xml"))
    if not files:
        pytest.skip("no FRUS documents in ../shared")
    for path in files:
        tree = parse_bytes(path.read_bytes(), str(path))
        body = render(path.read_bytes()).find(f"{XHTML}body")
        rendered = "".join(body.itertext())
        source = _tei_text(tree)
        # every word of the source text is there (notes are moved to the end, so compare sets)
        missing = set(re.findall(r"\w+", source)) - set(re.findall(r"\w+", rendered))
        assert not missing, (path.name, sorted(missing)[:10])


def test_japanese_in_the_metadata_is_marked_as_japanese(render):
    html = render((PROJECT_ROOT / "edition" / "tei" / "cable-1468.xml").read_bytes())
    dl = html.find(f".//{XHTML}dl[@class='metadata']")
    classification = dl.xpath("dt[.='Classification']/following-sibling::dd[1]")[0]
    assert "".join(classification.itertext()) == "Secret (極秘)"
    assert [s.text for s in classification.findall("span[@lang='ja']")] == ["極秘"]


def test_a_list_of_labels_and_items_is_a_description_list(render):
    xml = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><div>
      <list type="gloss"><label>Record ID</label><item>42</item><label>Uploaded</label>
      <item/></list></div></body></text></TEI>"""
    dl = render(xml).find(f".//{XHTML}dl[@class='tei-list type-gloss']")
    assert [(c.tag, c.text) for c in dl] == [("dt", "Record ID"), ("dd", "42"),
                                             ("dt", "Uploaded"), ("dd", None)]


# ------------------------------------------- the marks of other editions' documents

def _text(body: str) -> bytes:
    return ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><div>'
            f"{body}</div></body></text></TEI>").encode()


def _spans(html: etree._Element, name: str) -> list[etree._Element]:
    return html.xpath(f".//span[contains(concat(' ', @class, ' '), ' tei-{name} ')]")


def test_a_space_renders_as_space(render):
    html = render(_text(
        '<p>düster,<space unit="chars" quantity="1"/>so; a<space quantity="3" unit="chars"/>b;'
        ' c<space unit="ems" quantity="2"/>d; e<space/>f; g<space dim="vertical" quantity="2"'
        ' unit="lines"/>h; i<space quantity="1000000000"/>j; k<space quantity="many"/>l</p>'))
    text = "".join(html.find("body").itertext())
    assert "düster, so" in text
    assert "a \u00a0\u00a0b" in text  # three characters wide: HTML keeps them all
    assert "c\u2003\u2003d" in text and "e f" in text
    assert len(_spans(html, "space")[4].findall("br")) == 2 and "gh" in text
    assert "i " + "\u00a0" * 19 + "j" in text  # at most 20, whatever the source asks
    assert "k l" in text


def test_a_page_break_shows_its_number_its_image_or_nothing_never_a_question_mark(render):
    html = render(_text('<p>a<pb n="2"/>b<pb facs="MS-B-00068-3"/>c<pb facs="#surface-4"/>d'
                        '<pb/>e<pb ed="translation"/>f</p>'))
    pages = _spans(html, "pb")
    assert [p.text for p in pages] == ["[p. 2]", "[facs. MS-B-00068-3]", "[facs. surface-4]",
                                       None, "‖"]
    assert [p.get("aria-label") for p in pages[:4]] == [
        "page 2 of the original", "page break of the original, facsimile MS-B-00068-3",
        "page break of the original, facsimile surface-4", "page break of the original"]
    assert "?" not in etree.tostring(html, encoding="unicode")


def test_a_reference_is_a_link_only_where_it_leads_somewhere(render):
    xml = _text(
        '<p xml:id="here">see <ref target="https://example.org/L02641">an absolute URL</ref>,'
        ' <ref target="L02641">a letter of another edition</ref>, <ref target="#here">this'
        ' paragraph</ref>, <ref target="#nowhere">an id the text lacks</ref>, <ref'
        ' target="cable-1456.xml#x">a cable of the edition</ref>, <ref target="letter-9.xml">'
        'a document not in it</ref>, <ptr target="ftp://example.org/x"/>.</p>')
    links = {"".join(a.itertext()): a.get("href") for a in render(xml).iter("a")}
    assert links == {"an absolute URL": "https://example.org/L02641",
                     "this paragraph": "#here", "a cable of the edition": "cable-1456.html#x",
                     "a document not in it": "letter-9.html"}  # the edition is not known
    known = render(xml, **{"edition-docs": "cable-1456 cable-1468"})
    links = {"".join(a.itertext()): a.get("href") for a in known.iter("a")}
    assert "a document not in it" not in links and "a cable of the edition" in links
    text = "".join(known.find("body").itertext())
    for words in ("a letter of another edition", "an id the text lacks", "a document not in it",
                  "ftp://example.org/x"):
        assert words in text  # the words stay, as plain text


def test_every_word_of_a_choice_and_a_description_is_rendered(render):
    html = render(_text(
        '<p>the <choice><sic>teh</sic><corr>the</corr></choice> colour <choice><orig>colour'
        '</orig><reg>color</reg></choice> <gap reason="illegible"><desc>two words</desc></gap>'
        '</p><listPlace><place xml:id="p1"><placeName>Wien</placeName> <desc type="entity_type">'
        'Besiedelter Ort (A.BSO)</desc></place></listPlace>'))
    text = " ".join("".join(html.find("body").itertext()).split())
    assert "the the [sic: teh] colour color [orig.: colour]" in text
    assert text.count("two words") == 1  # a gap's description is the gap's words, once
    assert "Wien Besiedelter Ort (A.BSO)" in text


def test_the_title_is_the_documents_own(render):
    """tc:title (the harness writes it on its body): the analytic title, else the main one;
    never the series'."""

    def title(header: str, text: str = "<body><p>x</p></body>") -> str:
        xml = (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
               f"{header}</titleStmt></fileDesc></teiHeader><text>{text}</text></TEI>")
        html = render(xml.encode())
        return html.find("body").get("data-title")

    assert title('<title level="s">Briefwechsel</title><title type="iso-date">1889-08-02'
                 '</title><title level="a">Mamroth an Schnitzler</title>') == (
        "Mamroth an Schnitzler")
    assert title('<title type="main">Cable No. 1468</title><title type="original">日米</title>'
                 ) == "Cable No. 1468"
    assert title('<title type="short">Short</title><title type="complete">The complete title'
                 '</title>') == "The complete title"
    assert title('<title level="s">A series</title><title type="iso-date">1889</title>',
                 '<front><titlePage><docTitle><titlePart>Der Gruftwächter</titlePart>'
                 '</docTitle></titlePage></front><body><p>x</p></body>') == "Der Gruftwächter"
    assert title('<title level="m">A monograph</title>') == "Untitled document"
