"""The HTML edition: the edition's TEI -> a static web site (``tei build html``).

The pages are drawn by XSLT (``xslt/html/``, which imports the shared ``xslt/common.xsl``);
this module decides which pages to write, where, and when:

- ``documents/<id>.html``  one page per TEI document of the edition (``document.xsl``), its
  own (``edition/tei``) and those imported from other archives (``edition/imported``, shown
  with their provenance);
- ``index.html``, ``persons.html``, ``places.html``, ``organisations.html``,
  ``chronology.html``, ``search.html``: the pages that list documents (``site.xsl``, run on a
  catalogue of every document);
- ``persons/<id>.html``     a page per person a document names: the documents, the person's
  roles and turns (``site.xsl`` too: the page as a result document, each document's item on
  it drawn with the document's page and put in place here);
- ``tei/<id>.xml``          the TEI files, for download (an imported one names the exchange
  schema, all of TEI P5, when it is built);
- ``assets/``               the style sheets and the script;
- ``pagefind/``             the search index (Pagefind, built from the document pages).

Rebuilding is incremental: ``.tei-site.json`` in the output folder keeps the hash of every
input TEI file and of everything else the pages depend on (stylesheets, assets, edition.toml,
the persons register, this module). When only some documents changed, only their pages are
rewritten, with their shards of the search index, and the pages that list documents when what
they show of them changed (their catalogue entries, ``xslt/html/entry.xsl``, kept in
``.tei-site/kept/`` with the rest of what each page gives: :mod:`tei.publish.kept`); when
anything else changed (or the site is built with search where it was built without, or the
reverse), everything is.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import queue
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import unescape as html_unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lxml import etree

from .. import TEI_NS, __version__
from ..edition import Edition
from ..errors import Problem, TeiCablesError
from ..parallel import Runner, parallel_context
from ..render import (
    XSLT_DIR,
    processor,
    saxon_node,
    stylesheet,
    transform_node,
    transform_node_to_file,
    transform_node_to_folder,
)
from ..schema import SCHEMA_DIR, xml_models_at
from ..xmlio import (
    atomic_path,
    parse_bytes,
    parse_file,
    saxon_parse_file,
    with_xml_models,
    write_atomic,
)
from . import kept
from . import search as index
from .cmif import FILE_NAME, cmif, corresp_desc, page_base, source_id
from .cmif import stamp as cmif_stamp

SITE_NS = "urn:tei-cables:site"
MANIFEST = ".tei-site.json"
#: The pages that list documents: rewritten whenever a document is added, changed or removed.
LISTING_PAGES = ("index", "persons", "places", "organisations", "chronology", "search")
#: The folder of the persons' pages (persons/<id>.html: the documents that name each person,
#: with their roles and turns), drawn with the listing pages.
PERSON_PAGES = "persons"
#: Files copied into assets/ (source path relative to xslt/ -> name in assets/).
ASSETS = {"common.css": "common.css", "html/site.css": "site.css", "html/site.js": "site.js"}
#: The edition's schemas, published beside the TEI downloads (schema/), so that a downloaded
#: file's xml-model PIs point to them.
SCHEMAS = ("tei-cables.rng", "tei-cables.sch", "tei-cables.xsd", "xml.xsd")
#: The exchange schema (all of TEI P5), which imported documents are checked against: published
#: beside them when it is built (its Schematron too).
EXCHANGE_SCHEMAS = ("tei-exchange.rng", "tei-exchange.sch")
_SCHEMA_TYPES = {".rng": "http://relaxng.org/ns/structure/1.0",
                 ".sch": "http://purl.oclc.org/dsdl/schematron"}
#: A document id becomes a file name and a URL path: keep it to these characters.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class SiteReport:
    """What a build did: the files it wrote and removed (relative to the output folder)."""

    outdir: Path
    documents: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dependencies_hash(edition: Edition, search: bool) -> str:
    """The hash of everything every page depends on, besides the documents themselves (and
    whether the site has search: what is kept of each page holds its search record then)."""
    digest = hashlib.sha256(__version__.encode() + (b" search" if search else b""))
    files = sorted(XSLT_DIR.glob("*.xsl")) + sorted(XSLT_DIR.glob("*.css"))
    files += sorted((XSLT_DIR / "html").glob("*"))
    files += [SCHEMA_DIR / name for name in SCHEMAS + EXCHANGE_SCHEMAS]
    files += [Path(__file__), edition.root / "edition.toml", edition.persons_path]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _built(names: tuple[str, ...]) -> tuple[str, ...]:
    """Those of the schema files ``names`` that exist in schema/."""
    return tuple(name for name in names if (SCHEMA_DIR / name).is_file())


def _site_params(edition: Edition, root: str) -> dict[str, str]:
    url = edition.url
    if url and not url.endswith("/"):
        url += "/"
    return {
        "site-title": edition.title,
        "site-subtitle": edition.subtitle,
        "site-publisher": edition.publisher,
        "site-editor": edition.editor,
        "site-date": edition.date,
        "site-licence": edition.licence,
        "site-licence-url": edition.licence_url,
        "site-url": url,
        "root": root,
        "image-hosts": " ".join(edition.image_hosts),
    }


def _register_ids(edition: Edition) -> str:
    """The ids of the register's persons, space-separated (entry.xsl's $register-ids)."""
    if not edition.persons_path.is_file():
        return ""
    root = parse_file(edition.persons_path).getroot()
    return " ".join(sorted({str(i) for i in root.xpath("//t:person/@xml:id",
                                                          namespaces={"t": TEI_NS})}))


def _write_catalogue(edition: Edition, outdir: Path, ids: list[str]) -> None:
    """Write the input of site.xsl (:data:`CATALOGUE`): the introduction, every document's
    entry (as entry.xsl wrote it, less its correspondence, cmif.xml's alone, and, for the
    edition's own documents, less its turns: those are on the persons' pages, whose items
    are drawn with each document's page; three quarters of a cable's entry), the register."""
    intro = etree.Element(f"{{{SITE_NS}}}intro", nsmap={"site": SITE_NS})
    for para in re.split(r"\n\s*\n", edition.introduction.strip()):
        if para.strip():
            etree.SubElement(intro, f"{{{SITE_NS}}}p").text = " ".join(para.split())
    register = etree.Element(f"{{{SITE_NS}}}register", nsmap={"site": SITE_NS})
    if edition.persons_path.is_file():
        register.append(parse_file(edition.persons_path).getroot())
    with atomic_path(outdir / CATALOGUE) as tmp, tmp.open("wb") as out:
        out.write(f'<site:site xmlns:site="{SITE_NS}">'.encode())
        out.write(etree.tostring(intro, encoding="utf-8"))
        for doc_id in ids:
            entry = kept.read(outdir, doc_id, kept.ENTRY)
            at = 0
            for span in sorted(filter(None, (_cmif_span(entry), _turns_span(entry)))):
                out.write(entry[at:span[0]])
                at = span[1]
            out.write(entry[at:])
        out.write(etree.tostring(register, encoding="utf-8"))
        out.write(b"</site:site>")


def _kept_corresp(edition: Edition, outdir: Path, path: Path, stem: str) -> bytes:
    """The document's correspDesc for cmif.xml, as its page's build kept it (made again from
    the document when it was lost)."""
    try:
        return kept.read(outdir, stem, kept.CORRESP)
    except (OSError, KeyError, ValueError):
        return corresp_desc(parse_file(path, collect_ids=False).getroot(), stem,
                            source_id(edition), page_base(edition))


_IMPORTED = re.compile(rb'<entry\b[^>]*?\simported="yes"')


def _turns_span(entry: bytes) -> tuple[int, int] | None:
    """Where an entry of the edition's own keeps its turns (``<turns>…</turns>``, one after
    the other), if it has any; None for an imported document's (its persons are listed on
    the persons page with their turns)."""
    start = entry.find(b"<turns")
    if start < 0 or _IMPORTED.match(entry):
        return None
    return start, entry.rindex(b"</turns>") + len(b"</turns>")


def _cmif_span(entry: bytes) -> tuple[int, int] | None:
    """Where the entry keeps the document's correspondence (``<cmif>…</cmif>``), if it does."""
    start = entry.find(b"<cmif>")
    return None if start < 0 else (start, entry.rindex(b"</cmif>") + len(b"</cmif>"))


