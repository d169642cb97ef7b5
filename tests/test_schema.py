"""The edition's schema: compiled from the ODD, in sync, a true customization of tei_all."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei import TEI_NS
from tei.edition import DEFAULT_EDITION
from tei.errors import TeiCablesError
from tei.schema import MANUAL, ODD, RNG, SCH, SCHEMA_DIR, xml_models
from tei.schema.build import compile_all, drift
from tei.schema.odd import read_odd
from tei.schema.rng import derive
from tei.validate import edition_files

from .conftest import TEI_ALL

FIXTURES = Path(__file__).parent / "fixtures"
needs_tei_all = pytest.mark.skipif(not TEI_ALL.is_file(), reason="tei_all not in ../shared")


@pytest.fixture(scope="module")
def edition_rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(RNG)))


@needs_tei_all
def test_committed_schema_files_are_what_the_odd_gives():
    """A change to the ODD (or to the compiler) without `tei schema build` fails here."""
    built = compile_all(TEI_ALL)
    stale = drift(built)
    assert stale == [], f"run `tei schema build`: {stale} differ from the ODD"
    # without trang the XSD is not rebuilt (and so not compared): say so, do not hide it
    assert set(built.files) >= {"tei-cables.rng", "tei-cables.sch", "manual.md",
                                "tei-exchange.rng", "tei-exchange.sch"}
    if built.skipped:
        pytest.skip(f"not compared: {built.skipped}")


@needs_tei_all
def test_drift_is_detected(tmp_path):
    built = compile_all(TEI_ALL, xsd=False)
    for name, data in built.files.items():
        (tmp_path / name).write_bytes(data)
    assert drift(built, tmp_path) == []
    (tmp_path / "tei-cables.sch").write_bytes(b"<changed/>")
    assert drift(built, tmp_path) == ["tei-cables.sch"]
    (tmp_path / "tei-exchange.rng").write_bytes(b"<changed/>")
    assert drift(built, tmp_path) == ["tei-cables.sch", "tei-exchange.rng"]


def _valid_to_edition(edition_rng, converted) -> list[Path]:
    files = [*edition_files(DEFAULT_EDITION), *converted.values(),
             *FIXTURES.glob("valid/*.xml"), *FIXTURES.glob("invalid/*.xml"),
             *FIXTURES.glob("invalid/*/*.xml")]
    valid = []
    for path in files:
        try:
            tree = etree.parse(str(path))
        except etree.XMLSyntaxError:
            continue
        if edition_rng.validate(tree):
            valid.append(Path(path))
    return valid


def test_the_edition_and_its_seeds_are_valid(edition_rng, converted):
    for path in [*edition_files(DEFAULT_EDITION), *converted.values()]:
        assert edition_rng.validate(etree.parse(str(path))), (path, edition_rng.error_log)


def test_every_document_valid_to_the_edition_is_valid_to_tei_all(edition_rng, converted,
                                                                 tei_all):
    """A true customization: what the edition accepts, tei_all accepts."""
    valid = _valid_to_edition(edition_rng, converted)
    assert len(valid) >= 20
    for path in valid:
        assert tei_all.validate(etree.parse(str(path))), (path, tei_all.error_log)


def test_the_edition_is_narrower_than_tei_all(edition_rng, tei_all):
    """Elements left out and value lists closed by the ODD are refused, tei_all allows them."""
    for name in ("rng-element-not-in-edition", "rng-value-closed"):
        tree = etree.parse(str(FIXTURES / "invalid" / f"{name}.xml"))
        assert tei_all.validate(tree), name
        assert not edition_rng.validate(tree), name


def test_the_odd_is_valid_tei(tei_all):
    assert tei_all.validate(etree.parse(str(ODD))), tei_all.error_log


def test_closed_value_lists_reach_only_their_element():
    rng = etree.parse(str(RNG))
    r = "{http://relaxng.org/ns/structure/1.0}"
    gap = next(e for e in rng.iter(r + "element") if e.get("name") == "gap")
    reason = next(a for a in gap.iter(r + "attribute") if a.get("name") == "reason")
    assert sorted(v.text for v in reason.iter(r + "value")) == ["illegible", "redacted"]
    # supplied/@reason comes from the same TEI class and has its own closed list
    supplied = next(e for e in rng.iter(r + "element") if e.get("name") == "supplied")
    reason = next(a for a in supplied.iter(r + "attribute") if a.get("name") == "reason")
    assert sorted(v.text for v in reason.iter(r + "value")) == ["editorial", "translator"]


# -- the ODD processor refuses what would not be a customization -------------------------

def _odd(tmp_path: Path, old: str, new: str) -> Path:
    text = ODD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "changed.odd"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@needs_tei_all
@pytest.mark.parametrize("old, new, message", [
    ('include="sp speaker stage"', 'include="sp speaker stage bogus"', "not TEI elements"),
    ('<elementSpec ident="fw" mode="change">', '<elementSpec ident="lg" mode="change">',
     "does not include"),
    ('<moduleRef key="textstructure" include="TEI back body',
     '<moduleRef key="textstructure" include="TEI back', "can never occur"),
    ('include="sp speaker stage"', 'include="sp speaker stage role"',
     "no kept element may contain: role"),
])
def test_the_odd_processor_refuses_bad_odds_with_a_located_error(tmp_path, old, new, message):
    with pytest.raises(TeiCablesError) as caught:
        derive(read_odd(_odd(tmp_path, old, new)), TEI_ALL)
    assert message in str(caught.value)
    assert str(tmp_path / "changed.odd") in str(caught.value)


@needs_tei_all
def test_attribute_deletion_narrows_and_a_required_one_cannot_go(tmp_path):
    delete = ('<elementSpec ident="gap" mode="change">\n          <attList>',
              '<elementSpec ident="gap" mode="change">\n          <attList>\n'
              '            <attDef ident="agent" mode="delete"/>')
    rng = etree.RelaxNG(derive(read_odd(_odd(tmp_path, *delete)), TEI_ALL))
    doc = (FIXTURES / "valid" / "minimal.xml").read_text(encoding="utf-8")
    with_extent = doc.replace("<p>Text.</p>", '<p><gap reason="illegible" agent="fire"/></p>')
    without = doc.replace("<p>Text.</p>", '<p><gap reason="illegible"/></p>')
    assert rng.validate(etree.fromstring(without.encode()))
    assert not rng.validate(etree.fromstring(with_extent.encode()))
    required = ('<constraintSpec ident="pointer-local"',
                '<elementSpec ident="language" mode="change"><attList>'
                '<attDef ident="ident" mode="delete"/></attList></elementSpec>\n'
                '        <constraintSpec ident="pointer-local"')
    with pytest.raises(TeiCablesError, match="is required"):
        derive(read_odd(_odd(tmp_path, *required)), TEI_ALL)


# -- what editors get ------------------------------------------------------------------------

def test_every_tei_file_names_its_schemas_with_paths_that_resolve():
    for path in edition_files(DEFAULT_EDITION):
        tree = etree.parse(str(path))
        pis = [n for n in tree.getroot().itersiblings(preceding=True)
               if isinstance(n, etree._ProcessingInstruction) and n.target == "xml-model"]
        targets = sorted((path.parent / pi.get("href")).resolve() for pi in pis)
        assert targets == sorted([RNG.resolve(), SCH.resolve()]), path


def test_xml_model_paths_are_relative_to_where_the_file_is_written(tmp_path):
    folder = tmp_path / "somewhere" / "else"
    folder.mkdir(parents=True)
    for model in xml_models(folder):
        href = model.split('"')[1]
        assert not href.startswith("/") and (folder / href).resolve().is_file()
    assert xml_models(DEFAULT_EDITION / "tei")[0].startswith('href="../../schema/tei-cables.rng"')


def test_the_manual_documents_every_element_with_an_example():
    manual = MANUAL.read_text(encoding="utf-8")
    odd = read_odd(ODD)
    for name in odd.elements:
        assert f"\n### {name}\n" in manual, name
        section = manual.split(f"\n### {name}\n")[1].split("\n### ")[0]
        assert "```xml\n<" + name in section, f"{name} has no example"
    for spec in odd.constraints:
        assert f"`[{spec.get('ident')}]`" in manual
    section = manual.split("\n### sp\n")[1].split("\n### ")[0]
    assert "Example (`cable-" in section and '<sp who="#' in section
    assert (SCHEMA_DIR / "xml.xsd").is_file()


def test_deleted_attribute_classes_are_gone_from_the_edition_only(edition_rng, tei_all):
    doc = (FIXTURES / "valid" / "minimal.xml").read_text(encoding="utf-8")
    for attribute in ('rend="bold"', 'facs="#page1"', 'generatedBy="human"', 'hand="#h1"'):
        tree = etree.fromstring(doc.replace("<p>Text.</p>", f"<p {attribute}>Text.</p>")
                                .encode()).getroottree()
        assert tei_all.validate(tree), attribute
        assert not edition_rng.validate(tree), attribute


@needs_tei_all
@pytest.mark.parametrize("ident, message", [("att.nothing", "no such attribute class"),
                                            ("model.pLike", "only attribute classes")])
def test_only_existing_attribute_classes_can_be_deleted(tmp_path, ident, message):
    odd = _odd(tmp_path, '<classSpec ident="att.cmc"',
               f'<classSpec ident="{ident}" type="atts" mode="delete"/>\n'
               '        <classSpec ident="att.cmc"')
    with pytest.raises(TeiCablesError, match=message):
        derive(read_odd(odd), TEI_ALL)


def test_the_odds_examples_obey_the_schema():
    """The manual's examples written in the ODD (for elements the edition ships no example of)
    are elements the schema accepts as they stand: attributes, values, children, text."""
    from tei.validate.messages import GrammarInfo, diagnose

    info = GrammarInfo(etree.parse(str(RNG)))
    odd = read_odd(ODD)
    assert odd.examples
    for name, xml in odd.examples.items():
        element = etree.fromstring(xml.replace(f"<{name}", f'<{name} xmlns="{TEI_NS}"', 1))
        assert etree.QName(element).localname == name
        assert diagnose(element, info) == [], name


def test_the_manuals_examples_are_where_it_says():
    """Each "Example (`file`, line N)" of the manual is an element of that name starting on
    that line of the shipped file."""
    import re

    from tei.validate.locate import Locator

    manual = MANUAL.read_text(encoding="utf-8")
    files = {p.name: p for p in edition_files(DEFAULT_EDITION)}
    places = {}
    for name, file, line in re.findall(r"\n### (\S+)\n(?:(?!\n### ).)*?Example \(`([^`]+)`, "
                                       r"line (\d+)\)", manual, flags=re.DOTALL):
        places.setdefault(file, []).append((name, int(line)))
    assert sum(len(v) for v in places.values()) >= 80
    for file, wanted in places.items():
        tree = etree.parse(str(files[file]))
        where = Locator(tree, files[file].read_text(encoding="utf-8"))
        starts = {(etree.QName(n).localname, where.where(n)[0]) for n in tree.getroot().iter()
                  if isinstance(n.tag, str)}
        for name, line in wanted:
            assert (name, line) in starts, (file, name, line)
