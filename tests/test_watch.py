"""`tei serve --watch`: the edition built, every save rebuilt, the open pages reloaded.

The watch runs on a copy of the shipped edition in a temporary folder: the tests save files
there as an editor would, and read the site back through the live server, as a browser does.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tei.convert import convert
from tei.edition import DEFAULT_EDITION, load_edition
from tei.publish.live import SCRIPT, Reloads, inject, make_live_server
from tei.render import XSLT_DIR, stylesheet
from tei.watch import Watcher

from .conftest import seed

DOC = "cable-1456"
WORD = "Summit Meeting"  # in cable-1456's title, so on its page


@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    """A copy of the shipped edition, to save files in."""
    target = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, target,
                    ignore=shutil.ignore_patterns("__pycache__", "imported"))
    return target


@pytest.fixture
def said() -> list[str]:
    return []


@pytest.fixture
def watcher(edition_dir: Path, tmp_path: Path, said: list[str]) -> Watcher:
    """A watcher whose first build is done."""
    watching = Watcher(edition_dir, tmp_path / "site", say=said.append)
    first = watching.start()
    assert first.problems == [] and first.broken == [], first
    return watching


def page(watcher: Watcher, doc: str = DOC) -> bytes:
    return (watcher.site_dir / "documents" / f"{doc}.html").read_bytes()


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def within(seconds: float, check: Callable[[], object]) -> object:
    """The first true value of ``check()`` within ``seconds``; fails with what it was."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            assert value, f"not within {seconds} s"
            return value
        time.sleep(0.1)


# --- conversion of one source, with the index of all -------------------------------------


def test_convert_only_some_sources_with_the_index_of_all(tmp_path):
    edition = load_edition()
    sources = sorted(edition.sources_dir.glob("*.txt"))
    every = tmp_path / "every"
    convert(sources, every, edition)
    one = sources[1]  # cable 1468, (2 of 2) of a divided telegram: it links to 1456
    only = convert(sources, tmp_path / "only", edition, only=[one])
    assert [o.source for o in only] == [str(one)] and only[0].ok
    assert [p.name for p in (tmp_path / "only").iterdir()] == ["cable-1468.xml"]
    assert (tmp_path / "only" / "cable-1468.xml").read_bytes() == \
        (every / "cable-1468.xml").read_bytes()
    # converted alone, it would lose its links: the index must be of every source
    convert([one], tmp_path / "alone", edition)
    assert (tmp_path / "alone" / "cable-1468.xml").read_bytes() != \
        (every / "cable-1468.xml").read_bytes()


# --- what is watched ------------------------------------------------------------------


def test_watched_files_are_what_the_site_is_built_from(watcher, edition_dir):
    kind = watcher.kind
    assert kind(edition_dir / "sources" / "new.txt") == "source"
    assert kind(edition_dir / "tei" / f"{DOC}.xml") == "document"
    assert kind(edition_dir / "imported" / "frus.xml") == "document"
    assert kind(edition_dir / "persons.xml") == "register"
    assert kind(edition_dir / "edition.toml") == "settings"
    assert kind(XSLT_DIR / "common.xsl") == "stylesheet"
    assert kind(XSLT_DIR / "html" / "site.css") == "stylesheet"
    # an editor's backup and lock files, the book's stylesheets, notes: not the site's
    assert kind(edition_dir / "tei" / f"{DOC}.xml~") is None
    assert kind(edition_dir / "tei" / f".#{DOC}.xml") is None
    assert kind(edition_dir / "sources" / "notes.md") is None
    assert kind(XSLT_DIR / "print" / "book.xsl") is None
    assert watcher.watch_filter(None, str(edition_dir / "persons.xml"))


def test_a_site_inside_the_edition_folder_is_not_watched(edition_dir, said):
    watching = Watcher(edition_dir, edition_dir / "tei" / "site", say=said.append)
    assert watching.kind(edition_dir / "tei" / "site" / "tei" / f"{DOC}.xml") is None
    assert watching.kind(edition_dir / "tei" / f"{DOC}.xml") == "document"


