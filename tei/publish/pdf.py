"""The PDF edition: the edition's TEI -> one print HTML (XSLT 3.0) -> PDF (WeasyPrint).

Route: print HTML + CSS Paged Media, so that the element rules of ``xslt/common.xsl`` serve
the web and the print edition alike (Apache FOP would need the same rules written again as
XSL-FO, and cannot read the Noto CJK font collections).

The documents are assembled here into one ``teiCorpus`` (the edition's facts and the register
of persons in its header, the documents in the order they were sent) and transformed in one
run of ``xslt/print/book.xsl``: ids generated for notes and mentions are then unique across
the whole book, and every file is read by the one safe parser (``tei.xmlio``), never by
Saxon's ``doc()``.

The body of each book (a volume of the edition: ``build_pdf(volume_size=…)``, or one
document), everything before the index of persons, is laid out once; that layout tells on
which page every turn and mention of a person falls, so that the index can give each page
once and runs of pages as ranges ("12–14"). Only the index is then laid out again, on its
own, with those numbers written out, and its pages are joined to the body's (the index is
last: nothing before it depends on it). The other page numbers (contents, a reference to
another cable) are the engine's own (``target-counter``), so they cannot disagree with the
pages.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import json
import logging
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from .. import TEI_NS, XML_NS, __version__
from ..edition import Edition
from ..encode.corpus import corpus_file_desc
from ..errors import Problem, TeiCablesError
from ..parallel import Runner
from ..pointers import ids, keep_apart
from ..render import transform_to_string, xslt_path
from ..xmlio import atomic_path, output_path, parse_file, safe_stem, write_atomic

BOOK_XSL = "print/book.xsl"
#: The style sheets of the print edition, in cascade order: shared, then print.
STYLESHEETS = ("common.css", "print/book.css")
#: The fonts the print stylesheet names, and the Debian package of each (setup.sh installs
#: them). Without them WeasyPrint silently takes whatever fontconfig offers instead.
FONTS = {
    "Noto Serif": "fonts-noto-core",
    "Noto Sans": "fonts-noto-core",
    "Noto Serif CJK JP": "fonts-noto-cjk",
    "Noto Sans CJK JP": "fonts-noto-cjk",
}
_T = f"{{{TEI_NS}}}"
_XML_ID = f"{{{XML_NS}}}id"


@dataclass(frozen=True)
class Built:
    """One PDF written: where, how many pages, how long it took."""

    path: Path
    pages: int
    seconds: float
    #: True when the PDF was already what its inputs make (not typeset again)
    reused: bool = False


def _text(parent: etree._Element, tag: str, text: str = "", **attrib: str) -> etree._Element:
    element = etree.SubElement(parent, _T + tag, attrib)
    element.text = text or None
    return element


def document_date(tree: etree._ElementTree) -> str:
    """When the document was sent (ISO), for the book's order; '' when it does not say."""
    for path in ("//t:correspAction[@type='sent']/t:date/@when",
                 "//t:text/t:front/t:docDate/@when"):
        found = tree.xpath(path, namespaces={"t": TEI_NS})
        if found:
            return str(found[0])
    return ""


def document_index(edition: Edition) -> list[tuple[str, str, Path]]:
    """(date, id, path) of every document of the edition (``edition/tei/*.xml``, then those
    imported, ``edition/imported/*.xml``), in the order they were sent. Each file is read
    and let go: the index is all that stays in memory."""
    files = edition.document_files()
    if not files:
        raise TeiCablesError(Problem(str(edition.tei_dir), 0, 0, "no TEI documents (*.xml)"))
    index = []
    for path in files:
        root = parse_file(path).getroot()
        if root.tag != _T + "TEI" or not root.get(_XML_ID):
            raise TeiCablesError(Problem(str(path), root.sourceline or 1, 1,
                                         "not a TEI document with an xml:id"))
        index.append((document_date(root.getroottree()), root.get(_XML_ID), path))
    return sorted(index, key=lambda entry: entry[:2])


def load_paths(edition: Edition, paths: Sequence[Path]) -> list[etree._ElementTree]:
    """The documents at ``paths``, parsed, in that order, ready for one book."""
    trees = [parse_file(path) for path in paths]
    taken: set[str] = set()
    for path, tree in zip(paths, trees, strict=True):
        root = tree.getroot()
        if root.tag != _T + "TEI" or not root.get(_XML_ID):
            raise TeiCablesError(Problem(str(path), root.sourceline or 1, 1,
                                         "not a TEI document with an xml:id"))
        # an imported document's ids (its notes' fn1 …) are kept apart from the others' in
        # the book (the edition's own documents share their register's ids on purpose)
        if edition.is_imported(path):
            keep_apart(root, taken, root.get(_XML_ID))
        taken |= ids(root)
    return trees


