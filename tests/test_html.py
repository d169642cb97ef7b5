"""The HTML edition (`tei build html`): the pages' structure on the shipped edition, the
aligned columns, the apparatus, links, incremental rebuilds, foreign and hostile TEI."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from tei import PROJECT_ROOT
from tei.cli import BUILD_STEPS, main
from tei.edition import load_edition
from tei.publish import kept
from tei.publish.html import LISTING_PAGES, build_site, make_server
from tei.xmlio import parse_file, without_xml_models

from .conftest import NS, SHARED

EDITION = PROJECT_ROOT / "edition"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / rel)).getroot()


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def copy_edition(tmp_path: Path, with_tei: bool = True) -> Path:
    """A private copy of the edition (edition.toml, persons register, TEI) to change."""
    root = tmp_path / "edition"
    (root / "tei").mkdir(parents=True)
    shutil.copy(EDITION / "edition.toml", root)
    shutil.copy(EDITION / "persons.xml", root)
    if with_tei:
        for path in (EDITION / "tei").glob("*.xml"):
            shutil.copy(path, root / "tei")
    return root


# ------------------------------------------------------------------------ the pages


def test_every_page_is_written(site):
    for name in LISTING_PAGES:
        assert (site / f"{name}.html").is_file(), name
    for path in (EDITION / "tei").glob("*.xml"):
        assert (site / "documents" / f"{path.stem}.html").is_file()
        # the download is the edition's file, its xml-model PIs pointing to the site's schemas
        assert (without_xml_models((site / "tei" / path.name).read_bytes())
                == without_xml_models(path.read_bytes()))
    for asset in ("common.css", "site.css", "site.js"):
        assert (site / "assets" / asset).is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["ja"]["page_count"] == 3  # one index for both languages


def test_index_lists_every_document_in_chronological_order(site):
    index = page(site, "index.html")
    assert index.get("lang") == "en"
    assert index.findtext(".//h1") == "Japan–United States Summit Cables, 1993–1994"
    assert "Each cable is given in the Japanese original" in index.find(
        ".//section[@class='intro']").text_content()
    entries = index.findall(".//li[@class='doc-entry']")
    hrefs = [e.find(".//h3/a").get("href") for e in entries]
    assert hrefs == ["documents/cable-5515.html", "documents/cable-1456.html",
                     "documents/cable-1468.html"]
    first = entries[2]
    line = first.find(".//p[@class='doc-line']").text_content()
    assert "12 February 1994" in line and "Ambassador Kuriyama → The Foreign Minister" in line
    assert "detailed discussion about US-Japan economic ties" in first.text_content()
    assert first.get("data-year") == "1994" and first.get("data-type") == "cable"
    assert {"hosokawa-morihiro", "clinton-bill", "gore-al"} <= set(
        first.get("data-person").split())
    # filters, revealed by the script (hidden without it, when all documents show)
    form = index.find(".//form[@class='filters']")
    assert form.get("hidden") is not None
    assert [o.get("value") for o in form.findall(".//select[@id='filter-year']/option")] == [
        "", "1993", "1994"]
    people = [o.get("value") for o in form.findall(".//select[@id='filter-person']/option")]
    assert "hosokawa-morihiro" in people and "kantor-mickey" not in people  # named nowhere
    assert [o.get("value") for o in form.findall(".//select[@id='filter-type']/option")] == [
        "", "cable"]


def test_original_and_translation_sit_side_by_side_turn_by_turn(site):
    doc = page(site, "documents/cable-1468.html")
    parallel = doc.find(".//section[@class='parallel view-both']")
    rows = parallel.findall("div")
    aligned = [r for r in rows if "row-aligned" in r.get("class")]
    # head, 7 turns and the trailer: each beside its translation
    assert len(aligned) == 9
    tree = parse_file(EDITION / "tei" / "cable-1468.xml")
    for unit in tree.iterfind(".//t:div[@type='translation']/*[@corresp]", NS):
        original_id = unit.get("corresp").lstrip("#")
        unit_id = unit.get("{http://www.w3.org/XML/1998/namespace}id")
        row = doc.get_element_by_id(unit_id).xpath("ancestor::div[contains(@class, 'row ')]")[0]
        left, right = row.findall("div")
        assert left.get("lang") == "ja" and right.get("lang") == "en"
        assert left.xpath(f".//*[@id='{original_id}']"), (unit_id, original_id)
        assert right.xpath(f".//*[@id='{unit_id}']")
    sp = [r for r in aligned if r.xpath(".//div[contains(@class, 'tei-sp')]")]
    assert [r.xpath("div[1]/div/@id")[0] for r in sp] == [
        f"cable-1468-ja-sp{k}" for k in range(1, 8)]
    # what has no counterpart (telegram form, metadata lines) gets rows of its own
    unaligned = [r for r in rows if "row-unaligned" in r.get("class")]
    assert unaligned and "Number:" in unaligned[0].find("div[2]").text_content()
    # the view switch: present for the script, hidden without it
    switch = parallel.find("div[@class='view-switch']")
    assert switch.get("hidden") is not None
    assert [b.get("data-view") for b in switch.findall("button")] == ["both", "orig", "trans"]


def test_two_translations_of_one_original_show_it_once(tmp_path):
    root = copy_edition(tmp_path, with_tei=False)
    (root / "tei" / "two.xml").write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0">
      <teiHeader/><text><body>
      <div type="original" xml:lang="ja" xml:id="o"><p xml:id="o1">原文</p><p>注</p></div>
      <div type="translation" xml:lang="en" xml:id="t" corresp="#o"><p>Added first</p>
        <p corresp="#o1">Original text</p></div>
      <div type="translation" xml:lang="fr" xml:id="f" corresp="#o"><p corresp="#o1">Texte</p>
      </div></body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "html"
    assert build_site(load_edition(root), out, search=False).ok
    doc = page(out, "documents/two.html")
    assert len(doc.xpath("//*[@id='o1']")) == 1
    rows = doc.findall(".//section[@class='parallel view-both']/div")[2:]
    assert [(r.get("class"), r[0].text_content(), r[1].text_content()) for r in rows] == [
        ("row row-unaligned", "", "Added first"), ("row row-aligned", "原文", "Original text"),
        ("row row-unaligned", "注", "")]
    assert doc.xpath("//section[@id='f'][@lang='fr']")[0].text_content().strip() == "Texte"


def test_a_translation_only_document_has_one_column(site):
    doc = page(site, "documents/cable-1456.html")
    assert doc.find(".//section[@class='parallel view-both']") is None
    section = doc.find(".//section[@id='cable-1456-en']")
    assert section.get("lang") == "en" and section.findall(".//div[@data-who]")


def test_redactions_are_drawn_with_the_translators_words(site):
    doc = page(site, "documents/cable-1468.html")
    gaps = doc.xpath(".//span[contains(@class, 'tei-gap')][contains(@class, 'reason-redacted')]"
                     "[ancestor::section[contains(@class, 'parallel')]]")
    assert len(gaps) == 3
    assert [g.find("span[@class='gap-desc']").text for g in gaps] == [
        "blacked out", "time blacked out", "time blacked out"]
    assert gaps[1].get("title") == "Redacted in the original: time blacked out"
    assert gaps[1].text_content() == "[redacted: time blacked out]"  # for screen readers too
    legend = doc.find(".//section[@class='legend']")
    assert "redacted (blacked out)" in legend.text_content()


def test_additions_expansions_notes_and_pages_are_marked_and_explained(site):
    separate = page(site, "documents/cable-5515.html")
    supplied = separate.xpath(".//section[@class='doc-text']"
                              "//span[contains(@class, 'tei-supplied')]")[0]
    assert supplied.text_content() == "[Japanese]"
    assert supplied.get("title") == "Added by the translator"
    assert "Words added by the translator" in separate.find(
        ".//section[@class='legend']").text_content()
    first = page(site, "documents/cable-1456.html")
    abbr = first.find(".//section[@class='doc-text']//abbr[@class='tei-abbr']")
    assert abbr.text == "NAFTA" and abbr.get("title") == "North American Free Trade Agreement"
    assert "translator's expansion" in first.find(".//section[@class='legend']").text_content()
    second = page(site, "documents/cable-1468.html")
    pages = [p.text for p in second.xpath(".//span[contains(@class, 'tei-pb')]"
                                          "[ancestor::section[contains(@class, 'parallel')]]")]
    assert pages[:4] == ["[p. 1]", "[p. 2]", "‖", "[p. 3]"]


def test_notes_are_numbered_and_linked(site):
    for path in (EDITION / "tei").glob("*.xml"):
        tree = parse_file(path)
        numbered = tree.xpath(".//t:text//t:note[not(@type='cable')]"
                              "[not(ancestor::t:bibl or ancestor::t:biblStruct)]",
                              namespaces=NS)
        doc = page(site, f"documents/{path.stem}.html")
        notes = doc.findall(".//ol[@class='notes']/li")
        assert len(notes) == len(numbered), path.name
        for k, note in enumerate(notes, 1):
            call = doc.xpath(f".//a[@class='note-call'][@href='#{note.get('id')}']")
            assert call and call[0].text_content() == str(k)


def test_a_translators_note_is_a_numbered_note_after_the_text(tmp_path):
    root = copy_edition(tmp_path)
    path = root / "tei" / "cable-1468.xml"
    path.write_bytes(path.read_bytes().replace(
        b"A cooling off period will be necessary.",
        b"A cooling off period<note type=\"translator\" place=\"inline\" "
        b"resp=\"#mercado-stephen\">literally, 'cooling off'</note> will be necessary."))
    out = tmp_path / "html"
    assert build_site(load_edition(root), out, search=False).ok
    doc = page(out, "documents/cable-1468.html")
    call = doc.find(".//section[@class='doc-text']//a[@class='note-call']")
    assert call.text_content() == "1"
    assert call.xpath("ancestor::div[contains(@class, 'col-trans')]")  # in the English column
    notes = doc.findall(".//section[@class='doc-notes']//ol[@class='notes']/li")
    assert len(notes) == 1 and call.get("href") == "#" + notes[0].get("id")
    assert "Translator’s note: literally, 'cooling off'" in notes[0].text_content()
    assert "listed under Notes" in doc.find(".//section[@class='legend']").text_content()


def test_every_word_of_each_document_is_on_its_page(site):
    for path in (EDITION / "tei").glob("*.xml"):
        tree = parse_file(path)
        text = " ".join(tree.getroot().find("t:text", NS).itertext())
        rendered = " ".join(page(site, f"documents/{path.stem}.html").find(".//main").itertext())
        assert not words(text) - words(rendered), (path.name, words(text) - words(rendered))


def test_every_run_of_japanese_is_marked_as_japanese(site):
    for rel in ["index.html", "persons.html", "chronology.html", "places.html"] + [
            f"documents/{p.stem}.html" for p in (EDITION / "tei").glob("*.xml")]:
        for element in page(site, rel).iter():
            if not isinstance(element.tag, str):
                continue
            runs = [element.text] + [child.tail for child in element]
            if any(run and CJK.search(run) for run in runs):
                lang = next(e.get("lang") for e in element.iterancestors(None)
                            if e.get("lang")) if not element.get("lang") else element.get("lang")
                assert lang == "ja", (rel, element.tag, element.text_content()[:40])


def test_metadata_panel_links_cite_box_and_download(site):
    doc = page(site, "documents/cable-1468.html")
    meta = doc.find(".//section[@class='doc-meta']")
    facts = dict(zip([dt.text_content() for dt in meta.findall(".//dt")],
                     [dd.text_content() for dd in meta.findall(".//dd")], strict=True))
    assert facts["Cable number"] == "1468"
    assert facts["Classification"] == "Secret (極秘)"
    assert facts["Precedence"] == "Top Urgent (大至急)"
    assert facts["Distribution"] == "Limited Distribution (限定配布)"
    assert facts["Sent"] == "Ambassador Kuriyama, United Nations, February 12, 1994"
    assert facts["Received"] == "The Foreign Minister, MOFA, February 13, 1994"
    assert facts["File number"] == "2014-00540" and facts["Translator"] == "Stephen Mercado"
    assert meta.xpath(".//a[@href='https://wilson-center.drivingcreative.com/document/240307']")
    prev = meta.find(".//ul[@class='doc-links']/li")
    assert prev.text_content().startswith("Previous part: Cable No. 1456")
    assert prev.find("a").get("href") == "cable-1456.html"
    download = meta.find(".//p[@class='doc-download']/a")
    assert download.get("href") == "../tei/cable-1468.xml"
    cite = doc.find(".//section[@class='cite']").text_content()
    assert "Japan–United States Summit Cables, 1993–1994" in cite
    assert "document cable-1468, documents/cable-1468.html" in cite
    assert "File No. 2014-00540. Translated by Stephen Mercado." in cite  # the archive's
    # the related documents of the web page link to the one in the edition
    first = page(site, "documents/cable-1456.html")
    assert first.xpath(".//*[contains(@class,'type-related')]//a[@href='cable-1468.html']")


def test_a_downloaded_tei_file_finds_the_published_schemas(site):
    """Its xml-model PIs point to the copies of the schemas the site publishes."""
    tei = site / "tei" / "cable-1468.xml"
    tree = parse_file(tei)
    models = [pi for pi in tree.getroot().itersiblings(preceding=True)
              if getattr(pi, "target", "") == "xml-model"]
    hrefs = sorted(pi.get("href") for pi in models)
    assert hrefs == ["../schema/tei-cables.rng", "../schema/tei-cables.sch"]
    rng = etree.RelaxNG(parse_file(tei.parent / hrefs[0]))
    assert rng.validate(tree), rng.error_log
    assert (site / "schema" / "tei-cables.xsd").is_file()
    assert (site / "schema" / "xml.xsd").is_file()  # the XSD imports it
    # apart from the PIs, the download is the edition's file
    shipped = (PROJECT_ROOT / "edition" / "tei" / "cable-1468.xml").read_bytes()
    assert without_xml_models(tei.read_bytes()) == without_xml_models(shipped)


def test_speakers_link_to_the_persons_index_which_lists_every_turn(site):
    """(Changed with issue 12: each person's documents and turns are on the person's own page,
    persons/<id>.html, linked from the persons index; persons.html of 10,000 cables was
    43 MB.)"""
    doc = page(site, "documents/cable-1468.html")
    speaker = doc.find(".//span[@class='tei-speaker']/a")
    assert speaker.get("href") == "../persons.html#hosokawa-morihiro"
    # who speaks is said on the page, unless the label says it already
    named = {sp.get("id"): sp.findtext("span[@class='speaker-name']")
             for sp in doc.iterfind(".//div[@data-who]")}
    assert named["cable-1468-ja-sp1"] == "細川" and named["cable-1468-en-sp1"] == "Hosokawa"
    assert named["cable-1468-ja-sp6"] == "羽田"  # (本大臣), "this Minister"
    assert named["cable-1468-en-sp2"] is None  # (Clinton)
    persons = page(site, "persons.html")
    section = persons.get_element_by_id("hosokawa-morihiro")
    assert "細川護熙" in section.find("h2").text_content()
    assert "Prime Minister of Japan (1993-08-09–1994-04-28)" in section.text_content()
    link = section.find(".//p[@class='person-docs-link']/a")
    assert link.get("href") == "persons/hosokawa-morihiro.html"
    assert link.text_content() == "3 documents name this person"
    # a person of the register no document names has no page
    assert "No document of the edition names this person yet." in persons.get_element_by_id(
        "ishibashi-tanzan").text_content()
    assert not (site / "persons" / "ishibashi-tanzan.html").exists()
    own = page(site, "persons/hosokawa-morihiro.html")
    assert "細川護熙" in own.find(".//h1").text_content()
    assert "Prime Minister of Japan (1993-08-09–1994-04-28)" in own.text_content()
    hrefs = {a.get("href") for a in own.iter("a")}
    assert "../persons.html#hosokawa-morihiro" in hrefs
    for path in (EDITION / "tei").glob("*.xml"):
        for sp in parse_file(path).iterfind(".//t:sp[@who='#hosokawa-morihiro']", NS):
            sp_id = sp.get("{http://www.w3.org/XML/1998/namespace}id")
            assert f"../documents/{path.stem}.html#{sp_id}" in hrefs
    # roles in the documents, and the first words of each turn
    assert "(12 February 1994) — recipient" in page(
        site, "persons/hata-tsutomu.html").text_content()
    assert page(site, "persons/mercado-stephen.html").text_content().count("translator") == 3
    first = own.xpath(".//a[@href='../documents/cable-1468.html#cable-1468-en-sp1']/..")[0]
    assert first.text_content().startswith("turn 1: First, speaking of macroeconomic measures")
    assert sorted(p.stem for p in (site / "persons").glob("*.html")) == [
        "christopher-warren", "clinton-bill", "gore-al", "hata-tsutomu", "hatano-yoshio",
        "hosokawa-morihiro", "kuriyama-takakazu", "mercado-stephen"]


def test_a_changed_entry_redraws_only_its_persons_pages(tmp_path):
    """The pages of the persons a changed document names (before or after the change) are
    drawn again, no other; a person no document names any more loses the page."""
    edition = load_edition(copy_edition(tmp_path))
    out = tmp_path / "html"
    build_site(edition, out)
    before = {p.name: p.stat().st_mtime_ns for p in (out / "persons").glob("*.html")}
    changed = edition.tei_dir / "cable-5515.xml"  # sent by Hatano, who is in no other cable
    data = changed.read_bytes()
    title = re.search(rb"<title type=\"main\">([^<]*)</title>", data).group(1)
    changed.write_bytes(data.replace(title, title + b" (revised)", 1))
    report = build_site(edition, out)
    redrawn = sorted(r for r in report.written if r.startswith("persons/"))
    assert "persons/hatano-yoshio.html" in redrawn
    assert "persons/mercado-stephen.html" in redrawn  # the translator of every cable
    named = set(load_entry_persons(out, "cable-5515"))
    assert {r[len("persons/"):-len(".html")] for r in redrawn} == named
    for name, mtime in before.items():
        if name[:-len(".html")] not in named:
            assert (out / "persons" / name).stat().st_mtime_ns == mtime
    assert "(revised)" in page(out, "persons/hatano-yoshio.html").text_content()
    changed.unlink()
    report = build_site(edition, out)
    assert "persons/hatano-yoshio.html" in report.removed
    assert not (out / "persons" / "hatano-yoshio.html").exists()
    assert (out / "persons" / "hosokawa-morihiro.html").is_file()


def test_a_persons_page_after_a_change_is_the_page_of_a_build_from_nothing(tmp_path):
    """(Issue 12) Each document's item on a person's page is drawn with the document's page
    (kept with it, .tei-site/kept) and the items are put in the order of the edition (by date,
    then id) when the page is drawn: a document whose date moved it moves on the page, and
    a document whose items were lost is drawn again; the pages are those of a build from
    nothing."""
    edition = load_edition(copy_edition(tmp_path))
    out = tmp_path / "html"
    build_site(edition, out, search=False)

    def order(site: Path) -> list[str]:
        own = page(site, "persons/mercado-stephen.html")  # the translator of every cable
        return [a.get("href") for a in own.iterfind(".//ul[@class='person-docs']/li/a")]

    assert order(out) == ["../documents/cable-5515.html", "../documents/cable-1456.html",
                          "../documents/cable-1468.html"]
    moved = edition.tei_dir / "cable-5515.xml"  # 28 September 1993, the first, now the last
    moved.write_bytes(moved.read_bytes().replace(b"1993-09-28", b"1994-03-01"))
    (out / ".tei-site" / "kept" / "cable-1456.parts").unlink()
    report = build_site(edition, out, search=False)
    assert "documents/cable-1456.html" in report.written  # (its items were lost)
    assert order(out) == ["../documents/cable-1456.html", "../documents/cable-1468.html",
                          "../documents/cable-5515.html"]
    fresh = tmp_path / "fresh"
    build_site(edition, fresh, search=False)
    for person in (fresh / "persons").glob("*.html"):
        assert (out / "persons" / person.name).read_bytes() == person.read_bytes(), person.name
    assert sorted(p.name for p in (out / "persons").glob("*.html")) == sorted(
        p.name for p in (fresh / "persons").glob("*.html"))


def test_after_a_change_the_search_index_is_built_beside_the_listing_pages(tmp_path,
                                                                         monkeypatch):
    """(Issue 12) A rebuild after a change draws the listing pages while Pagefind indexes the
    changed shard (one core each: at 10,000 cables 4 s instead of 7); a whole build indexes
    first, alone, for memory. Either way the report and the site are whole."""
    import tei.publish.html as html
    from tei.publish import search

    edition = load_edition(copy_edition(tmp_path))
    out = tmp_path / "html"
    assert build_site(edition, out).ok
    listing = threading.Event()
    seen: list[bool] = []
    real_listings, real_shards = html._write_listings, search.build_shards

    def listings(*args, **kwargs):
        listing.set()
        return real_listings(*args, **kwargs)

    def shards(outdir, items, wait=10.0):
        seen.append(listing.wait(wait))  # the listing pages begun while the shard is built
        yield from real_shards(outdir, items)

    monkeypatch.setattr(html, "_write_listings", listings)
    monkeypatch.setattr(search, "build_shards", shards)
    changed = edition.tei_dir / "cable-5515.xml"
    data = changed.read_bytes()
    title = re.search(rb"<title type=\"main\">([^<]*)</title>", data).group(1)
    changed.write_bytes(data.replace(title, title + b" (revised)", 1))
    report = build_site(edition, out)
    assert seen == [True]
    assert report.ok and "pagefind/" in report.written and "index.html" in report.written
    seen.clear()
    listing.clear()
    monkeypatch.setattr(search, "build_shards", lambda o, i: shards(o, i, wait=0.5))
    report = build_site(edition, out, force=True)
    assert seen == [False]  # (a whole build: the index first)
    assert report.ok and "pagefind/" in report.written and "index.html" in report.written
    assert "(revised)" in (out / "index.html").read_text(encoding="utf-8")


def load_entry_persons(out: Path, doc_id: str) -> list[str]:
    manifest = json.loads((out / ".tei-site.json").read_text(encoding="utf-8"))
    return manifest["documents"][doc_id]["persons"]


def test_places_organisations_and_chronology(site):
    places = page(site, "places.html")
    entry = next(li for li in places.iterfind(".//ul[@class='name-index']/li")
                 if li.text_content().startswith("United Nations"))
    assert {a.get("href") for a in entry.iter("a")} == {
        f"documents/{p.stem}.html" for p in (EDITION / "tei").glob("*.xml")}
    organisations = page(site, "organisations.html")
    assert organisations.find(".//h1").text == "Organisations"
    chronology = page(site, "chronology.html")
    assert [h.text for h in chronology.iterfind(".//h2")] == ["1993", "1994"]
    rows = chronology.findall(".//tbody/tr")
    assert [r.find("td[3]/a").get("href") for r in rows] == [
        "documents/cable-5515.html", "documents/cable-1456.html", "documents/cable-1468.html"]


def test_every_link_of_the_site_resolves(site):
    """Relative links only, to files and ids that exist: the site works from disk and under
    any sub-path."""
    for html in site.rglob("*.html"):
        if "pagefind" in html.parts:
            continue
        root = page(site, str(html.relative_to(site)))
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for attr in ("href", "src"):
                url = element.get(attr)
                if not url or url.startswith(("http://", "https://", "mailto:", "data:")):
                    continue
                assert not url.startswith("/"), (html.name, url)
                parts = urlsplit(url)
                target = (html.parent / unquote(parts.path)).resolve() if parts.path else html
                assert target.is_file(), (html.name, url)
                if parts.fragment and target.suffix == ".html":
                    ids = page(site, str(target.relative_to(site))).xpath("//@id")
                    assert parts.fragment in ids, (html.name, url)


def test_ids_are_unique_and_headings_do_not_skip_levels(site):
    for html in site.rglob("*.html"):
        if "pagefind" in html.parts:
            continue
        root = page(site, str(html.relative_to(site)))
        ids = root.xpath("//@id")
        assert len(ids) == len(set(ids)), (html.name, sorted(i for i in ids if ids.count(i) > 1))
        levels = [int(h.tag[1]) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        steps = zip(levels, levels[1:], strict=False)
        assert levels[0] == 1 and all(b <= a + 1 for a, b in steps), (html.name, levels)


# ------------------------------------------------------------ incremental rebuild


def test_a_rebuild_rewrites_only_the_changed_document_and_the_listing_pages(tmp_path):
    edition = load_edition(copy_edition(tmp_path))
    out = tmp_path / "html"
    first = build_site(edition, out, search=False)
    assert first.ok and "documents/cable-5515.html" in first.written
    again = build_site(edition, out, search=False)
    assert again.written == [] and again.removed == []
    untouched = (out / "documents" / "cable-5515.html").stat().st_mtime_ns
    changed = edition.tei_dir / "cable-1468.xml"
    changed.write_bytes(changed.read_bytes().replace(b"detailed discussion",
                                                     b"long discussion"))
    third = build_site(edition, out, search=False)
    assert sorted(third.written) == sorted(
        ["documents/cable-1468.html", "tei/cable-1468.xml"]
        # cmif.xml (issue 13): the correspondence file is rewritten with the listing pages
        + [f"{name}.html" for name in LISTING_PAGES] + ["cmif.xml"]
        # (issue 12) and the pages of the persons the document names, no other
        + [f"persons/{p}.html" for p in load_entry_persons(out, "cable-1468")])
    assert (out / "documents" / "cable-5515.html").stat().st_mtime_ns == untouched
    assert "long discussion" in (out / "index.html").read_text(encoding="utf-8")
    # a removed document takes its page and its TEI file with it
    (edition.tei_dir / "cable-5515.xml").unlink()
    fourth = build_site(edition, out, search=False)
    # (and the page of the one person only it named)
    assert sorted(fourth.removed) == ["documents/cable-5515.html",
                                      "persons/hatano-yoshio.html", "tei/cable-5515.xml"]
    assert "cable-5515" not in (out / "index.html").read_text(encoding="utf-8")


def test_what_a_page_gives_besides_itself_is_kept_in_one_file_a_document(tmp_path):
    """(Issue 12) The entry, the person items, the correspondence and the search record of a
    document are kept in one file (a file system charges for each file made); a document
    removed takes its file with it; a site built without search and then with it has every
    document's record (the pages are drawn again)."""
    edition = load_edition(copy_edition(tmp_path))
    out = tmp_path / "html"
    legacy = out / ".tei-site" / "entries" / "cable-1456.xml"  # (as builds before kept it)
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"<entry/>")
    assert build_site(edition, out, search=False).ok
    assert not legacy.parent.exists()
    ids = sorted(p.stem for p in edition.document_files())
    assert kept.ids(out) == set(ids)
    per_document = [p for p in (out / ".tei-site").rglob("*")
                    if p.is_file() and any(i in p.name for i in ids)]
    assert sorted(p.name for p in per_document) == [f"{i}.parts" for i in ids]
    assert kept.read(out, "cable-1456", kept.ENTRY).startswith(b"<")
    with pytest.raises(KeyError):
        kept.read(out, "cable-1456", kept.RECORD)  # (no search: no record)
    report = build_site(edition, out)
    assert "documents/cable-1456.html" in report.written
    record = json.loads(kept.read(out, "cable-1456", kept.RECORD))
    assert record["url"] == "documents/cable-1456.html" and "Hosokawa" in record["content"]
    (edition.tei_dir / "cable-5515.xml").unlink()
    assert build_site(edition, out).ok
    assert kept.ids(out) == set(ids) - {"cable-5515"}
    assert not kept.path(out, "cable-5515").exists()


