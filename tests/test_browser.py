"""The HTML edition in a real browser: Debian's chromium driven by Playwright.

The site is built once (the session's `site` fixture) and served by `tei serve`'s server on
127.0.0.1 (search loads its index over http). Screenshots go to tests/artifacts/.

These tests skip, saying why, only when chromium or Playwright is absent; `setup.sh --test`
installs both, so in CI they run. The accessibility check injects axe-core, as the PyPI
package axe-playwright-python ships it (a test dependency): no npm needed.
"""

from __future__ import annotations

import base64
import importlib.util
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tei.edition import load_edition
from tei.publish.html import build_site, make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
AXE = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js" \
    if importlib.util.find_spec("axe_playwright_python") else Path("axe.min.js-not-installed")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright is not installed (./setup.sh --test)")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                       reason="chromium is not installed (./setup.sh --test installs it)"),
]


def serve(directory: Path) -> tuple[str, object]:
    server = make_server(directory, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="module")
def base_url(site) -> Iterator[str]:
    url, server = serve(site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions; none may occur."""
    yield from _page(browser)


@pytest.fixture
def audit_page(browser):
    """A page as `page`, whose Content-Security-Policy is bypassed: axe-core is injected as an
    inline script, which the site's policy (rightly) refuses."""
    yield from _page(browser, bypass_csp=True)


def _page(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.errors.append("dialog: " + d.message), d.dismiss()))
    yield page
    errors = list(page.errors)
    context.close()
    assert errors == [], errors


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def search(page, base_url: str, words: str) -> list[str]:
    """The result links (pages, without their sub-result anchors) for ``words``."""
    page.goto(base_url + "search.html")
    box = page.locator("#search input")
    box.fill(words)
    page.wait_for_selector(".pagefind-ui__message", timeout=15000)
    # a function, not a string: Playwright would poll a string with eval, which the site's
    # Content-Security-Policy refuses
    page.wait_for_function(
        "() => document.querySelector('.pagefind-ui__message').textContent.includes('result')",
        timeout=15000)
    links = page.locator(".pagefind-ui__result-title a.pagefind-ui__result-link")
    links.first.wait_for(timeout=15000)
    return sorted({href.split("#")[0] for href in links.evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")})


def test_read_a_cable_switch_views_and_follow_a_speaker(page, base_url):
    page.goto(base_url + "index.html")
    shot(page, "index")
    page.get_by_role("link", name="Cable No. 1468", exact=False).first.click()
    page.wait_for_url("**/documents/cable-1468.html")
    # turn 1 in Japanese sits beside turn 1 in English
    ja, en = page.locator("#cable-1468-ja-sp1"), page.locator("#cable-1468-en-sp1")
    ja_box, en_box = ja.bounding_box(), en.bounding_box()
    assert ja_box["x"] + ja_box["width"] <= en_box["x"]
    assert abs(ja_box["y"] - en_box["y"]) < 5
    shot(page, "cable-1468-both")
    switch = page.locator(".view-switch")
    assert switch.is_visible()
    switch.get_by_role("button", name="日本語").click()
    assert ja.is_visible() and not en.is_visible()
    assert switch.get_by_role("button", name="日本語").get_attribute("aria-pressed") == "true"
    shot(page, "cable-1468-japanese")
    switch.get_by_role("button", name="English").click()
    assert en.is_visible() and not ja.is_visible()
    shot(page, "cable-1468-english")
    # the choice is kept for the next document; "Both" brings both back
    switch.get_by_role("button", name="Both").click()
    assert ja.is_visible() and en.is_visible()
    # the redaction's words are on the page, not only in a tooltip
    words = page.locator(".col-trans .tei-gap .gap-desc").first
    assert words.is_visible() and words.inner_text() == "blacked out"
    # a speaker's name leads to the persons index, to that person
    page.locator("#cable-1468-en-sp2 .tei-speaker a").click()
    page.wait_for_url("**/persons.html#clinton-bill")
    person = page.locator("#clinton-bill")
    assert person.is_visible() and "William J. Clinton" in person.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == "clinton-bill"
    shot(page, "persons-clinton")


@pytest.mark.parametrize(("words", "expected"), [
    ("レーガン", ["cable-1468"]),      # Japanese, only in the original of 1468
    ("転電", ["cable-5515"]),          # Japanese, the forwarding line of 5515
    ("Reagan", ["cable-1468"]),        # English, only in the translation of 1468
    ("Oval Office", ["cable-1456"]),   # English, the translation-only cable
], ids=["ja-reagan", "ja-forwarded", "en-reagan", "en-oval-office"])
def test_search_finds_the_right_cable_in_either_language(page, base_url, words, expected,
                                                         request):
    found = search(page, base_url, words)
    assert [href.rsplit("/", 1)[-1].removesuffix(".html") for href in found] == expected
    shot(page, f"search-{request.node.callspec.id}")
    # the Japanese of the excerpts is marked as Japanese
    marks = page.locator(".pagefind-ui__result-excerpt mark").evaluate_all(
        "marks => marks.map(m => (m.querySelector('[lang]') || m.closest('[lang]')).lang)")
    assert marks and set(marks) == {"en" if words.isascii() else "ja"}
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_url(f"**/documents/{expected[0]}.html*")


def test_the_header_search_box_leads_to_results(page, base_url):
    page.goto(base_url + "chronology.html")
    page.get_by_label("Search the edition").fill("Reagan")
    page.get_by_label("Search the edition").press("Enter")
    page.wait_for_url("**/search.html?q=Reagan")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    assert "cable-1468" in page.locator(".pagefind-ui__result-link").first.get_attribute("href")
    # results can be narrowed by year, type and speaker
    names = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert {"Year", "Type", "Speaker"} <= {n.strip() for n in names}


def test_filters_on_the_index(page, base_url):
    page.goto(base_url + "index.html")
    entries = page.locator(".doc-entry")
    assert entries.count() == 3
    page.get_by_label("Year").select_option("1993")
    assert page.locator(".doc-entry:visible").count() == 1
    assert page.locator(".filter-status").inner_text() == "1 of 3 documents"
    page.get_by_label("Year").select_option("")
    page.get_by_label("Person").select_option("gore-al")
    visible = page.locator(".doc-entry:visible h3 a")
    assert visible.count() == 1 and "1468" in visible.inner_text()
    shot(page, "index-filtered")


def test_keyboard_only(page, base_url):
    page.goto(base_url + "documents/cable-1468.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    button = page.locator(".view-switch button[data-view='trans']")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    assert not page.locator("#cable-1468-ja-sp1").is_visible()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert page.locator("#cable-1468-ja-sp1").is_visible()


def test_print_shows_both_languages_and_no_navigation(page, base_url):
    page.goto(base_url + "documents/cable-1468.html")
    page.locator(".view-switch button[data-view='trans']").click()
    page.emulate_media(media="print")
    assert page.locator("#cable-1468-ja-sp1").is_visible()
    assert page.locator("#cable-1468-en-sp1").is_visible()
    ja, en = (page.locator(f"#cable-1468-{lang}-sp1").bounding_box() for lang in ("ja", "en"))
    assert ja["x"] + ja["width"] <= en["x"] and abs(ja["y"] - en["y"]) < 5  # side by side
    for hidden in (".site-header", ".site-footer", ".view-switch"):
        assert not page.locator(hidden).is_visible(), hidden
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "cable-1468-print.pdf"))


def test_without_javascript_everything_but_search_is_there(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "documents" / "cable-1468.html").as_uri())  # from disk, too
    assert page.locator("#cable-1468-ja-sp1").is_visible()
    assert page.locator("#cable-1468-en-sp1").is_visible()
    assert not page.locator(".view-switch").is_visible()
    page.goto((site / "index.html").as_uri())
    assert page.locator(".doc-entry:visible").count() == 3
    assert not page.locator("form.filters").is_visible()
    context.close()


