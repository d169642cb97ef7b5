"""Documents imported from other archives, published as their own editors meant them: the
Schnitzler letter and the DraCor play of ../shared/corpus beside the shipped edition (its
cables and register) — their own titles, every word with its spacing, pages without "?",
no link that leads nowhere, a key to their own marks, a play's speakers and a letter's
registers in the indexes, kept apart from the register's persons."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from tei import PROJECT_ROOT
from tei.edition import load_edition
from tei.exchange.importer import import_sources
from tei.publish.html import build_site
from tei.xmlio import parse_file

from .conftest import NS, SHARED
from .test_import import _in_order, _squeeze

OTHER = SHARED / "corpus" / "other-tei"
LETTER = OTHER / "schnitzler-briefe" / "L00001.xml"
PLAY = OTHER / "dracor" / "kafka-der-gruftwaechter.xml"
VOLUME = PROJECT_ROOT / "tests" / "fixtures" / "exchange" / "frus-like-volume.xml"
ANY = str(PROJECT_ROOT / "tests" / "fixtures" / "exchange" / "any-xml.rng")
EDITION = PROJECT_ROOT / "edition"

#: A play of another archive whose speaker has the id of a person of the register: it is its
#: own person, not the register's.
NAMESAKE = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="namesake"><teiHeader><fileDesc>
<titleStmt><title>A Namesake</title></titleStmt><publicationStmt><publisher>Another Stage
</publisher></publicationStmt><sourceDesc><p>typed</p></sourceDesc></fileDesc><profileDesc>
<particDesc><listPerson><person xml:id="hosokawa-morihiro"><persName>Mori the gardener
</persName></person></listPerson></particDesc></profileDesc></teiHeader><text><body><div>
<sp who="#hosokawa-morihiro"><speaker>Mori</speaker><p>The roses want water.</p></sp></div>
</body></text></TEI>"""

pytestmark = pytest.mark.shared


def _edition(root: Path, sources: list[Path]) -> Path:
    """A copy of the shipped edition with ``sources`` imported into its imported/ folder."""
    (root / "tei").mkdir(parents=True)
    for name in ("edition.toml", "persons.xml"):
        shutil.copy(EDITION / name, root)
    for path in (EDITION / "tei").glob("*.xml"):
        shutil.copy(path, root / "tei")
    outcomes = import_sources(sources, root / "imported", schemas=(ANY,))
    assert all(o.written for o in outcomes), [o.problems for o in outcomes]
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if not (LETTER.is_file() and PLAY.is_file()):
        pytest.skip("the letter and the play are not in ../shared/corpus")
    tmp = tmp_path_factory.mktemp("imported-site")
    namesake = tmp / "namesake.xml"
    namesake.write_text(NAMESAKE, encoding="utf-8")
    root = _edition(tmp / "edition", [LETTER, PLAY, VOLUME, namesake])
    report = build_site(load_edition(root), root / "html", search=False)
    assert report.ok, [str(p) for p in report.problems]
    return root / "html"


def page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / rel)).getroot()


def words(element) -> str:
    return " ".join(element.text_content().split())


def test_pages_are_titled_with_the_documents_own_title(site):
    letter = page(site, "documents/L00001.html")
    title = "Fedor Mamroth an Arthur Schnitzler, 2.\u00a08.\u00a01889"  # as the letter writes it
    assert letter.findtext(".//title").startswith(title + " — ")
    assert letter.find(".//h1").text == title
    assert "Briefwechsel" not in letter.findtext(".//title")  # the series' title
    play = page(site, "documents/ger000566.html")
    assert play.find(".//h1").text == "Der Gruftwächter"
    # the pages that list documents say the same
    index = {a.get("href"): a.text for a in page(site, "index.html").iterfind(".//h3/a")}
    assert index["documents/L00001.html"] == title
    assert index["documents/ger000566.html"] == "Der Gruftwächter"
    assert " ".join(title.split()) in words(page(site, "chronology.html"))


