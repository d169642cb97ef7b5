"""`tei export`: every format on the shipped edition and on documents from other archives,
each checked against its schema (the official tei_all, the catalogue's JSON Schema, the
oai_dc XSD), the round trip (canonical XML), and the command's errors."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from click.testing import CliRunner
from lxml import etree

from tei import PROJECT_ROOT
from tei.cli import main
from tei.edition import load_edition
from tei.errors import TeiCablesError
from tei.exchange import canonical, export_dc
from tei.exchange.export import FORMATS, export
from tei.exchange.export_catalogue import fields, from_csv
from tei.exchange.export_tei import TEI_ALL_URL, unresolved
from tei.text import normalise
from tei.validate import Options, validate
from tei.xmlio import parse_file

from .conftest import NS, SHARED, TEI_ALL
from .faithful import assert_words_in_order, source_words

EDITION = PROJECT_ROOT / "edition"
SCHEMA_DIR = PROJECT_ROOT / "schema"
CORPUS = SHARED / "corpus"
FRUS = CORPUS / "frus" / "frus-history-documents" / "2002-08-19-athens-02867.xml"
LETTER = CORPUS / "other-tei" / "tei-correspondence-sig" / "example01_basic.xml"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

needs_corpus = pytest.mark.skipif(not FRUS.is_file() or not LETTER.is_file(),
                                  reason="the TEI corpus is not in ../shared")


def _export_all(edition_dir: Path, outdir: Path) -> dict[str, Path]:
    edition = load_edition(edition_dir)
    folders = {}
    for fmt in FORMATS:
        folders[fmt] = outdir / fmt
        export(edition, fmt, folders[fmt])
    return folders


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> dict[str, Path]:
    """Every format of the shipped edition, exported once."""
    return _export_all(EDITION, tmp_path_factory.mktemp("export"))


def _edition_copy(tmp_path: Path, imported: list[Path]) -> Path:
    """A copy of the shipped edition with ``imported`` in its imported/ folder."""
    root = tmp_path / "edition"
    shutil.copytree(EDITION, root, ignore=shutil.ignore_patterns("sources"))
    (root / "imported").mkdir(exist_ok=True)
    for path in imported:
        shutil.copy(path, root / "imported" / path.name)
    return root


@pytest.fixture(scope="module")
def foreign(tmp_path_factory) -> dict[str, Path]:
    """Every format of an edition with two documents from other archives beside its own."""
    if not FRUS.is_file() or not LETTER.is_file():
        pytest.skip("the TEI corpus is not in ../shared")
    tmp = tmp_path_factory.mktemp("foreign")
    return _export_all(_edition_copy(tmp, [FRUS, LETTER]), tmp / "out")


@pytest.fixture(scope="module")
def oai_dc() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA_DIR / "oai_dc.xsd"), allow="local", defuse="always")


# --- tei ----------------------------------------------------------------------------------

@pytest.mark.shared
@pytest.mark.skipif(not TEI_ALL.is_file(), reason="tei_all not in ../shared")
def test_tei_files_and_corpus_valid_against_official_tei_all(shipped, foreign):
    files = sorted(shipped["tei"].glob("*.xml"))
    assert {p.name for p in files} == {p.name for p in (EDITION / "tei").glob("*.xml")} | {
        "edition.xml"}
    # the FRUS document is not valid against tei_all as the archive sends it (README of the
    # corpus): the letter of the correspondence SIG is, and so the files made from it
    letter = [foreign["tei"] / LETTER.name]
    report = validate(files + letter, Options(schemas=(str(TEI_ALL),)))
    assert report.problems == [], "\n".join(map(str, report.problems))
    assert len(report.files) == len(files) + 1


def test_tei_files_point_to_the_official_tei_all(shipped):
    for path in shipped["tei"].glob("*.xml"):
        models = [pi for pi in etree.parse(str(path)).getroot().itersiblings(preceding=True)
                  if isinstance(pi, etree._ProcessingInstruction)]
        assert [pi.get("href") for pi in models] == [TEI_ALL_URL, TEI_ALL_URL], path.name
        assert b"tei-cables.rng" not in path.read_bytes()


def test_every_pointer_resolves_inside_its_file(shipped):
    names = {p.name for p in shipped["tei"].glob("*.xml")}
    for path in shipped["tei"].glob("*.xml"):
        root = parse_file(path).getroot()
        assert unresolved(root) == [], path.name
        # links to other documents name a file that is exported beside
        for element in root.iter():
            for value in element.attrib.values():
                for token in value.split():
                    if re.match(r"^[\w.-]+\.xml(#.*)?$", token):
                        assert token.split("#")[0] in names, (path.name, token)
    # the registers are inlined: nothing points to persons.xml, so it is not shipped
    assert not (shipped["tei"] / "persons.xml").exists()


def test_unresolved_finds_a_dangling_pointer():
    root = etree.fromstring(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><p xml:id="a" '
                            b'corresp="#a #b"/><ref target="other.xml"/></TEI>')
    assert unresolved(root) == ["#b"]


def test_corpus_ids_unique_and_registers_once(shipped):
    corpus = parse_file(shipped["tei"] / "edition.xml").getroot()
    assert etree.QName(corpus).localname == "teiCorpus"
    ids = Counter(e.get(XML_ID) for e in corpus.iter() if e.get(XML_ID))
    assert [i for i, n in ids.items() if n > 1] == []
    header = corpus.find("t:teiHeader", NS)
    assert header.findtext("t:fileDesc/t:titleStmt/t:title", namespaces=NS) == \
        load_edition(EDITION).title
    assert header.find(".//t:licence", NS) is not None
    # the classification scheme, the same in every cable, is declared once, in the header
    taxonomies = corpus.xpath("//t:taxonomy[@xml:id='classification']", namespaces=NS)
    assert len(taxonomies) == 1 and taxonomies[0].xpath("ancestor::t:teiHeader/parent::*",
                                                        namespaces=NS)[0] is corpus
    # the translator, described alike in every cable, is one person of the header; each
    # cable's particDesc still names him
    assert header.xpath(".//t:person/@xml:id", namespaces=NS) == ["mercado-stephen"]
    members = corpus.findall("t:TEI", NS)
    for member in members:
        assert member.xpath(".//t:particDesc//t:person[@sameAs='#mercado-stephen']",
                            namespaces=NS)
    assert [m.get(XML_ID) for m in members] == sorted(p.stem for p in
                                                      (EDITION / "tei").glob("*.xml"))
    # every document still says who took part: a person of its own, or one of the header
    for member in members:
        persons = member.findall(".//t:particDesc//t:person", NS)
        assert persons and all(p.get(XML_ID) or p.get("sameAs") for p in persons)
    # links between documents became links inside the corpus
    assert not corpus.xpath("//@*[contains(., '.xml')][not(starts-with(., 'http'))]")
    assert corpus.xpath("//t:ref[@type='next']/@target", namespaces=NS)[0] == "#cable-1468"


def test_corpus_renames_consistently(shipped):
    """A person described differently in two documents keeps a name of each document's own,
    and every turn of that document points to it."""
    corpus = parse_file(shipped["tei"] / "edition.xml").getroot()
    for member in corpus.findall("t:TEI", NS):
        ids = {e.get(XML_ID) for e in member.iter() if e.get(XML_ID)}
        header_ids = {e.get(XML_ID) for e in corpus.find("t:teiHeader", NS).iter()
                      if e.get(XML_ID)}
        for who in member.xpath(".//t:sp/@who", namespaces=NS):
            assert who[1:] in ids | header_ids
        for own in ids:
            original = own.split(".", 1)[-1]
            if own != original:
                assert own.startswith(member.get(XML_ID) + ".")


def test_round_trip_canonical_equality(shipped):
    for source in (EDITION / "tei").glob("*.xml"):
        exported = (shipped["tei"] / source.name).read_bytes()
        assert exported != source.read_bytes()  # other xml-model PIs
        assert canonical(exported) == canonical(source.read_bytes())


def test_canonical_ignores_the_prolog_only():
    data = (EDITION / "tei" / "cable-1456.xml").read_bytes()
    same = re.sub(rb"<\?xml-model[^>]*\?>\n", b"", data).replace(
        b"<TEI ", b"<?xml-stylesheet href='x.xsl'?>\n<TEI ", 1)
    assert canonical(same) == canonical(data)
    assert canonical(data.replace(b"Kuriyama", b"Kuriyana", 1)) != canonical(data)
    assert canonical(data.replace(b'type="main"', b'type="sub"', 1)) != canonical(data)
    assert canonical(parse_file(EDITION / "tei" / "cable-1456.xml")) == canonical(data)


def test_register_of_persons_shipped_beside_when_pointed_to(tmp_path):
    root = _edition_copy(tmp_path, [])
    cable = root / "tei" / "cable-1456.xml"
    pointer = b'<author ref="../persons.xml#kuriyama-takakazu">'
    cable.write_bytes(cable.read_bytes().replace(b'<author ref="#kuriyama-takakazu">', pointer))
    result = export(load_edition(root), "tei", tmp_path / "out")
    assert (tmp_path / "out" / "persons.xml").is_file()
    exported = parse_file(tmp_path / "out" / "cable-1456.xml")
    assert exported.xpath("//t:author/@ref", namespaces=NS) == ["persons.xml#kuriyama-takakazu"]
    register = parse_file(tmp_path / "out" / "persons.xml")
    assert register.xpath("//t:person[@xml:id='kuriyama-takakazu']", namespaces=NS)
    corpus = parse_file(tmp_path / "out" / "edition.xml")
    assert corpus.xpath("//t:TEI[@xml:id='cable-1456']//t:author/@ref", namespaces=NS) == [
        "persons.xml#kuriyama-takakazu"]
    assert result.problems == []


# --- txt ----------------------------------------------------------------------------------

def test_txt_has_both_languages(shipped):
    names = {p.name for p in shipped["txt"].glob("*.txt")}
    assert {"cable-5515.txt", "cable-5515.ja.txt", "cable-5515.en.txt"} <= names
    whole = (shipped["txt"] / "cable-5515.txt").read_text(encoding="utf-8")
    ja = (shipped["txt"] / "cable-5515.ja.txt").read_text(encoding="utf-8")
    en = (shipped["txt"] / "cable-5515.en.txt").read_text(encoding="utf-8")
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]{4}", ja)
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", en)
    assert "Hosokawa" in en and "Prime Minister" in en
    for part in (ja, en):
        for paragraph in part.split("\n\n"):
            assert normalise(paragraph) in normalise(whole)
        assert_words_in_order(part.split(), whole, least=50)
    # the whole text is the transcription's (compared with the source, not with the export's
    # own function)
    source = next((EDITION / "sources").glob("002_*.txt")).read_text(encoding="utf-8")
    assert normalise(whole) == normalise(source, source=True)
    assert_words_in_order(source_words(source), whole, least=1000)
    # a document in one language has no part of the other
    assert not (shipped["txt"] / "cable-1456.ja.txt").exists()


# --- json and csv -------------------------------------------------------------------------

def _schema() -> dict:
    return json.loads((SCHEMA_DIR / "catalogue.schema.json").read_text(encoding="utf-8"))


def _check_json(path: Path) -> dict:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    return data


def test_json_catalogue_valid_against_its_schema(shipped):
    data = _check_json(shipped["json"] / "catalogue.json")
    assert (shipped["json"] / "catalogue.schema.json").read_bytes() == \
        (SCHEMA_DIR / "catalogue.schema.json").read_bytes()
    records = {r["id"]: r for r in data["documents"]}
    assert set(records) == {p.stem for p in (EDITION / "tei").glob("*.xml")}
    for ident, rec in records.items():
        tree = parse_file(EDITION / "tei" / f"{ident}.xml")
        assert rec["redactions"] == len(tree.xpath("//t:text//t:gap[@reason='redacted']",
                                                   namespaces=NS))
        assert rec["file"] == f"{ident}.xml" and rec["imported"] is False
        assert rec["provenance"] is None
    rec = records["cable-1456"]
    assert rec["date_sent"] == "1994-02-12" and rec["date_received"] == "1994-02-13"
    assert rec["sender"] == ["Ambassador Kuriyama"]
    assert rec["recipient"] == ["The Foreign Minister"]
    assert rec["classification"].startswith("Secret")
    assert rec["summary"] == "Clinton and Hosokawa discuss US-Japan economic ties."
    assert rec["related"][0] == "cable-1468"
    assert records["cable-5515"]["title_original"] == "日米首のう会談（別電2）"
    assert records["cable-5515"]["languages"] == ["ja", "en"]
    assert records["cable-5515"]["source_url"].startswith("https://")


def test_json_schema_rejects_a_bad_record(shipped):
    data = json.loads((shipped["json"] / "catalogue.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(_schema())
    data["documents"][0]["date_sent"] = "12 February 1994"
    data["documents"][1]["redactions"] = "3"
    del data["documents"][2]["title"]
    assert len(list(validator.iter_errors(data))) == 3


def test_csv_read_back_equals_json(shipped):
    data = (shipped["csv"] / "catalogue.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == fields()
    documents = json.loads((shipped["json"] / "catalogue.json").read_text(
        encoding="utf-8"))["documents"]
    assert len(rows) == len(documents) + 1
    assert from_csv(data) == documents
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["cable-5515"]["languages"] == "ja\nen"
    assert by_id["cable-5515"]["record_id"] == ""


# --- dc -----------------------------------------------------------------------------------

def test_dc_records_valid_against_oai_dc_xsd(shipped, oai_dc):
    records = sorted(shipped["dc"].glob("*.oai_dc.xml"))
    assert len(records) == len(list((EDITION / "tei").glob("*.xml")))
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    for path in records:
        oai_dc.validate(str(path))
        tree = etree.parse(str(path))
        assert tree.getroot().tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
        assert tree.xpath("dc:identifier/text()", namespaces=dc)[0] == \
            path.name.removesuffix(".oai_dc.xml")
        for name in ("title", "creator", "contributor", "date", "type", "format", "source",
                     "language", "rights", "description"):
            assert tree.xpath(f"dc:{name}", namespaces=dc), (path.name, name)
    tree = etree.parse(str(shipped["dc"] / "cable-5515.oai_dc.xml"))
    assert tree.xpath("dc:title[@xml:lang='ja']/text()", namespaces=dc) == [
        "日米首のう会談（別電2）"]
    assert tree.xpath("dc:date/text()", namespaces=dc) == ["1993-09-28"]
    assert tree.xpath("dc:contributor/text()", namespaces=dc) == ["Stephen Mercado"]


@pytest.mark.parametrize("record", [
    b'<dc:titel>x</dc:titel>',                        # not one of the 15 elements
    b'<dc:title><dc:title>x</dc:title></dc:title>',   # an element inside a string
    b'<dc:title type="main">x</dc:title>',            # an attribute other than xml:lang
])
def test_oai_dc_xsd_rejects(oai_dc, record):
    text = (b'<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            b'xmlns:dc="http://purl.org/dc/elements/1.1/">' + record + b'</oai_dc:dc>')
    assert not oai_dc.is_valid(text.decode())


def test_invalid_dc_record_is_never_written(tmp_path, monkeypatch):
    real = export_dc.transform_to_string

    def broken(name, tree, **params):
        return real(name, tree, **params).replace("dc:creator", "dc:author")

    monkeypatch.setattr(export_dc, "transform_to_string", broken)
    with pytest.raises(TeiCablesError) as caught:
        export(load_edition(EDITION), "dc", tmp_path / "dc")
    assert "not a valid oai_dc record" in str(caught.value)
    assert ".oai_dc.xml" in caught.value.problems[0].file
    assert list((tmp_path / "dc").glob("*")) == []


# --- documents from other archives --------------------------------------------------------

@pytest.mark.shared
@needs_corpus
def test_foreign_documents_exported_with_unknowns_empty(foreign, oai_dc):
    data = _check_json(foreign["json"] / "catalogue.json")
    records = {r["file"]: r for r in data["documents"]}
    frus = records[FRUS.name]
    assert frus["imported"] is True and frus["provenance"]
    assert frus["id"] == FRUS.stem  # no xml:id: the file's name
    assert frus["title"].startswith("Telegram From the Embassy in Greece")
    for name in ("date_received", "classification", "precedence", "summary", "cable_number"):
        assert frus[name] is None, name
    for name in ("sender", "recipient", "places", "languages", "translators"):
        assert frus[name] == [], name
    assert frus["source_url"].endswith("2002-08-19-athens-02867.pdf")
    letter = records[LETTER.name]
    assert letter["sender"] == ["Adelbert von Chamisso"]
    assert letter["date_sent"] == "1807-01-29" and letter["date_received"] is None
    assert from_csv((foreign["csv"] / "catalogue.csv").read_bytes()) == data["documents"]
    for path in foreign["dc"].glob("*.oai_dc.xml"):
        oai_dc.validate(str(path))
    text = (foreign["txt"] / f"{FRUS.stem}.txt").read_text(encoding="utf-8")
    assert "Release of FRUS Volume Elicits Mild Media Interest" in text
    # every word of the document's text, in order (read with lxml, not the export's XSLT)
    body = parse_file(FRUS).getroot().find("t:text", NS)
    assert_words_in_order(" ".join(body.itertext()).split(), text, least=200)
    for source in (FRUS, LETTER):
        assert canonical((foreign["tei"] / source.name).read_bytes()) == \
            canonical(source.read_bytes())


@pytest.mark.shared
@needs_corpus
def test_foreign_documents_in_the_corpus(foreign):
    corpus = parse_file(foreign["tei"] / "edition.xml").getroot()
    members = corpus.findall("t:TEI", NS)
    assert len(members) == 5
    ids = Counter(e.get(XML_ID) for e in corpus.iter() if e.get(XML_ID))
    assert [i for i, n in ids.items() if n > 1] == []
    assert members[3].get(XML_ID) == "doc-" + FRUS.stem  # given one (an NCName), for links
    assert "taken in from other archives" in corpus.findtext(".//t:sourceDesc/t:p",
                                                             namespaces=NS)


def test_ids_repeated_with_different_content_are_renamed(tmp_path):
    """Two documents from elsewhere that use the same id for different persons."""
    def letter(name: str, person: str) -> bytes:
        return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
                f'<title>{name}</title></titleStmt><publicationStmt><p>x</p></publicationStmt>'
                f'<sourceDesc><p>x</p></sourceDesc></fileDesc><profileDesc><particDesc>'
                f'<listPerson><person xml:id="p1"><persName>{person}</persName></person>'
                f'</listPerson></particDesc></profileDesc></teiHeader><text><body>'
                f'<p xml:id="first"><persName ref="#p1">{person}</persName> '
                f'<ref target="b.xml#first">see</ref></p></body></text></TEI>').encode()

    root = _edition_copy(tmp_path, [])
    (root / "imported" / "a.xml").write_bytes(letter("A", "Anna"))
    (root / "imported" / "b.xml").write_bytes(letter("B", "Berta"))
    export(load_edition(root), "tei", tmp_path / "out")
    corpus = parse_file(tmp_path / "out" / "edition.xml").getroot()
    a, b = corpus.findall("t:TEI", NS)[-2:]
    assert a.xpath(".//t:person/@xml:id", namespaces=NS) == ["a.p1"]
    assert b.xpath(".//t:person/@xml:id", namespaces=NS) == ["b.p1"]
    assert a.xpath(".//t:body//t:persName/@ref", namespaces=NS) == ["#a.p1"]
    assert b.xpath(".//t:body//t:persName/@ref", namespaces=NS) == ["#b.p1"]
    assert a.xpath(".//t:ref/@target", namespaces=NS) == ["#b.first"]
    assert unresolved(corpus) == []


def test_foreign_document_with_a_repeated_id_is_exported_with_a_warning(tmp_path):
    root = _edition_copy(tmp_path, [])
    (root / "imported" / "twice.xml").write_bytes(
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>\n'
        b'<p xml:id="a">one</p>\n<p xml:id="a">two</p></body></text></TEI>')
    result = export(load_edition(root), "tei", tmp_path / "out")
    exporting = [p for p in result.problems if p.rule == "export"]
    assert [(p.line, p.severity) for p in exporting] == [(3, "warning")]
    assert "xml:id 'a' is repeated" in exporting[0].message
    # its departures from TEI P5 (an empty teiHeader) are said, as warnings: it came so
    assert {p.severity for p in result.problems} == {"warning"}
    assert canonical((tmp_path / "out" / "twice.xml").read_bytes()) == canonical(
        (root / "imported" / "twice.xml").read_bytes())


def test_names_from_other_archives_stay_inside_the_folder(tmp_path):
    root = _edition_copy(tmp_path, [])
    hostile = root / "imported" / "..-..-evil name;rm.xml"
    hostile.write_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="../../escape">'
                        b'<teiHeader/><text><body><p>x</p></body></text></TEI>')
    out = tmp_path / "out"
    for fmt in FORMATS:
        export(load_edition(root), fmt, out / fmt)
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()
               and not p.is_relative_to(root)}
    assert all(p.parts[0] == "out" for p in written)
    assert (out / "tei" / "evil-name-rm.xml").is_file()
    assert (out / "dc" / "evil-name-rm.oai_dc.xml").is_file()


def test_no_file_written_through_a_link_out_of_the_folder(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside.xml"
    out.mkdir()
    outside.write_text("untouched")
    (out / "cable-1456.xml").symlink_to(outside)
    with pytest.raises(TeiCablesError, match="would land outside"):
        export(load_edition(EDITION), "tei", out)
    assert outside.read_text() == "untouched"


def test_records_link_to_the_published_pages(tmp_path):
    root = _edition_copy(tmp_path, [])
    toml = root / "edition.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'date = "2026"', 'date = "2026"\nurl = "https://example.org/cables"'), encoding="utf-8")
    export(load_edition(root), "json", tmp_path / "json")
    export(load_edition(root), "dc", tmp_path / "dc")
    data = _check_json(tmp_path / "json" / "catalogue.json")
    assert data["documents"][0]["url"] == "https://example.org/cables/documents/cable-1456.html"
    record = etree.parse(str(tmp_path / "dc" / "cable-1456.oai_dc.xml"))
    assert record.xpath("//*[local-name()='identifier']/text()") == [
        "cable-1456", "https://example.org/cables/documents/cable-1456.html"]


def test_two_documents_with_one_name_are_refused(tmp_path):
    root = _edition_copy(tmp_path, [])
    shutil.copy(root / "tei" / "cable-1456.xml", root / "imported" / "cable-1456.xml")
    with pytest.raises(TeiCablesError, match="same name"):
        export(load_edition(root), "tei", tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- the command --------------------------------------------------------------------------

def test_cli_exports_into_default_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "--format", "json", "--edition", str(EDITION)])
    assert result.exit_code == 0, result.output
    assert "json: 2 files written into build/export/json" in result.output
    assert (tmp_path / "build" / "export" / "json" / "catalogue.json").is_file()


def test_cli_all_formats_into_subfolders(tmp_path):
    result = CliRunner().invoke(main, ["export", "--format", "all", "-o", str(tmp_path),
                                       "--edition", str(EDITION)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FORMATS)


@pytest.mark.parametrize("setup, message", [
    (lambda root: None, "not an edition folder (no edition.toml)"),
    (lambda root: (root / "edition.toml").write_text("[edition]\ntitle = 'x'\n"),
     "no such folder"),
    (lambda root: ((root / "edition.toml").write_text("[edition]\ntitle = 'x'\n"),
                   (root / "tei").mkdir()), "no TEI documents (*.xml) to export"),
    (lambda root: ((root / "edition.toml").write_text("[edition]\ntitle = 'x'\n"),
                   (root / "tei").mkdir(), (root / "tei" / "bad.xml").write_text("<TEI>")),
     "bad.xml:1:6: error: not well-formed XML"),
])
def test_cli_bad_edition_folder(tmp_path, setup, message):
    root = tmp_path / "edition"
    root.mkdir()
    setup(root)
    result = CliRunner().invoke(main, ["export", "--format", "tei", "--edition", str(root),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_cli_rejects_unknown_format():
    result = CliRunner().invoke(main, ["export", "--format", "pdf"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


# --- conformance of what goes out -----------------------------------------------------------


def test_tei_written_is_checked_against_tei_p5_and_a_departure_is_an_error(tmp_path):
    root = _edition_copy(tmp_path, [])
    cable = root / "tei" / "cable-1456.xml"
    # titleStmt without its title: not TEI P5
    data = re.sub(rb"<title type=\"main\">[^<]*</title>", b"", cable.read_bytes(), count=1)
    cable.write_bytes(data)
    result = CliRunner().invoke(main, ["export", "--format", "tei", "--edition", str(root),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    out = tmp_path / "out" / "cable-1456.xml"
    located = [line for line in result.output.splitlines()
               if line.startswith(f"{out}:") and ": error: " in line]
    assert located and "titleStmt" in located[0], result.output
    in_corpus = [line for line in result.output.splitlines()
                 if line.startswith(f"{tmp_path / 'out' / 'edition.xml'}:")]
    assert len(in_corpus) == 1 and ": error: " in in_corpus[0]  # its copy in the corpus
    assert "4 files written into" in result.output and ", 2 errors" in result.output


@needs_corpus
def test_a_foreign_document_that_does_not_conform_is_exported_as_received(tmp_path):
    root = _edition_copy(tmp_path, [FRUS])
    result = export(load_edition(root), "tei", tmp_path / "out")
    assert {p.severity for p in result.problems} == {"warning"}
    by_file = {Path(p.file).name for p in result.problems}
    assert by_file == {FRUS.name, "edition.xml"}  # the document, and its place in the corpus
    [frus] = [p for p in result.problems if Path(p.file).name == FRUS.name]
    assert frus.message.endswith("(from another archive: exported as received)")
    assert "publicationStmt" in frus.message and frus.line > 0