def load_documents(edition: Edition) -> list[etree._ElementTree]:
    """The edition's TEI documents, parsed, in the order they were sent."""
    return load_paths(edition, [path for _, _, path in document_index(edition)])


def corpus(edition: Edition, documents: Sequence[etree._ElementTree]) -> etree._ElementTree:
    """A teiCorpus of the documents: the edition's facts and register of persons in its header.

    The register is only read (its persons, names and offices make the index); the documents
    are copied, so the caller's trees stay as they were.
    """
    root = etree.Element(_T + "teiCorpus", nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}lang", "en")
    header = _text(root, "teiHeader")
    corpus_file_desc(edition, "The documents of the edition, as they ship.", header)
    particdesc = _text(_text(header, "profileDesc"), "particDesc")
    listperson = _text(particdesc, "listPerson")
    if edition.persons_path.is_file():
        register = parse_file(edition.persons_path)
        for person in register.iter(_T + "person"):
            listperson.append(copy.deepcopy(person))
    for tree in documents:
        root.append(copy.deepcopy(tree.getroot()))
    return etree.ElementTree(root)


def font_problems() -> list[Problem]:
    """A warning for each font of the print stylesheet that fontconfig does not have, placed
    where the stylesheet names it (none when fontconfig cannot be asked)."""
    try:
        listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                                check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    css = xslt_path("print/book.css")
    lines = css.read_text(encoding="utf-8").splitlines()
    problems = []
    for font, package in FONTS.items():
        if font in families:
            continue
        line = next((n for n, text in enumerate(lines, 1) if f'"{font}"' in text), 0)
        column = lines[line - 1].find(f'"{font}"') + 1 if line else 0
        problems.append(Problem(str(css), line, column,
                                f"font '{font}' is not installed: the PDF would use another "
                                f"font (Debian package {package}; ./setup.sh installs it)",
                                "warning", "font"))
    return problems


@contextmanager
def _libraries_from_the_linker_cache() -> Iterator[None]:
    """While WeasyPrint is imported, ``ctypes.util.find_library`` answers from the linker's
    cache (``ldconfig -p``, read once).

    WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names for each, the
    Windows and macOS ones first ('libgobject-2.0-0' …); cffi asks find_library about each
    name that is not a file, and on Linux find_library runs ldconfig, then gcc, then ld for
    it: some fifty processes, 0.3-0.5 s of every start (Kozea/WeasyPrint#1125). The names it
    finds on Linux are in the cache (find_library gives a file name, which the dynamic loader
    resolves), and its last names are the sonames, which are opened without asking."""
    import ctypes.util
    import os
    import re
    import sys

    ldconfig = "/sbin/ldconfig" if Path("/sbin/ldconfig").is_file() else "ldconfig"
    try:
        listing = (subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=True,
                                  env={**os.environ, "LC_ALL": "C", "LANG": "C"}).stdout
                   if sys.platform.startswith("linux") else "")
    except (OSError, subprocess.CalledProcessError):
        listing = ""
    if not listing:
        yield
        return

    def from_cache(name: str) -> str | None:
        found = re.search(rf"\s(lib{re.escape(name)}\.[^\s]+)\s+\(libc6", listing)
        return found.group(1) if found else None

    find_library = ctypes.util.find_library
    ctypes.util.find_library = from_cache
    try:
        yield
    finally:
        ctypes.util.find_library = find_library


def _page_references_kept() -> None:
    """pydyf's ``PDF.page_references`` makes the tuple of every page's reference each time it
    is asked; WeasyPrint asks it for each element it tags and each link it writes, so writing
    a tagged book cost pages × elements (2 s of a 170-page volume's 15, more in a longer
    one). The same tuple is kept here until a page is added. Left as it is if pydyf no
    longer has that property (a version that may have changed it)."""
    import pydyf

    made = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(made, property) or getattr(made.fget, "kept", False):
        return

    def page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_tei_page_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_tei_page_references"] = (count, made.fget(pdf))
        return kept[1]

    page_references.kept = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


