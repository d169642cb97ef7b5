"""Export as plain text: the reading text of each document, UTF-8, as ``tei text`` gives it.

``<stem>.txt`` is the whole text (front, the body in each of its languages, back), in the
transcription's own conventions (``xslt/text.xsl``: a redaction is "[TN: … blacked out]").
When the body is given in several languages (the Japanese original and the English
translation, each a ``div`` with its ``xml:lang``), each also has a file of its own:
``<stem>.ja.txt``, ``<stem>.en.txt``. A document from another archive without such parts has
only ``<stem>.txt``.
"""

from __future__ import annotations

from pathlib import Path

from ..edition import Edition
from ..text import tree_text
from ..xmlio import write_atomic
from .export import Document, Exported

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parts(doc: Document) -> list[str]:
    """The languages of the body's parts (``body/div[@xml:lang]``), in document order, as
    ``xslt/text.xsl``'s ``lang`` parameter selects them (ja and en)."""
    body = doc.tree.getroot().find("{*}text/{*}body")
    langs: list[str] = []
    for div in body.findall("{*}div") if body is not None else ():
        lang = div.get(_XML_LANG)
        if lang in ("ja", "en") and lang not in langs:
            langs.append(lang)
    return langs


def write(edition: Edition, docs: list[Document], outdir: Path, result: Exported) -> None:
    for doc in docs:
        write_atomic(result.target(f"{doc.stem}.txt", doc.path),
                     tree_text(doc.tree).encode("utf-8"))
        for lang in parts(doc):
            write_atomic(result.target(f"{doc.stem}.{lang}.txt", doc.path),
                         tree_text(doc.tree, lang).encode("utf-8"))
