"""``tei.text.normalise``: the comparison form of "nothing lost", tested on its own.

Every nothing-lost check compares a TEI document's text with its source through this function;
these tests pin down what it removes (and what it must keep), so that a normaliser that lost
its way (returning "", or dropping words) fails here, whatever the checks that use it say.
"""

from __future__ import annotations

import pytest

from tei.text import normalise

from .conftest import seed
from .faithful import source_words


@pytest.mark.parametrize("text,expected", [
    ("Number: [TN: blacked out]", "Number:[TN:blackedout]"),
    ("  (Prime Minister)\tSince  this\n\nadministration ",
     "(PrimeMinister)Sincethisadministration"),
    ("To: The Foreign Minister\u00a0\u00a0", "To:TheForeignMinister"),  # no-break spaces
    ("第1468号\u3000極秘\u3000大至急", "第1468号極秘大至急"),  # ideographic spaces
    ("**February 12, 1994**", "**February12,1994**"),  # a TEI text: Markdown is text there
    ("Skip to content", "Skiptocontent"),  # ... and so is what a source calls chrome
    ("", ""),
])
def test_a_text_loses_its_white_space_only(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("source,expected", [
    ("**February 12, 1994**", "February12,1994"),  # the export's bold
    ("## 秘密指定解除", "秘密指定解除"),  # a heading mark
    ("- 1. 本電の複製は", "1.本電の複製は"),  # a bullet
    ("<https://digitalarchive.umd.edu/document/240298>",
     "https://digitalarchive.umd.edu/document/240298"),  # an autolink
    ("Skip to content\n\nFebruary 12, 1994", "February12,1994"),  # page chrome, a whole line
    ("• share document\nBack to top\n© 2025 Wilson Center\nText", "Text"),
    ("Back to top of the page", "Backtotopofthepage"),  # not chrome: not a whole phrase
    ("Hello\x1b world\x07\r\nthis\x0c is it", "Helloworldthisisit"),  # what XML cannot hold
    ("a - b ** c", "a-bc"),  # bold marks go wherever they stand; a bullet only first
    ("***", "***"),  # a thematic break is text of the page
])
def test_a_source_loses_markdown_chrome_and_controls_too(source, expected):
    assert normalise(source, source=True) == expected


def test_the_seeds_keep_every_character_but_white_space():
    """The seeds' words, taken by the test's own rules, are the normal form exactly."""
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed(prefix).read_text(encoding="utf-8")
        normal = normalise(text, source=True)
        words = source_words(text)
        assert len(words) > 300, prefix
        assert normal == "".join(words), prefix


def test_characters_xml_cannot_hold_go_before_the_markdown():
    """As the readers do: a star, an ESC, a star are bold Markdown once the ESC is dropped."""
    assert normalise("*\x1b*August 10, 1993**\nText", source=True) == "August10,1993Text"
