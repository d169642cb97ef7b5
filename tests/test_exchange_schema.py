"""The exchange schema (schema/tei-exchange.odd -> .rng + .sch): all of TEI P5, compiled by our
ODD processor, conforming exactly as the official tei_all does (its grammar and its embedded
Schematron) on the foreign TEI of ../shared/corpus and on the edition."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei.edition import DEFAULT_EDITION
from tei.errors import TeiCablesError
from tei.schema import EXCHANGE_ODD, EXCHANGE_RNG, EXCHANGE_SCH, EXCHANGE_SCHEMAS, SCHEMA_DIR
from tei.schema.build import compile_exchange
from tei.schema.odd import SCH_NS, read_odd
from tei.schema.rng import RNG_NS, derive
from tei.schema.schematron import Schematron, embedded
from tei.validate import Options, Validator, edition_files
from tei.xmlio import parse_file

from .conftest import SHARED, TEI_ALL

FIXTURES = Path(__file__).parent / "fixtures" / "exchange"
CORPUS = SHARED / "corpus"
needs_tei_all = pytest.mark.skipif(not TEI_ALL.is_file(), reason="tei_all not in ../shared")
#: Patterns of tei_all's embedded Schematron our runner cannot compile (none, today: a new
#: TEI release adding one makes `tei schema build` fail, naming it, and this list says so).
KNOWN_UNCOMPILABLE: tuple[str, ...] = ()


def _foreign_files() -> list[Path]:
    """The foreign TEI of ../shared/corpus (documents, a monograph, correspondence, the TEI
    stylesheet tests, FRUS's ODD: egXML and specifications, a truncated volume), the edition,
    our ODDs and the fixtures (valid, invalid in many ways, breaking tei_all's rules)."""
    fixtures = Path(__file__).parent / "fixtures"
    found = [*sorted((CORPUS / "frus" / "frus-history-documents").glob("*.xml")),
             *sorted((CORPUS / "other-tei" / "tei-correspondence-sig").glob("*.xml")),
             *sorted((CORPUS / "tei-stylesheets-tests").glob("*/input/*.xml")),
             *sorted((CORPUS / "frus" / "frus-history-monograph").glob("*.xml")),
             *sorted((CORPUS / "frus" / "volume-excerpts").glob("*.xml")),
             *sorted((CORPUS / "frus-schema").glob("*.odd")),
             *sorted((CORPUS / "frus-schema").glob("signature-test*.xml"))]
    return [*found, *edition_files(DEFAULT_EDITION), *sorted(SCHEMA_DIR.glob("*.odd")),
            *sorted(fixtures.glob("valid/*.xml")), *sorted(fixtures.glob("invalid/*.xml")),
            *sorted(FIXTURES.glob("*.xml"))]


FILES = _foreign_files()


@pytest.fixture(scope="module")
def official() -> Validator:
    """The oracle: the official tei_all.rng, its embedded Schematron run too."""
    if not TEI_ALL.is_file():
        pytest.skip("tei_all not in ../shared")
    return Validator(Options(schemas=(str(TEI_ALL),)))


@pytest.fixture(scope="module")
def exchange() -> Validator:
    """What `tei import` uses: the committed exchange schemas, nothing from ../shared."""
    return Validator(Options(schemas=tuple(map(str, EXCHANGE_SCHEMAS))))


# -- built and in sync --------------------------------------------------------------------

@needs_tei_all
def test_committed_exchange_schema_is_what_the_odd_gives():
    built = compile_exchange(TEI_ALL)
    assert sorted(built) == [EXCHANGE_RNG.name, EXCHANGE_SCH.name]
    for name, data in built.items():
        assert (SCHEMA_DIR / name).read_bytes() == data, f"run `tei schema build`: {name}"


def test_exchange_schemas_are_in_the_project():
    assert EXCHANGE_SCHEMAS == (EXCHANGE_RNG, EXCHANGE_SCH)
    for path in (EXCHANGE_ODD, *EXCHANGE_SCHEMAS):
        assert path.is_file() and path.parent == SCHEMA_DIR
    # the grammar carries no Schematron of its own: the rules run once, from the .sch
    assert embedded(parse_file(EXCHANGE_RNG), str(EXCHANGE_RNG)) is None


def test_the_exchange_odd_keeps_all_of_tei(official):
    odd = read_odd(EXCHANGE_ODD)
    assert odd.keeps_all and odd.start == ["TEI", "teiCorpus"] and odd.ident == "tei-exchange"
    assert official.check(str(EXCHANGE_ODD)).problems == []  # itself conformant TEI


# -- the grammar: exactly tei_all ----------------------------------------------------------

def _elements(path: Path) -> set[tuple[str, str]]:
    root = parse_file(path).getroot()
    r = f"{{{RNG_NS}}}"
    return {(e.get("ns") or next((a.get("ns") for a in e.iterancestors() if a.get("ns")), ""),
             e.get("name")) for e in root.iter(r + "element") if e.get("name")}


@needs_tei_all
def test_every_element_of_tei_all_is_kept():
    kept = _elements(EXCHANGE_RNG)
    assert kept == _elements(TEI_ALL)
    assert ("http://www.tei-c.org/ns/Examples", "egXML") in kept
    assert len(kept) > 500


_NAME_CLASSES = ("name", "anyName", "nsName", "except", "param", "value", "data")


def _canonical(node: etree._Element) -> tuple:
    """A pattern up to RELAX NG's own simplification (spec 4.12, 4.17): nested choices are one
    choice, a choice or group of one pattern is that pattern, an empty beside other patterns
    and a repetition of empty are empty; annotations and Schematron are not patterns."""
    r = f"{{{RNG_NS}}}"
    tag = etree.QName(node).localname
    kids = [_canonical(c) for c in node if isinstance(c.tag, str) and c.tag.startswith(r)]
    if tag not in _NAME_CLASSES:
        if tag == "choice":
            kids = [g for k in kids for g in (k[3] if k[0] == "choice" else [k])]
        elif len([k for k in kids if k[0] not in _NAME_CLASSES]) > 1:
            kids = [k for k in kids if k[0] != "empty"]
        if tag in ("choice", "group", "interleave") and len(kids) == 1:
            return kids[0]
        if tag in ("oneOrMore", "zeroOrMore", "optional") and [k[0] for k in kids] == ["empty"]:
            return kids[0]
    return (tag, tuple(sorted(node.attrib.items())), (node.text or "").strip(), tuple(kids))


def _reachable(root: etree._Element) -> set[str]:
    r = f"{{{RNG_NS}}}"
    defines = {d.get("name"): d for d in root.findall(r + "define")}
    todo = [ref.get("name") for ref in root.find(r + "start").iter(r + "ref")]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(ref.get("name") for ref in defines[name].iter(r + "ref"))
    return seen


@needs_tei_all
def test_the_grammar_is_tei_alls_up_to_relax_ngs_own_simplification():
    """Exactly tei_all by construction: the same start, every define kept is tei_all's (up to
    the simplification RELAX NG itself applies), every define dropped unreachable in tei_all."""
    r = f"{{{RNG_NS}}}"
    theirs, ours = parse_file(TEI_ALL).getroot(), parse_file(EXCHANGE_RNG).getroot()
    assert _canonical(ours.find(r + "start")) == _canonical(theirs.find(r + "start"))
    assert ours.get("ns") == theirs.get("ns")
    assert ours.get("datatypeLibrary") == theirs.get("datatypeLibrary")
    official = {d.get("name"): d for d in theirs.findall(r + "define")}
    kept = {d.get("name"): d for d in ours.findall(r + "define")}
    assert len(kept) > 900
    changed = [n for n, d in kept.items() if _canonical(d) != _canonical(official[n])]
    assert changed == []
    assert set(official) - set(kept) == set(official) - _reachable(theirs)


@needs_tei_all
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_verdict_and_problems_as_tei_all(path, official, exchange):
    """The RELAX NG verdict (libxml2's own errors, and our located wording of them) and the
    Schematron problems are those of the official tei_all."""
    theirs, ours = official.check(str(path)), exchange.check(str(path))
    assert [str(p) for p in ours.problems] == [str(p) for p in theirs.problems]
    assert ours.unusable == theirs.unusable
    if ours.unusable:  # not well-formed: both say where, nothing more to compare
        return
    tree = parse_file(path, collect_ids=False)
    grammars = [v.schemas[0].schema for v in (official, exchange)]
    verdicts = [g.validate(tree) for g in grammars]
    logs = [[(e.line, e.column, e.message) for e in g.error_log] for g in grammars]
    assert verdicts[0] == verdicts[1] and logs[0] == logs[1]


def test_the_corpus_is_there_or_skipped():
    """Not an empty comparison: with ../shared, the brief's foreign files are all compared."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not there")
    names = {p.name for p in FILES}
    assert {"2002-08-19-athens-02867.xml", "frus-history.xml", "example01_basic.xml",
            "test23.xml", "test25.xml"} <= names
    assert len(FILES) >= 18


@needs_tei_all
def test_known_invalid_foreign_documents_are_refused_located(exchange):
    docs = CORPUS / "frus" / "frus-history-documents"
    checked = exchange.check(str(docs / "2002-08-19-athens-02867.xml"))
    assert [(p.line, p.column, p.rule) for p in checked.problems] == [(14, 17, "rng:element")]
    test25 = next((CORPUS / "tei-stylesheets-tests").glob("test25/input/test25.xml"))
    assert 'element "math" is not allowed' in str(exchange.check(str(test25)).problems)


def test_other_namespaces_and_a_teicorpus_start(exchange, tmp_path):
    """Start TEI or teiCorpus; egXML (another namespace) where tei_all allows it."""
    minimal = (Path(__file__).parent / "fixtures" / "valid" / "minimal.xml").read_text("utf-8")
    tei = minimal.split("?>", 1)[1].replace(' xml:id="minimal"', "")
    header = "<teiHeader>" + tei.split("<teiHeader>")[1].split("</teiHeader>")[0] + \
        "</teiHeader>"
    corpus = tmp_path / "corpus.xml"
    corpus.write_text(f'<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">{header}{tei}'
                      "</teiCorpus>", encoding="utf-8")
    example = tmp_path / "example.xml"
    example.write_text(tei.replace("<p>Text.</p>", '<egXML xmlns="http://www.tei-c.org/ns/'
                                   'Examples"><p>any</p></egXML>'), encoding="utf-8")
    stranger = tmp_path / "stranger.xml"
    stranger.write_text(tei.replace("<p>Text.</p>", '<x:p xmlns:x="urn:x">Text.</x:p>'),
                        encoding="utf-8")
    assert exchange.check(str(corpus)).problems == []
    assert exchange.check(str(example)).problems == []
    refused = exchange.check(str(stranger)).problems
    # (was: one problem. Every error is reported now, as jing reports them: the stranger, and
    # the body, which holds nothing the schema takes once it is set aside.)
    assert [p.rule for p in refused] == ["rng:incomplete", "rng:namespace"]
    assert 'element "p" is in namespace "urn:x"' in refused[1].message


# -- tei_all's embedded Schematron ---------------------------------------------------------

@needs_tei_all
def test_every_embedded_rule_of_tei_all_is_kept_and_compiles():
    official = parse_file(TEI_ALL).getroot()
    patterns = list(official.iter(f"{{{SCH_NS}}}pattern"))
    assert len(patterns) >= 90
    sch = parse_file(EXCHANGE_SCH).getroot()
    kept = sch.findall(f"{{{SCH_NS}}}pattern")
    assert len(kept) == len(patterns)
    assert {p.get("id") for p in patterns if p.get("id")} <= {p.get("id") for p in kept}
    assert sum(len(p.findall(f".//{{{SCH_NS}}}rule")) for p in kept) == \
        len(list(official.iter(f"{{{SCH_NS}}}rule")))
    assert {(n.get("prefix"), n.get("uri")) for n in sch.findall(f"{{{SCH_NS}}}ns")} == \
        {(n.get("prefix"), n.get("uri")) for n in official.iter(f"{{{SCH_NS}}}ns")}
    compiled = Schematron(EXCHANGE_SCH)
    assert len(compiled.patterns) == len(kept) and not KNOWN_UNCOMPILABLE


def test_a_broken_embedded_rule_is_reported_by_name(tmp_path):
    sch = EXCHANGE_SCH.read_text(encoding="utf-8")
    broken = sch.replace('test="@notBefore|@notAfter|@from|@to"', 'test="@notBefore|||@to"')
    assert broken != sch
    path = tmp_path / "broken.sch"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(TeiCablesError) as caught:
        Schematron(path)
    problem = caught.value.problems[0]
    assert "(pattern tei_all-att.datable.w3c-att-datable-w3c-when-constraint-rule-2)" in \
        problem.message
    start = broken.index('<sch:pattern id="tei_all-att.datable.w3c-att-datable-w3c-when')
    assert problem.line == broken[:start].count("\n") + 1


def test_a_document_breaking_tei_all_rules_is_reported_located(exchange):
    path = FIXTURES / "breaks-tei-all-rules.xml"
    assert exchange.schemas[0].schema.validate(parse_file(path))  # the grammar accepts it
    assert [(p.line, p.column, p.severity, p.rule) for p in exchange.check(str(path)).problems] \
        == [(21, 14, "error", "tei_all-ptr-ptrAtts-constraint-rule-17"),
            (22, 9, "warning", "tei_all-att.datable.w3c-att-datable-w3c-when-constraint-rule-2")]


@needs_tei_all
def test_validate_with_the_official_tei_all_runs_its_embedded_rules(official):
    """`tei validate --schema tei_all.rng`: the rules tei_all embeds are run too."""
    path = FIXTURES / "breaks-tei-all-rules.xml"
    assert [str(p) for p in official.check(str(path)).problems][0] == (
        f"{path}:21:14: error: Only one of the attributes @target and @cRef may be supplied on "
        "<ptr>. [tei_all-ptr-ptrAtts-constraint-rule-17]")


def test_a_rule_that_cannot_run_is_reported_and_the_others_still_run(exchange):
    problems = exchange.check(str(FIXTURES / "rule-cannot-run.xml")).problems
    failed = [p for p in problems if "could not be checked" in p.message]
    assert [(p.line, p.rule) for p in failed] == \
        [(22, "tei_all-att.repeatable-MINandMAXoccurs-constraint-rule-58")]
    assert 'Cannot convert string "some"' in failed[0].message
    assert (24, "tei_all-ptr-ptrAtts-constraint-rule-17") in [(p.line, p.rule) for p in problems]


# -- the ODD processor: whole modules only as all of TEI -----------------------------------

def _odd(tmp_path: Path, old: str, new: str) -> Path:
    text = EXCHANGE_ODD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "changed.odd"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, message", [
    ('<moduleRef key="verse"/>', '<moduleRef key="verse" include="l lg"/>',
     "either every moduleRef lists its elements in @include, or none does"),
    ('<moduleRef key="verse"/>', "", "missing verse"),
    ('<moduleRef key="verse"/>', '<moduleRef key="verse"/><moduleRef key="poetry"/>',
     "unknown poetry"),
])
def test_whole_modules_are_all_of_tei_or_refused(tmp_path, old, new, message):
    with pytest.raises(TeiCablesError) as caught:
        read_odd(_odd(tmp_path, old, new))
    problem = caught.value.problems[0]
    assert message in problem.message and problem.file == str(tmp_path / "changed.odd")
    assert problem.line > 1


@needs_tei_all
def test_an_element_spec_on_all_of_tei_still_narrows(tmp_path):
    """keeps_all is the starting point, not a bypass: an ODD change still applies."""
    odd = _odd(tmp_path, "</schemaSpec>", '<elementSpec ident="gap" mode="change"><attList>'
               '<attDef ident="reason" mode="change"><valList type="closed"><valItem '
               'ident="illegible"/></valList></attDef></attList></elementSpec></schemaSpec>')
    rng = derive(read_odd(odd), TEI_ALL)
    r = f"{{{RNG_NS}}}"
    gap = next(e for e in rng.iter(r + "element") if e.get("name") == "gap")
    reason = next(a for a in gap.iter(r + "attribute") if a.get("name") == "reason")
    assert [v.text for v in reason.iter(r + "value")] == ["illegible"]
    # elsewhere (supplied/@reason, from the same class) it stays open, as in tei_all
    supplied = next(e for e in rng.iter(r + "element") if e.get("name") == "supplied")
    reason = next(a for a in supplied.iter(r + "attribute") if a.get("name") == "reason")
    assert not list(reason.iter(r + "value"))
