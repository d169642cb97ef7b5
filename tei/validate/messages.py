"""The human wording of RELAX NG errors.

libxml2 validates fast but says little ("Did not expect element bogus there"). Knowing the
grammar, this module says which element, where, what the schema expected and what it found:
``element "bogus" is not allowed anywhere in this schema (found in "div")`` or ``value
"censored" of attribute "reason" on "gap" is not allowed; expected one of: "redacted",
"illegible"``.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from .expect import Expectations

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
R = f"{{{RNG_NS}}}"
#: How many names a message lists before it says "…"
LIST_AT_MOST = 15


@dataclass
class Content:
    """What the schema lets one element hold."""

    children: set[str] = field(default_factory=set)
    attributes: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)  # attributes it must have
    patterns: dict[str, list[etree._Element]] = field(default_factory=dict)
    text: bool = False


def _local(name: str) -> str:
    return name.split(":")[-1]


class GrammarInfo:
    """What each element of a (flattened) RELAX NG grammar may contain, computed on demand."""

    def __init__(self, tree: etree._ElementTree):
        root = tree.getroot()
        self.expect = Expectations(tree)
        self.defines = self.expect.defines
        self.elements = self.expect.elements
        self._default_ns = root.get("ns", "")
        self._content: dict[str, Content] = {}
        self.datatypes = root.get("datatypeLibrary", "")
        self._value_checks: dict[tuple[str, str], etree.RelaxNG | None] = {}

    def value_ok(self, element: str, attribute: str, value: str) -> bool | None:
        """Whether ``value`` fits the datatype of ``attribute`` on ``element`` (None: unknown).

        Checked by libxml2 itself, with a grammar of that one attribute compiled on demand."""
        key = (element, attribute)
        if key not in self._value_checks:
            content = self.content(element)
            patterns = content.patterns.get(attribute, []) if content else []
            if not patterns or any(list(p.iter(R + "ref")) for p in patterns):
                self._value_checks[key] = None
            else:
                grammar = etree.Element(R + "element", name="x",
                                        datatypeLibrary=self.datatypes)
                choice = etree.SubElement(grammar, R + "choice")
                for pattern in patterns:
                    copy = deepcopy(pattern)  # a copy of a tree already parsed by xmlio
                    copy.set("name", "a")
                    choice.append(copy)
                try:
                    self._value_checks[key] = etree.RelaxNG(grammar)
                except etree.RelaxNGParseError:
                    self._value_checks[key] = None
        check = self._value_checks[key]
        if check is None:
            return None
        return bool(check.validate(_with_attribute(value)))

    @cached_property
    def declared(self) -> set[str]:
        return set(self.elements)

    def namespace(self, name: str) -> str | None:
        """The namespace of element ``name`` in the grammar (its nearest @ns)."""
        for node in self.elements.get(name, []):
            for n in (node, *node.iterancestors()):
                if n.get("ns") is not None:
                    return n.get("ns") or None
        return self._default_ns or None

    def content(self, name: str) -> Content | None:
        if name not in self.elements:
            return None
        if name not in self._content:
            found = Content()
            for element in self.elements[name]:
                self._walk(element, found, set())
            self._content[name] = found
        return self._content[name]

    def _walk(self, node: etree._Element, found: Content, seen: set[str],
              optional: bool = False) -> None:
        for child in node:
            if not isinstance(child.tag, str) or not child.tag.startswith(R):
                continue
            tag = etree.QName(child).localname
            if tag == "element":
                if child.get("name"):
                    found.children.add(_local(child.get("name")))
            elif tag == "ref":
                ref = child.get("name")
                if ref not in seen and ref in self.defines:
                    seen.add(ref)
                    self._walk(self.defines[ref], found, seen, optional)
            elif tag == "attribute":
                if child.get("name"):
                    values = [v.text or "" for v in child.iter(R + "value")]
                    types = [d.get("type", "") for d in child.iter(R + "data")]
                    old = found.attributes.get(child.get("name"), ([], []))
                    found.attributes[child.get("name")] = (old[0] + values, old[1] + types)
                    found.patterns.setdefault(child.get("name"), []).append(child)
                    if not optional:
                        found.required.add(child.get("name"))
            elif tag in ("text", "mixed", "data", "value", "list"):
                found.text = True
                if tag == "mixed":
                    self._walk(child, found, seen, optional)
            elif tag not in ("name", "anyName", "nsName", "except", "param"):
                self._walk(child, found, seen,
                           optional or tag in ("optional", "zeroOrMore", "choice"))


def _with_attribute(value: str) -> etree._Element:
    node = etree.Element("x")
    node.set("a", value)
    return node


def _names(names: set[str] | list[str], quote: bool = True) -> str:
    ordered = sorted(set(names))
    shown = [f'"{n}"' if quote else n for n in ordered[:LIST_AT_MOST]]
    more = len(ordered) - LIST_AT_MOST
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _name(node: etree._Element | None) -> str:
    return etree.QName(node).localname if node is not None and isinstance(node.tag, str) else "?"


_ELEMWRONG = re.compile(r"Did not expect element (\S+) there")
_INVALIDATTR = re.compile(r"Invalid attribute (\S+) for element (\S+)")
_TEXTWRONG = re.compile(r"Did not expect text in element (\S+) content")
_EXPECTING = re.compile(r"Expecting element (\S+), got (\S+)")
_NOELEM = re.compile(r"Expecting an element (\S*), got nothing")
_EXTRA = re.compile(r"Element (\S+) has extra content: (\S+)")
_WRONGNS = re.compile(r"Element (\S+) has wrong namespace: expecting (\S+)")
_NONS = re.compile(r"Expecting a namespace for element (\S+)")
_ATTRS = re.compile(r"Element (\S+) failed to validate attributes")
#: Follow-up messages libxml2 adds after the real cause: they say nothing new.
NOISE = re.compile(r"failed to validate (content|attributes)|has extra content|"
                   r"Invalid sequence in interleave|Element .* failed to validate")


def _datatype(types: list[str]) -> str:
    kinds = sorted({t for t in types if t})
    return "a value of type " + " or ".join(kinds) if kinds else "another value"


def _or(names: frozenset[str] | set[str], end: str | None = None) -> str:
    quoted = [f'"{n}"' if n != "*" else "any element" for n in sorted(names, key=str.lower)]
    if end:
        quoted.append(f"the end of \"{end}\"")
    if len(quoted) > LIST_AT_MOST:
        quoted = quoted[:LIST_AT_MOST] + [f"{len(quoted) - LIST_AT_MOST} more"]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _children(node: etree._Element) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str)]


def _structure(parent: etree._Element, info: GrammarInfo
               ) -> tuple[str, str, etree._Element] | None:
    """Replay ``parent``'s children through its content model: the first refused child (or
    the end of ``parent``, when something required is missing), what was expected there."""
    pname = _name(parent)
    kids = _children(parent)
    if pname not in info.declared:
        return None
    k, expected, can_end = info.expect.replay(pname, [_name(c) for c in kids])
    if k < len(kids):
        child = kids[k]
        name = _name(child)
        allowed = info.content(pname)
        if name not in info.declared:
            lead = f'element "{name}" is not allowed anywhere in this schema'
        elif allowed is not None and name not in allowed.children:
            lead = f'element "{name}" is not allowed in "{pname}"'
        else:
            lead = f'element "{name}" is not allowed at this place in "{pname}"'
        wanted = _or(expected, pname if can_end else None) if expected or can_end else \
            f'nothing more in "{pname}"'
        return f"{lead}; expected {wanted}", "rng:element", child
    if not can_end:
        return (f'element "{pname}" is incomplete: expected {_or(expected)}'
                + (f' after "{_name(kids[-1])}"' if kids else " in it"),
                "rng:incomplete", parent)
    return None


def _attribute_name(name: str) -> str:
    """An attribute's name as the grammar writes it: ``xml:lang``, ``type``."""
    qname = etree.QName(name)
    return f"xml:{qname.localname}" if qname.namespace == XML_NS else qname.localname


