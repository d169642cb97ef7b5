"""A RELAX NG validator that goes on after an error: every problem of a document, in one run.

libxml2 (lxml's engine) validates fast but stops inside an element at its first error: the
element's other children, its later siblings and whatever lies below them go unchecked. When
libxml2 finds a document invalid, this module checks it again, from the top, and reports every
error, the way jing (James Clark's validator, the reference for RELAX NG) does:

- the document is matched against the grammar by *derivatives* (Clark, "An algorithm for
  RELAX NG validation"): the state after each start tag, attribute, piece of text and end tag
  is a pattern, so each element is checked against what its parent expects at that place (the
  context), not against every element of that name;
- after an error the state is *recovered* as jing recovers it, so one error does not hide or
  invent others: an element not allowed at its place is checked against the patterns of
  elements of its name anywhere in the grammar and then set aside (the parent goes on as if it
  were not there); one that may come later (a required element missing before it) skips ahead;
  an unknown element's content is left alone, but known elements inside it are checked; an
  attribute not allowed is set aside; an attribute value or element value that does not fit is
  taken as if it did; missing required attributes are taken as present; an element that ends
  too early is closed as if complete.

The verdict on a document stays libxml2's (and so stays fast: a valid document never comes
here). Datatypes (``xsd:date``, ``anyURI``, patterns, ...) are checked by libxml2 itself, on the
value alone, with a grammar of that one datatype compiled on demand. Grammars split over
several files (``include``, ``externalRef``) and nested grammars are not handled here:
:func:`compile_grammar` returns None and the caller keeps libxml2's own words.
"""

from __future__ import annotations

import functools
import re
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"

EMPTY, NOT_ALLOWED, TEXT, CHOICE, GROUP, INTERLEAVE, ONE_OR_MORE, ELEMENT, ATTRIBUTE, DATA, \
    LIST, AFTER = range(12)

Name = tuple[str, str]  # (namespace or "", local name)


class Unsupported(Exception):
    """A grammar this module does not handle (spread over files, nested grammars)."""


class Pattern:
    """One pattern, interned by its :class:`Grammar`: equal patterns are the same object, so
    derivatives are memoized by identity."""

    __slots__ = ("kind", "p1", "p2", "members", "nullable", "dead", "nc", "node", "check",
                 "_content", "grammar")

    def __init__(self, kind: int, p1: Pattern | None = None, p2: Pattern | None = None):
        self.kind = kind
        self.p1 = p1
        self.p2 = p2
        self.members: tuple[Pattern, ...] = ()
        self.nc: tuple | None = None
        self.node: etree._Element | None = None
        self.check: DataCheck | None = None
        self._content: Pattern | None = None
        self.grammar: Grammar | None = None
        self.nullable = False
        self.dead = False  # notAllowed, or an After whose first part is (jing's isNotAllowed)

    @property
    def content(self) -> Pattern:
        """An element's content, converted on first use (so recursion in the grammar is
        followed only as deep as a document goes)."""
        if self._content is None:
            assert self.grammar is not None and self.node is not None
            self._content = self.grammar.element_content(self.node)
        return self._content


def _qname(node: etree._Element, text: str, ns: str, attribute: bool) -> Name:
    text = text.strip()
    if ":" in text:
        prefix, local = text.split(":", 1)
        uri = XML_NS if prefix == "xml" else (node.nsmap.get(prefix) or "")
        return uri, local
    return ("" if attribute else ns), text


def inherited(node: etree._Element, attribute: str, default: str = "") -> str:
    """The value of ``attribute`` (ns, datatypeLibrary) on ``node`` or its nearest ancestor
    that has it: what RELAX NG's simplification gives the node."""
    for n in (node, *node.iterancestors()):
        value = n.get(attribute)
        if value is not None:
            return value
    return default


def rng_kids(node: etree._Element) -> list[etree._Element]:
    """The RELAX NG children of ``node`` (annotations left out)."""
    return [c for c in node if isinstance(c.tag, str) and c.tag.startswith(R)]


_NC_TAGS = {"name", "anyName", "nsName", "choice"}


def contains(nc: tuple, name: Name) -> int:
    """How specifically name class ``nc`` contains ``name``: 3 by its name, 2 by its
    namespace, 1 as any name, 0 not at all (jing prefers the most specific)."""
    kind = nc[0]
    if kind == "name":
        return 3 if nc[1] == name else 0
    if kind == "ns":
        return 2 if nc[1] == name[0] and not (nc[2] and contains(nc[2], name)) else 0
    if kind == "any":
        return 1 if not (nc[1] and contains(nc[1], name)) else 0
    return max(contains(c, name) for c in nc[1])  # choice


