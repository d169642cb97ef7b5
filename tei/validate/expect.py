"""What a RELAX NG content model expects next: derivatives of patterns over element names.

libxml2 says an element was not expected; it does not say what was. For the parent of that
element this module replays the children, one name at a time, through the parent's content
model (Brzozowski derivatives, as in James Clark's algorithm for RELAX NG, restricted to child
elements: text and attributes are checked elsewhere), and returns the names it would have
accepted where the replay stops.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

R = "{http://relaxng.org/ns/structure/1.0}"
EMPTY = ("empty",)
NOT_ALLOWED = ("notAllowed",)
ANY = "*"

Pattern = tuple


def _choice(a: Pattern, b: Pattern) -> Pattern:
    if a == NOT_ALLOWED:
        return b
    if b == NOT_ALLOWED or a == b:
        return a
    return ("choice", a, b)


def _sequence(kind: str, a: Pattern, b: Pattern) -> Pattern:
    """A group or interleave of two patterns, simplified as RELAX NG derivatives need."""
    if NOT_ALLOWED in (a, b):
        return NOT_ALLOWED
    if a == EMPTY:
        return b
    if b == EMPTY:
        return a
    return (kind, a, b)


def _group(a: Pattern, b: Pattern) -> Pattern:
    return _sequence("group", a, b)


def _interleave(a: Pattern, b: Pattern) -> Pattern:
    return _sequence("interleave", a, b)


def _one_or_more(p: Pattern) -> Pattern:
    return NOT_ALLOWED if p == NOT_ALLOWED else ("oneOrMore", p)


class Expectations:
    """Content models of one grammar, as patterns over child element names."""

    def __init__(self, tree: etree._ElementTree):
        root = tree.getroot()
        self.defines = {d.get("name"): d for d in root.iter(R + "define")}
        self.elements: dict[str, list[etree._Element]] = {}
        for node in root.iter(R + "element"):
            if node.get("name"):
                self.elements.setdefault(node.get("name").split(":")[-1], []).append(node)
        self._refs: dict[str, Pattern] = {}
        self.nullable = lru_cache(maxsize=None)(self._nullable)
        self.derive = lru_cache(maxsize=200_000)(self._derive)
        self.first = lru_cache(maxsize=None)(self._first)

    # -- from RELAX NG XML to patterns ------------------------------------------------------
    def _seq(self, nodes: list[etree._Element]) -> Pattern:
        result = EMPTY
        for node in reversed(nodes):
            result = _group(self._convert(node), result)
        return result

    def _kids(self, node: etree._Element) -> list[etree._Element]:
        return [c for c in node if isinstance(c.tag, str) and c.tag.startswith(R)
                and c.tag[len(R):] not in ("name", "anyName", "nsName", "except", "param")]

    def _convert(self, node: etree._Element) -> Pattern:
        tag = node.tag[len(R):]
        kids = self._kids(node)
        if tag == "element":
            return ("el", node.get("name", ANY).split(":")[-1] if node.get("name") else ANY)
        if tag == "ref":
            return ("ref", node.get("name"))
        if tag == "choice":
            result = NOT_ALLOWED
            for kid in kids:
                result = _choice(result, self._convert(kid))
            return result
        if tag in ("group", "mixed", "div"):
            return self._seq(kids)
        if tag == "interleave":
            result = EMPTY
            for kid in kids:
                result = _interleave(result, self._convert(kid))
            return result
        if tag == "oneOrMore":
            return _one_or_more(self._seq(kids))
        if tag == "zeroOrMore":
            return _choice(_one_or_more(self._seq(kids)), EMPTY)
        if tag == "optional":
            return _choice(self._seq(kids), EMPTY)
        if tag == "notAllowed":
            return NOT_ALLOWED
        # empty, text, data, value, list, attribute: no child element
        return EMPTY

    def _deref(self, name: str) -> Pattern:
        if name not in self._refs:
            self._refs[name] = NOT_ALLOWED  # guards against a (forbidden) loop
            define = self.defines.get(name)
            self._refs[name] = self._seq(self._kids(define)) if define is not None \
                else NOT_ALLOWED
        return self._refs[name]

    def content(self, element: str) -> Pattern:
        """The content model of ``element`` (all its declarations, as a choice)."""
        result = NOT_ALLOWED
        for node in self.elements.get(element, []):
            result = _choice(result, self._seq(self._kids(node)))
        return result

    # -- derivatives -------------------------------------------------------------------------
    def _nullable(self, p: Pattern) -> bool:
        kind = p[0]
        if kind == "empty":
            return True
        if kind in ("notAllowed", "el"):
            return False
        if kind == "choice":
            return self.nullable(p[1]) or self.nullable(p[2])
        if kind in ("group", "interleave"):
            return self.nullable(p[1]) and self.nullable(p[2])
        if kind == "oneOrMore":
            return self.nullable(p[1])
        return self.nullable(self._deref(p[1]))  # ref

    def _derive(self, p: Pattern, name: str) -> Pattern:
        kind = p[0]
        if kind in ("empty", "notAllowed"):
            return NOT_ALLOWED
        if kind == "el":
            return EMPTY if p[1] in (name, ANY) else NOT_ALLOWED
        if kind == "choice":
            return _choice(self.derive(p[1], name), self.derive(p[2], name))
        if kind == "group":
            left = _group(self.derive(p[1], name), p[2])
            return _choice(left, self.derive(p[2], name)) if self.nullable(p[1]) else left
        if kind == "interleave":
            return _choice(_interleave(self.derive(p[1], name), p[2]),
                           _interleave(p[1], self.derive(p[2], name)))
        if kind == "oneOrMore":
            return _group(self.derive(p[1], name), _choice(p, EMPTY))
        return self.derive(self._deref(p[1]), name)  # ref

    def _first(self, p: Pattern) -> frozenset[str]:
        kind = p[0]
        if kind in ("empty", "notAllowed"):
            return frozenset()
        if kind == "el":
            return frozenset({p[1]})
        if kind in ("choice", "interleave"):
            return self.first(p[1]) | self.first(p[2])
        if kind == "group":
            return self.first(p[1]) | (self.first(p[2]) if self.nullable(p[1])
                                       else frozenset())
        if kind == "oneOrMore":
            return self.first(p[1])
        return self.first(self._deref(p[1]))  # ref

    def replay(self, parent: str, children: list[str]) -> tuple[int, frozenset[str], bool]:
        """Replay ``children`` through ``parent``'s content model.

        Returns (index of the first child refused, or len(children) if none is; the names
        acceptable at that point; whether the element may end there).
        """
        pattern = self.content(parent)
        for k, name in enumerate(children):
            after = self.derive(pattern, name)
            if after == NOT_ALLOWED:
                return k, self.first(pattern), self.nullable(pattern)
            pattern = after
        return len(children), self.first(pattern), self.nullable(pattern)