def test_kept_parts_come_back_as_they_were_given(tmp_path):
    parts = {kept.ENTRY: b"<entry>\n\xe6\x97\xa5</entry>\n", kept.ITEMS: b"",
             kept.CORRESP: b"\n\n", kept.RECORD: b'{"a": 1}'}
    kept.write(tmp_path, "d", parts)
    assert {name: kept.read(tmp_path, "d", name) for name in parts} == parts
    kept.write(tmp_path, "d", {kept.ENTRY: b"new"})  # replaced whole
    assert kept.read(tmp_path, "d", kept.ENTRY) == b"new"
    with pytest.raises(KeyError):
        kept.read(tmp_path, "d", kept.ITEMS)
    with pytest.raises(OSError):
        kept.read(tmp_path, "other", kept.ENTRY)
    kept.path(tmp_path, "bad").write_bytes(b"[1, 2]\nxx")
    with pytest.raises(ValueError):
        kept.read(tmp_path, "bad", kept.ENTRY)
    assert kept.ids(tmp_path) == {"d", "bad"}
    kept.forget(tmp_path, "d")
    assert kept.ids(tmp_path) == {"bad"} and kept.ids(tmp_path / "none") == set()


def test_a_change_the_listing_pages_do_not_show_rewrites_only_its_page(tmp_path):
    """The listing pages and cmif.xml are drawn from the documents' catalogue entries: a
    word changed deep in a turn (not its first words, nor a title, date or summary) leaves
    the entry as it was, and them untouched."""
    edition = load_edition(copy_edition(tmp_path))
    out = tmp_path / "html"
    assert build_site(edition, out, search=False).ok
    listed = {name: (out / name).stat().st_mtime_ns
              for name in [f"{p}.html" for p in LISTING_PAGES] + ["cmif.xml"]}
    changed = edition.tei_dir / "cable-1468.xml"
    changed.write_bytes(changed.read_bytes().replace(b"cooling off may be a way",
                                                     b"a pause may be a way"))
    later = changed.stat().st_mtime_ns + 5 * 10**9  # (cmif.xml's date: the newest document's)
    os.utime(changed, ns=(later, later))
    report = build_site(edition, out, search=False)
    assert sorted(report.written) == ["cmif.xml", "documents/cable-1468.html",
                                      "tei/cable-1468.xml"]
    assert "a pause may be a way" in (out / "documents" / "cable-1468.html").read_text(
        encoding="utf-8")
    del listed["cmif.xml"]
    assert {name: (out / name).stat().st_mtime_ns for name in listed} == listed
    # the site is what a full build writes (cmif.xml dated by the changed document)
    assert build_site(edition, tmp_path / "full", search=False).ok
    assert _site_files(out) == _site_files(tmp_path / "full")


