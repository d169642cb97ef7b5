"""A new edition folder (``tei init DIR``): what ``tei build --edition DIR`` needs, laid out.

The folder gets ``edition.toml`` (title, publisher, licence as given, or defaults said in it),
``sources/`` for the transcriptions, ``tei/`` for the encoded documents, ``imported/`` for
documents taken in from other archives, a copy of the shipped register of persons (to grow:
``tei persons unresolved --stub``), and a README of its own saying what goes where.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .edition import DEFAULT_EDITION, load_edition
from .errors import Problem, TeiCablesError
from .schema import xml_models
from .xmlio import with_xml_models

#: Licences offered by name (``--licence cc-by``); any other text is taken as written.
LICENCES: dict[str, tuple[str, str]] = {
    "cc-by": ("Creative Commons Attribution 4.0 International (CC BY 4.0)",
              "https://creativecommons.org/licenses/by/4.0/"),
    "cc-by-sa": ("Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
                 "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc-by-nc": ("Creative Commons Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)",
                 "https://creativecommons.org/licenses/by-nc/4.0/"),
    "cc0": ("CC0 1.0 Universal (public domain dedication)",
            "https://creativecommons.org/publicdomain/zero/1.0/"),
}

#: What a new edition is made of: refused when any of them is already there.
PARTS = ("edition.toml", "sources", "tei", "imported", "persons.xml", "README.md")


@dataclass(frozen=True)
class Settings:
    """What ``tei init`` asks for; empty strings take the defaults below."""

    title: str = ""
    publisher: str = ""
    editor: str = ""
    licence: str = "cc-by"
    licence_url: str = ""
    date: str = ""


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _multiline(value: str) -> str:
    """``value`` escaped for a TOML multi-line basic string."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def edition_toml(settings: Settings) -> str:
    """The text of a new ``edition.toml``: the settings given, the archive of the shipped
    edition (its cables come from there: change it when yours do not), comments on each."""
    name, url = LICENCES.get(settings.licence.lower(), (settings.licence, settings.licence_url))
    url = settings.licence_url or url
    shipped = load_edition(DEFAULT_EDITION)
    title = settings.title or "An edition of diplomatic cables"
    lines = [
        "# The edition: what `tei build --edition .` converts, and what every document's header",
        "# says about it. Every setting is described in the manual (docs/reference/edition.md).",
        "",
        "[edition]",
        f"title = {_toml(title)}",
        'subtitle = ""               # a line under the title',
        f"publisher = {_toml(settings.publisher or 'The editors of this edition')}",
        f"editor = {_toml(settings.editor or settings.publisher or 'The editors of this edition')}",
        f"date = {_toml(settings.date)}                  # the year of publication",
        'introduction = """',
        f"{_multiline(title)}: declassified diplomatic cables, each given in the original and "
        "the translation,",
        "encoded in TEI. Replace this introduction with your own (paragraphs separated by blank",
        'lines): the web edition and the book open with it."""',
        f"licence = {_toml(name + ': the TEI encoding, notes and registers of this edition.')}",
        f"licence_url = {_toml(url)}",
        'url = ""                    # where the edition is published (canonical links, citations)',
        'sources = "sources"          # the plain transcriptions, one file per document',
        'tei = "tei"                  # the encoded TEI, as `tei convert` writes it',
        'persons = "persons.xml"      # the register of persons and offices',
        'imported = "imported"        # documents from other archives (`tei import`)',
        '# image_hosts = ["iiif.example.org"]   # hosts whose images the site may show',
        "",
        "# The archive the transcriptions come from (the shipped edition's: change it if yours",
        "# come from elsewhere). A transcription that carries its own rights statement keeps it.",
        "[archive]",
        f"repository = {_toml(shipped.repository)}",
        f"country = {_toml(shipped.country)}",
        f"settlement = {_toml(shipped.settlement)}",
        f"digital_archive = {_toml(shipped.digital_archive)}",
        "rights = [",
        *(f"  {_toml(text)}," for text in shipped.rights),
        "]",
        "",
    ]
    return "\n".join(lines)


README = """# {title}

An edition made with tei-cables (`tei init`). What goes where:

- `sources/`: the plain transcriptions, one `.txt` file per document, as the archive's pages
  and exports give them (copied from a web page, with or without its menus: the converter
  finds the parts of a cable by what they are).
- `tei/`: the encoded documents, written by `tei convert sources -o tei --edition .` (or
  `tei build tei`); correct them here, by hand, in an XML editor (each file names its schema).
- `imported/`: documents from other archives, written by `tei import`.
- `persons.xml`: the register of persons the speakers and signatories are resolved against
  (a copy of the shipped one, 1952–2000): `tei persons unresolved --edition . --stub new.xml`
  writes entries to complete for the labels that did not resolve.
- `edition.toml`: the title, publisher, licence and archive every document's header gives.

Build the edition (the TEI, its validation, the web site, the book) into `build/`:

```sh
tei build --edition . -o build
tei serve --watch --edition .      # preview, rebuilt on every save
```
"""


def init_edition(root: Path, settings: Settings) -> list[Path]:
    """Lay out a new edition in ``root`` (created if need be); the files written.

    An existing edition, or anything of one, is never overwritten: a located error instead.
    """
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise TeiCablesError(Problem(str(root), 0, 0, "is a file, not a folder"))
    there = [name for name in PARTS if (root / name).exists()]
    if there:
        raise TeiCablesError(Problem(str(root / there[0]), 0, 0, (
            "an edition is already here" if there[0] == "edition.toml" else "already exists")
            + f": `tei init` never overwrites ({', '.join(there)}); choose an empty folder"))
    text = edition_toml(settings)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("sources", "tei", "imported"):
        (root / name).mkdir()
        written.append(root / name)
    (root / "edition.toml").write_text(text, encoding="utf-8")
    # the register's xml-model PIs name the schemas from where it now lies
    register = (DEFAULT_EDITION / "persons.xml").read_bytes()
    (root / "persons.xml").write_bytes(with_xml_models(register, xml_models(root)))
    title = settings.title or "An edition of diplomatic cables"
    (root / "README.md").write_text(README.format(title=title), encoding="utf-8")
    written += [root / "edition.toml", root / "persons.xml", root / "README.md"]
    load_edition(root)  # what was written reads back (a title with quotes, say)
    return written