@pytest.mark.parametrize("source, name", [(LETTER, "L00001"), (PLAY, "ger000566")])
def test_every_word_in_order_with_its_spacing_and_no_question_marks(site, source, name):
    main = page(site, f"documents/{name}.html").find(".//main")
    rendered = _squeeze("".join(main.itertext()))
    text = parse_file(source).getroot().find("t:text", NS)
    for part in text.xpath("t:front | t:body | t:back", namespaces=NS):
        nodes = part.xpath(".//text()[not(ancestor::t:note)]", namespaces=NS)
        assert _in_order(nodes, rendered) is None, _in_order(nodes, rendered)
    for note in text.iter(f"{{{NS['t']}}}note"):
        assert _in_order(note.xpath(".//text()"), rendered) is None
    pages = [p.text_content() for p in main.xpath(".//section[@class='doc-text']"
                                                  "//span[contains(@class, 'tei-pb')]")]
    assert pages and not any("?" in p for p in pages), pages
    if name == "L00001":
        said = words(main)
        assert "ist leider auch mir zu düster, so kunstvoll" in said  # <space/> is a space
        assert "Frankfurt a. M., 2. Aug. 1889" in said
        assert pages[0] == "[facs. MS-SCHNITZLER-B-00068-000-00003]"  # a pb with facs only
        assert "Besiedelter Ort (A.BSO)" in said  # a place's desc in the back
    else:
        assert pages[:3] == ["[p. 290]", "[p. 291]", "[p. 292]"]


def test_the_plain_text_keeps_the_space_too():
    """`tei text` (and the plain-text export): a space is a space there too."""
    from tei.text import tree_text

    text = " ".join(tree_text(parse_file(LETTER)).split())
    assert "zu düster, so kunstvoll" in text


def test_references_outside_the_edition_are_plain_text(site):
    letter = page(site, "documents/L00001.html")
    linked = letter.find(".//ul[@class='doc-links']")
    assert linked.findall(".//a") == []  # L02641 … are letters of another edition
    assert "Previous letter: Goldmann an Schnitzler, 25. 6. 1889" in words(linked)
    hrefs = [a.get("href") for a in letter.iter("a")]
    assert not [h for h in hrefs if h in ("L02641", "L00020", "1889-09-08",
                                          "correspondence_4986")], hrefs


def test_every_link_resolves_and_ids_are_unique(site):
    """Relative links only, to files and ids that exist, on every page of the site that
    publishes the imported documents beside the cables."""
    for html in site.rglob("*.html"):
        root = page(site, str(html.relative_to(site)))
        ids = root.xpath("//@id")
        assert len(ids) == len(set(ids)), (html.name, sorted(i for i in ids if ids.count(i) > 1))
        for element in root.iter("a", "link", "img", "script"):
            url = element.get("href") or element.get("src")
            if not url or url.startswith(("http://", "https://", "mailto:", "data:",
                                          "pagefind/")):  # built without the search index
                continue
            parts = urlsplit(url)
            target = (html.parent / unquote(parts.path)).resolve() if parts.path else html
            assert target.is_file(), (html.name, url)
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in page(site, str(target.relative_to(site))).xpath(
                    "//@id"), (html.name, url)


def test_the_key_to_the_marks_speaks_of_each_documents_own_marks(site):
    def legend(name: str) -> dict[str, str]:
        section = page(site, f"documents/{name}.html").find(".//section[@class='legend']")
        return {words(div.find("dt")): words(div.find("dd")) for div in section.xpath("dl/div")}

    letter = legend("L00001")
    assert "scanned cable" not in str(letter)
    assert letter["[facs. MS-SCHNITZLER-B-00068-000-00003]"].startswith(
        "A new page of the source begins here (where it has no number, the page image")
    assert letter["1"] == "A note of the source's editors, listed under Notes."
    play = legend("ger000566")
    assert play["[p. 290]"] == "A new page of the source begins here."
    assert play["Pause"] == "A stage direction, in italics."
    assert set(play) == {"[p. 290]", "Pause"}  # only the marks the play uses
    cable = legend("cable-1468")  # the edition's own cable: as before
    assert cable["[p. 1]"] == "A new page of the original (the scanned cable) begins here."
    assert any(d.startswith("Text redacted (blacked out) in the archive's copy")
               for d in cable.values())