def nc_names(nc: tuple) -> set[Name]:
    """The names a name class names outright ("*" as the local name for any)."""
    kind = nc[0]
    if kind == "name":
        return {nc[1]}
    if kind == "ns":
        return {(nc[1], "*")}
    if kind == "any":
        return {("", "*")}
    return set().union(*(nc_names(c) for c in nc[1]))


class DataCheck:
    """Whether a string fits a ``data``, ``value`` or ``list`` pattern of the grammar, decided
    by libxml2 on the string alone (a grammar of that one pattern, compiled on first use)."""

    __slots__ = ("node", "library", "grammar", "_schema", "_verdicts", "_simple")

    def __init__(self, node: etree._Element, grammar: Grammar):
        self.node = node
        self.grammar = grammar
        self.library = inherited(node, "datatypeLibrary")
        self._schema: etree.RelaxNG | None = None
        self._verdicts: dict[str, bool] = {}
        self._simple = self._shortcut()

    def _shortcut(self):
        """A check done in Python: builtin types, and types that allow any string."""
        tag = etree.QName(self.node).localname
        kind = self.node.get("type", "token")
        if tag == "value" and (self.node.get("type") is None or self.library == ""):
            expected = self.node.text or ""
            if kind == "string":
                return lambda s: s == expected
            expected = " ".join(expected.split())
            return lambda s: " ".join(s.split()) == expected
        if tag == "data" and not rng_kids(self.node) and (
                self.library == "" or (self.library == XSD_DATATYPES
                                       and kind in ("string", "normalizedString", "token"))):
            return lambda s: True
        return None

    def allows(self, text: str) -> bool:
        if self._simple is not None:
            return self._simple(text)
        verdict = self._verdicts.get(text)
        if verdict is None:
            if self._schema is None:
                self._schema = self._compile()
            element = etree.Element("x")
            element.text = text
            verdict = self._verdicts[text] = bool(self._schema.validate(element))
        return verdict

    def _compile(self) -> etree.RelaxNG:
        wrapper = etree.Element(R + "element", name="x", datatypeLibrary=self.library,
                                nsmap={None: RNG_NS})
        wrapper.append(deepcopy(self.node))
        self.grammar.inline_refs(wrapper)
        for data in list(wrapper.iter(R + "data")):
            # ID and IDREF mean something only in a whole document (uniqueness is checked
            # elsewhere, [xml-id-unique]): on one value they are names
            kind = data.get("type")
            if kind in ("ID", "IDREF", "ENTITY"):
                data.set("type", "NCName")
            elif kind in ("IDREFS", "ENTITIES"):
                data.set("type", "NCName")
                listed = etree.Element(R + "list")
                data.addprevious(listed)
                etree.SubElement(listed, R + "oneOrMore").append(data)
        try:
            return etree.RelaxNG(wrapper)
        except etree.RelaxNGParseError:  # a datatype libxml2 does not know: anything goes
            anything = etree.Element(R + "element", name="x", nsmap={None: RNG_NS})
            etree.SubElement(anything, R + "text")
            return etree.RelaxNG(anything)

    @property
    def values(self) -> list[str]:
        return [v.text or "" for v in self.node.iter(R + "value")]

    @property
    def types(self) -> list[str]:
        return [d.get("type", "") for d in self.node.iter(R + "data")]


