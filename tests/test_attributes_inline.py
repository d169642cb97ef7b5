"""The grammar libxml2 is given has its attributes written in each element
(tei.validate.attributes_inline): it must allow exactly what the grammar as written allows."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from lxml import etree

from tei.schema import EXCHANGE_SCHEMAS, RNG
from tei.validate.attributes_inline import inline_attributes
from tei.validate.checkers import RelaxNG as RelaxNGChecker
from tei.validate.relaxng import R

EDITION_TEI = sorted((Path(__file__).parents[1] / "edition" / "tei").glob("*.xml"))
XML = "{http://www.w3.org/XML/1998/namespace}"
NAMES = ["type", f"{XML}id", "resp", "n", "rend", "when", "target", "ref", "who", "reason",
         "unit", "from", "to", "level", "place", "cert", "corresp", "ana", "facs", "status",
         f"{XML}lang", f"{XML}space", "{http://example.org/x}x", "extent", "subtype"]
VALUES = ["", "x", "#a", "a b", "1994-02-12", "2026", "1994-02-30", "12", "-1", "en", "ja",
          "!!", "http://example.org/", "preserve", "high", "p1", "1x", "  "]


def mutants(trees: list[etree._ElementTree], count: int, seed: int):
    """Copies of ``trees`` with attributes added, removed, changed or moved, and elements
    moved and renamed: most of them invalid, in every way an attribute can be."""
    rnd = random.Random(seed)
    for _ in range(count):
        tree = copy.deepcopy(rnd.choice(trees))
        elements = [e for e in tree.iter() if isinstance(e.tag, str)]
        for _ in range(rnd.randint(1, 3)):
            e, other, op = rnd.choice(elements), rnd.choice(elements), rnd.random()
            if op < 0.4:
                e.set(rnd.choice(NAMES), rnd.choice(VALUES))
            elif op < 0.6 and e.attrib:
                del e.attrib[rnd.choice(list(e.attrib))]
            elif op < 0.75 and e.attrib:
                e.set(rnd.choice(list(e.attrib)), rnd.choice(VALUES))
            elif op < 0.85:
                other.attrib.update(e.attrib)
            elif op < 0.95 and e.getparent() is not None and other is not e and \
                    e not in other.iterancestors():
                other.insert(rnd.randint(0, len(other)), e)
            else:
                e.tag = other.tag
        yield tree


@pytest.mark.parametrize("schema", [RNG, EXCHANGE_SCHEMAS[0]], ids=["edition", "exchange"])
def test_the_grammar_libxml2_is_given_allows_what_the_grammar_allows(schema):
    written = etree.parse(str(schema))
    inlined = inline_attributes(written)
    assert inlined is not written
    as_written, fast = etree.RelaxNG(written), etree.RelaxNG(inlined)
    trees = [etree.parse(str(f)) for f in EDITION_TEI]
    assert all(fast.validate(t) for t in trees)
    verdicts = []
    for tree in mutants(trees, 400, seed=12):
        verdict = as_written.validate(tree)
        assert fast.validate(tree) == verdict, etree.tostring(tree)[:300]
        verdicts.append(verdict)
    assert verdicts.count(False) > 100 and verdicts.count(True) > 20


def test_the_edition_grammar_names_each_elements_attributes_in_it():
    inlined = inline_attributes(etree.parse(str(RNG))).getroot()
    p = inlined.find(f".//{R}element[@name='p']")
    together = p.find(f"{R}interleave")
    names = {a.get("name"): a.get("ns") for a in together.iter(f"{R}attribute")}
    assert names["id"] == XML[1:-1] and names["lang"] == XML[1:-1] and names["n"] == ""
    assert not [r for r in p.findall(f"{R}ref") if r.get("name").startswith("att.")]
    assert RelaxNGChecker(RNG).schema.validate(etree.parse(str(EDITION_TEI[0])))


def grammar(body: str, top: str = "") -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(
        f'<grammar xmlns="http://relaxng.org/ns/structure/1.0" {top}>'
        f'<start><ref name="doc"/></start>{body}</grammar>'))


def verdicts(tree: etree._ElementTree, documents: list[str]) -> list[bool]:
    inlined = inline_attributes(tree)
    assert inlined is not tree
    as_written, fast = etree.RelaxNG(tree), etree.RelaxNG(inlined)
    found = []
    for text in documents:
        doc = etree.ElementTree(etree.fromstring(text))
        assert fast.validate(doc) == as_written.validate(doc), text
        found.append(as_written.validate(doc))
    return found


def test_an_optional_pair_of_attributes_stays_all_or_none():
    tree = grammar('<define name="doc"><element name="doc"><ref name="pair"/>'
                   '<optional><attribute name="c"/></optional></element></define>'
                   '<define name="pair"><optional><attribute name="a"/>'
                   '<attribute name="b"/></optional></define>')
    assert verdicts(tree, ['<doc/>', '<doc a="1" b="2"/>', '<doc a="1"/>', '<doc b="1" c="2"/>',
                           '<doc c="1"/>']) == [True, True, False, False, True]


def test_an_attribute_keeps_its_namespace_and_datatypes_where_it_moves():
    top = ('xmlns:x="http://example.org/x" '
           'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"')
    tree = grammar('<define name="doc"><element name="doc" datatypeLibrary="">'
                   '<ref name="atts"/><text/></element></define>'
                   '<define name="atts"><optional><attribute name="x:href"><data type="anyURI"/>'
                   '</attribute></optional><attribute name="size"><data type="integer"/>'
                   '</attribute><optional><attribute name="kind"><choice><value>a</value>'
                   '<value type="token">b</value></choice></attribute></optional></define>',
                   top)
    ns = 'xmlns:x="http://example.org/x"'
    assert verdicts(tree, [
        '<doc size="3"/>', '<doc size="three"/>', '<doc/>', f'<doc {ns} x:href="a" size="1"/>',
        '<doc href="a" size="1"/>', '<doc size="1" kind="b"/>', '<doc size="1" kind="c"/>',
    ]) == [True, False, False, True, False, True, False]


@pytest.mark.parametrize("body", [
    '<define name="doc"><element name="doc"><ref name="a"/></element></define>'
    '<define name="a" combine="interleave"><optional><attribute name="a"/></optional></define>'
    '<define name="a" combine="interleave"><optional><attribute name="b"/></optional></define>',
    '<define name="doc"><element name="doc"><choice><attribute name="a"/>'
    '<attribute name="b"/></choice></element></define>',
    '<define name="doc"><element name="doc"><zeroOrMore><attribute><anyName/></attribute>'
    '</zeroOrMore></element></define>',
    '<define name="doc"><element name="doc"><optional><attribute name="undeclared:a"/>'
    '</optional></element></define>',
], ids=["combined define", "choice of attributes", "any attribute", "undeclared prefix"])
def test_what_cannot_be_rewritten_exactly_is_left_as_written(body):
    tree = grammar(body)
    assert inline_attributes(tree) is tree
