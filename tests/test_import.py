"""`tei import`: foreign TEI (single documents, teiCorpus, a FRUS-like volume) into the
edition, validated, with its provenance, and nothing of it lost."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei import PROJECT_ROOT, __version__
from tei.cli import main
from tei.errors import TeiCablesError
from tei.exchange import importer
from tei.exchange.importer import import_sources, read_documents
from tei.schema import EXCHANGE_SCHEMAS
from tei.xmlio import parse_file, without_xml_models

from .conftest import NS, SHARED, TEI_ALL

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "exchange"
VOLUME = FIXTURES / "frus-like-volume.xml"
ANY = str(FIXTURES / "any-xml.rng")  # any XML: for tests that are not about validation
CORPUS = SHARED / "corpus"
FRUS = CORPUS / "frus" / "frus-history-documents"
PARTIAL = CORPUS / "frus" / "volume-excerpts" / "frus1969-76v19p2.head-to-teiHeader.PARTIAL.xml"
MONOGRAPH = CORPUS / "frus" / "frus-history-monograph" / "frus-history.xml"
EDITION_TEI = PROJECT_ROOT / "edition" / "tei"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def corpus_sources() -> list[Path]:
    """Every TEI document of ../shared/corpus that is TEI to import (schemas and the FRUS
    ODD aside), and the synthetic volume."""
    files = sorted(FRUS.glob("*.xml")) + [MONOGRAPH]
    files += sorted((CORPUS / "other-tei").glob("*/*.xml"))
    files += sorted((CORPUS / "tei-stylesheets-tests").glob("*/input/*.xml"))
    return [f for f in files if f.is_file()] + [VOLUME]


def run(*args: str):
    return CliRunner().invoke(main, ["import", *map(str, args)])


def texts(element: etree._Element) -> list[str]:
    return [t for t in element.xpath(".//text()") if t.strip()]


def squeezed(element: etree._Element) -> bytes:
    """Canonical XML with white-space-only text left out (indentation is not content)."""
    duplicate = etree.fromstring(etree.tostring(element))
    for node in duplicate.iter():
        if node.text is not None and not node.text.strip():
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return etree.tostring(duplicate, method="c14n")


def without_additions(root: etree._Element, source: etree._Element) -> etree._Element:
    """The imported document less what the importer adds to a header (provenance, tool,
    correspondence, a title), with the source's root id: it must equal the source."""
    root = etree.fromstring(etree.tostring(root))
    for bibl in root.xpath("//t:bibl[@type='imported']", namespaces=NS):
        parent = bibl.getparent()
        if etree.QName(parent).localname == "p" and len(parent) == 1 and not (
                parent.text or "").strip():
            parent.getparent().remove(parent)
        else:
            parent.remove(bibl)
    for info in root.xpath("//t:appInfo[t:application/@ident='tei-cables']", namespaces=NS):
        info.getparent().remove(info)
    for name in ("correspDesc", "title"):
        path = {"correspDesc": "t:teiHeader/t:profileDesc/t:correspDesc",
                "title": "t:teiHeader/t:fileDesc/t:titleStmt/t:title"}[name]
        if not source.xpath(path, namespaces=NS):
            for added in root.xpath(path, namespaces=NS):
                added.getparent().remove(added)
    for name in ("profileDesc", "encodingDesc"):
        for empty in root.xpath(f"t:teiHeader/t:{name}[not(*)]", namespaces=NS):
            if not source.xpath(f"t:teiHeader/t:{name}", namespaces=NS):
                empty.getparent().remove(empty)
    if source.get(XML_ID) is None:
        del root.attrib[XML_ID]
    else:
        root.set(XML_ID, source.get(XML_ID))
    return root


