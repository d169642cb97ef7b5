"""Located problems: every error or warning names a file, a line and a column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, reported as ``file:line:column: severity: message``."""

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"
    rule: str | None = None

    def __str__(self) -> str:
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{rule}"


class TeiCablesError(Exception):
    """An input the toolkit cannot use; carries the located problem(s) behind it."""

    def __init__(self, problems: Problem | list[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # raised in a worker process, it crosses back with its problems intact
        return (type(self), (self.problems,))


def fail(file: str, line: int, message: str, column: int = 1, rule: str | None = None) -> None:
    """Raise a located error (a one-liner for readers, which fail in many places)."""
    raise TeiCablesError(Problem(file, line, column, message, "error", rule))
