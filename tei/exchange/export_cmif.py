"""Export the edition's correspondence as one CMIF file (``cmif.xml``), the format letter
aggregators such as correspSearch harvest; the file is made by :mod:`tei.publish.cmif`, the
same one the HTML edition publishes."""

from __future__ import annotations

from pathlib import Path

from ..edition import Edition
from ..errors import Problem
from ..publish.cmif import FILE_NAME, cmif
from ..xmlio import write_atomic
from .export import Document, Exported


def write(edition: Edition, docs: list[Document], outdir: Path, result: Exported) -> None:
    if not edition.url:
        result.problems.append(Problem(str(edition.root / "edition.toml"), 0, 0,
                                       "the edition has no url: the CMIF file cannot give each "
                                       "letter's permanent address (correspDesc/@ref) nor its "
                                       "own", "warning", "cmif"))
    write_atomic(result.target(FILE_NAME), cmif(edition, [(d.path, d.stem) for d in docs]))