def test_a_plays_speakers_are_its_own_persons_in_the_persons_index(site):
    play = page(site, "documents/ger000566.html")
    speakers = {a.text_content().rstrip(":"): a.get("href")
                for a in play.iterfind(".//span[@class='tei-speaker']/a")}
    assert speakers == {"Fürst": "../persons.html#ger000566.fuerst",
                        "Kammerherr": "../persons.html#ger000566.kammerherr",
                        "Wächter": "../persons.html#ger000566.waechter"}
    persons = page(site, "persons.html")
    fuerst = persons.get_element_by_id("ger000566.fuerst")
    assert fuerst.find("h3").text == "Fürst"
    assert fuerst.getparent().find("h2").text == "Persons of DraCor"  # kept apart by source
    assert "turn 3: Nun?" in words(fuerst)
    # a namesake of a person of the register is not that person
    namesake = page(site, "documents/namesake.html").find(".//span[@class='tei-speaker']/a")
    assert namesake.get("href") == "../persons.html#namesake.hosokawa-morihiro"
    assert words(persons.get_element_by_id("namesake.hosokawa-morihiro").find("h3")) == (
        "Mori the gardener")
    register = persons.get_element_by_id("hosokawa-morihiro")
    assert "namesake" not in lxml.html.tostring(register, encoding="unicode")
    assert "Hosokawa" in words(register.find("h2"))


def test_a_letters_persons_places_and_organisations_are_in_the_indexes(site):
    letter = page(site, "documents/L00001.html")
    hrefs = {a.text_content(): a.get("href") for a in letter.iter("a")}
    assert hrefs["Mamroth, Fedor"] == "../persons.html#L00001.pmb4986"  # the sender
    assert hrefs["Frankfurt a. M."] == "../places.html#L00001.pmb146"  # <rs type="place">
    assert hrefs["Der\n                  Sohn"] == "#pmb30257"  # a work: its entry in the back
    persons = page(site, "persons.html")
    mamroth = persons.get_element_by_id("L00001.pmb4986")
    assert mamroth.find("h3").text == "Fedor Mamroth" and "— sender" in words(mamroth)
    assert mamroth.getparent().find("h2").text == (
        "Persons of Arthur Schnitzler: Briefwechsel mit Autorinnen und Autoren (Austrian "
        "Centre for Digital Humanities and Cultural Heritage)")
    places = page(site, "places.html")
    frankfurt = places.get_element_by_id("L00001.pmb146")
    assert words(frankfurt).startswith("Frankfurt am Main (also Frankfurt/M.?, Frankfurt,")
    assert frankfurt.find("a").get("href") == "documents/L00001.html"
    # the cables' places stay in a list of their own, first
    lists = places.findall(".//ul[@class='name-index']")
    assert "United Nations" in words(lists[0]) and "Frankfurt" not in words(lists[0])
    organisations = page(site, "organisations.html")
    assert words(organisations.get_element_by_id("L00001.pmb29442")).startswith(
        "Frankfurter Zeitung:")


def test_a_volumes_register_person_is_one_entry_for_all_its_documents(site):
    """FRUS persons point to the volume's register (@corresp): one entry, an anchor for each
    document's links."""
    persons = page(site, "persons.html")
    baker = persons.get_element_by_id("frus-test-v1-d2.p_BB1")
    assert baker.find("h3").text == "Baker, Bob"
    ids = baker.xpath(".//@id")
    documents = [a.get("href") for a in baker.iterfind(".//ul[@class='person-docs']/li/a")]
    assert len(documents) >= 2 and len([i for i in ids if i.endswith(".p_BB1")]) == len(
        documents), (ids, documents)


