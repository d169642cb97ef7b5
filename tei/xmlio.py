"""The one safe XML parser and the one atomic writer that every module uses.

Files from other archives are untrusted. Parsing here never resolves an external entity, never
reads a DTD, never expands an entity (a DOCTYPE that declares one is refused, so no entity bomb
can go off), never processes XInclude, never touches the network, and refuses a file larger
than :func:`max_xml_mb` before reading it; libxml2's own limits (no ``huge_tree``) refuse
very deep nesting and huge text nodes. Every refusal is a located :class:`TeiCablesError`.
Saxon gets what this parser read (:func:`saxon_text`), never a file or a DOCTYPE of its own,
from a processor that may only read local files (:func:`saxon_processor`).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from .errors import Problem, TeiCablesError

#: The largest XML file read, in MiB, unless TEI_CABLES_MAX_XML_MB or ``max_mb`` says otherwise.
DEFAULT_MAX_XML_MB = 64
MAX_XML_ENV = "TEI_CABLES_MAX_XML_MB"
_MIB = 1024 * 1024
#: At most this many problems of one kind are reported for one file (a hostile file may hold
#: a million entity references).
_MAX_REPORTED = 10


def max_xml_mb(max_mb: float | None = None) -> float:
    """The size limit in MiB: ``max_mb``, else $TEI_CABLES_MAX_XML_MB, else 64."""
    if max_mb is None:
        raw = os.environ.get(MAX_XML_ENV, "").strip()
        try:
            max_mb = float(raw) if raw else DEFAULT_MAX_XML_MB
        except ValueError:
            max_mb = -1
        if not max_mb > 0:
            raise TeiCablesError(Problem(MAX_XML_ENV, 0, 0, f"{MAX_XML_ENV}={raw!r} is not a "
                                         "positive number of megabytes (MiB)"))
    return max_mb


def _check_size(name: str, size: int, max_mb: float, read: bool) -> None:
    if size <= max_mb * _MIB:
        return
    raise TeiCablesError(Problem(
        name, 0, 0, f"the file is {'at least ' if read else ''}{size / _MIB:.1f} MiB "
        f"({size:,} bytes), more than the limit of {max_mb:g} MiB for one XML file: "
        f"refused{'' if read else ' before reading it'} (raise the limit with the "
        f"environment variable {MAX_XML_ENV}=<MiB>)", rule="too-large"))


def read_limited(path: str | os.PathLike[str], max_mb: float | None = None) -> bytes:
    """The bytes of ``path``, refused (located) when larger than the limit: the size is
    checked before reading, and no more than the limit is ever read (a device or a file that
    grows meanwhile cannot exhaust memory)."""
    name = str(path)
    max_mb = max_xml_mb(max_mb)
    try:
        with open(path, "rb") as handle:
            _check_size(name, os.fstat(handle.fileno()).st_size, max_mb, read=False)
            data = handle.read(int(max_mb * _MIB) + 1)
    except OSError as exc:
        raise TeiCablesError(Problem(name, 0, 0, f"cannot read file: {exc.strerror}")) from exc
    _check_size(name, len(data), max_mb, read=True)
    return data


def safe_parser(**options: bool) -> etree.XMLParser:
    """A parser that keeps line numbers and refuses everything that reaches outside the file.

    ``collect_ids=False`` lets a repeated ``xml:id`` through (libxml2 otherwise refuses the
    document): validation reports it as an encoding error, located, instead. ``huge_tree``
    stays off: libxml2 then refuses nesting deeper than 256 levels, a text node or attribute
    value over 10,000,000 characters, and entities that would expand many times over.
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


def parse_file(path: str | os.PathLike[str], collect_ids: bool = True, *,
               max_mb: float | None = None) -> etree._ElementTree:
    """Parse an XML file safely; a missing, too large or bad file raises a located error."""
    return parse_bytes(read_limited(path, max_mb), str(path), collect_ids, max_mb=max_mb)


