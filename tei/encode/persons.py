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
#: Long vowels of romanised Japanese: "Satō" and "Sato" are one name.
_FOLD = str.maketrans("ōūāēîôûÔŌŪĀĒ", "ouaeiouOOUAE")


def _norm(text: str) -> str:
    return "".join(text.split()).strip(_STRIP).lower().translate(_FOLD)


@dataclass
class Office:
    id: str
    terms: list[str]
    #: the categories inside this one (an "Ambassador" of Japan: to the United States, to the
    #: United Nations): a term of this office also names their holders
    parts: list[str] = field(default_factory=list)


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
        for tax in tree.iterfind(".//t:taxonomy[@xml:id='offices']", NS):
            for cat in tax.iter(f"{{{TEI_NS}}}category"):
                terms = [t.text.strip() for t in cat.iterfind("t:catDesc/t:term", NS) if t.text]
                parts = [c.get(XML_ID) for c in cat.iter(f"{{{TEI_NS}}}category") if c is not cat]
                self.offices[cat.get(XML_ID)] = Office(cat.get(XML_ID), terms, parts)
        self.persons: dict[str, Person] = {}
        self._names: dict[str, list[str]] = {}
        #: office -> the persons who held it at some time (the candidates for a date)
        self._holders: dict[str, list[Person]] = {}
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
            names.discard("")
            person = Person(pid, names, element=el)
            for aff in el.iterfind("t:affiliation[@type='office']", NS):
                office = (aff.get("ref") or "").lstrip("#")
                if office not in self.offices:
                    raise TeiCablesError(Problem(self.path, aff.sourceline or 0, 1,
                                                 f"office '{office}' is not in the taxonomy"))
                person.holdings.append(Holding(office, aff.get("from", "0000"),
                                               aff.get("to", "9999")))
                if person not in self._holders.setdefault(office, []):
                    self._holders[office].append(person)
            self.persons[pid] = person
            for name in names:
                self._names.setdefault(name, []).append(pid)
        by_term: dict[str, list[str]] = {}
        for office in self.offices.values():
            for term in office.terms:
                by_term.setdefault(_norm(term), []).append(office.id)
        #: (normalised term, the offices it names), longest term first
        self._terms = sorted(by_term.items(), key=lambda x: -len(x[0]))

    # --- resolution --------------------------------------------------------------------

    def by_name(self, name: str) -> list[str]:
        return list(self._names.get(_norm(name), ()))

    def within(self, office: str) -> list[str]:
        """``office`` and the offices inside it."""
        return [office, *self.offices[office].parts] if office in self.offices else [office]

    def holders(self, office: str | list[str], date: str | None) -> list[str]:
        """Who held ``office`` (or one of several, or one inside them) on ``date``."""
        found: list[str] = []
        for name in ([office] if isinstance(office, str) else office):
            for one in self.within(name):
                found += [p.id for p in self._holders.get(one, ()) if p.holds(one, date)
                          and p.id not in found]
        return found

    def _holds(self, pid: str, offices: list[str], date: str | None) -> bool:
        return any(self.persons[pid].holds(one, date)
                   for office in offices for one in self.within(office))

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
        if len(named) > 1 and date:
            # two people of one name ("Sato"): the one in office on the date, if only one was
            in_office = [p for p in named if any(self.persons[p].holds(h.office, date)
                                                 for h in self.persons[p].holdings)]
            named = in_office if len(in_office) == 1 else named
        if len(named) == 1:
            return Resolution(named[0])
        for term, offices in self._terms:
            for name in ((key[len(term):] if key.startswith(term) else None),
                         (key[: -len(term)] if key.endswith(term) else None)):
                if name is None:
                    continue
                if not name.strip(_STRIP):
                    return self._office(raw, offices, date, context)
                people = self.by_name(name.strip(_STRIP))
                holding = [p for p in people if self._holds(p, offices, date)]
                if len(holding) == 1:
                    return Resolution(holding[0])
                if len(people) == 1:
                    return Resolution(None, f"'{raw}': {people[0]} did not hold the office "
                                      f"{' or '.join(offices)} on {date}")
                if len(holding) > 1:
                    return Resolution(None, f"'{raw}' is ambiguous on {date}: "
                                      f"{', '.join(holding)}")
        if len(named) > 1:
            return Resolution(None, f"'{raw}' is ambiguous: {', '.join(named)}")
        return Resolution(None, f"'{raw}' names no person or office in the register {self.path}")

    def _office(self, raw: str, offices: list[str], date: str | None,
                context: str) -> Resolution:
        office = " or ".join(offices)
        holders = found = self.holders(offices, date)
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