# --- each kind of save -------------------------------------------------------------------


def test_a_saved_document_is_validated_and_only_its_pages_rewritten(watcher, edition_dir,
                                                                   said):
    doc = edition_dir / "tei" / f"{DOC}.xml"
    other = page(watcher, "cable-5515")
    save(doc, WORD, "Summit Talks")
    done = watcher.handle([doc])
    assert "Summit Talks" in page(watcher).decode()
    assert f"documents/{DOC}.html" in done.pages
    assert "documents/cable-5515.html" not in done.pages  # not touched: not rewritten
    assert page(watcher, "cable-5515") == other
    assert "1 file checked: 1 valid, 0 invalid; 0 errors, 0 warnings" in said
    assert watcher.reloads.serial == 2  # the first build, this save


def test_a_save_that_is_not_valid_says_where(watcher, edition_dir, said):
    doc = edition_dir / "tei" / f"{DOC}.xml"
    text = doc.read_text(encoding="utf-8")
    save(doc, "<teiHeader>", "<teiHeader><wrong/>")
    line = text[:text.index("<teiHeader>")].count("\n") + 1
    done = watcher.handle([doc])
    assert done.problems and all(p.file == str(doc.resolve()) for p in done.problems)
    assert any(p.line == line and p.severity == "error" for p in done.problems), done.problems
    assert any(s.startswith(f"{doc.resolve()}:{line}:") for s in said), said


def test_a_broken_save_keeps_the_last_good_page_and_says_where(watcher, edition_dir, said):
    doc = edition_dir / "tei" / f"{DOC}.xml"
    good = page(watcher)
    serial = watcher.reloads.serial
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("</teiHeader>", "</teiHeadr>", 1), encoding="utf-8")
    line = text[:text.index("</teiHeader>")].count("\n") + 1
    done = watcher.handle([doc])
    assert [(p.file, p.line) for p in done.broken] == [(str(doc.resolve()), line)]
    assert done.broken[0].column > 0
    assert "not well-formed" in done.broken[0].message
    assert any(s.startswith(f"{doc.resolve()}:{line}:") and "not well-formed" in s
               for s in said)
    assert page(watcher) == good and done.written == []
    assert watcher.reloads.serial == serial  # nothing to reload
    # another document saved meanwhile: rebuilt, the broken one's page still the last good
    other = edition_dir / "tei" / "cable-5515.xml"
    save(other, "<teiHeader>", "<teiHeader><!-- checked -->")
    later = watcher.handle([other])
    assert later.written and WORD in page(watcher).decode()
    assert (watcher.site_dir / "documents" / f"{DOC}.html").is_file()
    assert f"{DOC}.html" in (watcher.site_dir / "index.html").read_text(encoding="utf-8")
    # mended: rebuilt from the file again
    doc.write_text(text.replace(WORD, "Summit Talks", 1), encoding="utf-8")
    mended = watcher.handle([doc])
    assert mended.broken == [] and "Summit Talks" in page(watcher).decode()
    assert watcher.broken == {}


def test_a_broken_new_document_gets_no_page_until_mended(watcher, edition_dir):
    new = edition_dir / "tei" / "cable-9999.xml"
    new.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", encoding="utf-8")
    done = watcher.handle([new])
    assert done.broken and done.broken[0].file == str(new.resolve())
    assert not (watcher.site_dir / "documents" / "cable-9999.html").exists()
    assert (watcher.site_dir / "documents" / f"{DOC}.html").is_file()


def test_a_removed_document_loses_its_page(watcher, edition_dir):
    doc = edition_dir / "tei" / "cable-5515.xml"
    doc.unlink()
    done = watcher.handle([doc])
    assert "documents/cable-5515.html" in done.removed
    assert not (watcher.site_dir / "documents" / "cable-5515.html").exists()


