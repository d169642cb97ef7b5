"""Derive the edition's RELAX NG from tei_all: a true customization, by construction a subset.

Every change made here only narrows what tei_all accepts:

- an element the ODD does not include becomes ``notAllowed``, and ``notAllowed`` is then
  simplified away the way RELAX NG defines it (a choice loses the branch, an optional or
  zeroOrMore becomes empty, a group, element or attribute needing it becomes notAllowed);
- a closed value list replaces an attribute's datatype by a choice of its values (only in the
  element that closes it: the attribute classes it comes from are copied into that element);
- a deleted attribute must have been optional, and is dropped.

An ODD that keeps all of TEI (:attr:`Odd.keeps_all`: moduleRefs without @include) keeps every
element, of any namespace, so the result accepts exactly what tei_all accepts.

The embedded Schematron of tei_all is never left in the RELAX NG: the edition's rules live in
the ODD; an ODD that keeps all of TEI gets tei_all's rules in its own .sch
(:func:`tei.schema.schematron.embedded`).
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from .. import TEI_NS
from ..errors import Problem, TeiCablesError
from ..xmlio import parse_file
from .odd import AttChange, Odd

RNG_NS = "http://relaxng.org/ns/structure/1.0"
A_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
R = f"{{{RNG_NS}}}"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _rng(tag: str, **attrib: str) -> etree._Element:
    return etree.Element(R + tag, attrib)


def _pattern_children(node: etree._Element) -> list[etree._Element]:
    """Child patterns (RELAX NG elements other than annotations and name classes)."""
    return [c for c in node if isinstance(c.tag, str) and c.tag.startswith(R)
            and etree.QName(c).localname not in ("name", "anyName", "nsName", "except", "param")]


def _element_name(define: etree._Element) -> str | None:
    """The name of the element a define declares (``<define><element name=…>``), if any."""
    kids = _pattern_children(define)
    if len(kids) == 1 and kids[0].tag == R + "element" and kids[0].get("name"):
        return kids[0].get("name")
    return None


class Grammar:
    """A flattened RELAX NG grammar (tei_all is one): defines by name, the start."""

    def __init__(self, tree: etree._ElementTree):
        self.tree = tree
        self.root = tree.getroot()
        self.defines = {d.get("name"): d for d in self.root.findall(R + "define")}

    # -- dereferencing -------------------------------------------------------------------
    def attribute_paths(self, attribute: str) -> set[str]:
        """Defines that declare ``attribute`` (directly or through refs) outside any element."""
        memo: dict[str, bool] = {}

        def shallow(node: etree._Element):
            """The patterns under ``node`` that are not inside a nested element."""
            for child in node:
                if not isinstance(child.tag, str) or child.tag == R + "element":
                    continue
                yield child
                yield from shallow(child)

        def has(name: str, stack: frozenset[str]) -> bool:
            if name in memo:
                return memo[name]
            if name in stack or name not in self.defines:
                return False
            result = any(
                (n.tag == R + "attribute" and n.get("name") == attribute)
                or (n.tag == R + "ref" and has(n.get("name"), stack | {name}))
                for n in shallow(self.defines[name]))
            memo[name] = result
            return result

        return {name for name in self.defines if has(name, frozenset())}


def _simplify(node: etree._Element, dead: set[str]) -> etree._Element:
    """Simplify ``node`` in place given the defines known to be notAllowed; return it (or its
    replacement, which the caller puts in its place)."""
    for child in list(node):
        if not isinstance(child.tag, str) or not child.tag.startswith(R):
            continue
        if etree.QName(child).localname in ("except", "name", "anyName", "nsName", "param",
                                            "value", "data"):
            continue
        new = _simplify(child, dead)
        if new is not child:
            node.replace(child, new)
    tag = etree.QName(node).localname
    kids = _pattern_children(node)
    na = [k for k in kids if k.tag == R + "notAllowed"]
    if tag == "ref" and node.get("name") in dead:
        return _rng("notAllowed")
    if tag == "choice":
        for k in na:
            node.remove(k)
        rest = _pattern_children(node)
        if not rest:
            return _rng("notAllowed")
        if len(rest) == 1:
            return rest[0]
        return node
    if na and tag in ("group", "interleave", "oneOrMore", "element", "attribute", "mixed",
                      "list"):
        return _rng("notAllowed")
    if tag in ("group", "interleave", "oneOrMore", "zeroOrMore", "optional", "element", "mixed",
               "list", "define"):
        # an empty beside other patterns of an (implicit) group adds nothing
        for k in kids:
            if k.tag == R + "empty" and len(_pattern_children(node)) > 1:
                node.remove(k)
        rest = _pattern_children(node)
        if tag in ("group", "interleave") and len(rest) == 1:
            return rest[0]
        if tag in ("oneOrMore", "zeroOrMore", "optional") and len(rest) == 1 and \
                rest[0].tag == R + "empty":
            return rest[0]
    if tag in ("group", "interleave", "oneOrMore", "element", "attribute", "mixed", "list"):
        return node
    if tag in ("optional", "zeroOrMore"):
        return _rng("empty") if na else node
    return node


def _close_values(target: etree._Element, change: AttChange) -> None:
    """Give the attribute pattern ``target`` the closed value list of ``change``."""
    content = _pattern_children(target)
    for c in content:
        target.remove(c)
    choice = _rng("choice")
    for item in change.values:
        value = etree.SubElement(choice, R + "value")
        value.text = item.ident
        if item.desc:
            doc = etree.SubElement(choice, f"{{{A_NS}}}documentation")
            doc.text = item.desc
    is_list = bool(content) and content[0].tag == R + "list"
    if is_list:
        lst = etree.SubElement(target, R + "list")
        more = etree.SubElement(lst, R + "oneOrMore")
        more.append(choice)
    else:
        target.append(choice)


def _specialise(grammar: Grammar, element_define: etree._Element, change: AttChange,
                odd_path: str) -> None:
    """Copy the attribute classes that carry ``change.attribute`` into this element's pattern,
    then close (or drop) that attribute there only."""
    carriers = grammar.attribute_paths(change.attribute)
    element = _pattern_children(element_define)[0]

    def inline(node: etree._Element, depth: int = 0) -> None:
        for ref in list(node.iter(R + "ref")):
            if any(a.tag == R + "element" for a in ref.iterancestors() if a is not element) \
                    or ref.get("name") not in carriers:
                continue
            body = _rng("group")
            for child in grammar.defines[ref.get("name")]:
                body.append(copy.deepcopy(child))
            ref.getparent().replace(ref, body)
            if depth < 20:
                inline(body, depth + 1)

    inline(element)
    targets = [a for a in element.iter(R + "attribute") if a.get("name") == change.attribute
               and not any(x.tag == R + "element" for x in a.iterancestors() if x is not element)]
    if not targets:
        raise TeiCablesError(Problem(odd_path, change.line, 1,
                                     f"element {change.element} has no attribute "
                                     f"{change.attribute} in tei_all", rule="odd"))
    for target in targets:
        if change.mode == "delete":
            parent = target.getparent()
            if parent.tag != R + "optional":
                raise TeiCablesError(Problem(odd_path, change.line, 1,
                                             f"attribute {change.attribute} of "
                                             f"{change.element} is required: deleting it "
                                             "would not be a customization", rule="odd"))
            parent.getparent().replace(parent, _rng("empty"))
        else:
            _close_values(target, change)


def _delete_class(grammar: Grammar, ident: str, line: int, odd_path: str) -> None:
    """Delete the attribute class ``ident``: the attributes it declares (all optional) go from
    its members; what it inherits from other classes stays where those classes reach."""
    define = grammar.defines.get(f"{ident}.attributes")
    if define is None:
        raise TeiCablesError(Problem(odd_path, line, 1, f"classSpec {ident}: no such attribute "
                                     "class in tei_all", rule="odd"))
    own = f"{ident}.attribute."
    for ref in list(define.iter(R + "ref")):
        if not ref.get("name", "").startswith(own):
            continue
        for attribute in grammar.defines[ref.get("name")].iter(R + "attribute"):
            if attribute.getparent().tag not in (R + "optional", R + "zeroOrMore"):
                raise TeiCablesError(Problem(odd_path, line, 1, f"classSpec {ident}: attribute "
                                             f"{attribute.get('name')} is required: deleting "
                                             "the class would not be a customization",
                                             rule="odd"))
        ref.getparent().replace(ref, _rng("empty"))
    # attributes a class declares inline (not as attribute.* defines)
    for attribute in list(define.iter(R + "attribute")):
        parent = attribute.getparent()
        if parent.tag not in (R + "optional", R + "zeroOrMore"):
            raise TeiCablesError(Problem(odd_path, line, 1, f"classSpec {ident}: attribute "
                                         f"{attribute.get('name')} is required: deleting the "
                                         "class would not be a customization", rule="odd"))
        parent.getparent().replace(parent, _rng("empty"))


def derive(odd: Odd, tei_all: str | Path) -> etree._ElementTree:
    """The edition's RELAX NG: tei_all narrowed to what the ODD keeps."""
    tree = parse_file(tei_all)
    grammar = Grammar(tree)
    root = grammar.root
    # 1. tei_all's own Schematron and its namespace declarations are not ours
    for node in list(root.iter("{http://purl.oclc.org/dsdl/schematron}*")):
        if node.getparent() is not None:
            node.getparent().remove(node)
    # 2. elements not kept become notAllowed
    declared: dict[str, etree._Element] = {}
    for define in grammar.defines.values():
        element = _element_name(define)
        if element is None:
            continue
        ns = _pattern_children(define)[0].get("ns") or root.get("ns")
        if ns == TEI_NS:
            declared.setdefault(element, define)
        if not odd.keeps_all and (element not in odd.elements or ns != TEI_NS):
            for child in list(define):
                define.remove(child)
            define.append(_rng("notAllowed"))
    unknown = sorted(set(odd.elements) - set(declared))
    if unknown:
        raise TeiCablesError(Problem(str(odd.path), 1, 1, "not TEI elements (not in "
                                     f"{Path(tei_all).name}): {', '.join(unknown)}", rule="odd"))
    # 3. attribute classes the edition does not use: none of their attributes anywhere
    for ident, line in odd.deleted_classes.items():
        _delete_class(grammar, ident, line, str(odd.path))
    # 4. closed value lists and deleted attributes, in the element that says so
    for change in odd.changes:
        if change.element not in declared:
            raise TeiCablesError(Problem(str(odd.path), change.line, 1, f"elementSpec "
                                         f"{change.element}: not a TEI element", rule="odd"))
        _specialise(grammar, declared[change.element], change, str(odd.path))
    # 5. the start: the ODD's start elements
    start = root.find(R + "start")
    for child in list(start):
        start.remove(child)
    choice = etree.SubElement(start, R + "choice")
    for name in odd.start:
        etree.SubElement(choice, R + "ref", name=grammar.defines[declared[name].get("name")]
                         .get("name"))
    # 6. propagate notAllowed to a fixed point
    dead: set[str] = set()
    while True:
        before = len(dead)
        for name, define in grammar.defines.items():
            if name in dead:
                continue
            kids = _pattern_children(define)
            for kid in kids:
                new = _simplify(kid, dead)
                if new is not kid:
                    define.replace(kid, new)
            kids = _pattern_children(define)
            if len(kids) == 1 and kids[0].tag == R + "notAllowed" or \
                    any(k.tag == R + "notAllowed" for k in kids):
                dead.add(name)
        if len(dead) == before:
            break
    for child in list(start):
        new = _simplify(child, dead)
        if new is not child:
            start.replace(child, new)
    lost = sorted(n for n in odd.elements if declared[n].get("name") in dead)
    if lost:
        raise TeiCablesError(Problem(str(odd.path), 1, 1, "included elements that can never "
                                     "occur (their content needs an element the ODD leaves "
                                     f"out): {', '.join(lost)}", rule="odd"))
    # 7. keep only what the start reaches
    reached: set[str] = set()
    todo = [r.get("name") for r in start.iter(R + "ref")]
    while todo:
        name = todo.pop()
        if name in reached or name not in grammar.defines:
            continue
        reached.add(name)
        todo.extend(r.get("name") for r in grammar.defines[name].iter(R + "ref"))
    unreachable = sorted(n for n in odd.elements if declared[n].get("name") not in reached)
    if unreachable:
        raise TeiCablesError(Problem(str(odd.path), 1, 1, "included elements that no kept "
                                     f"element may contain: {', '.join(unreachable)}",
                                     rule="odd"))
    for name, define in grammar.defines.items():
        if name not in reached:
            root.remove(define)
    for node in list(root):
        if isinstance(node, etree._Comment):
            root.remove(node)
    root.insert(0, etree.Comment(
        f" {odd.ident}: generated by `tei schema build` from {odd.path.name} and "
        f"{Path(tei_all).name}; do not edit (edit the ODD and build again). "))
    etree.cleanup_namespaces(tree, top_nsmap={"a": A_NS}, keep_ns_prefixes=["a"])
    return tree
