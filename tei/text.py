"""TEI -> plain text (``tei text``), and the normalisation under which it equals the source.

The text is written in the transcription's own conventions by ``xslt/text.xsl``. A TEI file
is faithful to its source when :func:`normalise` makes both the same string:

1. the export's Markdown is removed from each source line (``**``, ``## ``, ``- `` bullets,
   ``<…>`` around links), exactly as the readers remove it;
2. the lines of page chrome are removed (a line that is, as a whole, a phrase of
   ``tei.sources.conventions.PAGE_CHROME``: "Skip to content", "Back to top", "share
   document" …), as the readers leave them out;
3. the characters XML cannot hold (C0 controls but tab and line ends) are removed, as the
   readers drop them (first: a star, an ESC and a star are Markdown's "**" once the ESC is gone);
4. all white space is removed (line and paragraph breaks, indentation, the space between a
   speaker's label and the turn, NBSPs of the web page).

Nothing else is changed: a word lost, added, duplicated or moved makes the strings differ.
"""

from __future__ import annotations

import re
from pathlib import Path

from .render import transform_to_string
from .sources.conventions import is_chrome
from .sources.decode import NOT_XML
from .sources.lines import strip_markdown
from .xmlio import parse_file

_SPACE = re.compile(r"\s+")


def tei_text(path: str | Path, lang: str | None = None) -> str:
    """The text of the TEI document at ``path`` (one language of the body, if ``lang``)."""
    tree = parse_file(path)
    return transform_to_string("text.xsl", tree, lang=lang or "")


def tree_text(tree, lang: str | None = None) -> str:
    """Like :func:`tei_text` for a tree already in memory."""
    return transform_to_string("text.xsl", tree, lang=lang or "")


def normalise(text: str, source: bool = False) -> str:
    """The comparison form of a text (see the module's docstring); ``source``: a transcription."""
    if source:  # in the readers' order: characters dropped, then Markdown, then chrome
        lines = (strip_markdown(line) for line in re.split(r"\r\n|[\r\n]", NOT_XML.sub("", text)))
        text = "\n".join(line for line in lines if not is_chrome(line))
    return _SPACE.sub("", text)
