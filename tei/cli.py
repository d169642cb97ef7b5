"""The ``tei`` command: convert transcriptions to TEI, print a TEI document's text, build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .convert import convert as run_convert
from .edition import DEFAULT_EDITION, load_edition
from .errors import TeiCablesError
from .sources import LAYOUT_NAMES


def _report(problems, err: bool = True) -> None:
    for problem in problems:
        click.echo(str(problem), err=err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei")
def main() -> None:
    """tei-cables: declassified diplomatic cables -> a validated TEI P5 edition.

    Pipeline: plain transcriptions (sources) -> TEI (convert) -> plain text again (text).
    """


def _convert(sources: list[Path], outdir: Path, edition_dir: Path, jobs: int, layout: str | None,
             strict: bool) -> int:
    edition = load_edition(edition_dir)
    outcomes = []
    show_bar = len(sources) > 1 and sys.stderr.isatty()
    with click.progressbar(length=len(sources), label="Converting", file=sys.stderr,
                           hidden=not show_bar) as bar:
        outcomes = run_convert(sources, outdir, edition, jobs=jobs, layout=layout, strict=strict,
                               progress=bar.update)
    failed = [o for o in outcomes if not o.ok]
    warnings = 0
    for outcome in outcomes:
        _report(outcome.problems)
        warnings += sum(p.severity == "warning" for p in outcome.problems)
    written = len(outcomes) - len(failed)
    click.echo(f"{written} of {len(outcomes)} converted into {outdir}, {len(failed)} failed, "
               f"{warnings} warning{'s' if warnings != 1 else ''}", err=True)
    return 1 if failed else 0


def _expand(sources: list[Path]) -> list[Path]:
    """Folders stand for the transcriptions (*.txt) in them, in name order."""
    files: list[Path] = []
    for source in sources:
        files.extend(sorted(source.glob("*.txt")) if source.is_dir() else [source])
    return files


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", required=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the TEI files.")
@click.option("--edition", "edition_dir", default=DEFAULT_EDITION, show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Edition folder (edition.toml, persons register).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(0, 64),
              help="Processes to convert with; 0: one per core.")
@click.option("--layout", type=click.Choice(LAYOUT_NAMES), default=None,
              help="Read every source with this layout instead of detecting it.")
@click.option("--strict", is_flag=True,
              help="Treat warnings (an unresolved speaker, turns not aligned) as errors.")
def convert(sources: list[Path], outdir: Path, edition_dir: Path, jobs: int, layout: str | None,
            strict: bool) -> None:
    """Convert plain transcriptions (SOURCES: files, or folders of *.txt) into TEI P5.

    Each source becomes OUTDIR/<id>.xml (cable-1468.xml, article-….xml).

    The layout of each source (web page, archive export, newspaper article) is recognised
    automatically. Problems are reported as file:line:column; the exit status is 0 when every
    source converted, 1 otherwise (no half-written file is ever left).
    """
    files = _expand(list(sources))
    if not files:
        click.echo("no transcriptions (*.txt) in " + ", ".join(map(str, sources)), err=True)
        sys.exit(2)
    try:
        sys.exit(_convert(files, outdir, edition_dir, jobs or os.cpu_count() or 1, layout,
                          strict))
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None,
              help="Only the text in this language (original or translation).")
def text(file: Path, lang: str | None) -> None:
    """Print the text of a TEI document, in the transcription's own conventions.

    Markup goes back to the markers it came from ("[TN: name blacked out]", "[Hata]",
    "NAFTA [North American …]"), so the output can be compared with the source.
    """
    from .text import tei_text

    try:
        click.echo(tei_text(file, lang), nl=False)
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)


@main.command()
@click.option("--edition", "edition_dir", default=DEFAULT_EDITION, show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", "outdir", default=Path("build"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("-j", "--jobs", default=os.cpu_count() or 1, show_default=True,
              type=click.IntRange(1, 64))
def build(edition_dir: Path, outdir: Path, jobs: int) -> None:
    """Build the edition: convert its sources into OUTDIR/tei (more outputs to come).

    The committed TEI in edition/tei must equal what this writes; `tei build` says so when
    they differ.
    """
    try:
        edition = load_edition(edition_dir)
        sources = sorted(edition.sources_dir.glob("*.txt"))
        if not sources:
            click.echo(f"{edition.sources_dir}: no sources (*.txt) to build", err=True)
            sys.exit(2)
        status = _convert(sources, outdir / "tei", edition_dir, jobs, None, True)
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    if status == 0:
        built = {p.name: p.read_bytes() for p in (outdir / "tei").glob("*.xml")}
        shipped = {p.name: p.read_bytes() for p in edition.tei_dir.glob("*.xml")}
        stale = sorted(n for n in built.keys() | shipped.keys()
                       if built.get(n) != shipped.get(n))
        for name in stale:
            click.echo(f"{edition.tei_dir / name}: differs from what the converter writes now "
                       f"({outdir / 'tei' / name}); run `tei convert {edition.sources_dir}/*.txt "
                       f"-o {edition.tei_dir}` to update it", err=True)
    sys.exit(status)
