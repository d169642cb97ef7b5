"""Export Dublin Core: one ``oai_dc`` record per document (``<stem>.oai_dc.xml``), the
metadata format every OAI-PMH 2.0 repository serves and every harvester takes in.

``xslt/export/oai_dc.xsl`` makes the record from the catalogue's fields (which DC element
holds what is said there). Each record is checked against ``schema/oai_dc.xsd`` (written from
the OAI-PMH 2.0 specification, with ``simpledc.xsd`` and ``xml.xsd``: local files only, never
the network) before it is written: a record that does not validate is never written, and
the export stops with the located problem.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xmlschema
from lxml import etree

from .. import PROJECT_ROOT
from ..edition import Edition
from ..errors import Problem, TeiCablesError
from ..render import transform_to_string
from ..xmlio import parse_bytes, write_atomic
from .export import Document, Exported, page_url

OAI_DC_XSD = PROJECT_ROOT / "schema" / "oai_dc.xsd"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"


@cache
def oai_dc_schema() -> xmlschema.XMLSchema:
    """schema/oai_dc.xsd, loaded once; it may only read local files."""
    try:
        return xmlschema.XMLSchema(str(OAI_DC_XSD), allow="local", defuse="always")
    except (xmlschema.XMLSchemaException, OSError) as exc:
        raise TeiCablesError(Problem(str(OAI_DC_XSD), 0, 0, f"unusable schema: {exc}",
                                     rule="export")) from exc


def problems(record: etree._ElementTree, name: str) -> list[Problem]:
    """What makes ``record`` (named ``name`` in the messages) invalid against oai_dc.xsd."""
    found = []
    for error in oai_dc_schema().iter_errors(record):
        line = getattr(error, "sourceline", None) or 0
        found.append(Problem(name, line, 0, f"not a valid oai_dc record: {error.reason} "
                             f"(at {error.path})", rule="oai_dc"))
    return found


def dc_record(doc: Document, edition: Edition) -> bytes:
    """The document's oai_dc record, validated; a located error if it does not validate."""
    url = page_url(edition, doc)
    text = transform_to_string("export/oai_dc.xsl", doc.tree, url=url, stem=doc.stem)
    name = f"{doc.stem}.oai_dc.xml (from {doc.path})"
    data = text.encode("utf-8")
    invalid = problems(parse_bytes(data, name), name)
    if invalid:
        raise TeiCablesError(invalid)
    return data if data.endswith(b"\n") else data + b"\n"


def write(edition: Edition, docs: list[Document], outdir: Path, result: Exported) -> None:
    records = [(doc, dc_record(doc, edition)) for doc in docs]  # all valid before any is written
    for doc, data in records:
        write_atomic(result.target(f"{doc.stem}.oai_dc.xml", doc.path), data)