class Grammar:
    """A RELAX NG grammar (one file, as tei_all and the edition's schemas are) as interned
    patterns, and the derivatives that match a document against it."""

    def __init__(self, tree: etree._ElementTree):
        root = tree.getroot()
        self._interned: dict[tuple, Pattern] = {}
        self.empty = self._leaf(EMPTY, nullable=True)
        self.not_allowed = self._leaf(NOT_ALLOWED)
        self.not_allowed.dead = True
        self.text = self._leaf(TEXT, nullable=True)
        self.defines: dict[str, list[etree._Element]] = {}
        self.combine: dict[str, str] = {}
        self._define_patterns: dict[str, Pattern] = {}
        self._converting: set[str] = set()
        if root.tag == R + "grammar":
            starts: list[etree._Element] = []
            self._collect(root, starts)
            if not starts:
                raise Unsupported("a grammar without start")
            self.start = self._combined(starts, self.combine.get("#start", "choice"))
        else:
            self.start = self.convert(root)
        self._memo: dict[tuple, Pattern] = {}
        self._first: dict[int, frozenset[Name]] = {}
        self._found: dict[Name, tuple[Pattern, int]] = {}
        self._elements: list[Pattern] | None = None
        self._named: dict[str, set[Name]] | None = None

    # -- from the grammar's XML to patterns -------------------------------------------------
    def _leaf(self, kind: int, nullable: bool = False) -> Pattern:
        p = Pattern(kind)
        p.nullable = nullable
        return p

    def _collect(self, node: etree._Element, starts: list[etree._Element]) -> None:
        for child in rng_kids(node):
            tag = child.tag[len(R):]
            if tag == "define":
                self.defines.setdefault(child.get("name", ""), []).append(child)
                if child.get("combine"):
                    self.combine[child.get("name", "")] = child.get("combine", "choice")
            elif tag == "start":
                starts.append(child)
                if child.get("combine"):
                    self.combine["#start"] = child.get("combine", "choice")
            elif tag == "div":
                self._collect(child, starts)
            elif tag in ("include", "externalRef", "grammar", "parentRef"):
                raise Unsupported(tag)

    def _combined(self, nodes: list[etree._Element], how: str) -> Pattern:
        result: Pattern | None = None
        for node in nodes:
            p = self.sequence(rng_kids(node))
            result = p if result is None else (
                self.interleave(result, p) if how == "interleave" else self.choice(result, p))
        return result if result is not None else self.not_allowed

    def define(self, name: str) -> Pattern:
        if name not in self._define_patterns:
            if name in self._converting or name not in self.defines:
                return self.not_allowed  # a loop not through an element, or a missing define
            self._converting.add(name)
            self._define_patterns[name] = self._combined(self.defines[name],
                                                         self.combine.get(name, "choice"))
            self._converting.discard(name)
        return self._define_patterns[name]

    def sequence(self, nodes: list[etree._Element]) -> Pattern:
        result = self.empty
        for node in reversed(nodes):
            result = self.group(self.convert(node), result)
        return result

    def convert(self, node: etree._Element) -> Pattern:
        tag = node.tag[len(R):]
        kids = rng_kids(node)
        if tag == "element":
            key = ("e", id(node))
            if key not in self._interned:
                p = Pattern(ELEMENT)
                p.nc = self.name_class(node, attribute=False)
                p.node = node
                p.grammar = self
                self._interned[key] = p  # p.node keeps the node (and so its id) alive
            return self._interned[key]
        if tag == "attribute":
            key = ("t", id(node))
            if key not in self._interned:
                content = [k for k in kids if node.get("name") is not None
                           or k is not kids[0]]
                p = Pattern(ATTRIBUTE, self.sequence(content) if content else self.text)
                p.nc = self.name_class(node, attribute=True)
                p.node = node
                self._interned[key] = p
            return self._interned[key]
        if tag in ("group", "div"):
            return self.sequence(kids)
        if tag == "interleave":
            return functools.reduce(self.interleave, map(self.convert, kids), self.empty)
        if tag == "mixed":
            return self.interleave(self.sequence(kids), self.text)
        if tag == "choice":
            return functools.reduce(self.choice, map(self.convert, kids), self.not_allowed)
        if tag == "optional":
            return self.choice(self.sequence(kids), self.empty)
        if tag == "zeroOrMore":
            return self.choice(self.one_or_more(self.sequence(kids)), self.empty)
        if tag == "oneOrMore":
            return self.one_or_more(self.sequence(kids))
        if tag == "list":
            return self._unary(LIST, self.sequence(kids))
        if tag == "ref":
            return self.define(node.get("name", ""))
        if tag in ("value", "data"):
            key = ("d", id(node))
            if key not in self._interned:
                p = Pattern(DATA)
                p.check = DataCheck(node, self)
                p.node = node
                self._interned[key] = p
            return self._interned[key]
        if tag == "empty":
            return self.empty
        if tag == "text":
            return self.text
        if tag == "notAllowed":
            return self.not_allowed
        raise Unsupported(tag)

    def element_content(self, node: etree._Element) -> Pattern:
        kids = rng_kids(node)
        if node.get("name") is None and kids:
            kids = kids[1:]  # the first child is the name class
        return self.sequence(kids)

    def name_class(self, node: etree._Element, attribute: bool) -> tuple:
        if node.get("name") is not None:
            ns = node.get("ns", "") if attribute else inherited(node, "ns")
            return ("name", _qname(node, node.get("name", ""), ns, attribute))
        kids = rng_kids(node)
        if not kids:
            raise Unsupported("a name class")
        return self._nc(kids[0])

    def _nc(self, node: etree._Element) -> tuple:
        tag = node.tag[len(R):]
        kids = rng_kids(node)
        if tag == "name":
            return ("name", _qname(node, node.text or "", inherited(node, "ns"), False))
        if tag in ("anyName", "nsName"):
            except_ = next((k for k in kids if k.tag == R + "except"), None)
            exception = ("choice", tuple(self._nc(k) for k in rng_kids(except_))) \
                if except_ is not None else None
            return ("any", exception) if tag == "anyName" else \
                ("ns", inherited(node, "ns"), exception)
        if tag == "choice":
            return ("choice", tuple(self._nc(k) for k in kids))
        raise Unsupported(f"name class {tag}")

    def inline_refs(self, node: etree._Element) -> None:
        """Replace the refs inside a copied data pattern by what they stand for."""
        for _ in range(50):
            refs = list(node.iter(R + "ref"))
            if not refs:
                return
            for ref in refs:
                group = etree.Element(R + "group")
                for define in self.defines.get(ref.get("name", ""), []):
                    for kid in rng_kids(define):
                        group.append(deepcopy(kid))
                ref.getparent().replace(ref, group)

    # -- interned constructors ----------------------------------------------------------------
    def _unary(self, kind: int, p1: Pattern) -> Pattern:
        key = (kind, id(p1))
        found = self._interned.get(key)
        if found is None:
            found = self._interned[key] = Pattern(kind, p1)
            found.nullable = kind == ONE_OR_MORE and p1.nullable
        return found

    def _binary(self, kind: int, p1: Pattern, p2: Pattern) -> Pattern:
        key = (kind, id(p1), id(p2))
        found = self._interned.get(key)
        if found is None:
            found = self._interned[key] = Pattern(kind, p1, p2)
            found.nullable = kind != AFTER and p1.nullable and p2.nullable
            found.dead = kind == AFTER and p1.dead
        return found

    def group(self, p1: Pattern, p2: Pattern) -> Pattern:
        if p1 is self.not_allowed or p2 is self.not_allowed:
            return self.not_allowed
        if p1 is self.empty:
            return p2
        if p2 is self.empty:
            return p1
        return self._binary(GROUP, p1, p2)

    def interleave(self, p1: Pattern, p2: Pattern) -> Pattern:
        if p1 is self.not_allowed or p2 is self.not_allowed:
            return self.not_allowed
        if p1 is self.empty:
            return p2
        if p2 is self.empty:
            return p1
        return self._binary(INTERLEAVE, p1, p2)

    def one_or_more(self, p: Pattern) -> Pattern:
        if p is self.not_allowed or p is self.empty:
            return p
        return self._unary(ONE_OR_MORE, p)

    def after(self, p1: Pattern, p2: Pattern) -> Pattern:
        # not simplified when p1 is notAllowed: recovery needs p2 (what follows the element)
        return self._binary(AFTER, p1, p2)

    def choice(self, p1: Pattern, p2: Pattern) -> Pattern:
        if p1 is p2 or p2 is self.not_allowed:
            return p1
        if p1 is self.not_allowed:
            return p2
        seen: dict[int, Pattern] = {}
        for p in (p1, p2):
            for m in (p.members if p.kind == CHOICE else (p,)):
                seen.setdefault(id(m), m)
        members = list(seen.values())
        if all(m.kind == AFTER for m in members):
            members = self._merge_afters(members)
        return self._choice_of(members)

    def _merge_afters(self, members: list[Pattern]) -> list[Pattern]:
        live = [m for m in members if not m.dead]
        members = live or members  # a dead branch adds nothing beside a live one
        if len(members) < 2:
            return members
        by_first: dict[int, list[Pattern]] = {}
        for m in members:
            by_first.setdefault(id(m.p1), []).append(m)
        if len(by_first) < len(members):
            members = [group[0] if len(group) == 1 else
                       self.after(group[0].p1, self._choice_all([g.p2 for g in group]))
                       for group in by_first.values()]
        by_rest: dict[int, list[Pattern]] = {}
        for m in members:
            by_rest.setdefault(id(m.p2), []).append(m)
        if len(by_rest) < len(members):
            members = [group[0] if len(group) == 1 else
                       self.after(self._choice_all([g.p1 for g in group]), group[0].p2)
                       for group in by_rest.values()]
        return members

    def _choice_all(self, patterns: list[Pattern]) -> Pattern:
        result = self.not_allowed
        for p in patterns:
            result = self.choice(result, p)
        return result

    def _choice_of(self, members: list[Pattern]) -> Pattern:
        if not members:
            return self.not_allowed
        if len(members) == 1:
            return members[0]
        key = (CHOICE, frozenset(id(m) for m in members))
        found = self._interned.get(key)
        if found is None:
            found = self._interned[key] = Pattern(CHOICE)
            found.members = tuple(members)
            found.nullable = any(m.nullable for m in members)
            found.dead = all(m.dead for m in members)
        return found

    # -- derivatives (memoized by identity) ---------------------------------------------------
    def _apply_after(self, p: Pattern, how: str, x: Pattern) -> Pattern:
        """``p`` with each After(a, b) in it made After(a, f(b)); f is named by ``how``."""
        if p.kind == AFTER:
            b = p.p2
            if how == "group":
                b = self.group(b, x)
            elif how == "group-left":
                b = self.group(x, b)
            elif how == "interleave":
                b = self.interleave(b, x)
            elif how == "interleave-left":
                b = self.interleave(x, b)
            else:  # after
                b = self.after(b, x)
            return self.after(p.p1, b)
        if p.kind == CHOICE:
            return self._choice_all([self._apply_after(m, how, x) for m in p.members])
        return self.not_allowed

    def start_tag(self, p: Pattern, name: Name, recover: bool = False) -> Pattern:
        """The state after the start tag of an element ``name`` (an After: its content, then
        the rest). ``recover``: jing's recovery, which may skip required parts of a group."""
        key = ("s" if not recover else "r", id(p), name)
        found = self._memo.get(key)
        if found is not None:
            return found
        kind = p.kind
        if kind == CHOICE:
            found = self._choice_all([self.start_tag(m, name, recover) for m in p.members])
        elif kind == GROUP:
            found = self._apply_after(self.start_tag(p.p1, name, recover), "group", p.p2)
            if p.p1.nullable or recover:
                found = self.choice(found, self.start_tag(p.p2, name, recover))
        elif kind == INTERLEAVE:
            found = self.choice(
                self._apply_after(self.start_tag(p.p1, name, recover), "interleave", p.p2),
                self._apply_after(self.start_tag(p.p2, name, recover), "interleave-left", p.p1))
        elif kind == ONE_OR_MORE:
            found = self._apply_after(self.start_tag(p.p1, name, recover), "group",
                                      self.choice(p, self.empty))
        elif kind == AFTER:
            found = self._apply_after(self.start_tag(p.p1, name, recover), "after", p.p2)
        elif kind == ELEMENT:
            found = self.after(p.content, self.empty) if contains(p.nc, name) \
                else self.not_allowed
        else:
            found = self.not_allowed
        self._memo[key] = found
        return found

    def start_attribute(self, p: Pattern, name: Name) -> Pattern:
        """The state after an attribute's name: an After of its value pattern and the rest."""
        key = ("a", id(p), name)
        found = self._memo.get(key)
        if found is not None:
            return found
        kind = p.kind
        if kind == CHOICE:
            found = self._choice_all([self.start_attribute(m, name) for m in p.members])
        elif kind in (GROUP, INTERLEAVE):
            found = self.choice(
                self._apply_after(self.start_attribute(p.p1, name),
                                  "group" if kind == GROUP else "interleave", p.p2),
                self._apply_after(self.start_attribute(p.p2, name),
                                  "group-left" if kind == GROUP else "interleave-left", p.p1))
        elif kind == ONE_OR_MORE:
            found = self._apply_after(self.start_attribute(p.p1, name), "group",
                                      self.choice(p, self.empty))
        elif kind == AFTER:
            found = self._apply_after(self.start_attribute(p.p1, name), "after", p.p2)
        elif kind == ATTRIBUTE:
            found = self.after(p.p1, self.empty) if contains(p.nc, name) else self.not_allowed
        else:
            found = self.not_allowed
        self._memo[key] = found
        return found

    def attribute_value(self, p: Pattern, value: str) -> Pattern:
        """After an attribute's name, the state once its value is read (dead if it does not
        fit)."""
        if p.kind == CHOICE:
            return self._choice_all([self.attribute_value(m, value) for m in p.members])
        if p.kind != AFTER:
            return self.not_allowed
        fits = (p.p1.nullable and not value.strip()) or self.text_deriv(p.p1, value).nullable
        return p.p2 if fits else self.not_allowed

    def text_deriv(self, p: Pattern, text: str) -> Pattern:
        """The state after ``text`` (an attribute's value, or all the text of an element
        without child elements): data and values are checked against it."""
        kind = p.kind
        if kind in (EMPTY, NOT_ALLOWED, ELEMENT, ATTRIBUTE):
            return self.not_allowed
        if kind == TEXT:
            return p
        key = ("t", id(p), text)
        found = self._memo.get(key)
        if found is not None:
            return found
        if kind == CHOICE:
            found = self._choice_all([self.text_deriv(m, text) for m in p.members])
        elif kind == GROUP:
            found = self.group(self.text_deriv(p.p1, text), p.p2)
            if p.p1.nullable:
                found = self.choice(found, self.text_deriv(p.p2, text))
        elif kind == INTERLEAVE:
            found = self.choice(self.interleave(self.text_deriv(p.p1, text), p.p2),
                                self.interleave(p.p1, self.text_deriv(p.p2, text)))
        elif kind == ONE_OR_MORE:
            found = self.group(self.text_deriv(p.p1, text), self.choice(p, self.empty))
        elif kind == AFTER:
            found = self.after(self.text_deriv(p.p1, text), p.p2)
        elif kind == DATA:
            found = self.empty if p.check.allows(text) else self.not_allowed
        elif kind == LIST:
            state = p.p1
            for token in text.split():
                state = self.text_deriv(state, token)
            found = self.empty if state.nullable else self.not_allowed
        else:
            found = self.not_allowed
        if len(text) <= 200:
            self._memo[key] = found
        return found

    def mixed_text(self, p: Pattern) -> Pattern:
        """The state after a piece of text between elements: only ``text`` takes it."""
        kind = p.kind
        if kind == TEXT:
            return p
        if kind not in (CHOICE, GROUP, INTERLEAVE, ONE_OR_MORE, AFTER):
            return self.not_allowed
        key = ("x", id(p))
        found = self._memo.get(key)
        if found is not None:
            return found
        if kind == CHOICE:
            found = self._choice_all([self.mixed_text(m) for m in p.members])
        elif kind == GROUP:
            found = self.group(self.mixed_text(p.p1), p.p2)
            if p.p1.nullable:
                found = self.choice(found, self.mixed_text(p.p2))
        elif kind == INTERLEAVE:
            found = self.choice(self.interleave(self.mixed_text(p.p1), p.p2),
                                self.interleave(p.p1, self.mixed_text(p.p2)))
        elif kind == ONE_OR_MORE:
            found = self.group(self.mixed_text(p.p1), self.choice(p, self.empty))
        else:
            found = self.after(self.mixed_text(p.p1), p.p2)
        self._memo[key] = found
        return found

    def end_attributes(self, p: Pattern, ignore_missing: bool = False) -> Pattern:
        """The state at the end of a start tag: attributes not given are refused (or, to
        recover, taken as given)."""
        kind = p.kind
        if kind == ATTRIBUTE:
            return self.empty if ignore_missing else self.not_allowed
        if kind not in (CHOICE, GROUP, INTERLEAVE, ONE_OR_MORE, AFTER):
            return p
        key = ("e" if not ignore_missing else "E", id(p))
        found = self._memo.get(key)
        if found is not None:
            return found
        if kind == CHOICE:
            found = self._choice_all([self.end_attributes(m, ignore_missing)
                                      for m in p.members])
        elif kind == GROUP:
            found = self.group(self.end_attributes(p.p1, ignore_missing),
                               self.end_attributes(p.p2, ignore_missing))
        elif kind == INTERLEAVE:
            found = self.interleave(self.end_attributes(p.p1, ignore_missing),
                                    self.end_attributes(p.p2, ignore_missing))
        elif kind == ONE_OR_MORE:
            found = self.one_or_more(self.end_attributes(p.p1, ignore_missing))
        else:
            found = self.after(self.end_attributes(p.p1, ignore_missing), p.p2)
        self._memo[key] = found
        return found

    def end_tag(self, p: Pattern) -> Pattern:
        """The state after an end tag: what follows the element, if its content may end."""
        if p.kind == CHOICE:
            return self._choice_all([self.end_tag(m) for m in p.members])
        if p.kind == AFTER and p.p1.nullable:
            return p.p2
        return self.not_allowed

    def recover_after(self, p: Pattern) -> Pattern:
        """What follows the element, whatever state its content is in (jing's recovery)."""
        if p.kind == CHOICE:
            return self._choice_all([self.recover_after(m) for m in p.members])
        if p.kind == AFTER:
            return p.p2
        return self.not_allowed

    def find_element(self, name: Name) -> Pattern:
        """The content of the elements of this name anywhere in the grammar (the most
        specific name classes: by name before by namespace before any name), or notAllowed."""
        if name not in self._found:
            best, found = 0, self.not_allowed
            for element in self.elements():
                s = contains(element.nc, name)
                if s > best:
                    best, found = s, element.content
                elif s and s == best:
                    found = self.choice(found, element.content)
            self._found[name] = (found, best)
        return self._found[name][0]

    def named(self, local: str) -> set[Name]:
        """The names of the grammar's elements with this local name, in any namespace."""
        if self._named is None:
            self._named = {}
            for element in self.elements():
                for n in nc_names(element.nc):
                    self._named.setdefault(n[1], set()).add(n)
        return self._named.get(local, set())

    def declares(self, name: Name) -> bool:
        """Whether an element of the grammar has this very name (not only "any element")."""
        self.find_element(name)
        return self._found[name][1] == 3

    def elements(self) -> list[Pattern]:
        """Every element pattern reachable from the start."""
        if self._elements is None:
            found: dict[int, Pattern] = {}
            seen: set[int] = set()
            stack = [self.start]
            while stack:
                p = stack.pop()
                if id(p) in seen:
                    continue
                seen.add(id(p))
                if p.kind == ELEMENT:
                    found[id(p)] = p
                    stack.append(p.content)
                elif p.kind == CHOICE:
                    stack.extend(p.members)
                elif p.p1 is not None:
                    stack.append(p.p1)
                    if p.p2 is not None:
                        stack.append(p.p2)
            self._elements = list(found.values())
        return self._elements

    # -- what a state expects, for the messages -------------------------------------------
    def first(self, p: Pattern) -> frozenset[Name]:
        """The names of the elements that may start here."""
        found = self._first.get(id(p))
        if found is None:
            kind = p.kind
            if kind == ELEMENT:
                found = frozenset(nc_names(p.nc))
            elif kind == CHOICE:
                found = frozenset().union(*(self.first(m) for m in p.members))
            elif kind in (GROUP, INTERLEAVE):
                found = self.first(p.p1)
                if kind == INTERLEAVE or p.p1.nullable:
                    found = found | self.first(p.p2)
            elif kind in (ONE_OR_MORE, AFTER):
                found = self.first(p.p1)
            else:
                found = frozenset()
            self._first[id(p)] = found
        return found

    def may_end(self, p: Pattern) -> bool:
        """Whether the element whose content is in state ``p`` may end here."""
        if p.kind == CHOICE:
            return any(self.may_end(m) for m in p.members)
        return p.kind == AFTER and p.p1.nullable

    def required_attributes(self, p: Pattern) -> set[Name]:
        """The attributes every way through ``p`` needs."""
        kind = p.kind
        if kind == ATTRIBUTE:
            return {n for n in nc_names(p.nc) if n[1] != "*"}
        if kind in (AFTER, ONE_OR_MORE):
            return self.required_attributes(p.p1)
        if kind in (GROUP, INTERLEAVE):
            return self.required_attributes(p.p1) | self.required_attributes(p.p2)
        if kind == CHOICE:
            sets = [self.required_attributes(m) for m in p.members if not m.dead]
            return set.intersection(*sets) if sets else set()
        return set()

    def data_leaves(self, p: Pattern) -> list[DataCheck]:
        """The data and value patterns that could take this state's text."""
        found: list[DataCheck] = []
        stack, seen = [p], set()
        while stack:
            q = stack.pop()
            if id(q) in seen or q.kind in (ELEMENT, ATTRIBUTE):
                continue
            seen.add(id(q))
            if q.kind == DATA:
                found.append(q.check)
            elif q.kind == CHOICE:
                stack.extend(q.members)
            elif q.p1 is not None:
                stack.append(q.p1)
                if q.p2 is not None and q.kind != AFTER:
                    stack.append(q.p2)
        return found

    def forget(self) -> None:
        """Between documents: drop the memoized derivatives and interned patterns when they
        have grown large (the grammar's own patterns stay; a pattern made again later is only
        a copy, never mistaken for another, as the memos go with the table)."""
        if len(self._memo) > 400_000 or len(self._interned) > 1_000_000:
            self._memo.clear()
            self._first.clear()
            self._interned = {k: v for k, v in self._interned.items()
                              if k[0] in ("e", "t", "d")}