def _target_counters_settled() -> None:
    """A page that says on which page something is (the contents' numbers, "translation,
    p. 12") is laid out twice by WeasyPrint where once would do, after its first layout.

    WeasyPrint 70 lays the book out, then again the pages whose content changed, until none
    does. A ``target-counter(attr(href), page)`` is not known by the name of its target, so
    the news that the target's page is known never reaches it: its page is laid out a second
    time still with the old number, which is only worked out again afterwards because the
    page's own counters changed (the book's page count, known after the first layout), and the
    page is laid out a third time. Here, before each new round, every such content is worked
    out again with the book's page count and kept as worked out: the second layout has the
    number, and the third is not needed (a volume of 40 cables: 386 page layouts for 290 pages,
    338 with this; the same PDF). A content that changed marks its page to be laid out again,
    as WeasyPrint would. Left as it is if WeasyPrint no longer has what this relies on."""
    import copy

    import weasyprint.layout as layout

    make_all_pages = getattr(layout, "make_all_pages", None)
    if make_all_pages is None or getattr(make_all_pages, "settled", False):
        return

    def texts(box) -> list:
        return [getattr(b, "text", None) for b in box.descendants()]

    def settled(context, root_box, html, pages):
        collector = getattr(context, "target_collector", None)
        if pages and collector is not None:
            total, page_maker = [len(pages)], context.page_maker
            for (box, token), lookup in collector.counter_lookup_items.items():
                cached, index = lookup.cached_page_counter_values, lookup.page_maker_index
                if (token != "content" or not cached or cached.get("pages") == total
                        or index is None or index >= len(page_maker)):
                    continue
                values = copy.deepcopy(cached)
                values["pages"] = total
                before = texts(box)
                lookup.parse_again(values)
                lookup.cached_page_counter_values = values
                if texts(box) != before:
                    page_maker[index][-1]["content_changed"] = True
        return make_all_pages(context, root_box, html, pages)

    settled.settled = True  # type: ignore[attr-defined]
    layout.make_all_pages = settled


@cache
def _engine():
    """WeasyPrint's stylesheets and font configuration: loaded once per process."""
    try:
        with _libraries_from_the_linker_cache():
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration
    except OSError as exc:  # Pango or HarfBuzz missing: WeasyPrint cannot load them
        raise TeiCablesError(Problem(str(xslt_path("print/book.css")), 0, 0,
                                     f"WeasyPrint cannot start: {exc} (./setup.sh installs "
                                     "the libraries it needs)")) from exc

    _page_references_kept()
    _target_counters_settled()
    fonts = FontConfiguration()
    sheets = [CSS(filename=str(xslt_path(name)), font_config=fonts) for name in STYLESHEETS]
    return sheets, fonts


def own_files_only():
    """WeasyPrint's URL fetcher for the print HTML: ``data:`` URLs and the toolkit's own files
    (``xslt/``) only. An image an imported document names (``<graphic url>``) on the network,
    or anywhere else on this machine, is refused, so a PDF build never touches the network nor
    copies a local file into the book; WeasyPrint leaves the image out and logs why."""
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher

    own = xslt_path("").resolve()

    class OwnFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(url2pathname(parts.path)).resolve()
                allowed = path == own or own in path.parents
            else:
                allowed = parts.scheme == "data"
            if not allowed:
                raise ValueError(f"{url} is not fetched: the PDF edition reads no file from "
                                 "elsewhere and never the network")
            return super().fetch(url, headers)

    return OwnFilesOnly(allowed_protocols=("file", "data"))


def _layout(html: str, extra_css: str = ""):
    from weasyprint import CSS, HTML

    sheets, fonts = _engine()
    if extra_css:
        sheets = [*sheets, CSS(string=extra_css, font_config=fonts)]
    return HTML(string=html, base_url=str(xslt_path("print") / ""),
                url_fetcher=own_files_only()).render(stylesheets=sheets, font_config=fonts)


def _anchor_pages(pages: Sequence) -> str:
    """'anchor=page …' for every anchor of the pages (page numbers from 1)."""
    pairs: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for anchor in page.anchors:
            pairs.setdefault(anchor, number)
    return " ".join(f"{anchor}={page}" for anchor, page in pairs.items())


def render_html(book: etree._ElementTree, whole_book: bool = True, anchor_pages: str = "",
                edition_docs: str | None = None, volume: str = "", part: str = "all",
                lead_pages: int = 1) -> str:
    """The print HTML of a corpus (the whole book, or one document with its own index).

    ``edition_docs``: the documents a link may lead to, space-separated (a document's own PDF
    links to the PDFs of these, written beside it); by default the book's own. ``part``:
    'all', or 'body' (the index a heading only) and 'index' (the index alone, after
    ``lead_pages`` lead pages), which :func:`write_pdf` lays out apart and joins."""
    params = {"anchor-pages": anchor_pages, "volume": volume, "part": part,
              "lead-pages": str(lead_pages)}
    if edition_docs is not None:
        params["edition-docs"] = edition_docs
    return transform_to_string(BOOK_XSL, book, layout="book" if whole_book else "document",
                               **params)


