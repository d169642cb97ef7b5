"""Fuzz: thousands of damaged copies of the seeds through ``tei convert``, never a traceback.

Each case is a seed with one to three mutations (lines deleted, duplicated, swapped, moved or
cut short; the file cut at any byte; random bytes or control characters put in). Each goes
through the command line on its own, and must end in one of two ways:

* exit status 0 and a TEI file, valid against the edition's schema (warnings allowed), and
  the same index card whether the copy is read whole or by its heads (the batch's first pass);
* exit status 1 and a located error (``file:line:column: error: …``), and no file.

Never a traceback, never an internal error of the converter. The cases are drawn from a fixed
seed (``FUZZ_SEED`` draws others), so a failure is reproducible: the test names the case and
keeps its file in tests/artifacts/fuzz/. ``FUZZ_CASES=20000`` hunts longer (default 1,200,
about half a minute).
"""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei.cli import main
from tei.encode.links import card
from tei.sources import read_document
from tei.validate import validate

from .conftest import SEED_IDS, seed

CASES = int(os.environ.get("FUZZ_CASES", "1200"))
ARTIFACTS = Path(__file__).parent / "artifacts" / "fuzz"
CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 13))
LOCATED = re.compile(r":\d+:\d+: error: ")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """``data`` with one to three mutations, and their names."""
    done = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(("delete", "duplicate", "swap", "move", "truncate-line",
                           "truncate-file", "bytes", "controls"))
        lines = _lines(data)
        n = len(lines)
        if kind == "delete":
            at = rng.randrange(n)
            del lines[at:at + rng.randint(1, 12)]
        elif kind == "duplicate":
            at = rng.randrange(n)
            lines[at:at] = lines[at:at + rng.randint(1, 6)]
        elif kind == "swap":
            a, b = rng.randrange(n), rng.randrange(n)
            lines[a], lines[b] = lines[b], lines[a]
        elif kind == "move":
            at = rng.randrange(n)
            block = lines[at:at + rng.randint(1, 20)]
            del lines[at:at + len(block)]
            to = rng.randrange(len(lines) + 1)
            lines[to:to] = block
        elif kind == "truncate-line":
            at = rng.randrange(n)
            lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
        if kind in ("delete", "duplicate", "swap", "move", "truncate-line"):
            data = b"\n".join(lines)
        elif kind == "truncate-file":
            data = data[: rng.randrange(len(data) + 1)]  # also inside a UTF-8 sequence
        else:
            pool = bytes(range(256)) if kind == "bytes" else CONTROLS
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(data) + 1)
                data = data[:at] + bytes([rng.choice(pool)]) + data[at:]
        done.append(kind)
    return data, done


@pytest.fixture(scope="module")
def seeds() -> list[tuple[str, bytes]]:
    return [(prefix, seed(prefix).read_bytes()) for prefix in SEED_IDS]


def test_damaged_copies_of_the_seeds_never_end_in_a_traceback(tmp_path, seeds):
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "20261128")))
    runner = CliRunner()
    converted = failed = 0
    for case in range(CASES):
        prefix, original = seeds[case % len(seeds)]
        data, kinds = mutate(rng, original)
        source = tmp_path / f"case-{case:05d}.txt"
        source.write_bytes(data)
        out = tmp_path / f"out-{case:05d}"
        result = runner.invoke(main, ["convert", str(source), "-o", str(out)])
        written = sorted(out.glob("*.xml")) if out.is_dir() else []
        where = f"case {case} (seed {prefix}, {', '.join(kinds)})"
        try:
            assert result.exception is None or isinstance(result.exception, SystemExit), where
            assert "Traceback" not in result.output and "[internal]" not in result.output, where
            if result.exit_code == 0:
                assert len(written) == 1, where
                report = validate(written)
                assert report.status == 0, (where, [str(p) for p in report.problems][:5])
                # the batch's first pass (heads only) gives the document's own index card
                assert card(read_document(source, heads_only=True)) == card(
                    read_document(source)), where
                converted += 1
            else:
                assert result.exit_code == 1, (where, result.output[-500:])
                assert written == [], where
                errors = [line for line in result.output.splitlines()
                          if line.startswith(str(source)) and LOCATED.search(line)]
                assert errors, (where, result.output[-500:])
                failed += 1
        except AssertionError:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, ARTIFACTS / source.name)
            raise
        shutil.rmtree(out, ignore_errors=True)
        source.unlink()
    # the damage is mostly of the kind a reader degrades on, not unusable input
    assert converted > 0.8 * CASES and converted + failed == CASES, (converted, failed)
