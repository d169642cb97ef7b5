"""The web-page layout: a cable as the digital archive's page shows it (translation only).

    February 12, 1994
    Cable No. 1456, Ambassador Kuriyama to the Foreign Minister, '…'
    Number: … / Primary: … / Sent: … / Received: … / To: … / From: …
    title, "No. 1456 Secret Top Urgent", "(Limited Distribution)", "Divided telegram"
    the translation
    the archive's one-line description
    Related Documents: (date, title, description) …
    Document Information: citation, rights statement, fields
"""

from __future__ import annotations

from ..errors import fail
from ..model import Block, Document, Meta, Related, Section, Text
from . import archive
from .cable_text import _date, _text_block, read_translation
from .lines import Source
from .recognise import Miss, find_para

NAME = "web-page"
CHROME = ("Skip to content",)
FIELDS = ("Original Uploaded Date", "Record ID", "Original Archive", "Language", "Type",
          "Theme", "Themes", "Rights")


def _start(src: Source) -> int:
    return 1 if src.paras and src.paras[0].text in CHROME else 0


def recognise(src: Source) -> Miss | None:
    paras = src.paras
    i = _start(src)
    if i >= len(paras):
        return Miss(1, "the web page's date line")
    if _date(src.path, paras[i].n, paras[i].text) is None:
        return Miss(paras[i].n, "the web page's date line (e.g. 'February 12, 1994')")
    if i + 1 >= len(paras) or not archive.TITLE.match(" ".join(paras[i + 1].text.split())):
        return Miss(paras[min(i + 1, len(paras) - 1)].n,
                    "the title line \"Cable No. N, SENDER to RECIPIENT, 'SUBJECT'\"")
    if i + 2 >= len(paras) or not paras[i + 2].text.startswith("Number:"):
        return Miss(paras[min(i + 2, len(paras) - 1)].n,
                    "the cable's metadata lines (Number:, Sent:, …) under the title")
    if find_para(paras, "Document Information") is None:
        return Miss(paras[-1].n, "a 'Document Information' block at the end of the page")
    return None


def read(src: Source) -> Document:
    file, paras = src.path, src.paras
    meta = Meta()
    i = _start(src)
    meta.date = archive.read_date(file, paras[i])
    title_page = [_text_block("date", paras[i].lines), archive.read_title(file, paras[i + 1], meta)]
    info = find_para(paras, "Document Information")
    related = find_para(paras, "Related Documents")
    end = related if related is not None else info
    # The archive's one-line description stands right under the text.
    part = read_translation(file, paras[i + 2 : end - 1], meta)
    back: list[Section] = []
    meta.short_summary = paras[end - 1].text
    back.append(Section("summary", None, [_text_block("p", paras[end - 1].lines)]))
    if related is not None:
        entries = paras[related + 1 : info]
        if len(entries) % 3:
            fail(file, (entries[-1] if entries else paras[related]).n, "the Related Documents "
                 "list must hold a date, a title and a description for each document")
        blocks: list[Block] = []
        for k in range(0, len(entries), 3):
            date, title, summary = entries[k : k + 3]
            when = archive.read_date(file, date)
            m = archive.TITLE.match(" ".join(title.text.split()))
            meta.related.append(Related(when, title.text, summary.text,
                                        m.group(1) if m else None, title.n))
            pieces = [Text(date.text, date.n), Text(title.text, title.n),
                      Text(summary.text, summary.n)]
            blocks.append(Block("related", pieces, n=str(len(meta.related) - 1)))
        back.append(Section("related", _text_block("head", paras[related].lines), blocks))
    info_blocks: list[Block] = []
    rest = paras[info + 1 :]
    if rest:
        archive.read_citation(rest[0].text, meta)
        meta.citation = rest[0].text
        info_blocks.append(_text_block("p", rest[0].lines, sub="citation"))
    k = 1
    while k < len(rest) and rest[k].text not in FIELDS:
        meta.rights.append(rest[k].text)
        info_blocks.append(_text_block("p", rest[k].lines, sub="rights"))
        k += 1
    while k < len(rest):
        info_blocks.append(_text_block("label", rest[k].lines))
        if k + 1 < len(rest) and rest[k + 1].text not in FIELDS:
            info_blocks.append(_text_block("value", rest[k + 1].lines))
            k += 1
        else:
            info_blocks.append(Block("value", []))
        k += 1
    back.append(Section("document-information", _text_block("head", paras[info].lines),
                        info_blocks))
    return Document(
        id=f"cable-{meta.cable}", genre="cable", layout=NAME, source=file, meta=meta,
        title_page=title_page, parts=[part], back=back,
    )
