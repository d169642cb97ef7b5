"""The PDF is laid out once: the body of a book (or of one document's PDF) in one layout, then
its index of persons alone, with the body's page numbers written out, its pages joined to the
body's (tei/publish/pdf.py, write_pdf). Read back from the PDF: every page number the index
prints is the page its link leads to, the index's first page keeps the number and the side it
has in the book, and a long index looks page for page as a layout of the whole book would.
"""

from __future__ import annotations

import json
import logging
import math
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

import tei.publish.pdf as pdf
from tei.edition import load_edition

from .conftest import NS
from .test_pdf import POPPLER, outline

pytestmark = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed "
                                "(./setup.sh --test installs it)")
_ID = f"{{{NS['xml']}}}id"


@pytest.fixture(scope="module")
def edition():
    return load_edition()


@pytest.fixture(scope="module")
def trees(edition):
    return {tree.getroot().get(_ID): tree for tree in pdf.load_documents(edition)}


@pytest.fixture(scope="module")
def typeset(edition, trees, tmp_path_factory) -> dict[str, Path]:
    """The book and each document's own PDF, written by write_pdf."""
    out = tmp_path_factory.mktemp("one-pass")
    made = {"book": pdf.write_pdf(pdf.corpus(edition, list(trees.values())),
                                  out / "edition.pdf").path}
    names = " ".join(trees)
    for doc_id, tree in trees.items():
        made[doc_id] = pdf.write_pdf(pdf.corpus(edition, [tree]), out / f"{doc_id}.pdf",
                                     whole_book=False, edition_docs=names).path
    return made


def index_start(path: Path) -> int:
    """The page (from 1) the index of persons begins on: its bookmark, the last."""
    return outline(path)[-1][1]


def index_links(path: Path) -> list[tuple[int, str, int]]:
    """(page, text printed inside the link, page the link leads to) for every internal link
    on the index's pages."""
    reader = pypdf.PdfReader(path)
    dests = {str(name): reader.get_destination_page_number(dest) + 1
             for name, dest in reader.named_destinations.items()}
    found = []
    for number in range(index_start(path), len(reader.pages) + 1):
        page = reader.pages[number - 1]
        height = float(page.mediabox.height)
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            target = annot.get("/Dest") or (annot.get("/A") or {}).get("/D")
            if annot.get("/Subtype") != "/Link" or target is None:
                continue
            rect = [float(v) for v in annot["/Rect"]]
            (x1, x2), (y1, y2) = sorted(rect[0::2]), sorted(rect[1::2])
            x, y = math.floor(x1), math.floor(height - y2)  # poppler's y runs downwards
            crop = ["-x", str(x), "-y", str(y), "-W", str(math.ceil(x2) - x),
                    "-H", str(math.ceil(height - y1) - y)]
            text = subprocess.run(["pdftotext", "-q", "-raw", "-r", "72", "-f", str(number),
                                   "-l", str(number), *crop, str(path), "-"],
                                  capture_output=True, text=True, check=True).stdout
            page_of = (dests[str(target)] if isinstance(target, str)
                       else reader.get_page_number(target[0].get_object()) + 1)
            found.append((number, text.strip().strip(",–").strip(), page_of))
    return found


def folio_side(path: Path, number: int) -> str:
    """'left' or 'right': where the page number stands at the foot of page ``number``."""
    width = float(pypdf.PdfReader(path).pages[number - 1].mediabox.width)
    words = subprocess.run(["pdftotext", "-q", "-bbox", "-f", str(number), "-l", str(number),
                            str(path), "-"], capture_output=True, text=True, check=True).stdout
    feet = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(\d+)</word>', words)
    x, _, _ = max(feet, key=lambda word: float(word[1]))  # the lowest number on the page
    return "left" if float(x) < width / 2 else "right"


def test_the_body_is_laid_out_once_and_the_index_alone(monkeypatch, edition, trees, tmp_path):
    """One layout of the body and one of the index alone, where two layouts of the whole book
    (sometimes three) were made."""
    parts = []
    layout = pdf._layout

    def counting(html: str, extra_css: str = ""):
        part = ("index" if 'class="index-lead"' in html
                else "body" if 'class="index-intro"' not in html else "whole")
        parts.append(part)
        return layout(html, extra_css)

    monkeypatch.setattr(pdf, "_layout", counting)
    built = pdf.write_pdf(pdf.corpus(edition, list(trees.values())), tmp_path / "book.pdf")
    assert parts == ["body", "index"]
    assert built.pages == len(pypdf.PdfReader(built.path).pages)


