"""`tei validate`: located problems with their rule, stored expected messages (Test2-style),
exit statuses, JSON, other schemas, XSD agreement, parallel runs."""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei.cli import main
from tei.edition import DEFAULT_EDITION
from tei.schema import RNG, SCH, XSD
from tei.validate import Options, Validator, edition_files, edition_rules, validate

from .conftest import SHARED, TEI_ALL

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
REGENERATE = os.environ.get("TEI_CABLES_REGEN_EXPECTED") == "1"
#: one fixture per rule and per kind of error: the rule each must be reported with
RULES = {
    "rng-element-unknown": "rng:element", "rng-element-not-in-edition": "rng:element",
    "rng-element-misplaced": "rng:element", "rng-incomplete": "rng:incomplete",
    "rng-value-closed": "rng:value", "rng-value-datatype": "rng:value",
    "rng-attribute": "rng:attribute", "rng-attribute-required": "rng:attribute",
    "rng-attribute-nested": "rng:attribute", "rng-several-errors": "rng:incomplete",
    "rng-namespace": "rng:namespace", "rng-text": "rng:text",
    "xml-id-unique": "xml-id-unique", "not-well-formed": "well-formed",
    "pointer-local": "pointer-local", "pointer-file": "pointer-file", "gap-desc": "gap-desc",
    "date-iso": "date-iso", "sent-before-received": "sent-before-received",
    "cable-number-unique": "cable-number-unique", "both-languages": "both-languages",
    "translation-missing": "both-languages",
    "turn-alignment": "turn-alignment", "classification-value": "classification-value",
}
STRUCTURE = [name for name in RULES if name.startswith("rng-")]


def _fixture(name: str) -> Path:
    path = INVALID / name
    return path if path.is_dir() else path.with_suffix(".xml")


@pytest.fixture(scope="module")
def invalid_report():
    """All invalid fixtures checked in one run (the way `tei validate DIR` checks them)."""
    return validate([_fixture(n) for n in RULES])


def _lines(report, fixture: Path) -> list[str]:
    prefix = str(INVALID) + os.sep
    return [str(p).replace(prefix, "") for p in report.problems
            if Path(p.file) == fixture or Path(p.file).parent == fixture]


