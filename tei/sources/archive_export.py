"""The archive-export layout: the record, then the Japanese original, then the translation.

    **February 12, 1994**
    **Cable No. 1468, Ambassador Kuriyama to the Foreign Minister, '…'**
    Citation: "…", …, File No. 2014-00540. Translated by Stephen Mercado. <URL>
    Summary: …
    Original Language: Japanese
    Contents: Original Scan / Translation - English
    the original (telegram form, stamps on every scanned page, 第1468号 …, turns, （了）)
    Number: … (the translation, as in the web-page layout)
"""

from __future__ import annotations

import re

from ..errors import fail
from ..model import Block, Document, Meta, Section, Text
from . import archive
from .cable_text import _date, _text_block, read_original, read_translation
from .lines import Source
from .recognise import Miss

NAME = "archive-export"
LABELS = {"Citation:": "citation", "Summary:": "summary", "Original Language:": "original-language",
          "Contents:": "contents"}
CONTENT_ITEM = re.compile(r"^(Original Scan|Transcript(?:ion)?(?: - .+)?|Translation - .+)$")
LANGUAGES = {"Japanese": "ja", "English": "en"}


def recognise(src: Source) -> Miss | None:
    paras = src.paras
    if not paras or _date(src.path, paras[0].n, paras[0].text) is None:
        return Miss(paras[0].n if paras else 1, "the record's date line (e.g. 'February 12, 1994')")
    if len(paras) < 2 or not archive.TITLE.match(" ".join(paras[1].text.split())):
        return Miss(paras[min(1, len(paras) - 1)].n,
                    "the title line \"Cable No. N, SENDER to RECIPIENT, 'SUBJECT'\"")
    if len(paras) < 3 or paras[2].lines[0].text != "Citation:":
        return Miss(paras[min(2, len(paras) - 1)].n, "the label 'Citation:' under the title")
    return None


def read(src: Source) -> Document:
    file, paras = src.path, src.paras
    meta = Meta()
    meta.date = archive.read_date(file, paras[0])
    title_page = [_text_block("date", paras[0].lines), archive.read_title(file, paras[1], meta)]
    # The labelled record: a label line, then its lines up to the next label.
    lines = [line for para in paras[2:] for line in para.lines]
    front: list[Section] = []
    k = 0
    while k < len(lines) and lines[k].text in LABELS:
        kind = LABELS[lines[k].text]
        section = Section(kind, _text_block("head", [lines[k]]))
        k += 1
        while k < len(lines) and lines[k].text not in LABELS:
            line = lines[k]
            if kind == "contents" and not CONTENT_ITEM.match(line.text):
                break
            sub = "url" if kind == "citation" and line.text.startswith(("http://", "https://")) \
                else None
            section.blocks.append(Block("item" if kind == "contents" else "p",
                                        [Text(line.text, line.n)], sub=sub))
            k += 1
        front.append(section)
    for section in front:
        texts = [b.plain for b in section.blocks]
        if section.kind == "citation":
            meta.citation = " ".join(t for b, t in zip(section.blocks, texts, strict=True)
                                     if b.sub != "url") or None
            meta.url = next((t for b, t in zip(section.blocks, texts, strict=True)
                             if b.sub == "url"), None)
            if meta.citation:
                archive.read_citation(meta.citation, meta)
        elif section.kind == "summary":
            meta.summary = "\n".join(texts) or None
        elif section.kind == "original-language":
            meta.original_language = texts[0] if texts else None
    if "citation" not in {s.kind for s in front}:
        fail(file, paras[2].n, "expected the label 'Citation:'")
    start = lines[k].n if k < len(lines) else None
    if start is None:
        fail(file, lines[-1].n, "the record ends before the text of the cable")
    # Paragraphs of the text: the original (if any) runs up to the translation's "Number:".
    text_paras = [p for p in paras if p.n >= start]
    split = next((j for j, p in enumerate(text_paras) if p.lines[0].text.startswith("Number:")),
                 None)
    if split is None:
        fail(file, start, "no translation found: expected its metadata line 'Number: …'")
    parts = []
    original = text_paras[:split]
    lang = LANGUAGES.get(meta.original_language or "")
    if original:
        if lang != "ja":
            fail(file, original[0].n, "text before the translation, but the record gives no "
                 "'Original Language: Japanese'")
        parts.append(read_original(file, original, meta))
    elif lang == "ja":
        fail(file, start, "the record says 'Original Language: Japanese' but holds no original")
    parts.append(read_translation(file, text_paras[split:], meta))
    if meta.cable_ja and meta.cable and meta.cable_ja != meta.cable:
        fail(file, start, f"the original is No. {meta.cable_ja}, the translation No. {meta.cable}")
    return Document(
        id=f"cable-{meta.cable}", genre="cable", layout=NAME, source=file, meta=meta,
        title_page=title_page, front=front, parts=parts,
    )