def _tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


#: The date of cmif.xml (its publicationStmt's, the first date of the file).
_PUBLISHED = re.compile(rb'(<publicationStmt>.*?<date when=")[^"]*(")', re.S)

#: A link to another document of the edition: ``x.xml``, ``x.xml#y`` (the first token, as
#: xslt/common.xsl's tc:href reads it).
_DOC_LINK = re.compile(r"^([A-Za-z0-9._-]+)\.xml(#.*)?$")


def _link_targets(tree: etree._ElementTree) -> list[str]:
    """The documents (ids) the document links to, in the edition or not."""
    linked = set()
    for value in tree.xpath("//@target[contains(., '.xml')] | //@corresp[contains(., '.xml')]"):
        tokens = str(value).split()
        match = _DOC_LINK.match(tokens[0]) if tokens else None
        if match:
            linked.add(match.group(1))
    return sorted(linked)


def _load_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


#: Where builds before :mod:`tei.publish.kept` kept each page's parts, a file each: removed
#: by a whole build.
_LEGACY = (".tei-site/entries", ".tei-site/person-items", ".tei-site/cmif", ".tei-site/search")
#: The catalogue the listing pages are drawn from: the entries, joined (xslt/html/site.xsl).
CATALOGUE = ".tei-site/catalogue.xml"