def test_the_site_works_under_a_sub_path(page, site):
    """Published at https://host/some/path/: every link, and search's results, still work."""
    url, server = serve(site.parent)
    try:
        found = search(page, url + site.name + "/", "Reagan")
        assert found == [f"/{site.name}/documents/cable-1468.html"]
        page.locator(".pagefind-ui__result-link").first.click()
        page.wait_for_url(f"{url}{site.name}/documents/cable-1468.html*")
        page.get_by_role("link", name="Chronology").click()
        page.wait_for_url(f"{url}{site.name}/chronology.html")
    finally:
        server.shutdown()
        server.server_close()


def test_search_opened_from_disk_says_it_needs_a_server(page, site):
    page.goto((site / "search.html").as_uri())
    assert page.locator(".search-file-note").is_visible()
    assert "tei serve" in page.locator(".search-file-note").inner_text()


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (axe-playwright-"
                    "python, a test dependency): run ./setup.sh --test")
@pytest.mark.parametrize("path", ["index.html", "documents/cable-1468.html",
                                  "documents/cable-1456.html", "persons.html",
                                  "chronology.html", "places.html", "organisations.html",
                                  "search.html?q=Reagan"])
def test_no_serious_accessibility_violations(audit_page, base_url, path):
    page = audit_page
    page.goto(base_url + path)
    if path.startswith("search"):
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_a_hostile_document_runs_nothing_even_when_searched(page, tmp_path):
    from .test_html import HOSTILE, copy_edition

    root = copy_edition(tmp_path, with_tei=False)
    shutil.copy(HOSTILE, root / "tei" / "hostile.xml")
    out = tmp_path / "html"
    assert build_site(load_edition(root), out).ok
    url, server = serve(out)
    try:
        for path in ("index.html", "documents/hostile.html", "persons.html",
                     "chronology.html"):
            page.goto(url + path)
            page.locator("main h1").hover()
        found = search(page, url, "script")
        assert found and found[0].endswith("documents/hostile.html")
        page.wait_for_timeout(300)
        assert page.locator(".pagefind-ui__result script, .pagefind-ui__result img").count() == 0
        shot(page, "hostile-search")
    finally:
        server.shutdown()
        server.server_close()
    # the page fixture asserts that no dialog (alert) opened and no error was logged


