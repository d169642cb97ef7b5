"""The ``tei`` command: convert transcriptions to TEI, print a TEI document's text, build."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__
from .edition import DEFAULT_EDITION, load_edition
from .errors import TeiCablesError
from .parallel import Runner
from .schema import xml_models
from .sources import LAYOUT_NAMES
from .xmlio import with_xml_models, without_xml_models, write_atomic


def _report(problems, err: bool = True) -> None:
    for problem in problems:
        click.echo(str(problem), err=err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei")
def main() -> None:
    """tei-cables: declassified diplomatic cables -> a validated TEI P5 edition.

    Pipeline: plain transcriptions (sources) -> TEI (convert) -> plain text again (text);
    the edition -> TEI and a static web site (build; preview it with serve); TEI from other
    archives -> the edition (import); the edition -> other archives (export).
    """


def _convert(sources: list[Path], outdir: Path, edition_dir: Path, jobs: int, layout: str | None,
             strict: bool, report: Path | None = None, scheduler: str | None = None,
             runner: Runner | None = None) -> int:
    from .convert import convert as run_convert  # (here: the other commands start faster)
    from .report import chrome_lines, write_report

    edition = load_edition(edition_dir)
    outcomes = []
    show_bar = len(sources) > 1 and sys.stderr.isatty()
    with click.progressbar(length=len(sources), label="Converting", file=sys.stderr,
                           hidden=not show_bar) as bar, \
            contextlib.nullcontext(runner) if runner else Runner(jobs, scheduler) as work:
        outcomes = run_convert(sources, outdir, edition, layout=layout, strict=strict,
                               keep_reading=report is not None, progress=bar.update,
                               runner=work)
    failed = [o for o in outcomes if not o.ok]
    warnings = 0
    for outcome in outcomes:
        _report(outcome.problems)
        warnings += sum(p.severity == "warning" for p in outcome.problems)
    written = len(outcomes) - len(failed)
    chrome = chrome_lines(outcomes)
    left_out = (f", {chrome} line{'s' if chrome != 1 else ''} of page chrome left out"
                f"{' (listed in ' + str(report) + ')' if report else ''}" if chrome else "")
    click.echo(f"{written} of {len(outcomes)} converted into {outdir}, {len(failed)} failed, "
               f"{warnings} warning{'s' if warnings != 1 else ''}{left_out}", err=True)
    if report is not None:
        try:
            write_report(report, outcomes)
        except OSError as exc:
            click.echo(f"{report}:0:0: error: cannot write the report: {exc.strerror}", err=True)
            return 2
    return 1 if failed else 0


#: Sends the per-document work to a Dask cluster (see tei.parallel).
SCHEDULER_OPTION = click.option(
    "--scheduler", default=None, metavar="ADDRESS",
    help="Run the per-document work on Dask: the address of a running scheduler "
         "(tcp://host:8786), or local:N for a cluster of N worker processes on this machine. "
         "Workers need tei-cables installed and the edition's folder at the same path.")


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
              help="Read every source with this reader instead of detecting it (cable, or a "
                   "newspaper layout).")
@click.option("--strict", is_flag=True,
              help="Treat warnings (a part not found, an unresolved speaker, turns not aligned) "
                   "as errors: a source with any is not written.")
@click.option("--report", "report", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write a JSON report: per source, the parts found with their lines, the parts "
                   "missing, every problem, the lines left out as page chrome.")
@SCHEDULER_OPTION
def convert(sources: list[Path], outdir: Path, edition_dir: Path, jobs: int, layout: str | None,
            strict: bool, report: Path | None, scheduler: str | None) -> None:
    """Convert plain transcriptions (SOURCES: files, or folders of *.txt) into TEI P5.

    Each source becomes OUTDIR/<id>.xml (cable-1468.xml, article-….xml).

    A cable is read by its parts wherever they stand (the archive's record, the metadata
    lines, the Japanese original, the translation, the page's back matter), in any encoding,
    with or without blank lines, with page chrome around it. Whatever has text is converted:
    what is not recognised is kept as paragraphs, and each part not found is a warning.
    Problems are reported as file:line:column; the exit status is 0 when every source
    converted, 1 when one failed (no usable text; with --strict, any warning), 2 when the
    input is unusable (no sources, a broken edition.toml). No half-written file is ever left.
    """
    files = _expand(list(sources))
    if not files:
        click.echo("no transcriptions (*.txt) in " + ", ".join(map(str, sources)), err=True)
        sys.exit(2)
    try:
        sys.exit(_convert(files, outdir, edition_dir, jobs or os.cpu_count() or 1, layout,
                          strict, report, scheduler))
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)


@main.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the imported documents [default: the edition's imported/].")
@click.option("--schema", "schemas", multiple=True, type=click.Path(path_type=Path),
              help="Check the sources against this RELAX NG, XSD or Schematron instead of the "
                   "exchange schema (all of TEI P5); repeatable.")
@click.option("--edition", "edition_dir", default=DEFAULT_EDITION, show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Edition folder (edition.toml): where imported documents go by default.")
@click.option("--strict", is_flag=True,
              help="Import nothing from a source that does not conform to the schema.")
@click.option("-j", "--jobs", default=os.cpu_count() or 1, show_default="one per core",
              type=click.IntRange(0, 64), help="Processes to validate with; 0: one per core.")
@SCHEDULER_OPTION
def import_(sources: tuple[Path, ...], outdir: Path | None, schemas: tuple[Path, ...],
            edition_dir: Path, strict: bool, jobs: int, scheduler: str | None) -> None:
    """Import TEI P5 from other archives (SOURCES: files, or folders of *.xml).

    A single TEI document, a teiCorpus (one document per TEI in it) or a volume of many
    documents (FRUS: one document per div[@type='document'], with the persons and terms it
    refers to, and one for the rest of the volume: front and back matter, registers, chapter
    headings) becomes OUTDIR/<id>.xml, its provenance recorded in its header; nothing of the
    source is dropped or changed. Each source is checked against the exchange schema (all of
    TEI P5) or --schema; problems are reported as file:line:column. Exit status: 0 every
    document imported and conformant, 1 some did not conform (still imported unless --strict),
    2 unusable input (not well-formed, missing, not TEI, too large).
    """
    from .exchange.importer import expand, import_sources

    try:
        edition = load_edition(edition_dir)
        target = outdir or edition.imported_dir
        reserved = set()
        if target.resolve() == edition.imported_dir.resolve():  # published beside the edition's
            reserved = {p.stem for p in edition.tei_dir.glob("*.xml")}
        if not expand(sources):
            click.echo("no TEI files (*.xml) in " + ", ".join(map(str, sources)), err=True)
            sys.exit(2)
        with Runner(jobs or os.cpu_count() or 1, scheduler) as runner:
            outcomes = import_sources(list(sources), target,
                                      schemas=tuple(map(str, schemas)), strict=strict,
                                      reserved=reserved, runner=runner)
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    for outcome in outcomes:
        _report(outcome.problems)
    written = sum(len(o.written) for o in outcomes)
    nonconformant = sum(o.status == 1 for o in outcomes)
    unusable = sum(o.status == 2 for o in outcomes)
    warnings = sum(p.severity == "warning" for o in outcomes for p in o.problems)
    click.echo(f"{written} document{'s' if written != 1 else ''} imported into {target} from "
               f"{len(outcomes)} source{'s' if len(outcomes) != 1 else ''}: {nonconformant} "
               f"not conformant, {unusable} unusable, {warnings} "
               f"warning{'s' if warnings != 1 else ''}", err=True)
    sys.exit(max((o.status for o in outcomes), default=0))


def _ask(value: str | None, question: str, default: str) -> str:
    """An option's value; when it was not given, asked at a terminal, else its default."""
    if value is not None:
        return value
    if sys.stdin.isatty():
        return click.prompt(question, default=default, show_default=bool(default))
    return default


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default=None, help="The edition's title (asked at a terminal).")
@click.option("--publisher", default=None, help="Who publishes it (asked at a terminal).")
@click.option("--editor", default=None, help="Who edits it (default: the publisher).")
@click.option("--licence", default=None, metavar="NAME|TEXT",
              help="The licence of the encoding: cc-by (default), cc-by-sa, cc-by-nc, cc0, or "
                   "its name as text (then give --licence-url).")