def test_a_saved_source_updates_its_tei_unless_corrected_by_hand(watcher, edition_dir, said):
    source = sorted((edition_dir / "sources").glob("001_*.txt"))[0]
    tei = edition_dir / "tei" / "cable-1468.xml"
    save(source, "have a detailed discussion", "have a long discussion")
    done = watcher.handle([source])
    assert done.converted == [str(tei)]
    assert "have a long discussion" in tei.read_text(encoding="utf-8")
    assert "have a long discussion" in page(watcher, "cable-1468").decode()
    # the record of what the converter wrote (`tei build tei --update`'s base) follows
    assert "have a long discussion" in (edition_dir / ".converted" / tei.name).read_text(
        encoding="utf-8")
    # what it wrote is what `tei convert` writes (into a folder as deep: the same PIs)
    fresh = edition_dir.parent / "again" / "tei"
    convert(sorted((edition_dir / "sources").glob("*.txt")), fresh, load_edition(edition_dir))
    assert tei.read_bytes() == (fresh / tei.name).read_bytes()
    # its own write is no news: seen again, nothing is done
    assert watcher.handle([tei]).changed == []
    # corrected by hand, then the source saved again: the correction stays
    save(tei, "have a long discussion", "have a longer discussion")
    watcher.handle([tei])
    save(source, "have a long discussion", "have a short discussion")
    again = watcher.handle([source])
    assert again.converted == [] and again.kept == [str(tei)]
    assert "have a longer discussion" in tei.read_text(encoding="utf-8")
    # the new conversion beside it, as `tei build tei --update` names a conflict's; the record
    # of what the converter wrote (edition/.converted, shared with --update) stays the one the
    # correction was made on, so that --update can merge the two
    proposal = tei.with_name(tei.name + ".proposed")
    assert "have a short discussion" in proposal.read_text(encoding="utf-8")
    base = edition_dir / ".converted" / tei.name
    assert "have a long discussion" in base.read_text(encoding="utf-8")
    assert any(s.startswith(f"{tei}: kept as it is") and "--update" in s for s in said)
    # the correction undone: the document is the converter's again, the proposal gone
    save(tei, "have a longer discussion", "have a long discussion")
    watcher.handle([tei])
    assert watcher.handle([source]).converted == [str(tei)]
    assert "have a short discussion" in base.read_text(encoding="utf-8")
    assert not proposal.exists()


def test_a_transcription_dropped_in_becomes_a_document_and_a_page(watcher, edition_dir):
    source = edition_dir / "sources" / "003_article.txt"
    shutil.copy(seed("003"), source)
    done = watcher.handle([source])
    tei = edition_dir / "tei" / "article-clinton-frustrated-with-japan-on-trade.xml"
    assert done.converted == [str(tei)] and tei.is_file()
    assert f"documents/{tei.stem}.html" in done.pages
    assert tei.stem in (watcher.site_dir / "index.html").read_text(encoding="utf-8")


def test_a_broken_register_holds_every_rebuild(watcher, edition_dir, said):
    register = edition_dir / "persons.xml"
    text = register.read_text(encoding="utf-8")
    good = page(watcher)
    register.write_text(text.replace("</listPerson>", "</listPersn>", 1), encoding="utf-8")
    doc = edition_dir / "tei" / f"{DOC}.xml"
    save(doc, WORD, "Summit Talks")  # saved meanwhile: waits for the register
    done = watcher.handle([register, doc])
    assert done.held and done.broken[0].file == str(register)
    assert done.broken[0].line > 0
    assert page(watcher) == good
    assert "not rebuilt: mend the file above (the site stays as it was)" in said
    register.write_text(text, encoding="utf-8")
    mended = watcher.handle([register])
    assert not mended.held and "Summit Talks" in page(watcher).decode()


