"""The five seeds convert, and their TEI holds what other archives and our checks rely on."""

from __future__ import annotations

import re

import pytest

from tei.text import normalise, tei_text

from .conftest import NS, SEED_IDS, seed
from .faithful import assert_words_in_order, source_words

CABLES = ("000", "001", "002")


def xp(tree, path: str):
    return tree.xpath(path, namespaces=NS)


def test_every_seed_is_valid_tei_all(trees, tei_all):
    for prefix, tree in trees.items():
        assert tei_all.validate(tree), (prefix, [str(e) for e in tei_all.error_log][:5])


@pytest.mark.parametrize("prefix", list(SEED_IDS))
def test_nothing_lost(converted, prefix):
    """The TEI's text equals the source after the documented normalisation."""
    source = seed(prefix).read_text(encoding="utf-8")
    text = tei_text(converted[prefix])
    assert normalise(text) == normalise(source, source=True)
    # and, owing nothing to normalise: every word of the source, in order (seeds: 400 and more)
    assert_words_in_order(source_words(source), text, least=400)


def test_root_id_and_namespace(trees):
    for prefix, tree in trees.items():
        root = tree.getroot()
        assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
        assert root.get("{http://www.w3.org/XML/1998/namespace}id") == SEED_IDS[prefix]


@pytest.mark.parametrize("prefix", CABLES)
def test_header_of_cables(trees, prefix):
    t = trees[prefix]
    h = "/t:TEI/t:teiHeader"
    assert xp(t, f"{h}/t:fileDesc/t:titleStmt/t:title[@type='main']/text()")[0].startswith(
        "Cable No. ")
    assert xp(t, f"{h}//t:titleStmt/t:author/@ref")[0] in ("#kuriyama-takakazu", "#hatano-yoshio")
    assert xp(t, f"{h}//t:respStmt[t:resp/@key='trl']/t:persName/@ref") == ["#mercado-stephen"]
    assert xp(t, f"{h}//t:respStmt[t:resp/@key='edt']/t:orgName/text()")
    assert xp(t, f"{h}//t:publicationStmt/t:idno[@type='edition']/text()") == [SEED_IDS[prefix]]
    assert xp(t, f"{h}//t:publicationStmt/t:availability/t:licence/@target")
    ms = f"{h}//t:sourceDesc/t:msDesc"
    assert xp(t, f"{ms}/t:msIdentifier/t:repository/text()") == [
        "Diplomatic Archives of the Ministry of Foreign Affairs of Japan"]
    assert xp(t, f"{ms}/t:msIdentifier/t:idno[@type='file']/text()") == [
        {"000": "2014-00540", "001": "2014-00540", "002": "2014-00539"}[prefix]]
    assert xp(t, f"{ms}//t:altIdentifier[@type='cable']/t:idno/text()") == [
        {"000": "1456", "001": "1468", "002": "5515"}[prefix]]
    assert "welcomes reuse" in "".join(xp(t, f"{ms}//t:adminInfo/t:availability//text()"))
    assert xp(t, f"{ms}//t:surrogates/t:bibl/t:note[@type='citation']/text()")
    # classification, precedence, distribution: machine-readable
    targets = set(xp(t, f"{h}//t:textClass/t:catRef/@target"))
    assert {"#classification-secret", "#precedence-top-urgent", "#distribution-limited",
            "#genre-cable"} <= targets
    for target in targets:
        assert xp(t, f"//t:category[@xml:id='{target[1:]}']"), target
    assert xp(t, f"{h}//t:abstract/t:p/text()")
    langs = xp(t, f"{h}//t:langUsage/t:language/@ident")
    assert langs == (["en"] if prefix == "000" else ["ja", "en"])


def test_archive_url_kept(trees):
    assert xp(trees["001"], "//t:surrogates/t:bibl/t:ptr/@target") == [
        "https://wilson-center.drivingcreative.com/document/240307"]
    assert xp(trees["002"], "//t:front//t:ref/@target") == [
        "https://digitalarchive.umd.edu/document/240298"]


