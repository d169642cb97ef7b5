"""saxonche: one processor per process, each stylesheet compiled once and reused.

Saxon reports XML parse errors on stderr without line numbers, so every input is parsed with
the safe lxml parser first (which locates errors) and handed to Saxon as a string, without its
DOCTYPE (:func:`tei.xmlio.saxon_text`): Saxon's parser would otherwise fetch the DTD it names.
The processor reads local files only (:func:`tei.xmlio.saxon_processor`).
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from pathlib import Path

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXslt30Processor

from . import PROJECT_ROOT
from .errors import Problem, TeiCablesError
from .xmlio import atomic_path, saxon_processor, saxon_text

XSLT_DIR = PROJECT_ROOT / "xslt"
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def processor() -> tuple[PySaxonProcessor, PyXslt30Processor]:
    proc = saxon_processor()
    return proc, proc.new_xslt30_processor()


@cache
def stylesheet(name: str):
    """The compiled stylesheet ``xslt/<name>`` (compiled on first use, then cached)."""
    path = XSLT_DIR / name
    if not path.is_file():
        raise TeiCablesError(Problem(str(path), 0, 0, "stylesheet not found"))
    _, xslt = processor()
    try:
        with _LOCK:
            return xslt.compile_stylesheet(stylesheet_file=str(path))
    except PySaxonApiError as exc:
        raise TeiCablesError(Problem(str(path), 0, 0,
                                     f"stylesheet does not compile: {exc}")) from exc


def saxon_node(tree: etree._ElementTree | etree._Element):
    """An already parsed document as Saxon's tree, to run several stylesheets (or one with
    several parameters) on it without parsing it again."""
    proc, _ = processor()
    return proc.parse_xml(xml_text=saxon_text(tree))


def transform_to_string(name: str, tree: etree._ElementTree, **params: str) -> str:
    """Run stylesheet ``name`` on an already parsed (and so well-formed) document."""
    return transform_node(name, saxon_node(tree), str(tree.docinfo.URL or "<tree>")
                          if isinstance(tree, etree._ElementTree) else "<tree>", **params)


def transform_node(name: str, node, where: str = "<tree>", **params: str) -> str:
    """Run stylesheet ``name`` on a document already in Saxon's tree (:func:`saxon_node`)."""
    proc, _ = processor()
    executable = stylesheet(name)
    try:
        with _LOCK:
            executable.clear_parameters()
            for key, value in params.items():
                executable.set_parameter(key, proc.make_string_value(value))
            result = executable.transform_to_string(xdm_node=node)
    except PySaxonApiError as exc:
        raise TeiCablesError(Problem(where, 0, 0,
                                     f"transformation with {name} failed: {exc}")) from exc
    return result or ""


def transform_node_to_file(name: str, node, output: Path, where: str = "<tree>",
                           **params: str) -> None:
    """Run stylesheet ``name`` on ``node`` into the file ``output`` (as :func:`transform_node`
    would give it, UTF-8): a large page is serialised straight to disk, never held whole in
    memory as a string. ``output`` is replaced only if the transformation succeeds."""
    proc, _ = processor()
    executable = stylesheet(name)
    with atomic_path(output) as tmp:
        try:
            with _LOCK:
                executable.clear_parameters()
                for key, value in params.items():
                    executable.set_parameter(key, proc.make_string_value(value))
                executable.transform_to_file(xdm_node=node, output_file=str(tmp))
        except PySaxonApiError as exc:
            raise TeiCablesError(Problem(where, 0, 0,
                                         f"transformation with {name} failed: {exc}")) from exc


def transform_node_to_folder(name: str, node, folder: Path, where: str = "<tree>",
                             **params: str) -> str:
    """Run stylesheet ``name`` on ``node``, its result documents (``xsl:result-document``)
    written into ``folder`` (their ``href`` relative to it); gives the principal result."""
    proc, _ = processor()
    executable = stylesheet(name)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with _LOCK:
            executable.clear_parameters()
            for key, value in params.items():
                executable.set_parameter(key, proc.make_string_value(value))
            executable.set_base_output_uri(folder.resolve().as_uri() + "/")
            result = executable.transform_to_string(xdm_node=node)
    except PySaxonApiError as exc:
        raise TeiCablesError(Problem(where, 0, 0,
                                     f"transformation with {name} failed: {exc}")) from exc
    return result or ""


def xslt_path(name: str) -> Path:
    return XSLT_DIR / name