@dataclass(frozen=True)
class _Pages:
    """What every document's page is made with (sent to each worker once)."""

    outdir: str
    params: dict[str, str]
    doc_ids: frozenset[str]
    models: tuple[str, ...]
    imported_models: tuple[str, ...]
    search: bool
    register_ids: str = ""
    cmif_source: str = ""  # (cmif.py's source_id and page_base of the edition)
    cmif_base: str = ""


@dataclass
class _Page:
    """One document's page: its state for the manifest, the files written, the problems."""

    doc_id: str
    #: {"sha", "size", "mtime", "links", "linked", "entry"}; None: not published
    state: dict | None = None
    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _kept(pages: _Pages, doc_id: str, old: dict) -> bool:
    """Whether what the last build wrote of a document still stands, when the document is as
    it was then: what is kept of it is there (:mod:`tei.publish.kept`), and the documents it
    links to are (or are not) in the edition as they were."""
    return kept.path(pages.outdir, doc_id).is_file() and sorted(
        set(old.get("links", ())) & pages.doc_ids) == old.get("linked")


def _untouched(pages: _Pages, item: tuple[str, str, bool, dict | None],
               kept_ids: set[str]) -> bool:
    """A document whose size and modification time (in nanoseconds) are as the last build
    recorded is taken as unchanged without being read again, as make and rsync judge; a
    touched one is read, and rebuilt if its bytes changed. (``--force`` reads everything.)
    ``kept_ids``: the documents the site keeps the parts of (:mod:`tei.publish.kept`)."""
    doc_id, path, _, old = item
    if not old or "mtime" not in old or doc_id not in kept_ids:
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return (stat.st_size == old.get("size") and stat.st_mtime_ns == old["mtime"]
            and sorted(set(old.get("links", ())) & pages.doc_ids) == old.get("linked"))


def _page_task(pages: _Pages, item: tuple[str, str, bool, dict | None]) -> _Page:
    """Write one document's page, its TEI download and what the site keeps of it (its
    catalogue entry, person items, correspondence, search record: :mod:`tei.publish.kept`);
    unless it and the documents it links to are as at the last build."""
    doc_id, path, imported, old = item
    out = Path(pages.outdir)
    page = _Page(doc_id)
    try:
        stat = os.stat(path)
        data = Path(path).read_bytes()
    except OSError as exc:
        page.problems.append(Problem(path, 0, 0, f"cannot read file: {exc.strerror}"))
        return page
    sha = _sha256(data)
    seen = {"size": stat.st_size, "mtime": stat.st_mtime_ns}
    if old and old.get("sha") == sha and _kept(pages, doc_id, old):
        page.state = {**old, **seen}  # (touched, not changed)
        return page
    try:
        tree = parse_bytes(data, path)
    except TeiCablesError as exc:
        page.problems.extend(exc.problems)
        return page
    root = tree.getroot()
    if root.tag != _tei("TEI"):
        page.problems.append(Problem(path, root.sourceline or 1, 1,
                                     "not a TEI document (the root is not TEI)"))
        return page
    links = _link_targets(tree)
    linked = sorted(set(links) & pages.doc_ids)
    # links to other documents are drawn only to the documents the edition has: the page is
    # given those it links to (and its own id, so that the list is never empty)
    params = {**pages.params, "doc-id": doc_id,
              "edition-docs": " ".join(sorted({doc_id, *linked}))}
    try:
        node = saxon_node(tree)  # read by Saxon once, for the page and the entry
        html = transform_node("html/document.xsl", node, path, **params)
        entry = transform_node("html/entry.xsl", node, path, **{
            "doc-id": doc_id, "register-ids": pages.register_ids})
    except TeiCablesError as exc:
        page.problems.extend(exc.problems)
        return page  # not recorded in the manifest: tried again next time

    def write(rel: str, content: bytes) -> None:
        write_atomic(out / rel, content)
        page.written.append(rel)

    write(f"documents/{doc_id}.html", html.encode("utf-8"))
    write(f"tei/{doc_id}.xml", with_xml_models(
        data, pages.imported_models if imported else pages.models))
    entry_bytes = entry.encode("utf-8")
    persons = _entry_persons(entry_bytes)
    try:
        items = _person_items(entry, pages.params, path) if persons else ""
    except TeiCablesError as exc:
        page.problems.extend(exc.problems)
        return page
    # (from the document already read, as `tei export --format cmif` makes it)
    corresp = corresp_desc(root, doc_id, pages.cmif_source, pages.cmif_base)
    parts = {kept.ENTRY: entry_bytes, kept.ITEMS: items.encode("utf-8"),
             kept.CORRESP: corresp}
    if pages.search:
        record = index.page_record(html, f"documents/{doc_id}.html")
        parts[kept.RECORD] = json.dumps(record, ensure_ascii=False).encode("utf-8")
    kept.write(out, doc_id, parts)
    # the entry's hash: when it is as before, the listing pages and cmif.xml are too
    page.state = {"sha": sha, **seen, "links": links, "linked": linked,
                  "entry": _sha256(entry_bytes), "persons": persons,
                  "date": _entry_date(entry_bytes)}
    return page