def test_a_touched_document_is_read_again_and_rebuilt_only_if_it_changed(tmp_path):
    """Documents whose size and modification time are as the last build recorded are not
    read again; a touched one is, and its page is rewritten only if its bytes changed."""
    edition = load_edition(copy_edition(tmp_path))
    out = tmp_path / "html"
    assert build_site(edition, out, search=False).ok
    path = edition.tei_dir / "cable-5515.xml"
    later = path.stat().st_mtime_ns + 5 * 10**9
    os.utime(path, ns=(later, later))
    # (cmif.xml is dated by its newest document)
    assert build_site(edition, out, search=False).written == ["cmif.xml"]
    assert build_site(edition, out, search=False).written == []
    manifest = json.loads((out / ".tei-site.json").read_text(encoding="utf-8"))
    assert manifest["documents"]["cable-5515"]["mtime"] == later
    # the same size, another time: read, and rewritten
    path.write_bytes(path.read_bytes().replace(b"discuss", b"DISCUSS", 1))
    assert "documents/cable-5515.html" in build_site(edition, out, search=False).written


def test_a_changed_stylesheet_or_edition_rebuilds_everything(tmp_path):
    root = copy_edition(tmp_path)
    out = tmp_path / "html"
    build_site(load_edition(root), out, search=False)
    toml = root / "edition.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'title = "Japan–United States', 'title = "The Japan–United States'), encoding="utf-8")
    report = build_site(load_edition(root), out, search=False)
    assert len([r for r in report.written if r.startswith("documents/")]) == 3
    assert "The Japan–United States" in (out / "documents" / "cable-1456.html").read_text(
        encoding="utf-8")


