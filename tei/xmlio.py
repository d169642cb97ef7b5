"""The one safe XML parser and the one atomic writer that every module uses.

Untrusted XML never resolves external entities, never expands entity bombs and never
touches the network; a parse error comes back as a located :class:`TeiCablesError`.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from .errors import Problem, TeiCablesError

# The process's umask, read once at import (reading it means setting it): a file written
# atomically gets the mode an ordinary open() would give it, not mkstemp's private 0600.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def safe_parser(**options: bool) -> etree.XMLParser:
    """A parser that keeps line numbers and refuses everything that reaches outside the file.

    ``collect_ids=False`` lets a repeated ``xml:id`` through (libxml2 otherwise refuses the
    document): validation reports it as an encoding error, located, instead.
    """
    return etree.XMLParser(
        collect_ids=options.get("collect_ids", True),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=options.get("remove_blank_text", False),
    )


def parse_file(path: str | os.PathLike[str], collect_ids: bool = True) -> etree._ElementTree:
    """Parse an XML file safely; a missing file or bad XML raises a located error."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TeiCablesError(Problem(name, 0, 0, f"cannot read file: {exc.strerror}")) from exc
    return parse_bytes(data, name, collect_ids)


def parse_bytes(data: bytes, name: str = "<string>",
                collect_ids: bool = True) -> etree._ElementTree:
    """Parse XML from bytes with the safe parser; the error names ``name`` and the place."""
    parser = safe_parser(collect_ids=collect_ids)
    try:
        root = etree.fromstring(data, parser, base_url=name)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        message = exc.msg or str(exc)
        raise TeiCablesError(
            Problem(name, line, column, f"not well-formed XML: {message}")
        ) from exc
    if root is None:
        raise TeiCablesError(Problem(name, 1, 1, "not well-formed XML: the document is empty"))
    for entity in root.getroottree().iter(etree.Entity):
        raise TeiCablesError(
            Problem(name, entity.sourceline or 0, 0, f"entity reference &{entity.name}; is not "
                    "allowed (entities are never expanded)")
        )
    return root.getroottree()


#: TEI elements whose content is elements only: indenting them adds no text to the document.
ELEMENT_ONLY = frozenset((
    "TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "seriesStmt", "sourceDesc",
    "msDesc", "msIdentifier", "altIdentifier", "msContents", "msItem", "additional", "adminInfo",
    "surrogates", "encodingDesc", "projectDesc", "editorialDecl", "classDecl", "taxonomy",
    "category", "profileDesc", "abstract", "correspDesc", "correspAction", "correspContext",
    "langUsage", "particDesc", "listPerson", "person", "textClass", "respStmt", "text", "front",
    "docTitle", "docImprint", "body", "back", "div", "sp", "opener", "closer", "listBibl",
    "list", "figure", "biblStruct", "analytic", "monogr", "imprint", "availability",
    "listPrefixDef",
))


def indent(node: etree._Element, level: int = 0, step: str = "  ") -> None:
    """Indent element-only TEI containers in place; mixed content is never touched.

    (lxml's pretty printer also indents a ``<seg>`` holding only a ``<date>``, which adds white
    space to the text: this one only re-indents what ``ELEMENT_ONLY`` names.)
    """
    local = etree.QName(node).localname if isinstance(node.tag, str) else ""
    if local not in ELEMENT_ONLY or not len(node):
        return
    if (node.text or "").strip() or any((c.tail or "").strip() for c in node):
        return
    pad = "\n" + step * (level + 1)
    node.text = pad
    for child in node:
        child.tail = pad
        indent(child, level + 1, step)
    node[-1].tail = "\n" + step * level


def serialize(tree: etree._ElementTree | etree._Element, models: Sequence[str] = ()) -> bytes:
    """UTF-8 with an XML declaration, element-only containers indented, a final newline.

    ``models`` are the pseudo-attributes of ``<?xml-model?>`` PIs to put before the root (the
    schemas an XML editor validates the file with).
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    indent(root)
    text = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=True)
    if models:
        declaration, _, rest = text.partition(b"\n")
        pis = b"".join(etree.tostring(etree.ProcessingInstruction("xml-model", m)) + b"\n"
                       for m in models)
        text = declaration + b"\n" + pis + rest
    return text + b"\n"


def without_xml_models(data: bytes) -> bytes:
    """A serialised document without its ``<?xml-model?>`` lines (they depend on where the file
    lies, so two copies of one document in two folders compare equal without them)."""
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b"<?xml-model"))


def with_xml_models(data: bytes, models: Sequence[str]) -> bytes:
    """A serialised document whose ``<?xml-model?>`` PIs are ``models`` (after the XML
    declaration, before everything else), whatever PIs it had."""
    body = without_xml_models(data)
    declaration = re.match(rb"<\?xml\s[^?]*\?>\n?", body)
    head, rest = (body[:declaration.end()], body[declaration.end():]) if declaration else (
        b"", body)
    if head and not head.endswith(b"\n"):
        head += b"\n"
    pis = b"".join(etree.tostring(etree.ProcessingInstruction("xml-model", m)) + b"\n"
                   for m in models)
    return head + pis + rest


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; it replaces ``target`` only if the block succeeds.

    A crash or an error half-way leaves the previous file (or no file), never a partial one.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_UMASK)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


#: What a file name made from an id of untrusted input may hold: no folder separator, no
#: leading dot, nothing a shell or a URL would read otherwise.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


def safe_stem(raw: str, fallback: str = "document") -> str:
    """A file-name stem made from ``raw`` (an id or a name from input we do not control).

    Characters other than ASCII letters, digits, ``.``, ``_`` and ``-`` become ``-``; leading
    dots and dashes go; an over-long stem is cut and keeps a hash of the whole, so two long
    ids stay apart. Nothing of ``raw`` can make the name leave its folder.
    """
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", raw.strip()).strip(".-_")
    stem = re.sub(r"\.{2,}", ".", stem)
    if not stem:
        stem = fallback
    if len(stem) > 100:
        import hashlib

        stem = stem[:80].rstrip(".-_") + "-" + hashlib.sha256(raw.encode()).hexdigest()[:12]
    return stem


def output_path(outdir: str | os.PathLike[str], name: str) -> Path:
    """``outdir/name``, refused (a located error) unless it stays inside ``outdir``.

    ``name`` must be a plain file name (see :data:`SAFE_NAME`): no folder part, no ``..``;
    and the resolved path (symbolic links followed) must lie in the resolved ``outdir``.
    """
    folder = Path(outdir)
    if not SAFE_NAME.match(name) or ".." in name:
        raise TeiCablesError(Problem(str(folder), 0, 0, f"refused to write {name!r}: not a "
                                     "plain file name", rule="unsafe-path"))
    target = folder / name
    inside = folder.resolve()
    if target.resolve().parent != inside:
        raise TeiCablesError(Problem(str(folder), 0, 0, f"refused to write {name!r}: it "
                                     f"would land outside {folder}", rule="unsafe-path"))
    return target


def write_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
