"""The PDF edition (`tei build pdf`): read back with poppler-utils and pypdf.

The book is built once per session, by the README's own command (bare `tei build`), and every
check reads that PDF: each document's text is there, in order, nothing missing; fonts are
embedded and no glyph is missing; contents, bookmarks and page numbers agree; metadata. Page
1 and a page of Japanese are saved as PNGs in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from lxml import etree
from pypdf.generic import ByteStringObject, ContentStream, TextStringObject

import tei.publish.pdf as pdf_module
from tei import PROJECT_ROOT
from tei.cli import BUILD_STEPS, main
from tei.edition import DEFAULT_EDITION, load_edition
from tei.publish.pdf import corpus, load_documents, render_html, write_pdf
from tei.text import tree_text
from tei.xmlio import parse_file

from .conftest import NS, SHARED

ARTIFACTS = Path(__file__).parent / "artifacts"
MM = 72 / 25.4
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed "
                                "(./setup.sh --test installs it)")


# ------------------------------------------------------------------------------ helpers

def pdftotext(pdf: Path, first: int, last: int, body_only: bool = True) -> str:
    """The text of pages first..last (1-based), in the order the PDF holds it (``-raw``: the
    order in which it is copied out; poppler's reading-order guess reorders the telegram
    form's short fields). ``body_only``: without the running heads and page numbers, which
    stand in the top and bottom margins (cropped away)."""
    args = ["pdftotext", "-q", "-raw", "-enc", "UTF-8", "-f", str(first), "-l", str(last)]
    if body_only:
        width, height = _page_size(pdf)
        top, bottom = 18 * MM, 19 * MM  # the body box: 20 mm from the top, 22 from the bottom
        args += ["-r", "72", "-x", "0", "-y", str(int(top)), "-W", str(int(width)),
                 "-H", str(int(height - top - bottom))]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True, text=True)
    return out.stdout


def _page_size(pdf: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    return float(box.width), float(box.height)


#: What the comparison ignores: white space; hyphens (a line broken by hyphenation); the
#: square brackets and "TN:" of the transcription's conventions, which print as marks; the
#: mark of a page break in the translation's typescript (‖) and the page given after a
#: reference to another cable ("No. 1456 (p. 14)"), which the text does not have.
_IGNORED = re.compile(r"[\s\-\u00ad\u2010\[\]‖]|TN:")
_PAGE_REFERENCE = re.compile(r"\(p\.\d+\)")


def norm(text: str) -> str:
    return _PAGE_REFERENCE.sub("", _IGNORED.sub("", text))


def reference_blocks(tei: Path) -> list[str]:
    """The document's text (`tei text`) as blocks, in order, normalised.

    A translator's or editors' note is printed at the foot of the page, not where it stands:
    it is cut out of the reference (its place ends the block) and checked on its own.
    """
    tree = parse_file(tei)
    tree = copy.deepcopy(tree)
    for note in tree.getroot().xpath(".//t:text//t:note[not(@type='cable')]"
                                     "[not(ancestor::t:bibl or ancestor::t:biblStruct)]",
                                     namespaces=NS):
        marker = etree.Element(f"{{{NS['t']}}}ab")
        marker.tail = note.tail
        note.getparent().replace(note, marker)
    blocks = re.split(r"\n\s*\n", tree_text(tree))
    return [b for b in (norm(block) for block in blocks) if b]


def footnotes(tei: Path) -> list[str]:
    """The words of the notes printed as footnotes, normalised."""
    root = parse_file(tei).getroot()
    return [norm("".join(note.itertext()))
            for note in root.xpath(".//t:text//t:note[not(@type='cable')]"
                                   "[not(ancestor::t:bibl or ancestor::t:biblStruct)]",
                                   namespaces=NS)]


def without_footnotes(printed: str, notes: list[str]) -> str:
    """The printed text without the footnote areas ("1. Translator's note: …"), which stand
    at the foot of a page, inside a paragraph that runs on to the next page."""
    for note in notes:
        printed, found = re.subn(r"\d+\.(?:Translator’snote:|Editors’note:)?" + re.escape(note),
                                 "", printed, count=1)
        assert found, f"footnote not printed: {note[:60]!r}"
    return printed


def assert_in_order(blocks: list[str], printed: str, name: str) -> None:
    """Every block occurs whole in the printed text, each after the one before it.

    The earliest match is taken each time, so this never fails when an order exists; extra
    printed text (headings, the facts table, turn numbers) is allowed between blocks.
    """
    position = 0
    for block in blocks:
        found = printed.find(block, position)
        assert found >= 0, (f"{name}: not printed (in order): {block[:80]!r}; printed from "
                            f"there: {printed[position:position + 80]!r}")
        position = found + len(block)


def outline(pdf: Path) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """The bookmarks: (title, 1-based page, [(child title, page)])."""
    reader = pypdf.PdfReader(pdf)
    entries: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            title, page, _ = entries[-1]
            entries[-1] = (title, page, [(c.title, reader.get_destination_page_number(c) + 1)
                                         for c in item])
        else:
            entries.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return entries


def missing_glyphs(pdf: Path) -> list[str]:
    """Text drawn with no glyph: a CID code 0 (.notdef) or 0xFFFF (WeasyPrint's code for a
    character no font has) in a composite (Type0) font. pdftotext does not show these: the
    character is still in the text layer while the page shows an empty box."""
    reader = pypdf.PdfReader(pdf)
    found = []
    for number, page in enumerate(reader.pages, start=1):
        fonts = page["/Resources"].get("/Font", {})
        font = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = fonts[operands[0]].get_object()
            elif operator in (b"Tj", b"TJ", b"'", b'"') and font is not None:
                if font["/Subtype"] != "/Type0":
                    continue
                strings = operands[0] if operator == b"TJ" else operands[-1:]
                for item in strings:
                    if isinstance(item, TextStringObject):
                        data = item.get_original_bytes()
                    elif isinstance(item, ByteStringObject | bytes):
                        data = bytes(item)
                    else:
                        continue
                    codes = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]
                    if 0 in codes or 0xFFFF in codes:
                        found.append(f"page {number}: {font['/BaseFont']}")
    return found


def short_title(tei: Path) -> str:
    title = parse_file(tei).getroot().findtext(".//t:titleStmt/t:title[@type='main']",
                                               namespaces=NS)
    match = re.match(r"^(Cable No\. \d+), .*?, '(.*)'$", title)
    return f"{match.group(1)}: {match.group(2)}" if match else title


# ----------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The README's command, `tei build`, run once: build/pdf/edition.pdf and the TEI."""
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def book(built) -> Path:
    return built / "pdf" / "edition.pdf"


@pytest.fixture(scope="session")
def documents() -> list[Path]:
    """The edition's TEI files in the order the book prints them (by date sent)."""
    edition = load_edition()
    order = [t.getroot().get(f"{{{NS['xml']}}}id") for t in load_documents(edition)]
    return [edition.tei_dir / f"{doc_id}.xml" for doc_id in order]


@pytest.fixture(scope="session")
def bookmarks(book):
    return outline(book)


# -------------------------------------------------------------------------------- tests

def test_bare_build_makes_the_pdf_too(built):
    assert "pdf" in BUILD_STEPS
    assert (built / "tei" / "cable-1468.xml").is_file()
    assert (built / "pdf" / "edition.pdf").read_bytes()[:5] == b"%PDF-"


def test_bookmarks_list_the_front_matter_every_document_and_the_index(bookmarks, documents):
    titles = [title for title, _, _ in bookmarks]
    assert titles == ["Introduction", "Editorial principles", "Contents",
                      *[short_title(d) for d in documents], "Index of persons"]
    pages = [page for _, page, _ in bookmarks]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    for tei, (_, page, parts) in zip(documents, bookmarks[3:-1], strict=True):
        root = parse_file(tei).getroot()
        expected = [("Original (Japanese)" if div.get("type") == "original"
                     else "Translation (English)")
                    for div in root.findall("t:text/t:body/t:div", NS)]
        assert [title for title, _ in parts] == expected
        assert all(p >= page for _, p in parts)


def test_page_count_is_sane(book, bookmarks, documents):
    pages = len(pypdf.PdfReader(book).pages)
    info = subprocess.run(["pdfinfo", str(book)], capture_output=True, text=True, check=True)
    assert re.search(rf"^Pages:\s+{pages}$", info.stdout, re.M), info.stdout
    # title page, front matter, at least two pages a bilingual document, the index
    assert len(documents) * 2 + 4 <= pages <= 200
    assert bookmarks[-1][1] <= pages


def _toc_entry(title: str) -> str:
    """A contents line: the title (its words may wrap), leaders, the page at the line's end."""
    words = r"\s+".join(re.escape(word) for word in title.split())
    return words + r"[\s.]*?(\d+)[ \t]*$"


def test_contents_give_every_document_with_its_page(book, bookmarks, documents):
    contents_page = next(page for title, page, _ in bookmarks if title == "Contents")
    toc = subprocess.run(["pdftotext", "-layout", "-f", str(contents_page), "-l",
                          str(contents_page), str(book), "-"],
                         capture_output=True, text=True, check=True).stdout
    for title, page, parts in bookmarks:
        if title == "Contents":
            continue
        match = re.search(_toc_entry(title), toc, re.M)
        assert match, f"contents lack {title!r}"
        assert int(match.group(1)) == page, (title, match.group(1), page)
        rest = toc[match.end():]
        for part, part_page in parts:
            match = re.search(_toc_entry(part), rest, re.M)
            assert match and int(match.group(1)) == part_page, (title, part, part_page)
            rest = rest[match.end():]
    assert sum(short_title(d).split()[2] in toc for d in documents) == len(documents)


def test_every_word_of_every_document_is_printed_in_order(book, bookmarks, documents):
    starts = [page for _, page, _ in bookmarks]
    for tei, (_, first, _) in zip(documents, bookmarks[3:-1], strict=True):
        last = starts[starts.index(first) + 1] - 1
        printed = without_footnotes(norm(pdftotext(book, first, last)), footnotes(tei))
        assert_in_order(reference_blocks(tei), printed, tei.name)
        # and the document is the only one on its pages
        for other in documents:
            if other != tei:
                assert norm(short_title(other)) not in printed


def test_japanese_and_english_are_both_there(book, bookmarks):
    text = pdftotext(book, 1, bookmarks[-1][1])
    assert "日米首のう会談（少人数会合）（2の2）" in text
    assert "外務大臣殿" in norm(text)
    assert "Japan-United States Summit Meeting" in text
    assert "\ufffd" not in text


def test_fonts_are_embedded_and_those_setup_installs(book):
    out = subprocess.run(["pdffonts", str(book)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]
    assert rows
    names = [row[0].split("+", 1)[-1] for row in rows]
    # name, type..., encoding, emb, sub, uni, object, id: emb is the 5th column from the end
    assert all(row[-5] == "yes" for row in rows), out.stdout
    assert not any("Type 3" in line for line in out.stdout.splitlines()), out.stdout
    assert any("CJK-JP" in name for name in names), names
    # no slanted Japanese: there is no italic CJK face, only a synthetic distortion
    assert not any("CJK" in name and ("Oblique" in name or "Italic" in name) for name in names)
    assert "Noto-Serif" in names
    # only the fonts setup.sh installs (fonts-noto-core, fonts-noto-cjk): nothing by chance
    assert all(name.startswith("Noto-") for name in names), names


def test_no_glyph_is_missing(book):
    assert missing_glyphs(book) == []


def test_the_missing_glyph_check_sees_a_missing_glyph(tmp_path):
    """The check above is real: a character no font has is caught (pdftotext hides it)."""
    from weasyprint import HTML

    pdf = tmp_path / "tofu.pdf"
    HTML(string='<p lang="ja" style="font-family: \'Noto Serif CJK JP\'">日本 A\u0378B</p>'
         ).write_pdf(pdf)
    assert "\u0378" in pdftotext(pdf, 1, 1, body_only=False)
    assert missing_glyphs(pdf)


def test_pdf_metadata(book):
    reader = pypdf.PdfReader(book)
    edition = load_edition()
    assert reader.metadata.title == edition.title
    assert reader.metadata.author == edition.editor
    assert reader.metadata.subject == edition.subtitle
    assert reader.trailer["/Root"]["/Lang"] == "en"
    info = subprocess.run(["pdfinfo", str(book)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M), "not tagged for accessibility"


def test_title_page_and_running_heads(book, bookmarks, documents):
    title_page = pdftotext(book, 1, 1, body_only=False)
    edition = load_edition()
    for fact in (edition.title, edition.subtitle, edition.editor, "CC BY 4.0", edition.date):
        assert norm(fact) in norm(title_page), fact
    # the heads of a document's right-hand (odd) pages name the document; pages are numbered
    _, first, _ = bookmarks[3]
    page = first + 1 if first % 2 == 0 else first + 2
    whole = pdftotext(book, page, page, body_only=False)
    body = pdftotext(book, page, page)
    margins = norm(whole.replace(body, ""))
    assert norm(short_title(documents[0])) in margins
    assert str(page) in margins


def test_index_of_persons_gives_pages(book, bookmarks):
    _, page, _ = bookmarks[-1]
    index = pdftotext(book, page, len(pypdf.PdfReader(book).pages))
    assert "Hosokawa, Morihiro" in index and "細川護熙" in index
    entry = re.search(r"Hosokawa, Morihiro\s+細川護熙\s+([\d,–\s]+)", index)
    assert entry, index[:400]
    numbers = [int(n) for n in re.findall(r"\d+", entry.group(1))]
    # Hosokawa speaks in every document: pages in each of them
    doc_pages = [p for _, p, _ in bookmarks[3:]]
    for start, end in zip(doc_pages, doc_pages[1:], strict=False):
        assert any(start <= n < end for n in numbers), (start, end, numbers)


def test_redactions_and_additions_are_marked(book):
    html = render_html(corpus(load_edition(), load_documents(load_edition())))
    assert '<span role="note" class="tei-gap reason-redacted"' in html
    assert re.search(r'class="gap-desc">name blacked out<', html)
    assert re.search(r'class="bracket">\[</span>Hata<span class="bracket">\]', html)
    assert "[redacted:" not in html  # screen-reader words would be copied out of place
    text = pdftotext(book, 1, len(pypdf.PdfReader(book).pages))
    assert "part of title blacked out" in text
    assert "[Hata]" in text
    # the expansion may be broken over two lines of the page: compare the words
    assert "NAFTA [North American Free Trade Agreement]" in " ".join(norm_words(text).split())


def test_png_of_page_one_and_a_japanese_page(book, bookmarks):
    ARTIFACTS.mkdir(exist_ok=True)
    japanese = next(page for _, _, parts in bookmarks for title, page in parts
                    if title == "Original (Japanese)")
    for name, page in (("edition-page-1", 1), ("edition-japanese", japanese)):
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", "-f", str(page),
                        "-l", str(page), str(book), str(ARTIFACTS / name)], check=True)
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_each_document_as_its_own_pdf(built, documents, tmp_path):
    out = tmp_path / "each"
    result = CliRunner().invoke(main, ["build", "-o", str(built), "pdf", "--each", "-o",
                                       str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(f"{d.stem}.pdf" for d in documents)
    for tei in documents:
        pdf = out / f"{tei.stem}.pdf"
        reader = pypdf.PdfReader(pdf)
        assert reader.metadata.title == parse_file(tei).getroot().findtext(
            ".//t:titleStmt/t:title[@type='main']", namespaces=NS)
        printed = without_footnotes(norm(pdftotext(pdf, 1, len(reader.pages))),
                                    footnotes(tei))
        assert_in_order(reference_blocks(tei), printed, pdf.name)
        assert "Personsinthisdocument" in printed
        assert missing_glyphs(pdf) == []


def test_a_translators_note_is_a_footnote_on_its_page(tmp_path):
    """The shipped cables have no translator's note: one is added to a copy of a cable."""
    edition_dir = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, edition_dir)
    tei = edition_dir / "tei" / "cable-1468.xml"
    for other in (edition_dir / "tei").glob("*.xml"):
        if other != tei:
            other.unlink()
    note = ('<note type="translator" place="inline" resp="#mercado-stephen">literally, '
            '“cooling off”</note>')
    xml = tei.read_text(encoding="utf-8")
    xml = xml.replace("cooling off period will be necessary.",
                      "cooling off period" + note + " will be necessary.", 1)
    tei.write_text(xml, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--edition", str(edition_dir), "-o",
                                       str(tmp_path / "b"), "pdf", "--each"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "b" / "pdf" / "cable-1468.pdf"
    pages = len(pypdf.PdfReader(pdf).pages)
    printed = without_footnotes(norm(pdftotext(pdf, 1, pages)), footnotes(tei))
    assert_in_order(reference_blocks(tei), printed, pdf.name)
    footnote = norm("1. Translator’s note: literally, “cooling off”")
    on = [p for p in range(1, pages + 1) if footnote in norm(pdftotext(pdf, p, p))]
    assert len(on) == 1, "the note is printed once"
    page = norm(pdftotext(pdf, on[0], on[0]))
    # at the foot of the page: after the text of the page, on the page of its call
    assert page.endswith(footnote), page[-200:]
    assert norm("A cooling off period1 will be necessary") in page


def test_a_note_goes_with_its_call_where_weasyprint_would_part_them(tmp_path):
    """A note called from the last lines of a page that has no room left for it: the line of
    its call goes to the next page with it (``footnote-policy: line`` in book.css), rather
    than the note printed alone on the next page, away from its call, or out of order among
    that page's notes (as in the 1,000-cable book, before). Every paragraph of the three
    translations is given a note (41 notes, 33 pages); a word ``Kx<n>x`` before each call
    tells on which page the call is printed."""
    edition = load_edition()
    trees = load_documents(edition)
    n = 0
    for tree in trees:
        for p in tree.getroot().iterfind(".//t:div[@type='translation']//t:p", NS):
            n += 1
            if len(p):
                p[-1].tail = (p[-1].tail or "") + f" Kx{n}x"
            else:
                p.text = (p.text or "") + f" Kx{n}x"
            note = etree.SubElement(p, f"{{{NS['t']}}}note", type="translator",
                                    place="inline")
            note.text = f"annotation {n}"
    html = render_html(corpus(edition, trees), part="body")

    def parted(extra_css: str) -> tuple[int, list[list[int]]]:
        laid = pdf_module._layout(html, extra_css)
        path = tmp_path / "notes.pdf"
        laid.write_pdf(path)
        count, orders = 0, []
        for number in range(1, len(laid.pages) + 1):
            text = pdftotext(path, number, number, body_only=False)
            calls = [int(c) for c in re.findall(r"Kx(\d+)x", text)]
            notes = [int(c) for c in re.findall(r"annotation (\d+)", text)]
            count += len(set(notes) ^ set(calls))
            orders.append(notes)
        return count, orders

    ours, orders = parted("")
    weasyprints, _ = parted(".tei-note.footnote { footnote-policy: auto !important }")
    assert n == 41 and ours < weasyprints, (ours, weasyprints)
    printed = [note for page in orders for note in page]
    assert printed == list(range(1, n + 1))  # each once, in order


FRUS = SHARED / "corpus" / "frus" / "frus-history-documents"


@pytest.mark.shared
@pytest.mark.parametrize("name", ["1990-06-23-webster-to-boren",
                                  "1981-06-kogan-fgi-study-rp1261"])
def test_a_foreign_tei_document_prints_with_its_words(tmp_path, name):
    """A FRUS document (not of this edition) goes through the generic rules with its text;
    the study's endnotes become footnotes with their own numbers."""
    path = FRUS / f"{name}.xml"
    if not path.is_file():
        pytest.skip("the FRUS document is not in ../shared")
    tree = parse_file(path)
    pdf = tmp_path / "frus.pdf"
    built = write_pdf(corpus(load_edition(), [tree]), pdf, whole_book=False)
    printed = pdftotext(pdf, 1, built.pages)
    source = " ".join(tree.getroot().find("t:text", NS).itertext())
    words = set(re.findall(r"\w+", norm_words(source)))
    missing = words - set(re.findall(r"\w+", norm_words(printed)))
    # a word hyphenated at the foot of a page has the page's footnotes between its halves
    heads = set(re.findall(r"(\w+)[\-\u2010]\s*$", printed, re.M))
    tails = set(re.findall(r"^\s*(\w+)", printed, re.M))
    missing = {w for w in missing
               if not any(w[:i] in heads and w[i:] in tails for i in range(2, len(w) - 1))}
    assert not missing, sorted(missing)[:20]
    assert missing_glyphs(pdf) == []
    notes = tree.getroot().findall(".//t:text//t:note[@n]", NS)
    for note in notes:
        assert re.search(rf"(?m)^{note.get('n')}\. ", printed), f"footnote {note.get('n')}"


def norm_words(text: str) -> str:
    """Words across hyphenated line ends joined again."""
    return re.sub(r"[\-\u2010\u00ad]\s*\n\s*", "", text)


def test_stylesheets_are_the_shared_ones():
    """Print imports the element rules of the web edition; it does not restate them."""
    book_xsl = (PROJECT_ROOT / "xslt" / "print" / "book.xsl").read_text(encoding="utf-8")
    assert '<xsl:import href="../common.xsl"/>' in book_xsl
    from tei.publish.pdf import STYLESHEETS

    assert STYLESHEETS[0] == "common.css"


def test_footnotes_are_numbered_per_document_in_the_book():
    """Two documents with a note each: both notes are 1 (not 1 and 2), as on the web."""
    edition = load_edition()
    trees = load_documents(edition)[:2]
    for tree in trees:
        p = tree.getroot().find(".//t:body//t:p", NS)
        note = etree.SubElement(p, f"{{{NS['t']}}}note", type="translator", place="inline")
        note.text = "a note"
    html = render_html(corpus(edition, trees))
    assert re.findall(r'data-mark="(\d+)"', html) == ["1", "1"]
    assert html.count('class="tei-note type-translator footnote"') == 2
    note_ids = re.findall(r'<span id="(note-[^"]+)"', html)
    assert len(note_ids) == 2 and len(set(note_ids)) == 2, note_ids


def test_written_files_are_readable_like_any_other(built):
    """Published files get the umask's mode (0644 usually), not mkstemp's private 0600."""
    import os

    umask = os.umask(0o022)
    os.umask(umask)
    for path in (built / "pdf" / "edition.pdf", built / "tei" / "cable-1468.xml"):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, oct(path.stat().st_mode)


def test_every_internal_link_has_its_target():
    """Contents, index, turn numbers, speakers, links between cables: no link goes nowhere."""
    html = render_html(corpus(load_edition(), load_documents(load_edition())))
    all_ids = re.findall(r'\sid="([^"]+)"', html)
    duplicates = {i for i in all_ids if all_ids.count(i) > 1}
    assert not duplicates, "ids must be unique across the documents of the book"
    ids = set(all_ids)
    targets = set(re.findall(r'\shref="#([^"]+)"', html))
    assert targets and targets <= ids, sorted(targets - ids)[:10]
    # links between the cables go to the chapters of the book
    assert 'href="#cable-1456"' in html


def test_internal_links_are_in_the_pdf(book):
    reader = pypdf.PdfReader(book)
    links = [annot.get_object() for page in reader.pages for annot in page.get("/Annots", [])
             if annot.get_object()["/Subtype"] == "/Link"]
    internal = [a for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    assert len(internal) > 50


def test_the_pdf_is_reproducible(tmp_path):
    """The same TEI makes the same bytes: a library can cite the file by its checksum."""
    edition = load_edition()
    tree = next(t for t in load_documents(edition) if t.getroot().get(
        f"{{{NS['xml']}}}id") == "cable-1456")
    first, second = tmp_path / "a" / "cable-1456.pdf", tmp_path / "b" / "cable-1456.pdf"
    write_pdf(corpus(edition, [tree]), first, whole_book=False)
    write_pdf(corpus(edition, [tree]), second, whole_book=False)
    assert first.read_bytes() == second.read_bytes()


def test_an_edition_without_tei_is_a_located_error(tmp_path):
    edition = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, edition, ignore=shutil.ignore_patterns("*.xml"))
    result = CliRunner().invoke(main, ["build", "--edition", str(edition), "-o",
                                       str(tmp_path / "b"), "pdf"])
    assert result.exit_code == 2
    assert f"{edition / 'tei'}:0:0: error: no TEI documents" in result.output
    assert not (tmp_path / "b" / "pdf" / "edition.pdf").exists()


def test_a_missing_font_is_reported_where_the_stylesheet_names_it(monkeypatch):
    import tei.publish.pdf

    assert tei.publish.pdf.font_problems() == []  # setup.sh installed them all
    monkeypatch.setattr(tei.publish.pdf, "FONTS", {"No Such Font": "fonts-none",
                                            **tei.publish.pdf.FONTS})
    css = PROJECT_ROOT / "xslt" / "print" / "book.css"
    css_lines = css.read_text(encoding="utf-8").splitlines()
    problems = tei.publish.pdf.font_problems()
    assert [p.message.split(":")[0] for p in problems] == ["font 'No Such Font' is not installed"]
    assert problems[0].severity == "warning" and problems[0].line == 0
    # a font the stylesheet names is located at its line
    line = next(n for n, text in enumerate(css_lines, 1) if '"Noto Serif CJK JP"' in text)
    monkeypatch.setattr(tei.publish.pdf, "FONTS", {"Noto Serif CJK JP": "fonts-noto-cjk"})
    monkeypatch.setattr(tei.publish.pdf.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout="Noto Serif\n",
                                                                    stderr=""))
    (problem,) = tei.publish.pdf.font_problems()
    assert str(problem).startswith(f"{css}:{line}:")
    assert "fonts-noto-cjk" in str(problem) and str(problem).endswith("[font]")


def test_each_document_prints_the_archives_rights_statement_once(book, bookmarks, documents):
    starts = [page for _, page, _ in bookmarks]
    for tei, (_, first, _) in zip(documents, bookmarks[3:-1], strict=True):
        last = starts[starts.index(first) + 1] - 1
        printed = norm(pdftotext(book, first, last))
        root = parse_file(tei).getroot()
        for p in root.findall(".//t:msDesc//t:adminInfo/t:availability/t:p", NS):
            assert printed.count(norm("".join(p.itertext()))) == 1, (tei.name, p.text[:40])


def test_a_reference_to_another_cable_gives_its_page(book, bookmarks):
    page = next(p for title, p, _ in bookmarks if title.startswith("Cable No. 1456:"))
    text = pdftotext(book, 1, len(pypdf.PdfReader(book).pages))
    assert re.search(rf"Outgoing Telegram No. 1456 \(p.\s{page}\) Divided Telegram", text)


# ------------------------------------------------------------- imported documents


@pytest.mark.shared
def test_imported_documents_take_their_place_in_the_book(tmp_path):
    """Two documents imported from other archives (a FRUS-like volume's telegram, a letter of
    the correspondence SIG) are printed in the book in date order, with their words and their
    provenance."""
    from tei.exchange.importer import import_sources
    from tei.publish.pdf import build_pdf

    letter = SHARED / "corpus" / "other-tei" / "tei-correspondence-sig" / "example01_basic.xml"
    if not letter.is_file():
        pytest.skip("the correspondence examples are not in ../shared")
    root = tmp_path / "edition"
    (root / "tei").mkdir(parents=True)
    for name in ("edition.toml", "persons.xml"):
        shutil.copy(PROJECT_ROOT / "edition" / name, root)
    shutil.copy(PROJECT_ROOT / "edition" / "tei" / "cable-1456.xml", root / "tei")
    volume = PROJECT_ROOT / "tests" / "fixtures" / "exchange" / "frus-like-volume.xml"
    schema = str(PROJECT_ROOT / "tests" / "fixtures" / "exchange" / "any-xml.rng")
    import_sources([volume, letter], tmp_path / "all", schemas=(schema,))
    (root / "imported").mkdir()
    for name in ("frus-test-v1-d2.xml", "example01_basic.xml"):
        shutil.copy(tmp_path / "all" / name, root / "imported")
    (built,) = build_pdf(load_edition(root), tmp_path / "pdf")
    printed = norm(pdftotext(built.path, 1, built.pages, body_only=False))
    d2 = parse_file(root / "imported" / "frus-test-v1-d2.xml").getroot()
    for text in (" ".join(d2.find("t:text", NS).itertext()),
                 "Imported from another archive", "Office of Synthetic History",
                 "Example encoding for a basic correspondence between person A and B"):
        for word in re.findall(r"\w+", text):
            assert word in printed, word
    # in the order they were sent: the letter (1807), the telegram (1970), the cable (1994)
    # (from the editorial principles on: the introduction names the cable)
    start = printed.find(norm("Editorial principles"))
    order = [printed.find(norm(s), start) for s in (
        "Example encoding for a basic correspondence",
        "2. Telegram From the Department of State",
        "Japan-United States Summit Meeting (Small Group Meeting) (1 of 2)")]
    assert all(p >= 0 for p in order) and order == sorted(order), order


def test_imported_documents_keep_their_ids_apart_in_the_book(tmp_path):
    """Two documents from other archives that both number their notes fn1: in the book each
    note keeps an id of its own, and each document's link leads to its own note."""
    root = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, root, ignore=shutil.ignore_patterns("sources"))
    (root / "imported").mkdir()
    for name, words in (("letter-a", "first archive note"), ("letter-b", "second archive note")):
        (root / "imported" / f"{name}.xml").write_text(
            f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{name}"><teiHeader><fileDesc>'
            f'<titleStmt><title>{name}</title></titleStmt><publicationStmt><p>x</p>'
            '</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>'
            f'<text><body><p>See <ref target="#fn1">the note</ref>.<note xml:id="fn1">{words}'
            '</note></p></body></text></TEI>', encoding="utf-8")
    edition = load_edition(root)
    documents = load_documents(edition)
    notes = {}
    for tree in documents:
        doc = tree.getroot()
        for ref in doc.iter(f"{{{NS['t']}}}ref"):
            if ref.get("target", "").startswith("#"):
                target = doc.xpath("//*[@xml:id = $i]", i=ref.get("target")[1:])
                notes[doc.get(f"{{{NS['xml']}}}id")] = (ref.get("target"), target[0].text)
    assert notes == {"letter-a": ("#fn1", "first archive note"),
                     "letter-b": ("#letter-b.fn1", "second archive note")}
    html = render_html(corpus(edition, documents))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)
    # the files on disk are not changed
    assert 'xml:id="fn1"' in (root / "imported" / "letter-b.xml").read_text(encoding="utf-8")
