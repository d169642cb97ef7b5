"""jing as an independent oracle: `tei validate` reports every RELAX NG error jing reports.

jing (James Clark's RELAX NG validator, the reference; a Debian test package) and `tei
validate` check the same files against the same grammar: every file of ../shared/corpus that
is XML (the FRUS documents and monograph, the letter, the play, the correspondence and CMIF
examples, the ODDs, the stylesheet test cases and the stylesheets and schemas themselves)
against the official tei_all, the edition's own schema (thousands of errors of every kind: a
stress test of recovery) and the CMIF schema (a third-party grammar), and every invalid
fixture against the edition's schema. For each file:

- the same verdict (invalid for one, invalid for the other);
- every error jing reports is one of ours, on the same line or on a line of the same tag:
  jing places an error just after the tag it is about (the end of a start tag, or of the end
  tag when an element is incomplete; after the text, for text that is not allowed), we place
  it where the thing begins (the start tag, the attribute, the text); so a jing error at the
  end of a tag is matched by one of ours on any line of that tag, of that element's start tag,
  or of the text just before that tag;
- conversely, every error of ours is on a line that some jing error allows: no invented error;
- as many errors in all as jing reports.

Documented differences, each recognised below and counted:

- ``JING_STALE``: jing's stale message. At the end tag of an element inside an element it
  does not know (or out of place), jing's matcher fails without a new message and jing prints
  its previous one again ("element "revisionDesc" not allowed anywhere" at ``</persName>``).
  Such an error repeats an earlier message verbatim and is placed at an end tag, but is not
  one an end tag gives (it speaks of an element out of place or an attribute, which belong to
  start tags) or is about another element: it is jing's bug, not an error of the document,
  and we rightly do not report it.
- ``ID``: jing checks ``xml:id`` values for uniqueness only when the grammar is compatible
  with DTD IDs (the edition's schema is, tei_all is not). Ours is a rule of its own,
  ``[xml-id-unique]``, checked on every file: it is compared separately (every repeated ID
  jing reports is one we report on that line) and left out of the verdict.
- ``NOT_XML``: a file that is not well-formed is refused by both (jing "fatal", we
  ``[well-formed]``); the places differ where jing first follows an ``xi:include`` (we never
  do), so only the verdict is compared.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tei.schema import RNG
from tei.validate import Options, Validator
from tei.validate.checkers import RelaxNG as RelaxNGChecker
from tei.validate.locate import Locator
from tei.validate.relaxng import Matcher
from tei.xmlio import parse_file

from .conftest import SHARED, TEI_ALL

CORPUS = SHARED / "corpus"
CMIF = CORPUS / "cmif" / "schema" / "cmi-customization.rng"
INVALID = Path(__file__).parent / "fixtures" / "invalid"
#: The XML formats among the corpus's files (the rest are licences, LaTeX, a DTD, notes).
XML_SUFFIXES = {".xml", ".odd", ".rng", ".sch", ".xsd", ".xsl", ".fo", ".html"}
_JING_LINE = re.compile(r"^(.*?):(\d+):(\d+): (error|fatal): (.*)$")
_ID_MESSAGE = re.compile(r'^(ID ".*" has already been defined|first occurrence of ID ".*")$')

pytestmark = [
    pytest.mark.skipif(shutil.which("jing") is None, reason="jing is not installed"),
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there"),
]


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in XML_SUFFIXES)


def invalid_fixtures() -> list[Path]:
    return sorted(INVALID.rglob("*.xml"))


def run_jing(schema: Path, files: list[Path]) -> dict[Path, list[tuple[int, int, str, str]]]:
    """jing's errors per file: (line, column, "error" or "fatal", message). jing stops at the
    first file that is not well-formed: it is run again on the files after that one."""
    found: dict[Path, list[tuple[int, int, str, str]]] = {f: [] for f in files}
    rest = list(files)
    while rest:
        run = subprocess.run(["jing", str(schema), *map(str, rest)], capture_output=True,
                             text=True, timeout=600, cwd=rest[0].parent)
        stopped = None
        for line in run.stdout.splitlines():
            m = _JING_LINE.match(line)
            if m and Path(m.group(1)) in found:
                found[Path(m.group(1))].append((int(m.group(2)), int(m.group(3)),
                                                m.group(4), m.group(5)))
                if m.group(4) == "fatal":
                    stopped = Path(m.group(1))
        rest = rest[rest.index(stopped) + 1:] if stopped in rest else []
    return found


class Tags:
    """Each tag of a file by the place just after it (where jing reports), with the lines an
    error there may be reported on by us."""

    def __init__(self, path: Path):
        tree = parse_file(path, collect_ids=False)
        text = path.read_bytes().decode(tree.docinfo.encoding or "utf-8", "replace")
        text = text.removeprefix("\ufeff")
        where = Locator(tree, text)
        events = []
        for node, (start_end, end) in where.ends().items():
            events.append((start_end, 0, node))
            events.append((end, 1, node))
        events.sort(key=lambda e: (e[0], e[1]))
        self.lines: dict[tuple[int, int], set[int]] = {}
        self.ending: dict[tuple[int, int], etree._Element] = {}
        self.starting: set[tuple[int, int]] = set()
        previous = 0
        for offset, is_end, node in events:
            line, column = where.line_column(offset)
            start_line = where.line_column(where.start_offset(node))[0]
            begins = where.start_offset(node) if not is_end or \
                where.ends()[node][0] == offset else text.rfind("</", 0, offset)
            lines = set(range(start_line, line + 1)) if not is_end else {start_line, line}
            # the text just before the tag, for "text not allowed here"
            lines |= set(range(where.line_column(previous)[0],
                               where.line_column(max(previous, begins))[0] + 1))
            self.lines.setdefault((line, column), set()).update(lines)
            if is_end:
                self.ending[(line, column)] = node
            else:
                self.starting.add((line, column))
            previous = offset

    def allowed(self, line: int, column: int) -> set[int]:
        """The lines for a jing error at (line, column): those of the tag there, or of the
        nearest tag on that line (jing may count a column more or less, after a tab or a line
        break inside an attribute value)."""
        if (line, column) not in self.lines:
            near = [c for (at, c) in self.lines if at == line]
            if not near:
                return {line}
            column = min(near, key=lambda c: abs(c - column))
        return self.lines[(line, column)] | {line}

    def stale(self, errors: list[tuple[int, int, str, str]]) -> set[tuple[int, int, str]]:
        """jing's stale messages (see the module's docstring): a message repeated at an end
        tag that is not one an end tag gives (an element incomplete, text, an element's
        value) or is about another element; at ``<x/>`` (a start and an end tag at once), a
        repeat about another element or about an attribute it does not have."""
        seen: set[str] = set()
        stale = set()
        for line, column, _, message in errors:
            node = self.ending.get((line, column))
            if message in seen and node is not None:
                own = etree.QName(node).localname
                element = re.match(r'(?:character content of )?element "(?:[^":]*:)?([^"]*)"',
                                   message)
                attribute = re.match(r'(?:found )?(?:value of )?attribute "(?:[^":]*:)?([^"]*)"',
                                     message)
                about_other = bool(element) and element.group(1) != own
                if (line, column) not in self.starting:  # an end tag only
                    end_kind = re.search(r"incomplete|^text not allowed|^character content",
                                         message)
                    is_stale = not end_kind or about_other
                else:
                    names = {etree.QName(a).localname for a in node.attrib}
                    is_stale = about_other or bool(attribute and attribute.group(1) not in names)
                if is_stale:
                    stale.add((line, column, message))
            seen.add(message)
        return stale


_TAGS: dict[Path, Tags] = {}


def tags_of(path: Path) -> Tags:
    if path not in _TAGS:
        _TAGS[path] = Tags(path)
    return _TAGS[path]


def compare(schema: Path, files: list[Path], validator: Validator) -> dict[str, list]:
    """Every disagreement between jing and `tei validate`, by kind; and the counts.

    `tei validate` runs the recovering validator only on files libxml2 finds invalid; on the
    files jing finds valid it is run here directly too, and must find nothing."""
    by_jing = run_jing(schema, files)
    checker = validator.schemas[0]
    assert isinstance(checker, RelaxNGChecker) and checker.grammar is not None
    out: dict[str, list] = {"verdict": [], "missing": [], "invented": [], "id": [],
                            "counts": [0, 0, 0, 0]}  # jing errors, ours, stale, files
    for path in files:
        checked = validator.check(str(path))
        ours = [p for p in checked.problems if (p.rule or "").startswith("rng")]
        ours_ids = {p.line for p in checked.problems if p.rule == "xml-id-unique"}
        errors = [e for e in by_jing[path] if not _ID_MESSAGE.match(e[3])]
        fatal = any(e[2] == "fatal" for e in errors)
        out["counts"][3] += 1
        if bool(errors) != (bool(ours) or checked.unusable):
            out["verdict"].append((path, errors[:3], [str(p) for p in ours[:3]]))
        for line, _, _, message in by_jing[path]:
            if message.startswith("ID ") and line not in ours_ids:
                out["id"].append((path, line, message))
        if fatal or checked.unusable:
            continue  # NOT_XML: the verdict only
        if not errors:
            tree = parse_file(path, collect_ids=False)
            out["invented"].extend((path, f.kind, f.node.sourceline)
                                   for f in Matcher(checker.grammar).run(tree.getroot()))
        tags = tags_of(path)
        stale = tags.stale(errors)
        out["counts"][0] += len(errors) - len(stale)
        out["counts"][1] += len(ours)
        out["counts"][2] += len(stale)
        ours_lines = {p.line for p in ours}
        covered: set[int] = set()
        for line, column, _, message in errors:
            if (line, column, message) in stale:
                continue
            allowed = tags.allowed(line, column)
            covered |= allowed
            if not allowed & ours_lines:
                out["missing"].append((path, line, column, message))
        out["invented"].extend((path, str(p)) for p in ours if p.line not in covered)
    return out


def _assert_agree(result: dict[str, list], at_least_errors: int) -> None:
    assert result["verdict"] == [], "jing and tei validate disagree on validity"
    assert result["missing"] == [], "jing reports errors tei validate does not"
    assert result["invented"] == [], "tei validate reports errors jing does not"
    assert result["id"] == [], "a repeated xml:id jing reports is not [xml-id-unique]"
    jing_errors, ours, _, files = result["counts"]
    assert files > 0 and jing_errors >= at_least_errors
    assert ours == jing_errors, "as many errors as jing (its stale messages aside)"


@pytest.fixture(scope="module")
def tei_all_validator() -> Validator:
    if not TEI_ALL.is_file():
        pytest.skip("tei_all is not in ../shared/corpus")
    return Validator(Options(schemas=(str(TEI_ALL),)))


@pytest.fixture(scope="module")
def edition_validator() -> Validator:
    return Validator(Options(schemas=(str(RNG),)))


def test_every_corpus_file_against_tei_all(tei_all_validator):
    result = compare(TEI_ALL, corpus_files(), tei_all_validator)
    _assert_agree(result, at_least_errors=40)
    assert result["counts"][3] >= 100  # every XML file of the corpus, the schemas too


def test_every_corpus_file_against_the_editions_schema(edition_validator):
    """The edition's narrow schema refuses much of other archives' TEI: thousands of errors,
    of every kind, in one run each."""
    result = compare(RNG, corpus_files(), edition_validator)
    _assert_agree(result, at_least_errors=6000)
    assert result["counts"][2] > 0  # jing's stale messages are met, and recognised


def test_every_corpus_file_against_a_third_party_schema():
    if not CMIF.is_file():
        pytest.skip("the CMIF schema is not in ../shared/corpus")
    result = compare(CMIF, corpus_files(), Validator(Options(schemas=(str(CMIF),))))
    _assert_agree(result, at_least_errors=1000)


def test_every_invalid_fixture_against_the_editions_schema(edition_validator):
    files = invalid_fixtures()
    result = compare(RNG, files, edition_validator)
    _assert_agree(result, at_least_errors=12)
    assert len(files) >= 24


def test_the_letter_reports_what_jing_reports(tei_all_validator):
    """The case that showed the gap: jing finds 20 errors on 18 lines of the Schnitzler
    letter against tei_all; libxml2 alone let `tei validate` find 4."""
    letter = CORPUS / "other-tei" / "schnitzler-briefe" / "L00001.xml"
    if not letter.is_file():
        pytest.skip("the letter is not in ../shared/corpus")
    problems = tei_all_validator.check(str(letter)).problems
    rng = [(p.line, p.rule) for p in problems if p.rule.startswith("rng")]
    assert len(rng) == 20
    assert {line for line, _ in rng} == {1, 126, *range(378, 393), 396}
    opener = [p for p in problems if p.line == 126]
    assert [p.column for p in opener] == [51, 672, 747]
    assert all('element "p" is not allowed in "opener"; expected "abbr"' in p.message
               for p in opener)
