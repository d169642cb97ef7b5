"""How a layout says it does not recognise a source: the line where it stopped, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Miss:
    """Recognition failed at ``line``: the layout expected ``expected`` there."""

    line: int
    expected: str
