"""Pointers inside TEI documents (``#id``, ``file.xml#id``): finding them, rewriting them,
and keeping ids apart when documents of different origins are put together (a corpus, a
book)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from . import XML_NS

XML_ID = f"{{{XML_NS}}}id"


def pointers(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Every (element, attribute, token) of ``root`` whose token is a pointer: starts with
    ``#`` or names a file (``x.xml``, ``x.xml#y``). Attributes of the xml namespace and
    free-text ones (``rend``) are not pointers."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.startswith(f"{{{XML_NS}}}") or name in ("rend", "style"):
                continue
            for token in value.split():
                if is_pointer(token):
                    yield element, name, token


def is_pointer(token: str) -> bool:
    """``#id``, or a relative reference to an XML file (``x.xml``, ``../x.xml#id``)."""
    return token.startswith("#") or bool(re.match(r"^[^:#\s]*\.xml(#.*)?$", token))


def unresolved(root: etree._Element) -> list[str]:
    """The local pointers (``#x``) of ``root`` that no ``xml:id`` in it answers."""
    known = ids(root)
    return sorted({t for _, _, t in pointers(root) if t.startswith("#") and t[1:] not in known})


def rewrite_pointers(root: etree._Element, change: Callable[[str], str]) -> None:
    """Replace each pointer token ``t`` of ``root`` (:func:`is_pointer`) by ``change(t)``."""
    for element, name in dict.fromkeys((e, n) for e, n, _ in pointers(root)):
        tokens = element.get(name).split()
        new = [change(t) if is_pointer(t) else t for t in tokens]
        if new != tokens:  # an attribute whose pointers stay keeps its spacing too
            element.set(name, " ".join(new))


def ids(root: etree._Element) -> set[str]:
    """Every ``xml:id`` in ``root``."""
    return {e.get(XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}


def keep_apart(root: etree._Element, taken: Iterable[str], prefix: str) -> dict[str, str]:
    """Rename the ids of ``root`` (its own id aside) that ``taken`` already holds to
    ``prefix.id``, and every ``#id`` pointer of ``root`` with them; returns old -> new.

    A document from another archive put beside others (in the book) may use the ids they use
    (``fn1``): its notes and links must still lead to its own elements."""
    taken = set(taken)
    renamed: dict[str, str] = {}
    for element in root.iter():
        ident = element.get(XML_ID) if isinstance(element.tag, str) else None
        if element is root or ident not in taken:
            continue
        new = f"{prefix}.{ident}"
        while new in taken or new in renamed.values():
            new += "_"
        renamed[ident] = new
        element.set(XML_ID, new)
    if renamed:
        rewrite_pointers(root, lambda t: "#" + renamed[t[1:]]
                         if t.startswith("#") and t[1:] in renamed else t)
    return renamed