# ------------------------------------------------------------- the whole corpus


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every document of ../shared/corpus and the volume fixture, imported once, checked
    against the official tei_all."""
    if not TEI_ALL.is_file():
        pytest.skip("tei_all is not in ../shared")
    out = tmp_path_factory.mktemp("imported")
    outcomes = import_sources(corpus_sources(), out, schemas=(str(TEI_ALL),), jobs=4)
    return out, {Path(o.source).name: o for o in outcomes}


@pytest.mark.shared
def test_every_document_of_the_corpus_is_imported_and_checked(imported):
    out, outcomes = imported
    conformant = {"example01_basic.xml", "example03_more-than-one-addressee.xml",
                  "frus-history.xml", "test24.xml", "test6.xml", "testQuotations1.xml",
                  "testWhitespace1.xml", "testnotes2.xml",
                  # DraCor's play is valid against tei_all (jing agrees); the Schnitzler
                  # letter is not (xsi:schemaLocation, p in desc, idno in location)
                  "kafka-der-gruftwaechter.xml"}
    for name, outcome in outcomes.items():
        assert outcome.written, (name, outcome.problems)
        errors = [p for p in outcome.problems if p.severity == "error"]
        assert (outcome.status, bool(errors)) == ((0, False) if name in conformant
                                                  else (1, True)), (name, errors)
    assert len(list(out.glob("*.xml"))) == sum(len(o.written) for o in outcomes.values())
    # a teiCorpus gives one document per TEI in it, a volume one per div[@type='document']
    assert len(outcomes["test24.xml"].written) == 2
    assert len(outcomes[VOLUME.name].written) == 5  # its 4 documents and the volume's own


@pytest.mark.shared
def test_departures_from_tei_are_located_in_the_source(imported):
    _, outcomes = imported
    for path in sorted(FRUS.glob("*.xml")):
        (problem,) = [p for p in outcomes[path.name].problems if p.severity == "error"]
        # FRUS puts a date straight into publicationStmt (lines 11-14 of each file)
        assert problem.file == str(path) and 11 <= problem.line <= 14, str(problem)
        assert '"date" is not allowed' in problem.message and problem.rule == "rng:element"
        line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
        assert line[problem.column - 1:].startswith("<date"), (str(problem), line)
    test23 = [p for p in outcomes["test23.xml"].problems if p.severity == "error"]
    assert [(p.line, p.rule) for p in test23] == [(3, "rng:attribute")]


@pytest.mark.shared
def test_imported_documents_conform_wherever_their_sources_do(imported):
    from tei.validate import Options, validate

    out, outcomes = imported
    written = {p: name for name, o in outcomes.items() for p in o.written}
    report = validate(sorted(written), Options(schemas=(str(TEI_ALL),)))
    for checked in report.files:
        errors = sorted(p.message for p in checked.problems if p.severity == "error")
        source = sorted(p.message for p in outcomes[written[Path(checked.path)]].problems
                        if p.severity == "error")
        # the same departures as the source, no new ones (a volume's are shared among its
        # documents)
        assert set(errors) <= set(source), (checked.path, errors)


@pytest.mark.shared
def test_nothing_of_a_source_is_dropped_or_changed(imported):
    out, outcomes = imported
    for path in corpus_sources():
        if path == VOLUME or path.name == "test24.xml":
            continue
        source = parse_file(path).getroot()
        (written,) = outcomes[path.name].written
        result = parse_file(written).getroot()
        # the text: the very same text nodes, in order, white space and all
        assert result.find("t:text", NS) is not None
        assert [t for t in result.find("t:text", NS).xpath(".//text()")] == \
            [t for t in source.find("t:text", NS).xpath(".//text()")], path.name
        # the whole document, less what import adds to the header, is the source
        assert squeezed(without_additions(result, source)) == squeezed(source), path.name


@pytest.mark.shared
def test_a_corpus_gives_each_document_with_the_corpus_facts(imported):
    _, outcomes = imported
    source = parse_file(CORPUS / "tei-stylesheets-tests" / "test24" / "input" / "test24.xml")
    members = source.getroot().findall("t:TEI", NS)
    for member, path in zip(members, outcomes["test24.xml"].written, strict=True):
        result = parse_file(path).getroot()
        assert texts(result.find("t:text", NS)) == texts(member.find("t:text", NS))
        related = result.find(".//t:bibl[@type='imported']/t:relatedItem[@type='corpus']", NS)
        corpus_title = source.getroot().findtext("t:teiHeader/t:fileDesc/t:titleStmt/t:title",
                                                 None, NS)
        assert related.findtext("t:bibl/t:title", None, NS) == corpus_title


@pytest.mark.shared
def test_provenance_says_where_from_and_by_what(imported):
    _, outcomes = imported
    path = FRUS / "2002-08-19-athens-02867.xml"
    (written,) = outcomes[path.name].written
    root = parse_file(written).getroot()
    bibl = root.find(".//t:sourceDesc//t:bibl[@type='imported']", NS)
    assert bibl.findtext("t:idno[@type='source-file']", None, NS) == path.name
    assert bibl.findtext("t:idno[@type='sha256']", None, NS) == hashlib.sha256(
        path.read_bytes()).hexdigest()
    application = root.find(".//t:appInfo/t:application[@ident='tei-cables']", NS)
    assert application.get("version") == __version__
    # mapped: the date FRUS gives as created, now the date the document was sent
    assert root.find(".//t:correspAction[@type='sent']/t:date", NS).get("when") == "2002-08-19"
    # the xml-model PIs name the exchange schema (relative to the output folder)
    assert b"tei-exchange.rng" in written.read_bytes().split(b"<TEI")[0]


# ---------------------------------------------------------------- the volume


@pytest.fixture(scope="module")
def volume(tmp_path_factory):
    out = tmp_path_factory.mktemp("volume")
    (outcome,) = import_sources([VOLUME], out, schemas=(ANY,))
    assert outcome.status == 0, outcome.problems
    return {p.stem: parse_file(p).getroot() for p in outcome.written}


def test_a_volume_is_split_into_its_documents(volume):
    assert sorted(volume) == ["frus-test-v1", "frus-test-v1-d1", "frus-test-v1-d2",
                              "frus-test-v1-d3", "frus-test-v1-d4"]
    source = parse_file(VOLUME).getroot()
    for div in source.xpath("//t:div[@type='document']", namespaces=NS):
        root = volume[f"frus-test-v1-{div.get(XML_ID)}"]
        (copied,) = root.findall("t:text/t:body/t:div", NS)
        # the document's div as it stood: id, source note, dateline, frus attributes, words
        assert etree.tostring(_alone(copied), method="c14n") == etree.tostring(
            _alone(div), method="c14n")
        assert root.get(XML_ID) == f"frus-test-v1-{div.get(XML_ID)}"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_nothing_of_a_volume_is_dropped_what_is_not_a_document_is_the_volumes_own(volume):
    """Front matter, the registers in full, chapter headings, editorial notes between
    documents, back matter: the volume's own document keeps them, with a link to each
    document's file in the place the document stood."""
    source = parse_file(VOLUME).getroot()
    own = volume["frus-test-v1"]
    links = own.xpath(".//t:div[@type='document']/t:p/t:ref[@type='split']", namespaces=NS)
    assert [r.get("target") for r in links] == [
        f"frus-test-v1-{d}.xml" for d in ("d1", "d2", "d3", "d4")]
    for name in ("front", "back"):
        kept = own.find(f"t:text/t:{name}", NS)
        original = source.find(f"t:text/t:{name}", NS)
        if original is not None:
            assert etree.tostring(kept, method="c14n", exclusive=True) == etree.tostring(
                _alone(original), method="c14n", exclusive=True)
    # every word of the volume's text is in one of the files it was split into
    from collections import Counter

    def counted(root):
        return Counter(" ".join(root.find("t:text", NS).itertext()).split())

    written = sum((counted(r) for r in volume.values()), Counter())
    assert not counted(source) - written