def _person_items(entry: str, params: dict[str, str], where: str) -> str:
    """The document's item on the page of each person its entry names (site.xsl's
    person-items: each after a comment naming the person)."""
    node = processor()[0].parse_xml(xml_text=f'<site:site xmlns:site="{SITE_NS}">{entry}'
                                    "</site:site>")  # (entry.xsl's text: no DOCTYPE)
    return transform_node("html/site.xsl", node, where, **params, page="person-items")


_PERSONS = re.compile(rb'<entry\b[^>]*?\spersons="([^"]*)"')


def _entry_persons(entry: bytes) -> list[str]:
    """The persons an entry names (its ``@persons``), whose pages list the document."""
    match = _PERSONS.match(entry)
    return sorted(set(match.group(1).decode("utf-8").split())) if match else []


_DATE = re.compile(rb'<entry\b[^>]*?\sdate="([^"]*)"')


def _entry_date(entry: bytes) -> str:
    """The entry's ``@date``: with its id, where the document stands in the edition's order
    (site.xsl's $docs)."""
    match = _DATE.match(entry)
    return html_unescape(match.group(1).decode("utf-8")) if match else ""


def _person_pages(everything: bool, changed: list[str], removed: list[str],
                  states: dict[str, dict], old_docs: dict[str, dict]) -> str:
    """Which persons' pages to draw again ($person-pages of site.xsl): '#all', or those
    named (before or now) by a document whose entry changed or which was removed."""
    if everything:
        return "#all"
    wanted: set[str] = set()
    for doc_id in changed:
        if states[doc_id].get("entry") == old_docs.get(doc_id, {}).get("entry"):
            continue
        for state in (states[doc_id], old_docs.get(doc_id, {"persons": []})):
            if "persons" not in state:  # (a manifest of an earlier version)
                return "#all"
            wanted.update(state["persons"])
    for doc_id in removed:
        if "persons" not in old_docs[doc_id]:
            return "#all"
        wanted.update(old_docs[doc_id]["persons"])
    return " ".join(sorted(wanted))


def _write_person_pages(catalogue, outdir: Path, params: dict[str, str], wanted: str,
                        states: dict[str, dict], report: SiteReport) -> None:
    """persons/<id>.html for the persons ``wanted`` (site.xsl's $person-pages) that some
    document names, each replacing its file when all are written; the page of a wanted
    person no document names any more is removed (with ``'#all'``: every page not written).

    Saxon draws each page without its documents; their items, drawn with each document's
    page (kept with it, :mod:`tei.publish.kept`), are put in in the order of the edition
    here: one changed document does not draw again the thousands of others a person's page
    lists."""
    folder = outdir / PERSON_PAGES
    staging = outdir / ".tei-site" / "persons.new"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        written = transform_node_to_folder("html/site.xsl", catalogue, staging, "site.xsl",
                                           **{**params, "root": "../"}, page="person-pages",
                                           **{"person-pages": wanted}).split()
        _fill_person_pages(outdir, staging, written, states)
    except TeiCablesError as exc:
        report.problems.extend(exc.problems)
        shutil.rmtree(staging, ignore_errors=True)
        return
    folder.mkdir(exist_ok=True)
    for person in written:
        os.replace(staging / f"{person}.html", folder / f"{person}.html")
        report.written.append(f"{PERSON_PAGES}/{person}.html")
    shutil.rmtree(staging, ignore_errors=True)
    stale = ({p.stem for p in folder.glob("*.html")} if wanted == "#all"
             else set(wanted.split())) - set(written)
    for person in sorted(stale):
        if (folder / f"{person}.html").is_file():
            (folder / f"{person}.html").unlink()
            report.removed.append(f"{PERSON_PAGES}/{person}.html")


#: Where site.xsl leaves room for a person's documents (its $site:items-here), and what
#: comes before each document's item for a person (its person-items).
_ITEMS_HERE = b"<!--tei-cables:person-items-->"
_ITEM = re.compile(rb"<!--person:([^>]*?)-->")
#: Persons' pages filled at once (each an open file): a register of thousands in rounds.
_PAGES_AT_ONCE = 256


