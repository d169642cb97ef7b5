"""The edition's configuration (``edition/edition.toml``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import PROJECT_ROOT
from .errors import Problem, TeiCablesError

DEFAULT_EDITION = PROJECT_ROOT / "edition"


@dataclass(frozen=True)
class Edition:
    """Who publishes the edition, under which licence, and what the archive says of its rights."""

    root: Path
    title: str
    subtitle: str = ""
    publisher: str = ""
    editor: str = ""
    date: str = ""
    #: What the edition is, for readers (the HTML edition's index page); paragraphs are
    #: separated by blank lines.
    introduction: str = ""
    #: Where the published edition lives (e.g. https://example.org/cables/); citations and
    #: canonical links use it when it is set, else the pages' paths in the edition.
    url: str = ""
    licence: str = ""
    licence_url: str = ""
    #: Hosts whose images the published pages may show (an IIIF server: "iiif.example.org",
    #: "images.example.org:8443"): readers' browsers then fetch them from there, over https.
    #: Any other image or facsimile on another site is shown as a link with its URL.
    image_hosts: tuple[str, ...] = field(default_factory=tuple)
    sources: str = "sources"
    tei: str = "tei"
    persons: str = "persons.xml"
    #: Documents taken in from other archives (``tei import``): published beside the edition's
    #: own, with their provenance.
    imported: str = "imported"
    repository: str = ""
    country: str = ""
    settlement: str = ""
    digital_archive: str = ""
    rights: tuple[str, ...] = field(default_factory=tuple)

    @property
    def persons_path(self) -> Path:
        return self.root / self.persons

    @property
    def sources_dir(self) -> Path:
        return self.root / self.sources

    @property
    def tei_dir(self) -> Path:
        return self.root / self.tei

    @property
    def imported_dir(self) -> Path:
        return self.root / self.imported

    def document_files(self) -> list[Path]:
        """The documents the edition publishes: its own (tei/*.xml), then those imported from
        other archives (imported/*.xml; the folder need not exist), each in name order."""
        files = sorted(self.tei_dir.glob("*.xml"))
        if self.imported_dir.is_dir():
            files += sorted(self.imported_dir.glob("*.xml"))
        return files

    def is_imported(self, path: Path) -> bool:
        """True for a document of the imported folder."""
        return path.parent.resolve() == self.imported_dir.resolve()


def load_edition(root: str | Path = DEFAULT_EDITION) -> Edition:
    """Read ``edition.toml`` from ``root``; a missing or malformed file is a located error."""
    root = Path(root)
    path = root / "edition.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TeiCablesError(Problem(str(path), 0, 0, f"cannot read: {exc.strerror}")) from exc
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's tomllib gives the place only inside its message
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(at.group(1)), int(at.group(2))) if at else (0, 0)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise TeiCablesError(Problem(str(path), line, column,
                                     f"not valid TOML: {message}")) from exc
    ed, archive = data.get("edition", {}), data.get("archive", {})
    if "title" not in ed:
        raise TeiCablesError(Problem(str(path), 1, 1, "[edition] needs a title"))
    known = set(Edition.__dataclass_fields__)
    unknown = (set(ed) | set(archive)) - known
    if unknown:
        raise TeiCablesError(Problem(str(path), 1, 1,
                                     f"unknown settings: {', '.join(sorted(unknown))}"))
    values = {**ed, **archive}
    values["rights"] = tuple(values.get("rights", ()))
    values["image_hosts"] = _image_hosts(path, values.get("image_hosts", ()))
    return Edition(root=root, **values)


#: A host name, with a port if need be: what a Content-Security-Policy source may name.
_HOST = re.compile(r"^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*"
                   r"[a-z0-9])?)*(:[0-9]{1,5})?$")


def _image_hosts(path: Path, hosts: object) -> tuple[str, ...]:
    """``image_hosts`` checked: a list of host names (no scheme, path or wildcard)."""
    line = next((n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if text.lstrip().startswith("image_hosts")), 1)
    if isinstance(hosts, str) or not isinstance(hosts, list | tuple):
        raise TeiCablesError(Problem(str(path), line, 1, "image_hosts must be a list of host "
                                     'names, e.g. ["iiif.example.org"]'))
    checked = []
    for host in hosts:
        if not isinstance(host, str) or not _HOST.match(host.lower()):
            raise TeiCablesError(Problem(
                str(path), line, 1, f"image_hosts: {host!r} is not a host name (write "
                '"iiif.example.org" or "iiif.example.org:8443": no scheme, path or *)'))
        checked.append(host.lower())
    return tuple(checked)