def _alone(element: etree._Element) -> etree._Element:
    import copy

    duplicate = copy.deepcopy(element)
    duplicate.tail = None
    return duplicate


def test_a_volume_document_carries_the_register_entries_it_refers_to(volume):
    d2 = volume["frus-test-v1-d2"]
    persons = {p.get(XML_ID): p for p in d2.iterfind(".//t:particDesc//t:person", NS)}
    assert sorted(persons) == ["p_AA1", "p_BB1", "p_CC1"]
    assert persons["p_BB1"].findtext("t:persName", None, NS) == "Baker, Bob"
    assert persons["p_BB1"].findtext("t:note", None, NS) == "Secretary of Examples"
    assert persons["p_BB1"].get("corresp") == f"{VOLUME.name}#p_BB1"
    terms = d2.findall(".//t:classDecl/t:taxonomy/t:category", NS)
    assert [t.get(XML_ID) for t in terms] == ["t_DEPT1"]
    assert "".join(terms[0].find("t:catDesc", NS).itertext()) == "Deptel, Department telegram"
    # every pointer of every document now resolves inside it
    for name, root in volume.items():
        ids = set(root.xpath("//@xml:id", namespaces=NS))
        for pointer in root.xpath("//t:persName/@corresp | //t:gloss/@target", namespaces=NS):
            assert pointer[1:] in ids, (name, pointer)
    d3 = volume["frus-test-v1-d3"]  # an editorial note names nobody
    assert d3.find(".//t:particDesc", NS) is None and d3.find(".//t:taxonomy", NS) is None


