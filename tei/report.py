"""The editor's report of a conversion (``tei convert --report FILE.json``).

Per source: the parts recognised and the lines each took, the expected parts that were missing,
every problem (located), and the lines left out as page chrome, so that nothing disappears
unseen. Its form is described by ``schema/convert-report.schema.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .convert import Outcome
from .xmlio import write_atomic


def _source(outcome: Outcome) -> dict:
    reading = outcome.reading
    parts = sorted(((part, sorted(set(lines))) for part, lines in
                    (reading.found.items() if reading else ())), key=lambda p: (p[1][:1], p[0]))
    return {
        "source": outcome.source,
        "status": "converted" if outcome.ok else "failed",
        "output": outcome.output,
        "id": outcome.id,
        "reader": outcome.layout,
        "encoding": reading.encoding if reading else None,
        "parts": [{"part": part, "lines": lines} for part, lines in parts],
        "missing": list(dict.fromkeys(reading.missing)) if reading else [],
        "problems": [{"line": p.line, "column": p.column, "severity": p.severity,
                      "rule": p.rule, "message": p.message} for p in outcome.problems],
        "chrome": [{"line": n, "text": text} for n, text in (reading.chrome if reading else ())],
    }


def chrome_lines(outcomes: Sequence[Outcome]) -> int:
    """How many lines of page chrome the readers left out."""
    return sum(o.chrome_lines for o in outcomes)


def report(outcomes: Sequence[Outcome]) -> dict:
    """The report of a run, as JSON-ready data."""
    problems = [p for o in outcomes for p in o.problems]
    return {
        "tool": f"tei-cables {__version__}",
        "sources": len(outcomes),
        "converted": sum(o.ok for o in outcomes),
        "failed": sum(not o.ok for o in outcomes),
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "chrome_lines": chrome_lines(outcomes),
        "documents": [_source(o) for o in outcomes],
    }


def write_report(path: str | Path, outcomes: Sequence[Outcome]) -> None:
    """Write the report of ``outcomes`` to ``path`` (UTF-8 JSON, atomically)."""
    data = report(outcomes)
    # each list of line numbers on one line, so that the report stays readable: stand-ins
    # (with a NUL, which no source text can hold) are replaced after the dump
    compact: list[str] = []
    for doc in data["documents"]:
        for part in doc["parts"]:
            compact.append(json.dumps(part["lines"]))
            part["lines"] = f"\x00{len(compact) - 1}\x00"
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    text = re.sub(r'"\\u0000(\d+)\\u0000"', lambda m: compact[int(m.group(1))], text)
    write_atomic(Path(path), text.encode("utf-8"))
