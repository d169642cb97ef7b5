"""Untrusted XML (issue 6, Safety): files from other archives are parsed without resolving an
external entity, expanding an entity, processing XInclude or touching the network; a file too
large is refused before it is read; no name from the input can make us write outside the output
folder. Each point is proved with the hostile fixtures in tests/fixtures/hostile/ (small files;
the large ones are made here, never committed) and a local HTTP server standing in for the
network, which must see no request."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from lxml import etree

from tei import PROJECT_ROOT, TEI_NS
from tei.errors import TeiCablesError
from tei.render import transform_to_string
from tei.validate import Options, validate
from tei.xmlio import (
    MAX_XML_ENV,
    output_path,
    parse_bytes,
    parse_file,
    safe_stem,
    write_atomic,
)

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
SHARED = PROJECT_ROOT.parent / "shared"
FRUS_ID_CHECKS = SHARED / "corpus" / "frus-schema" / "frus-id-checks.sch"
EDITION_SCH = PROJECT_ROOT / "schema" / "tei-cables.sch"
EDITION_XSD = PROJECT_ROOT / "schema" / "tei-cables.xsd"
#: What the secret files the tests create hold: it must never reach a tree, an error or an output.
SECRET = "TOP-SECRET-4f1c9"
LEAK = "LEAKED"
MIB = 1024 * 1024


def _problems(exc: pytest.ExceptionInfo[TeiCablesError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The hostile fixtures in a folder of their own, beside secret files they try to read."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    for fixture in HOSTILE.iterdir():
        if fixture.suffix in (".xml", ".sch", ".rng", ".xsd"):
            (folder / fixture.name).write_bytes(fixture.read_bytes())
    (folder / "secret.txt").write_text(SECRET, "utf-8")
    (folder / "secret.dtd").write_text(f'<!ENTITY leak "{SECRET}">\n', "utf-8")
    return folder


class StandIn:
    """The local server standing in for the network, and the requests it saw."""

    def __init__(self, log: Path):
        self.log = log
        self.process = subprocess.Popen([sys.executable, str(HOSTILE / "http_server.py"),
                                         str(log)], stdout=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline())

    def requests(self) -> list[str]:
        return self.log.read_text("utf-8").split() if self.log.is_file() else []

    def fixture(self, folder: Path, name: str) -> Path:
        """Fixture ``name`` in ``folder`` with PORT replaced by this server's port."""
        path = folder / name
        path.write_text((HOSTILE / name).read_text("utf-8").replace("PORT", str(self.port)),
                        "utf-8")
        return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    stand_in = StandIn(tmp_path_factory.mktemp("server") / "requests.log")
    yield stand_in
    stand_in.process.terminate()
    stand_in.process.wait(10)


@pytest.fixture
def network(server):
    """The server, with the assertion every network test ends on: it saw no request."""
    before = len(server.requests())
    yield server
    assert server.requests()[before:] == [], "the network was touched"


def test_the_stand_in_server_sees_a_request(server):
    """The control: a request made does reach the log (so "no request" can fail)."""
    before = len(server.requests())
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/control.xml", timeout=10) as r:
        assert LEAK in r.read().decode()
    assert server.requests()[before:] == ["/control.xml"]


# ------------------------------------------------------------------- 1. external entities

@pytest.mark.parametrize("name, line, message", [
    ("xxe-file.xml", 3, "the DOCTYPE declares the entity passwd: refused"),
    ("xxe-relative.xml", 3, "the DOCTYPE declares the entity secret: refused"),
    ("xxe-attribute.xml", 6, "entity reference &secret; is not allowed"),
    ("parameter-entity.xml", 3, "the DOCTYPE declares the entity secretdtd: refused"),
    ("external-subset.xml", 4, "entity reference &leak; is not allowed"),
    ("external-subset-attribute.xml", 4, "entity reference &leak; is not allowed"),
])
def test_an_external_entity_is_never_read(hostile, name, line, message):
    with pytest.raises(TeiCablesError) as exc:
        parse_file(hostile / name)
    first = exc.value.problems[0]
    assert (first.file, first.line) == (str(hostile / name), line)
    assert message in first.message and "never expanded" in first.message
    assert first.column > 0
    text = str(exc.value)
    assert SECRET not in text and "root:" not in text  # neither secret nor /etc/passwd