def test_a_volume_document_has_its_sending_and_its_place_in_the_volume(volume):
    sent = volume["frus-test-v1-d1"].find(".//t:correspAction[@type='sent']", NS)
    assert [etree.QName(c).localname for c in sent] == ["persName", "placeName", "date"]
    assert sent.findtext("t:placeName", None, NS) == "Nowhere"
    assert sent.find("t:date", NS).get("when") == "1970-03-02T09:00:00-05:00"
    title = volume["frus-test-v1-d1"].findtext(".//t:titleStmt/t:title", None, NS)
    assert title == "1. Telegram From the Embassy in Nowhere to the Department of State"
    related = volume["frus-test-v1-d2"].find(".//t:relatedItem[@type='volume']/t:bibl", NS)
    assert related.findtext("t:idno[@type='frus']", None, NS) == "frus-test-v1"
    assert [(s.get("unit"), s.text) for s in related.findall("t:biblScope", NS)] == [
        ("compilation", "Synthetic Relations"), ("chapter", "Spring Talks")]
    assert "public domain" in "".join(related.find("t:availability", NS).itertext())
    assert volume["frus-test-v1-d2"].find(
        "t:teiHeader/t:fileDesc/t:publicationStmt/t:availability", NS) is not None


@pytest.mark.shared
def test_a_few_documents_side_by_side_are_one_document():
    if not (FRUS / "1957-03-21-kennan-to-leopold.xml").is_file():
        pytest.skip("FRUS documents not in ../shared")
    path = FRUS / "1957-03-21-kennan-to-leopold.xml"
    (document,) = read_documents(path.read_bytes(), str(path))
    assert len(document.root.xpath(".//t:div[@type='document']", namespaces=NS)) == 4


# ------------------------------------------------------------- refused and hostile


@pytest.mark.shared
def test_a_truncated_volume_is_refused_located_and_nothing_is_written(tmp_path):
    if not PARTIAL.is_file():
        pytest.skip("the partial FRUS volume is not in ../shared")
    out = tmp_path / "out"
    result = run(PARTIAL, "-o", out, "--schema", ANY)
    assert result.exit_code == 2, result.output
    assert re.search(rf"^{re.escape(str(PARTIAL))}:53:1: error: not well-formed XML",
                     result.output, re.M), result.output
    assert not out.exists() or not any(out.iterdir())


def test_unusable_input_exits_2(tmp_path):
    not_tei = tmp_path / "not-tei.xml"
    not_tei.write_text("<html><body>hello</body></html>")
    result = run(not_tei, "-o", tmp_path / "out", "--schema", ANY)
    assert result.exit_code == 2
    assert f"{not_tei}:1:1: error: not a TEI document" in result.output
    result = run(tmp_path / "missing.xml", "-o", tmp_path / "out", "--schema", ANY)
    assert result.exit_code == 2 and "missing.xml:0:0: error: no such file" in result.output
    assert not (tmp_path / "out").exists()


HOSTILE = """<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Hostile ids</title></titleStmt>
    <publicationStmt><p>Nowhere</p></publicationStmt><sourceDesc><p>Tests</p></sourceDesc>
  </fileDesc></teiHeader>
  {members}
</teiCorpus>"""
MEMBER = """<TEI xml:id="{id}"><teiHeader><fileDesc><titleStmt><title>{n}</title></titleStmt>
  <publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc>
  </teiHeader><text><body><p>Words of document {n}.</p></body></text></TEI>"""


def test_no_id_can_write_outside_the_folder(tmp_path):
    ids = ["../../x", "..", "/etc/passwd", "a/b\\c", ".hidden", "x", "con:nul", "é" * 300]
    source = tmp_path / "in" / "hostile.xml"
    source.parent.mkdir()
    members = "\n".join(MEMBER.format(id=i.replace('"', ""), n=n) for n, i in enumerate(ids))
    source.write_text(HOSTILE.format(members=members), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    result = run(source, "-o", out, "--schema", ANY)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == len(ids)
    everything = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                        if p.is_file())
    assert everything == sorted(["in/hostile.xml"] + [f"deep/out/{n}" for n in written])
    assert "x.xml" in written and "x-2.xml" in written  # "../../x" and "x" met
    assert result.output.count("[id-renamed]") >= 5
    for path in out.iterdir():  # each document's id is an XML name, its words are there
        root = parse_file(path).getroot()
        assert re.match(r"^[A-Za-z_][\w.-]*$", root.get(XML_ID)), root.get(XML_ID)
        original = root.findtext(".//t:idno[@type='source-id']", None, NS)
        assert original in ids and root.findtext(".//t:text//t:p", None, NS).startswith("Words")


