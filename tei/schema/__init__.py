"""The edition's schema: the ODD (schema/tei-cables.odd) and what is compiled from it.

``odd`` reads the customization, ``rng`` derives the edition's RELAX NG from tei_all,
``schematron`` extracts the rules and runs them, ``xsd`` converts the RELAX NG with trang,
``manual`` writes the encoding manual, ``build`` does all of it and says what drifted.
"""

from __future__ import annotations

from pathlib import Path

from .. import PROJECT_ROOT

SCHEMA_DIR = PROJECT_ROOT / "schema"
ODD = SCHEMA_DIR / "tei-cables.odd"
RNG = SCHEMA_DIR / "tei-cables.rng"
SCH = SCHEMA_DIR / "tei-cables.sch"
XSD = SCHEMA_DIR / "tei-cables.xsd"
MANUAL = SCHEMA_DIR / "manual.md"
#: Where a checkout finds the official tei_all when ../shared is beside it (build time only).
DEFAULT_TEI_ALL = (PROJECT_ROOT.parent / "shared" / "corpus" / "tei-schema" / "tei-p5-4.12.0-rng"
                   / "tei_all.rng")


def schema_files() -> dict[str, Path]:
    """The compiled files that are committed and must stay in sync with the ODD."""
    return {"rng": RNG, "sch": SCH, "xsd": XSD, "manual": MANUAL}
