"""Links between the documents of one edition, computed once for a batch.

A document links to another when its text names it (the related documents of the web page,
"Outgoing Telegram No. 1456 Divided Telegram") or when both are parts of one divided telegram
("(1 of 2)", "(2 of 2)"). Every link found is also given back from the other side, so that the
link goes both ways whenever both documents are in the edition.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..model import Document

INVERSE = {"next": "prev", "prev": "next", "related": "related", "main": "separate",
           "separate": "main"}
_PART = re.compile(r"\s*[(（]\s*\d+\s*(?:of|の)\s*\d+\s*[)）]")


@dataclass(frozen=True)
class Link:
    """``source`` points to ``target`` (document ids); ``type`` as in TEI correspContext."""

    source: str
    target: str
    type: str


@dataclass(frozen=True)
class EditionIndex:
    """Cable numbers of the batch and the links between its documents."""

    cables: dict[str, str]  # cable number -> document id
    titles: dict[str, str]  # document id -> title
    links: dict[str, tuple[Link, ...]]  # document id -> its outgoing links

    def target(self, cable: str) -> str | None:
        """The file of cable ``cable`` in the edition (a relative URI), if it is there."""
        doc = self.cables.get(cable)
        return f"{doc}.xml" if doc else None


@dataclass(frozen=True)
class Card:
    """What the batch index needs of one document: small, so a batch of thousands is cheap to
    gather from worker processes and to keep while the documents themselves are encoded."""

    id: str
    source: str
    title: str
    cable: str | None
    part: tuple[int, int] | None
    refers_to: tuple[tuple[str, str], ...]
    related: tuple[str, ...]  # cable numbers of the related documents


def card(doc: Document) -> Card:
    """The index card of ``doc``."""
    m = doc.meta
    return Card(doc.id, doc.source, m.title, m.cable, m.part, tuple(m.refers_to),
                tuple(r.cable for r in m.related if r.cable))


def _base(title: str) -> str:
    return _PART.sub("", title).strip()


def build_index(docs: list[Card]) -> EditionIndex:
    """Index a batch: which cables it holds and how they link, both ways."""
    cables = {d.cable: d.id for d in docs if d.cable}
    found: dict[tuple[str, str], str] = {}

    def add(source: str, target: str, kind: str) -> None:
        if source == target:
            return
        # prev/next and main/separate say more than "related": they win.
        for a, b, k in ((source, target, kind), (target, source, INVERSE[kind])):
            if found.get((a, b)) in (None, "related"):
                found[(a, b)] = k

    for d in docs:
        for number, relation in d.refers_to:
            if number in cables:
                if relation == "divided":
                    add(d.id, cables[number], "prev")
                else:
                    add(d.id, cables[number], "main")
        for number in d.related:
            if number in cables:
                add(d.id, cables[number], "related")
    # parts of one divided telegram: same title but for "(k of n)"
    groups: dict[str, list[Card]] = defaultdict(list)
    for d in docs:
        if d.part:
            groups[_base(d.title)].append(d)
    for group in groups.values():
        group.sort(key=lambda d: d.part or (0, 0))
        for a, b in zip(group, group[1:], strict=False):
            if a.part and b.part and b.part[0] == a.part[0] + 1:
                add(a.id, b.id, "next")
    links: dict[str, list[Link]] = defaultdict(list)
    for (a, b), kind in sorted(found.items()):
        links[a].append(Link(a, b, kind))
    return EditionIndex(cables, {d.id: d.title for d in docs},
                        {k: tuple(v) for k, v in links.items()})