#: libxml2's words for the limits it enforces, and ours (``{0}`` is the first group).
_LIMITS = (
    (re.compile(r"Maximum entity amplification factor exceeded|entity reference loop"),
     "entities that expand without bound (an entity bomb): refused (entities are never "
     "expanded)"),
    (re.compile(r"Attribute references external entity '([^']*)'"),
     "entity reference &{0}; is not allowed (entities are never expanded)"),
    (re.compile(r"Excessive depth in document: (\d+)"),
     "elements nested more than {0} levels deep: refused (a limit against hostile input)"),
    (re.compile(r"Text node too long"),
     "a text node longer than 10,000,000 characters: refused (a limit against hostile "
     "input)"),
    (re.compile(r"Buffer size limit exceeded|AttValue length too long"),
     "an attribute value, CDATA section or processing instruction longer than 10,000,000 "
     "characters: refused (a limit against hostile input)"),
    (re.compile(r"Comment too big"),
     "a comment longer than 10,000,000 characters: refused (a limit against hostile input)"),
    (re.compile(r"Name too long"),
     "a name longer than 50,000 characters: refused (a limit against hostile input)"),
)
_POSITION = re.compile(r",\s*line \d+, column \d+\s*$")


def _syntax_message(message: str) -> str:
    """libxml2's message without its ``, line N, column M`` (the Problem carries those),
    reworded where it is a limit against hostile input."""
    message = _POSITION.sub("", message.strip())
    for pattern, ours in _LIMITS:
        found = pattern.search(message)
        if found:
            return ours.format(*found.groups())
    return f"not well-formed XML: {message}"


def parse_bytes(data: bytes, name: str = "<string>", collect_ids: bool = True, *,
                max_mb: float | None = None) -> etree._ElementTree:
    """Parse XML from bytes with the safe parser; the error names ``name`` and the place.

    Refused, located: more bytes than the limit; a DOCTYPE that declares entities (TEI P5
    needs no DTD, and a declared entity is how an entity bomb or an external entity comes
    in); a reference to an entity, in text or in an attribute value (never expanded, so its
    text would be lost); whatever libxml2's limits refuse.
    """
    _check_size(name, len(data), max_xml_mb(max_mb), read=False)
    parser = safe_parser(collect_ids=collect_ids)
    try:
        root = etree.fromstring(data, parser, base_url=name)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        raise TeiCablesError(
            Problem(name, line, column, _syntax_message(exc.msg or str(exc)))
        ) from exc
    if root is None:
        raise TeiCablesError(Problem(name, 1, 1, "not well-formed XML: the document is empty"))
    tree = root.getroottree()
    problems = _declared_entities(tree, data, name) + _entity_references(tree, parser, name)
    if problems:
        raise TeiCablesError(problems)
    return tree