#: The id of the index of persons' section (xslt/print/book.xsl): where the body ends.
INDEX_ID = "persons-index"


_pausing = {"books": 0, "was_on": False}
_pausing_lock = threading.Lock()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a book is laid out, and run once after.

    A layout makes millions of objects that live until the book is written: the collector,
    left on, walked them all again and again (15 full passes for a 40-cable volume), a fifth
    of the CPU time of typesetting, to free what is freed anyway when the book is written.
    Paused, the cycles the layout leaves (most of its objects: a 40-cable volume leaves 1.4
    million) wait for the one collection at the end, about 1 s, and 3 % more memory at the
    peak. Counted, so that books typeset on threads of one process (a Dask
    worker) turn it on again, if it was on, only when the last one is done."""
    with _pausing_lock:
        if _pausing["books"] == 0:
            _pausing["was_on"] = gc.isenabled()
            gc.disable()
        _pausing["books"] += 1
    try:
        yield
    finally:
        with _pausing_lock:
            _pausing["books"] -= 1
            last = _pausing["books"] == 0
            if last and _pausing["was_on"]:
                gc.enable()
        if last:
            # the youngest generation: what was made while paused (nothing was collected,
            # so nothing of it grew older); a fifth faster than a collection of everything
            gc.collect(0)


def write_pdf(book: etree._ElementTree, target: Path, whole_book: bool = True,
              edition_docs: str | None = None, volume: str = "") -> Built:
    """Typeset a corpus into the PDF ``target`` (written atomically); ``edition_docs`` as
    for :func:`render_html`.

    One layout of the body; the index, which alone needs the body's page numbers, is laid
    out after it on its own (a few pages) and its pages are joined to the body's."""
    with _collector_paused():
        return _write_pdf(book, target, whole_book, edition_docs, volume)


def _write_pdf(book: etree._ElementTree, target: Path, whole_book: bool,
               edition_docs: str | None, volume: str) -> Built:
    start = time.perf_counter()
    # WeasyPrint reports CSS it does not support as warnings; they are the stylesheet's
    # business, not the reader's, so only errors are shown.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    body = _layout(render_html(book, whole_book, "", edition_docs, volume, "body"))
    first = next((n for n, page in enumerate(body.pages) if INDEX_ID in page.anchors), None)
    if first is None:  # no index (nobody is named)
        final = body
    else:
        # The index's first page is page first + 1. One lead page before it (two when it is
        # a right page: page 1 is a right one) gives it the side and the running head it has
        # in the book, and the page counter is set so that it goes on from the body's; the
        # lead pages are dropped when the pages are joined.
        lead = 1 if first % 2 else 2
        css = f"@page :first {{ counter-reset: page {first + 1 - lead}; }}"
        index = _layout(render_html(book, whole_book, _anchor_pages(body.pages[:first]),
                                    edition_docs, volume, "index", lead), css)
        final = body.copy(body.pages[:first] + index.pages[lead:])
    with atomic_path(target) as tmp:
        final.write_pdf(tmp, pdf_identifier=target.stem.encode("utf-8"), pdf_tags=True)
    return Built(target, len(final.pages), time.perf_counter() - start)


#: Documents per volume of the book by default: about 300 pages. WeasyPrint's cost per page
#: grows with the size of the book (a 250-document volume of the benchmark had not finished in
#: 45 minutes at 3 GB), so many small volumes typeset in parallel beat a few large ones.
VOLUME_SIZE = 40
#: Beside the PDFs: what each was typeset from (a hash of its inputs) and its pages.
MANIFEST = ".tei-pdf.json"
MANIFEST_EACH = ".tei-pdf-each.json"  # (one PDF per document: beside the book, kept apart)


@dataclass(frozen=True)
class _Book:
    """One PDF to typeset: its documents, its file, whether it is a book or one document,
    the label of its volume, and the hash of everything it is made from."""

    paths: tuple[Path, ...]
    target: Path
    whole_book: bool
    volume: str
    digest: str