def test_an_entity_in_an_attribute_is_refused_not_substituted(hostile):
    """libxml2 substitutes an internal entity in an attribute value even when entities are
    not resolved: "&office;" would silently become "Foreign Office"."""
    with pytest.raises(TeiCablesError) as exc:
        parse_file(hostile / "internal-entity-attribute.xml")
    assert _problems(exc) == [
        f"{hostile / 'internal-entity-attribute.xml'}:3:3: error: the DOCTYPE declares the "
        "entity office: refused (entities are never expanded; a TEI P5 document needs no DTD: "
        "write the character itself or a character reference)"]


def test_an_undeclared_entity_in_an_attribute_is_refused_not_dropped(hostile):
    """With an external DTD (never read), libxml2 drops "&leak;" from an attribute value and
    only warns: the value would silently lose text."""
    with pytest.raises(TeiCablesError) as exc:
        parse_bytes(b'<!DOCTYPE TEI SYSTEM "tei_all.dtd">\n<TEI n="a&mdash;b" rend="&x;"/>',
                    "old.xml")
    assert _problems(exc) == [
        "old.xml:2:17: error: entity reference &mdash; is not allowed (entities are never "
        "expanded)",
        "old.xml:2:29: error: entity reference &x; is not allowed (entities are never expanded)"]


def test_a_doctype_naming_an_external_dtd_is_accepted_without_reading_it(hostile):
    tree = parse_file(hostile / "old-tei-doctype.xml")
    assert tree.docinfo.system_url == "secret.dtd"
    assert tree.docinfo.externalDTD is None
    assert list(tree.docinfo.internalDTD.iterentities()) == []
    assert SECRET not in etree.tostring(tree, encoding="unicode")
    report = validate([hostile / "old-tei-doctype.xml"])
    assert report.status != 2, [str(p) for p in report.problems]
    assert SECRET not in transform_to_string("text.xsl", tree)


# ----------------------------------------------------------------------- 2. entity bombs

#: Parses one file in a fresh process and says what came of it and how much the peak
#: resident memory grew while parsing (libxml2's memory is not Python's: tracemalloc would
#: not see it). The peak is the process's own VmHWM: getrusage's maxrss would carry the peak of
#: the pytest process that started it (Linux keeps it across exec).
_MEASURE = """
import json, re, sys
from tei.errors import TeiCablesError
from tei.xmlio import parse_file
def peak_kib():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s*(\\d+) kB", status.read()).group(1))
before = peak_kib()
try:
    parse_file(sys.argv[1])
    outcome = "parsed"
except TeiCablesError as exc:
    outcome = str(exc)
print(json.dumps({"outcome": outcome, "grown_kib": peak_kib() - before}))
"""


def _parse_measured(path: Path) -> tuple[str, int]:
    if not Path("/proc/self/status").is_file():
        pytest.skip("no /proc to measure memory with")
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    return result["outcome"], result["grown_kib"]


def _quadratic(folder: Path, in_attribute: bool) -> Path:
    """One 50 KB entity referenced 50,000 times: 2.5 GB if it were expanded (a 200 KB file)."""
    refs = "&big;" * 50_000
    use = f'<p n="{refs}">x</p>' if in_attribute else f"<p>{refs}</p>"
    path = folder / f"quadratic-{'attribute' if in_attribute else 'text'}.xml"
    path.write_text(f'<!DOCTYPE TEI [<!ENTITY big "{"x" * 50_000}">]>\n'
                    f'<TEI xmlns="{TEI_NS}"><text><body>{use}</body></text></TEI>', "utf-8")
    return path


@pytest.mark.parametrize("bomb", ["billion-laughs.xml", "billion-laughs-attribute.xml",
                                  "quadratic-text", "quadratic-attribute"])
def test_an_entity_bomb_is_refused_in_bounded_memory(hostile, bomb):
    path = (_quadratic(hostile, bomb.endswith("attribute")) if bomb.startswith("quadratic")
            else hostile / bomb)
    outcome, grown_kib = _parse_measured(path)
    assert outcome.startswith(f"{path}:"), outcome
    first = outcome.splitlines()[0]
    line, column = map(int, re.match(rf"{re.escape(str(path))}:(\d+):(\d+):", first).groups())
    assert line >= 1 and column >= 1, first
    assert "an entity bomb" in first or "declares the entity" in first, first
    assert "never expanded" in first
    assert grown_kib < 64 * 1024, f"parsing grew the peak memory by {grown_kib} KiB"