@pytest.mark.parametrize("prefix", CABLES)
def test_correspondence(trees, prefix):
    t = trees[prefix]
    sent = xp(t, "//t:correspDesc/t:correspAction[@type='sent']")[0]
    received = xp(t, "//t:correspDesc/t:correspAction[@type='received']")[0]
    assert xp(sent, "t:placeName/text()") == ["United Nations"]
    assert xp(received, "t:placeName/text()") == ["MOFA"]
    assert xp(received, "t:persName/@ref") == ["#hata-tsutomu"]
    s, r = xp(sent, "t:date/@when")[0], xp(received, "t:date/@when")[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", s) and s <= r
    expected = {"000": ("1994-02-12", "1994-02-13"), "001": ("1994-02-12", "1994-02-13"),
                "002": ("1993-09-28", "1993-09-28")}[prefix]
    assert (s, r) == expected


@pytest.mark.parametrize("prefix", CABLES)
def test_redactions_all_encoded(trees, prefix):
    source = seed(prefix).read_text(encoding="utf-8")
    markers = re.findall(r"\[TN:\s*([^\]]*blacked out)\]", source)
    gaps = xp(trees[prefix], "//t:text//t:gap[@reason='redacted']")
    assert len(gaps) == len(markers) > 0
    assert [g.findtext("t:desc", namespaces=NS) for g in gaps] == [m.strip() for m in markers]
    for gap in gaps:
        assert gap.get("resp") == "#mercado-stephen"


def test_translator_additions(trees):
    t = trees["000"]
    assert xp(t, "//t:supplied/text()") == ["Hata"]
    choices = [(c.findtext("t:abbr", namespaces=NS), c.findtext("t:expan", namespaces=NS))
               for c in xp(t, "//t:choice")]
    assert choices == [("NAFTA", "North American Free Trade Agreement"),
                       ("APEC", "Asia-Pacific Economic Cooperation"),
                       ("UR", "Uruguay Round")]
    assert xp(t, "//t:note[@type='cable']/text()") == ["(note: The Time To Act Is Now)"]
    assert xp(trees["002"], "//t:supplied/text()") == ["Japanese"]
    assert xp(trees["002"], "//t:supplied/@resp") == ["#mercado-stephen"]


def test_laughter_and_closing(trees):
    t = trees["001"]
    assert xp(t, "//t:stage[@type='reaction']/text()") == ["（わらい）", "(laughter)"]
    assert xp(t, "//t:div[@xml:lang='en']/t:trailer/text()") == ["(End)"]
    assert xp(t, "//t:div[@xml:lang='ja']/t:trailer/text()") == ["（了）"]
    t2 = trees["002"]
    assert xp(t2, "//t:div[@xml:lang='en']/t:closer/t:seg[@type='forwarding']")
    assert "転電した。" in "".join(xp(t2, "//t:div[@xml:lang='ja']/t:closer//text()"))
    assert xp(t2, "//t:div[@xml:lang='ja']/t:trailer/text()") == ["（了）"]


EXPECTED_SPEAKERS = {
    "000": ["hosokawa-morihiro", "clinton-bill", "hosokawa-morihiro", "clinton-bill"],
    "001": ["hosokawa-morihiro", "clinton-bill", "hosokawa-morihiro", "gore-al",
            "hosokawa-morihiro", "hata-tsutomu", "christopher-warren"],
    "002": ["hosokawa-morihiro", "clinton-bill", "hosokawa-morihiro", "clinton-bill",
            "christopher-warren", "hosokawa-morihiro", "clinton-bill"],
}


@pytest.mark.parametrize("prefix", CABLES)
def test_speaker_turns_resolve_into_personography(trees, prefix):
    t = trees[prefix]
    for lang in ("en", "ja") if prefix != "000" else ("en",):
        sps = xp(t, f"//t:div[@xml:lang='{lang}']/t:sp")
        assert [s.get("who")[1:] for s in sps] == EXPECTED_SPEAKERS[prefix]
        for sp in sps:
            assert xp(t, f"//t:particDesc//t:person[@xml:id='{sp.get('who')[1:]}']")
            assert xp(sp, "t:speaker/text()")[0][0] in "(（"
    people = xp(t, "//t:particDesc//t:person")
    for person in people:
        assert xp(person, "t:persName[@xml:lang='en']")


def test_japanese_names_in_register(trees):
    names = xp(trees["001"], "//t:person[@xml:id='hosokawa-morihiro']/t:persName[@xml:lang='ja']")
    assert "".join(names[0].itertext()) == "細川護熙"


@pytest.mark.parametrize("prefix", ("001", "002"))
def test_original_and_translation_aligned(trees, prefix):
    t = trees[prefix]
    ja = xp(t, "//t:body/t:div[@type='original']")[0]
    en = xp(t, "//t:body/t:div[@type='translation']")[0]
    assert ja.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    assert en.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert en.get("corresp") == "#" + ja.get("{http://www.w3.org/XML/1998/namespace}id")
    en_sps = xp(en, "t:sp")
    for sp in en_sps:
        target = xp(t, f"//t:div[@type='original']/t:sp[@xml:id='{sp.get('corresp')[1:]}']")
        assert target and target[0].get("who") == sp.get("who")
    # paragraphs where both turns have as many (Clinton's 3 paragraphs in 001)
    if prefix == "001":
        assert xp(t, "//t:p[@xml:id='cable-1468-en-sp2-p3']/@corresp") == ["#cable-1468-ja-sp2-p3"]


@pytest.mark.parametrize("prefix,pages", [("001", 4), ("002", 4)])
def test_page_breaks_and_stamps(trees, prefix, pages):
    t = trees[prefix]
    ja = "//t:div[@type='original']"
    assert xp(t, f"{ja}//t:pb/@n") == [str(n) for n in range(1, pages + 1)]
    fws = xp(t, f"{ja}//t:fw/text()")
    assert fws.count("秘密指定解除") == pages
    assert "外交記録・情報公開室" in fws
    # no stamp left in running text
    text = "".join(xp(t, f"{ja}//t:p//text()[not(ancestor::t:fw)]"))
    assert "秘密指定解除" not in text and "外交記録" not in text


def test_paragraph_split_by_page_break_is_joined(trees):
    t = trees["001"]
    p = xp(t, "//t:p[t:pb[@n='2']]")[0]
    pb = p.find("t:pb", NS)
    assert p.text.endswith("主張する人がい") and pb.getprevious() is None
    stamps = ["秘密指定解除", "外交記録・情報公開室", "極秘"]
    assert [fw.text for fw in p.findall("t:fw", NS)] == stamps
    assert p.findall("t:fw", NS)[-1].tail.startswith("るが、これは事実として")
    assert xp(t, "//t:div[@xml:lang='en']//t:p/t:pb[@ed='translation']")


def test_japanese_era_dates(trees):
    assert xp(trees["001"], "//t:date[.='平成 6年 2月 13日']/@when") == ["1994-02-13"]
    assert xp(trees["002"], "//t:date[.='平成 5年 9月 28日']/@when") == ["1993-09-28"]


def test_cable_line_and_reference(trees):
    t = trees["001"]
    assert xp(t, "//t:ab[@type='cable-line']/t:idno/@n") == ["1468", "1468"]
    assert xp(t, "//t:ab[@type='cable-line']/t:seg[@type='classification']/text()") == [
        "極秘", "Secret"]
    refs = xp(t, "//t:ab[@type='reference']/t:ref")
    assert [r.get("target") for r in refs] == ["cable-1456.xml", "cable-1456.xml"]
    assert xp(trees["002"], "//t:ab[@type='reference']/t:ref/@target") == []  # 5513 not shipped
    assert xp(trees["002"], "//t:ab[@type='reference']/t:ref/@n") == ["5513", "5513"]


def test_divided_telegram_links_go_both_ways(trees):
    assert xp(trees["000"], "//t:correspContext/t:ref[@type='next']/@target") == [
        "cable-1468.xml"]
    assert xp(trees["001"], "//t:correspContext/t:ref[@type='prev']/@target") == [
        "cable-1456.xml"]
    related = xp(trees["000"], "//t:back//t:listBibl/t:bibl")
    assert len(related) == 7
    assert [b.get("corresp") for b in related if b.get("corresp")] == ["cable-1468.xml"]


def test_articles_are_their_own_genre(trees):
    a3, a4 = trees["003"], trees["004"]
    for t in (a3, a4):
        assert xp(t, "//t:textClass/t:catRef/@target") == ["#genre-article"]
        assert xp(t, "//t:sourceDesc/t:biblStruct")
        assert not xp(t, "//t:correspDesc")
    assert xp(a3, "//t:head[@type='headline']/t:seg[@type='section']/text()") == ["Diplomacy"]
    assert xp(a4, "//t:front/t:docImprint/t:publisher/text()") == ["THE ASAHI SHIMBUN"]
    assert xp(a4, "//t:opener/t:dateline/t:date/@when") == ["2025-12-24T18:45:00+09:00"]
    assert xp(a4, "//t:figure/t:head[@type='caption']")
    assert xp(a4, "//t:byline")
    assert xp(a4, "//t:titleStmt/t:author/text()") == ["Hirobumi Ohinata", "Naotaka Fujita"]
    assert xp(a4, "//t:back/t:div[@type='page-furniture']")
    assert "copyright" in "".join(xp(a4, "//t:publicationStmt/t:availability//text()"))


def test_tei_text_by_language(converted):
    ja = tei_text(converted["001"], "ja")
    en = tei_text(converted["001"], "en")
    assert "（総理）" in ja and "(Prime Minister)" not in ja
    assert "(Prime Minister)" in en and "総理" not in en
    assert "Citation:" not in en