def _inputs_digest(edition: Edition) -> hashlib._Hash:
    """What every PDF is made from besides its documents: the stylesheets, the edition's
    settings and register, the toolkit's version, and this module (how a book is laid out:
    a change to it must typeset every PDF again, as a changed stylesheet does)."""
    digest = hashlib.sha256(__version__.encode())
    for path in [*sorted(xslt_path("print").glob("*")), xslt_path("common.xsl"),
                 xslt_path("common.css"), edition.root / "edition.toml", edition.persons_path,
                 Path(__file__)]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest


def _typeset(context: tuple[Edition, str | None], book: _Book) -> Built | Problem:
    """Typeset one PDF (a volume of the book, or one document): run on the runner's workers,
    each reading its own documents, so the main process holds none of them."""
    edition, edition_docs = context
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        trees = load_paths(edition, book.paths)
        return write_pdf(corpus(edition, trees), book.target, book.whole_book, edition_docs,
                         book.volume)
    except TeiCablesError as exc:
        return exc.problems[0]
    except OSError as exc:
        return Problem(str(book.target), 0, 0, f"cannot write the PDF: {exc.strerror}")


def build_pdf(edition: Edition, outdir: Path, each: bool = False, target: Path | None = None,
              progress: Callable[[Built], None] | None = None, volume_size: int = VOLUME_SIZE,
              runner: Runner | None = None) -> list[Built]:
    """``tei build pdf``: the book (``target``, default OUTDIR/edition.pdf) in volumes of
    ``volume_size`` documents (``edition-1.pdf`` … when there is more than one), or with
    ``each`` OUTDIR/<id>.pdf per document. The TEI is read from the edition (``edition/tei``).

    The PDFs are typeset on ``runner`` (local processes or Dask), each from its own
    documents; a PDF whose inputs are what they were when it was written (the manifest
    beside it) is not typeset again."""
    index = document_index(edition)
    edition_docs = None  # the book: its own chapters
    if each:
        # an imported document's id came from elsewhere: only its safe form names a file
        names = [safe_stem(doc_id) for _, doc_id, _ in index]
        plan = [((path,), output_path(outdir, f"{name}.pdf"), False, "")
                for (_, _, path), name in zip(index, names, strict=True)]
        edition_docs = " ".join(names)  # the PDFs written beside each other
    else:
        book = target or outdir / "edition.pdf"
        size = max(1, volume_size)
        volumes = [index[k:k + size] for k in range(0, len(index), size)]
        plan = []
        for k, volume in enumerate(volumes, start=1):
            if len(volumes) == 1:
                plan.append((tuple(p for _, _, p in volume), book, True, ""))
                continue
            first = (k - 1) * size + 1
            last = first + len(volume) - 1
            which = f"document {first}" if last == first else f"documents {first}–{last}"
            label = f"Volume {k} of {len(volumes)}: {which} of {len(index)}"
            plan.append((tuple(p for _, _, p in volume),
                         book.with_name(f"{book.stem}-{k}{book.suffix}"), True, label))
    shared = _inputs_digest(edition)
    shared.update(f"{each}\0{edition_docs}".encode())
    books = []
    for paths, pdf, whole_book, label in plan:
        digest = shared.copy()
        digest.update(f"{pdf.name}\0{whole_book}\0{label}".encode())
        for path in paths:
            digest.update(str(path.name).encode() + b"\0" + path.read_bytes())
        books.append(_Book(paths, pdf, whole_book, label, digest.hexdigest()))

    folder = books[0].target.parent
    manifest_path = folder / (MANIFEST_EACH if each else MANIFEST)
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    todo = [b for b in books if not b.target.is_file()
            or old.get(b.target.name, {}).get("digest") != b.digest]
    results: dict[Path, Built] = {
        b.target: Built(b.target, old[b.target.name]["pages"], 0.0, reused=True)
        for b in books if b not in todo}
    problems = []
    local = runner or Runner()
    for book, result in zip(todo, local.map(_typeset, todo, (edition, edition_docs), chunk=1),
                            strict=True):
        if isinstance(result, Problem):
            problems.append(result)
        else:
            results[book.target] = result
    built = [results[b.target] for b in books if b.target in results]
    if progress:
        for result in built:
            progress(result)
    # volumes of an earlier build that this one no longer makes
    if not each:
        for name in set(old) - {b.target.name for b in books}:
            stale = folder / name
            if stale.is_file() and stale.suffix == ".pdf":
                stale.unlink()
    manifest = {b.target.name: {"digest": b.digest, "pages": results[b.target].pages}
                for b in books if b.target in results}
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode())
    if problems:
        raise TeiCablesError(problems)
    return built