def _fill_person_pages(outdir: Path, staging: Path, persons: list[str],
                       states: dict[str, dict]) -> None:
    """Put into each drawn page of ``persons`` (in ``staging``) the items of the documents
    that name the person, in the order of the edition (site.xsl's $docs: by date, then id),
    each document's items read once for all the pages, the pages written as they grow."""
    order = sorted(states, key=lambda d: (states[d].get("date", ""), d))
    for start in range(0, len(persons), _PAGES_AT_ONCE):
        group = set(persons[start:start + _PAGES_AT_ONCE])
        tails: dict[str, bytes] = {}
        with contextlib.ExitStack() as stack:
            pages = {}
            for person in sorted(group):
                drawn = (staging / f"{person}.html").read_bytes()
                head, here, tail = drawn.partition(_ITEMS_HERE)
                if not here:
                    raise TeiCablesError(Problem(str(staging / f"{person}.html"), 0, 0,
                                                 "site.xsl drew no place for the documents"))
                page = stack.enter_context(open(staging / f"{person}.part", "wb"))
                page.write(head)
                pages[person], tails[person] = page, tail
            for doc_id in order:
                if group.isdisjoint(states[doc_id].get("persons", ())):
                    continue
                try:
                    drawn = kept.read(outdir, doc_id, kept.ITEMS)
                except (OSError, KeyError, ValueError) as exc:
                    where = kept.path(outdir, doc_id)
                    raise TeiCablesError(Problem(str(where), 0, 0, "cannot read the document's"
                                                 f" items for the persons' pages: {exc}")) from exc
                parts = _ITEM.split(drawn)  # ['', person, item, person, item …]
                for person, item in zip(parts[1::2], parts[2::2], strict=True):
                    page = pages.get(person.decode("utf-8"))
                    if page is not None:
                        page.write(item)
            for person, page in pages.items():
                page.write(tails[person])
        for person in group:
            os.replace(staging / f"{person}.part", staging / f"{person}.html")


