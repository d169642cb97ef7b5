"""Export the catalogue: one record per document, as JSON (``catalogue.json``, described by
``schema/catalogue.schema.json``, which is written beside it) and CSV (``catalogue.csv``).

The records are read from the TEI by ``xslt/export/catalogue.xsl`` (the fields are those of
``xslt/export/fields.xsl``, shared with the Dublin Core records); here they are put in the
schema's order and written.

CSV (RFC 4180): a header row of the field names, then one row per document, every field
quoted where needed, CRLF between rows; UTF-8 *with* a byte-order mark, because Excel reads a
CSV file without one in the system's legacy code page and garbles the Japanese titles (other
readers skip the mark: Python's ``utf-8-sig``, LibreOffice, pandas). A field of many values
(sender, places, languages …) holds them one per line (a line feed inside the quoted field):
no value can contain a line break (they are whitespace-normalised), so the split is exact.
null and [] are an empty field; true and false are ``true`` and ``false``.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

from .. import PROJECT_ROOT
from ..edition import Edition
from ..errors import Problem, TeiCablesError
from ..render import transform_to_string
from ..xmlio import write_atomic
from .export import Document, Exported, page_url

SCHEMA = PROJECT_ROOT / "schema" / "catalogue.schema.json"
JSON_NAME = "catalogue.json"
CSV_NAME = "catalogue.csv"
#: The separator of the values of a many-valued field in the CSV file.
CSV_SEPARATOR = "\n"


@cache
def _record_schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]["record"]["properties"]


def fields() -> list[str]:
    """The record's fields, in the schema's order (the CSV's columns)."""
    return list(_record_schema())


def record(doc: Document, edition: Edition) -> dict:
    """The catalogue record of one document (the schema's fields, in its order)."""
    url = page_url(edition, doc)
    text = transform_to_string("export/catalogue.xsl", doc.tree, file=f"{doc.stem}.xml",
                               imported="true" if doc.imported else "false", url=url,
                               stem=doc.stem)
    try:
        found = json.loads(text)
    except json.JSONDecodeError as exc:  # the stylesheet's fault, never the document's
        raise TeiCablesError(Problem(str(doc.path), 0, 0, f"catalogue record is not JSON: "
                                     f"{exc}", rule="export")) from exc
    return {name: found.get(name) for name in fields()}


def catalogue(edition: Edition, docs: list[Document]) -> dict:
    """The whole catalogue: the edition's facts and every document's record."""
    return {
        "edition": {"title": edition.title, "publisher": edition.publisher or None,
                    "url": edition.url or None, "licence": edition.licence or None,
                    "licence_url": edition.licence_url or None},
        "documents": [record(doc, edition) for doc in docs],
    }


def write_json(edition: Edition, docs: list[Document], outdir: Path, result: Exported) -> None:
    data = json.dumps(catalogue(edition, docs), ensure_ascii=False, indent=2) + "\n"
    write_atomic(result.target(JSON_NAME), data.encode("utf-8"))
    write_atomic(result.target(SCHEMA.name), SCHEMA.read_bytes())


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return CSV_SEPARATOR.join(str(v) for v in value)
    return str(value)


def to_csv(records: list[dict]) -> bytes:
    """The records as CSV (see the module's docstring), with the byte-order mark."""
    names = fields()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for rec in records:
        writer.writerow([csv_value(rec.get(n)) for n in names])
    return buffer.getvalue().encode("utf-8-sig")


def from_csv(data: bytes) -> list[dict]:
    """Read ``catalogue.csv`` back into records equal to the JSON's (types from the schema)."""
    schema = _record_schema()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    records = []
    for row in rows[1:]:
        rec = {}
        for name, cell in zip(rows[0], row, strict=True):
            kind = schema[name]["type"]
            kinds = kind if isinstance(kind, list) else [kind]
            if "array" in kinds:
                rec[name] = cell.split(CSV_SEPARATOR) if cell else []
            elif "boolean" in kinds:
                rec[name] = cell == "true"
            elif "integer" in kinds:
                rec[name] = int(cell) if cell else None
            else:
                rec[name] = cell or None
        records.append(rec)
    return records


def write_csv(edition: Edition, docs: list[Document], outdir: Path, result: Exported) -> None:
    records = catalogue(edition, docs)["documents"]
    write_atomic(result.target(CSV_NAME), to_csv(records))