def _declared_entities(tree: etree._ElementTree, data: bytes, name: str) -> list[Problem]:
    """The entities the DOCTYPE's internal subset declares, each located where declared."""
    dtd = tree.docinfo.internalDTD
    declared = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    if not declared:
        return []
    try:
        text = data.decode(tree.docinfo.encoding or "utf-8", errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    problems = []
    for entity in declared[:_MAX_REPORTED]:
        found = re.search(r"<!ENTITY\s+(?:%\s+)?" + re.escape(entity) + r"[\s'\"]", text)
        line, column = (text.count("\n", 0, found.start()) + 1,
                        found.start() - text.rfind("\n", 0, found.start())) if found else (1, 1)
        problems.append(Problem(name, line, column, f"the DOCTYPE declares the entity {entity}: "
                                "refused (entities are never expanded; a TEI P5 document needs "
                                "no DTD: write the character itself or a character reference)"))
    return problems


def _entity_references(tree: etree._ElementTree, parser: etree.XMLParser,
                       name: str) -> list[Problem]:
    """References to entities the parser did not expand: in text they stay entity nodes; in
    an attribute value libxml2 would drop them silently, and only warns."""
    problems = []
    for entry in parser.error_log:
        if entry.type_name == "WAR_UNDECLARED_ENTITY":
            found = re.search(r"'([^']*)'", entry.message)
            problems.append(Problem(name, entry.line, entry.column, f"entity reference "
                                    f"&{found.group(1) if found else '?'}; is not allowed "
                                    "(entities are never expanded)"))
    if not problems:  # an entity node without a warning: the safety net
        for entity in tree.getroot().iter(etree.Entity):
            problems.append(Problem(name, entity.sourceline or 0, 0, f"entity reference "
                                    f"&{entity.name}; is not allowed (entities are never "
                                    "expanded)"))
            break
    return problems[:_MAX_REPORTED]


def saxon_text(tree: etree._ElementTree | etree._Element) -> str:
    """A parsed document as text for Saxon: its root element only. Saxon's own parser would
    read the DOCTYPE's external DTD (over the network too): without the DOCTYPE it has none to
    read, and the document was already checked by :func:`parse_bytes`."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    return etree.tostring(root, encoding="unicode")


def saxon_parse_file(proc, path: str | os.PathLike[str]):
    """Saxon's tree of a file the toolkit wrote itself (the site's catalogue of every
    document), read by Saxon from the file rather than handed over as a string, which would
    hold a large file twice. ``proc`` is a :func:`saxon_processor`, which refuses a DOCTYPE."""
    return proc.parse_xml(xml_file_name=str(path))


SAXON_FEATURE = "http://saxon.sf.net/feature/"


def saxon_processor():
    """A Saxon processor that may read local files only (stylesheets, and what a rule's
    ``doc()`` names) and refuses a DOCTYPE in anything it parses: no DTD, no external entity,
    no URL is ever fetched, whatever a document or a stylesheet names."""
    from saxonche import PySaxonProcessor

    proc = PySaxonProcessor(license=False)
    proc.set_configuration_property(SAXON_FEATURE + "allowedProtocols", "file")
    proc.set_configuration_property(
        SAXON_FEATURE + "parserFeature?uri=http://apache.org/xml/features/disallow-doctype-decl",
        "true")
    return proc


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
    tag = node.tag
    if not isinstance(tag, str) or tag.rpartition("}")[2] not in ELEMENT_ONLY or not len(node):
        return
    if (node.text or "").strip():
        return
    for child in node:
        if child.tail and child.tail.strip():
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


def _new_temp(target: Path) -> tuple[int, Path]:
    """A new, empty file beside ``target`` (open for writing), with the permissions a file
    made by ``open`` gets: the folder is made when missing."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; it replaces ``target`` only if the block succeeds.

    A crash or an error half-way leaves the previous file (or no file), never a partial one.
    """
    fd, tmp_path = _new_temp(Path(target))
    os.close(fd)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


#: What a file name made from an id of untrusted input may hold: no folder separator, no
#: leading or trailing dot, nothing a shell or a URL would read otherwise.
SAFE_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,118}[A-Za-z0-9_-])?$")
#: Names Windows keeps for devices, whatever the extension ("CON.xml" is the console too): an
#: edition copied to Windows must not lose a file to one.
RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(?:\.|$)", re.IGNORECASE)


def safe_stem(raw: str, fallback: str = "document") -> str:
    """A file-name stem made from ``raw`` (an id or a name from input we do not control).

    Characters other than ASCII letters, digits, ``.``, ``_`` and ``-`` become ``-``; leading
    and trailing dots and dashes go; an over-long stem is cut and keeps a hash of the whole, so
    two long ids stay apart; a name Windows keeps for a device (``CON``, ``nul``, ``COM1``...)
    gets a ``_`` after it. Nothing of ``raw`` can make the name leave its folder. Two ids may
    give one stem ("a b", "a/b"; ids in other scripts give ``fallback``): the caller numbers
    the second.
    """
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", raw.strip()).strip(".-_")
    stem = re.sub(r"\.{2,}", ".", stem)
    if not stem:
        stem = fallback
    if len(stem) > 100:
        stem = stem[:80].rstrip(".-_") + "-" + hashlib.sha256(
            raw.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    if RESERVED.match(stem):
        stem = re.sub(r"^([^.]*)", r"\1_", stem)
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
    if RESERVED.match(name):
        raise TeiCablesError(Problem(str(folder), 0, 0, f"refused to write {name!r}: Windows "
                                     "keeps that name for a device", rule="unsafe-path"))
    target = folder / name
    inside = folder.resolve()
    if target.resolve().parent != inside:
        raise TeiCablesError(Problem(str(folder), 0, 0, f"refused to write {name!r}: it "
                                     f"would land outside {folder}", rule="unsafe-path"))
    return target


def write_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (as :func:`atomic_path`, in four system calls:
    a site's build writes several files a document, and making files is what a file system
    charges most for)."""
    fd, tmp = _new_temp(Path(target))
    try:
        with open(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