def build_site(edition: Edition, outdir: Path, *, force: bool = False,
               progress: Callable[[int], None] | None = None,
               search: bool = True, runner: Runner | None = None) -> SiteReport:
    """Build (or bring up to date) the HTML edition of ``edition`` in ``outdir``.

    ``force`` rewrites everything; ``progress`` is called with 1 after each document page;
    ``search`` False skips the search index (Pagefind). The pages are written by ``runner``
    (local processes, a Dask cluster: tei.parallel), one document at a time in each, so that
    memory does not grow with the edition; the listing pages and cmif.xml are drawn from
    what was kept of each document (its catalogue entry, xslt/html/entry.xsl), the search
    index from its record, a shard at a time.
    """
    if runner is None:
        with Runner() as own:
            return build_site(edition, outdir, force=force, progress=progress,
                              search=search, runner=own)
    outdir = Path(outdir)
    report = SiteReport(outdir)
    try:  # compiled once for the whole build; a broken stylesheet stops it here
        stylesheet("html/document.xsl")
        stylesheet("html/entry.xsl")
        stylesheet("html/site.xsl")
    except TeiCablesError as exc:
        report.problems.extend(exc.problems)
        return report
    sources = edition.document_files()
    manifest_path = outdir / MANIFEST
    old = {} if force else _load_manifest(manifest_path)
    deps = _dependencies_hash(edition, search)
    everything = old.get("dependencies") != deps or not (outdir / "index.html").is_file()
    old_docs: dict[str, dict] = {} if everything else {
        k: v for k, v in old.get("documents", {}).items() if isinstance(v, dict)}

    def write(rel: str, data: bytes) -> None:
        write_atomic(outdir / rel, data)
        report.written.append(rel)

    if everything:
        for legacy in _LEGACY:  # (what is kept of each page, as builds before kept it)
            shutil.rmtree(outdir / legacy, ignore_errors=True)
        for src, name in ASSETS.items():
            write(f"assets/{name}", (XSLT_DIR / src).read_bytes())
        for name in SCHEMAS + _built(EXCHANGE_SCHEMAS):
            write(f"schema/{name}", (SCHEMA_DIR / name).read_bytes())
    # a downloaded TEI file names the published schemas: by URL when the edition has one
    url = _site_params(edition, "")["site-url"]
    base = f"{url}schema/" if url else "../schema/"
    imported_models = tuple(f'href="{base}{name}" type="application/xml" '
                            f'schematypens="{_SCHEMA_TYPES[Path(name).suffix]}"'
                            for name in _built(EXCHANGE_SCHEMAS))

    items: list[tuple[str, str, bool, dict | None]] = []
    taken: set[str] = set()
    imported = functools.cache(lambda folder: edition.is_imported(folder / "x.xml"))
    for path in sources:
        doc_id = path.stem
        if not SAFE_ID.match(doc_id):
            report.problems.append(Problem(str(path), 0, 0, "the file name cannot be a page "
                                           "name: use letters, digits, '.', '_' and '-'"))
        elif doc_id in taken:
            report.problems.append(Problem(str(path), 0, 0, f"the edition already has a "
                                           f"document {doc_id}: this one is not published "
                                           "(import it again: `tei import` gives it another "
                                           "name)", rule="id-taken"))
        else:
            taken.add(doc_id)
            items.append((doc_id, str(path), imported(path.parent), old_docs.get(doc_id)))
    pages = _Pages(str(outdir), _site_params(edition, "../"), frozenset(taken),
                   tuple(xml_models_at(base)), imported_models, search, _register_ids(edition),
                   source_id(edition), page_base(edition))
    states: dict[str, dict] = {}
    changed: list[str] = []
    # the documents as they were are not sent to the workers: at 10,000 documents, reading
    # each again (or only sending it) costs more than the page that changed
    todo = []
    kept_ids = kept.ids(outdir) if old_docs else set()
    for item in items:
        if _untouched(pages, item, kept_ids):
            states[item[0]] = item[3]
            if progress:
                progress(1)
        else:
            todo.append(item)
    early = (_EarlyIndex(outdir, [item[0] for item in todo])
             if everything and search and not runner.distributed and runner.jobs > 1
             and len(todo) >= EARLY_INDEX_FROM else None)
    for page in _drawn(runner, todo, pages, early):
        if progress:
            progress(1)
        report.problems.extend(page.problems)
        report.written.extend(page.written)
        if page.state is not None:
            states[page.doc_id] = page.state
            if page.written:
                changed.append(page.doc_id)
        if early is not None:
            early.drawn(page)
    report.documents = len(states)
    removed = sorted(set(old_docs) - set(states))
    for doc_id in removed:
        for rel in (f"documents/{doc_id}.html", f"tei/{doc_id}.xml"):
            if (outdir / rel).exists():
                (outdir / rel).unlink()
                report.removed.append(rel)
        kept.forget(outdir, doc_id)

    ids = sorted(states)
    shards = index.shards(ids) if search else []
    # after a change, the search index is built while the listing pages are drawn: Pagefind,
    # a process of its own (some 450 MB, its shards one after the other), on one core, this
    # process on the other (at 10,000 cables, 4 s instead of 7). A whole build, where this
    # process has grown with the pages of every document, builds what is left of the index
    # first, alone: the two at once would come near 800 MB (on local processes, most of it
    # was built beside the last pages: _EarlyIndex)
    built = early.finish(states) if early is not None else {}
    searching = _Searching(outdir, shards, states,
                           old.get("shards", {}) if not everything else built, runner, search,
                           set(built))
    searching.start()
    if everything:
        searching.join(report)
    try:
        _write_listings(edition, outdir, report, write, shards, states, old_docs, everything,
                        changed, removed, sources)
    finally:
        searching.join(report)
    write_atomic(manifest_path, json.dumps(
        {"dependencies": deps, "documents": dict(sorted(states.items())),
         "shards": {index.bundle(k): _shard_hash(ids, states) for k, ids in
                    enumerate(shards)}},
        separators=(",", ":")).encode("utf-8"))  # (indented, it takes 10 times as long)
    return report


#: A whole build of at least this many documents, on local processes, builds the search index
#: while its last pages are drawn (:class:`_EarlyIndex`).
EARLY_INDEX_FROM = 2 * index.SHARD_SIZE
#: The share of those pages drawn by every worker before the index begins: the rest are
#: drawn by this process while Pagefind indexes beside it (12.5-13.5 ms a page on one core
#: beside Pagefind, against Pagefind's 6.5-7 ms a document: both end together; 0.55 when a
#: page took 14-15 ms).
EARLY_SHARE = 0.5


def _drawn(runner: Runner, todo: list, pages: _Pages,
           early: _EarlyIndex | None) -> Iterator[_Page]:
    """Each document's page drawn (in the order of ``todo``): by ``runner``, or, with
    ``early``, the first pages by every worker and the last here, once the workers are gone,
    while ``early`` indexes the shards whose pages are drawn (Pagefind on a core of its own).
    Two workers beside Pagefind would take some 1,040 MB; this process beside it, some 700."""
    if early is None:
        yield from runner.map(_page_task, todo, pages)
        return
    split = round(len(todo) * EARLY_SHARE)
    yield from runner.map(_page_task, todo[:split], pages)  # (its workers stop at the end)
    early.start()
    try:
        yield from Runner().map(_page_task, todo[split:], pages)
    except BaseException:
        early.finish({})
        raise


def _early_shards(outdir: str, inbox, outbox) -> None:
    """In a process of its own: build the shards ``(k, ids)`` that come in ``inbox`` (until
    None) with one Pagefind, each outcome into ``outbox`` (:func:`search.build_shards`)."""
    for problem in index.build_shards(outdir, iter(inbox.get, None)):
        outbox.put(problem)