def test_the_memory_measure_sees_a_large_parse(tmp_path):
    """The control: parsing a large ordinary document does grow the peak memory past the
    bound the bombs are held to (so that bound can fail)."""
    path = tmp_path / "large.xml"
    path.write_bytes(b"<TEI>" + b'<p n="1">text</p>' * 600_000 + b"</TEI>")
    outcome, grown_kib = _parse_measured(path)
    assert outcome == "parsed" and grown_kib > 64 * 1024, grown_kib


def test_a_doctype_declaring_entities_is_refused_each_declaration_located():
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n <!ENTITY a "x">\n <!ENTITY   % b "y">\n'
            b']>\n<TEI/>')
    with pytest.raises(TeiCablesError) as exc:
        parse_bytes(data, "d.xml")
    assert [(p.line, p.column, p.message.split(":")[0]) for p in exc.value.problems] == [
        (3, 2, "the DOCTYPE declares the entity a"), (4, 2, "the DOCTYPE declares the entity b")]


# ------------------------------------------------------------------------ 3. no network

NETWORK_DOCUMENTS = ["net-doctype.xml", "net-entity.xml", "net-parameter-entity.xml",
                     "net-xinclude.xml", "net-xml-model.xml", "net-xml-base.xml"]


@pytest.mark.parametrize("name", NETWORK_DOCUMENTS)
def test_parsing_never_touches_the_network(hostile, network, name):
    path = network.fixture(hostile, name)
    try:
        tree = parse_file(path)
    except TeiCablesError as exc:
        assert str(path) in str(exc) and LEAK not in str(exc)
    else:
        assert LEAK not in etree.tostring(tree, encoding="unicode")


@pytest.mark.parametrize("name", NETWORK_DOCUMENTS)
@pytest.mark.parametrize("schemas", [(), (str(EDITION_SCH),), (str(EDITION_XSD),)],
                         ids=["edition", "edition-sch", "xsd"])
def test_validation_never_touches_the_network(hostile, network, name, schemas):
    """Through `tei validate`: the edition's schemas, its Schematron run by Saxon (whose
    doc-available() and collection() would follow a pointer against an xml:base on the
    network), an XSD (xmlschema, with the document's xsi:schemaLocation)."""
    path = network.fixture(hostile, name)
    report = validate([path], Options(schemas=schemas))
    assert report.files[0].path == str(path)
    assert LEAK not in json.dumps(report.as_json())


@pytest.mark.parametrize("name", ["net-doctype.xml", "net-xinclude.xml", "net-xml-model.xml",
                                  "net-xml-base.xml"])
def test_rendering_never_touches_the_network(hostile, network, name):
    """Saxon is handed the parsed document without its DOCTYPE (its own parser fetched the
    DTD a DOCTYPE names, over HTTP, before)."""
    tree = parse_file(network.fixture(hostile, name))
    text = transform_to_string("text.xsl", tree)
    assert LEAK not in text
    html = transform_to_string("html/document.xsl", tree)
    assert LEAK not in html


def _graphic_document(src: str) -> etree._ElementTree:
    minimal = (PROJECT_ROOT / "tests" / "fixtures" / "valid" / "minimal.xml").read_bytes()
    tree = parse_bytes(minimal, "minimal.xml")
    p = tree.getroot().find(f".//{{{TEI_NS}}}body//{{{TEI_NS}}}p")
    etree.SubElement(p, f"{{{TEI_NS}}}graphic", url=src)
    return tree


