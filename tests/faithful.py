"""An oracle for "nothing lost" that owes nothing to the code under test.

``tei.text.normalise`` is the documented comparison, and the tests use it; but a check that
compares two strings through one function passes whatever that function does to both (made to
return "", it passes everything). So every nothing-lost check also runs this oracle: the
source's words, taken here by the test's own rules, must all stand in the TEI's text, in their
order. A broken normaliser cannot fake it, and it counts the words, so an empty side fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def source_words(text: str, chrome: Iterable[str] = ("Skip to content",)) -> list[str]:
    """The words of a transcription: its lines but the page chrome named, without the export's
    Markdown (``**``, heading marks, ``- `` bullets, ``<…>`` around an address) and the
    characters XML cannot hold, split at white space."""
    left_out = {c.strip() for c in chrome}
    words: list[str] = []
    for line in re.split(r"\r\n|[\r\n\u2028\u2029\x85]", text):
        line = _CONTROLS.sub("", line)
        if line.strip() in left_out:
            continue
        if not re.fullmatch(r"\s*(?:\*\s*){3,}", line):  # "***" is a rule of the page
            line = re.sub(r"^\s*#{1,6}\s+|^\s*-\s+", "", line.replace("**", ""))
        line = re.sub(r"<(https?://[^<>\s]+)>", r"\1", line)
        words.extend(line.split())
    return words


def first_missing(words: Iterable[str], text: str) -> str | None:
    """The first of ``words`` not found in ``text`` (white space aside) after the one before it;
    None when every word is there, in order."""
    squeezed = _SPACE.sub("", text)
    position = 0
    for word in words:
        found = squeezed.find(word, position)
        if found < 0:
            return f"{word!r} (after …{squeezed[max(0, position - 40):position]})"
        position = found + len(word)
    return None


def assert_words_in_order(words: list[str], text: str, least: int = 1) -> None:
    """Every word, in order, and at least ``least`` of them (an empty source proves nothing)."""
    assert len(words) >= least, f"only {len(words)} words: nothing to compare"
    missing = first_missing(words, text)
    assert missing is None, f"not in the TEI's text, in order: {missing}"