def test_strict_imports_nothing_that_does_not_conform(tmp_path):
    schema = tmp_path / "only-tei.rng"  # a schema the volume does not conform to
    schema.write_text('<element name="TEI" ns="http://www.tei-c.org/ns/1.0" '
                      'xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>')
    result = run(VOLUME, "-o", tmp_path / "strict", "--schema", schema, "--strict")
    assert result.exit_code == 1, result.output
    assert "[strict]" in result.output and not (tmp_path / "strict").exists()
    result = run(VOLUME, "-o", tmp_path / "lax", "--schema", schema)
    assert result.exit_code == 1, result.output
    assert len(list((tmp_path / "lax").glob("*.xml"))) == 5
    assert re.search(r"^5 documents imported into .* 1 not conformant", result.output, re.M)


def test_a_conformant_source_exits_0_and_says_so(tmp_path):
    result = run(VOLUME, "-o", tmp_path, "--schema", ANY)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"5 documents imported into {tmp_path} from 1 source: 0 not conformant, "
        "0 unusable, 0 warnings")


# ---------------------------------------------------------------- idempotence


@pytest.mark.parametrize("path", sorted(EDITION_TEI.glob("*.xml")), ids=lambda p: p.stem)
def test_a_document_tei_cables_wrote_comes_back_unchanged(tmp_path, path):
    (outcome,) = import_sources([path], tmp_path, schemas=(ANY,))
    (written,) = outcome.written
    assert written.name == path.name and outcome.problems == []
    assert without_xml_models(written.read_bytes()) == without_xml_models(path.read_bytes())


def test_importing_again_changes_nothing(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    (a,) = import_sources([VOLUME], first, schemas=(ANY,))
    outcomes = import_sources(sorted(first.glob("*.xml")), second, schemas=(ANY,))
    for path in first.glob("*.xml"):
        assert (second / path.name).read_bytes() == path.read_bytes()
    assert all(o.problems == [] for o in outcomes)
    # the same source imported twice into one folder: the same files, not renamed copies
    again = import_sources([VOLUME], first, schemas=(ANY,))
    assert [p.name for p in again[0].written] == [p.name for p in a.written]
    assert len(list(first.glob("*.xml"))) == 5


def test_another_document_with_a_taken_id_gets_a_suffix(tmp_path):
    out = tmp_path / "out"
    import_sources([VOLUME], out, schemas=(ANY,))
    other = tmp_path / "other.xml"
    other.write_text(MEMBER.format(id="frus-test-v1-d1", n=1).replace(
        "<TEI ", '<TEI xmlns="http://www.tei-c.org/ns/1.0" '), encoding="utf-8")
    (outcome,) = import_sources([other], out, schemas=(ANY,))
    assert [p.name for p in outcome.written] == ["frus-test-v1-d1-2.xml"]
    (problem,) = outcome.problems
    assert problem.rule == "id-renamed" and problem.severity == "warning"
    assert parse_file(out / "frus-test-v1-d1.xml").find(
        ".//t:idno[@type='source-file']", NS).text == VOLUME.name


def test_default_schemas_are_the_exchange_schema_and_a_missing_one_is_named(monkeypatch,
                                                                          tmp_path):
    assert importer.default_schemas() == tuple(map(str, EXCHANGE_SCHEMAS))
    monkeypatch.setattr(importer, "EXCHANGE_SCHEMAS", (tmp_path / "missing.rng",))
    with pytest.raises(TeiCablesError, match="exchange schema is missing") as caught:
        importer.default_schemas()
    assert caught.value.problems[0].file == str(tmp_path / "missing.rng")


def test_the_default_folder_is_the_editions_imported_folder(tmp_path):
    edition = tmp_path / "edition"
    (edition / "tei").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "edition" / "edition.toml", edition)
    shutil.copy(EDITION_TEI / "cable-1456.xml", edition / "tei")
    source = tmp_path / "cable.xml"  # a foreign document with an id the edition has
    source.write_text(MEMBER.format(id="cable-1456", n=1).replace(
        "<TEI ", '<TEI xmlns="http://www.tei-c.org/ns/1.0" '), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(source), "--edition", str(edition),
                                       "--schema", ANY])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (edition / "imported").iterdir()) == ["cable-1456-2.xml"]
    assert "[id-renamed]" in result.output