def diagnose(top: etree._Element, info: GrammarInfo, first: bool = False
             ) -> list[tuple[str, str, str, etree._Element]]:
    """The problems in ``top`` and below that the grammar shows without libxml2: an attribute
    not allowed, a closed value not in its list, a value not of its datatype (checked by
    libxml2 on the value alone), a required attribute missing, a child out of place or missing,
    text where only elements go. libxml2 stops at the first error of an element and sometimes
    blames an ancestor ("Did not expect element p there") for an attribute deep inside: this
    finds the others and the real place. ``first``: stop at the first one."""
    found: list[tuple[str, str, str, etree._Element]] = []
    for node in top.iter():
        if not isinstance(node.tag, str):
            continue
        name = _name(node)
        content = info.content(name)
        if content is None or etree.QName(node).namespace != info.namespace(name):
            continue
        declared = {_local(n) if not n.startswith("xml:") else n: n for n in content.attributes}
        for attr, value in node.attrib.items():
            written = _attribute_name(attr)
            if written not in declared:
                found.append((f'attribute "{written}" is not allowed on "{name}"; allowed: '
                              f"{_names(content.attributes)}", "rng:attribute", written, node))
                continue
            values, types = content.attributes[declared[written]]
            if values and not types and " ".join(value.split()) not in values:
                found.append((f'value "{value}" of attribute "{written}" on "{name}" is not '
                              f"allowed; expected one of: {_names(values)}", "rng:value",
                              written, node))
            elif types and info.value_ok(name, declared[written], value) is False:
                also = f", or one of: {_names(values)}" if values else ""
                found.append((f'value "{value}" of attribute "{written}" on "{name}" is not '
                              f"valid: expected {_datatype(types)}{also}", "rng:value", written,
                              node))
        present = {_attribute_name(a) for a in node.attrib}
        missing = sorted(a for a in content.required if a not in present)
        if missing:
            found.append((f'element "{name}" lacks the required attribute'
                          f'{"s" if len(missing) > 1 else ""} {_names(missing)}',
                          "rng:attribute", "", node))
        structure = _structure(node, info)
        if structure:
            found.append((structure[0], structure[1], "", structure[2]))
        if not content.text and ((node.text or "").strip()
                                 or any((c.tail or "").strip() for c in node)):
            holds = f" (it holds elements only: {_names(content.children)})" \
                if content.children else ""
            found.append((f'text is not allowed in "{name}"{holds}', "rng:text", "", node))
        if first and found:
            return found[:1]
    return found


