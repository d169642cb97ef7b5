"""The edition as the header of a teiCorpus: what the PDF book and the exported corpus say of
the edition as a whole (its title, editor, publisher, date, address and licence)."""

from __future__ import annotations

import re

from lxml import etree

from ..edition import Edition
from .tree import el


def corpus_file_desc(edition: Edition, source_note: str,
                     parent: etree._Element | None = None) -> etree._Element:
    """The ``fileDesc`` of a corpus of the edition's documents; ``source_note`` says what the
    corpus holds (its ``sourceDesc``)."""
    file_desc = el("fileDesc", parent=parent)
    title_stmt = el("titleStmt", parent=file_desc)
    el("title", {"type": "main"}, edition.title, title_stmt)
    if edition.subtitle:
        el("title", {"type": "sub"}, edition.subtitle, title_stmt)
    if edition.editor:
        el("editor", None, edition.editor, title_stmt)
    publication = el("publicationStmt", parent=file_desc)
    if edition.publisher or edition.editor:
        el("publisher", None, edition.publisher or edition.editor, publication)
        if edition.date:
            iso = re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", edition.date)
            el("date", {"when": edition.date if iso else None}, edition.date, publication)
        if edition.url:
            el("ptr", {"target": edition.url}, parent=publication)
        if edition.licence:
            availability = el("availability", parent=publication)
            el("licence", {"target": edition.licence_url or None}, edition.licence,
               availability)
    else:
        el("p", None, "Not published.", publication)
    el("p", None, source_note, el("sourceDesc", parent=file_desc))
    return file_desc
