"""The transcription conventions of the cables, in one place: labels, stamps, closing words,
the archive's record and the page chrome around it.

Readers use these tables; a new convention is added here, not in a reader. What each line of a
transcription is (``tei.sources.classify``) is decided by the tables of this module alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Stamps and running headers repeated on the scanned pages of the Japanese original (fw).
STAMPS = (
    "秘密指定解除",
    "外交記録・情報公開室",
    "主管課緊急処理用",
    "取扱注意",
    "限定配布",
    "大至急",
    "電信写",
    "外務省",
    "至急",
    "極秘",
    "注意",
    "秘",
)
#: The stamp that every declassified page carries: a run of stamps holding it starts a page.
PAGE_STAMP = "秘密指定解除"
STAMP_LINE = re.compile("^(?:" + "|".join(re.escape(s) for s in STAMPS) + r")(?:\s*(?:"
                        + "|".join(re.escape(s) for s in STAMPS) + "))*$")
STAMP_ONE = re.compile("|".join(re.escape(s) for s in STAMPS))
#: Printed notices of the telegram form ("1. 本電の取扱いは慎重を期せられたい。").
NOTICE_LINE = re.compile(r"^(注意)?\s*([0-9０-９][.．]\s*本電.*)$")


@lru_cache(maxsize=2048)
def stamps_of(text: str) -> tuple[tuple[str, str], ...] | None:
    """The stamps (text, kind: stamp or notice) of a line of the scan's page furniture, or None
    if the line is text. (Cached: the classification of a line and the reading of the original
    both ask, and the same stamps stand on every page.)"""
    compact = text.replace(" ", "").replace("\u3000", "")
    if STAMP_LINE.match(compact):
        return tuple((s, "stamp") for s in STAMP_ONE.findall(compact))
    m = NOTICE_LINE.match(text)
    if m:
        return ((("注意", "stamp"),) if m.group(1) else ()) + ((m.group(2), "notice"),)
    return None

#: A speaker label at the start of a paragraph: "(Prime Minister)", "（総理）".
LABEL = re.compile(r"^([(（])([^()（）]{1,40})([)）])\s*")
#: Words in parentheses that are not speakers but what happened (stage, incident).
STAGE_WORDS = {
    "laughter", "laughs", "laughing", "applause", "pause", "silence",
    "わらい", "笑い", "笑", "一同笑い", "拍手", "沈黙",
}


def is_reaction(text: str) -> bool:
    """Whether ``text`` is only a reaction in parentheses: "(laughter)", "（わらい）"."""
    return (text[:1] in "(（" and text[-1:] in ")）"
            and text[1:-1].lower() in STAGE_WORDS)


#: Words that close the text of a cable.
END_MARKS = ("(End)", "（End）", "(end)", "（了）", "(了)", "（完）", "(完)")
END_RE = re.compile(r"\s*(" + "|".join(re.escape(m) for m in END_MARKS) + r")$")
#: The forwarding ("distribution") line at the end of a cable.
FORWARD_EN = re.compile(r"^(Passed|Forwarded|Relayed|Repeated|Transmitted) to\b")
FORWARD_JA = re.compile(r"(転電|転報)(した|ありたい|済み?)。?$")

#: English metadata lines of a cable ("Sent: United Nations, February 12, 1994, ...").
META_LABELS = {
    "Number": "number",
    "Primary": "primary",
    "Sent": "sent",
    "Received": "received",
    "To": "to",
    "From": "from",
}
META_LINE = re.compile(r"^(" + "|".join(META_LABELS) + r"):\s*(.*)$")
CABLE_LINE_EN = re.compile(r"^No\.\s*([0-9]+)\b\s*(.*)$")
CABLE_LINE_JA = re.compile(r"^第\s*([0-9０-９]+)\s*号\s*(.*)$")
DISTRIBUTION = re.compile(
    r"^[(（]\s*(Limited Distribution|限定配布|Restricted Distribution)\s*[)）]$"
)
REFERENCE_EN = re.compile(
    r"^(?:Outgoing (?:Telegram|Cable) No\.\s*([0-9]+)\s+)?"
    r"(Divided Telegram|Separate Telegram(?:\s+[0-9]+)?)\s*(?::\s*(.*))?$",
    re.IGNORECASE,
)
REFERENCE_JA = re.compile(
    r"^(?:往電第\s*([0-9０-９]+)\s*号)?(分割電報|別電\s*[0-9０-９]*)\s*(?:[：:]\s*(.*))?$"
)
PART_EN = re.compile(r"\((\d+) of (\d+)\)")
PART_JA = re.compile(r"[（(]([0-9０-９]+)の([0-9０-９]+)[）)]")

#: Classification and precedence words, English and Japanese, with their machine values.
CLASSIFICATION = {
    "Top Secret": "top-secret", "Secret": "secret", "Confidential": "confidential",
    "極秘": "secret", "秘": "confidential", "機密": "top-secret",
}
PRECEDENCE = {
    "Top Urgent": "top-urgent", "Urgent": "urgent", "Priority": "priority",
    "大至急": "top-urgent", "至急": "urgent",
}
DISTRIBUTION_VALUES = {
    "Limited Distribution": "limited", "限定配布": "limited",
    "Restricted Distribution": "restricted",
}

TERMINAL_EN = tuple(".?!:;\"”’')]")
TERMINAL_JA = tuple("。．！？」』）)：:")


def digits(text: str) -> str:
    """Full-width digits to ASCII."""
    return text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


def continues(previous: str, following: str, lang: str) -> bool:
    """Does ``following`` continue the sentence of ``previous`` across a paragraph break?

    A page break of the scan (or of the translation's typescript) splits paragraphs in
    mid-sentence: "we have come to the point of" / "reaching agreement". English: the first
    paragraph has no closing punctuation and the next starts in lower case. Japanese: the first
    has no closing punctuation and the next is not a speaker label.
    """
    previous, following = previous.rstrip(), following.lstrip()
    if not previous or not following:
        return False
    if lang == "en":
        return not previous.endswith(TERMINAL_EN) and following[0].islower()
    return not previous.endswith(TERMINAL_JA) and not LABEL.match(following)


@lru_cache(maxsize=512)
def speaker_label(text: str) -> re.Match[str] | None:
    """The speaker label opening ``text``, if the parenthesis is one (not a stage word).

    (Cached: the classification of a line and the grouping of turns both ask.)"""
    m = LABEL.match(text)
    if not m:
        return None
    label = m.group(2).strip()
    if label in STAGE_WORDS or label.lower() in STAGE_WORDS:
        return None
    if f"{m.group(1)}{label}{m.group(3)}" in END_MARKS:
        return None
    if re.search(r"[:：;。、,!?]|\d", label) or len(label.split()) > 6:
        return None
    if label[0].isascii() and not label[0].isupper():
        return None
    return m


# --- the archive's record and its web page ---------------------------------------------------

#: The archive's title line: "Cable No. 1456, Ambassador Kuriyama to the Foreign Minister, '…'"
#: (the subject in single or typographic quotes).
TITLE = re.compile(r"^Cable No\.\s*([0-9０-９]+)\s*,\s*(.+?)\s+to\s+(?:the\s+)?(.+?),\s*"
                   r"['‘’\"“”](.+)['‘’\"“”]$")
#: A title line's first words: a title wrapped over several lines starts with them.
TITLE_START = re.compile(r"^Cable No\.\s*[0-9０-９]+\s*,")
FILE_NO = re.compile(r"File No\.\s*([0-9A-Za-z-]+)")
TRANSLATOR = re.compile(r"Translated by ([^.]+(?:\.[A-Z]\.?[^.]*)?)\.?\s*$")
#: The archive's citation: quoting the title, or naming the archive's file.
CITATION_LINE = re.compile(r"^[\"“]\s*Cable No\.|Digital Archive,|\bFile No\.\s*[0-9A-Za-z]")
URL_LINE = re.compile(r"^https?://\S+$")
#: The labels of the archive's record ("Citation:", "**Summary:**", "Summary: text", a
#: heading "• Citation"): label -> the kind of section it opens.
RECORD_LABELS = {
    "Citation": "citation",
    "Summary": "summary",
    "Original Language": "original-language",
    "Contents": "contents",
    "Rights": "rights",  # (as a field of the page's document information it has no colon)
}
RECORD_LABEL = re.compile(r"^(" + "|".join(RECORD_LABELS) + r")\s*(:)?\s*(.*)$")
#: What the record's "Contents:" lists.
CONTENT_ITEM = re.compile(r"^(Original Scan|Transcript(?:ion)?(?: - .+)?|Translation - .+)$")
LANGUAGES = {"Japanese": "ja", "English": "en"}
#: The headings of the web page's back matter.
RELATED_HEADING = "Related Documents"
INFO_HEADING = "Document Information"
#: The field labels of the web page's "Document Information" block.
FIELDS = ("Original Uploaded Date", "Record ID", "Original Archive", "Language", "Type",
          "Theme", "Themes", "Rights", "Source", "Subjects", "Keywords")

#: Page chrome: what a web page wraps around the document (navigation, menus, buttons,
#: footers), never part of it. A line is chrome when it is one of these phrases as a whole
#: (case and bullets aside); such lines are left out of the TEI and listed in the report of
#: ``tei convert --report``, never dropped unseen. A phrase is added here, not in a reader.
PAGE_CHROME = frozenset(p.casefold() for p in (
    # navigation
    "Skip to content", "Skip to main content", "Skip navigation", "Back to top",
    "Return to top", "Go to top", "Top of page", "Menu", "Main menu", "Open menu", "Close menu",
    "Toggle navigation", "Navigation", "Breadcrumb", "You are here", "Home", "Browse",
    "Collections", "Topics", "Programs", "Search", "Search in", "Search the archive",
    "Search the Digital Archive", "Advanced search", "Search results", "Previous", "Next",
    "Previous document", "Next document", "Show more", "Show less", "Read more", "Load more",
    "Loading...", "Close",
    # the site's own name and sections
    "Wilson Center", "Digital Archive", "Wilson Center Digital Archive",
    "International History Declassified", "History and Public Policy Program",
    "About", "About us", "About the Digital Archive", "Contact", "Contact us", "Donate",
    "Support", "Subscribe", "Newsletter", "Sign up", "Sign in", "Log in", "Login", "Log out",
    "Register", "My account", "Help", "FAQ",
    # the document's buttons and downloads
    "get citation", "Copy citation", "Export citation", "Cite", "Cite this document",
    "share document", "Share", "Share this", "Share this document", "Share this page",
    "Copy link", "Print", "Print this page", "Download", "Download PDF", "Download document",
    "English HTML", "English PDF", "Japanese PDF", "Original PDF", "View original",
    # social media and the footer
    "Facebook", "Twitter", "LinkedIn", "Instagram", "YouTube", "RSS", "Email", "E-mail",
    "Privacy", "Privacy Policy", "Privacy Notice", "Terms of Use", "Terms and Conditions",
    "Cookie Policy", "Cookies", "Cookie settings", "Accept", "Accept all cookies",
    "Reject all", "Accessibility", "Site map", "Sitemap",
))
#: Footer lines that vary (a year, a name): "© 2024 The Wilson Center", "All rights reserved."
CHROME_LINE = re.compile(r"^(?:©|\(c\)\s|Copyright\s*©?\s*\d{4})|^All rights reserved\.?$",
                         re.IGNORECASE)
_FOOTER = ("©", "(c) ", "copyright", "all rights reserved")
#: Bullets and arrows a web page puts before its links and headings ("• Citation").
BULLETS = "•·▪▸►›»▶◦‣-–—*|>"


def chrome_key(text: str) -> str:
    """A line as the chrome table is matched: bullets, case and spacing aside."""
    return " ".join(text.strip().lstrip(BULLETS).split()).casefold()


_LONGEST_CHROME = max(len(p) for p in PAGE_CHROME)


def is_chrome(text: str) -> bool:
    """Whether the whole line ``text`` is page chrome (see :data:`PAGE_CHROME`)."""
    if len(text) <= 2 * _LONGEST_CHROME:
        if text.casefold() in PAGE_CHROME:
            return True
        if (text[:1] in BULLETS or "  " in text or text != text.strip()) \
                and chrome_key(text) in PAGE_CHROME:
            return True
    return text.lstrip()[:20].casefold().startswith(_FOOTER) \
        and bool(CHROME_LINE.match(text.strip()))


# --- scripts ------------------------------------------------------------------------------

#: kana, kanji, Japanese punctuation and half-width katakana (not the full-width forms of
#: Latin letters and digits: "November １２, １９９３" is English)
_JAPANESE_CHAR = re.compile("[\u3000-\u30ff\u4e00-\u9fff\uff61-\uff9f]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def is_japanese(text: str) -> bool:
    """Whether ``text`` is written in Japanese (kana and kanji hold at least half as many
    characters as Latin letters)."""
    if text.isascii() or not _JAPANESE_CHAR.search(text):
        return False
    latin = len(_LATIN_LETTER.findall(text))
    return not latin or 2 * (len(text) - len(_JAPANESE_CHAR.sub("", text))) >= latin
