"""The bytes of a transcription -> its text, however the file was saved.

Editors bring files saved by browsers, word processors and Japanese systems. What is read:

* UTF-8, with or without a byte order mark; UTF-16 and UTF-32 with one;
* Shift_JIS (as Windows writes it, CP932) and Windows-1252, detected when the file is not
  UTF-8, with a warning naming the encoding;
* a UTF-8 file with a few damaged bytes: each one becomes U+FFFD, with a located warning;
* line ends of every system (CRLF, CR, LF; the Unicode line and paragraph separators);
* characters that XML 1.0 cannot hold (C0 controls other than tab and line ends, U+FFFE,
  U+FFFF): dropped, each one named in a located warning. A transcription is text, and those
  characters are artefacts of copying (an ESC of a terminal, a form feed of a printer).

Refused, with a located error: an empty file, binary data (NUL bytes, or control characters
for a large share of the text) and bytes that no encoding above can read.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import Problem, fail

#: Byte order marks, longest first (UTF-32 LE begins like UTF-16 LE).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with a byte order mark)", "utf-16": "UTF-16",
         "utf-32": "UTF-32", "cp932": "Shift_JIS (CP932)", "cp1252": "Windows-1252"}
#: The names of the C0 controls (Unicode's aliases), for the warnings.
C0_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
    "ENQUIRY", "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
    "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
    "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
#: What XML 1.0 cannot hold (tab, LF and CR can; CR never survives the line ends).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LINE_ENDS = re.compile("\r\n|[\r\u2028\u2029\x85]")
#: Japanese script: kana and the common CJK ideographs.
_JAPANESE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
#: Signatures of common binary formats.
_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b", b"GIF8", b"\xff\xd8\xff")
#: At most this many located warnings for dropped characters or damaged bytes; the rest are
#: counted in one more.
MAX_LOCATED = 50


@dataclass(frozen=True)
class Decoded:
    """The text of a file, the encoding it was read in, and the warnings of the reading."""

    text: str
    encoding: str
    problems: tuple[Problem, ...]


def _line_of(data: bytes, offset: int) -> int:
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def _utf8_with_repairs(name: str, data: bytes) -> Decoded | None:
    """UTF-8 with its few damaged bytes replaced, when the file is UTF-8 but for them."""
    non_ascii = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    # Japanese or typographic text in UTF-8: most non-ASCII bytes are well formed
    most = max(3, non_ascii // 50)
    replaced = data.decode("utf-8", errors="replace")
    if replaced.count("\ufffd") - data.count("\ufffd".encode()) > most:
        return None  # (one pass tells: far too damaged for UTF-8)
    damaged: list[int] = []
    start = 0
    while len(damaged) <= most:  # (each try decodes the rest: stop once it is not UTF-8)
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            damaged.append(start + exc.start)
            start += exc.end
    if not damaged or len(damaged) > most or non_ascii <= 2 * len(damaged):
        return None
    problems = [Problem(name, _line_of(data, at), 1, f"byte 0x{data[at]:02x} (offset {at}) is "
                        "not UTF-8: replaced by U+FFFD", "warning", "encoding")
                for at in damaged[:MAX_LOCATED]]
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", tuple(problems))


def _decode(name: str, data: bytes) -> Decoded:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec, ())
            except UnicodeDecodeError as exc:
                fail(name, _line_of(data, exc.start), f"not {NAMES[codec]} text although it "
                     f"begins with a {NAMES[codec]} byte order mark (byte 0x"
                     f"{data[exc.start]:02x} at offset {exc.start})", rule="encoding")
    if data.startswith(_MAGIC):
        fail(name, 1, "binary data (the signature of an image, PDF or archive file): not a "
             "plain-text transcription", rule="encoding")
    if data.count(b"\x00") > len(data) // 100:
        fail(name, _line_of(data, data.find(b"\x00")), "binary data (NUL bytes): not a "
             "plain-text transcription", rule="encoding")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError as exc:
        first = exc.start
    repaired = _utf8_with_repairs(name, data)
    if repaired:
        return repaired
    for codec in ("cp932", "cp1252"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "cp932" and not _JAPANESE.search(text):
            continue  # bytes that happen to be valid CP932 but hold no Japanese: not it
        line = _line_of(data, first)
        return Decoded(text, codec, (Problem(
            name, line, 1, f"not UTF-8 (byte 0x{data[first]:02x} at offset {first}): read as "
            f"{NAMES[codec]}; save the file as UTF-8 to silence this warning", "warning",
            "encoding"),))
    fail(name, _line_of(data, first), f"not text in any encoding tried (UTF-8, UTF-16 or "
         f"UTF-32 with a byte order mark, Shift_JIS, Windows-1252): byte "
         f"0x{data[first]:02x} at offset {first}", rule="encoding")
    raise AssertionError("unreachable")


def _drop_controls(name: str, text: str) -> tuple[str, list[Problem]]:
    """Remove what XML 1.0 cannot hold, one warning per line naming each character."""
    problems: list[Problem] = []
    if not NOT_XML.search(text):
        return text, problems
    lines = text.split("\n")
    dropped = 0
    for n, line in enumerate(lines, start=1):
        found = list(NOT_XML.finditer(line))
        if not found:
            continue
        dropped += len(found)
        if len(problems) < MAX_LOCATED:
            named = ", ".join(f"U+{ord(m.group()):04X} {_name(m.group())} (column {m.start() + 1})"
                              for m in found)
            problems.append(Problem(name, n, found[0].start() + 1, f"dropped what XML cannot "
                                    f"hold: {named}", "warning", "control-character"))
        lines[n - 1] = NOT_XML.sub("", line)
    if dropped > sum(len(line) for line in lines) // 20 and dropped > 8:
        fail(name, 1, f"binary data ({dropped} control characters): not a plain-text "
             "transcription", rule="encoding")
    reported = sum(p.message.count("U+") for p in problems)
    if reported < dropped:
        problems.append(Problem(name, problems[-1].line, 1, f"and {dropped - reported} more such "
                                "characters dropped", "warning", "control-character"))
    return "\n".join(lines), problems


def _name(char: str) -> str:
    code = ord(char)
    return C0_NAMES[code] if code < 0x20 else ("NONCHARACTER" if code in (0xFFFE, 0xFFFF)
                                                  else "SURROGATE")


def decode(name: str, data: bytes) -> Decoded:
    """The text of the bytes ``data`` of the file ``name``, its line ends made LF."""
    if not data.strip(b" \t\r\n\x0c\x0b"):
        fail(name, 1, "the file is empty: no transcription to read", rule="encoding")
    decoded = _decode(name, data)
    text = _LINE_ENDS.sub("\n", decoded.text)
    text, problems = _drop_controls(name, text)
    if not text.strip():
        fail(name, 1, "the file holds no text: nothing to read", rule="encoding")
    return Decoded(text, decoded.encoding, decoded.problems + tuple(problems))
