"""The manual (docs/, mkdocs.yml) and the README, its front door.

The site is built as CI builds it, `mkdocs build --strict`: a broken link or anchor, a page left
out of the navigation or an included file that is missing fails the build. The reference of
the `tei` command is generated from the click commands, so every command and option must be
in it; the README stays short (at most 250 lines) and every link in it leads somewhere.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tei import PROJECT_ROOT
from tei.cli import main

README = PROJECT_ROOT / "README.md"
DOCS = PROJECT_ROOT / "docs"
DOCS_PACKAGES = ("mkdocs", "material", "mkdocs_click")


def _need_mkdocs() -> None:
    """The docs extra is part of `setup.sh --test`: in CI its absence is a failure; on a
    machine set up before it existed, the tests say how to install it."""
    missing = [name for name in DOCS_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        message = f"the docs extra is not installed ({', '.join(missing)}): " \
                  "pip install -e '.[docs]' (./setup.sh --test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def mkdocs_build(config: Path, site: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site)],
        cwd=cwd, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    _need_mkdocs()
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(PROJECT_ROOT / "mkdocs.yml", out, PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def commands(command: click.Command, path: tuple[str, ...] = ("tei",)):
    """Every command of the CLI with its path: ("tei",), ("tei", "build"), ("tei", "build",
    "html") …"""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            if not sub.hidden:
                yield from commands(sub, (*path, name))


def sections(html: str) -> dict[str, str]:
    """The built CLI reference cut at its headings: id -> the HTML up to the next heading."""
    parts = re.split(r'(<h[1-6] id="[^"]+")', html)
    return {re.search(r'id="([^"]+)"', head).group(1): body
            for head, body in zip(parts[1::2], parts[2::2], strict=True)}


def test_every_command_and_option_is_in_the_cli_reference(site):
    html = (site / "reference" / "cli" / "index.html").read_text("utf-8")
    # the same page whoever builds it, with no default a reader cannot use (docs/hooks.py)
    assert str(PROJECT_ROOT) not in html and "Sentinel" not in html
    page = sections(html)
    found = list(commands(main))
    assert len(found) >= 15
    for path, command in found:
        anchor = "-".join(path)
        assert anchor in page, f"{' '.join(path)} is not in the CLI reference"
        section = page[anchor]
        first_line = (command.help or "").strip().splitlines()[0]
        words = re.sub(r"\s+", " ", first_line).split(" ")[:4]
        assert " ".join(words) in re.sub(r"\s+", " ", section).replace("&#39;", "'"), \
            (path, words)
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                for opt in param.opts:
                    assert opt in section, f"{opt} of {' '.join(path)} is not in its reference"


def test_the_synopsis_names_real_commands_and_options():
    """The hand-written synopsis of docs/reference/cli.md ("At a glance") names only commands
    and options that exist, and every command."""
    text = (DOCS / "reference" / "cli.md").read_text("utf-8")
    block = text.split("## At a glance", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    by_path = dict(commands(main))
    named = set()
    for line in block.splitlines():
        usage = line.split("#", 1)[0]
        for invocation in re.split(r" \| |, ", usage):
            words = invocation.split()
            path = ("tei",)
            for word in words[1:]:
                if (*path, word) in by_path:
                    path = (*path, word)
                else:
                    break
            named.add(path)
            command = by_path[path]
            options = {o for p in command.params if isinstance(p, click.Option) for o in p.opts}
            options |= {"-h", "--help"}
            for flag in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", invocation):
                assert flag in options, f"{flag} is not an option of {' '.join(path)}: {line}"
    leaves = {p for p, c in by_path.items() if not isinstance(c, click.Group) or not c.commands}
    assert leaves <= named, f"not in the synopsis: {sorted(leaves - named)}"


def test_the_strict_build_fails_on_a_broken_link(tmp_path):
    """What `--strict` with mkdocs.yml's validation settings refuses: a link to a heading that
    is not there, and a page left out of the navigation."""
    _need_mkdocs()
    root = tmp_path / "project"
    shutil.copytree(DOCS, root / "docs")
    shutil.copy(PROJECT_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for included in ("schema/manual.md", "tests/bench/README.md"):
        (root / included).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / included, root / included)
    with (root / "docs" / "index.md").open("a", encoding="utf-8") as index:
        index.write("\nSee [the rules](guide/validate.md#no-such-heading).\n")
    (root / "docs" / "orphan.md").write_text("# Not in the navigation\n", "utf-8")
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site", root)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "no-such-heading" in output and "orphan.md" in output, output


def test_the_encoding_manual_and_the_benchmarks_are_included_not_copied(site):
    for page, source in (("reference/encoding-manual", "schema/manual.md"),
                         ("reference/benchmarks", "tests/bench/README.md")):
        markdown = (DOCS / f"{page}.md").read_text("utf-8")
        assert f'--8<-- "{source}"' in markdown
        original = (PROJECT_ROOT / source).read_text("utf-8")
        headings = re.findall(r"^#{1,3} (.+)$", original, flags=re.M)
        assert headings and not any(f"\n# {h}\n" in markdown for h in headings), page
        built = (site / page / "index.html").read_text("utf-8")
        for heading in headings:
            words = re.sub(r"[`*]", "", heading).split()[0]
            assert words in built, (page, heading)
    manual = (site / "reference" / "encoding-manual" / "index.html").read_text("utf-8")
    for element in re.findall(r"^### (\w+)$", (PROJECT_ROOT / "schema" / "manual.md")
                              .read_text("utf-8"), flags=re.M):
        assert f'id="{element.lower()}"' in manual, element


def test_the_readme_is_a_front_door():
    text = README.read_text("utf-8")
    assert len(text.splitlines()) <= 250
    first_block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.splitlines()[:2] == [
        "./setup.sh && .venv/bin/tei build                 # set up, build the edition: "
        "build/tei, build/html (the site), build/pdf/edition.pdf",
        "./setup.sh --test && .venv/bin/pytest             # set up, run the tests (CI runs "
        "this line)",
    ]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text("utf-8")
    assert "./setup.sh --test && .venv/bin/pytest" in ci


def github_slug(heading: str) -> str:
    """The anchor GitHub (and most forges) give a Markdown heading."""
    text = re.sub(r"[`*_]|\]\([^)]*\)|\[", "", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def test_every_link_of_the_readme_resolves():
    text = README.read_text("utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code is not linked
    links = re.findall(r"!?\[[^\]]*\]\(([^)\s]+)\)", text)
    assert len(links) >= 10
    for link in links:
        if re.match(r"https?://", link):
            continue
        target, _, anchor = link.partition("#")
        path = (README.parent / target) if target else README
        assert path.exists(), f"README links to {link}: no such file"
        if path.suffix == ".png":
            data = path.read_bytes()
            assert data.startswith(b"\x89PNG") and len(data) < 300_000, link
        if anchor:
            headings = re.findall(r"^#+ (.+)$", path.read_text("utf-8"), flags=re.M)
            assert anchor in {github_slug(h) for h in headings}, f"README links to {link}"