# ----------------------------------------------------------- foreign and hostile TEI


@pytest.mark.shared
def test_foreign_tei_renders_with_all_its_text(tmp_path):
    frus = sorted((SHARED / "corpus" / "frus" / "frus-history-documents").glob("*.xml"))
    if not frus:
        pytest.skip("no FRUS documents in ../shared")
    root = copy_edition(tmp_path, with_tei=False)
    for path in frus:
        shutil.copy(path, root / "tei")
    out = tmp_path / "html"
    report = build_site(load_edition(root), out, search=False)
    assert report.ok, [str(p) for p in report.problems]
    for path in frus:
        tree = parse_file(path)
        text = " ".join(tree.getroot().find("t:text", NS).itertext())
        rendered = " ".join(page(out, f"documents/{path.stem}.html").find(".//main").itertext())
        missing = words(text) - words(rendered)
        assert not missing, (path.name, sorted(missing)[:10])
    index = page(out, "index.html")
    entries = index.findall(".//li[@class='doc-entry']")
    assert len(entries) == len(frus)
    # dated by the header's date of creation, in order
    dates = [e.find(".//time").get("datetime") for e in entries]
    assert dates == sorted(dates) and all(dates), dates


#: A TEI document whose text and attributes try every way into a page's markup.
HOSTILE = Path(__file__).parent / "fixtures" / "hostile.xml"


