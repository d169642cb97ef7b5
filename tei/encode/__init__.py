"""The document model -> one TEI P5 document (header, text, registers), per document.

:func:`encode_document` is a pure function of the document, the edition's configuration, the
register and the batch's index: a batch runs in parallel, a single document can be rebuilt
alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..edition import Edition
from ..errors import Problem
from ..model import Block, Document, Turn
from .body import BodyContext, encode_text
from .header import encode_header
from .links import EditionIndex
from .persons import Register, Resolution
from .tree import el


@dataclass
class Encoded:
    """The TEI of one document and the problems met (warnings: the file is still written)."""

    doc: Document
    tree: etree._ElementTree
    problems: list[Problem]
    #: the date labels were resolved on (ISO), and each label that did not resolve:
    #: (label, line, why) -- what `tei persons unresolved` lists
    date: str | None = None
    unresolved: list[tuple[str, int, str]] = field(default_factory=list)


def _context_text(doc: Document) -> str:
    parts = [doc.meta.title, doc.meta.summary or "", doc.meta.short_summary or ""]
    for part in doc.parts:
        for item in part.items:
            blocks = item.blocks if isinstance(item, Turn) else [item]
            parts.extend(b.plain for b in blocks if isinstance(b, Block))
    return " ".join(parts)


def encode_document(doc: Document, edition: Edition, register: Register,
                    index: EditionIndex) -> Encoded:
    """Encode ``doc`` as a TEI document."""
    problems: list[Problem] = []
    date = (doc.meta.sent.date or doc.meta.date)
    iso = date.iso[:10] if date and date.iso else None
    context = _context_text(doc)
    used: list[str] = []
    unresolved: list[tuple[str, int, str]] = []

    resolutions: dict[tuple[str, frozenset], Resolution] = {}

    def resolve(label: str, line: int, severity: str = "warning") -> str | None:
        # (a label is resolved once a document: a speaker's turns repeat it, and what it
        # resolves to depends on nothing else that changes within the document)
        key = (label, frozenset(parties.items()))
        if key not in resolutions:
            resolutions[key] = register.resolve(label, iso, parties, context)
        result = resolutions[key]
        if result.who is None:
            unresolved.append((label, line, result.problem or ""))
            problems.append(Problem(doc.source, line, 1, f"speaker {label} not resolved: "
                                    f"{result.problem}; written without @who", severity,
                                    "speaker"))
        elif result.who not in used:
            used.append(result.who)
        return result.who

    parties: dict[str, str | None] = {}
    for role, action in (("sender", doc.meta.sent), ("recipient", doc.meta.received)):
        if action.person:
            parties[role] = resolve(action.person, 0)
    if doc.meta.translator:
        found = register.by_name(doc.meta.translator)
        parties["translator"] = found[0] if len(found) == 1 else None
        if parties["translator"] and parties["translator"] not in used:
            used.append(parties["translator"])
    cache: dict[tuple[str, int], str | None] = {}

    def resolve_once(label: str, line: int) -> str | None:
        if (label, line) not in cache:
            cache[(label, line)] = resolve(label, line)
        return cache[(label, line)]

    translator = f"#{parties['translator']}" if parties.get("translator") else None
    ctx = BodyContext(doc.source, doc.id, translator, resolve_once, index.target, parties,
                      problems)
    text = encode_text(doc, ctx)
    header = encode_header(doc, edition, register, index, parties, sorted(used))
    root = el("TEI", {"xml:id": doc.id, "xml:lang": "en"})
    root.append(header)
    root.append(text)
    tree = etree.ElementTree(root)
    return Encoded(doc, tree, problems, iso, unresolved)
