"""``tei schema build``: compile the ODDs into schema/ (the edition's RELAX NG, Schematron, XSD,
manual; the exchange schema's RELAX NG and Schematron) and say which committed files drift from
what the ODDs give now."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import Problem, TeiCablesError
from ..xmlio import parse_bytes, parse_file
from . import (
    DEFAULT_TEI_ALL,
    EXCHANGE_ODD,
    EXCHANGE_RNG,
    EXCHANGE_SCH,
    MANUAL,
    ODD,
    RNG,
    SCH,
    SCHEMA_DIR,
    XSD,
)
from .manual import write_manual
from .odd import SCH_NS, read_odd
from .rng import derive
from .schematron import Schematron, embedded, extract
from .xsd import rng_to_xsd, trang_available


def _xml(tree: etree._ElementTree) -> bytes:
    etree.indent(tree, space="  ")
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True) + b"\n"


@dataclass
class Built:
    """The compiled files (name in schema/ -> bytes) and what could not be built."""

    files: dict[str, bytes]
    skipped: list[str]
    notes: list[str] = field(default_factory=list)


def compile_exchange(tei_all: str | Path = DEFAULT_TEI_ALL,
                     odd_path: Path = EXCHANGE_ODD) -> dict[str, bytes]:
    """The exchange schema (all of TEI P5): its RELAX NG, derived from tei_all by the ODD, and
    tei_all's embedded Schematron, which must compile whole: a rule our runner cannot compile
    is a located error naming it, never dropped."""
    odd = read_odd(odd_path)
    if not odd.keeps_all:
        raise TeiCablesError(Problem(str(odd_path), 1, 1, "the exchange schema keeps all of TEI:"
                                     " its moduleRefs have no @include", rule="odd"))
    tei_all = _tei_all(tei_all)
    rules = embedded(parse_file(tei_all), str(tei_all))
    if rules is None:
        raise TeiCablesError(Problem(str(tei_all), 1, 1, "no embedded Schematron: not the "
                                     "official tei_all.rng", rule="schema"))
    for spec in extract(odd).getroot().findall(f"{{{SCH_NS}}}pattern"):
        rules.getroot().append(spec)  # the ODD's own rules, if any, after tei_all's
    sch = _xml(rules)
    Schematron(EXCHANGE_SCH, tree=parse_bytes(sch, EXCHANGE_SCH.name))
    return {EXCHANGE_RNG.name: _xml(derive(odd, tei_all)), EXCHANGE_SCH.name: sch}


def _tei_all(tei_all: str | Path) -> Path:
    tei_all = Path(tei_all)
    if not tei_all.is_file():
        raise TeiCablesError(Problem(str(tei_all), 0, 0, "tei_all.rng not found: give its "
                                     "path with --tei-all", rule="schema"))
    return tei_all


def compile_all(tei_all: str | Path = DEFAULT_TEI_ALL, odd_path: Path = ODD,
                xsd: bool = True, examples_from: list[Path] | None = None,
                exchange: bool = True) -> Built:
    """Everything the ODDs give, in memory: the edition's schemas and (unless ``exchange`` is
    false) the exchange schema."""
    tei_all = _tei_all(tei_all)
    odd = read_odd(odd_path)
    rng = derive(odd, tei_all)
    rng_bytes = _xml(rng)
    files = {RNG.name: rng_bytes, SCH.name: _xml(extract(odd))}
    skipped = []
    if xsd and trang_available():
        files.update(rng_to_xsd(rng_bytes, XSD.name))
    elif xsd:
        skipped.append(f"{XSD.name} (trang is not installed)")
    if examples_from is None:
        from ..edition import DEFAULT_EDITION
        from ..validate import edition_files

        examples_from = edition_files(DEFAULT_EDITION)
    files[MANUAL.name] = write_manual(odd, parse_bytes(rng_bytes, RNG.name),
                                      examples_from).encode()
    notes = []
    if exchange:
        files.update(compile_exchange(tei_all))
        rules = parse_bytes(files[EXCHANGE_SCH.name], EXCHANGE_SCH.name).getroot()
        n = len(rules.findall(f"{{{SCH_NS}}}pattern"))
        notes.append(f"{EXCHANGE_SCH.name}: {n} Schematron patterns (those embedded in "
                     f"{tei_all.name} and the ODD's), all compiled")
    return Built(files, skipped, notes)


def drift(built: Built, schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Committed files in ``schema_dir`` that differ from what was just built."""
    return sorted(name for name, data in built.files.items()
                  if not (schema_dir / name).is_file() or (schema_dir / name).read_bytes() != data)


def write(built: Built, schema_dir: Path = SCHEMA_DIR) -> list[str]:
    """Write the files that changed; return their names."""
    from ..xmlio import write_atomic

    changed = drift(built, schema_dir)
    for name in changed:
        write_atomic(schema_dir / name, built.files[name])
    return changed
