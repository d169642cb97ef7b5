"""Make the pictures of the README and the documentation from the shipped edition.

    .venv/bin/python docs/images/make_images.py [BUILD]

BUILD is a folder that `tei build -o BUILD` wrote (default: build). Writes, beside this file,
document-page.png (a document's page of the HTML edition, shot by Debian's chromium through
Playwright, as the browser tests drive it) and book-page.png (a page of the PDF book, rendered
by poppler's pdftoppm). Both are reduced to a palette of 256 colours, to stay small.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from tei.publish.html import make_server

HERE = Path(__file__).parent
DOCUMENT = "cable-1468"  # the cable with both languages, turns, redactions and notes
BOOK_PAGE = 15           # the first page of a cable in the book (cable 1456)


def small_png(source: Path, target: Path, width: int) -> None:
    """Scale to ``width`` pixels and keep 256 colours: a screenshot stays readable."""
    image = Image.open(source).convert("RGB")
    height = round(image.height * width / image.width)
    image = image.resize((width, height), Image.LANCZOS)
    image.quantize(256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def document_page(site: Path, target: Path) -> None:
    server = make_server(site, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/documents/{DOCUMENT}.html"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.evaluate("document.getElementById('text-heading').scrollIntoView()")
            with tempfile.TemporaryDirectory() as tmp:
                shot = Path(tmp) / "page.png"
                page.screenshot(path=str(shot))
                small_png(shot, target, 960)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def book_page(pdf: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(BOOK_PAGE), "-l",
                        str(BOOK_PAGE), "-singlefile", str(pdf), str(stem)], check=True)
        small_png(stem.with_suffix(".png"), target, 640)


def main() -> None:
    build = Path(sys.argv[1] if len(sys.argv) > 1 else "build")
    document_page(build / "html", HERE / "document-page.png")
    book_page(build / "pdf" / "edition.pdf", HERE / "book-page.png")


if __name__ == "__main__":
    main()