# ------------------------------------------------------------------- published


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _in_order(pieces: list[str], rendered: str) -> str | None:
    """The first of ``pieces`` (text nodes, white space left out) not found in ``rendered``
    after the one before it; None when all are there in order."""
    position = 0
    for piece in map(_squeeze, pieces):
        if not piece:
            continue
        found = rendered.find(piece, position)
        if found < 0:
            return piece
        position = found + len(piece)
    return None


@pytest.fixture(scope="module")
def site(imported, tmp_path_factory):
    """An edition of only the imported corpus (no document of its own), as a web site."""
    from tei.edition import load_edition
    from tei.publish.html import build_site

    out, _ = imported
    root = tmp_path_factory.mktemp("edition")
    shutil.copy(PROJECT_ROOT / "edition" / "edition.toml", root)
    shutil.copytree(out, root / "imported")
    report = build_site(load_edition(root), root / "html", search=False)
    assert report.ok, [str(p) for p in report.problems]
    return root


@pytest.mark.shared
def test_every_imported_document_is_published_with_all_its_words(imported, site):
    import lxml.html

    out, outcomes = imported
    for path in sorted(out.glob("*.xml")):
        page = lxml.html.parse(str(site / "html" / "documents" / f"{path.stem}.html"))
        main = page.getroot().find(".//main")
        rendered = _squeeze("".join(main.itertext()))
        text = parse_file(path).getroot().find("t:text", NS)
        # every text node of the front, the body and the back, each in order (notes are set
        # apart, at the end; the page puts the front in a box of its own), then of each note
        parts = text.xpath("t:front | t:body | t:back | t:group", namespaces=NS) or [text]
        for part in parts:
            nodes = part.xpath(".//text()[not(ancestor::t:note)]", namespaces=NS)
            assert _in_order(nodes, rendered) is None, (path.name, _in_order(nodes, rendered))
        for note in text.iter(f"{{{NS['t']}}}note"):
            nodes = note.xpath(".//text()")
            assert _in_order(nodes, rendered) is None, (path.name, _in_order(nodes, rendered))
        provenance = main.find(".//div[@class='provenance']")
        assert provenance is not None, path.name
    index = lxml.html.parse(str(site / "html" / "index.html")).getroot()
    entries = index.findall(".//li[@class='doc-entry']")
    assert len(entries) == len(list(out.glob("*.xml")))
    titles = {" ".join(e.find(".//h3").text_content().split()) for e in entries}
    assert "2. Telegram From the Department of State to the Embassy in Nowhere" in titles
    chronology = lxml.html.parse(str(site / "html" / "chronology.html")).getroot()
    dates = [t.get("datetime") for t in chronology.iterfind(".//td/time")]
    assert "1970-03-05" in dates and "2002-08-19" in dates


@pytest.mark.shared
def test_the_page_shows_the_provenance(site):
    import lxml.html

    page = lxml.html.parse(str(site / "html" / "documents" / "frus-test-v1-d2.html"))
    block = " ".join(page.getroot().find(".//div[@class='provenance']").text_content().split())
    assert "Foreign Relations of the Test Series, Volume I, Synthetic Matters › Synthetic " \
        "Relations › Spring Talks" in block
    assert hashlib.sha256(VOLUME.read_bytes()).hexdigest() in block
    assert "public domain" in block and f"tei-cables {__version__}" in block
    assert "Published as received" in block


def _shipped_edition(tmp_path: Path) -> Path:
    """A copy of the shipped edition (its configuration, register and TEI; no sources)."""
    root = tmp_path / "edition"
    (root / "tei").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "edition" / "edition.toml", root)
    shutil.copy(PROJECT_ROOT / "edition" / "persons.xml", root)
    for path in EDITION_TEI.glob("*.xml"):
        shutil.copy(path, root / "tei")
    return root