class _EarlyIndex:
    """The search shards of a whole build, built (one Pagefind, :func:`search.build_shards`)
    as soon as every page of a shard is drawn, while the last pages are drawn.

    The shards are those of the documents to draw, should all be drawn: a shard is queued
    once its pages are, unless a page that could not be drawn comes before its last document
    (its documents, and those of every later shard, are then others). What :meth:`finish`
    gives is what was built, by shard hash: the build's own shards are compared with it and
    those that differ are built after, as they would be without this. Pagefind is fed from
    a small process of its own: from a thread of this one, which draws pages with Saxon
    (holding the interpreter's lock for each transformation), it was fed a record at a time
    and took a quarter longer."""

    def __init__(self, outdir: Path, ids: list[str]) -> None:
        self.outdir = outdir
        self.plan = index.shards(ids)
        self.shard_of = {doc_id: k for k, shard in enumerate(self.plan) for doc_id in shard}
        self.left = [len(shard) for shard in self.plan]
        self.queued: list[tuple[int, list[str]]] = []
        self.missing: str | None = None  # the first (by id) page that could not be drawn
        self.process = None
        self.inbox = self.outbox = None

    def start(self) -> None:
        context = parallel_context()
        self.inbox, self.outbox = context.Queue(), context.Queue()
        self.process = context.Process(target=_early_shards, name="search index, early",
                                       args=(str(self.outdir), self.inbox, self.outbox),
                                       daemon=True)
        self.process.start()
        for item in self.queued:  # (any queued before it started)
            self.inbox.put(item)

    def drawn(self, page: _Page) -> None:
        """Called for each page drawn, in this build's thread."""
        k = self.shard_of.get(page.doc_id)
        if k is None:
            return
        if page.state is None:
            self.missing = min(self.missing or page.doc_id, page.doc_id)
        self.left[k] -= 1
        while (len(self.queued) < len(self.plan) and self.left[len(self.queued)] == 0
               and (self.missing is None or self.plan[len(self.queued)][-1] < self.missing)):
            item = (len(self.queued), self.plan[len(self.queued)])
            self.queued.append(item)
            if self.process is not None:
                self.inbox.put(item)

    def finish(self, states: dict[str, dict]) -> dict[str, str]:
        """Wait for the shards queued; the hash of each one built (its documents as drawn).
        A shard with no outcome (its process gone) is left to be built after."""
        if self.process is None:
            return {}
        self.inbox.put(None)
        outcome: list[Problem | None] = []
        while len(outcome) < len(self.queued):
            try:
                outcome.append(self.outbox.get(timeout=1))
            except queue.Empty:
                if not self.process.is_alive():
                    break
        self.process.join(timeout=60)
        if self.process.is_alive():
            self.process.kill()
        return {index.bundle(k): _shard_hash(ids, states)
                for (k, ids), problem in zip(self.queued, outcome, strict=False)
                if problem is None and all(doc_id in states for doc_id in ids)}


class _Searching(threading.Thread):
    """The search index (:func:`_index_search`) built beside the rest of the build; what it
    wrote and the problems it met are kept apart and joined to the report at the end, in the
    order they came (the same report whatever finished first)."""

    def __init__(self, outdir: Path, shards: list[list[str]], states: dict[str, dict],
                 old: dict[str, str], runner: Runner, search: bool,
                 fresh: set[str] | None = None) -> None:
        super().__init__(name="search index", daemon=True)
        self.args = (outdir, shards, states, old)
        self.fresh = fresh or set()
        self.runner, self.search = runner, search
        self.own = SiteReport(outdir)
        self.failure: BaseException | None = None

    def run(self) -> None:
        if not self.search:
            return
        try:
            _index_search(*self.args, self.own, self.runner, self.fresh)
        except BaseException as exc:  # raised again in the build's own thread (join)
            self.failure = exc

    def join(self, report: SiteReport | None = None) -> None:  # type: ignore[override]
        """Wait for the index; its outcome is joined to ``report`` once (a second call: no)."""
        super().join()
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure
        if report is not None:
            report.problems.extend(self.own.problems)
            report.written.extend(self.own.written)
            report.removed.extend(self.own.removed)
            self.own = SiteReport(self.own.outdir)


