"""One checker per kind of schema: RELAX NG (lxml), XSD (xmlschema), Schematron (saxonche).
A RELAX NG grammar with embedded Schematron (the official tei_all) also runs those rules.

Each is compiled once and checks an already parsed file, returning located problems
(``file:line:column``, a rule name); :mod:`tei.validate` runs them over a set of files.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from lxml import etree

from .. import TEI_NS
from ..errors import Problem, TeiCablesError
from ..xmlio import parse_file
from .attributes_inline import inline_attributes
from .locate import Locator
from .messages import NOISE, GrammarInfo, describe, explain
from .relaxng import Grammar, Matcher, compile_grammar


class RelaxNG:
    """A RELAX NG schema (lxml/libxml2), its errors reworded from the grammar."""

    def __init__(self, path: str | Path):
        tree = parse_file(path)
        try:
            self.schema = _compiled(tree)
        except etree.RelaxNGParseError as exc:
            raise TeiCablesError(Problem(str(path), 0, 0, f"not a usable RELAX NG schema: "
                                         f"{exc}", rule="schema")) from exc
        # the wording needs the whole grammar in one file (tei_all and ours are); a grammar
        # that includes others gets libxml2's own words
        spread = tree.getroot().find(".//{http://relaxng.org/ns/structure/1.0}include")
        spread = spread if spread is not None else tree.getroot().find(
            ".//{http://relaxng.org/ns/structure/1.0}externalRef")
        self.info = GrammarInfo(tree) if spread is None else None
        self.tree = tree if spread is None else None
        self._grammar: Grammar | None | bool = None  # compiled on the first invalid file
        self.name = Path(path).name
        # the Schematron a grammar embeds (tei_all's rules) is part of conforming to it
        from ..schema.schematron import embedded

        rules = embedded(tree, str(path))
        self.embedded = Schematron(path, frozenset(), rules) if rules is not None else None

    @property
    def grammar(self) -> Grammar | None:
        """The grammar for :mod:`tei.validate.relaxng` (None: a grammar it leaves to libxml2)."""
        if self._grammar is None:
            self._grammar = (compile_grammar(self.tree) if self.tree is not None else None) \
                or False
        return self._grammar or None

    def check(self, file: str, tree: etree._ElementTree, where: Locator,
              duplicate_ids: set[etree._Element]) -> list[Problem]:
        self.schema.validate(tree)
        entries = list(self.schema.error_log)
        problems: list[Problem] = []
        if entries and self.grammar is not None:
            # libxml2 stops at an element's first error: every error, checked again
            problems = self._every_error(file, tree, where)
        if entries and not problems:  # a grammar left to libxml2, or only its echoes
            problems = self._libxml2_errors(file, entries, where, duplicate_ids)
        if self.embedded is not None:
            problems.extend(self.embedded.check(file, tree, where, duplicate_ids))
        return problems

    def _every_error(self, file: str, tree: etree._ElementTree, where: Locator
                     ) -> list[Problem]:
        assert self.grammar is not None
        problems: list[Problem] = []
        seen: set[tuple[int, int, str]] = set()
        for finding in Matcher(self.grammar).run(tree.getroot()):
            message, rule = describe(finding, self.grammar, self.info)
            if finding.kind == "text":
                line, column = where.text_at(finding.node, finding.text_after)
            else:
                line, column = where.where(finding.node, finding.attribute)
            if (line, column, message) not in seen:
                seen.add((line, column, message))
                problems.append(Problem(file, line, column, message, "error", rule))
        return problems

    def _libxml2_errors(self, file: str, entries: list, where: Locator,
                        duplicate_ids: set[etree._Element]) -> list[Problem]:
        """libxml2's errors in our words (its first error per element only)."""
        causes = [e for e in entries if not NOISE.search(e.message)]
        problems: list[Problem] = []
        for entry in causes or entries:
            node = where.at_xpath(entry.path)
            if node in duplicate_ids and "Invalid attribute id" in entry.message:
                continue  # reported as [xml-id-unique]
            message, rule, attribute, node = explain(entry.message, node, self.info)
            if rule == "rng" and node is not None and any(
                    d is node or node in d.iterancestors() for d in duplicate_ids):
                continue  # libxml2's echo of a repeated xml:id inside: [xml-id-unique] says it
            line, column = where.where(node, attribute) if node is not None else \
                (entry.line, entry.column)
            problem = Problem(file, line or entry.line, column, message, "error", rule)
            if problem not in problems:
                problems.append(problem)
        return problems