def test_a_broken_edition_toml_holds_every_rebuild(watcher, edition_dir):
    toml = edition_dir / "edition.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[edition]", "[edition", 1), encoding="utf-8")
    done = watcher.handle([toml])
    assert done.held and done.broken[0].file == str(toml) and done.broken[0].line == 3
    toml.write_text(text.replace("Japan–United States Summit Cables", "Summit Cables", 1),
                    encoding="utf-8")
    mended = watcher.handle([toml])
    assert not mended.held
    assert "Summit Cables" in (watcher.site_dir / "index.html").read_text(encoding="utf-8")


def test_an_unforeseen_unusable_input_is_said_and_the_watch_goes_on(watcher, edition_dir,
                                                                   monkeypatch):
    from tei import watch
    from tei.errors import Problem, TeiCablesError

    def unusable(*args, **kwargs):
        raise TeiCablesError(Problem("persons.xml", 3, 4, "cannot be used"))

    monkeypatch.setattr(watch, "convert", unusable)
    source = sorted((edition_dir / "sources").glob("001_*.txt"))[0]
    save(source, "have a detailed discussion", "have a long discussion")
    done = watcher.handle([source])  # no traceback: said, and held for the next save
    assert done.held and str(done.broken[0]) == "persons.xml:3:4: error: cannot be used"
    monkeypatch.undo()
    again = watcher.handle([])  # the held save is handled with the next one
    assert again.converted == [str(edition_dir / "tei" / "cable-1468.xml")]


def test_a_saved_stylesheet_is_compiled_again(watcher):
    before = stylesheet("html/document.xsl")
    watcher.handle([XSLT_DIR / "html" / "site.css"])  # unchanged: nothing to rewrite
    assert stylesheet("html/document.xsl") is not before


# --- the live server ----------------------------------------------------------------------


@pytest.fixture
def live(watcher) -> Iterator[int]:
    """The live server of the watched site: its port."""
    server = make_live_server(watcher.site_dir, port=0, quiet=True)
    server.reloads = watcher.reloads
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_pages_are_served_with_the_reload_script_and_the_files_left_as_they_are(watcher,
                                                                                 live):
    status, headers, body = get(live, f"/documents/{DOC}.html")
    html = body.decode()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    since = watcher.reloads.serial
    tag = f'<script src="{SCRIPT}?since={since}" defer></script></head>'
    assert tag in html
    assert body == inject(page(watcher), since)
    assert SCRIPT not in page(watcher).decode()  # the site's file has no such script
    # the site's Content-Security-Policy lets it run as it is: a script of the site's own
    # origin (no inline script), an event stream from the same origin
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert all('src="' in s for s in re.findall(r"<script[^>]*>", html))
    assert get(live, "/")[2] == inject((watcher.site_dir / "index.html").read_bytes(), since)
    status, headers, script = get(live, SCRIPT)
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"EventSource(" in script
    # other files as they are
    assert get(live, "/assets/site.css")[2] == (watcher.site_dir / "assets/site.css").read_bytes()
    assert get(live, "/documents/nothing.html")[0] == 404


def events(port: int, since: int) -> queue.Queue:
    """The reload events of the stream (their data), read in a thread."""
    found: queue.Queue = queue.Queue()

    def read() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", f"/__tei-live/events?since={since}")
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"
        event = None
        for raw in response:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "reload":
                found.put(json.loads(line[6:]))

    threading.Thread(target=read, daemon=True).start()
    return found


def test_the_event_stream_sends_each_rebuild_after_the_page_was_served():
    reloads = Reloads()
    reloads.announce(["index.html"])
    assert reloads.wait(0, 0) == [(1, ["index.html"])]
    assert reloads.wait(1, 0.05) == []  # nothing new: waited, then nothing
    threading.Timer(0.1, reloads.announce, [["documents/a.html"]]).start()
    assert reloads.wait(1, 5) == [(2, ["documents/a.html"])]
    reloads.close()
    assert reloads.wait(2, 5) == []  # closed: at once