def _diagnose(top: etree._Element, info: GrammarInfo
              ) -> tuple[str, str, str, etree._Element] | None:
    found = diagnose(top, info, first=True)
    return found[0] if found else None


def explain(message: str, node: etree._Element | None, info: GrammarInfo | None
            ) -> tuple[str, str, str, etree._Element | None]:
    """(message, rule, attribute, node) for one libxml2 RELAX NG error about ``node``.

    ``attribute`` names the attribute the error is about ("" for the element) and ``node`` is
    the element to locate (the refused child, which may not be the one libxml2 named).
    """
    parent = node.getparent() if node is not None else None
    m = _ELEMWRONG.search(message) or _EXPECTING.search(message)
    if m and parent is not None and info is not None:
        found = _structure(parent, info)
        if found:
            return found[0], found[1], "", found[2]
    if m:
        # the children are in order: the cause lies inside (an attribute, a grandchild)
        found = _diagnose(node, info) if node is not None and info is not None else None
        if found:
            return found
        name = m.group(2) if m.re is _EXPECTING else m.group(1)
        return (f'element "{name}" is not allowed here in "{_name(parent)}"', "rng", "", node)
    m = _WRONGNS.search(message) or _NONS.search(message)
    if m:
        ns = etree.QName(node).namespace if node is not None else None
        expected = f'"{m.group(2)}"' if m.re is _WRONGNS else "a namespace"
        return (f'element "{m.group(1)}" is in '
                + (f'namespace "{ns}"' if ns else "no namespace")
                + f'; expected {expected}', "rng:namespace", "", node)
    m = _ATTRS.search(message)
    if m and node is not None and info is not None:
        allowed = info.content(m.group(1))
        present = {etree.QName(a).localname for a in node.attrib}
        missing = sorted(a for a in (allowed.required if allowed else set())
                         if _local(a) not in present)
        if missing:
            return (f'element "{m.group(1)}" lacks the required attribute'
                    f'{"s" if len(missing) > 1 else ""} {_names(missing)}', "rng:attribute",
                    "", node)
    m = _EXTRA.search(message)
    if m and node is not None and info is not None:
        # libxml2 names the extra child, or the element that has it
        target = parent if _name(node) == m.group(2) and parent is not None else node
        found = _structure(target, info)
        if found:
            return found[0], found[1], "", found[2]
    m = _NOELEM.search(message)
    if m or NOISE.search(message):
        found = _structure(node, info) if node is not None and info is not None else None
        if found:
            return found[0], found[1], "", found[2]
        found = _diagnose(node, info) if node is not None and info is not None else None
        if found:
            return found
        if m:
            return (f'element "{_name(node)}" is incomplete: expected "{m.group(1)}" in it',
                    "rng:incomplete", "", node)
    m = _INVALIDATTR.search(message)
    if m:
        attr, element = m.group(1), m.group(2)
        allowed = info.content(element) if info is not None else None
        value = _attribute_value(node, attr)
        if allowed is not None:
            declared = {n: v for n, v in allowed.attributes.items() if _local(n) == attr}
            qname = next(iter(declared), attr)
            if not declared:
                return (f'attribute "{attr}" is not allowed on "{element}"; allowed: '
                        f'{_names(allowed.attributes)}', "rng:attribute", attr, node)
            values, types = declared[qname]
            if values and types:
                return (f'value "{value}" of attribute "{qname}" on "{element}" is not valid: '
                        f'expected {_datatype(types)}, or one of: {_names(values)}',
                        "rng:value", qname, node)
            if values:
                return (f'value "{value}" of attribute "{qname}" on "{element}" is not '
                        f'allowed; expected one of: {_names(values)}', "rng:value", qname, node)
            return (f'value "{value}" of attribute "{qname}" on "{element}" is not valid: '
                    f'expected {_datatype(types)}', "rng:value", qname, node)
        if value is None:
            return (f'attribute "{attr}" is not allowed on "{element}"', "rng:attribute", attr,
                    node)
        return (f'attribute "{attr}"="{value}" is not valid on "{element}"', "rng:value",
                attr, node)
    m = _TEXTWRONG.search(message)
    if m:
        allowed = info.content(m.group(1)) if info is not None else None
        holds = (f" (it holds elements only: {_names(allowed.children)})"
                 if allowed is not None and allowed.children else "")
        return f'text is not allowed in "{m.group(1)}"{holds}', "rng:text", "", node
    m = _EXTRA.search(message)
    if m:
        return (f'element "{m.group(1)}" has content the schema does not allow here: '
                f'"{m.group(2)}"', "rng:content", "", node)
    return f'"{_name(node)}": {message}', "rng", "", node


