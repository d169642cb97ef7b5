"""``tei serve --watch``: build the edition, then rebuild what each save changes.

The editor's loop: a transcription dropped into ``sources/`` or saved again, a TEI document
corrected by hand, the register, ``edition.toml`` or a stylesheet edited. :class:`Watcher`
sees the saves (``watchfiles``) and, for each batch of them, does only what they call for:

- a source saved: converted again (with the index of every source: links go both ways); its
  TEI in the edition is written when there is none yet, or when it is still what the converter
  wrote last (``edition/.converted/``, the record ``tei build tei`` keeps too: not corrected by
  hand), and the record advanced. A document corrected by hand is never overwritten: the new
  conversion is written beside it (``NAME.xml.proposed``) and the record left as it is, so
  that ``tei build tei --update`` merges the corrections with it. ``edition.toml`` and the
  register feed every conversion: a save of either converts every source again, under the
  same rule;
- a TEI document saved (or written above): checked well-formed, then validated as
  ``tei validate`` does (its own documents against the edition's schemas, those imported from
  other archives against the exchange schema); every problem printed located;
- then the site (``tei.publish.html.build_site``, incremental: only the pages a change
  touches are rewritten) and the open pages told to reload (``tei.publish.live``).

A save that is not well-formed is reported (file:line:column) and changes nothing of the
site: the page of a broken document is built from the copy of it the site published last
(``tei/<id>.xml``) until it is mended; a broken register, ``edition.toml`` or stylesheet holds
every rebuild until it is mended.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from threading import Event

from .convert import convert
from .edition import Edition, load_edition
from .errors import Problem, TeiCablesError
from .parallel import Runner
from .publish.html import build_site
from .publish.live import Reloads
from .render import XSLT_DIR, stylesheet
from .schema import EXCHANGE_SCHEMAS, xml_models
from .update import BASE_DIR, PROPOSAL, record_base
from .validate import Options, Report, Validator, as_received, validate_edition
from .validate.edition_rules import across_files
from .xmlio import parse_file, with_xml_models, without_xml_models, write_atomic

#: The watch's own files, inside the site's folder (a dot folder: not part of the site).
STATE = ".tei-watch"
#: The stylesheets the site is drawn with (what ``build_site`` hashes as its dependencies).
STYLESHEETS = (XSLT_DIR.resolve(), (XSLT_DIR / "html").resolve())
_STYLESHEET_SUFFIXES = {".xsl", ".css", ".js"}


@dataclass
class Round:
    """What one batch of saves did (for the terminal, and for tests)."""

    changed: list[str] = field(default_factory=list)  # the files saved
    converted: list[str] = field(default_factory=list)  # edition TEI written from a source
    kept: list[str] = field(default_factory=list)  # corrected by hand: not overwritten
    broken: list[Problem] = field(default_factory=list)  # not well-formed: nothing rebuilt
    problems: list[Problem] = field(default_factory=list)  # conversion, validation, site
    written: list[str] = field(default_factory=list)  # files of the site rewritten
    removed: list[str] = field(default_factory=list)  # files of the site removed
    held: bool = False  # a broken edition.toml, register or stylesheet: nothing rebuilt
    seconds: float = 0.0

    @property
    def pages(self) -> list[str]:
        return [f for f in self.written if f.endswith(".html")]


@dataclass(frozen=True)
class _KeptEdition(Edition):
    """The edition as the site is built while some of its documents are not well-formed:
    each of those is replaced by the copy of it the site published last (its page then
    stays as it was), or left out if it never had a page."""

    stand_ins: tuple[tuple[Path, Path | None], ...] = ()

    def document_files(self) -> list[Path]:
        stand_ins = dict(self.stand_ins)
        files = []
        for path in super().document_files():
            if path not in stand_ins:
                files.append(path)
            elif stand_ins[path] is not None:
                files.append(stand_ins[path])
        return files

    def is_imported(self, path: Path) -> bool:
        originals = {kept: path for path, kept in self.stand_ins if kept is not None}
        return super().is_imported(originals.get(path, path))


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _well_formed(path: Path) -> bool:
    try:
        parse_file(path)
    except TeiCablesError:
        return False
    return True


def _same_document(a: Path, b: Path) -> bool:
    """Whether two TEI files are one document (their xml-model PIs aside: those depend on
    where each file lies)."""
    try:
        return without_xml_models(a.read_bytes()) == without_xml_models(b.read_bytes())
    except OSError:
        return False


class Watcher:
    """Builds the edition in ``edition_dir`` into the site ``site_dir``, then rebuilds what
    each save changes (:meth:`handle`), saying what it does and every problem through
    ``say``, and announcing each rebuild to ``reloads``."""

    def __init__(self, edition_dir: Path, site_dir: Path, *,
                 say: Callable[[str], None] = print, reloads: Reloads | None = None,
                 jobs: int = 1):
        self.edition_dir = Path(edition_dir)
        self.site_dir = Path(site_dir)
        self.say = say
        self.reloads = reloads or Reloads()
        self.jobs = jobs
        self.edition = load_edition(self.edition_dir)  # unusable: raised, located
        self.kept_dir = self.site_dir / STATE / "kept"
        #: documents not well-formed now -> the copy their page is built from (None: none)
        self.broken: dict[Path, Path | None] = {}
        #: files the watcher wrote itself (their saves are no news), with their hash
        self._wrote: dict[Path, str] = {}
        #: saves held back by a broken edition.toml or register, handled once it is mended
        self._pending: set[Path] = set()

    # --- what is watched ------------------------------------------------------------------

    def paths(self) -> list[Path]:
        """The folders to watch: the edition's, and the stylesheets'."""
        return [self.edition_dir.resolve(), XSLT_DIR]

    def kind(self, path: Path) -> str | None:
        """What a file is to the edition (None: nothing the site is built from)."""
        path = Path(path).resolve()
        edition = self.edition
        site = self.site_dir.resolve()
        if path == site or site in path.parents or path.name.startswith("."):
            return None  # the site itself (inside the edition's folder?), an editor's lock
        if path == (edition.root / "edition.toml").resolve():
            return "settings"
        if path == edition.persons_path.resolve():
            return "register"
        if path.parent == edition.sources_dir.resolve() and path.suffix == ".txt":
            return "source"
        if path.suffix == ".xml" and path.parent in (edition.tei_dir.resolve(),
                                                      edition.imported_dir.resolve()):
            return "document"
        if path.parent in STYLESHEETS and path.suffix in _STYLESHEET_SUFFIXES:
            return "stylesheet"
        return None

    def watch_filter(self, change: object, path: str) -> bool:
        """For ``watchfiles``: only the files the site is built from."""
        return self.kind(Path(path)) is not None

    # --- the loop ---------------------------------------------------------------------------

    def start(self) -> Round:
        """The first build: every source converted (what the converter wrote is kept, to know
        later which documents were corrected by hand), the edition validated, the site
        brought up to date."""
        started = time.monotonic()
        done = Round()
        edition = self.edition
        with Runner(self.jobs) as runner:
            sources = sorted(edition.sources_dir.glob("*.txt"))
            if sources:
                self._convert(sources, sources, done, runner)
            try:
                report = validate_edition(self.edition_dir, runner=runner)
            except TeiCablesError as exc:
                done.problems.extend(exc.problems)
            else:
                self._checked(report, done)
            if not done.held:
                self._build(done, runner)
        done.seconds = time.monotonic() - started
        self._tell(done)
        return done

    def run(self, stop: Event | None = None, ready: Event | None = None) -> None:
        """Watch until ``stop`` is set (or Ctrl-C), handling each batch of saves; ``ready``
        is set once the watch is in place (a save before then would go unseen)."""
        import watchfiles

        for changes in watchfiles.watch(*self.paths(), watch_filter=self.watch_filter,
                                        stop_event=stop, debounce=800, step=100,
                                        rust_timeout=500, yield_on_timeout=True):
            if ready is not None:
                ready.set()
            if changes:
                self.handle(Path(p) for _, p in changes)

    def handle(self, paths: Iterable[Path]) -> Round:
        """Rebuild what the saves of ``paths`` (created, changed or removed) call for."""
        started = time.monotonic()
        done = Round()
        saved = {Path(p).resolve() for p in paths} | self._pending
        self._pending = set()
        saved = {p for p in saved if not self._own(p) and self.kind(p)}
        if not saved:
            return done
        done.changed = sorted(map(str, saved))
        kinds = {p: self.kind(p) for p in saved}
        with Runner() as runner:  # a save or two: here (starting processes costs more)
            try:
                self._handle(saved, kinds, done, runner)
            except TeiCablesError as exc:  # an input none of the checks above foresaw
                self._hold(saved, exc.problems, done)
            except OSError as exc:  # a file gone or locked while it was read: next save
                self._hold(saved, [Problem(str(exc.filename or "?"), 0, 0,
                                           f"cannot read: {exc.strerror}")], done)
        done.seconds = time.monotonic() - started
        self._tell(done)
        return done

    def _handle(self, saved: set[Path], kinds: dict[Path, str | None], done: Round,
                runner: Runner) -> None:
        settings = {p for p, k in kinds.items() if k in ("settings", "register")}
        if any(kinds[p] == "settings" for p in settings):
            try:
                self.edition = load_edition(self.edition_dir)
            except TeiCablesError as exc:
                return self._hold(saved, exc.problems, done)
        register = self.edition.persons_path
        if register.resolve() in settings and register.is_file():
            try:
                parse_file(register)
            except TeiCablesError as exc:
                return self._hold(saved, exc.problems, done)
        stylesheets = [p for p, k in kinds.items() if k == "stylesheet" and p.suffix == ".xsl"]
        if any(kinds[p] == "stylesheet" for p in saved):
            stylesheet.cache_clear()  # compiled again from the files saved
        for path in stylesheets:
            try:
                parse_file(path)
            except TeiCablesError as exc:
                done.broken.extend(exc.problems)
                done.held = True

        edition = self.edition
        every = sorted(edition.sources_dir.glob("*.txt"))
        sources = every if settings else sorted(
            p for p, k in kinds.items() if k == "source" and p.is_file())
        documents = {p for p, k in kinds.items() if k == "document"}
        if sources:
            documents |= {Path(f).resolve() for f in self._convert(every, sources, done,
                                                                   runner)}
        if settings:  # pointers into the register, the edition's settings: every file
            documents |= {p.resolve() for p in edition.document_files()}
            documents |= {register.resolve()} if register.is_file() else set()
        for path in documents:
            if not path.exists():
                self.broken.pop(path, None)  # removed: its page goes with it
        self._validate(sorted(p for p in documents if p.is_file()), done)
        # only broken documents saved: nothing to rebuild (their pages stay as they were)
        news = settings or documents - set(self.broken) or any(
            kinds[p] == "stylesheet" for p in saved)
        if news and not done.held:
            self._build(done, runner)

    def _hold(self, saved: set[Path], problems: list[Problem], done: Round) -> None:
        """A broken edition.toml or register: everything waits until it is mended."""
        done.broken.extend(problems)
        done.held = True
        self._pending |= saved

    def _own(self, path: Path) -> bool:
        """Whether ``path`` is as the watcher itself wrote it (its save is no news)."""
        sha = self._wrote.pop(path, None)
        return sha is not None and sha == _sha(path)

    # --- the steps --------------------------------------------------------------------------

    def _convert(self, every: list[Path], sources: list[Path], done: Round,
                 runner: Runner) -> list[str]:
        """Convert ``sources`` (with the index of ``every`` source); write into the edition
        each new document, and each one not corrected by hand. The edition's files written."""
        edition = self.edition
        fresh = self.site_dir / STATE / "next"
        shutil.rmtree(fresh, ignore_errors=True)
        outcomes = convert(every, fresh, edition, runner=runner, only=sources)
        written = []
        for outcome in outcomes:
            done.problems.extend(outcome.problems)
            if not outcome.ok:
                continue
            new = Path(outcome.output)
            # what the converter wrote last, as `tei build tei` keeps it (the base of
            # `tei build tei --update`'s merges)
            last = edition.root / BASE_DIR / new.name
            target = edition.tei_dir / new.name
            proposal = target.with_name(target.name + PROPOSAL)
            if not target.exists() or (not _same_document(target, new)
                                       and last.is_file() and _same_document(target, last)):
                data = with_xml_models(new.read_bytes(), xml_models(edition.tei_dir))
                write_atomic(target, data)
                self._wrote[target.resolve()] = hashlib.sha256(data).hexdigest()
                written.append(str(target))
                done.converted.append(str(target))
                record_base(edition.root, new.name, new.read_bytes())
                proposal.unlink(missing_ok=True)
            elif not _same_document(target, new):
                # corrected by hand: the base stays what the corrections were made on, so
                # that --update can merge them with this conversion
                done.kept.append(str(target))
                write_atomic(proposal, with_xml_models(new.read_bytes(),
                                                       xml_models(edition.tei_dir)))
                self.say(f"{target}: kept as it is, not updated from {outcome.source}: it "
                         "differs from what the converter wrote (corrected by hand?); the "
                         f"converter's version is {proposal}; `tei build tei --update` "
                         "merges it with your corrections")
            else:  # (the same document: the conversion is its base from now on)
                record_base(edition.root, new.name, new.read_bytes())
                proposal.unlink(missing_ok=True)
        shutil.rmtree(fresh, ignore_errors=True)
        return written

    def _validate(self, paths: list[Path], done: Round) -> None:
        """Check ``paths`` as ``tei validate`` does (a broken one keeps its last good page).

        Fresh validators each time: a long-lived one keeps the files pointers point to as
        they were when it first read them.
        """
        if not paths:
            return
        imported_dir = self.edition.imported_dir.resolve()
        own = [p for p in paths if p.parent != imported_dir]
        imported = [p for p in paths if p.parent == imported_dir]
        report = Report([])
        if own:
            validator = Validator(Options())
            checked = [validator.check(str(p)) for p in own]
            across_files(checked)
            report.files += checked
        if imported:
            validator = Validator(Options(schemas=tuple(map(str, EXCHANGE_SCHEMAS))))
            report.files += as_received(Report([validator.check(str(p))
                                                for p in imported])).files
        self._checked(report, done)

    def _checked(self, report: Report, done: Round) -> None:
        """Take in a validation: its problems said; a document that is not well-formed
        stands in by the copy of it the site published last (its page stays as it was);
        a register that is not, holds every rebuild (every page draws on it)."""
        register = self.edition.persons_path.resolve()
        for checked in report.files:
            path = Path(checked.path).resolve()
            if not checked.unusable or _well_formed(path):  # (unusable: a schema failed)
                done.problems.extend(checked.problems)
                self.broken.pop(path, None)
                continue
            done.broken.extend(checked.problems)
            if path == register:
                done.held = True
            elif path not in self.broken:  # else: already standing in by its last good copy
                published = self.site_dir / "tei" / path.name
                kept = self.kept_dir / path.parent.name / path.name
                if published.is_file():
                    write_atomic(kept, published.read_bytes())
                    self.broken[path] = kept
                else:
                    self.broken[path] = None
        self.say(report.summary())

    def _build(self, done: Round, runner: Runner) -> None:
        """Bring the site up to date, broken documents standing in by their last good copy,
        and tell the open pages what was rewritten."""
        edition: Edition = self.edition
        if self.broken:
            values = {f.name: getattr(edition, f.name) for f in fields(Edition)}
            edition = _KeptEdition(**values, stand_ins=tuple(
                (path, kept) for path, kept in self.broken.items()))
        try:
            report = build_site(edition, self.site_dir, runner=runner)
        except TeiCablesError as exc:  # e.g. the register turned unreadable meanwhile
            done.problems.extend(exc.problems)
            return
        done.problems.extend(report.problems)
        done.written.extend(report.written)
        done.removed.extend(report.removed)
        rewritten = [f for f in report.written + report.removed if not f.startswith(".")]
        if rewritten:
            self.reloads.announce(rewritten)

    def _tell(self, done: Round) -> None:
        for problem in done.broken:
            self.say(str(problem))
        for problem in done.problems:
            self.say(str(problem))
        if done.held:
            self.say("not rebuilt: mend the file above (the site stays as it was)")
        elif done.broken:
            self.say("the last good page of each file above stays served until it is mended")
        if done.written or done.removed or done.converted:
            changed = f"{len(done.converted)} converted, " if done.converted else ""
            self.say(f"{changed}{len(done.pages)} page{'s' if len(done.pages) != 1 else ''} "
                     f"rewritten, {len(done.removed)} files removed in {done.seconds:.1f} s"
                     + ("; open pages reload" if done.written or done.removed else ""))
