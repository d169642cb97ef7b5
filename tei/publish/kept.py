"""What a site's build keeps of each document between builds, in one file a document.

A document's page gives more than the page: its entry in the catalogue the listing pages are
drawn from (xslt/html/entry.xsl), its items on the pages of the persons it names (site.xsl's
person-items), its correspondence as cmif.xml writes it (cmif.corresp_desc), its search record
(search.page_record). The build keeps them (not published: a dot folder) so that a changed
document does not make every other one be read again.

They are kept together, ``.tei-site/kept/<id>.parts``: a first line naming each part and its
length in bytes (JSON), then the parts one after the other. One file where there were four: a
file system charges more for making a file than for its bytes, and a 10,000-cable build made
40,000 of them. A part is read by itself (the file read, the part sliced out).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..xmlio import write_atomic

FOLDER = ".tei-site/kept"
SUFFIX = ".parts"
ENTRY, ITEMS, CORRESP, RECORD = "entry", "items", "corresp", "record"


def path(outdir: str | os.PathLike[str], doc_id: str) -> Path:
    return Path(outdir) / FOLDER / f"{doc_id}{SUFFIX}"


def write(outdir: str | os.PathLike[str], doc_id: str, parts: dict[str, bytes]) -> None:
    """Keep ``parts`` of document ``doc_id`` (replacing what was kept of it, atomically)."""
    head = json.dumps({name: len(data) for name, data in parts.items()},
                      separators=(",", ":")).encode("utf-8")
    write_atomic(path(outdir, doc_id), b"".join((head, b"\n", *parts.values())))


def read(outdir: str | os.PathLike[str], doc_id: str, name: str) -> bytes:
    """Part ``name`` kept of document ``doc_id``. Raises OSError when nothing is kept of it,
    KeyError when what is kept has no such part, ValueError when the file is not ours."""
    data = path(outdir, doc_id).read_bytes()
    head, _, rest = data.partition(b"\n")
    at = 0
    lengths = json.loads(head)
    if not isinstance(lengths, dict):
        raise ValueError(f"not a file of kept parts: {path(outdir, doc_id)}")
    for part, length in lengths.items():
        if part == name:
            return rest[at:at + length]
        at += length
    raise KeyError(name)


def ids(outdir: str | os.PathLike[str]) -> set[str]:
    """The documents something is kept of (one folder listed, no file opened)."""
    with contextlib.suppress(OSError), os.scandir(Path(outdir) / FOLDER) as found:
        return {e.name[:-len(SUFFIX)] for e in found if e.name.endswith(SUFFIX)}
    return set()


def forget(outdir: str | os.PathLike[str], doc_id: str) -> None:
    """Remove what is kept of a document the edition no longer has."""
    path(outdir, doc_id).unlink(missing_ok=True)