def _attribute_value(node: etree._Element | None, local: str) -> str | None:
    if node is None:
        return None
    for name, value in node.attrib.items():
        if etree.QName(name).localname == local:
            return value
    return None


#: The longest text of an element quoted in a message (the rest is "…").
QUOTE_AT_MOST = 60


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_AT_MOST else text[:QUOTE_AT_MOST - 1] + "…"


def _locals(names) -> set[str]:
    return {"*" if local == "*" else local for _, local in names}


def _written_name(name: tuple[str, str]) -> str:
    return f"xml:{name[1]}" if name[0] == XML_NS else name[1]


def _expected_values(leaves) -> tuple[list[str], list[str]]:
    values = [v for leaf in leaves for v in leaf.values]
    types = [t for leaf in leaves for t in leaf.types]
    return values, types


def _value_message(what: str, value: str, values: list[str], types: list[str]) -> str:
    """``value "x" of <what> is not allowed; expected one of …`` (or not of its datatype)."""
    if values and not types:
        return f'value "{value}" of {what} is not allowed; expected one of: {_names(values)}'
    if types:
        also = f", or one of: {_names(values)}" if values else ""
        return f'value "{value}" of {what} is not valid: expected {_datatype(types)}{also}'
    return f'value "{value}" of {what} is not valid here'