@pytest.mark.parametrize("name", ["book", "cable-1456", "cable-1468", "cable-5515"])
def test_every_page_the_index_gives_is_where_its_link_leads(typeset, name):
    """The index's numbers come from the body's layout and are written out: each is the page
    on which the turn or mention it points to really fell in the joined PDF, and its link
    leads there."""
    links = index_links(typeset[name])
    assert len(links) >= 5, links
    for page, text, target in links:
        assert text == str(target), (name, page, text, target)
        assert target < index_start(typeset[name])


def test_the_index_keeps_its_page_number_and_side(typeset):
    """The index laid out on its own goes on from the body: its first page has the number
    that follows the body's last, on the side that number has (odd pages are right-hand)."""
    starts = {}
    for name, path in typeset.items():
        start = index_start(path)
        reader = pypdf.PdfReader(path)
        whole = subprocess.run(["pdftotext", "-q", "-f", str(start), "-l", str(start),
                                str(path), "-"], capture_output=True, text=True).stdout
        assert str(start) in re.findall(r"^\s*(\d+)\s*$", whole, re.M), (name, start)
        assert folio_side(path, start) == ("right" if start % 2 else "left"), (name, start)
        assert "Index of persons" in whole or "Persons in this document" in whole
        assert len(reader.pages) >= start
        starts[name] = start
    # an index that begins on a left page (one lead page) and one on a right page (two)
    assert {start % 2 for start in starts.values()} == {0, 1}, starts


def test_a_long_index_is_what_a_layout_of_the_whole_book_makes(monkeypatch, edition, trees,
                                                                 tmp_path):
    """An index of several pages (its type made large): page for page, running heads and
    page numbers included, the joined PDF reads as one layout of the whole HTML with the
    same page numbers (what the second layout of the whole book used to make)."""
    from weasyprint import CSS

    engine = pdf._engine

    def large_index():
        sheets, fonts = engine()
        return [*sheets, CSS(string=".persons-index { font-size: 30pt; }",
                             font_config=fonts)], fonts

    monkeypatch.setattr(pdf, "_engine", large_index)
    book = pdf.corpus(edition, list(trees.values()))
    joined = pdf.write_pdf(book, tmp_path / "joined.pdf").path
    body = pdf._layout(pdf.render_html(book, part="body"))
    whole = pdf._layout(pdf.render_html(book, anchor_pages=pdf._anchor_pages(body.pages)))
    whole.write_pdf(tmp_path / "whole.pdf")
    start = index_start(joined)
    pages = len(pypdf.PdfReader(joined).pages)
    assert pages - start >= 2, (start, pages)  # three pages or more: left and right heads

    def text(path: Path) -> list[str]:
        out = subprocess.run(["pdftotext", "-q", "-layout", str(path), "-"],
                             capture_output=True, text=True, check=True).stdout
        return out.split("\f")

    assert text(joined) == text(tmp_path / "whole.pdf")
    # the index's later pages carry the running heads of the book: its title on the left,
    # the index's on the right
    heads = [page.strip().splitlines()[0] for page in text(joined)[start:pages]]
    assert any(edition.title in head for head in heads), heads
    assert any("Index of persons" in head for head in heads), heads
    assert [folio_side(joined, n) for n in range(start, pages + 1)] == [
        "right" if n % 2 else "left" for n in range(start, pages + 1)]


