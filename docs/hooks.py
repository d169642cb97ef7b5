"""MkDocs hook (mkdocs.yml `hooks:`): tidies the CLI reference that mkdocs-click generates.

mkdocs-click prints a default it cannot show as click's internal `Sentinel.UNSET` (for flags
such as --help under click 8.2 and later), and a path default as the absolute path of the
checkout that built the site. Both become what a reader can use: no default, and the path from
the project's root (`edition`), so the page is the same whoever builds it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def on_page_content(html: str, page, config, files) -> str:  # noqa: ARG001 (MkDocs' signature)
    if page.file.src_uri != "reference/cli.md":
        return html
    html = html.replace("<code>Sentinel.UNSET</code>", "")
    return html.replace(f"<code>{ROOT}/", "<code>")