def _write_listings(edition: Edition, outdir: Path, report: SiteReport,
                    write: Callable[[str, bytes], None], shards: list[list[str]],
                    states: dict[str, dict], old_docs: dict[str, dict], everything: bool,
                    changed: list[str], removed: list[str], sources: list[Path]) -> None:
    """The pages that list documents, the persons' pages and cmif.xml, when what they show of
    a document changed; else cmif.xml's date, which may have."""
    ids = sorted(states)
    # the listing pages and cmif.xml are drawn from the entries alone: redrawn when one of
    # them changed (a document's title, date, summary, turns …), not for a changed word of a
    # text they do not show
    relisted = everything or removed or any(
        states[doc_id].get("entry") != old_docs.get(doc_id, {}).get("entry")
        for doc_id in changed) or not all(
        (outdir / name).is_file() for name in (*(f"{p}.html" for p in LISTING_PAGES), FILE_NAME))
    if relisted:
        # the catalogue is written to a file, an entry at a time, and parsed by Saxon from
        # there; the pages go from Saxon straight to their files (index.html of 10,000
        # cables is 7 MB): the memory of this process stays flat in the edition's size
        _write_catalogue(edition, outdir, ids)
        # (its text is ours, entry.xsl's and the register's as lxml wrote them: no DOCTYPE;
        # read by Saxon from the file, not held as a string besides)
        catalogue = saxon_parse_file(processor()[0], outdir / CATALOGUE)
        params = {**_site_params(edition, ""),
                  "search-bundles": " ".join(index.bundle(k) for k in range(len(shards)))}
        for name in LISTING_PAGES:
            try:
                transform_node_to_file("html/site.xsl", catalogue, outdir / f"{name}.html",
                                       "site.xsl", **params, page=name)
            except TeiCablesError as exc:
                report.problems.extend(exc.problems)
                continue
            report.written.append(f"{name}.html")
        # a page per person named in a document; only those whose documents changed
        _write_person_pages(catalogue, outdir, params,
                            _person_pages(bool(everything) or not (outdir / PERSON_PAGES).is_dir(),
                                          changed, removed, states, old_docs), states, report)
        del catalogue
        # the correspondence for letter aggregators (CMIF), linked from every page's head
        with contextlib.suppress(TeiCablesError):  # an unreadable document: see its page
            write(FILE_NAME, cmif(edition, [(p, p.stem) for p in sources if p.stem in states],
                                  functools.partial(_kept_corresp, edition, outdir)))
    elif (outdir / FILE_NAME).is_file():
        # what cmif.xml says of the documents is as it was; its date (the newest document's
        # time: one changed or only touched) may not be: set there, as a full build would
        when = cmif_stamp([p for p in sources if p.stem in states]).encode()
        data = (outdir / FILE_NAME).read_bytes()
        dated = _PUBLISHED.sub(lambda m: m.group(1) + when + m.group(2), data, count=1)
        if dated != data:
            write(FILE_NAME, dated)


def _shard_hash(ids: list[str], states: dict[str, dict]) -> str:
    return _sha256("\n".join(f"{i} {states[i]['sha']}" for i in ids).encode())


def _index_search(outdir: Path, shards: list[list[str]], states: dict[str, dict],
                  old: dict[str, str], report: SiteReport, runner: Runner,
                  fresh: set[str] | None = None) -> None:
    """Build the search index: the shards whose documents changed, from their records; remove
    the shards the edition no longer has. Here one Pagefind builds them one after the other
    (it takes some 450 MB: one is all the memory allows beside the build); on a Dask cluster,
    each on a worker with a Pagefind of its own. ``fresh``: bundles this build has written
    already (:class:`_EarlyIndex`), reported as written in their place."""
    todo = [(k, ids) for k, ids in enumerate(shards)
            if old.get(index.bundle(k)) != _shard_hash(ids, states)
            or not (outdir / index.bundle(k) / "pagefind.js").is_file()]
    built = (runner.map(index.shard_task, todo, str(outdir), chunk=1) if runner.distributed
             else index.build_shards(str(outdir), todo))
    outcome = dict(zip((k for k, _ in todo), built, strict=True))
    for k in range(len(shards)):
        if k in outcome and outcome[k] is not None:
            report.problems.append(outcome[k])
        elif k in outcome or index.bundle(k) in (fresh or ()):
            report.written.append(f"{index.bundle(k)}/")
    for stale in sorted(outdir.glob("pagefind*")):
        if stale.is_dir() and stale.name not in {index.bundle(k) for k in range(len(shards))}:
            shutil.rmtree(stale)
            report.removed.append(f"{stale.name}/")


class _Handler(SimpleHTTPRequestHandler):
    """Static files with the types Pagefind needs; quiet when its server says so."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript",
                      ".xml": "application/xml", ".json": "application/json"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


class SiteServer(ThreadingHTTPServer):
    """The preview server of ``tei serve`` (and of the browser tests)."""

    daemon_threads = True
    quiet = False


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000, *,
                quiet: bool = False) -> SiteServer:
    """An HTTP server for the built site in ``directory`` (port 0: any free port).

    Pagefind fetches its index and WebAssembly, so search needs http, not file://.
    """
    server = SiteServer((host, port), functools.partial(_Handler, directory=str(directory)))
    server.quiet = quiet
    return server
