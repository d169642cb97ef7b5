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
#: The modules of TEI P5 (4.12.0). tei_all.rng does not record which module declares an element,
#: so a moduleRef without @include can only be honoured as "all of TEI": when the ODD names
#: every one of these modules, none with @include (see :func:`read_odd`).
TEI_MODULES = ("tei", "core", "analysis", "certainty", "cmc", "corpus", "dictionaries", "drama",
               "figures", "gaiji", "header", "iso-fs", "linking", "msdescription", "namesdates",
               "nets", "spoken", "tagdocs", "textcrit", "textstructure", "transcr", "verse")
#: The infrastructure module declares classes, macros and datatypes, no element.
NO_ELEMENTS = "tei"


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
    #: every element of tei_all, whatever its namespace (all modules, none with @include)
    keeps_all: bool = False


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


def _keeps_all(path: Path, spec: etree._Element) -> bool:
    """Whether the schemaSpec keeps all of TEI: its moduleRefs (other than the element-less
    infrastructure module) have no @include. Module membership is not in tei_all.rng, so a
    whole module can be kept only as part of all of them: mixing whole modules with @include
    lists, or naming only some modules, is refused rather than guessed."""
    refs = spec.findall("t:moduleRef", NS)
    whole = [r for r in refs if r.get("include") is None and r.get("key") != NO_ELEMENTS]
    if not whole:
        return False
    line = whole[0].sourceline or 0
    if len(whole) != len([r for r in refs if r.get("key") != NO_ELEMENTS]) or \
            spec.find("t:elementRef", NS) is not None:
        raise TeiCablesError(Problem(str(path), line, 1, "a moduleRef without @include keeps "
                                     "its whole module, but tei_all.rng does not say which "
                                     "elements a module holds: either every moduleRef lists its "
                                     "elements in @include, or none does (all of TEI)",
                                     rule="odd"))
    keys = {r.get("key", "") for r in refs}
    unknown = sorted(keys - set(TEI_MODULES))
    missing = [m for m in TEI_MODULES if m not in keys]
    if unknown or missing:
        raise TeiCablesError(Problem(str(path), line, 1, "moduleRefs without @include keep all "
                                     "of TEI, so they name every TEI module: "
                                     + "; ".join(filter(None, [
                                         f"unknown {', '.join(unknown)}" if unknown else "",
                                         f"missing {', '.join(missing)}" if missing else ""])),
                                     rule="odd"))
    return True


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
    keeps_all = _keeps_all(path, spec)
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
        if name not in elements and not keeps_all:
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
               changes, constraints, descriptions, examples, tree, deleted, keeps_all)
