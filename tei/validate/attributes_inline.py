"""The grammar as libxml2 is given it: the same language, its attributes written where libxml2
checks them fast.

TEI's grammars give an element its attributes through references to attribute classes
(``p`` -> ``att.global.attributes`` -> ``att.global.attribute.xmlid`` -> ``optional(attribute
xml:id)``), some forty optional attributes an element. libxml2 checks an element whose
attributes are written that way in its general path: each optional attribute copies the
validation state, and each attribute present doubles the states the rest is checked in. The
same attributes written directly in the element, as one ``interleave`` of optional attributes,
are checked without that (a cable against ``tei-cables.rng``: 3.5 ms -> 0.6 ms; the benchmark
in tests/bench/README.md).

:func:`inline_attributes` makes that rewrite and nothing else. It is exact: in RELAX NG the
attributes of an element are unordered and matched apart from its content, so a group of
attributes, the references that lead to them and an interleave of them all allow the same
attribute sets. Only parts that are plainly attributes are rewritten: single attributes named
outright, optional or required, reached through ``ref``, ``group`` and ``optional``; a choice
between attributes, an attribute of any name, or an optional group of several attributes (all
or none) is left as written. A grammar this module cannot follow exactly (spread over files,
nested grammars, combined defines) is returned as it is.
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from .relaxng import XML_NS, R, inherited, rng_kids

Attribute = tuple[etree._Element, bool]  # an attribute pattern, and whether it is optional
_UNFOLLOWED = ("include", "externalRef", "parentRef", "grammar")


def inline_attributes(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of grammar ``tree`` with each element's attributes written in the element, or
    ``tree`` itself when there is nothing this module can rewrite exactly."""
    root = tree.getroot()
    if root.tag != R + "grammar" or \
            next(root.iterdescendants(*(R + t for t in _UNFOLLOWED)), None) is not None:
        return tree
    defines: dict[str, etree._Element] = {}
    for define in root.iter(R + "define"):
        if define.get("combine") or define.get("name") in defines:
            return tree  # a define given in parts: its whole is not one element's children
        defines[define.get("name", "")] = define
    copy = deepcopy(tree)
    defines = {d.get("name", ""): d for d in copy.getroot().iter(R + "define")}
    rewritten = 0
    for element in list(copy.getroot().iter(R + "element")):
        rewritten += _inline(element, defines)
    return copy if rewritten else tree


def _inline(element: etree._Element, defines: dict[str, etree._Element]) -> int:
    """Write ``element``'s plain attributes directly in it; how many parts were replaced."""
    patterns = rng_kids(element)
    if element.get("name") is None and patterns:
        patterns = patterns[1:]  # the first child names the element
    found: list[Attribute] = []
    replaced = []
    for pattern in patterns:
        attributes = _attributes(pattern, defines, ())
        if attributes is not None:
            found.extend(attributes)
            replaced.append(pattern)
    if not found:
        return 0
    written = [_standalone(a, optional) for a, optional in found]  # while still in place
    at = element.index(replaced[0])
    for pattern in replaced:
        element.remove(pattern)
    if len(written) == 1:
        element.insert(at, written[0])
    else:
        together = etree.Element(R + "interleave")
        together.extend(written)
        element.insert(at, together)
    return len(replaced)


def _attributes(pattern: etree._Element, defines: dict[str, etree._Element],
                following: tuple[str, ...]) -> list[Attribute] | None:
    """The attributes ``pattern`` consists of, each with whether it is optional; None when it
    is not made of plain attributes alone."""
    kind = etree.QName(pattern).localname
    if kind == "attribute":  # named outright, or by a name class (left as written)
        name = pattern.get("name")
        if name is None or not _resolvable(pattern, name):
            return None
        return [(pattern, False)]
    if kind == "empty":
        return []
    if kind in ("group", "optional", "ref"):
        if kind == "ref":
            name = pattern.get("name", "")
            if name in following or name not in defines:
                return None
            parts, following = rng_kids(defines[name]), (*following, name)
        else:
            parts = rng_kids(pattern)
        found: list[Attribute] = []
        for part in parts:
            attributes = _attributes(part, defines, following)
            if attributes is None:
                return None
            found.extend(attributes)
        if kind != "optional":
            return found
        if len(found) > 1:
            return None  # all of them or none: not the same as each on its own
        return [(a, True) for a, _ in found]
    return None


def _resolvable(attribute: etree._Element, name: str) -> bool:
    """Whether the prefix of a QName ``name`` (if any) is declared where it stands (if not,
    the grammar is in error, and libxml2 must say so of the grammar as written)."""
    prefix = name.strip().partition(":")[0] if ":" in name else None
    return prefix is None or prefix == "xml" or prefix in attribute.nsmap


def _standalone(attribute: etree._Element, optional: bool) -> etree._Element:
    """A copy of ``attribute`` that means the same wherever it is put: its name's namespace,
    its datatype library and its values' namespace written on it rather than taken from
    where it stood."""
    copy = deepcopy(attribute)
    for value, original in zip(copy.iter(R + "value"), attribute.iter(R + "value"),
                               strict=True):
        value.set("ns", inherited(original, "ns"))  # a QName value's namespace
    name = attribute.get("name", "").strip()
    if ":" in name:
        prefix, local = name.split(":", 1)
        copy.set("name", local)
        copy.set("ns", XML_NS if prefix == "xml" else attribute.nsmap.get(prefix, ""))
    elif copy.get("ns") is None:
        copy.set("ns", "")
    copy.set("datatypeLibrary", inherited(attribute, "datatypeLibrary"))
    if not optional:
        return copy
    wrapper = etree.Element(R + "optional")
    wrapper.append(copy)
    return wrapper