def describe(finding, grammar, info: GrammarInfo | None) -> tuple[str, str]:
    """(message, rule) for one error found by :mod:`tei.validate.relaxng`: the element, what
    the schema expected there, in words."""
    node = finding.node
    name = _name(node)
    g = grammar
    if finding.kind == "element":
        return _misplaced(finding, g, info)
    if finding.kind == "incomplete":
        expected = _locals(g.first(finding.state))
        if not expected:
            return f'element "{name}" is incomplete', "rng:incomplete"
        if finding.after_child is not None:
            where = f' after "{_name(finding.after_child)}"'
        elif any(isinstance(c.tag, str) for c in node):
            where = " in it (the children not allowed there do not count)"
        else:
            where = " in it"
        return (f'element "{name}" is incomplete: expected {_or(expected)}{where}',
                "rng:incomplete")
    if finding.kind == "attribute":
        content = info.content(name) if info is not None else None
        if content is not None and content.attributes:
            allowed = f"; allowed: {_names(content.attributes)}"
        else:
            allowed = "; it takes no attributes" if content is not None else ""
        return f'attribute "{finding.attribute}" is not allowed on "{name}"{allowed}', \
            "rng:attribute"
    if finding.kind == "value":
        values, types = _expected_values(g.data_leaves(finding.state))
        return _value_message(f'attribute "{finding.attribute}" on "{name}"', finding.value,
                              values, types), "rng:value"
    if finding.kind == "element-value":
        values, types = _expected_values(g.data_leaves(finding.state))
        return _value_message(f'element "{name}"', _quoted(finding.value), values, types), \
            "rng:value"
    if finding.kind == "required":
        missing = sorted(_written_name(n) for n in g.required_attributes(finding.state))
        if not missing and info is not None and info.content(name) is not None:
            present = {_attribute_name(a) for a in node.attrib}
            missing = sorted(a for a in info.content(name).required if a not in present)
        if not missing:
            return f'element "{name}" lacks a required attribute', "rng:attribute"
        return (f'element "{name}" lacks the required attribute'
                f'{"s" if len(missing) > 1 else ""} {_names(missing)}', "rng:attribute")
    # text where the element holds elements only
    content = info.content(name) if info is not None else None
    children = content.children if content is not None else _locals(g.first(finding.state))
    holds = f" (it holds elements only: {_names(children)})" if children else ""
    return f'text is not allowed in "{name}"{holds}', "rng:text"


def _misplaced(finding, g, info: GrammarInfo | None) -> tuple[str, str]:
    parent = finding.parent
    ns, local = finding.name
    if not g.declares(finding.name):
        elsewhere = g.named(local)
        if elsewhere:  # the name is known, in another namespace
            wanted = {n for n in g.first(finding.state) if n[1] == local} or elsewhere
            expected = " or ".join(f'"{n[0]}"' if n[0] else "no namespace"
                                   for n in sorted(wanted))
            return (f'element "{local}" is in '
                    + (f'namespace "{ns}"' if ns else "no namespace")
                    + f"; expected {expected}", "rng:namespace")
    expected = _locals(g.first(finding.state))
    can_end = g.may_end(finding.state)
    if parent is None:
        return (f'element "{local}" is not allowed as the root of the document; expected '
                f"{_or(expected) if expected else 'nothing'}", "rng:element")
    pname = _name(parent)
    if g.find_element(finding.name) is g.not_allowed:
        lead = f'element "{local}" is not allowed anywhere in this schema'
    else:
        allowed = info.content(pname) if info is not None else None
        if allowed is not None and local not in allowed.children and not finding.recovered:
            lead = f'element "{local}" is not allowed in "{pname}"'
        else:
            lead = f'element "{local}" is not allowed at this place in "{pname}"'
    wanted = _or(expected, pname if can_end else None) if expected or can_end else \
        f'nothing more in "{pname}"'
    return f"{lead}; expected {wanted}", "rng:element"