def assert_harmless(html: str, name: str) -> None:
    tree = lxml.html.document_fromstring(html)
    for script in tree.iter("script"):
        assert script.get("src") and not script.text, (name, lxml.html.tostring(script))
        assert script.get("src").endswith(("assets/site.js", "pagefind/pagefind-ui.js"))
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("iframe", "img", "object", "embed", "b"), (name, element.tag)
        for attr, value in element.attrib.items():
            assert not attr.lower().startswith("on"), (name, attr, value)
            assert attr != "style", (name, value)
            if attr in ("href", "src", "action"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I) or \
                    value == "data:,", (name, attr, value)  # our empty favicon


def test_nothing_in_a_tei_file_can_inject_script(tmp_path):
    root = copy_edition(tmp_path, with_tei=False)
    shutil.copy(HOSTILE, root / "tei" / "hostile.xml")
    out = tmp_path / "html"
    report = build_site(load_edition(root), out, search=False)
    assert report.ok, [str(p) for p in report.problems]
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert_harmless(text, html.name)
    doc = (out / "documents" / "hostile.html").read_text(encoding="utf-8")
    # the words are all there, as text
    assert "&lt;script&gt;alert('title')&lt;/script&gt;" in doc
    assert "本文&lt;script&gt;alert(8)&lt;/script&gt;" in doc
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;iframe" in index


#: A document from another archive whose every part reaches for other sites: images,
#: facsimiles, CSS (style, rend, rendition), media; {REMOTE}, {REMOTE_HOST}, {IIIF} stand for
#: the places (see the file).
HOSTILE_REMOTE = Path(__file__).parent / "fixtures" / "hostile-remote.xml"
IIIF = "https://iiif.example.org"