def test_a_link_to_a_document_is_drawn_once_the_document_is_in_the_edition(tmp_path):
    """A page's links depend on which documents the edition has: when the one it links to
    arrives, the page is written again (and only it, of the other pages)."""
    (tmp_path / "tei").mkdir()
    for name in ("edition.toml", "persons.xml"):
        shutil.copy(EDITION / name, tmp_path)
    (tmp_path / "imported").mkdir()
    letter = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}"><teiHeader><fileDesc>'
              '<titleStmt><title>{id}</title></titleStmt><publicationStmt><p>x</p>'
              '</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>'
              '<text><body><p>See <ref target="{to}.xml">the answer</ref>.</p></body></text>'
              '</TEI>')
    (tmp_path / "imported" / "ask.xml").write_text(letter.format(id="ask", to="answer"))
    out = tmp_path / "html"
    assert build_site(load_edition(tmp_path), out, search=False).ok
    assert page(out, "documents/ask.html").xpath(".//a[.='the answer']") == []
    (tmp_path / "imported" / "answer.xml").write_text(letter.format(id="answer", to="ask"))
    report = build_site(load_edition(tmp_path), out, search=False)
    assert "documents/ask.html" in report.written and "documents/answer.html" in report.written
    assert page(out, "documents/ask.html").xpath(".//a[.='the answer']/@href") == [
        "answer.html"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_pdf_of_a_letter_and_of_a_play(tmp_path):
    """Each document's own PDF (`tei build pdf --each`): its own title (page and metadata),
    every word with its spacing, no "?", the play's speakers from its own particDesc, and
    every internal link with its target."""
    import subprocess

    import pypdf

    from tei.publish.pdf import build_pdf, corpus, load_documents, render_html

    if not (LETTER.is_file() and PLAY.is_file()):
        pytest.skip("the letter and the play are not in ../shared/corpus")
    root = _edition(tmp_path / "edition", [LETTER, PLAY])
    edition = load_edition(root)
    play = parse_file(root / "imported" / "ger000566.xml")
    html = render_html(corpus(edition, [play]), whole_book=False, edition_docs="ger000566")
    speakers = re.search(r'<div class="speakers">.*?</div>', html).group(0)
    assert re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', speakers) == [
        ("#ger000566.fuerst", "Fürst"), ("#ger000566.kammerherr", "Kammerherr"),
        ("#ger000566.waechter", "Wächter")]
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= ids
    assert "The document is printed as its source published it" in html  # not "the scan"
    # the book: its introduction counts the cables as cables, the others apart
    book = " ".join(render_html(corpus(edition, load_documents(edition))).split())
    assert "This edition presents three declassified diplomatic cables" in book
    assert "Beside them the book prints two documents imported from other archives" in book
    built = {b.path.stem: b for b in build_pdf(edition, tmp_path / "pdf", each=True)}
    letter = built["L00001"]
    assert pypdf.PdfReader(letter.path).metadata.title == (
        "Fedor Mamroth an Arthur Schnitzler, 2.\u00a08.\u00a01889")
    printed = " ".join(subprocess.run(
        ["pdftotext", "-q", "-enc", "UTF-8", str(letter.path), "-"], capture_output=True,
        text=True, check=True).stdout.split())
    assert "zu düster, so kunstvoll" in printed
    assert "[facs. MS-SCHNITZLER-B-00068-000-00003]" in printed and "[p. ?]" not in printed
    assert "Arthur Schnitzler: Briefwechsel" not in printed.split("Imported from")[0]
    assert pypdf.PdfReader(built["ger000566"].path).metadata.title == "Der Gruftwächter"