@dataclass
class Finding:
    """One error: what, and where (an element, an attribute of it, or a piece of text)."""

    kind: str  # element, namespace, root, incomplete, attribute, value, required, text,
    #            element-value
    node: etree._Element
    state: Pattern | None = None
    parent: etree._Element | None = None
    attribute: str = ""  # the attribute's name as written in the file (xml:lang, xsi:type)
    name: Name | None = None
    value: str = ""
    text_after: etree._Element | None = None  # the text is this element's tail (else: text)
    after_child: etree._Element | None = None  # the last child taken before an incomplete end
    recovered: bool = False  # an element that may come later (jing: "not allowed yet")


def _name(node: etree._Element) -> Name:
    q = etree.QName(node)
    return q.namespace or "", q.localname


def _written(node: etree._Element, attribute: str) -> str:
    """An attribute's name as the file writes it: ``xml:lang``, ``xsi:schemaLocation``."""
    q = etree.QName(attribute)
    if not q.namespace:
        return q.localname
    if q.namespace == XML_NS:
        return f"xml:{q.localname}"
    prefix = next((p for p, uri in node.nsmap.items() if uri == q.namespace and p), None)
    return f"{prefix}:{q.localname}" if prefix else q.localname


_BLANK = re.compile(r"\s*\Z")


