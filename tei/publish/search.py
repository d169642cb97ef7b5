"""The site's search index: Pagefind, fed with the records the pages already give.

Pagefind would crawl the built site and parse every page again; here each document's page
yields its record when it is written (:func:`page_record`: what Pagefind would take from the
page — the text of its ``data-pagefind-body``, less what ``data-pagefind-ignore`` marks, its
title and its filters), kept with the rest of what the page gives (:mod:`tei.publish.kept`)
until the document changes. The index is built from those records in shards of
:data:`SHARD_SIZE` documents (``pagefind/``, ``pagefind-1/`` …; the search page merges them):
Pagefind holds a whole index in memory while it writes it, so shards keep memory flat
whatever the edition's size, can be built in parallel, and a changed document rebuilds only
its shard.

The index is one language, Japanese (whose segmenter also splits English words), as the pages
mix both: one search box finds both.

Pagefind is run as its service (``pagefind --service``, the protocol its Python and Node APIs
speak: base64 JSON messages, each ended by a comma), read and written here directly: the Python
API waits a tenth of a second for every answer, which made indexing 1,000 records take 100 s.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

import lxml.html

from ..errors import Problem, TeiCablesError
from . import kept

#: Documents per index shard. Pagefind's Japanese segmenter takes about 350 MB, each document
#: of the edition's size about 0.6 MB more while a shard is built: 250 keep a shard's builder
#: near 500 MB, and a changed document's shard rebuilt in about 3 s.
SHARD_SIZE = 250
LANGUAGE = "ja"


def bundle(k: int) -> str:
    """The folder of shard ``k`` in the site (the first holds the search UI's files too)."""
    return "pagefind" if k == 0 else f"pagefind-{k}"


def shards(ids: list[str]) -> list[list[str]]:
    """The documents of each shard: the edition's ids in order, cut every SHARD_SIZE."""
    ordered = sorted(ids)
    return [ordered[k:k + SHARD_SIZE] for k in range(0, len(ordered), SHARD_SIZE)]


#: HTML elements whose text stands apart from what precedes and follows it.
_BLOCKS = ("address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl",
           "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
           "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
           "td", "th", "tr", "ul")


def page_record(html: str, url: str) -> dict | None:
    """What Pagefind takes from a page: the text of its body (``data-pagefind-body``) less the
    parts marked ``data-pagefind-ignore``, its ``title`` meta, its filters."""
    root = lxml.html.document_fromstring(html)
    body = root.find(".//*[@data-pagefind-body]")
    if body is None:
        return None
    filters: dict[str, list[str]] = {}
    for element in body.xpath(".//*[@data-pagefind-filter]"):
        name, _, value = element.get("data-pagefind-filter").partition(":")
        filters.setdefault(name.strip(), []).append(value.strip())
    title = " ".join(" ".join(e.text_content() for e in body.xpath(
        ".//*[@data-pagefind-meta='title']")).split())
    for ignored in body.xpath(".//*[@data-pagefind-ignore]"):
        ignored.drop_tree()
    for element in body.iter(*_BLOCKS):  # words of two blocks are two words, as for Pagefind
        element.text = " " + (element.text or "")
        element.tail = " " + (element.tail or "")
    content = " ".join(body.text_content().split())
    return {"url": url, "content": content, "meta": {"title": title}, "filters": filters}


class _Service:
    """One ``pagefind --service`` process: requests written, answers read, in order."""

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise FileNotFoundError("the pagefind binary is not installed")
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.sent = 0
        self.buffer = bytearray()

    def send(self, payload: dict) -> None:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        self.process.stdin.write(base64.b64encode(message) + b",")

    def answer(self) -> dict:
        """The next answer (in the order of the requests); an error answer raises."""
        self.process.stdin.flush()
        searched = 0  # (an index's files come as one answer of many MB: searched once)
        while (end := self.buffer.find(b",", searched)) < 0:
            searched = len(self.buffer)
            data = self.process.stdout.read1(1 << 20)
            if not data:
                raise OSError("pagefind stopped answering")
            self.buffer += data
        message = bytes(self.buffer[:end])
        del self.buffer[:end + 1]
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise OSError(f"pagefind: {payload.get('message')}")
        return payload

    def kill(self) -> None:
        """Stop it at once (after a failure: what it would still answer is not wanted)."""
        self.process.kill()
        self.close()

    def close(self) -> None:
        if self.process.stdin and not self.process.stdin.closed:
            with contextlib.suppress(OSError):  # (a Pagefind that stopped: nothing to flush)
                self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def build_shard(records: list[dict], out: Path, service: _Service | None = None) -> None:
    """Index ``records`` with Pagefind into the bundle folder ``out`` (replaced whole).

    ``service``: a Pagefind already running, which keeps running (its index of these records
    is deleted after); else one started for this shard alone."""
    own = service is None
    if service is None:
        service = _Service()
    try:
        service.send({"type": "NewIndex", "config": {"force_language": LANGUAGE}})
        index = service.answer()["index_id"]
        # a batch is sent while Pagefind indexes the one before, whose answers are read
        # then: at most two batches' answers (a few hundred bytes each) wait in its pipe,
        # which never fills up
        batch, waiting = 64, 0
        for start in range(0, len(records), batch):
            chunk = records[start:start + batch]
            for record in chunk:
                service.send({"type": "AddRecord", "index_id": index, "language": LANGUAGE,
                              "sort": None, **record})
            service.process.stdin.flush()
            for _ in range(waiting):
                service.answer()
            waiting = len(chunk)
        for _ in range(waiting):
            service.answer()
        # the files are asked for and written here: Pagefind's own WriteFiles answers before
        # files written by it were seen empty now and then (pagefind-worker.js) in a parallel build
        service.send({"type": "GetFiles", "index_id": index})
        files = service.answer()["files"]
        if not own:  # (its memory given back: the next shard's index starts from nothing)
            service.send({"type": "DeleteIndex", "index_id": index})
            service.answer()
    finally:
        if own:
            service.close()
    staging = out.with_name(out.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    for file in sorted(files, key=lambda f: f["path"]):
        target = staging / file["path"]
        if not target.resolve().is_relative_to(staging.resolve()):
            raise OSError(f"pagefind gave a file outside its folder: {file['path']}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(file["content"]))
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)


def _records(root: Path, ids: list[str]) -> list[dict]:
    records = []
    for doc_id in ids:
        try:
            record = json.loads(kept.read(root, doc_id, kept.RECORD))
        except (OSError, KeyError, ValueError):
            continue  # a page that could not be written has no record: nothing to find
        if isinstance(record, dict):
            records.append(record)
    return records


def shard_task(outdir: str, item: tuple[int, list[str]]) -> Problem | None:
    """Build shard ``k`` of the site in ``outdir`` from the records kept of its documents
    (a Pagefind of its own: a task for a worker of a cluster)."""
    return list(build_shards(outdir, [item]))[0]


def build_shards(outdir: str,
                 items: Iterable[tuple[int, list[str]]]) -> Iterator[Problem | None]:
    """Build shards ``(k, ids)`` one after the other with one Pagefind, yielding for each what
    :func:`shard_task` returns.

    Pagefind loads its Japanese dictionary once (about 0.8 s a shard, 30 s of a 10,000-cable
    build) and its memory stays that of one shard: each index is deleted once written. The
    files of a shard are the same as from a Pagefind of its own (those that Pagefind writes
    in an order of its own, its filters and metadata, differ from run to run either way). A
    shard that fails is given a new Pagefind for the next."""
    root = Path(outdir)
    service: _Service | None = None
    try:
        for k, ids in items:
            try:
                if service is None:
                    service = _Service()
                build_shard(_records(root, ids), root / bundle(k), service)
            except (OSError, subprocess.SubprocessError, TeiCablesError, ValueError) as exc:
                if service is not None:
                    service.kill()
                    service = None
                yield Problem(str(root / bundle(k)), 0, 0,
                              f"the search index could not be built: {exc}")
                continue
            yield None
    finally:
        if service is not None:
            service.close()