def test_the_pdf_edition_fetches_no_image_an_input_names(hostile, server):
    """WeasyPrint would fetch an image over HTTP (the control, with its own fetcher); the PDF
    edition's fetcher refuses it, and a local file outside the toolkit's own.

    (Was: the print HTML of a document naming a remote image holds an img of it. The image is
    now a link with its URL (common.xsl, issue 15), so the fetcher is tried on an img written
    into that HTML: what a rendering might still draw.)"""
    from weasyprint import HTML

    from tei.edition import load_edition
    from tei.publish.pdf import _layout, corpus, own_files_only, render_html

    url = f"http://127.0.0.1:{server.port}/image.png"
    html = render_html(corpus(load_edition(), [_graphic_document(url)]), whole_book=False)
    assert f'src="{url}"' not in html and f'<a href="{url}"' in html  # named, not drawn
    html = html.replace("</body>", f'<img src="{url}" alt=""/></body>')
    assert f'src="{url}"' in html
    before = len(server.requests())
    HTML(string=html).render()
    assert server.requests()[before:] == ["/image.png"], "the control fetched nothing"
    _layout(html)
    assert server.requests()[before + 1:] == []
    with pytest.raises(ValueError, match="is not fetched"):
        own_files_only().fetch((hostile / "secret.txt").as_uri())
    with pytest.raises(ValueError, match="is not fetched"):
        own_files_only().fetch(url)
    assert own_files_only().fetch((PROJECT_ROOT / "xslt" / "common.css").as_uri())


def test_a_schematron_that_asks_a_web_service_is_refused_clearly(hostile, network):
    sch = network.fixture(hostile, "net-doc.sch")
    report = validate([hostile / "old-tei-doctype.xml"], Options(schemas=(str(sch),)))
    assert report.status == 2
    [problem] = report.problems
    assert problem.message == (
        f"the Schematron {sch} wants to read http://127.0.0.1:{network.port}/services/"
        "volume-ids: refused (validation never touches the network; a rule may read local "
        "files only)")


def test_a_schematron_asking_whether_the_network_answers_is_told_no(hostile, network):
    sch = network.fixture(hostile, "net-doc-available.sch")
    report = validate([hostile / "old-tei-doctype.xml"], Options(schemas=(str(sch),)))
    assert report.status == 0, [str(p) for p in report.problems]


def test_the_frus_id_checks_reach_no_web_service(hostile, network):
    """The real FRUS Schematron asks history.state.gov for its volume ids: pointed at the
    stand-in server, its rules run and nothing is fetched."""
    if not FRUS_ID_CHECKS.is_file():
        pytest.skip("../shared/corpus is not there")
    sch = hostile / "frus-id-checks.sch"
    sch.write_text(FRUS_ID_CHECKS.read_text("utf-8").replace(
        "https://history.state.gov", f"http://127.0.0.1:{network.port}"), "utf-8")
    assert f"127.0.0.1:{network.port}/services/volume-ids" in sch.read_text("utf-8")
    # what its rules read when the service does not answer, beside it (a file of its repository)
    (hostile / "volume-ids-snapshot.xml").write_text(
        "<volume-ids><volume-id>frus-history</volume-id></volume-ids>", "utf-8")
    doc = SHARED / "corpus" / "frus" / "frus-history-documents"
    report = validate(sorted(doc.glob("*.xml"))[:2], Options(schemas=(str(sch),)))
    assert report.status == 1 and LEAK not in json.dumps(report.as_json())
    assert {p.rule for p in report.problems} >= {"filename-id-check", "pointer-checks"}


def test_a_relax_ng_including_a_url_is_not_fetched(hostile, network):
    rng = network.fixture(hostile, "net-include.rng")
    with pytest.raises(TeiCablesError) as exc:
        validate([hostile / "old-tei-doctype.xml"], Options(schemas=(str(rng),)))
    assert str(rng) in str(exc.value) and "not a usable RELAX NG schema" in str(exc.value)


def test_an_xsd_importing_a_url_is_not_fetched(hostile, network):
    xsd = network.fixture(hostile, "net-import.xsd")
    with pytest.warns(Warning, match="block access to remote resource"):
        validate([hostile / "old-tei-doctype.xml"], Options(schemas=(str(xsd),)))


# ------------------------------------------------------------------------- 4. XInclude

def test_xinclude_is_never_processed(hostile):
    tree = parse_file(hostile / "xinclude-local.xml")
    [include] = tree.getroot().iter("{http://www.w3.org/2001/XInclude}include")
    assert include.get("href") == "secret.txt" and len(include) == 0
    assert SECRET not in etree.tostring(tree, encoding="unicode")
    assert SECRET not in transform_to_string("text.xsl", tree)
    assert SECRET not in transform_to_string("html/document.xsl", tree)


