"""The canonical form of a TEI document, for the round trip (export, then import again).

Canonical XML 2.0 (W3C, as lxml writes it) of the root element: attribute order, quoting,
namespace declarations, empty-element tags and character references no longer matter. The
prolog is left out (the XML declaration, the ``<?xml-model?>`` PIs that say where the schemas
lie, any other PI or comment before or after the root): it depends on where a copy lies, not
on the document. Comments inside the document are kept, as is every character of its text
(white space included).
"""

from __future__ import annotations

import copy

from lxml import etree

from ..xmlio import parse_bytes


def canonical(document: etree._ElementTree | etree._Element | bytes,
              name: str = "<bytes>") -> bytes:
    """The C14N 2.0 bytes of ``document``'s root element (parsed safely if given as bytes)."""
    if isinstance(document, bytes):
        # a repeated xml:id is a fault of the document, not a reason to refuse comparing it
        document = parse_bytes(document, name, collect_ids=False)
    root = document.getroot() if isinstance(document, etree._ElementTree) else document
    # a copy in a tree of its own: the root's siblings (PIs, comments) stay behind
    alone = copy.deepcopy(root)
    alone.tail = None
    return etree.tostring(alone, method="c14n2", with_comments=True)
