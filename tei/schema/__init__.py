"""The edition's schema: the ODD (schema/tei-cables.odd) and what is compiled from it; and the
exchange schema (schema/tei-exchange.odd: all of TEI P5) that foreign TEI is checked against.

``odd`` reads the customization, ``rng`` derives the edition's RELAX NG from tei_all,
``schematron`` extracts the rules and runs them, ``xsd`` converts the RELAX NG with trang,
``manual`` writes the encoding manual, ``build`` does all of it and says what drifted.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import PROJECT_ROOT

SCHEMA_DIR = PROJECT_ROOT / "schema"
ODD = SCHEMA_DIR / "tei-cables.odd"
RNG = SCHEMA_DIR / "tei-cables.rng"
SCH = SCHEMA_DIR / "tei-cables.sch"
XSD = SCHEMA_DIR / "tei-cables.xsd"
MANUAL = SCHEMA_DIR / "manual.md"
#: The schema documents from other archives are checked against on import: all of TEI P5
#: (tei_all), compiled from schema/tei-exchange.odd so that no download is needed at run time.
EXCHANGE_ODD = SCHEMA_DIR / "tei-exchange.odd"
EXCHANGE_RNG = SCHEMA_DIR / "tei-exchange.rng"
#: tei_all's embedded Schematron rules (part of conformance to tei_all), extracted.
EXCHANGE_SCH = SCHEMA_DIR / "tei-exchange.sch"
#: Check a foreign document against all of TEI P5:
#: ``validate(paths, Options(schemas=tuple(map(str, EXCHANGE_SCHEMAS))))``.
EXCHANGE_SCHEMAS = (EXCHANGE_RNG, EXCHANGE_SCH)
#: Where a checkout finds the official tei_all when ../shared is beside it (build time only).
DEFAULT_TEI_ALL = (PROJECT_ROOT.parent / "shared" / "corpus" / "tei-schema" / "tei-p5-4.12.0-rng"
                   / "tei_all.rng")


def schema_files() -> dict[str, Path]:
    """The compiled files that are committed and must stay in sync with the ODD."""
    return {"rng": RNG, "sch": SCH, "xsd": XSD, "manual": MANUAL,
            "exchange-rng": EXCHANGE_RNG, "exchange-sch": EXCHANGE_SCH}


#: The processing instructions that let an XML editor find the schemas (ISO/IEC 19757-11).
XML_MODEL = (
    (RNG, 'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"'),
    (SCH, 'type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"'),
)


def href(schema: Path, folder: str | os.PathLike[str]) -> str:
    """The path of ``schema`` relative to ``folder`` (where a TEI file is written), with
    forward slashes; an absolute file URI when no relative path exists (another drive)."""
    try:
        relative = os.path.relpath(schema, Path(folder).resolve())
    except ValueError:
        return schema.resolve().as_uri()
    return Path(relative).as_posix()


def xml_models(folder: str | os.PathLike[str]) -> list[str]:
    """The text of the xml-model PIs for a TEI file written into ``folder``."""
    return [f'href="{href(schema, folder)}" {rest}' for schema, rest in XML_MODEL]


def xml_models_at(base: str) -> list[str]:
    """The xml-model PIs for schemas published at ``base`` (a URL or a relative path ending
    in '/'), e.g. the copies of the schemas in the HTML edition."""
    return [f'href="{base}{schema.name}" {rest}' for schema, rest in XML_MODEL]