def hostile_remote_edition(tmp_path: Path, remote: str = "http://remote.example:8080",
                           hosts: tuple[str, ...] = ()) -> Path:
    """A copy of the edition with the hostile documents: hostile.xml among its own,
    hostile-remote.xml imported from another archive (remote: the origin its URLs name);
    ``hosts``: the edition's image_hosts."""
    root = copy_edition(tmp_path)
    shutil.copy(HOSTILE, root / "tei" / "hostile.xml")
    (root / "imported").mkdir()
    text = HOSTILE_REMOTE.read_text(encoding="utf-8").replace("{REMOTE}", remote).replace(
        "{REMOTE_HOST}", urlsplit(remote).netloc).replace("{IIIF}", IIIF)
    (root / "imported" / "hostile-remote.xml").write_text(text, encoding="utf-8")
    if hosts:
        toml = root / "edition.toml"
        toml.write_text(toml.read_text("utf-8").replace(
            "[edition]\n", f"[edition]\nimage_hosts = {json.dumps(list(hosts))}\n", 1), "utf-8")
    return root


def csp(html: str) -> dict[str, list[str]]:
    """The page's Content-Security-Policy, by directive (it must come before anything the
    page loads: right after the charset)."""
    head = lxml.html.document_fromstring(html).find("head")
    meta = head[1]
    assert head[0].get("charset") and meta.get("http-equiv") == "Content-Security-Policy"
    return {d.split()[0]: d.split()[1:] for d in meta.get("content").split(";") if d.strip()}


def test_every_page_has_a_content_security_policy(site):
    """The site's own scripts, styles, fonts and images, Pagefind's index and WebAssembly:
    nothing else, on every page (and so no inline script, no eval, no frame, no plug-in)."""
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) >= 9
    for path in pages:
        policy = csp(path.read_text(encoding="utf-8"))
        assert policy == {
            "default-src": ["'none'"], "script-src": ["'self'", "'wasm-unsafe-eval'"],
            "style-src": ["'self'"], "img-src": ["'self'", "data:"], "font-src": ["'self'"],
            "connect-src": ["'self'"], "form-action": ["'self'"], "base-uri": ["'none'"],
        }, path.name


def test_remote_images_are_links_with_their_url_unless_their_host_is_allowed(tmp_path):
    remote = "http://remote.example:8080"
    for hosts in ((), ("iiif.example.org",)):
        out = tmp_path / f"html-{len(hosts)}"
        root = hostile_remote_edition(tmp_path / f"edition-{len(hosts)}", remote, hosts)
        report = build_site(load_edition(root), out, search=False)
        assert report.ok, [str(p) for p in report.problems]
        html = (out / "documents" / "hostile-remote.html").read_text(encoding="utf-8")
        doc = lxml.html.document_fromstring(html)
        shown = [img.get("src") for img in doc.iter("img")]
        links = {a.get("href"): a.text_content() for a in doc.iterfind(".//a")}
        # what another site serves is a link, its URL written out; never loaded
        host = urlsplit(remote).netloc
        for url in (f"{remote}/images/figure.png", "https://tracker.example/pixel.gif",
                    f"http://{host}/plain-http.png", f"{remote}/facsimile/page-1.jpg",
                    f"HTTPS://IIIF.EXAMPLE.ORG@{host}/userinfo.png"):
            assert links.get(url) == url, (hosts, url)
        # a URL relative to the document's archive (or one a browser would read as another
        # host) is only named: the edition publishes no such image
        named = " ".join(s.text_content() for s in doc.find_class("remote-resource"))
        for url in (f"//{host}/facsimile/protocol-relative.jpg", f"\\\\{host}\\backslash.png",
                    f"/\\{host}/slash-backslash.png", "images/relative-to-its-archive.png"):
            assert f"Image not published with this edition: {url}" in named, url
            assert url not in links and url not in shown
        assert "Facsimile" in [h.text_content() for h in doc.iter("h2")]
        allowed = [f"{IIIF}/iiif/figure/full/max/0/default.png",
                   f"{IIIF}/iiif/page-3/full/max/0/default.png"]
        if hosts:  # the editor allows the IIIF server: its images are shown, by the policy too
            assert sorted(shown) == sorted(allowed)
            assert csp(html)["img-src"] == ["'self'", "data:", IIIF]
        else:
            assert shown == [] and all(links.get(url) == url for url in allowed)
            assert csp(html)["img-src"] == ["'self'", "data:"]
        # nothing of the CSS the document carries (style, rend, rendition) reaches the page
        assert "url(" not in html
        assert not doc.xpath("//@style | //style | //link[contains(@href, 'remote')]")
        if not hosts:
            assert_harmless(html, "hostile-remote")


def test_a_file_that_is_not_tei_is_reported_with_its_place(tmp_path):
    root = copy_edition(tmp_path)
    (root / "tei" / "broken.xml").write_text("<TEI><unclosed></TEI>", encoding="utf-8")
    (root / "tei" / "bad name.xml").write_text("<TEI/>", encoding="utf-8")
    report = build_site(load_edition(root), tmp_path / "html", search=False)
    messages = sorted(str(p) for p in report.problems)
    assert not report.ok and len(messages) == 2
    assert re.search(r"broken\.xml:1:\d+: error: not well-formed XML", messages[1])
    assert "bad name.xml:0:0: error: the file name cannot be a page name" in messages[0]
    assert (tmp_path / "html" / "documents" / "cable-1468.html").is_file()  # the others built


# --------------------------------------------------------------------------- CLI


