"""Read the edition's ODD: the elements it keeps, the value lists it closes, its rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import TEI_NS
from ..errors import Problem, TeiCablesError
from ..xmlio import parse_file

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
EG_NS = "http://www.tei-c.org/ns/Examples"
NS = {"t": TEI_NS, "sch": SCH_NS}


@dataclass(frozen=True)
class ValItem:
    ident: str
    desc: str


@dataclass(frozen=True)
class AttChange:
    """An attDef of an elementSpec: a closed value list, or the attribute deleted."""

    element: str
    attribute: str
    mode: str  # "change" (values closed) | "delete"
    values: tuple[ValItem, ...] = ()
    line: int = 0


@dataclass
class Odd:
    """What the edition's ODD says, in the order it says it."""

    path: Path
    ident: str
    start: list[str]
    elements: dict[str, str]  # element name -> module
    changes: list[AttChange]
    constraints: list[etree._Element]  # constraintSpec elements (scheme schematron)
    descriptions: dict[str, str] = field(default_factory=dict)  # elementSpec/desc, if any
    examples: dict[str, str] = field(default_factory=dict)  # elementSpec/exemplum/egXML
    tree: etree._ElementTree | None = None
    deleted_classes: dict[str, int] = field(default_factory=dict)  # attribute class -> line


def _text(node: etree._Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _egxml(eg: etree._Element) -> str:
    """The content of an egXML as TEI text: no namespace declarations, dedented."""
    parts = []
    for child in eg:
        xml = etree.tostring(child, encoding="unicode", with_tail=False)
        parts.append(re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", xml))
    lines = "\n".join(parts).split("\n")
    base = len(lines[-1]) - len(lines[-1].lstrip(" "))
    return "\n".join([lines[0], *(x[base:] if not x[:base].strip() else x for x in lines[1:])])


def read_odd(path: str | Path) -> Odd:
    """Read the schemaSpec of the ODD at ``path``; an unusable ODD is a located error."""
    path = Path(path)
    tree = parse_file(path)
    specs = tree.findall(".//t:schemaSpec", NS)
    if len(specs) != 1:
        raise TeiCablesError(Problem(str(path), 1, 1, f"an ODD needs exactly one schemaSpec, "
                                     f"found {len(specs)}", rule="odd"))
    spec = specs[0]
    elements: dict[str, str] = {}
    for ref in spec.findall("t:moduleRef", NS):
        for name in ref.get("include", "").split():
            if name in elements:
                raise TeiCablesError(Problem(str(path), ref.sourceline or 0, 1,
                                             f"element {name} is included twice", rule="odd"))
            elements[name] = ref.get("key", "")
        if ref.get("except"):
            raise TeiCablesError(Problem(str(path), ref.sourceline or 0, 1,
                                         "moduleRef/@except is not supported: list the "
                                         "elements to keep in @include", rule="odd"))
    for ref in spec.findall("t:elementRef", NS):
        elements[ref.get("key", "")] = ref.get("module", "")
    changes: list[AttChange] = []
    descriptions: dict[str, str] = {}
    examples: dict[str, str] = {}
    for es in spec.findall("t:elementSpec", NS):
        name = es.get("ident", "")
        if name not in elements:
            raise TeiCablesError(Problem(str(path), es.sourceline or 0, 1,
                                         f"elementSpec {name} changes an element the schema "
                                         "does not include", rule="odd"))
        if es.find("t:desc", NS) is not None:
            descriptions[name] = _text(es.find("t:desc", NS))
        eg = es.find(f"t:exemplum/{{{EG_NS}}}egXML", NS)
        if eg is not None:
            examples[name] = _egxml(eg)
        for att in es.findall("t:attList/t:attDef", NS):
            mode = att.get("mode", "change")
            values = tuple(ValItem(v.get("ident", ""), _text(v.find("t:desc", NS)))
                           for v in att.findall("t:valList[@type='closed']/t:valItem", NS))
            if mode == "change" and not values:
                raise TeiCablesError(Problem(str(path), att.sourceline or 0, 1,
                                             f"attDef {att.get('ident')} of {name}: only a "
                                             "closed valList or mode=\"delete\" is supported",
                                             rule="odd"))
            changes.append(AttChange(name, att.get("ident", ""), mode, values,
                                     att.sourceline or 0))
    deleted = {c.get("ident", ""): c.sourceline or 0
               for c in spec.findall("t:classSpec[@mode='delete']", NS)}
    for ident, line in deleted.items():
        if not ident.startswith("att."):
            raise TeiCablesError(Problem(str(path), line, 1, f"classSpec {ident}: only "
                                         "attribute classes (att.*) can be deleted", rule="odd"))
    constraints = [c for c in spec.iter(f"{{{TEI_NS}}}constraintSpec")
                   if c.get("scheme") == "schematron"]
    idents = [c.get("ident") for c in constraints]
    dupes = sorted({i for i in idents if idents.count(i) > 1})
    if dupes:
        raise TeiCablesError(Problem(str(path), spec.sourceline or 0, 1,
                                     f"constraintSpec ident repeated: {', '.join(dupes)}",
                                     rule="odd"))
    return Odd(path, spec.get("ident", "schema"), spec.get("start", "TEI").split(), elements,
               changes, constraints, descriptions, examples, tree, deleted)