# ------------------------------------------------------------------------- 5. too large

def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    """A sparse file of 64 GiB: reading it would exhaust memory; it is refused by its size."""
    huge = tmp_path / "huge.xml"
    with open(huge, "wb") as handle:
        handle.truncate(64 * 1024 * MIB)
    with pytest.raises(TeiCablesError) as exc:
        parse_file(huge)
    assert _problems(exc) == [
        f"{huge}:0:0: error: the file is 65536.0 MiB (68,719,476,736 bytes), more than the limit "
        "of 64 MiB for one XML file: refused before reading it (raise the limit with the "
        f"environment variable {MAX_XML_ENV}=<MiB>) [too-large]"]


def test_the_limit_is_set_by_the_environment_or_a_keyword(tmp_path, monkeypatch):
    doc = tmp_path / "two.xml"
    doc.write_bytes(b"<TEI>" + b"x" * (2 * MIB) + b"</TEI>")
    assert parse_file(doc).getroot().tag == "TEI"
    monkeypatch.setenv(MAX_XML_ENV, "1.5")
    with pytest.raises(TeiCablesError) as exc:
        parse_file(doc)
    assert "more than the limit of 1.5 MiB" in str(exc.value)
    assert parse_file(doc, max_mb=3).getroot().tag == "TEI"
    with pytest.raises(TeiCablesError, match="limit of 1 MiB"):
        parse_bytes(doc.read_bytes(), str(doc), max_mb=1)
    monkeypatch.setenv(MAX_XML_ENV, "lots")
    with pytest.raises(TeiCablesError, match=f"{MAX_XML_ENV}='lots' is not a positive number"):
        parse_file(doc)


def test_tei_validate_reports_a_refusal_located_without_a_traceback(hostile):
    from click.testing import CliRunner

    from tei.cli import main

    large = hostile / "large.xml"
    large.write_bytes(b"<TEI>" + b"<p>text</p>" * 30_000 + b"</TEI>")
    result = CliRunner().invoke(main, ["validate", str(large), str(hostile / "xxe-file.xml")],
                                env={MAX_XML_ENV: "0.25"})
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[:2] == [
        f"{large}:0:0: error: the file is 0.3 MiB (330,011 bytes), more than the limit of 0.25 "
        f"MiB for one XML file: refused before reading it (raise the limit with the environment "
        f"variable {MAX_XML_ENV}=<MiB>) [too-large]",
        f"{hostile / 'xxe-file.xml'}:3:3: error: the DOCTYPE declares the entity passwd: refused "
        "(entities are never expanded; a TEI P5 document needs no DTD: write the character "
        "itself or a character reference) [well-formed]"]


