"""How a layout says it does not recognise a source: the line where it stopped, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .lines import Para


@dataclass(frozen=True)
class Miss:
    """Recognition failed at ``line``: the layout expected ``expected`` there."""

    line: int
    expected: str


def find_para(paras: Sequence[Para], text: str, start: int = 0) -> int | None:
    """Index of the first paragraph whose text is exactly ``text``."""
    return next((k for k in range(start, len(paras)) if paras[k].text == text), None)