def test_weasyprint_starts_without_running_a_compiler(tmp_path):
    """Importing WeasyPrint (in a fresh process) runs no gcc or ld to find Pango and
    HarfBuzz (ctypes.util.find_library would, for each of its Windows and macOS names); only
    the linker's cache is asked, and find_library is itself again afterwards."""
    script = """
import ctypes.util, json, subprocess, sys
started = []
popen = subprocess.Popen.__init__
def recording(self, args, *more, **options):
    started.append(args[0] if isinstance(args, (list, tuple)) else args)
    return popen(self, args, *more, **options)
subprocess.Popen.__init__ = recording
find_library = ctypes.util.find_library
import tei.publish.pdf as pdf
pdf._engine()
assert "weasyprint" in sys.modules
assert ctypes.util.find_library is find_library
print(json.dumps(sorted({str(name).rsplit("/", 1)[-1] for name in started})))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    assert set(json.loads(out)) <= {"ldconfig"}, out


def test_the_contents_take_the_same_room_before_their_page_numbers_are_known(edition, trees):
    """WeasyPrint lays a book out first without the contents' page numbers (their pages are
    not reached yet), then again the pages whose numbers came in; a number that moved a line
    of the contents moved every page after it, and the whole book was laid out once more (a
    40-document volume: 709 page layouts for 290 pages). Each number has a box of its own
    width: with or without it, every line of the contents stands where it stands."""
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(pdf.render_html(pdf.corpus(edition,
                                                                    list(trees.values()))))
    nav = root.find_class("contents")[0]
    toc = nav.find_class("toc")[0]
    entry = toc.find_class("toc-document")[0]
    for item in list(toc):
        toc.remove(item)
    # entries whose titles end a little further along the line each time: at one of them a
    # number that takes room of its own would go to the next line
    for k in range(48):
        copy = lxml_html.fromstring(lxml_html.tostring(entry))
        copy.set("id", f"entry-{k}")
        copy.find_class("toc-title")[0].text += " x" * k
        toc.append(copy)
    body = root.find("body")
    for child in list(body):
        body.remove(child)
    body.append(nav)
    for target in {a.get("href") for a in root.iter("a")} | {
            s.get("data-target") for s in root.find_class("toc-page")}:
        if target and target.startswith("#"):
            body.append(lxml_html.fromstring(f'<section id="{target[1:]}" '
                                             'style="break-before: page">x</section>'))
    known = lxml_html.tostring(root, encoding="unicode")
    unknown = re.sub(r'(href|data-target)="#(?!entry-)', r'\1="#nowhere-', known)

    def lines(markup: str) -> list[tuple[int, str, tuple[float, float]]]:
        return sorted((n, name, place) for n, page in enumerate(pdf._layout(markup).pages)
                      for name, place in page.anchors.items() if name.startswith("entry-"))

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # (the targets left out)
    with_numbers, without = lines(known), lines(unknown)
    assert {name for _, name, _ in with_numbers} == {f"entry-{k}" for k in range(48)}
    assert with_numbers == without


def test_the_page_references_are_made_once_while_the_pages_stay_the_same():
    """WeasyPrint asks pydyf for the references of every page for each element it tags: they
    were made again each time (pages × elements); they are kept until a page is added."""
    import pydyf

    pdf._engine()
    made = pydyf.PDF()
    for _ in range(3):
        made.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = made.page_references
    assert made.page_references is first and len(first) == 3
    made.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert made.page_references[:3] == first and len(made.page_references) == 4
    assert made.page_references == tuple(f"{n} 0 R".encode() for n in made.pages["Kids"][::3])


def test_a_page_that_gives_a_page_further_on_is_laid_out_twice_not_three_times(
        monkeypatch, edition, trees, tmp_path):
    """The contents and an original's heading ("translation, p. 12") give pages that come after
    them. WeasyPrint laid such a page out three times: once before the number was known, once
    more still with the old number, and once with the new; now twice, with the right number
    the second time (tei/publish/pdf.py, _target_counters_settled)."""
    from collections import Counter

    import weasyprint.layout.page as page_layout
    from lxml import html as lxml_html

    made: Counter[int] = Counter()
    remake = page_layout.remake_page

    def counting(index, *args, **kwargs):
        made[index] += 1
        return remake(index, *args, **kwargs)

    monkeypatch.setattr(page_layout, "remake_page", counting)
    markup = pdf.render_html(pdf.corpus(edition, list(trees.values())), part="body")
    laid = pdf._layout(markup)
    assert set(made) == set(range(len(laid.pages)))
    assert max(made.values()) == 2
    path = tmp_path / "body.pdf"
    laid.write_pdf(path)
    page_of: dict[str, int] = {}
    for number, page in enumerate(laid.pages, 1):
        for anchor in page.anchors:  # (a box's anchor is on every page it runs over)
            page_of.setdefault(anchor, number)
    headings = lxml_html.document_fromstring(markup).find_class("see-other")
    assert len(headings) >= 4  # (the two cables that have their original: both ways)
    for see in headings:
        link = see.find("a")
        section = next(a for a in see.iterancestors("section") if a.get("id"))
        here = page_of[section.get("id")]
        text = " ".join(subprocess.run(["pdftotext", "-f", str(here), "-l", str(here),
                                        str(path), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        said = f"{link.text}, p. {page_of[link.get('href')[1:]]}"
        assert said in text, (section.get("id"), said, text[:300])
    assert any(n > 1 for n in made.values())  # (the pages were laid out again at all)
