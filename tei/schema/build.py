"""``tei schema build``: compile the ODD into schema/ (RELAX NG, Schematron, XSD, manual) and
say which committed files drift from what the ODD gives now."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import Problem, TeiCablesError
from ..xmlio import parse_bytes
from . import DEFAULT_TEI_ALL, MANUAL, ODD, RNG, SCH, SCHEMA_DIR, XSD
from .manual import write_manual
from .odd import read_odd
from .rng import derive
from .schematron import extract
from .xsd import rng_to_xsd, trang_available


def _xml(tree: etree._ElementTree) -> bytes:
    etree.indent(tree, space="  ")
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True) + b"\n"


@dataclass
class Built:
    """The compiled files (name in schema/ -> bytes) and what could not be built."""

    files: dict[str, bytes]
    skipped: list[str]


def compile_all(tei_all: str | Path = DEFAULT_TEI_ALL, odd_path: Path = ODD,
                xsd: bool = True, examples_from: list[Path] | None = None) -> Built:
    """Everything the ODD gives, in memory."""
    tei_all = Path(tei_all)
    if not tei_all.is_file():
        raise TeiCablesError(Problem(str(tei_all), 0, 0, "tei_all.rng not found: give its "
                                     "path with --tei-all", rule="schema"))
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
    return Built(files, skipped)


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