def test_the_watch_loop_rebuilds_on_save_and_reloads_the_open_pages(watcher, edition_dir,
                                                                    live, said):
    """The loop itself (watchfiles): a save, the page served anew within seconds and the
    reload sent; a broken save, said where, the old page still served."""
    stop, ready = threading.Event(), threading.Event()
    loop = threading.Thread(target=watcher.run, args=(stop, ready), daemon=True)
    loop.start()
    try:
        assert ready.wait(30), "the watch did not start"
        stream = events(live, watcher.reloads.serial)
        doc = edition_dir / "tei" / f"{DOC}.xml"
        save(doc, WORD, "Summit Talks")
        within(20, lambda: b"Summit Talks" in get(live, f"/documents/{DOC}.html")[2])
        assert f"documents/{DOC}.html" in stream.get(timeout=10)
        served = get(live, f"/documents/{DOC}.html")[2]
        text = doc.read_text(encoding="utf-8")
        line = text[:text.index("</teiHeader>")].count("\n") + 1
        doc.write_text(text.replace("</teiHeader>", "</teiHeadr>", 1), encoding="utf-8")
        within(20, lambda: any(s.startswith(f"{doc.resolve()}:{line}:") for s in said))
        assert get(live, f"/documents/{DOC}.html")[2] == served
        assert stream.empty()
    finally:
        stop.set()
        loop.join(10)
    assert not loop.is_alive()


# --- the command --------------------------------------------------------------------------


def test_serve_edition_without_watch_is_refused(tmp_path):
    from click.testing import CliRunner

    from tei.cli import main

    result = CliRunner().invoke(main, ["serve", "--edition", str(DEFAULT_EDITION),
                                       str(tmp_path)])
    assert result.exit_code == 2 and "--edition is for --watch" in result.output


def test_tei_serve_watch_builds_serves_and_stops_on_ctrl_c(edition_dir, tmp_path):
    site = tmp_path / "site"
    process = subprocess.Popen(
        [sys.executable, "-c", "from tei.cli import main; main()", "serve", "--watch",
         "--edition", str(edition_dir), str(site), "--port", "0"],
        stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # Ctrl-C as at a terminal, even when the tests run in the background (a shell's
        # background job inherits SIGINT ignored, and then so would the command)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        lines: list[str] = []
        port = None
        deadline = time.monotonic() + 120
        while port is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
            port = int(found.group(1)) if found else None
        assert port, "".join(lines)
        assert "4 files checked: 4 valid" in "".join(lines)
        status, _, body = get(port, f"/documents/{DOC}.html")
        assert status == 200 and SCRIPT.encode() in body
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --- in a browser -----------------------------------------------------------------------


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                    reason="chromium is not installed (./setup.sh --test installs it)")
def test_an_open_page_reloads_itself_under_the_sites_csp(watcher, edition_dir, live):
    """In chromium: the page's own Content-Security-Policy lets the reload script run and
    its event stream connect (nothing is reported blocked), and a save reloads the page."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright is not installed (./setup.sh --test)")
    from .test_browser import LAUNCH_ARGS

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            tab = browser.new_page()
            blocked: list[str] = []
            tab.on("console", lambda m: blocked.append(m.text)
                   if "Content Security Policy" in m.text else None)
            with tab.expect_request(lambda r: "/__tei-live/events" in r.url, timeout=10000):
                tab.goto(f"http://127.0.0.1:{live}/documents/{DOC}.html")
            assert WORD in tab.title()
            doc = edition_dir / "tei" / f"{DOC}.xml"
            save(doc, WORD, "Summit Talks")
            with tab.expect_navigation(timeout=15000):
                watcher.handle([doc])
            assert "Summit Talks" in tab.title()
            assert blocked == []
        finally:
            browser.close()