def _compiled(tree: etree._ElementTree) -> etree.RelaxNG:
    """libxml2's validator for grammar ``tree``, its attributes written where libxml2 checks
    them fast (:mod:`tei.validate.attributes_inline`: the same language)."""
    fast = inline_attributes(tree)
    if fast is not tree:
        try:
            return etree.RelaxNG(fast)
        except etree.RelaxNGParseError:
            pass  # a grammar libxml2 takes only as written: its errors come from that one
    return etree.RelaxNG(tree)


class Xsd:
    """An XSD, through xmlschema."""

    def __init__(self, path: str | Path):
        import xmlschema

        try:
            # local files only, XML read defused: an XSD never makes us touch the network
            self.schema = xmlschema.XMLSchema(str(path), allow="local", defuse="always")
        except (xmlschema.XMLSchemaException, OSError, etree.XMLSyntaxError) as exc:
            raise TeiCablesError(Problem(str(path), 0, 0, f"not a usable XSD: {exc}",
                                         rule="schema")) from exc

    def check(self, file: str, tree: etree._ElementTree, where: Locator,
              duplicate_ids: set[etree._Element]) -> list[Problem]:
        problems = []
        for error in self.schema.iter_errors(tree):
            node = error.elem if isinstance(error.elem, etree._Element) else None
            if node in duplicate_ids and "duplicate" in str(error.reason or "").lower():
                continue
            reason = _xsd_reason(str(error.reason or error.message))
            index = getattr(error, "index", None)
            children = [c for c in node if isinstance(c.tag, str)] if node is not None else []
            attribute = re.match(r"attribute (\S+)=|'(\S+)' attribute not allowed", reason)
            name = etree.QName(node).localname if node is not None else "?"
            if isinstance(index, int) and 0 <= index < len(children) and "Unexpected" in reason:
                node = children[index]  # point at the child refused, not at its parent
            line, column = where.where(node, next(filter(None, attribute.groups()), "")
                                       if attribute else "")
            problems.append(Problem(file, line, column, f'"{name}": {reason}', "error", "xsd"))
        return problems


def _xsd_reason(reason: str) -> str:
    """xmlschema's reason without namespace noise ({http://www.tei-c.org/ns/1.0}, ns1:)."""
    reason = reason.replace(f"{{{TEI_NS}}}", "")
    reason = re.sub(r"\bns\d+:", "", reason)
    return " ".join(reason.split())


class Schematron:
    """An ISO Schematron, compiled to XSLT 3 and run by saxonche."""

    def __init__(self, path: str | Path, skip: frozenset[str],
                 tree: etree._ElementTree | None = None):
        from ..schema.schematron import Schematron

        self.schematron = Schematron(path, skip, tree)

    def check(self, file: str, tree: etree._ElementTree, where: Locator,
              duplicate_ids: set[etree._Element]) -> list[Problem]:
        uri = Path(file).resolve().as_uri()
        try:
            failures = self.schematron.run(tree, uri)
        except TeiCablesError as exc:  # named by its path, as every other problem
            raise TeiCablesError([replace(p, file=file) if p.file == uri else p
                                  for p in exc.problems]) from exc
        problems = []
        for failure in failures:
            node = where.element(failure.element)
            line, column = where.where(node, failure.attribute)
            # TEI's rules say "nonfatal" for what ISO Schematron users call a warning
            severity = "warning" if failure.role in ("warning", "warn", "info", "nonfatal") \
                else "error"
            problems.append(Problem(file, line, column, failure.message, severity,
                                    failure.rule))
        return problems


Checker = RelaxNG | Xsd | Schematron


def load(path: str) -> Checker:
    """The checker for a schema file, by its kind (.rng, .xsd, .sch)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".rng":
        return RelaxNG(path)
    if suffix == ".xsd":
        return Xsd(path)
    if suffix == ".sch":
        return Schematron(path, frozenset())
    raise TeiCablesError(Problem(path, 0, 0, "unknown kind of schema: expected a RELAX NG "
                                 "(.rng), XSD (.xsd) or Schematron (.sch) file", rule="schema"))