@click.option("--licence-url", default="", help="The licence's URL (known licences have one).")
@click.option("--date", default="", help="The year of publication.")
def init(directory: Path, title: str | None, publisher: str | None, editor: str | None,
         licence: str | None, licence_url: str, date: str) -> None:
    """Start a new edition in DIRECTORY: edition.toml, sources/, tei/, imported/, the
    register of persons (a copy of the shipped one, to grow) and a README saying what goes
    where. Never overwrites: an existing edition is refused.

    Then drop transcriptions into DIRECTORY/sources and run
    `tei build --edition DIRECTORY`.
    """
    from .new_edition import LICENCES, Settings, init_edition

    settings = Settings(
        title=_ask(title, "Title of the edition", "An edition of diplomatic cables"),
        publisher=_ask(publisher, "Publisher", "The editors of this edition"),
        editor=editor or "",
        licence=_ask(licence, f"Licence ({', '.join(LICENCES)}, or its name)", "cc-by"),
        licence_url=licence_url, date=date)
    try:
        init_edition(directory, settings)
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"{directory}:0:0: error: cannot write the edition: {exc.strerror}",
                   err=True)
        sys.exit(2)
    click.echo(f"A new edition in {directory}: edition.toml, sources/, tei/, imported/, "
               "persons.xml, README.md")
    click.echo(f"Next: put transcriptions (*.txt) into {directory / 'sources'}, then "
               f"`tei build --edition {directory}`")


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


