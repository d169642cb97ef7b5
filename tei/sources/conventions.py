"""The transcription conventions of the cables, in one place: labels, stamps, closing words.

Readers of every layout use these tables; a new convention is added here, not in a reader.
"""

from __future__ import annotations

import re

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

_TERMINAL_EN = tuple(".?!:;\"”’')]")
_TERMINAL_JA = tuple("。．！？」』）)：:")


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
        return not previous.endswith(_TERMINAL_EN) and following[0].islower()
    return not previous.endswith(_TERMINAL_JA) and not LABEL.match(following)


def speaker_label(text: str) -> re.Match[str] | None:
    """The speaker label opening ``text``, if the parenthesis is one (not a stage word)."""
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