class Matcher:
    """One document matched against a :class:`Grammar`, every error kept as a
    :class:`Finding`."""

    def __init__(self, grammar: Grammar):
        self.g = grammar
        self.findings: list[Finding] = []
        self._taken = False

    def run(self, root: etree._Element) -> list[Finding]:
        self.findings = []
        state = self.g.after(self.g.start, self.g.empty)
        self.element(root, state, None)
        self.g.forget()
        return self.findings

    def element(self, node: etree._Element, state: Pattern,
                parent: etree._Element | None) -> Pattern:
        g = self.g
        name = _name(node)
        silent = state.dead  # jing: no error while the state is already notAllowed
        inside = g.start_tag(state, name)
        taken = not inside.dead
        if inside.dead:
            inside = g.start_tag(state, name, recover=True)
            if not inside.dead:
                taken = True
                if not silent:
                    self.findings.append(Finding("element", node, state, parent, name=name,
                                                 recovered=True))
            else:
                inside = g.after(g.find_element(name), state)
                if not silent:
                    self.findings.append(Finding("element", node, state, parent, name=name))
        silent = inside.dead
        for attribute, value in node.attrib.items():
            q = etree.QName(attribute)
            key = (q.namespace or "", q.localname)
            after_name = g.start_attribute(inside, key)
            if after_name.dead:
                if not silent:
                    self.findings.append(Finding("attribute", node, inside,
                                                 attribute=_written(node, attribute),
                                                 name=key, value=value))
                continue
            after_value = g.attribute_value(after_name, value)
            if after_value.dead:
                if not silent:
                        self.findings.append(Finding("value", node, after_name,
                                                 attribute=_written(node, attribute),
                                                 name=key, value=value))
                after_value = g.recover_after(after_name)
            inside = after_value
        closed = g.end_attributes(inside)
        if closed.dead:
            if not silent:
                self.findings.append(Finding("required", node, inside))
            closed = g.end_attributes(inside, ignore_missing=True)
        after = self.content(node, closed)
        self._taken = taken  # for the parent: the last child its content model took
        return after

    def content(self, node: etree._Element, state: Pattern) -> Pattern:
        g = self.g
        children = [c for c in node if isinstance(c.tag, str)]
        if not children:
            text = (node.text or "") + "".join(c.tail or "" for c in node)
            if not _BLANK.match(text):
                after = g.text_deriv(state, text)
                if after.dead:
                    if not state.dead:
                        typed = bool(g.data_leaves(state))
                        self.findings.append(Finding("element-value" if typed else "text",
                                                     node, state, value=text))
                        if typed:  # jing: the element is then taken as complete
                            return g.recover_after(state)
                else:
                    state = after
            else:  # blank (or no) text: nothing, or a value that may be blank
                state = g.choice(state, g.text_deriv(state, text))
            return self.end(node, state, None, text)
        last: etree._Element | None = None
        pieces = self._pieces(node)
        for piece in pieces:
            if isinstance(piece, tuple):  # (text, the element whose tail it begins, or None)
                after = g.mixed_text(state)
                if after.dead:
                    if not state.dead:
                        self.findings.append(Finding("text", node, state, value=piece[0],
                                                     text_after=piece[1]))
                else:
                    state = after
                continue
            state = self.element(piece, state, node)
            if self._taken:
                last = piece
        return self.end(node, state, last)

    @staticmethod
    def _pieces(node: etree._Element) -> list:
        """The element children of ``node`` and the pieces of text between them (text
        around comments and processing instructions joined, blank pieces left out)."""
        pieces: list = []
        text, starts_after = node.text or "", None
        for child in node:
            if isinstance(child.tag, str):
                if not _BLANK.match(text):
                    pieces.append((text, starts_after))
                pieces.append(child)
                text, starts_after = child.tail or "", child
            else:
                text += child.tail or ""
        if not _BLANK.match(text):
            pieces.append((text, starts_after))
        return pieces

    def end(self, node: etree._Element, state: Pattern, last: etree._Element | None,
            text: str | None = None) -> Pattern:
        """The state after ``node``'s end tag; ``text``: its text, when it has no child
        elements (a value the schema may type)."""
        g = self.g
        after = g.end_tag(state)
        if not after.dead:
            return after
        if not state.dead and not g.may_end(state):
            typed = text is not None and bool(g.data_leaves(state))
            self.findings.append(Finding("element-value" if typed else "incomplete", node,
                                         state, value=text or "", after_child=last))
        return g.recover_after(state)


def compile_grammar(tree: etree._ElementTree) -> Grammar | None:
    """The grammar of a one-file RELAX NG schema, or None for one this module leaves to
    libxml2 (spread over files, nested grammars)."""
    try:
        return Grammar(tree)
    except Unsupported:
        return None