@dataclass(frozen=True)
class BuildSettings:
    """What every step of `tei build` shares: the edition, the build folder, the processes."""

    edition_dir: Path
    outdir: Path
    jobs: int
    runner: Runner  # where the per-document work runs (local processes, or Dask)


@main.group(invoke_without_command=True)
@click.option("--edition", "edition_dir", default=DEFAULT_EDITION, show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Edition folder (edition.toml, sources/, tei/, persons register).")
@click.option("-o", "--output", "outdir", default=Path("build"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Build folder: each step writes into its own subfolder (tei/ …).")
@click.option("-j", "--jobs", default=os.cpu_count() or 1, show_default="one per core",
              type=click.IntRange(1, 64), help="Processes to work with.")
@SCHEDULER_OPTION
@click.pass_context
def build(ctx: click.Context, edition_dir: Path, outdir: Path, jobs: int,
          scheduler: str | None) -> None:
    """Build the edition into OUTDIR: without a step name, every step in order.

    Every step works document by document on JOBS processes, or on a Dask cluster
    (--scheduler): the files written are the same whatever runs them.
    """
    try:
        runner = ctx.with_resource(Runner(jobs, scheduler))
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    ctx.obj = BuildSettings(edition_dir, outdir, jobs, runner)
    if ctx.invoked_subcommand is None:
        for step in BUILD_STEPS:
            status = ctx.invoke(build.commands[step])
            if status:
                sys.exit(status)
        sys.exit(0)


def _build_step(func):
    """A step of `tei build`: run alone (`tei build STEP`) it exits with its status."""

    @functools.wraps(func)
    def run(*args, **kwargs) -> int:
        status = func(click.get_current_context().find_object(BuildSettings), *args, **kwargs)
        if click.get_current_context().parent.invoked_subcommand is not None:
            sys.exit(status)
        return status

    return run


@build.command("tei")
@click.option("--update", is_flag=True,
              help="Write the new conversion into edition/tei, merged three ways with your "
                   "hand corrections (base: what the converter wrote last, kept in "
                   "edition/.converted/); a conflict keeps your file and writes the "
                   "converter's proposal beside it (NAME.xml.proposed).")
@_build_step
def build_tei(settings: BuildSettings, update: bool = False) -> int:
    """Convert the edition's sources into OUTDIR/tei, and compare with the committed TEI.

    Without --update, the committed TEI is not changed: this step says which files differ
    from what the converter writes now. A document new to the edition (a source with no TEI
    there yet) is added to edition/tei: there is nothing of the editor's to keep. What the
    converter wrote is recorded in edition/.converted/ for each document that equals it, the
    base of the next --update.
    """
    try:
        edition = load_edition(settings.edition_dir)
        sources = sorted(edition.sources_dir.glob("*.txt"))
        if not sources:
            click.echo(f"{edition.sources_dir}: no sources (*.txt) to build", err=True)
            return 2
        outdir = settings.outdir / "tei"
        status = _convert(sources, outdir, settings.edition_dir, settings.jobs, None, True,
                          runner=settings.runner)
    except TeiCablesError as exc:
        _report(exc.problems)
        return 2
    if status == 0 and update:
        return _update_tei(edition, outdir)
    if status == 0:
        from .update import record_base

        # the xml-model PIs point to the schemas from where each file lies: not compared.
        # One document at a time (10,000 cables held twice would be 600 MB)
        built_names = {p.name for p in outdir.glob("*.xml")}
        shipped_names = {p.name for p in edition.tei_dir.glob("*.xml")}
        new = sorted(built_names - shipped_names)
        if new:
            edition.tei_dir.mkdir(parents=True, exist_ok=True)
            models = xml_models(edition.tei_dir)
        for name in new:
            write_atomic(edition.tei_dir / name,
                         with_xml_models((outdir / name).read_bytes(), models))
            click.echo(f"{edition.tei_dir / name}: new, added to the edition")
        stale = sorted(shipped_names - built_names)
        for name in sorted(built_names & shipped_names):
            converted = without_xml_models((outdir / name).read_bytes())
            if converted != without_xml_models((edition.tei_dir / name).read_bytes()):
                stale.append(name)
            else:
                record_base(edition.root, name, converted)
        for name in new:
            record_base(edition.root, name, (outdir / name).read_bytes())
        for name in sorted(stale):
            click.echo(f"{edition.tei_dir / name}: differs from what the converter writes now "
                       f"({outdir / name}); `tei build tei --update` merges the new conversion "
                       "with your corrections", err=True)
    return status


def _update_tei(edition, outdir: Path) -> int:
    """``tei build tei --update``: the new conversion merged into edition/tei (tei.update)."""
    import tempfile

    from .update import ConvertedFolder, update_edition
    from .validate import validate

    def check(name: str, text: bytes) -> list:
        # the merged document validated beside the others (its pointers to them resolve)
        with tempfile.NamedTemporaryFile(dir=edition.tei_dir, prefix=f".{name}.",
                                         suffix=".merged") as tmp:
            tmp.write(text)
            tmp.flush()
            # (the file it is to replace shares its cable number: not a problem)
            return [p for p in validate([tmp.name]).problems if p.severity == "error"
                    and not (p.rule == "cable-number-unique"
                             and p.message.endswith(f" is also the number of {name}"))]

    built = ConvertedFolder(outdir)  # (read a document at a time)
    report = update_edition(edition.root, edition.tei_dir, built, xml_models(edition.tei_dir),
                            check)
    _report(report.problems)
    click.echo(f"{len(built)} documents: {report.count('merged')} merged with your "
               f"corrections, {report.count('converter', 'new')} taken from the converter "
               f"({report.count('new')} new), {report.count('kept', 'same')} unchanged, "
               f"{report.count('conflict', 'no-base')} kept with a conflict (the converter's "
               "proposal beside each)")
    return 1 if report.count("conflict", "no-base") else 0


#: Where `tei build validate` keeps each file's check, in the build folder (tei.validate.cache).
VALIDATE_CACHE = ".tei-validate"


@build.command("validate")
@click.option("--xsd", "use_xsd", is_flag=True, help="Also check against the edition's XSD.")
@_build_step
def build_validate(settings: BuildSettings, use_xsd: bool) -> int:
    """Validate the edition's TEI (edition/tei and the persons register) before publishing.

    The same check as `tei validate` with no PATH: RELAX NG and Schematron of the edition
    (and its XSD with --xsd); every problem is reported located, and the build stops here if
    a file is invalid. Documents imported from other archives (edition/imported) are checked
    against the exchange schema (all of TEI P5): their departures are warnings, since they
    are published as received.
    """
    from .validate import Options, edition_files, validate_edition

    try:
        if not edition_files(settings.edition_dir):
            click.echo(f"{settings.edition_dir}: no TEI files to validate", err=True)
            return 2
        # each file's check kept in the build folder: the next build checks what changed
        report = validate_edition(settings.edition_dir, Options(xsd=use_xsd),
                                  runner=settings.runner,
                                  cache=settings.outdir / VALIDATE_CACHE)
    except TeiCablesError as exc:
        _report(exc.problems)
        return 2
    _report(report.problems)
    click.echo(report.summary(), err=True)
    return report.status


@build.command("html")
@click.option("-o", "--output", "site_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the site (default: OUTDIR/html).")
@click.option("--force", is_flag=True, help="Rewrite every page, not only what changed.")
@_build_step
def build_html(settings: BuildSettings, site_dir: Path | None, force: bool) -> int:
    """Build the HTML edition (a static site) from the edition's TEI into OUTDIR/html.

    One page per document (original and translation side by side), the index, the persons,
    places and organisations indexes, the chronology and a full-text search (Pagefind).
    Only the pages of documents that changed since the last build are rewritten (with the
    pages that list documents). Open OUTDIR/html/index.html, or preview with `tei serve`.
    """
    from .publish.html import build_site

    site_dir = site_dir or settings.outdir / "html"
    try:
        edition = load_edition(settings.edition_dir)
        count = len(edition.document_files())
        show_bar = count > 1 and sys.stderr.isatty()
        with click.progressbar(length=count, label="Writing pages", file=sys.stderr,
                               hidden=not show_bar) as bar:
            report = build_site(edition, site_dir, force=force, progress=bar.update,
                                runner=settings.runner)
    except TeiCablesError as exc:
        _report(exc.problems)
        return 2
    _report(report.problems)
    pages = sum(1 for rel in report.written if rel.endswith(".html"))
    errors = sum(p.severity == "error" for p in report.problems)
    click.echo(f"{report.documents} documents: {pages} pages written into {site_dir}"
               f"{', ' + str(len(report.removed)) + ' files removed' if report.removed else ''}"
               f", {errors} error{'s' if errors != 1 else ''}", err=True)
    return 0 if report.ok else 1


@build.command("pdf")
@click.option("-o", "--output", "target", default=None,
              type=click.Path(path_type=Path),
              help="The book's PDF file (default OUTDIR/pdf/edition.pdf); with --each, the "
                   "folder of the documents' PDFs (default OUTDIR/pdf).")
@click.option("--each", is_flag=True,
              help="One PDF per document (<id>.pdf) instead of the book.")
@click.option("--volume-size", default=40, show_default=True, type=click.IntRange(1),
              metavar="N", help="Documents per volume of the book: an edition of more is "
              "printed as several books (edition-1.pdf …), each with its contents and index.")
@_build_step
def build_pdf(settings: BuildSettings, target: Path | None, each: bool,
              volume_size: int = 40) -> int:
    """Typeset the edition's TEI (edition/tei) as a PDF book, or one PDF per document.

    The book has a title page, introduction, editorial principles, contents, every document
    (original and translation, footnotes, running heads) and an index of persons with page
    numbers. Japanese is set in Noto Serif CJK JP, English in Noto Serif (see setup.sh).
    """
    from .publish.pdf import build_pdf as run_build_pdf
    from .publish.pdf import font_problems

    def written(result) -> None:
        how = "unchanged" if result.reused else f"{result.seconds:.1f} s"
        click.echo(f"{result.path}: {result.pages} pages ({how})", err=True)

    _report(font_problems())
    try:
        edition = load_edition(settings.edition_dir)
        if each:
            run_build_pdf(edition, target or settings.outdir / "pdf", each=True,
                          progress=written, runner=settings.runner)
        else:
            run_build_pdf(edition, settings.outdir / "pdf", target=target, progress=written,
                          volume_size=volume_size, runner=settings.runner)
    except TeiCablesError as exc:
        _report(exc.problems)
        return 2
    return 0


@main.command()
@click.argument("directory", required=False, default=Path("build/html"),
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--bind", "host", default="127.0.0.1", show_default=True,
              help="Address to listen on.")
@click.option("--watch", is_flag=True,
              help="Build the edition into DIRECTORY, then rebuild what each save changes "
                   "(sources, TEI, imported documents, register, edition.toml, stylesheets) "
                   "and reload the open pages.")
@click.option("--edition", "edition_dir", default=None,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="With --watch: the edition folder to build and watch "
                   "[default: the shipped edition/].")
def serve(directory: Path, port: int, host: str, watch: bool, edition_dir: Path | None) -> None:
    """Preview the HTML edition (DIRECTORY, default build/html) on a local web server.

    Everything but search also works opened from disk; search needs http.

    With --watch, the edition is built first (its sources converted, its TEI validated, the
    site brought up to date), then every save rebuilds only what it changed: a source saved
    is converted again (its TEI in the edition is updated only if it was not corrected by
    hand), a TEI file saved is validated (problems printed as file:line:column), the pages
    it touches are rewritten, and the open pages reload. A save that is not well-formed is
    reported where it broke, and the last good page stays served.
    """
    if edition_dir is not None and not watch:
        click.echo("--edition is for --watch (a site alone is served from DIRECTORY)", err=True)
        sys.exit(2)
    if watch:
        _serve_watch(directory, port, host, edition_dir or DEFAULT_EDITION)
        return
    from .publish.html import make_server

    if not (directory / "index.html").is_file():
        click.echo(f"{directory}: no site here; build it first with `tei build html`",
                   err=True)
        sys.exit(2)
    try:
        server = make_server(directory, host, port)
    except OSError as exc:
        click.echo(f"cannot listen on {host}:{port}: {exc.strerror}", err=True)
        sys.exit(2)
    click.echo(f"Serving {directory} at http://{host}:{server.server_address[1]}/ "
               "(Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _serve_watch(directory: Path, port: int, host: str, edition_dir: Path) -> None:
    """`tei serve --watch`: build, serve with live reload, rebuild on every save."""
    import threading

    from .publish.live import make_live_server
    from .watch import Watcher

    try:
        server = make_live_server(directory, host, port)
    except OSError as exc:
        click.echo(f"cannot listen on {host}:{port}: {exc.strerror}", err=True)
        sys.exit(2)
    try:
        watcher = Watcher(edition_dir, directory, say=lambda line: click.echo(line, err=True),
                          reloads=server.reloads, jobs=os.cpu_count() or 1)
        click.echo(f"Building {edition_dir} into {directory} …", err=True)
        watcher.start()
    except TeiCablesError as exc:
        _report(exc.problems)
        server.server_close()
        sys.exit(2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"Serving {directory} at http://{host}:{server.server_address[1]}/; watching "
               f"{edition_dir} and the stylesheets: every save rebuilds (Ctrl-C to stop)",
               err=True)
    try:
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--xsd", "use_xsd", is_flag=True,
              help="Also check against the edition's XSD (schema/tei-cables.xsd, xmlschema).")
@click.option("--schema", "schemas", multiple=True, type=click.Path(path_type=Path),
              help="Check against this RELAX NG (.rng), XSD (.xsd) or Schematron (.sch) "
                   "instead of the edition's schemas (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one line per problem; json: for machines.")
@click.option("--edition", "edition_dir", default=DEFAULT_EDITION, show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Edition whose files are checked when no PATH is given.")
@click.option("-j", "--jobs", default=os.cpu_count() or 1, show_default="one per core",
              type=click.IntRange(0, 64), help="Processes to check with; 0: one per core.")
@SCHEDULER_OPTION
def validate(paths: tuple[Path, ...], use_xsd: bool, schemas: tuple[Path, ...], fmt: str,
             edition_dir: Path, jobs: int, scheduler: str | None) -> None:
    """Check TEI files (PATHS: files or folders; default: the whole edition, its documents
    imported from other archives checked against the exchange schema, their departures
    warnings, as `tei build validate` does).

    Against the edition's RELAX NG and Schematron (and its XSD with --xsd), or against the
    schemas given with --schema. Every problem is reported as
    file:line:column: severity: message [rule], then a count. Exit status: 0 valid, 1 invalid,
    2 unusable input (not well-formed, missing file, unusable schema).
    """
    import json

    from .validate import PARALLEL_FROM, Options, edition_files, expand, validate_edition
    from .validate import validate as run_validate

    try:
        targets = list(paths) or edition_files(edition_dir)
        if not targets:
            click.echo(f"{edition_dir}: no TEI files to check", err=True)
            sys.exit(2)
        missing = [p for p in targets if not p.exists()]
        empty = [p for p in targets if p.is_dir() and not any(p.glob("*.xml"))]
        options = Options(xsd=use_xsd, schemas=tuple(map(str, schemas)))
        jobs = jobs or os.cpu_count() or 1
        existing = [p for p in targets if p.exists()]
        # a few files are checked here (starting worker processes costs more), many on jobs
        # (a folder counts for the files in it)
        files = expand(existing)
        many = scheduler or not paths or len(files) >= PARALLEL_FROM
        with Runner(jobs if many else 1, scheduler) as runner:
            if not paths and not schemas:  # the whole edition, its imported documents included
                report = validate_edition(edition_dir, options, runner=runner)
            else:
                report = run_validate(files, options, runner=runner)
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    from .errors import Problem
    from .validate import Checked

    for path in missing:
        report.files.append(Checked(str(path), [Problem(str(path), 0, 0, "no such file or "
                                                        "folder", rule="missing")], True))
    for path in empty:
        report.files.append(Checked(str(path), [Problem(str(path), 0, 0, "no XML files "
                                                        "(*.xml) in this folder",
                                                        rule="missing")], True))
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    else:
        _report(report.problems, err=False)
        click.echo(report.summary())
    sys.exit(report.status)


@main.group()
def schema() -> None:
    """The schemas: compile schema/tei-cables.odd into RELAX NG, Schematron, XSD and the
    encoding manual, and schema/tei-exchange.odd (all of TEI P5) into RELAX NG and Schematron."""


@schema.command("build")
@click.option("--tei-all", "tei_all", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="The official tei_all.rng to derive from "
              "[default: ../shared/corpus/tei-schema/tei-p5-4.12.0-rng/tei_all.rng].")
@click.option("--check", is_flag=True,
              help="Write nothing: exit 1 if a committed file in schema/ differs from the ODDs.")
def schema_build(tei_all: Path | None, check: bool) -> None:
    """Compile the ODDs into schema/: tei-cables.rng, .sch, .xsd (needs trang) and manual.md;
    tei-exchange.rng and .sch (tei_all's embedded rules)."""
    from .schema import DEFAULT_TEI_ALL, SCHEMA_DIR
    from .schema.build import compile_all, drift, write

    try:
        built = compile_all(tei_all or DEFAULT_TEI_ALL)
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    for note in built.skipped:
        click.echo(f"not built: {note}", err=True)
    for note in built.notes:
        click.echo(note, err=True)
    if check:
        stale = drift(built)
        for name in stale:
            click.echo(f"{SCHEMA_DIR / name}: differs from what the ODD gives; run "
                       "`tei schema build`", err=True)
        click.echo(f"{len(built.files) - len(stale)} of {len(built.files)} schema files "
                   "up to date", err=True)
        sys.exit(1 if stale else 0)
    changed = write(built)
    click.echo(f"{len(changed)} of {len(built.files)} schema files written into {SCHEMA_DIR}"
               + (f": {', '.join(changed)}" if changed else ""), err=True)


@main.group()
def persons() -> None:
    """The register of persons (edition/persons.xml): check it, and find the labels it lacks."""


@persons.command("check")
@click.option("--edition", "edition_dir", default=DEFAULT_EDITION, show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Edition folder (edition.toml, persons register).")
def persons_check(edition_dir: Path) -> None:
    """Check the register: no two holders of one office overlap; every day of the covered
    years an office has no holder is explained (note type="vacancy"); pointers name offices;
    xml:ids and authority ids (wikidata, viaf, ndl) are of their form; every entry names its
    source. Exit status: 0 no error (warnings are printed), 1 errors, 2 unusable input."""
    from .encode.register_tools import check

    try:
        edition = load_edition(edition_dir)
        problems = check(edition.persons_path)
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    _report(problems, err=False)
    errors = sum(p.severity == "error" for p in problems)
    click.echo(f"{edition.persons_path}: {errors} error{'s' if errors != 1 else ''}, "
               f"{len(problems) - errors} warning{'s' if len(problems) - errors != 1 else ''}")
    sys.exit(1 if errors else 0)


@persons.command("unresolved")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--edition", "edition_dir", default=DEFAULT_EDITION, show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Edition folder (edition.toml, persons register, sources).")
@click.option("--stub", "stub", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write skeleton person entries for the labels found into this file.")
def persons_unresolved(sources: tuple[Path, ...], edition_dir: Path, stub: Path | None) -> None:
    """List every speaker, sender or recipient label that does not resolve in the register,
    grouped by label, with its date, document and line (SOURCES: transcriptions or folders of
    *.txt; default: the edition's sources). Nothing is converted to disk. Exit status: 0 every
    label resolves, 1 some do not, 2 unusable input."""
    from .encode.register_tools import group, stubs, unresolved
    from .xmlio import write_atomic

    try:
        edition = load_edition(edition_dir)
        files = _expand(list(sources) or [edition.sources_dir])
        if not files:
            click.echo("no transcriptions (*.txt) to read", err=True)
            sys.exit(2)
        found = unresolved(files, edition)
        if stub:
            from .encode.persons import Register

            write_atomic(stub, stubs(found, Register(edition.persons_path)))
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    for label, items in group(found).items():
        click.echo(f"{label}  ({len(items)} time{'s' if len(items) != 1 else ''})")
        for item in items:
            click.echo(f"  {item.date or 'no date'}  {item.document}  {item.source}:{item.line}"
                       f"  {item.why}")
    click.echo(f"{len(found)} unresolved label{'s' if len(found) != 1 else ''} "
               f"({len(group(found))} different) in {len(files)} source"
               f"{'s' if len(files) != 1 else ''}" + (f"; stubs written to {stub}" if stub
                                                       else ""), err=True)
    sys.exit(1 if found else 0)


@main.command("export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["tei", "txt", "json", "csv", "dc", "cmif", "all"]),
              help="tei: standalone TEI (tei_all) and one teiCorpus; txt: plain text; json, "
                   "csv: the catalogue; dc: Dublin Core (oai_dc) records; cmif: the correspondence "
                   "for letter aggregators (CMIF); all: each format "
                   "into its own subfolder of DIR.")
@click.option("-o", "--output", "outdir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into [default: build/export/<format>; with --format all, "
                   "build/export].")
@click.option("--edition", "edition_dir", default=DEFAULT_EDITION, show_default=True,
              type=click.Path(path_type=Path),
              help="Edition folder (edition.toml, tei/, imported/).")
def export(fmt: str, outdir: Path | None, edition_dir: Path) -> None:
    """Export the edition's documents (edition/tei and edition/imported) for other archives.

    Files are written atomically, their names made safe from the documents' names; nothing
    is written outside the output folder. The TEI written is checked against all of TEI P5
    (tei_all): documents from other archives that did not conform are exported as received
    (a warning). Exit status: 0 exported (warnings are reported), 1 a TEI file of the edition
    written does not conform to TEI P5 (each problem located), 2 unusable input (no edition,
    a document not well-formed, a record that does not validate).
    """
    from .exchange.export import FORMATS
    from .exchange.export import export as run_export

    formats = list(FORMATS) if fmt == "all" else [fmt]
    base = outdir or Path("build/export")
    try:
        if not (edition_dir / "edition.toml").is_file():
            click.echo(f"{edition_dir}: not an edition folder (no edition.toml)", err=True)
            sys.exit(2)
        edition = load_edition(edition_dir)
        status = 0
        for name in formats:
            target = base / name if (fmt == "all" or outdir is None) else base
            result = run_export(edition, name, target)
            _report(result.problems)
            errors = sum(p.severity == "error" for p in result.problems)
            status = max(status, 1 if errors else 0)
            said = f", {errors} error{'s' if errors != 1 else ''}" if errors else ""
            click.echo(f"{name}: {len(result.written)} files written into {target}{said}",
                       err=True)
    except TeiCablesError as exc:
        _report(exc.problems)
        sys.exit(2)
    sys.exit(status)


#: The steps `tei build` runs, in order, when no step is named.
BUILD_STEPS = ["tei", "validate", "html", "pdf"]