def test_build_validate_warns_of_imported_departures(tmp_path):
    edition = _shipped_edition(tmp_path)
    import_sources([VOLUME], edition / "imported", schemas=(ANY,))
    loose = tmp_path / "loose.rng"  # stands for the exchange schema: only a TEI root
    loose.write_text('<element name="TEI" ns="http://www.tei-c.org/ns/1.0" '
                     'xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>')
    import unittest.mock

    import tei.schema

    with unittest.mock.patch.object(tei.schema, "EXCHANGE_SCHEMAS", (loose,)):
        result = CliRunner().invoke(main, ["build", "--edition", str(edition), "-o",
                                           str(tmp_path / "build"), "validate"])
        # `tei validate` with no path checks the same files the same way
        same = CliRunner().invoke(main, ["validate", "--edition", str(edition)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "/imported/" in line]
    assert len(lines) >= 4 and all(": warning: " in line and "published as received" in line
                                   for line in lines), result.output
    assert same.exit_code == 0 and [line for line in same.output.splitlines()
                                    if "/imported/" in line] == lines, same.output
    # the edition's own documents stay errors
    (edition / "tei" / "cable-1456.xml").write_text(
        (EDITION_TEI / "cable-1456.xml").read_text(encoding="utf-8").replace(
            "<abstract>", "<abstract bogus='1'>"), encoding="utf-8")
    with unittest.mock.patch.object(tei.schema, "EXCHANGE_SCHEMAS", (loose,)):
        result = CliRunner().invoke(main, ["build", "--edition", str(edition), "-o",
                                           str(tmp_path / "build"), "validate"])
    assert result.exit_code == 1 and "cable-1456.xml" in result.output
    assert re.search(r"cable-1456\.xml:\d+:\d+: error: ", result.output), result.output


def test_a_document_that_cannot_be_written_fails_with_status_1(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    (outcome,) = import_sources([VOLUME], blocker, schemas=(ANY,))
    assert outcome.status == 1 and outcome.written == []
    assert outcome.problems and all(p.severity == "error" for p in outcome.problems)
    assert blocker.read_text() == "a file where the output folder should be"


def test_incremental_html_builds_see_imported_documents(tmp_path):
    from tei.edition import load_edition
    from tei.publish.html import build_site

    root = _shipped_edition(tmp_path)
    site = tmp_path / "html"
    edition = load_edition(root)
    assert build_site(edition, site, search=False).ok  # no imported folder: fine
    (outcome,) = import_sources([VOLUME], tmp_path / "volume", schemas=(ANY,))
    (root / "imported").mkdir()
    shutil.copy(tmp_path / "volume" / "frus-test-v1-d1.xml", root / "imported")
    report = build_site(edition, site, search=False)
    assert "documents/frus-test-v1-d1.html" in report.written
    assert not any(rel.startswith("documents/cable-") for rel in report.written)
    # an imported file with the name of one of the edition's own is not published
    shutil.copy(tmp_path / "volume" / "frus-test-v1-d2.xml", root / "imported" / "cable-1456.xml")
    report = build_site(edition, site, search=False)
    assert [p.rule for p in report.problems] == ["id-taken"] and not report.ok
    (root / "imported" / "cable-1456.xml").unlink()
    (root / "imported" / "frus-test-v1-d1.xml").unlink()
    report = build_site(edition, site, search=False)
    assert "documents/frus-test-v1-d1.html" in report.removed
    assert (site / "documents" / "cable-1456.html").is_file()


def test_comments_and_processing_instructions_around_the_document_are_kept(tmp_path):
    source = tmp_path / "around.xml"
    source.write_text("""<?xml version="1.0"?>
<!-- a comment before -->
<?xml-model href="http://example.org/tei_all.rng"
   type="application/xml"?>
<?xml-stylesheet type="text/xsl" href="x.xsl"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>
</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>
</fileDesc></teiHeader><text><body><p>Hi</p></body></text></TEI>
<!-- after -->
""", encoding="utf-8")
    (outcome,) = import_sources([source], tmp_path / "out", schemas=(ANY,))
    data = outcome.written[0].read_bytes()
    before, _, after = data.partition(b"<TEI")
    assert b"<!-- a comment before -->" in before and b"<?xml-stylesheet" in before
    assert b"example.org" not in data  # their schema PI gave way to the exchange schema's
    # one PI per schema of the exchange (the RELAX NG, and the Schematron of tei_all's rules)
    assert before.count(b"<?xml-model") == len(importer.default_schemas())
    assert b"tei-exchange.rng" in before and b"tei-exchange.sch" in before
    assert after.rstrip().endswith(b"<!-- after -->")