#: A 1×1 PNG: what "another site" (and the allowed IIIF server) would serve.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAE"
                       "hQGAhKmMIQAAAABJRU5ErkJggg==")


class _Elsewhere(BaseHTTPRequestHandler):
    """Another site: it answers every request with an image, and remembers it."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


def elsewhere() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Elsewhere)
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def record_requests(page, site: str, allowed: tuple[str, ...] = ()) -> tuple[list, list]:
    """Every request of the page's context: to the site it goes through; to an allowed
    origin it is answered with an image; anything else is recorded and stopped."""
    left, served = [], []

    def route(route):
        url = route.request.url
        if url.startswith(site):
            route.continue_()
        elif url.startswith(allowed):
            served.append(url)
            route.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            left.append(url)
            route.abort()

    page.context.route("**/*", route)
    return left, served


def test_a_hostile_document_makes_no_request_leave_the_site_and_runs_nothing(page, tmp_path):
    """A site built from hostile documents (script URLs, event-handler text, remote images and
    facsimiles, CSS with url() in style, rend and rendition, media, XInclude) is read page by
    page in the browser: no request goes anywhere but the site, no script of the documents
    runs (no dialog, no console error: a refused load would log one), and the policy is in
    force (what a page might still try is refused by the browser)."""
    from .test_html import hostile_remote_edition

    other = elsewhere()
    remote = f"http://127.0.0.1:{other.server_address[1]}"
    root = hostile_remote_edition(tmp_path, remote)
    out = tmp_path / "html"
    report = build_site(load_edition(root), out)
    assert report.ok, [str(p) for p in report.problems]
    url, server = serve(out)
    left, _ = record_requests(page, url)
    try:
        pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                       if "pagefind" not in p.parts)
        assert "documents/hostile-remote.html" in pages and len(pages) >= 10
        for path in pages:
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            page.locator("main h1").hover()
        page.goto(url + "documents/hostile-remote.html")
        link = page.locator(f'a[href="{remote}/images/figure.png"]')
        assert link.inner_text() == f"{remote}/images/figure.png"  # shown as a link, its URL
        for words in ("remote", "script", "handlers"):
            assert search(page, url, words)
            page.wait_for_load_state("networkidle")
        assert left == [] and other.hits == []
        # the policy itself: an image and a script added to a page are refused
        page.goto(url + "documents/hostile-remote.html")
        refused = page.evaluate("""(remote) => new Promise(done => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', e => {
                seen.push(e.effectiveDirective);
                if (seen.length === 2) done(seen.sort());
            });
            setTimeout(() => done(seen.sort()), 5000);
            const img = document.createElement('img');
            img.src = remote + '/added.png';
            const script = document.createElement('script');
            script.src = remote + '/added.js';
            document.body.append(img, script);
        })""", remote)
        assert refused == ["img-src", "script-src-elem"]
        page.wait_for_timeout(200)
        assert left == [] and other.hits == []
        page.errors[:] = [e for e in page.errors if "Content Security Policy" not in e]
    finally:
        server.shutdown()
        server.server_close()
        other.shutdown()
        other.server_close()
    # the page fixture asserts that no dialog (alert) opened and no error was logged


def test_images_of_an_allowed_host_are_shown_and_only_those(page, tmp_path):
    """edition.toml allows the IIIF server: its images (a figure, a facsimile page) load from
    there; every other remote image stays a link, and no request goes elsewhere."""
    from .test_html import IIIF, hostile_remote_edition

    root = hostile_remote_edition(tmp_path, "http://remote.example:8080",
                                  hosts=("iiif.example.org",))
    out = tmp_path / "html"
    assert build_site(load_edition(root), out, search=False).ok
    url, server = serve(out)
    left, served = record_requests(page, url, allowed=(IIIF + "/",))
    try:
        page.goto(url + "documents/hostile-remote.html")
        page.wait_for_load_state("networkidle")
        widths = page.eval_on_selector_all("main img", "imgs => imgs.map(i => i.naturalWidth)")
        assert widths == [1, 1]
        assert sorted(served) == [f"{IIIF}/iiif/figure/full/max/0/default.png",
                                  f"{IIIF}/iiif/page-3/full/max/0/default.png"]
        assert left == []
        shot(page, "hostile-remote-allowed-host")
    finally:
        server.shutdown()
        server.server_close()
