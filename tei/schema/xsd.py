"""The edition's XSD, converted from its RELAX NG by trang (Debian package ``trang``).

Only ``tei schema build`` needs trang; the XSD it writes is committed and ``tei validate
--xsd`` reads it with xmlschema.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import Problem, TeiCablesError


def trang_available() -> bool:
    return shutil.which("trang") is not None


def rng_to_xsd(rng_text: bytes, name: str) -> dict[str, bytes]:
    """Convert a RELAX NG schema to XSD: the files trang writes (``name`` and ``xml.xsd``)."""
    if not trang_available():
        raise TeiCablesError(Problem(name, 0, 0, "trang is needed to write the XSD: install it "
                                     "(Debian: apt-get install trang)", rule="schema"))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in" / "schema.rng"
        source.parent.mkdir()
        source.write_bytes(rng_text)
        out = Path(tmp) / "out"
        out.mkdir()
        run = subprocess.run(["trang", "-I", "rng", "-O", "xsd", str(source), str(out / name)],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            raise TeiCablesError(Problem(name, 0, 0, "trang failed: "
                                         + " ".join(run.stderr.split()), rule="schema"))
        return {p.name: p.read_bytes() for p in sorted(out.iterdir())}