def test_a_device_is_read_no_further_than_the_limit():
    """/dev/zero says it is empty and never ends: reading stops after the limit."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(TeiCablesError) as exc:
        parse_file("/dev/zero", max_mb=1)
    assert "the file is at least 1.0 MiB" in str(exc.value)
    assert "refused (raise the limit" in str(exc.value)


@pytest.mark.parametrize("data, message", [
    (b"<a>" * 300 + b"</a>" * 300, "elements nested more than 256 levels deep: refused"),
    (b"<a>" + b"x" * (10_000_001) + b"</a>",
     "a text node longer than 10,000,000 characters: refused"),
    (b'<a b="' + b"x" * (10_000_001) + b'"/>', "an attribute value, CDATA section or "
     "processing instruction longer than 10,000,000 characters: refused"),
    (b"<a><![CDATA[" + b"x" * (10_000_001) + b"]]></a>", "an attribute value, CDATA section "
     "or processing instruction longer than 10,000,000 characters: refused"),
    (b"<a><!--" + b"x" * (10_000_001) + b"--></a>",
     "a comment longer than 10,000,000 characters: refused"),
], ids=["deep", "text", "attribute", "cdata", "comment"])
def test_libxml2_limits_are_refused_readably_and_located(data, message):
    with pytest.raises(TeiCablesError) as exc:
        parse_bytes(data, "big.xml")
    [problem] = exc.value.problems
    assert problem.file == "big.xml" and problem.line == 1 and problem.column > 0
    assert problem.message == message + " (a limit against hostile input)"


# ------------------------------------------------------------------ 6. names and paths

HOSTILE_NAMES = ["../../etc/passwd", "/etc/passwd", "..", ".", "", "   ", ".bashrc",
                 "a\x00b", "x" * 5000, "文書", "documento/../../x", "..\\..\\windows\\x",
                 "C:\\Windows\\win.ini", "%2e%2e%2fx", "CON", "nul", "aux.xml", "Com1",
                 "LPT9.txt", "x.", "a\nb", "\u202eevil", "~root", "-rf"]


@pytest.mark.parametrize("raw", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_a_stem_from_any_id_names_a_file_inside_the_folder(tmp_path, raw):
    out = tmp_path / "out"
    out.mkdir()
    stem = safe_stem(raw)
    target = output_path(out, f"{stem}.xml")
    assert target.parent == out and target.resolve().parent == out.resolve()
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", stem) and len(stem) <= 100
    assert not re.match(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\.|$)", stem)
    write_atomic(target, b"<x/>")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [target.name]


def test_stems_keep_what_is_safe_and_long_ids_apart():
    assert safe_stem("frus1969-76v19p2d5") == "frus1969-76v19p2d5"
    assert safe_stem("../../etc/passwd") == "etc-passwd"
    assert safe_stem("CON") == "CON_" and safe_stem("nul.tar") == "nul_.tar"
    assert safe_stem("文書") == "document"
    long_a, long_b = "a" * 300 + "1", "a" * 300 + "2"
    assert safe_stem(long_a) != safe_stem(long_b)


@pytest.mark.parametrize("name", ["../x.xml", "/etc/passwd", "a/b.xml", ".hidden.xml",
                                  "x\x00.xml", "CON.xml", "nul", "x" * 200, "x.", "", "..",
                                  "é.xml"])
def test_output_path_refuses_a_name_that_is_not_a_plain_file_name(tmp_path, name):
    with pytest.raises(TeiCablesError) as exc:
        output_path(tmp_path, name)
    assert exc.value.problems[0].rule == "unsafe-path"
    assert "refused to write" in str(exc.value)


def test_output_path_refuses_a_symbolic_link_that_leads_outside(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "doc.xml").symlink_to(elsewhere / "doc.xml")
    with pytest.raises(TeiCablesError, match="would land outside"):
        output_path(out, "doc.xml")
    assert not (elsewhere / "doc.xml").exists()
    write_atomic(out / "doc.xml", b"<x/>")  # even given the link, the writer replaces it
    assert not (out / "doc.xml").is_symlink() and not (elsewhere / "doc.xml").exists()


# --------------------------------------------------------- 7. one parser for all of tei/

#: Calls that parse XML (or make a parser) without tei.xmlio's safe parser.
_UNSAFE = re.compile(r"etree\.(parse|fromstring|XML|iterparse|XMLParser|HTML)\(|"
                     r"PySaxonProcessor\(|parse_xml\(xml_file_name|\.parse_xml\((?!xml_text=)|"
                     r"xml\.(dom|sax|etree)|minidom|objectify")


def test_every_xml_parse_in_the_toolkit_goes_through_xmlio():
    found = []
    for module in sorted((PROJECT_ROOT / "tei").rglob("*.py")):
        if module.name == "xmlio.py":
            continue
        for number, line in enumerate(module.read_text("utf-8").splitlines(), start=1):
            if _UNSAFE.search(line):
                found.append(f"{module.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_saxon_is_handed_no_doctype(hostile):
    """What Saxon parses comes from xmlio.saxon_text: the root element, no DOCTYPE."""
    from tei.xmlio import saxon_text

    tree = parse_file(hostile / "old-tei-doctype.xml")
    assert "DOCTYPE" in etree.tostring(tree, encoding="unicode")
    assert "DOCTYPE" not in saxon_text(tree) and saxon_text(tree).startswith("<TEI")


def test_the_limit_is_documented():
    # The manual moved from the README into docs/ (issue 14): the exchange guide holds the
    # section on untrusted input now, so that is where the limit must be documented.
    guide = (PROJECT_ROOT / "docs" / "guide" / "exchange.md").read_text("utf-8")
    assert MAX_XML_ENV in guide and "## Untrusted input" in guide
