"""Keeping the register of persons honest and growing it: ``tei persons check`` and
``tei persons unresolved``.

:func:`check` reads ``edition/persons.xml`` and reports, located: two holders of one office
whose terms overlap (terms may meet on the day of a hand-over, or in the year or month when a
term is only known to the year or month); a day of the covered years (``date[@type='coverage']``
in the header) on which an office has no holder and no ``note[@type='vacancy']`` explains why;
a pointer (``affiliation/@ref``, ``note/@target``) that names no office; an ``xml:id`` or an
authority id (``idno`` of type ``wikidata``, ``viaf``, ``ndl``) not of its form; a person whose
entry names no source; a stub not yet completed.

:func:`unresolved` converts a batch of transcriptions in memory (nothing is written) and
returns every speaker, sender or recipient label that did not resolve, with its date, document
and line; :func:`stubs` turns them into skeleton ``person`` entries for the editor to complete.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import TEI_NS, XML_NS
from ..edition import Edition
from ..errors import Problem, TeiCablesError
from ..xmlio import parse_file
from .persons import Register, _norm

NS = {"t": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
ID_FORM = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: the forms of the authority ids the register may carry
AUTHORITY_FORMS = {
    "wikidata": re.compile(r"^Q[1-9][0-9]*$"),
    "viaf": re.compile(r"^[1-9][0-9]*$"),
    "ndl": re.compile(r"^[0-9]{8,9}$"),
}
#: how an authority id becomes a URI (CMIF's persName/@ref, links in the HTML)
AUTHORITY_URIS = {
    "wikidata": "http://www.wikidata.org/entity/{}",
    "viaf": "http://viaf.org/viaf/{}",
    "ndl": "http://id.ndl.go.jp/auth/ndlna/{}",
}


def first_day(value: str) -> dt.date:
    """The first day of an ISO date given to the year, month or day."""
    parts = [int(x) for x in value.split("-")]
    return dt.date(parts[0], *(parts[1:] + [1, 1])[:2])


def last_day(value: str) -> dt.date:
    """The last day of an ISO date given to the year, month or day."""
    parts = [int(x) for x in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def overlaps(end: str, start: str) -> bool:
    """Whether a term ending ``end`` overlaps one starting ``start`` (later in the list):
    they may meet on the day, month or year of the hand-over, at the coarser precision."""
    n = min(len(end), len(start))
    return end[:n] > start[:n]


@dataclass(frozen=True)
class Term:
    person: str
    office: str
    start: str
    end: str | None
    line: int


def _terms(tree: etree._ElementTree) -> list[Term]:
    found = []
    for person in tree.iterfind(".//t:listPerson/t:person", NS):
        for aff in person.iterfind("t:affiliation[@type='office']", NS):
            found.append(Term(person.get(XML_ID) or "", (aff.get("ref") or "").lstrip("#"),
                              aff.get("from") or "", aff.get("to"), aff.sourceline or 0))
    return found


def check(path: str | Path) -> list[Problem]:
    """Every problem of the register at ``path`` (see the module's docstring)."""
    name = str(path)
    tree = parse_file(path)
    problems: list[Problem] = []

    def say(line: int, message: str, severity: str = "error", rule: str = "register") -> None:
        problems.append(Problem(name, line, 1, message, severity, rule))

    offices = {c.get(XML_ID): c for c in tree.iterfind(
        ".//t:taxonomy[@xml:id='offices']//t:category", {**NS, "xml": XML_NS})}
    leaves = [o for o, c in offices.items() if c.find("t:category", NS) is None]
    for el in tree.iter(f"{{{TEI_NS}}}person", f"{{{TEI_NS}}}category"):
        ident = el.get(XML_ID) or ""
        if not ID_FORM.match(ident):
            say(el.sourceline or 0, f"xml:id '{ident}' is not of the register's form (lower-case "
                "letters and digits in words joined by '-')", rule="register-id")
    for person in tree.iterfind(".//t:listPerson/t:person", NS):
        pid = person.get(XML_ID)
        if person.find("t:note[@type='source']", NS) is None:
            say(person.sourceline or 0, f"{pid}: the entry names no source "
                "(note type=\"source\")", "warning", "register-source")
        for idno in person.iterfind("t:idno", NS):
            form = AUTHORITY_FORMS.get(idno.get("type") or "")
            if form is None:
                say(idno.sourceline or 0, f"{pid}: idno of type '{idno.get('type')}' is not an "
                    f"authority the register knows ({', '.join(AUTHORITY_FORMS)})",
                    rule="register-authority")
            elif not form.match((idno.text or "").strip()):
                say(idno.sourceline or 0, f"{pid}: '{(idno.text or '').strip()}' is not a "
                    f"{idno.get('type')} id", rule="register-authority")
        for aff in person.iterfind("t:affiliation", NS):
            if aff.get("cert") == "unknown":
                say(aff.sourceline or 0, f"{pid}: a stub not yet completed (cert=\"unknown\"): "
                    "give the term of office from a source", "warning", "register-stub")
    for el in tree.iterfind(".//t:affiliation[@ref]", NS):
        if el.get("ref", "").lstrip("#") not in offices:
            say(el.sourceline or 0, f"affiliation ref=\"{el.get('ref')}\" names no office of the "
                "taxonomy", rule="register-pointer")
    vacancies: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for note in tree.iterfind(".//t:note[@type='vacancy']", NS):
        target = (note.get("target") or "").lstrip("#")
        date = note.find("t:date", NS)
        if target not in offices:
            say(note.sourceline or 0, f"note target=\"{note.get('target')}\" names no office of "
                "the taxonomy", rule="register-pointer")
        elif date is None or not date.get("from") or not date.get("to"):
            say(note.sourceline or 0, "a vacancy note needs date from=… to=…",
                rule="register-vacancy")
        else:
            vacancies.setdefault(target, []).append((first_day(date.get("from")),
                                                     last_day(date.get("to"))))
    terms = _terms(tree)
    by_office: dict[str, list[Term]] = {}
    for term in terms:
        by_office.setdefault(term.office, []).append(term)
    for office, held in by_office.items():
        held.sort(key=lambda t: (first_day(t.start), t.line))
        for a, b in zip(held, held[1:], strict=False):
            if a.end is None or overlaps(a.end, b.start):
                say(b.line, f"{office}: {b.person} from {b.start} overlaps {a.person} "
                    f"(until {a.end or 'no end given'})", rule="register-overlap")
    coverage = tree.find(".//t:teiHeader//t:date[@type='coverage']", NS)
    if coverage is not None:
        start, end = first_day(coverage.get("from")), last_day(coverage.get("to"))
        for office in leaves:
            spans = sorted([(first_day(t.start), last_day(t.end) if t.end else end)
                            for t in by_office.get(office, ())] + vacancies.get(office, []))
            cursor = start
            for a, b in spans + [(end + dt.timedelta(days=1), end)]:
                if a > cursor and cursor <= end:
                    gap_end = min(a - dt.timedelta(days=1), end)
                    say(offices[office].sourceline or 0, f"{office} has no holder from "
                        f"{cursor} to {gap_end} and no note type=\"vacancy\" says why",
                        rule="register-gap")
                cursor = max(cursor, b + dt.timedelta(days=1))
    return problems


# --- labels that did not resolve ----------------------------------------------------------


@dataclass(frozen=True)
class Unresolved:
    label: str
    date: str | None
    document: str
    source: str
    line: int
    why: str


def unresolved(sources: Iterable[str | Path], edition: Edition) -> list[Unresolved]:
    """Every label of ``sources`` (transcriptions) that did not resolve, in source order.

    A source that cannot be read raises its located error (the caller reports it)."""
    from ..sources import read_document
    from . import encode_document
    from .links import build_index, card

    paths = [str(p) for p in sources]
    register = Register(edition.persons_path)
    documents = [read_document(p, None) for p in paths]
    index = build_index([card(d) for d in documents])
    found = []
    for doc in documents:
        encoded = encode_document(doc, edition, register, index)
        for label, line, why in encoded.unresolved:
            found.append(Unresolved(label, encoded.date, doc.id, doc.source, line, why))
    return found


def group(found: list[Unresolved]) -> dict[str, list[Unresolved]]:
    """The labels grouped by what they say (``(Lake)`` and ``（レーク）`` stay apart)."""
    groups: dict[str, list[Unresolved]] = {}
    for item in found:
        groups.setdefault(item.label.strip().strip("()（）").strip(), []).append(item)
    return groups


def _office_of(label: str, register: Register) -> str | None:
    key = _norm(label.strip("()（）"))
    for term, offices in register._terms:
        if key.startswith(term) or key.endswith(term):
            return offices[0]
    return None


def stubs(found: list[Unresolved], register: Register) -> bytes:
    """Skeleton ``person`` entries (a ``listPerson``) for the labels of ``found``: the label as
    the name, the office it names if any (with the dates it was seen on, marked
    ``cert="unknown"`` until the editor gives the real term), and where it was seen."""
    root = etree.Element(f"{{{TEI_NS}}}listPerson", nsmap={None: TEI_NS})
    root.text = "\n  "
    taken = set(register.persons)
    for label, items in group(found).items():
        base = "stub-" + (re.sub(r"[^a-z0-9]+", "-", _norm(label)).strip("-") or "person")
        if not ID_FORM.match(base):
            base = "stub-person"
        pid, k = base, 2
        while pid in taken:
            pid, k = f"{base}-{k}", k + 1
        taken.add(pid)
        person = etree.SubElement(root, f"{{{TEI_NS}}}person", {XML_ID: pid})
        lang = "ja" if any(ord(c) > 0x2E7F for c in label) else "en"
        etree.SubElement(person, f"{{{TEI_NS}}}persName",
                         {f"{{{XML_NS}}}lang": lang}).text = label
        dates = sorted({i.date for i in items if i.date})
        office = _office_of(label, register)
        if office:
            aff = etree.SubElement(person, f"{{{TEI_NS}}}affiliation",
                                   {"type": "office", "ref": f"#{office}", "cert": "unknown"})
            if dates:
                aff.set("from", dates[0])
                aff.set("to", dates[-1])
            aff.text = "the dates the label was seen on: give the term of office from a source"
        seen = "; ".join(f"{i.date or 'no date'}, {i.document} ({Path(i.source).name} line "
                         f"{i.line})" for i in items)
        etree.SubElement(person, f"{{{TEI_NS}}}note",
                         {"type": "editorial"}).text = f"Seen as “{items[0].label}”: {seen}."
        etree.SubElement(person, f"{{{TEI_NS}}}note", {"type": "source"}).text = \
            "To do: the source of this entry's names, term of office and ids."
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def load_register(path: Path) -> Register:
    """The register, or a located error if it is missing."""
    if not path.is_file():
        raise TeiCablesError(Problem(str(path), 0, 0, "no register of persons here",
                                     rule="register"))
    return Register(path)