@pytest.mark.parametrize("name", sorted(RULES))
def test_fixture_reports_the_stored_messages(invalid_report, name):
    """Test2-style: the report for each fixture is diffed against <name>.expected beside it.

    After a deliberate change of wording, regenerate with TEI_CABLES_REGEN_EXPECTED=1 and
    review the diff of the .expected files.
    """
    got = _lines(invalid_report, _fixture(name))
    expected_file = INVALID / f"{name}.expected"
    if REGENERATE:
        expected_file.write_text("\n".join(got) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    diff = "\n".join(difflib.unified_diff(expected, got, "expected", "reported", lineterm=""))
    assert got == expected, diff


@pytest.mark.parametrize("name", sorted(RULES))
def test_fixture_is_reported_with_its_rule(invalid_report, name):
    rules = [p.rule for p in invalid_report.problems
             if Path(p.file) == _fixture(name) or Path(p.file).parent == _fixture(name)]
    assert RULES[name] in rules
    assert all(p.line > 0 and p.column > 0 for p in invalid_report.problems
               if p.rule == RULES[name])


def test_every_rule_of_the_odd_has_a_fixture():
    from tei.schema import ODD
    from tei.schema.odd import read_odd

    idents = {c.get("ident") for c in read_odd(ODD).constraints}
    assert idents <= set(RULES.values()), idents - set(RULES.values())


def test_shipped_edition_is_valid_with_xsd():
    report = validate(edition_files(DEFAULT_EDITION), Options(xsd=True))
    assert [str(p) for p in report.problems] == []
    assert report.status == 0 and len(report.files) == 4


@pytest.fixture(scope="module")
def xsd_validator():
    return Validator(Options(schemas=(str(XSD),)))


@pytest.fixture(scope="module")
def rng_validator():
    return Validator(Options(schemas=(str(RNG),)))


@pytest.mark.parametrize("name", STRUCTURE)
def test_relaxng_xsd_and_schematron_agree_on_structure(name, rng_validator, xsd_validator):
    """RELAX NG and XSD refuse each structural fixture, at the same elements; the Schematron
    does not contradict them (it finds nothing, or the same place: a date both refuse).

    (Was: the same lines. xmlschema stops at an element's first error and places text where
    only elements go at the element; the RELAX NG check now reports every error, as jing does
    (a body left empty once its refused child is set aside is also incomplete), and places
    text at the text: so each line XSD reports is one RELAX NG reports, or, for text, that of
    the element holding it.)"""
    path = str(_fixture(name))
    by_rng = rng_validator.check(path).problems
    by_xsd = xsd_validator.check(path).problems
    assert by_rng and by_xsd
    places = {p.line for p in by_rng}
    tree = etree.parse(path)
    for problem in by_rng:
        if problem.rule == "rng:text":  # the element holding the text, by the message's name
            holder = problem.message.split('"')[1]
            places |= {e.sourceline for e in tree.iter(f"{{*}}{holder}")}
    assert {p.line for p in by_xsd} <= places, (by_rng, by_xsd)
    by_schematron = Validator(Options(schemas=(str(SCH),))).check(path).problems
    assert {p.line for p in by_schematron} <= {p.line for p in by_rng}, by_schematron


def test_relaxng_xsd_and_schematron_agree_on_the_valid_corpus(rng_validator, xsd_validator,
                                                               converted):
    files = [*map(str, edition_files(DEFAULT_EDITION)), *map(str, converted.values()),
             str(FIXTURES / "valid" / "minimal.xml")]
    schematron = Validator(Options(schemas=(str(SCH),)))
    for path in files:
        assert rng_validator.check(path).problems == []
        assert xsd_validator.check(path).problems == []
        assert schematron.check(path).problems == [], path
    for name in RULES:  # the fixtures of rules, not of structure, are valid to both
        if name in STRUCTURE or name in ("not-well-formed", "xml-id-unique"):
            continue
        for path in ([*_fixture(name).glob("*.xml")] if _fixture(name).is_dir()
                     else [_fixture(name)]):
            assert rng_validator.check(str(path)).problems == [], name
            assert xsd_validator.check(str(path)).problems == [], name


# -- the command ---------------------------------------------------------------------------

@pytest.fixture
def runner():
    return CliRunner()


def test_cli_valid_edition_exits_0(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "4 files checked: 4 valid, 0 invalid; 0 errors, 0 warnings"


def test_cli_invalid_exits_1_with_every_problem_and_a_count(runner):
    result = runner.invoke(main, ["validate", str(_fixture("rng-value-datatype")),
                                  str(_fixture("gap-desc"))])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "2 files checked: 0 valid, 2 invalid; 3 errors, 0 warnings"
    assert lines[0].startswith(f"{_fixture('rng-value-datatype')}:18:24: error: value "
                               '"12 Feb 1994" of attribute "when" on "date" is not valid')


def test_cli_unusable_input_exits_2_located_without_traceback(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(_fixture("not-well-formed")),
                                  str(tmp_path / "missing.xml")])
    assert result.exit_code == 2
    assert f"{_fixture('not-well-formed')}:18:21: error: not well-formed XML" in result.output
    assert f"{tmp_path / 'missing.xml'}:0:0: error: no such file" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_folder_without_xml_is_unusable(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path}:0:0: error: no XML files (*.xml) in this folder" in result.output


def test_a_rule_that_fails_at_run_time_is_located_not_a_crash(runner, tmp_path):
    sch = tmp_path / "fails.sch"
    sch.write_text('''<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <pattern id="boom"><rule context="/*"><assert test="xs:integer('x') = 1">never</assert>
  </rule></pattern></schema>''', "utf-8")
    result = runner.invoke(main, ["validate", "--schema", str(sch), str(_fixture("gap-desc"))])
    # reported at the rule's context node, with its rule: neither skipped nor stopping the run
    assert result.exit_code == 1
    assert (f"{_fixture('gap-desc')}:2:1: error: this rule could not be checked here: Cannot "
            'convert string "x" to an integer [boom]') in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_schematron_reads_no_file_with_a_doctype(tmp_path):
    """A pointer to a file with a DOCTYPE is not followed (no DTD or entity is ever loaded)."""
    (tmp_path / "other.xml").write_text('<!DOCTYPE TEI SYSTEM "http://example.invalid/x.dtd">'
                                        "<TEI/>", "utf-8")
    doc = tmp_path / "doc.xml"
    doc.write_text((FIXTURES / "valid" / "minimal.xml").read_text("utf-8").replace(
        "<p>Text.</p>", '<p><ref target="other.xml">other</ref></p>'), "utf-8")
    report = validate([doc])
    assert [p.rule for p in report.problems] == ["pointer-file"]


def test_files_of_the_run_pointed_to_by_name_are_not_read_again(tmp_path, monkeypatch):
    """A pointer by file name to a file of the run is settled by that file's own check (read
    once, by whichever process checked it); the broken and the DOCTYPE'd among them are
    still refused, and a file outside the run is still read."""
    from tei.validate import edition_rules

    minimal = (FIXTURES / "valid" / "minimal.xml").read_text("utf-8")

    def doc(name: str, targets: str) -> None:
        (tmp_path / name).write_text(minimal.replace(
            "<p>Text.</p>", f'<p><ref target="{targets}">see</ref></p>'), "utf-8")

    for k in range(10):  # enough files for worker processes
        doc(f"d{k}.xml", f"d{(k + 1) % 10}.xml")
    doc("a.xml", "broken.xml d0.xml doctype.xml")
    (tmp_path / "broken.xml").write_text("<TEI><oops></TEI>", "utf-8")
    (tmp_path / "doctype.xml").write_text('<!DOCTYPE TEI SYSTEM "x.dtd">' + minimal, "utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "there.xml").write_text(minimal, "utf-8")
    doc("b.xml", "elsewhere/there.xml elsewhere/missing.xml")
    read: list[str] = []
    real = edition_rules.parse_file
    monkeypatch.setattr(edition_rules, "parse_file",
                        lambda path, **kw: read.append(str(path)) or real(path, **kw))
    files = sorted(tmp_path.glob("*.xml"))
    report = validate(files)
    pointers = {(Path(p.file).name, p.message) for p in report.problems
                if p.rule == "pointer-file"}
    assert pointers == {
        ("a.xml", "@target of ref points to broken.xml doctype.xml, which is not a file of "
                  "the edition (or has no such xml:id)"),
        ("b.xml", "@target of ref points to elsewhere/missing.xml, which is not a file of the "
                  "edition (or has no such xml:id)")}
    # only the file outside the run was read for a pointer (in this process)
    assert read == [str(outside / "there.xml")]
    assert validate(files, jobs=2).problems == report.problems


def test_a_folder_of_many_files_is_checked_on_every_job(runner, tmp_path, monkeypatch):
    """`tei validate -j 2 FOLDER`: a folder counts for the files in it (it was counted as one
    path, and the folder of a whole edition was checked in one process)."""
    import tei.cli
    from tei.parallel import Runner

    for k in range(10):
        shutil.copy(FIXTURES / "valid" / "minimal.xml", tmp_path / f"m{k}.xml")
    jobs: list[int] = []

    class Recorded(Runner):
        def __init__(self, jobs_: int = 1, scheduler: str | None = None):
            jobs.append(jobs_)
            super().__init__(jobs_, scheduler)

    monkeypatch.setattr(tei.cli, "Runner", Recorded)
    result = runner.invoke(main, ["validate", "-j", "2", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert jobs == [2]
    jobs.clear()
    result = runner.invoke(main, ["validate", "-j", "2", *(str(tmp_path / f"m{k}.xml")
                                                            for k in range(3))])
    assert result.exit_code == 0 and jobs == [1]  # three files: no workers started


def test_cli_json(runner):
    result = runner.invoke(main, ["validate", "--format", "json", str(_fixture("gap-desc"))])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] == 1 and data["status"] == 1
    assert data["problems"] == [{"file": str(_fixture("gap-desc")), "line": 18, "column": 19,
                                 "severity": "error", "rule": "gap-desc",
                                 "message": 'a redaction (gap reason="redacted") needs a desc '
                                            "saying what was blacked out"}]


def test_cli_xsd_option(runner):
    result = runner.invoke(main, ["validate", "--xsd", str(_fixture("rng-value-closed"))])
    assert result.exit_code == 1
    assert "[xsd]" in result.output and "[rng:value]" in result.output


def test_cli_unusable_schema_exits_2(runner, tmp_path):
    bad = tmp_path / "bad.rng"
    bad.write_text("<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start>", "utf-8")
    result = runner.invoke(main, ["validate", "--schema", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:1:" in result.output and "not well-formed" in result.output
    other = tmp_path / "schema.dtd"
    other.write_text("<!ELEMENT a EMPTY>", "utf-8")
    result = runner.invoke(main, ["validate", "--schema", str(other)])
    assert result.exit_code == 2 and "unknown kind of schema" in result.output


def test_parallel_run_reports_the_same(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for k, name in enumerate(sorted(RULES)):
        for copy in range(2):
            src = _fixture(name)
            if src.is_file():
                shutil.copy(src, folder / f"{copy}-{k}-{src.name}")
    one = validate([folder], jobs=1)
    two = validate([folder], jobs=2)
    assert len(one.files) >= 8
    assert [str(p) for p in one.problems] == [str(p) for p in two.problems]
    assert one.status == two.status == 2  # a not-well-formed copy is among them


# -- other schemas: tei_all, FRUS ---------------------------------------------------------

needs_tei_all = pytest.mark.skipif(not TEI_ALL.is_file(), reason="tei_all not in ../shared")


@pytest.fixture(scope="module")
def tei_all_validator():
    if not TEI_ALL.is_file():
        pytest.skip("tei_all not in ../shared")
    return Validator(Options(schemas=(str(TEI_ALL),)))


def test_other_schema_tei_all_on_the_edition(tei_all_validator):
    for path in edition_files(DEFAULT_EDITION):
        assert tei_all_validator.check(str(path)).problems == []


def test_other_schema_tei_all_on_frus_reports_located_problems(tei_all_validator):
    folder = SHARED / "corpus" / "frus" / "frus-history-documents"
    if not folder.is_dir():
        pytest.skip("FRUS documents not in ../shared")
    checked = tei_all_validator.check(str(folder / "1957-03-21-kennan-to-leopold.xml"))
    assert [str(p).split("/")[-1] for p in checked.problems] == [
        '1957-03-21-kennan-to-leopold.xml:14:17: error: element "date" is not allowed at this '
        'place in "publicationStmt"; expected "ab", "authority", "distributor", "p" or '
        '"publisher" [rng:element]']


def test_repeated_xml_id_is_an_encoding_error_not_a_crash(tei_all_validator):
    odd = SHARED / "corpus" / "frus-schema" / "frus.odd"
    if not odd.is_file():
        pytest.skip("FRUS ODD not in ../shared")
    checked = tei_all_validator.check(str(odd))
    assert not checked.unusable
    repeated = [p for p in checked.problems if p.rule == "xml-id-unique"]
    assert repeated and repeated[0].line == 387
    assert 'xml:id "d1fn1" is already the id of the note on line 375' in repeated[0].message


def test_truncated_frus_volume_is_unusable_and_located(tei_all_validator):
    partial = next((SHARED / "corpus" / "frus" / "volume-excerpts").glob("*PARTIAL.xml"), None)
    if partial is None:
        pytest.skip("FRUS excerpt not in ../shared")
    checked = tei_all_validator.check(str(partial))
    assert checked.unusable
    assert checked.problems[0].line == 53 and checked.problems[0].rule == "well-formed"


def test_broken_tei_all_is_a_located_schema_error():
    broken = TEI_ALL.parent / "tei_all.NOT-WELL-FORMED.commit919355c.rng"
    if not broken.is_file():
        pytest.skip("the broken tei_all is not in ../shared")
    from tei.errors import TeiCablesError

    with pytest.raises(TeiCablesError) as caught:
        Validator(Options(schemas=(str(broken),)))
    assert caught.value.problems[0].line == 1039


def test_foreign_schematron_runs_and_unsupported_parts_are_refused(runner):
    frus = SHARED / "corpus" / "frus-schema"
    if not frus.is_dir():
        pytest.skip("FRUS schemas not in ../shared")
    result = runner.invoke(main, ["validate", "--schema", str(frus / "frus.sch"),
                                  str(DEFAULT_EDITION / "tei")])
    assert result.exit_code == 2 and "sch:extends is not supported" in result.output
    docs = SHARED / "corpus" / "frus" / "frus-history-documents"
    result = runner.invoke(main, ["validate", "--schema", str(frus / "frus-dates.sch"),
                                  str(docs / "1957-03-21-kennan-to-leopold.xml")])
    assert ":14:17: warning: date/@type='posted' is an invalid value" in result.output


def test_generated_cables_of_both_layouts_are_valid_to_the_edition(tmp_path, edition, tei_all):
    """The converter writes what the schema says, on many more cables than the seeds (this
    found an empty listBibl under a 'Related Documents' heading with no documents)."""
    from tei.convert import convert

    from . import synth

    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in synth.corpus(60, 3):
        (sources / name).write_text(text, encoding="utf-8")
    out = tmp_path / "edition" / "tei"
    outcomes = convert(sorted(sources.glob("*.txt")), out, edition)
    assert all(o.ok for o in outcomes)
    report = validate([out])
    assert [str(p) for p in report.problems] == []
    assert len(report.files) == 60
    for path in out.glob("*.xml"):  # and so, a customization, valid to tei_all
        assert tei_all.validate(etree.parse(str(path))), (path, tei_all.error_log)


def test_unusable_schema_in_a_parallel_run_is_located(runner, tmp_path):
    for k in range(9):
        shutil.copy(FIXTURES / "valid" / "minimal.xml", tmp_path / f"m{k}.xml")
    bad = tmp_path / "bad.rng"
    bad.write_text("<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start>", "utf-8")
    result = runner.invoke(main, ["validate", "-j", "2", "--schema", str(bad), str(tmp_path)])
    assert result.exit_code == 2
    assert f"{bad}:1:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(edition_rules.RULES))
def test_the_schematron_states_the_edition_rules_as_tei_validate_checks_them(name,
                                                                             invalid_report):
    """An XML editor runs these rules from schema/tei-cables.sch (collection(), doc());
    tei validate checks them in Python: both report the same problems on the fixtures."""
    from tei.schema.schematron import Schematron
    from tei.validate.locate import Locator
    from tei.xmlio import parse_file

    schematron = Schematron(SCH, frozenset(edition_rules.RULES - {name}))
    fixture = _fixture(name)
    for path in sorted(fixture.glob("*.xml")) if fixture.is_dir() else [fixture]:
        tree = parse_file(path)
        where = Locator(tree, path.read_text(encoding="utf-8"))
        by_schematron = []
        for failure in schematron.run(tree, path.resolve().as_uri()):
            line, column = where.where(where.element(failure.element), failure.attribute)
            by_schematron.append((line, column, failure.message, failure.rule))
        by_python = [(p.line, p.column, p.message, p.rule) for p in invalid_report.problems
                     if Path(p.file) == path and p.rule == name]
        assert sorted(by_schematron) == sorted(by_python) != []


def test_the_diagnosis_beyond_libxml2_finds_nothing_in_valid_documents(converted):
    """The second look at an invalid file (tei/messages.py: diagnose) must not invent
    problems: on every valid document it finds none."""
    from tei.validate.messages import GrammarInfo, diagnose

    info = GrammarInfo(etree.parse(str(RNG)))
    files = [*edition_files(DEFAULT_EDITION), *converted.values(),
             FIXTURES / "valid" / "minimal.xml"]
    for path in files:
        assert diagnose(etree.parse(str(path)).getroot(), info) == [], path


def test_the_recovering_validator_finds_nothing_in_valid_documents(converted, tmp_path,
                                                                   edition):
    """The second look at an invalid file (tei/validate/relaxng.py) must not invent problems:
    on every valid document (the edition, the seeds converted, generated cables of both
    layouts, the minimal fixture) it finds none. (tests/test_jing.py runs it on every file of
    the corpus jing finds valid, against three schemas.)"""
    from tei.convert import convert
    from tei.validate.relaxng import Grammar, Matcher

    from . import synth

    grammar = Grammar(etree.parse(str(RNG)))
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in synth.corpus(20, 5):
        (sources / name).write_text(text, encoding="utf-8")
    assert all(o.ok for o in convert(sorted(sources.glob("*.txt")), tmp_path / "tei", edition))
    files = [*edition_files(DEFAULT_EDITION), *converted.values(),
             FIXTURES / "valid" / "minimal.xml", *(tmp_path / "tei").glob("*.xml")]
    assert len(files) >= 29
    for path in files:
        assert Matcher(grammar).run(etree.parse(str(path)).getroot()) == [], path


def test_several_errors_in_one_element_are_all_reported(invalid_report):
    got = [(p.line, p.column, p.rule) for p in invalid_report.problems
           if Path(p.file) == _fixture("rng-several-errors")]
    assert got == [(1, 1, "rng:incomplete"), (2, 3, "rng:incomplete"), (3, 7, "rng:attribute")]


def test_a_grammar_split_over_files_is_used_with_libxml2s_words(tmp_path):
    rng = "http://relaxng.org/ns/structure/1.0"
    (tmp_path / "part.rng").write_text(f'<grammar xmlns="{rng}"><define name="b"><element '
                                       'name="b"><empty/></element></define></grammar>', "utf-8")
    (tmp_path / "main.rng").write_text(f'<grammar xmlns="{rng}"><include href="part.rng"/>'
                                       '<start><element name="a"><ref name="b"/></element>'
                                       "</start></grammar>", "utf-8")
    (tmp_path / "ok.xml").write_text("<a><b/></a>", "utf-8")
    (tmp_path / "bad.xml").write_text("<a><c/></a>", "utf-8")
    report = validate([tmp_path / "ok.xml", tmp_path / "bad.xml"],
                      Options(schemas=(str(tmp_path / "main.rng"),)))
    assert [(p.line, p.column, p.rule) for p in report.problems] == [(1, 4, "rng")]
    assert report.status == 1


@pytest.mark.skipif(shutil.which("jing") is None, reason="jing is not installed")
def test_jing_agrees_on_which_files_are_valid(rng_validator, tmp_path):
    """jing (the reference RELAX NG validator) and tei validate agree, file by file, on the
    edition and on every well-formed fixture."""
    import subprocess

    files = [*edition_files(DEFAULT_EDITION), FIXTURES / "valid" / "minimal.xml",
             *(p for p in INVALID.rglob("*.xml") if p.name != "not-well-formed.xml")]
    run = subprocess.run(["jing", str(RNG), *map(str, files)], capture_output=True, text=True,
                         timeout=120)
    refused_by_jing = {line.split(":")[0] for line in run.stdout.splitlines() if ": error:" in line}
    refused_by_us = {str(p) for p in files if rng_validator.check(str(p)).problems}
    assert refused_by_jing == refused_by_us
    assert len(refused_by_us) >= 10


def test_other_schema_tei_all_on_the_consortiums_test_inputs(tei_all_validator):
    """Imperfect TEI from others: each problem located, with what tei_all expected."""
    tests = SHARED / "corpus" / "tei-stylesheets-tests"
    if not tests.is_dir():
        pytest.skip("the stylesheet tests are not in ../shared")
    found = {}
    for path in sorted(tests.glob("*/input/*.xml")):
        problems = tei_all_validator.check(str(path)).problems
        found[path.name] = [(p.line, p.column, p.rule) for p in problems]
        assert all(p.message and p.line > 0 for p in problems)
    assert found["test23.xml"] == [(3, 14, "rng:attribute")]
    assert found["test25.xml"] == [(21, 29, "rng:element")]
    assert sum(1 for v in found.values() if not v) == len(found) - 2


def test_a_build_checks_again_only_what_changed(tmp_path, monkeypatch):
    """`tei build validate` keeps each file's check (tei/validate/cache.py): the next run takes
    it again while the file, the files its check looked into and the schemas are as they were,
    and reports exactly what a run from nothing reports; the rules across files are settled
    again every time."""
    import tei.validate as validation

    minimal = (FIXTURES / "valid" / "minimal.xml").read_text("utf-8")
    folder = tmp_path / "tei"
    folder.mkdir()
    register = folder / "register.xml"
    register.write_text(minimal.replace("<p>Text.</p>", '<p xml:id="here">Here.</p>'), "utf-8")
    for k in range(4):
        (folder / f"d{k}.xml").write_text(minimal.replace(
            "<p>Text.</p>", f'<p><ref target="register.xml#here">see</ref> d{k}</p>'), "utf-8")
    cache = tmp_path / "kept.json"
    checked: list[str] = []
    real = validation._check_task
    monkeypatch.setattr(validation, "_check_task",
                        lambda options, path: checked.append(Path(path).name)
                        or real(options, path))

    def run() -> list[str]:
        checked.clear()
        return [str(p) for p in validate([folder], cache=cache).problems]

    assert run() == [] and len(checked) == 5
    assert run() == [] and checked == []  # nothing changed: nothing checked
    (folder / "d1.xml").write_text(minimal.replace("<p>Text.</p>", "<p><oops/></p>"), "utf-8")
    problems = run()
    assert checked == ["d1.xml"] and len(problems) == 1 and "oops" in problems[0]
    assert run() == problems and checked == []  # a kept error is reported again
    # the register changed: the files whose pointers it answered are checked again
    register.write_text(minimal, "utf-8")
    problems = run()
    assert sorted(checked) == ["d0.xml", "d2.xml", "d3.xml", "register.xml"]
    assert sum("register.xml#here" in p for p in problems) == 3
    assert problems == [str(p) for p in validate([folder]).problems]  # as from nothing
    # a rule across files, with every file kept: a file pointed to by name that goes away
    (folder / "d0.xml").write_text(minimal.replace(
        "<p>Text.</p>", '<p><ref target="d2.xml">see</ref></p>'), "utf-8")
    run()
    (folder / "d2.xml").unlink()
    problems = run()
    assert checked == [] and any("points to d2.xml" in p for p in problems)
    # another setup (the XSD too) or an unreadable record: everything is checked
    checked.clear()
    validate([folder], Options(xsd=True), cache=cache)
    assert len(checked) == 4
    cache.write_text("{not json", "utf-8")
    problems = run()
    assert len(checked) == 4
    assert problems == [str(p) for p in validate([folder]).problems]


def test_a_file_changed_while_the_run_checks_is_checked_again_next_time(tmp_path,
                                                                       monkeypatch):
    """A check is kept under the hash of the bytes it read (issue 12: the worker gives it, the
    file is not read again to be kept): a file that changes after its check, before the run
    keeps its checks, is checked again by the next run, not taken with the old verdict."""
    from tei.validate.cache import Kept

    minimal = (FIXTURES / "valid" / "minimal.xml").read_text("utf-8")
    folder = tmp_path / "tei"
    folder.mkdir()
    doc = folder / "d.xml"
    doc.write_text(minimal, "utf-8")
    cache = tmp_path / "kept.json"
    real_save = Kept.save

    def save_after_a_change(self, checked):
        doc.write_text(minimal.replace("<p>Text.</p>", "<p><oops/></p>"), "utf-8")
        real_save(self, checked)

    monkeypatch.setattr(Kept, "save", save_after_a_change)
    assert validate([folder], cache=cache).problems == []  # (the bytes it read were valid)
    monkeypatch.setattr(Kept, "save", real_save)
    problems = [str(p) for p in validate([folder], cache=cache).problems]
    assert len(problems) == 1 and "oops" in problems[0]


def test_build_validate_keeps_its_checks_in_the_build_folder(runner, tmp_path):
    edition = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, edition, ignore=shutil.ignore_patterns("sources"))
    args = ["build", "--edition", str(edition), "-o", str(tmp_path / "build"), "validate"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "build" / ".tei-validate" / "edition.json").is_file()
    again = runner.invoke(main, args)
    assert again.exit_code == 0 and again.output == first.output
    doc = sorted((edition / "tei").glob("*.xml"))[0]
    doc.write_text(doc.read_text("utf-8").replace("<abstract>", "<abstract bogus='1'>"),
                   "utf-8")
    broken = runner.invoke(main, args)
    assert broken.exit_code == 1 and f"{doc}:" in broken.output, broken.output


def test_a_file_given_as_a_path_is_checked_as_its_name():
    """Validator.check takes a path object as well as a string (the file read once, its
    bytes parsed under its name)."""
    validator = Validator(Options())
    path = edition_files(DEFAULT_EDITION)[0]
    assert validator.check(path).problems == validator.check(str(path)).problems == []


def test_real_paths_are_those_pathlib_resolves(tmp_path, monkeypatch):
    """tei.validate.real_paths names a file as Path.resolve() does (issue 12: a folder looked
    up once, not every component of every file), links and '..' included."""
    import os

    from tei.validate.real_paths import forget, real_path

    (tmp_path / "real").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "real" / "a.xml").write_text("<a/>")
    (tmp_path / "other" / "b.xml").write_text("<b/>")
    os.symlink(tmp_path / "real", tmp_path / "linked")
    os.symlink(tmp_path / "other" / "b.xml", tmp_path / "real" / "to-b.xml")
    monkeypatch.chdir(tmp_path / "real")
    forget()
    for path in ["a.xml", "./a.xml", "to-b.xml", "missing.xml", "../linked/a.xml",
                 str(tmp_path / "linked" / "a.xml"), str(tmp_path / "linked" / "to-b.xml"),
                 str(tmp_path / "linked" / ".." / "other" / "b.xml"), "..", ".", "a.xml/",
                 str(tmp_path / "linked")]:
        assert real_path(path) == str(Path(path).resolve()), path
    # a link changed between two runs: the next run sees where it leads now
    assert real_path(tmp_path / "linked" / "a.xml") == str(tmp_path / "real" / "a.xml")
    os.unlink(tmp_path / "linked")
    os.symlink(tmp_path / "other", tmp_path / "linked")
    forget()
    assert real_path(tmp_path / "linked" / "a.xml") == str(tmp_path / "other" / "a.xml")
