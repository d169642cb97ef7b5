"""Newspaper articles that give the cables their context (a genre of their own).

Two layouts are read, one paragraph a line:

* masthead layout:   "THE ASAHI SHIMBUN" / "December 24, 2025 at 18:45 JST" / photo caption
  ending in its credit "(Reuters)" / paragraphs / "(This article was written by …)" / "***" /
  the site's promotions;
* headline layout:   "Headline : Section: Deck" / paragraphs.
"""

from __future__ import annotations

import re

from ..dates import find_english
from ..model import Block, Document, Meta, Part, Reading, Section, Text
from .cable_text import find_date
from .cable_text import text_block as _text_block
from .lines import Line, Source
from .recognise import Miss

MASTHEAD_NAME = "newspaper-masthead"
HEADLINE_NAME = "newspaper-headline"
MASTHEAD = re.compile(r"^(?:THE\s+)?[A-Z][A-Z&.' -]{2,60}$")
HEADLINE = re.compile(r"^(?P<headline>.{3,200}?) : (?P<section>[A-Z][\w&' -]{1,30}): (?P<deck>.+)$")
CREDIT = re.compile(r"\((?:Reuters|AP|AFP|Kyodo|Jiji|Bloomberg|[A-Z][\w .&-]{1,40} Shimbun|"
                    r"Provided by [^)]{1,60}|Photo by [^)]{1,60})\)$")
BYLINE = re.compile(r"^\((?:This article was )?(?:written|reported) by (?P<who>[^)]+?)\.?\)$"
                    r"|^By (?P<by>[A-Z].{2,120})$")
SEPARATOR = re.compile(r"^(?:\*\s*){3,}$|^-{3,}$")


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    if words[:1] == ["the"]:
        words = words[1:]
    return "-".join(words[:8]) or "untitled"


def _authors(text: str) -> list[str]:
    text = re.sub(r"^(?:senior |staff |senior staff )*(?:staff )?writers? ", "", text.strip())
    return [a.strip() for a in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if a.strip()]


def recognise_masthead(src: Source) -> Miss | None:
    lines = src.lines
    if not lines or not MASTHEAD.match(lines[0].text) or len(lines[0].text.split()) < 2:
        return Miss(lines[0].n if lines else 1, "a newspaper's masthead in capitals "
                    "(e.g. 'THE ASAHI SHIMBUN')")
    if len(lines) < 2 or find_english(lines[1].text) is None:
        return Miss(lines[min(1, len(lines) - 1)].n, "the article's date under the masthead")
    return None


def recognise_headline(src: Source) -> Miss | None:
    lines = src.lines
    if not lines or not HEADLINE.match(lines[0].text):
        return Miss(lines[0].n if lines else 1,
                    "a newspaper headline with its section and deck ('Headline : Section: Deck')")
    if len(src.paras) < 3:
        return Miss(lines[-1].n, "the article's paragraphs under the headline")
    return None


def _reading(src: Source) -> Reading:
    return Reading(src.path, src.encoding, problems=list(src.problems))


def _body(file: str, lines: list[Line], meta: Meta, part: Part, doc: Document) -> None:
    k = 0
    if lines and CREDIT.search(lines[0].text):
        part.opener.append(_text_block("caption", [lines[0]]))
        k = 1
    end = next((j for j in range(k, len(lines)) if SEPARATOR.match(lines[j].text)), len(lines))
    for j in range(k, end):
        line = lines[j]
        m = BYLINE.match(line.text)
        if m:
            meta.authors = _authors(m.group("who") or m.group("by"))
            if j == end - 1:  # the byline closes the article ...
                part.closing.append(_text_block("byline", [line]))
                continue
            # ... one with text after it (a damaged copy) is kept as a paragraph in place
        part.items.append(_text_block("p", [line]))
    if end < len(lines):
        doc.back.append(Section("page-furniture", _text_block("separator", [lines[end]]),
                                [_text_block("p", [r]) for r in lines[end + 1:]]))


def read_masthead(src: Source) -> Document:
    file, lines = src.path, list(src.lines)
    rd = _reading(src)
    meta = Meta(publication=lines[0].text)
    meta.date = find_date(rd, lines[1].n, lines[1].text)
    part = Part("en", "article")
    doc = Document(id="", genre="article", layout=MASTHEAD_NAME, source=file, meta=meta,
                   parts=[part], reading=rd)
    doc.front.append(Section("title-page", None, [_text_block("masthead", [lines[0]])]))
    part.opener.append(_text_block("dateline", [lines[1]]))
    rd.saw("masthead", lines[0].n)
    rd.saw("dateline", lines[1].n)
    _body(file, lines[2:], meta, part, doc)
    day = find_english(lines[1].text)
    meta.title = f"{meta.publication.title()}, {day.text if day else lines[1].text}"
    doc.id = (f"article-{_slug(meta.publication)}-"
              f"{meta.date.iso[:10] if meta.date else _slug(lines[1].text)}")
    return doc


def read_headline(src: Source) -> Document:
    file, lines = src.path, list(src.lines)
    m = HEADLINE.match(lines[0].text)
    assert m
    meta = Meta(title=m.group("headline").strip())
    part = Part("en", "article")
    part.head.append(Block("headline", [Text(lines[0].text, lines[0].n)]))
    doc = Document(id=f"article-{_slug(meta.title)}", genre="article", layout=HEADLINE_NAME,
                   source=file, meta=meta, parts=[part], reading=_reading(src))
    doc.reading.saw("headline", lines[0].n)
    _body(file, lines[1:], meta, part, doc)
    return doc
