"""The HTML edition: the edition's TEI -> a static web site (``tei build html``).

The pages are drawn by XSLT (``xslt/html/``, which imports the shared ``xslt/common.xsl``);
this module decides which pages to write, where, and when:

- ``documents/<id>.html``  one page per TEI document of the edition (``document.xsl``), its
  own (``edition/tei``) and those imported from other archives (``edition/imported``, shown
  with their provenance);
- ``index.html``, ``persons.html``, ``places.html``, ``organisations.html``,
  ``chronology.html``, ``search.html``: the pages that list documents (``site.xsl``, run on a
  catalogue of every document);
- ``tei/<id>.xml``          the TEI files, for download (an imported one names the exchange
  schema, all of TEI P5, when it is built);
- ``assets/``               the style sheets and the script;
- ``pagefind/``             the search index (Pagefind, built from the document pages).

Rebuilding is incremental: ``.tei-site.json`` in the output folder keeps the hash of every
input TEI file and of everything else the pages depend on (stylesheets, assets, edition.toml,
the persons register, this module). When only some documents changed, only their pages are
rewritten, with the pages that list documents and the search index; when anything else
changed, everything is.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lxml import etree

from .. import TEI_NS, XML_NS, __version__
from ..edition import Edition
from ..errors import Problem, TeiCablesError
from ..render import XSLT_DIR, stylesheet, transform_to_string
from ..schema import SCHEMA_DIR, xml_models_at
from ..xmlio import parse_bytes, parse_file, with_xml_models, write_atomic

SITE_NS = "urn:tei-cables:site"
MANIFEST = ".tei-site.json"
#: The pages that list documents: rewritten whenever a document is added, changed or removed.
LISTING_PAGES = ("index", "persons", "places", "organisations", "chronology", "search")
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


def _dependencies_hash(edition: Edition) -> str:
    """The hash of everything every page depends on, besides the documents themselves."""
    digest = hashlib.sha256(__version__.encode())
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


def _catalogue(edition: Edition, skeletons: dict[str, etree._Element]) -> etree._ElementTree:
    """The input of site.xsl: the introduction, every document (its skeleton), the register."""
    site = etree.Element(f"{{{SITE_NS}}}site", nsmap={"site": SITE_NS, None: TEI_NS})
    intro = etree.SubElement(site, f"{{{SITE_NS}}}intro")
    for para in re.split(r"\n\s*\n", edition.introduction.strip()):
        if para.strip():
            etree.SubElement(intro, f"{{{SITE_NS}}}p").text = " ".join(para.split())
    for doc_id, skeleton in sorted(skeletons.items()):
        etree.SubElement(site, f"{{{SITE_NS}}}doc", id=doc_id).append(skeleton)
    if edition.persons_path.is_file():
        register = etree.SubElement(site, f"{{{SITE_NS}}}register")
        register.append(copy.deepcopy(parse_file(edition.persons_path).getroot()))
    return site.getroottree()


_NS = {"t": TEI_NS}
_LANG = "string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)"


def _tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


#: What a skeleton keeps of a person, place or organisation the text describes: its names
#: and identifiers (the indexes list it by them), not its whole description.
_ENTITY_PARTS = {"persName", "placeName", "orgName", "name", "geogName", "idno"}


def _skeleton(tree: etree._ElementTree) -> etree._Element:
    """What the pages that list documents need of one: the header (less the encoding
    description), the titles its text gives, the text's dates, its turns (who, id, language,
    first words) and names, and the persons, places and organisations it describes (an
    imported letter's registers: names and identifiers only).

    The catalogue of a large edition holds thousands of documents: their full text would
    make it as large as the edition, for nothing.
    """
    tei = tree.getroot()
    skeleton = etree.Element(_tei("TEI"), dict(tei.attrib), nsmap={None: TEI_NS})
    header = tei.find(_tei("teiHeader"))
    if header is not None:
        header = copy.deepcopy(header)
        for encoding in header.findall(_tei("encodingDesc")):
            header.remove(encoding)
        skeleton.append(header)
    text = etree.SubElement(skeleton, _tei("text"))
    # the title its text gives (a title page's, the first heading): tc:title's last resort
    title = tei.xpath("(t:text/t:front//t:docTitle)[1]", namespaces=_NS)
    if title:
        etree.SubElement(text, _tei("front")).append(_detached(title[0]))
    head = tei.xpath("(t:text//t:head)[1]", namespaces=_NS)
    if head:
        etree.SubElement(text, _tei("div")).append(_detached(head[0]))
    for date in tei.xpath(".//t:text//t:docDate | .//t:text//t:dateline", namespaces=_NS):
        text.append(_detached(date))
    turns: dict[etree._Element, etree._Element] = {}
    for sp in tei.xpath(".//t:text//t:sp", namespaces=_NS):
        parent = sp.getparent()
        if parent not in turns:
            turns[parent] = etree.SubElement(text, _tei("div"))
            lang = parent.xpath(_LANG)
            if lang:
                turns[parent].set(f"{{{XML_NS}}}lang", lang)
        stub = etree.SubElement(turns[parent], _tei("sp"))
        for name in ("who", f"{{{XML_NS}}}id"):
            if sp.get(name) is not None:
                stub.set(name, sp.get(name))
        first = sp.xpath("(t:p | t:ab | t:l)[1]", namespaces=_NS)
        if first:
            words = first[0].xpath(".//text()[not(ancestor::t:note or ancestor::t:desc)]",
                                   namespaces=_NS)
            etree.SubElement(stub, _tei("p")).text = " ".join("".join(words).split())[:200]
    names = etree.SubElement(text, _tei("ab"), type="names")
    # names as the text uses them; those that make up its descriptions of persons, places
    # and organisations (a letter's registers) come with the descriptions, below
    for name in tei.xpath("(.//t:text//t:persName[@ref] | .//t:text//t:placeName"
                          " | .//t:text//t:orgName)[not(ancestor::t:person or ancestor::"
                          "t:personGrp or ancestor::t:place or ancestor::t:org)]",
                          namespaces=_NS):
        copied = _detached(name)
        lang = name.xpath(_LANG)
        if lang and copied.get(f"{{{XML_NS}}}lang") is None:
            copied.set(f"{{{XML_NS}}}lang", lang)
        names.append(copied)
    described = tei.xpath("(t:text | t:standOff)//*[self::t:person or self::t:personGrp or "
                          "self::t:place or self::t:org][@xml:id]", namespaces=_NS)
    if described:
        entities = etree.SubElement(text, _tei("back"))
        for entity in described:
            stub = etree.SubElement(entities, entity.tag, dict(entity.attrib))
            for part in entity:
                if isinstance(part.tag, str) and etree.QName(part).localname in _ENTITY_PARTS:
                    stub.append(_detached(part))
    return skeleton


def _detached(element: etree._Element) -> etree._Element:
    copied = copy.deepcopy(element)
    copied.tail = None
    return copied


#: A link to another document of the edition: ``x.xml``, ``x.xml#y`` (the first token, as
#: xslt/common.xsl's tc:href reads it).
_DOC_LINK = re.compile(r"^([A-Za-z0-9._-]+)\.xml(#.*)?$")


def _linked_documents(tree: etree._ElementTree, ids: set[str]) -> str:
    """Those of the edition's documents ``ids`` that the document links to, as one string:
    its page draws such a link only while the document is in the edition, so its page
    depends on this as on its own bytes."""
    linked = set()
    for value in tree.xpath("//@target[contains(., '.xml')] | //@corresp[contains(., '.xml')]"):
        tokens = str(value).split()
        match = _DOC_LINK.match(tokens[0]) if tokens else None
        if match and match.group(1) in ids:
            linked.add(match.group(1))
    return " ".join(sorted(linked))


def _load_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def build_site(edition: Edition, outdir: Path, *, force: bool = False,
               progress: Callable[[int], None] | None = None,
               search: bool = True) -> SiteReport:
    """Build (or bring up to date) the HTML edition of ``edition`` in ``outdir``.

    ``force`` rewrites everything; ``progress`` is called with 1 after each document page;
    ``search`` False skips the search index (Pagefind).
    """
    outdir = Path(outdir)
    report = SiteReport(outdir)
    try:  # compiled once for the whole build; a broken stylesheet stops it here
        stylesheet("html/document.xsl")
        stylesheet("html/site.xsl")
    except TeiCablesError as exc:
        report.problems.extend(exc.problems)
        return report
    sources = edition.document_files()
    manifest_path = outdir / MANIFEST
    old = {} if force else _load_manifest(manifest_path)
    deps = _dependencies_hash(edition)
    everything = old.get("dependencies") != deps or not (outdir / "index.html").is_file()
    old_docs: dict[str, str] = {} if everything else dict(old.get("documents", {}))

    def write(rel: str, data: bytes) -> None:
        write_atomic(outdir / rel, data)
        report.written.append(rel)

    if everything:
        for src, name in ASSETS.items():
            write(f"assets/{name}", (XSLT_DIR / src).read_bytes())
        for name in SCHEMAS + _built(EXCHANGE_SCHEMAS):
            write(f"schema/{name}", (SCHEMA_DIR / name).read_bytes())
    # a downloaded TEI file names the published schemas: by URL when the edition has one
    url = _site_params(edition, "")["site-url"]
    base = f"{url}schema/" if url else "../schema/"
    models = xml_models_at(base)
    imported_models = [f'href="{base}{name}" type="application/xml" '
                       f'schematypens="{_SCHEMA_TYPES[Path(name).suffix]}"'
                       for name in _built(EXCHANGE_SCHEMAS)]

    # One document at a time (parsed, its page written if it changed, its skeleton kept for
    # the listing pages), so memory holds one document, not the edition.
    doc_params = _site_params(edition, "../")
    # links to other documents are drawn only to the documents the edition has
    doc_ids = {path.stem for path in sources if SAFE_ID.match(path.stem)}
    doc_params["edition-docs"] = " ".join(sorted(doc_ids))
    skeletons: dict[str, etree._Element] = {}
    hashes: dict[str, str] = {}
    changed: list[str] = []
    for path in sources:
        if progress:
            progress(1)
        doc_id = path.stem
        if not SAFE_ID.match(doc_id):
            report.problems.append(Problem(str(path), 0, 0, "the file name cannot be a page "
                                           "name: use letters, digits, '.', '_' and '-'"))
            continue
        if doc_id in skeletons or doc_id in hashes:
            report.problems.append(Problem(str(path), 0, 0, f"the edition already has a "
                                           f"document {doc_id}: this one is not published "
                                           "(import it again: `tei import` gives it another "
                                           "name)", rule="id-taken"))
            continue
        try:
            data = path.read_bytes()
            tree = parse_bytes(data, str(path))  # read once: hashed and parsed
        except (OSError, TeiCablesError) as exc:
            problems = getattr(exc, "problems", None) or [Problem(str(path), 0, 0, str(exc))]
            report.problems.extend(problems)
            continue
        root = tree.getroot()
        if root.tag != _tei("TEI"):
            report.problems.append(Problem(str(path), root.sourceline or 1, 1,
                                           "not a TEI document (the root is not TEI)"))
            continue
        skeletons[doc_id] = _skeleton(tree)
        digest = _sha256(data + b"\0" + _linked_documents(tree, doc_ids).encode())
        if old_docs.get(doc_id) != digest:
            changed.append(doc_id)
            try:
                html = transform_to_string("html/document.xsl", tree, **doc_params,
                                           **{"doc-id": doc_id})
            except TeiCablesError as exc:
                report.problems.extend(exc.problems)
                continue  # not recorded in the manifest: tried again next time
            write(f"documents/{doc_id}.html", html.encode("utf-8"))
            write(f"tei/{doc_id}.xml", with_xml_models(
                data, imported_models if edition.is_imported(path) else models))
        hashes[doc_id] = digest
    report.documents = len(skeletons)
    removed = sorted(set(old_docs) - set(skeletons))

    for doc_id in removed:
        for rel in (f"documents/{doc_id}.html", f"tei/{doc_id}.xml"):
            if (outdir / rel).exists():
                (outdir / rel).unlink()
                report.removed.append(rel)

    if everything or changed or removed:
        catalogue = _catalogue(edition, skeletons)
        params = _site_params(edition, "")
        for page in LISTING_PAGES:
            try:
                html = transform_to_string("html/site.xsl", catalogue, **params, page=page)
            except TeiCablesError as exc:
                report.problems.extend(exc.problems)
                continue
            write(f"{page}.html", html.encode("utf-8"))
        # the correspondence for letter aggregators (CMIF), linked from every page's head
        from .cmif import FILE_NAME, cmif

        with contextlib.suppress(TeiCablesError):  # an unreadable document: see its page
            write(FILE_NAME, cmif(edition, [(p, p.stem) for p in edition.document_files()]))
        if search:
            problem = _index_search(outdir)
            if problem:
                report.problems.append(problem)
            else:
                report.written.append("pagefind/")

    write_atomic(manifest_path, json.dumps(
        {"dependencies": deps, "documents": dict(sorted(hashes.items()))},
        indent=1).encode("utf-8"))
    return report


def _index_search(outdir: Path) -> Problem | None:
    """Build the search index with Pagefind (one index, Japanese segmentation for all text).

    Pagefind splits its index by the pages' language; the document pages hold Japanese and
    English, so the whole site is indexed as one language, Japanese, whose segmenter also
    splits English words: one search box finds both.
    """
    bundle = outdir / "pagefind"
    if bundle.exists():
        shutil.rmtree(bundle)
    command = [sys.executable, "-m", "pagefind", "--site", str(outdir),
               "--force-language", "ja", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Problem(str(bundle), 0, 0, f"the search index could not be built: {exc}")
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        return Problem(str(bundle), 0, 0, "the search index could not be built (pagefind: "
                       + (detail[-1] if detail else f"exit status {done.returncode}") + ")")
    return None


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