def test_tei_build_html_writes_the_site_where_asked(tmp_path):
    assert "html" in BUILD_STEPS and BUILD_STEPS.index("html") > BUILD_STEPS.index("tei")
    root = copy_edition(tmp_path)
    result = CliRunner().invoke(main, ["build", "--edition", str(root), "-o",
                                       str(tmp_path / "build"), "html", "-o",
                                       str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    # 3 documents, 6 listing pages and 8 persons' pages (issue 12)
    assert "3 documents: 17 pages written into" in result.output
    assert (tmp_path / "site" / "documents" / "cable-1468.html").is_file()
    again = CliRunner().invoke(main, ["build", "--edition", str(root), "html", "-o",
                                      str(tmp_path / "site")])
    assert "3 documents: 0 pages written" in again.output


def test_tei_serve_serves_the_site(site):
    server = make_server(site, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with urllib.request.urlopen(base + "documents/cable-1468.html") as response:
            assert response.status == 200
            assert "日米首のう会談" in response.read().decode("utf-8")
        wasm = next((site / "pagefind").glob("wasm.*.pagefind"), None)
        assert wasm is not None
        with urllib.request.urlopen(base + "pagefind/pagefind.js") as response:
            assert "javascript" in response.headers["Content-Type"]
    finally:
        server.shutdown()
        server.server_close()


def test_tei_serve_refuses_a_folder_without_a_site(tmp_path):
    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 2 and "build it first with `tei build html`" in result.output


def test_pages_do_not_depend_on_the_build_machine(tmp_path, site):
    """Same input, same bytes: no dates or absolute paths in the pages (diffable builds)."""
    out = tmp_path / "html"
    build_site(load_edition(), out, search=False)
    for html in (site / "documents").glob("*.html"):
        assert (out / "documents" / html.name).read_bytes() == html.read_bytes()
    assert os.fspath(PROJECT_ROOT) not in (out / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------ at scale (issue 12)


def _site_files(out: Path) -> dict[str, bytes]:
    """Every published file (the site's own cache aside), for comparing two builds.

    Pagefind writes the filters and the metadata of an index in an order of its own that
    changes from run to run with the same records (their names are hashes of their bytes):
    those are compared by name count only; its fragments and index files are compared whole.
    """
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_dir() or rel.startswith(".tei-site"):
            continue
        if rel.startswith("pagefind") and ("/filter/" in rel or rel.endswith(
                ("pf_meta", "pagefind-entry.json"))):
            rel = re.sub(r"ja_[0-9a-f]+", "ja_*", rel)
            files[rel] = files.get(rel, b"") + b"x"
            continue
        files[rel] = path.read_bytes()
    return files


def test_the_site_is_the_same_whatever_runs_it(tmp_path, monkeypatch):
    from tei.parallel import Runner
    from tei.publish import search

    monkeypatch.setattr(search, "SHARD_SIZE", 2)  # three documents: two shards
    edition = load_edition(copy_edition(tmp_path))
    builds = {}
    for name, runner in (("here", Runner()), ("processes", Runner(2)),
                         ("dask", Runner(scheduler="local:2"))):
        with runner:
            report = build_site(edition, tmp_path / name, runner=runner)
        assert report.ok, [str(p) for p in report.problems]
        builds[name] = _site_files(tmp_path / name)
    assert {"pagefind/pagefind.js", "pagefind-1/pagefind.js"} <= set(builds["here"])
    assert len([n for n in builds["here"] if n.startswith("pagefind/fragment/")]) == 2
    assert len([n for n in builds["here"] if n.startswith("pagefind-1/fragment/")]) == 1
    assert builds["processes"] == builds["here"]
    assert builds["dask"] == builds["here"]
    search_page = page(tmp_path / "here", "search.html")
    assert search_page.get_element_by_id("search").get("data-bundles") == "pagefind-1"


def test_a_changed_document_rebuilds_only_its_search_shard(tmp_path, monkeypatch):
    from tei.publish import search

    monkeypatch.setattr(search, "SHARD_SIZE", 2)
    edition = load_edition(copy_edition(tmp_path))
    out = tmp_path / "html"
    assert "pagefind-1/" in build_site(edition, out).written
    kept = (out / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns
    changed = edition.tei_dir / "cable-5515.xml"  # the third document: shard 1
    changed.write_bytes(changed.read_bytes().replace(b"discuss", b"talk about", 1))
    report = build_site(edition, out)
    assert "pagefind-1/" in report.written and "pagefind/" not in report.written
    assert (out / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns == kept
    # two documents left: one shard, the other removed
    (edition.tei_dir / "cable-5515.xml").unlink()
    report = build_site(edition, out)
    assert "pagefind-1/" in report.removed and not (out / "pagefind-1").exists()
    assert page(out, "search.html").get_element_by_id("search").get("data-bundles") == ""


def test_a_search_record_is_what_pagefind_would_read_of_the_page(site):
    from tei.publish.search import page_record

    html = (site / "documents" / "cable-1456.html").read_text(encoding="utf-8")
    record = page_record(html, "documents/cable-1456.html")
    assert record["url"] == "documents/cable-1456.html"
    assert record["meta"]["title"].startswith("Cable No. 1456")
    assert record["filters"]["type"] == ["cable"] and record["filters"]["year"] == ["1994"]
    assert "William J. Clinton" in record["filters"]["speaker"]
    assert "cliff-hanger" in record["content"]
    # what the page marks data-pagefind-ignore (the key to the marks) is not searched
    legend = page(site, "documents/cable-1456.html").find_class("legend")[0].text_content()
    assert " ".join(legend.split())[:60] not in record["content"]
    # nor what every page or another document's page says: how to cite the page (the
    # edition's name), the titles of the documents linked to, the TEI download
    doc = page(site, "documents/cable-1456.html")
    for kept_out in ("cite", "doc-links", "doc-download"):
        text = " ".join(doc.find_class(kept_out)[0].text_content().split())
        assert text and text[:40] not in record["content"], kept_out
    assert "Cite this document" not in record["content"]
    assert "Linked documents" not in record["content"]
    # words of two blocks stay two words (the heading "Summary", then its paragraph)
    assert "Summary Clinton and Hosokawa" in record["content"]
    assert "SummaryClinton" not in record["content"]


def test_one_pagefind_builds_every_shard_of_a_build(tmp_path, monkeypatch):
    """(Issue 12) Pagefind loads its Japanese dictionary when it starts (0.8 s): one Pagefind
    builds a build's shards one after the other, each index deleted once written."""
    from tei.publish import search

    monkeypatch.setattr(search, "SHARD_SIZE", 1)  # three documents: three shards
    started, deleted = [], []
    real_init, real_send = search._Service.__init__, search._Service.send

    def init(self):
        started.append(self)
        real_init(self)

    def send(self, payload):
        if payload["type"] == "DeleteIndex":
            deleted.append(payload["index_id"])
        real_send(self, payload)

    monkeypatch.setattr(search._Service, "__init__", init)
    monkeypatch.setattr(search._Service, "send", send)
    out = tmp_path / "html"
    report = build_site(load_edition(copy_edition(tmp_path)), out)
    assert report.ok and {"pagefind/", "pagefind-1/", "pagefind-2/"} <= set(report.written)
    assert len(started) == 1 and len(deleted) == 3
    for k in range(3):
        assert len(list((out / search.bundle(k) / "fragment").iterdir())) == 1


def _early_build(tmp_path: Path, monkeypatch, edition, name: str, jobs: int):
    """Build ``edition`` with a shard a document and the early index from two documents;
    what the early index built (bundle: hash) and the shards built after it."""
    import tei.publish.html as html
    from tei.parallel import Runner
    from tei.publish import search

    monkeypatch.setattr(search, "SHARD_SIZE", 1)
    monkeypatch.setattr(html, "EARLY_INDEX_FROM", 2)
    early: list[dict[str, str]] = []
    after: list[list[int]] = []
    finish, build_shards = html._EarlyIndex.finish, search.build_shards

    def finished(self, states):
        early.append(finish(self, states))
        return early[-1]

    def built_after(outdir, items):
        after.append([k for k, _ in items])
        return build_shards(outdir, items)

    monkeypatch.setattr(html._EarlyIndex, "finish", finished)
    monkeypatch.setattr(search, "build_shards", built_after)
    with Runner(jobs) as runner:
        report = build_site(edition, tmp_path / name, runner=runner)
    return report, early, after


def test_a_whole_build_indexes_while_its_last_pages_are_drawn(tmp_path, monkeypatch):
    """(Issue 12) On local processes, a whole build draws its first pages on every worker,
    then the last ones in this process while Pagefind, fed by a small process of its own,
    indexes each shard whose pages are drawn (the other core had nothing to do while the
    index was built after the pages: 10,000 cables 125-139 s instead of 146-176). The site is
    the one a build without it makes."""
    edition = load_edition(copy_edition(tmp_path))
    report, early, after = _early_build(tmp_path, monkeypatch, edition, "early", 2)
    assert report.ok, [str(p) for p in report.problems]
    assert early and set(early[0]) == {"pagefind", "pagefind-1", "pagefind-2"}
    assert after == [[]]  # nothing left to index after the pages
    assert [w for w in report.written if w.startswith("pagefind")] == [
        "pagefind/", "pagefind-1/", "pagefind-2/"]
    plain, early_one, _ = _early_build(tmp_path, monkeypatch, edition, "plain", 1)
    assert early_one == []  # (one process: no early index)
    assert _site_files(tmp_path / "early") == _site_files(tmp_path / "plain")
    assert report.written == plain.written


def test_a_page_that_cannot_be_drawn_leaves_the_later_shards_to_after(tmp_path, monkeypatch):
    """A document whose page cannot be drawn is in no shard: the shards after it are not the
    ones the early index planned, and are built after the pages, as without it."""
    root = copy_edition(tmp_path)
    (root / "tei" / "cable-1460.xml").write_text(  # (between cable-1456 and cable-1468)
        '<?xml version="1.0"?><notTEI xmlns="http://www.tei-c.org/ns/1.0"/>', encoding="utf-8")
    edition = load_edition(root)
    report, early, after = _early_build(tmp_path, monkeypatch, edition, "early", 2)
    assert [p.file for p in report.problems] == [str(root / "tei" / "cable-1460.xml")]
    assert set(early[0]) == {"pagefind"}  # cable-1456's shard only
    assert after == [[1, 2]]
    plain, _, _ = _early_build(tmp_path, monkeypatch, edition, "plain", 1)
    assert _site_files(tmp_path / "early") == _site_files(tmp_path / "plain")
    assert report.written == plain.written and len(plain.problems) == 1


def test_a_shard_that_fails_leaves_the_next_one_a_pagefind_of_its_own(tmp_path,
                                                                      monkeypatch):
    from tei.publish import search

    records = [{"url": f"documents/d{n}.html", "content": f"cable number {n} Hosokawa",
                "meta": {"title": f"d{n}"}, "filters": {}} for n in range(4)]
    for n, record in enumerate(records):
        kept.write(tmp_path, f"d{n}", {kept.RECORD: json.dumps(record).encode()})
    real_build = search.build_shard
    services = []

    def build(records, out, service=None):
        services.append(service)
        if len(services) == 1:
            service.process.kill()  # Pagefind gone while it indexes the first shard
            service.process.wait()
        return real_build(records, out, service)

    monkeypatch.setattr(search, "build_shard", build)
    problems = list(search.build_shards(str(tmp_path), [(0, ["d0", "d1"]), (1, ["d2", "d3"])]))
    assert problems[1] is None and problems[0] is not None
    assert "search index could not be built" in problems[0].message
    assert problems[0].file == str(tmp_path / "pagefind")
    assert services[0] is not services[1]
    assert (tmp_path / "pagefind-1" / "pagefind.js").is_file()
    assert not (tmp_path / "pagefind").exists()


def test_a_search_bundle_is_written_whole(tmp_path):
    """Every file of a bundle has its bytes: Pagefind's own WriteFiles answered before it had
    written them all (an empty wasm file now and then, under load); we write them ourselves."""
    from tei.publish import search

    records = [{"url": f"documents/d{n}.html", "content": f"cable number {n} Hosokawa",
                "meta": {"title": f"d{n}"}, "filters": {}} for n in range(40)]
    for k in range(4):
        out = tmp_path / f"pagefind-{k}"
        search.build_shard(records, out)
        files = {p.relative_to(out).as_posix(): p.stat().st_size
                 for p in out.rglob("*") if p.is_file()}
        assert {"pagefind.js", "pagefind-entry.json", "wasm.unknown.pagefind"} <= set(files)
        assert [name for name, size in files.items() if size == 0] == []
        assert not out.with_name(out.name + ".new").exists()


def test_the_sites_cmif_is_each_documents_own_correspondence(site, edition):
    """cmif.xml is drawn from the catalogue entries, not from the documents: it says what
    the documents themselves say (each its own senders, recipients and dates)."""
    from tei.publish.cmif import cmif

    documents = [(path, path.stem) for path in edition.document_files()]
    assert (site / "cmif.xml").read_bytes() == cmif(edition, documents)
    keys = etree.parse(str(site / "cmif.xml")).xpath("//t:correspDesc/@key", namespaces=NS)
    assert len(set(keys)) == len(documents) == 3


@pytest.mark.shared
def test_the_cmif_of_imported_letters_is_theirs_too(tmp_path):
    from tei.exchange.importer import import_sources
    from tei.publish.cmif import cmif

    letters = [SHARED / "corpus" / "other-tei" / "schnitzler-briefe" / "L00001.xml",
               *sorted((SHARED / "corpus" / "other-tei" / "tei-correspondence-sig")
                       .glob("*.xml"))]
    if not all(path.is_file() for path in letters) or len(letters) < 2:
        pytest.skip("the letters are not in ../shared/corpus")
    root = copy_edition(tmp_path)
    any_xml = str(PROJECT_ROOT / "tests" / "fixtures" / "exchange" / "any-xml.rng")
    assert all(o.written for o in import_sources(letters, root / "imported",
                                                 schemas=(any_xml,)))
    edition = load_edition(root)
    out = tmp_path / "html"
    assert build_site(edition, out, search=False).ok
    documents = [(path, path.stem) for path in edition.document_files()]
    assert (out / "cmif.xml").read_bytes() == cmif(edition, documents)
    # the letters' own correspondents are there, with their authority identifiers
    text = (out / "cmif.xml").read_text(encoding="utf-8")
    assert "Schnitzler" in text and "Kuriyama" in text


def test_an_entrys_turn_begins_with_its_first_words_every_space_one_space():
    """The persons page shows each turn's first words: every run of spaces of any kind (each
    of Unicode's spaces, NEL, tabs, line ends) is one space; 90 characters of English, 45 of
    Japanese, then '…'. (Changed with issue 12: translate() in place of a regular expression;
    the words must stay as they were.)"""
    from tei.render import transform_to_string
    from tei.xmlio import parse_bytes

    spaces = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) \
        + "\u2028\u2029\u202f\u205f\u3000\x85\t\n"
    english = "Word " + "x".join(spaces) + " end" + " more" * 30
    japanese = "総理" + "\u3000" * 3 + "本日は" * 30
    doc = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d"><teiHeader><fileDesc>
      <titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>
      <sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>
      <div xml:lang="en"><sp who="#a"><p>{english}</p></sp>
        <sp who="#b"><p>Short&#x2003;and&#x3000; plain<note>not this</note>.</p></sp></div>
      <div xml:lang="ja"><sp who="#a"><p>{japanese}</p></sp></div>
    </body></text></TEI>""".encode()
    entry = etree.fromstring(transform_to_string(
        "html/entry.xsl", parse_bytes(doc), **{"doc-id": "d"}).encode())
    turns = [sp.text for sp in entry.iter("sp")]
    words = "Word " + " ".join("x" * (len(spaces) - 1)) + " end" + " more" * 30
    assert turns[0] == words[:90] + "…"
    assert turns[1] == "Short and plain."
    assert turns[2] == ("総理 " + "本日は" * 30)[:45] + "…"
