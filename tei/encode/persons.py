"""The edition's register of persons and offices, and how speaker labels resolve into it.

A label names a person ("(Clinton)", "（クリストファー）"), an office ("(Prime Minister)",
"（総理）"), both ("(Vice President Gore)", "（クリストファー・國務長官）"), or a party to the
cable ("(本大臣)", "this Minister": the addressee). An office resolves to whoever held it on
the cable's date; when several did (two ambassadors), only those named elsewhere in the
document stay. Anything left ambiguous or unknown is reported, never guessed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import TEI_NS, XML_NS
from ..errors import Problem, TeiCablesError
from ..xmlio import parse_file

NS = {"t": TEI_NS, "xml": XML_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
#: Labels that name a party to the cable rather than a person or an office.
PARTY_LABELS = {"本大臣": "recipient", "本使": "sender", "本官": "sender"}
_STRIP = " 　・·.,"


def _norm(text: str) -> str:
    return "".join(text.split()).strip(_STRIP).lower()


@dataclass
class Office:
    id: str
    terms: list[str]


@dataclass
class Holding:
    office: str
    start: str
    end: str


@dataclass
class Person:
    id: str
    names: set[str]  # normalised name forms: surname, full name (en and ja)
    holdings: list[Holding] = field(default_factory=list)
    element: etree._Element | None = None

    def holds(self, office: str, date: str | None) -> bool:
        return any(
            h.office == office and (date is None or h.start[: len(date)] <= date[: len(h.start)]
                                    and date[: len(h.end)] <= h.end)
            for h in self.holdings
        )


@dataclass(frozen=True)
class Resolution:
    """What a label resolved to (``who``), or why it did not (``problem``)."""

    who: str | None
    problem: str | None = None


class Register:
    """Persons and offices read from the edition's register (a TEI file)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        tree = parse_file(path)
        self.offices: dict[str, Office] = {}
        for cat in tree.iterfind(".//t:taxonomy[@xml:id='offices']/t:category", NS):
            terms = [t.text.strip() for t in cat.iterfind(".//t:term", NS) if t.text]
            self.offices[cat.get(XML_ID)] = Office(cat.get(XML_ID), terms)
        self.persons: dict[str, Person] = {}
        for el in tree.iterfind(".//t:listPerson/t:person", NS):
            pid = el.get(XML_ID)
            if not pid:
                raise TeiCablesError(Problem(self.path, el.sourceline or 0, 1,
                                             "a person without xml:id"))
            names: set[str] = set()
            for pn in el.iterfind("t:persName", NS):
                surname = pn.findtext("t:surname", namespaces=NS)
                if surname:
                    names.add(_norm(surname))
                names.add(_norm("".join(pn.itertext())))
            person = Person(pid, names, element=el)
            for aff in el.iterfind("t:affiliation[@type='office']", NS):
                office = (aff.get("ref") or "").lstrip("#")
                if office not in self.offices:
                    raise TeiCablesError(Problem(self.path, aff.sourceline or 0, 1,
                                                 f"office '{office}' is not in the taxonomy"))
                person.holdings.append(Holding(office, aff.get("from", "0000"),
                                               aff.get("to", "9999")))
            self.persons[pid] = person
        self._terms = sorted(
            ((_norm(t), o.id) for o in self.offices.values() for t in o.terms),
            key=lambda x: -len(x[0]),
        )

    # --- resolution --------------------------------------------------------------------

    def by_name(self, name: str) -> list[str]:
        key = _norm(name)
        return [p.id for p in self.persons.values() if key and key in p.names]

    def holders(self, office: str, date: str | None) -> list[str]:
        return [p.id for p in self.persons.values() if p.holds(office, date)]

    def resolve(self, label: str, date: str | None, parties: dict[str, str | None],
                context: str = "") -> Resolution:
        """Resolve a speaker (or sender, recipient) label on ``date``.

        ``parties`` maps "sender"/"recipient" to person ids; ``context`` is the document's
        text, used only to choose among several holders of one office.
        """
        raw = label.strip().strip("()（）").strip()
        if raw.lower().startswith("the "):
            raw = raw[4:]
        key = _norm(raw)
        if not key:
            return Resolution(None, "an empty label")
        if raw in PARTY_LABELS:
            who = parties.get(PARTY_LABELS[raw])
            if who:
                return Resolution(who)
            return Resolution(None, f"'{raw}' names the cable's {PARTY_LABELS[raw]}, "
                              "who is not resolved")
        named = self.by_name(raw)
        if len(named) == 1:
            return Resolution(named[0])
        for term, office in self._terms:
            for name in ((key[len(term):] if key.startswith(term) else None),
                         (key[: -len(term)] if key.endswith(term) else None)):
                if name is None:
                    continue
                if not name.strip(_STRIP):
                    return self._office(raw, office, date, context)
                people = self.by_name(name.strip(_STRIP))
                if len(people) == 1:
                    if not self.persons[people[0]].holds(office, date):
                        return Resolution(None, f"'{raw}': {people[0]} did not hold the office "
                                          f"{office} on {date}")
                    return Resolution(people[0])
        if len(named) > 1:
            return Resolution(None, f"'{raw}' is ambiguous: {', '.join(named)}")
        return Resolution(None, f"'{raw}' names no person or office in the register {self.path}")

    def _office(self, raw: str, office: str, date: str | None, context: str) -> Resolution:
        holders = found = self.holders(office, date)
        if len(found) > 1 and context:
            # the text around the turn names one of them ("Prime Minister Hata")
            key = _norm(context)
            found = [p for p in found if any(n in key for n in self.persons[p].names)] or holders
        if len(found) == 1:
            return Resolution(found[0])
        if not found:
            return Resolution(None, f"'{raw}': nobody in the register held {office} on {date}")
        return Resolution(None, f"'{raw}' is ambiguous on {date}: {', '.join(found)} held "
                          f"{office}")

    def entry(self, pid: str) -> etree._Element:
        """A copy of the register's entry for ``pid`` (for the document's particDesc)."""
        el = copy.deepcopy(self.persons[pid].element)
        for node in list(el.iter(etree.Comment)):
            node.getparent().remove(node)
        # element-only content: drop the register's indentation so the output re-indents it
        el.text = el.tail = None
        for child in el:
            child.tail = None
        return el

    def office_ids(self, pid: str) -> list[str]:
        return [h.office for h in self.persons[pid].holdings]
