"""Synthetic cable transcriptions shaped like the seeds (../shared/seeds/000-002).

Two layouts, copied from the seeds line by line:

* ``web_page``: the digital archive's page (seed 000): "Skip to content", the date, the title
  line, the metadata lines separated by one or two blank lines, the translation, the archive's
  one-line description, "Related Documents" (date, title, description) and "Document
  Information" (citation, rights statement, fields);
* ``archive_export``: the record (seeds 001 and 002, in their two Markdown styles), the
  Japanese original with its telegram form and the stamps of every scanned page, then the
  English translation.

Everything is drawn through a :class:`Chooser`, so one set of building blocks serves both a
seeded :class:`random.Random` (``web_page``, ``archive_export``, ``corpus``: deterministic) and
Hypothesis (``transcriptions()``: examples shrink towards fewer turns, fewer paragraphs, no
markers, the first entry of every table).

What varies: cable numbers, dates (1993-08-09 .. 1994-04-27: every speaker label resolves in
``edition/persons.xml`` on the day the cable was sent), speakers and their labels in both
languages (the original and the translation have the same speakers in the same order, so the
turns align), paragraphs per turn, sentences per paragraph, the inline markers (redactions,
translator's notes, supplied words, expansions, cable notes, laughter, dates), page stamps of
the original between paragraphs, paragraphs split mid-sentence across a page break (both
languages), the closing "(End)" / "（了）", the forwarding line, the record's Markdown style.

:class:`Options` sets how much of each there is. ``reaction_paragraph`` adds what the seeds do
not have: a reaction, "(laughter)", as a paragraph of its own inside a turn.

The prose comes from sentence tables; no sentence starts with a parenthesis, no sentence holds
brackets or parentheses other than the marker it is there for, and every paragraph ends with
closing punctuation (so the readers' "continues across a page break" rule fires only where a
split is made on purpose).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

WEB_PAGE = "web-page"
ARCHIVE_EXPORT = "archive-export"
LAYOUTS = (WEB_PAGE, ARCHIVE_EXPORT)

#: Sent dates: every office in the register has one holder on these days (the register gives
#: the days of the hand-overs to both holders: 1993-08-09, Miyazawa's cabinet to Hosokawa's,
#: and 1994-04-28, Hosokawa's to Hata's, are left out).
FIRST_DAY = dt.date(1993, 8, 10)
LAST_DAY = dt.date(1994, 4, 27)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# --- choosing --------------------------------------------------------------------------------


class Chooser(Protocol):
    """Where the random choices come from (a seeded Random, or Hypothesis' ``draw``)."""

    def integer(self, lo: int, hi: int) -> int: ...

    def choice(self, options: Sequence[T]) -> T: ...

    def chance(self, percent: int) -> bool: ...


class RandomChooser:
    """Choices from a :class:`random.Random` (deterministic for a given seed)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent


class DrawChooser:
    """Choices drawn by Hypothesis: they shrink to the low integer, the first option, False."""

    def __init__(self, draw: Callable):
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def choice(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(options))

    def chance(self, percent: int) -> bool:
        return self.draw(st.integers(0, 99)) >= 100 - percent


# --- dates -----------------------------------------------------------------------------------


def english_date(day: dt.date) -> str:
    """"February 12, 1994"."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def era_date(day: dt.date, style: int = 0) -> str:
    """The Heisei date of ``day``: 0 "平成6年2月13日", 1 "平成 6年 2月 13日" (the telegram form),
    2 full-width digits "平成６年２月１３日"."""
    year = day.year - 1988
    if style == 1:
        return f"平成 {year}年 {day.month}月 {day.day}日"
    text = f"平成{year}年{day.month}月{day.day}日"
    return text.translate(_FULL_WIDTH) if style == 2 else text


def _day(ch: Chooser, first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> dt.date:
    return first + dt.timedelta(days=ch.integer(0, (last - first).days))


# --- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    """A person of the register and the labels the cables give them in each language."""

    id: str
    en: tuple[str, ...]
    ja: tuple[str, ...]


SPEAKERS = (
    Speaker("hosokawa-morihiro", ("(Prime Minister)",), ("（総理）", "(総理)")),
    Speaker("clinton-bill", ("(Clinton)", "(President)"), ("（クリントン）", "（大統領）")),
    Speaker("gore-al", ("(Vice President Gore)",), ("（ゴア副大統領）",)),
    Speaker("christopher-warren", ("(Secretary of State Christopher)", "(Christopher)"),
            ("（クリストファー）", "（クリストファー・國務長官）")),
    # "this Minister": the addressee of the cable, "The Foreign Minister" (Hata)
    Speaker("hata-tsutomu", ("(Foreign Minister)",), ("(本大臣)", "（本大臣）")),
)

#: (English, Japanese form): the ambassador who sends the cable.
SENDERS = (("Ambassador Kuriyama", "栗 山 大 使"), ("Ambassador Hatano", "波多野 大使"),
           ("Ambassador Kuriyama", "栗山大使"))
#: (Sent: place, the form's "… 発").
PLACES = (("United Nations", "国 連 発"), ("Washington", "米 国 発"),
          ("United Nations", "米 国 発"))
PRIMARY = (("North American Affairs Bureau Director-General", "北 米 局 長"),
           ("North American Affairs Bureau Director-General", "北米局長"),
           ("First North America Division Director", "北米第一課長"))
#: (English, Japanese) classification and precedence words of the cable line; they must agree.
MARKS = (("Secret Top Urgent", "極秘 大至急"), ("Secret Urgent", "極秘 至急"),
         ("Confidential Top Urgent", "秘 大至急"), ("Confidential Urgent", "秘 至急"))
#: Subjects: (English, Japanese, kind). kind: plain, divided ("(k of n)"), separate.
SUBJECTS = (
    ("Japan-United States Summit Meeting (Small Group Meeting)", "日米首のう会談（少人数会合）",
     "divided"),
    ("Japan-United States Summit Meeting (Working Lunch)",
     "日米首のう会談（ワーキング・ランチ）", "plain"),
    ("Japan-United States Summit Meeting", "日米首のう会談", "separate"),
    ("Japan-United States Foreign Ministers' Meeting", "日米外相会談", "plain"),
    ("Prime Minister's Telephone Conversation with President Clinton",
     "総理とクリントン大統領との電話会談", "plain"),
    ("Japan-United States Summit Meeting (Plenary Meeting)", "日米首のう会談（全体会合）",
     "divided"),
)
#: Subjects of a separate telegram: (English, Japanese).
TOPICS = (
    ("Reconfirmation of the Basic Framework between Japan and the United States, Policy "
     "Coordination (Including APEC)", "日米間の基本的わく組みの再確認、政策協調（APECを含む）"),
    ("North Korea", "北朝鮮"),
    ("Energy, Other Issues", "エネルギー、その他"),
)
SUMMARIES = (
    "Clinton and Hosokawa discuss US-Japan economic ties.",
    "President Clinton and Prime Minister Hosokawa have a detailed discussion about US-Japan "
    "economic ties. Vice President Al Gore, Secretary of State Warren Christopher, and Foreign "
    "Minister Hata also participate.",
    "Hosokawa, Clinton, and Warren Christopher discuss US-Japan economic relations.",
    "Ambassador Kuriyama reports on the results of the working luncheon held between President "
    "Clinton and Prime Minister Hosokawa.",
    "The US and Japan discuss cooperation in the development of hydrogen engines and hybrid "
    "engines for automobiles.",
)
FILE_NUMBERS = ("2014-00540", "2014-00539", "2014-00541")
TRANSLATOR = "Stephen Mercado"
RIGHTS = (
    "The History and Public Policy Program welcomes reuse of Digital Archive materials for "
    "research and educational purposes. Some documents may be subject to copyright, which is "
    "retained by the rights holders in accordance with US and international copyright laws. "
    "When possible, rights holders have been contacted for permission to reproduce their "
    "materials.",
    "To enquire about this document's rights status or request permission for commercial use, "
    "please contact the History and Public Policy Program at [email\u00a0protected].",
)

#: Plain sentences: (English, Japanese). Plain: no bracket, no parenthesis, no date; only
#: these are split across a page break.
PLAIN = (
    ("I agree with you on that point.", "その点については貴方と同意見である。"),
    ("The relationship between Japan and the United States is the most important bilateral "
     "relationship in the world.", "日米関係は世界で最も重要な二国間関係である。"),
    ("We must not allow the trade issue to harm our friendship and trust.",
     "貿易問題が両国の友好と信頼の関係を損なうことがあつてはならない。"),
    ("I would like the responsible officials to continue working on this.",
     "事務当局に引き続き作業させたい。"),
    ("Concerning the Framework Talks, we made progress on government procurement and "
     "insurance.", "包括協議については、政府調達と保険について進展があつた。"),
    ("However, we were unable to clear the final hurdle of numerical targets.",
     "しかし、数値目標という最後のハードルを越えることは出来なかつた。"),
    ("Objective standards are necessary in each of those fields.",
     "それぞれの分野において客観的基準が必要である。"),
    ("Our positions are still far apart.", "双方の立場は依然としてとおく離れている。"),
    ("I hope that we can show the world that our ties remain strong.",
     "日米のきずなが強固であることを世界に示したい。"),
    ("My administration is promoting deregulation and administrative reform.",
     "自分の政権は規制緩和と行政改革を推進している。"),
    ("The economic stimulus measures include a tax cut of six trillion yen.",
     "景気刺激策には6兆円の減税が含まれている。"),
    ("I understand the pressure that you are under.",
     "貴総理が置かれている立場は良く理解している。"),
    ("On the issue of North Korea, close coordination between our countries is essential.",
     "北朝鮮問題については、日米間の緊密な連携が不可欠である。"),
    ("We should also cooperate on environmental issues and on assistance to Russia.",
     "環境問題やロシア支援についても協力すべきである。"),
    ("This is not only for Japan but for the whole world.",
     "これは日本のためだけでなく、世界全体のためである。"),
    ("The Prime Minister’s reforms have only just gotten under way.",
     "総理の改革は始まつたばかりである。"),
    ("Frankly speaking, admitting our differences will not hurt the ties that bind us.",
     "率直に言えば、意見の相違を認めても両国のきずなが損なわれることはない。"),
    ("I would like to handle the trade issue openly.", "貿易問題については率直に対処したい。"),
    ("We need a mature, adult relationship.", "成熟した大人の関係が必要である。"),
    ("Some call this a “results-oriented” approach.", "これを「結果重視」の手法と呼ぶ者もいる。"),
    ("Forty percent of US exports go to Asia.", "米国の輸出の4割はアジア向けである。"),
    ("I would like to talk on the telephone with you from time to time.",
     "総理とは時々電話で話したい。"),
    ("I strongly hope for the success of the new coalition government.",
     "新しい連立政権の成功を強く期待している。"),
    ("We will consider all possible options during this period.",
     "この期間に全ての可能なオプションを検討する。"),
)

#: Sentences with a marker of the translator (English only) or of the cable (both languages):
#: (kind, English, Japanese). The kinds are counted in :attr:`Transcription.counts`.
MARKED = (
    ("redaction", "I discussed this with [TN: name blacked out] of the National Security "
     "Council.", "この点は国家安全保障会議の担当官とも協議した。"),
    ("redaction", "The talks resumed at [TN: time blacked out] and went on into the evening.",
     "会談は再開され、夕刻まで続いた。"),
    ("redaction", "The NSC [TN: part of title blacked out] also attended.",
     "NSCの担当部長も同席した。"),
    ("redaction", "Mr. President, with your permission, I would like to speak. [TN: part of "
     "section blacked out] I well understand the difficulties you face.",
     "大統領のお許しをいただいて発言したい。困難は良く理解している。"),
    ("translator-note", "A period of reflection [TN: literally, 'cooling off'] will be "
     "necessary.", "頭をひやす期間が必要である。"),
    ("translator-note", "This calls for careful groundwork [TN: nemawashi in the original].",
     "これには根回しが必要である。"),
    ("supplied", "Foreign Minister [Hata] and Representative Kantor negotiated until four "
     "o’clock this morning.", "羽田外務大臣とカンター代表が今朝4時まで交渉を行つた。"),
    ("supplied", "The [Japanese] side will present new proposals.", "日本側は新たな提案を行う。"),
    ("supplied", "I spoke with him [the President] by telephone last week.",
     "先週、大統領と電話で話した。"),
    ("expansion", "You successfully pulled off the NAFTA [North American Free Trade "
     "Agreement].", "NAFTAを見事に成功させた。"),
    ("expansion", "I will gladly attend the APEC [Asia-Pacific Economic Cooperation] meeting.",
     "APECの会議にはよろこんで出席する。"),
    ("expansion", "The UR [Uruguay Round] negotiations have concluded.", "UR交渉は妥結した。"),
    ("expansion", "Implementing the GATT [General Agreement on Tariffs and Trade] is our next "
     "task.", "GATTの実施が次の課題である。"),
    ("cable-note", "Yesterday evening, I read your book (note: The Time To Act Is Now).",
     "昨晩、貴総理の著書（注：「今こそ行動の時」）を読んだ。"),
    ("stage", "If we stop negotiations, the negotiators will lose their jobs. (laughter)",
     "交渉をやめると、交渉担当官が失業してしまう。（わらい）"),
    ("date", "We last met on {en}.", "{ja}に会談した。"),
    ("date", "The next round of talks will open on {en} in Tokyo.",
     "次回協議は{ja}に東京で開始する。"),
)
#: Which marker kinds live in which language (the translator's markers are English only).
BOTH_LANGUAGES = {"cable-note", "stage", "date"}

#: The reporter's narration between turns, wholly in parentheses.
NARRATION = (
    ("(After talk had turned to other topics, there was again the following exchange on the "
     "subjects of the Japan-United States Framework Agreement and such.)",
     "（他の話題に転じた後、再度日米包括経済協議等につき次のようなやり取りがあつた。）"),
    ("(The following exchange took place during the working lunch, with the interpreters "
     "present.)", "（以下はワーキング・ランチにおけるやり取り。）"),
)
#: The opening paragraph before the first turn: (English, Japanese, marker kinds in English).
INTROS = (
    ("A summary of the main points of the meeting is as follows.", "要旨次のとおり。", ()),
    ("On the {nth}, from 11:35 in the morning to 1:10 in the afternoon, the Japan-United States "
     "Summit Meeting (small group meeting) took place in the Oval Office of the White House. A "
     "summary of its main points is as follows. (Attending from the other side: President "
     "Clinton, Vice President Gore, Secretary of State Christopher, National Security Advisor "
     "Lake, [TN: name blacked out] NSC [TN: part of title blacked out], and an interpreter "
     "([TN: name blacked out]); attending from our side: Prime Minister Hosokawa, Foreign "
     "Minister [Hata], Deputy Minister for Foreign Affairs Fukuda, and an interpreter.)",
     "{day}日午前11時35分より午後1時10分まで、ホワイトハウスにおいて日米首のう会談（少人数会合）"
     "が行われたところ、要旨次のとおり。（先方出席者：クリントン大統領、ゴア副大統領、クリストファー"
     "国務長官ほか、当方出席者：細川総理、羽田大臣ほか）",
     ("redaction", "redaction", "redaction", "supplied")),
)
#: The forwarding line: (English, Japanese lines).
FORWARDING = (
    ("Passed to all [Japanese] diplomatic missions in the United States (except for Agana and "
     "Detroit), Britain, Germany, France, Italy, Canada, Mexico, ASEAN, China, and Republic of "
     "Korea.", ("全米公館（除、アガナ、デトロイト）英、独、仏、イタリア、加、メキシコ、"
                "ASEAN、中国、韓国に転電した。",)),
    ("Passed to all [Japanese] diplomatic missions in the United States, Britain, Germany, "
     "France, Permanent Mission of Japan to the International Organizations in Geneva, and "
     "Delegation of Japan to the Organization of Economic Cooperation and Development.",
     ("全米公館、英、独、仏、ジュ府代、OECD", "代に転電した。")),
)

#: The stamps of a scanned page, exactly as the seeds transcribe them (each a list of source
#: paragraphs; lines inside a paragraph are separated by a newline).
STAMPS = (
    ("**秘密指定解除**  \n外交記録・情報公開室", "極秘"),                       # 001, p. 2
    ("極秘", "## 秘密指定解除", "外交記録・情報公開室"),                        # 001, p. 3
    ("秘密指定解除  \n外交記録・情報公開室", "極秘"),                           # 001, p. 4
    ("外務省", "- 注意 1. 本電の取扱いは慎重を期せられたい。\n 2. 本電に関する照会は検閲班"
     "（内線2171、2174）に連絡ありたい", "極秘", "電信写", "秘密指定解除",
     "外交記録・情報公開室"),                                                   # 002, p. 2
    ("注意", "1. 本電の取扱いは慎重を期せられたい。\n2. 本電に関する照会は検閲班（内線2171、2174）"
     "に連絡あり", "電信写**秘密指定解除**", "外交記録・情報公開室", "極秘"),    # 002, p. 3
    ("- 注意**\n1. 本電の取扱いは慎重を期せられたい。\n 2. 本電に関する照会は検閲班（内線2171、"
     "2174）に連絡あり", "極秘", "電信写", "秘密指定解除", "外交記録・情報公開室"),  # 002, p. 4
)
_TERMINAL_JA = set("。．！？」』）)：:")


# --- the model of one synthetic cable -----------------------------------------------------------


@dataclass
class Transcription:
    """A synthetic transcription and what its TEI must show."""

    name: str
    layout: str
    text: str
    cable: int
    sent: dt.date
    #: Japanese era dates as written and their ISO date (the form's date and those in prose).
    era_dates: list[tuple[str, str]] = field(default_factory=list)
    #: person ids of the turns, in order (the same in both languages)
    speakers: list[str] = field(default_factory=list)
    #: markers per language: counts["en"]["expansion"], counts["ja"]["stage"], ...
    counts: dict[str, Counter] = field(default_factory=dict)
    #: paragraphs of each turn (a paragraph split across a page break is one), both languages
    paragraphs: list[int] = field(default_factory=list)
    #: whether an opening paragraph stands before the first turn (the only paragraph of the
    #: text outside a turn)
    intro: bool = False
    received: dt.date | None = None
    #: the variations applied (see :data:`VARIATIONS`), and what they lead a reader to expect
    variants: tuple[str, ...] = ()
    #: the file's bytes when a variation chose an encoding or line ends (else ``text`` in UTF-8)
    data: bytes | None = None
    #: lines of page chrome the variations put around the document (the reader leaves them out)
    chrome: list[str] = field(default_factory=list)
    #: the rules of the warnings the reader must give (and no others)
    expected: set[str] = field(default_factory=set)
    #: the ISO dates the header must give as sent and received (None: no date can be read)
    sent_iso: str | None = None
    received_iso: str | None = None

    @property
    def doc_id(self) -> str:
        return f"cable-{self.cable}"

    def bytes(self) -> bytes:
        """The file as written to disk."""
        return self.data if self.data is not None else self.text.encode("utf-8")


@dataclass(frozen=True)
class Options:
    """How much of each thing a synthetic cable has (percentages are per occasion)."""

    max_turns: int = 8
    max_paragraphs: int = 3  # per turn
    max_sentences: int = 4  # per paragraph
    marker_percent: int = 25  # a sentence carries a marker
    split_percent: int = 15  # a paragraph is split across a page break (each language)
    page_percent: int = 20  # the original's page ends between two paragraphs
    narration_percent: int = 8  # the reporter's narration before a turn
    #: a reaction, "(laughter)" / "（わらい）", stands as a paragraph of its own inside the first
    #: turn (which then has two paragraphs at least); the seeds have reactions inline only
    reaction_paragraph: bool = False
    #: the translation's last page is missing: it stops in mid-sentence in its last turn, with
    #: no forwarding line and no "(End)" (the original, if any, is whole)
    cut_off: bool = False


@dataclass
class _Paragraph:
    """One paragraph of a turn in both languages, as source paragraphs (page splits)."""

    en: list[str]
    ja: list[str | tuple[str, ...]]  # text, or the stamps of a page break
    reaction: bool = False  # a paragraph that is only "(laughter)"


REACTION = _Paragraph(["(laughter)"], ["（わらい）"], reaction=True)


@dataclass
class _Body:
    intro: tuple[str, str] | None
    items: list  # (Speaker, en label, ja label, [_Paragraph]) or ("narration", en, ja)
    forwarding: tuple[str, tuple[str, ...]] | None


def _sentence(ch: Chooser, tr: Transcription, marker_percent: int,
              used: list[str]) -> tuple[str, str, bool]:
    """A sentence pair not in ``used`` (the paragraph so far); the flag says whether it is
    plain (may be split at a page break)."""
    if not ch.chance(marker_percent):
        en, ja = ch.choice([p for p in PLAIN if p[0] not in used])
        used.append(en)
        return en, ja, True
    kind, en, ja = ch.choice([m for m in MARKED if m[1] not in used])
    used.append(en)
    if kind == "date":
        day = _day(ch)
        ja_text = era_date(day, ch.integer(0, 2))
        en, ja = en.format(en=english_date(day)), ja.format(ja=ja_text)
        tr.era_dates.append((ja_text, day.isoformat()))
    tr.counts["en"][kind] += 1
    if kind in BOTH_LANGUAGES:
        tr.counts["ja"][kind] += 1
    return en, ja, False


def _split_en(ch: Chooser, sentence: str) -> tuple[str, str] | None:
    """Split an English sentence before a word in lower case (the typescript's page break)."""
    words = sentence.split(" ")
    spots = [k for k in range(1, len(words))
             if words[k][:1].islower() and words[k - 1][-1:].isalnum()]
    if not spots:
        return None
    k = ch.choice(spots)
    return " ".join(words[:k]), " ".join(words[k:])


def _split_ja(ch: Chooser, sentence: str) -> tuple[str, str] | None:
    """Split a Japanese sentence in mid-sentence (the scan's page ends there)."""
    spots = [k for k in range(1, len(sentence) - 1)
             if sentence[k - 1] not in _TERMINAL_JA and sentence[k] not in "(（"]
    if not spots:
        return None
    k = ch.choice(spots)
    return sentence[:k], sentence[k:]


def _paragraph(ch: Chooser, tr: Transcription, japanese: bool, opts: Options) -> _Paragraph:
    used: list[str] = []
    sentences = [_sentence(ch, tr, opts.marker_percent, used)
                 for _ in range(ch.integer(1, opts.max_sentences))]
    split_percent = opts.split_percent
    en_parts = [" ".join(s[0] for s in sentences)]
    ja_parts: list[str | tuple[str, ...]] = ["".join(s[1] for s in sentences)]
    plain = [k for k, s in enumerate(sentences) if s[2]]
    if plain and ch.chance(split_percent):
        k = ch.choice(plain)
        cut = _split_en(ch, sentences[k][0])
        if cut:
            before = [s[0] for s in sentences[:k]] + [cut[0]]
            after = [cut[1]] + [s[0] for s in sentences[k + 1:]]
            en_parts = [" ".join(before), " ".join(after)]
    if japanese and plain and ch.chance(split_percent):
        k = ch.choice(plain)
        cut = _split_ja(ch, sentences[k][1])
        if cut:
            before = "".join(s[1] for s in sentences[:k]) + cut[0]
            after = cut[1] + "".join(s[1] for s in sentences[k + 1:])
            # a page break of the scan (stamps between), or just a blank line (seed 002)
            ja_parts = ([before, ch.choice(STAMPS), after] if ch.chance(70)
                        else [before, after])
    return _Paragraph(en_parts, ja_parts)


def _body(ch: Chooser, tr: Transcription, japanese: bool, opts: Options, sent: dt.date) -> _Body:
    intro = None
    if ch.chance(50):
        en, ja, kinds = ch.choice(INTROS)
        nth = sent.day - 1 or 1
        suffix = "th" if 10 <= nth % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(nth % 10, "th")
        intro = (en.format(nth=f"{nth}{suffix}"), ja.format(day=nth))
        for kind in kinds:
            tr.counts["en"][kind] += 1
        tr.intro = True
    items: list = []
    for turn in range(ch.integer(1, opts.max_turns)):
        if items and ch.chance(opts.narration_percent):
            en, ja = ch.choice(NARRATION)
            items.append(("narration", en, ja))
        # two turns in a row are never the same person's
        previous = tr.speakers[-1] if tr.speakers else None
        speaker = ch.choice([s for s in SPEAKERS if s.id != previous])
        tr.speakers.append(speaker.id)
        least = 2 if opts.reaction_paragraph and turn == 0 else 1
        paragraphs = [_paragraph(ch, tr, japanese, opts)
                      for _ in range(ch.integer(least, max(least, opts.max_paragraphs)))]
        tr.paragraphs.append(len(paragraphs))
        if opts.reaction_paragraph and turn == 0:
            paragraphs.insert(1, REACTION)
            tr.counts["en"]["stage"] += 1
            tr.counts["ja"]["stage"] += 1
        items.append((speaker, ch.choice(speaker.en), ch.choice(speaker.ja), paragraphs))
    forwarding = None
    if ch.chance(25):
        forwarding = ch.choice(FORWARDING)
        tr.counts["en"]["supplied"] += 1
    return _Body(intro, items, forwarding)


def _cut(ch: Chooser, text: str) -> str:
    """``text`` stopped in mid-sentence: after a word with no closing punctuation, outside any
    bracket or parenthesis."""
    words = text.split(" ")
    spots = [k for k in range(1, len(words))
             if words[k - 1][-1:].isalnum() and " ".join(words[:k]).count("[")
             == " ".join(words[:k]).count("]") and " ".join(words[:k]).count("(")
             == " ".join(words[:k]).count(")")]
    return " ".join(words[:ch.choice(spots)]) if spots else words[0].rstrip(".?!") or "cut"


def _render_en(body: _Body, end: str, ch: Chooser | None = None,
               cut_off: bool = False) -> list[str]:
    """The translation's text after its head, as source paragraphs (``cut_off``: it stops in
    mid-sentence in its last paragraph)."""
    out: list[str] = []
    if body.intro:
        out.append(body.intro[0])
    for item in body.items:
        if item[0] == "narration":
            out.append(item[1])
            continue
        _, label, _, paragraphs = item
        for k, para in enumerate(paragraphs):
            parts = list(para.en)
            if k == 0:
                parts[0] = f"{label} {parts[0]}"
            out.extend(parts)
    if cut_off and ch is not None:
        out[-1] = _cut(ch, out[-1])
        return out
    if body.forwarding:
        out.append(body.forwarding[0])
    if end == "appended":
        out[-1] += " (End)"
    elif end == "separate":
        out.append("(End)")
    return out


def _render_ja(ch: Chooser, body: _Body, end: str, opts: Options) -> list[str]:
    """The original's text after its head, as source paragraphs (stamps included)."""
    out: list[str] = []

    def page_break() -> None:
        if out and ch.chance(opts.page_percent):
            out.extend(ch.choice(STAMPS))

    if body.intro:
        out.append(body.intro[1])
    for item in body.items:
        page_break()
        if item[0] == "narration":
            out.append(item[2])
            continue
        _, _, label, paragraphs = item
        for k, para in enumerate(paragraphs):
            if k:
                page_break()
            parts = list(para.ja)
            if k == 0:
                sep = " " if label.startswith("(") else ""
                parts[0] = f"{label}{sep}{parts[0]}"
            for part in parts:
                out.extend(part if isinstance(part, tuple) else [part])
    if body.forwarding:
        page_break()
        out.append("\n".join(body.forwarding[1]))
    if end == "appended":
        out[-1] += "（了）"
    elif end == "separate":
        out.append("（了）")
    return out


# --- the two layouts ---------------------------------------------------------------------------


@dataclass
class _Head:
    cable: int
    sent: dt.date
    received: dt.date
    sender: tuple[str, str]
    place: tuple[str, str]
    primary: tuple[str, str]
    marks: tuple[str, str]
    subject_en: str
    subject_ja: str
    reference: tuple[str, str] | None  # (English line, Japanese line)
    topic_ja: str | None  # the subject line under "往電第…号別電N："
    distribution: bool
    time_sent: str
    time_received: str
    serial: str


def _head(ch: Chooser, cable: int, sent: dt.date | None, refer_to: int | None) -> _Head:
    sent = sent or _day(ch)
    received = sent + dt.timedelta(days=ch.integer(0, 1))
    subject_en, subject_ja, kind = ch.choice(SUBJECTS)
    reference = topic_ja = None
    ref = refer_to if refer_to is not None else max(1, cable - ch.integer(1, 20))
    # the original's numbers, sometimes in full-width digits
    ja_ref = str(ref).translate(_FULL_WIDTH) if ch.chance(15) else str(ref)
    if kind == "divided":
        total = ch.integer(2, 3)
        part = ch.integer(1, total)
        subject_en += f" ({part} of {total})"
        subject_ja += f"（{part}の{total}）"
        if part == 1:
            reference = (ch.choice(("Divided telegram", "Divided Telegram")), "分割電報")
        else:
            reference = (f"Outgoing Telegram No. {ref} Divided Telegram",
                         f"往電第{ja_ref}号分割電報")
    elif kind == "separate":
        n = ch.integer(1, 5)
        topic_en, topic_ja = ch.choice(TOPICS)  # the subject line under the reference
        subject_en += f" (Separate Telegram {n})"
        subject_ja += f"（別電{n}）"
        reference = (f"Outgoing Cable No. {ref} Separate Telegram {n}: {topic_en}",
                     f"往電第{ja_ref}号別電{n}：")
    blacked = "[TN: time blacked out]"
    times = [blacked if ch.chance(85) else f"{ch.integer(0, 23):02d}:{ch.integer(0, 59):02d}"
             for _ in range(2)]
    return _Head(
        cable=cable, sent=sent, received=received, sender=ch.choice(SENDERS),
        place=ch.choice(PLACES), primary=ch.choice(PRIMARY), marks=ch.choice(MARKS),
        subject_en=subject_en, subject_ja=subject_ja, reference=reference, topic_ja=topic_ja,
        distribution=ch.chance(80),
        time_sent=times[0], time_received=times[1],
        serial="[TN: blacked out]" if ch.chance(90) else str(ch.integer(10000, 99999)),
    )


def _title(head: _Head) -> str:
    return f"Cable No. {head.cable}, {head.sender[0]} to the Foreign Minister, '{head.subject_en}'"


def _metadata(head: _Head) -> list[str]:
    return [
        f"Number: {head.serial}",
        f"Primary: {head.primary[0]}",
        f"Sent: {head.place[0]}, {english_date(head.sent)}, {head.time_sent}",
        f"Received: MOFA, {english_date(head.received)}, {head.time_received}",
        "To: The Foreign Minister",
        f"From: {head.sender[0]}",
    ]


def _count_head(tr: Transcription, head: _Head) -> None:
    """Markers of the metadata lines (the serial, the blacked-out times)."""
    for text in (head.serial, head.time_sent, head.time_received):
        if text.startswith("[TN:"):
            tr.counts["en"]["redaction"] += 1


def _translation_head(head: _Head) -> list[str]:
    lines = [head.subject_en, f"No. {head.cable} {head.marks[0]}"]
    if head.distribution:
        lines.append("(Limited Distribution)")
    if head.reference:
        lines.append(head.reference[0])
    return lines


def _start(ch: Chooser, layout: str, cable: int | None, sent: dt.date | None,
           refer_to: int | None, name: str | None, opts: Options
           ) -> tuple[_Head, Transcription, _Body]:
    """Draw what both layouts share: the cable's head, its record and its body."""
    cable = cable if cable is not None else ch.integer(1000, 9999)
    head = _head(ch, cable, sent, refer_to)
    tr = Transcription(name or f"synthetic_{cable}.txt", layout, "", cable, head.sent,
                       counts={"en": Counter(), "ja": Counter()}, received=head.received,
                       sent_iso=head.sent.isoformat(), received_iso=head.received.isoformat())
    _count_head(tr, head)
    return head, tr, _body(ch, tr, layout == ARCHIVE_EXPORT, opts, head.sent)


def build_web_page(ch: Chooser, *, cable: int | None = None, sent: dt.date | None = None,
                   related: Sequence[int] | None = None, refer_to: int | None = None,
                   name: str | None = None, options: Options | None = None,
                   **overrides) -> Transcription:
    """A cable as the digital archive's web page shows it (seed 000): translation only.

    ``cable``, ``sent``, ``related`` (cable numbers of the "Related Documents"), ``refer_to``
    (the cable an "Outgoing Telegram No. …" line names) are drawn unless given; ``overrides``
    are fields of :class:`Options`.
    """
    opts = replace(options or Options(), **overrides)
    head, tr, body = _start(ch, WEB_PAGE, cable, sent, refer_to, name, opts)
    cable = tr.cable
    tr.era_dates.clear()  # no original on the page: its dates and markers are not there
    tr.counts["ja"].clear()
    end = ch.choice(("none", "separate", "appended"))

    # (text, blank lines after it)
    blocks: list[tuple[str, int]] = []
    if ch.chance(80):
        blocks.append(("Skip to content", 1))
    blocks += [(english_date(head.sent), 1), (_title(head), 1)]
    meta = _metadata(head)
    if ch.chance(60):  # the page's own trailing spaces after "To:"
        meta[4] += " " + "\u00a0" * 5
    gaps = (1, 2, 1, 2, 1, 2)
    blocks += list(zip(meta, gaps, strict=True))
    blocks += [(line, 2) for line in _translation_head(head)]
    paragraphs = _render_en(body, end, ch, opts.cut_off)
    if ch.chance(20):  # a no-break space between two sentences, as the page has it
        k = ch.integer(0, len(paragraphs) - 1)
        if ". " in paragraphs[k]:
            paragraphs[k] = paragraphs[k].replace(". ", ". \u00a0", 1)
    blocks += [(p, 2) for p in paragraphs[:-1]] + [(paragraphs[-1], 4)]
    blocks.append((ch.choice(SUMMARIES), 1))
    if related is None:
        related = [max(1, cable + d) for d in range(1, ch.integer(0, 5) + 1)]
    if related or ch.chance(30):
        blocks.append(("Related Documents", 1))
        for number in related:
            subject = ch.choice(SUBJECTS)[0]
            blocks += [
                (english_date(_day(ch)), 1),
                (f"Cable No. {number}, {ch.choice(SENDERS)[0]} to the Foreign Minister, "
                 f"'{subject}'", 1),
                (ch.choice(SUMMARIES), 1),
            ]
    file_no = ch.choice(FILE_NUMBERS)
    blocks += [
        ("Document Information", 2),
        (f"Diplomatic Archives of the Ministry of Foreign Affairs of Japan, File No. {file_no}. "
         f"Translated by {TRANSLATOR}.", 2),
        (RIGHTS[0], 1), (RIGHTS[1], 1),
    ]
    if ch.chance(70):  # the fields, empty as on the seed's page
        blocks += [("Original Uploaded Date", 3), ("Record ID", 0)]
    else:
        blocks += [("Original Uploaded Date", 1), (english_date(_day(ch)), 1),
                   ("Record ID", 1), (str(ch.integer(240000, 249999)), 0)]
    tr.text = "".join(text + "\n" * (gaps + 1 if gaps else 0) for text, gaps in blocks)
    return tr


def _wrap_title(title: str, style: int, ch: Chooser) -> str:
    """The record's bold title wrapped like the export (seed 001 keeps two trailing spaces)."""
    lines = textwrap.wrap(title, width=ch.integer(40, 50), break_on_hyphens=False,
                          break_long_words=False)
    hard = "  " if style == 0 else ""
    return "\n".join(("**" if k == 0 else "") + line
                     + ("**" if k == len(lines) - 1 else hard)
                     for k, line in enumerate(lines))


def build_archive_export(ch: Chooser, *, cable: int | None = None, sent: dt.date | None = None,
                         refer_to: int | None = None, name: str | None = None,
                         options: Options | None = None, **overrides) -> Transcription:
    """A cable as the archive exports it (seeds 001, 002): record, original, translation.

    Arguments as for :func:`build_web_page`.
    """
    opts = replace(options or Options(), **overrides)
    head, tr, body = _start(ch, ARCHIVE_EXPORT, cable, sent, refer_to, name, opts)
    cable = tr.cable
    style = ch.integer(0, 1)  # 0: seed 001 (all bold, blank lines), 1: seed 002
    bold = (lambda s: f"**{s}**") if style == 0 else (lambda s: s)
    paras: list[str] = []

    # the record
    title = _title(head)
    date = english_date(head.sent)
    paras.append(bold(date))
    paras.append(_wrap_title(title, style, ch))
    paras.append(bold("Citation:"))
    space = " " if style == 0 else ""
    file_no = ch.choice(FILE_NUMBERS)
    citation = (f"\"{title}\"{space}, {date}, Wilson Center Digital Archive, Diplomatic Archives "
                f"of the Ministry of Foreign Affairs of Japan, File No. {file_no}. Translated by "
                f"{TRANSLATOR}.")
    record = 240000 + cable % 10000
    if style == 0:
        paras += [citation, f"<https://wilson-center.drivingcreative.com/document/{record}>"]
    else:
        paras.append(f"{citation}\n<https://digitalarchive.umd.edu/document/{record}>")
    paras += [bold("Summary:"), ch.choice(SUMMARIES)]
    paras += [bold("Original Language:"), "Japanese", bold("Contents:")]
    paras += (["Original Scan", "Translation - English"] if style == 0
              else ["Original Scan\nTranslation - English"])

    # the original: the telegram form, the first page's stamps, title, number line
    classification = head.marks[1].split()[0]
    era = era_date(head.received, ch.choice((1, 0, 2)))
    tr.era_dates.append((era, head.received.isoformat()))
    form = [f"月 {head.sent.day}日", head.place[1], era, "本 省 着"]
    if style == 0:
        paras += ["大至急" if "大至急" in head.marks[1] else "至急", "主管課緊急処理用",
                  classification, "総 番 号", "主 管", *form[:2], *form[2:], head.primary[1],
                  "外 務 大 臣 殿", head.sender[1]]
    else:
        paras += ["注意", "- 1. 本電の複製は、本館の許可なくしては行わないこと。\n- 2. 本電に関する"
                  "問い合わせは、本館（電話 2171、2174）に連絡ありたい。", "限定配布",
                  classification, "電信写", "総番号", "主管", *form[:2], head.primary[1],
                  *form[2:], "外務大臣殿", head.sender[1]]
    paras += ["秘密指定解除", "外交記録・情報公開室", head.subject_ja,
              f"第{str(cable).translate(_FULL_WIDTH) if ch.chance(15) else cable}号 "
              f"{head.marks[1]}"]
    if head.distribution:
        paras.append("（限定配布）")
    if head.reference:
        paras.append(head.reference[1])
        if head.topic_ja:
            paras.append(head.topic_ja)
    ja_end = ch.choice(("appended", "appended", "separate", "none"))
    paras += _render_ja(ch, body, ja_end, opts)

    # the translation
    paras += _metadata(head)
    paras += _translation_head(head)
    paras += _render_en(body, ch.choice(("separate", "appended", "none")), ch, opts.cut_off)
    tr.text = "\n\n" + "\n\n".join(paras)
    return tr


def web_page(rng: random.Random, **options) -> str:
    """The text of a synthetic web-page transcription (options: see :func:`build_web_page`)."""
    return build_web_page(RandomChooser(rng), **options).text


def archive_export(rng: random.Random, **options) -> str:
    """The text of a synthetic archive export (options: see :func:`build_archive_export`)."""
    return build_archive_export(RandomChooser(rng), **options).text


def build(ch: Chooser, layout: str, **options) -> Transcription:
    """A transcription of ``layout`` (``web-page`` or ``archive-export``)."""
    return (build_web_page if layout == WEB_PAGE else build_archive_export)(ch, **options)


#: The corpus' cables are about as long as the seeds (13 KB on average: web pages 9 KB,
#: exports 17 KB; the seeds have 13.5, 19.8 and 20 KB).
CORPUS = Options(max_turns=14, max_paragraphs=4, max_sentences=10)


def samples(n: int, seed: int = 0, options: Options = CORPUS) -> Iterator[Transcription]:
    """``n`` transcriptions, both layouts mixed, unique cable numbers, named like the seeds."""
    rng = random.Random(seed)
    ch = RandomChooser(rng)
    numbers = rng.sample(range(1000, 1000 + max(9000, 3 * n)), n)
    width = max(3, len(str(n - 1)))
    for k, number in enumerate(numbers):
        layout = LAYOUTS[rng.randrange(2)]
        name = f"{k:0{width}d}_{rng.getrandbits(64):016x}.txt"
        others = [numbers[j] for j in rng.sample(range(n), min(n, 4)) if j != k]
        refer_to = numbers[k - 1] if k else None
        given: dict = {"cable": number, "name": name, "refer_to": refer_to, "options": options}
        if layout == WEB_PAGE:
            given["related"] = others[: rng.randint(0, len(others))]
        yield build(ch, layout, **given)


def corpus(n: int, seed: int = 0, options: Options = CORPUS) -> Iterator[tuple[str, str]]:
    """``n`` (file name, text) pairs: a deterministic mix of both layouts."""
    for tr in samples(n, seed, options):
        yield tr.name, tr.text


# --- variations: the same cables, copied as editors bring them -----------------------------------

#: What a variation does (each keeps every word of the cable, and says what the reader must
#: report):
#:
#: collapsed        the blank lines lost (every line a paragraph)
#: chrome           the site's navigation above and its footer below
#: summary-first    (web page) the archive's one-line summary above the date line
#: citation-block   (web page) the page's citation block ("• Citation", "get citation", the
#:                  summary, the quoted citation, "• share document", "English HTML") under the
#:                  title
#: no-information   (web page) copied without its "Document Information" block (no citation:
#:                  a warning)
#: crlf, cr, bom,   line ends, a byte order mark, UTF-16
#: utf-16
#: spaces           no-break spaces, tabs and ideographic spaces where spaces were
#: shift-jis        (archive export) saved in Shift_JIS (a warning naming the encoding)
#: controls         control characters (ESC, BEL, form feed …) in the text (a warning each)
#: cut-off          the translation stops in mid-sentence, its last page lost (a warning)
#: date-typos       dates as people write them: "September28, 1993", "Sept. 28, 1993",
#:                  "Feb 12 1994", "12th", full-width digits, day first; era dates in kanji
#: unreadable-date  the received date misspelt beyond reading (a warning; the redaction after
#:                  it is still a gap)
#: marks-differ     (archive export) the translation's precedence or classification is not
#:                  the original's (a warning; each language keeps its own)
VARIATIONS = ("collapsed", "chrome", "summary-first", "citation-block", "no-information",
              "crlf", "cr", "bom", "utf-16", "spaces", "shift-jis", "controls", "cut-off",
              "date-typos", "unreadable-date", "marks-differ")
WEB_PAGE_ONLY = {"summary-first", "citation-block", "no-information"}
EXPORT_ONLY = {"shift-jis", "marks-differ"}
#: only one of these (they all choose the bytes of the file)
ENCODINGS = ("bom", "utf-16", "shift-jis")

NAVIGATION = ("Skip to main content", "Menu", "Search", "Browse", "Collections", "Topics",
              "• Home", "Wilson Center Digital Archive", "International History Declassified",
              "Search the archive")
FOOTER = ("Back to top", "© 2025 Wilson Center", "Privacy Policy", "Terms of Use",
          "Contact Us", "Donate", "Subscribe", "Facebook", "Twitter")
CONTROLS = ("\x1b", "\x07", "\x0c", "\x08", "\x1f", "\x0b")
_ABBREVIATED = {"January": "Jan", "February": "Feb", "March": "Mar", "April": "Apr",
                "June": "Jun", "July": "Jul", "August": "Aug", "September": "Sept",
                "October": "Oct", "November": "Nov", "December": "Dec"}
_KANJI = "〇一二三四五六七八九"
_DATE_WORDS = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})\b")


def _kanji(n: int) -> str:
    """6 -> "六", 13 -> "十三", 28 -> "二十八" (how era dates are written in kanji)."""
    tens, units = divmod(n, 10)
    return ((_KANJI[tens] if tens > 1 else "") + ("十" if tens else "")
            + (_KANJI[units] if units or not tens else ""))


def _typo(ch: Chooser, month: str, day: str, year: str) -> str:
    """One English date written as people write it (it still names the same day)."""
    style = ch.integer(0, 6)
    short = _ABBREVIATED.get(month, month)
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    return (f"{month}{day}, {year}", f"{short}. {day}, {year}", f"{short} {day} {year}",
            f"{month} {day}{'th' if day not in ('1', '2', '3', '21', '22', '23', '31') else ''}"
            f", {year}", f"{month} {day.translate(wide)}, {year.translate(wide)}",
            f"{month}  {day} ,  {year}", f"{day} {month} {year}")[style]


def _misspelt(month: str) -> str:
    """A month name no reader can take for a month ("Fberuary")."""
    return month[0] + month[2] + month[1] + month[3:]


def _lines_of(text: str) -> list[str]:
    return text.split("\n")


def _summary_line(lines: list[str]) -> int | None:
    """The web page's one-line summary: the line before "Related Documents" or "Document
    Information" (whichever comes first), skipping blank lines."""
    for k, line in enumerate(lines):
        if line in ("Related Documents", "Document Information"):
            j = k - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            return j
    return None


def vary(ch: Chooser, tr: Transcription, variants: Sequence[str]) -> Transcription:
    """Apply ``variants`` (see :data:`VARIATIONS`; cut-off is drawn at generation) to ``tr``,
    with what each makes a reader report."""
    web = tr.layout == WEB_PAGE
    chosen = [v for v in VARIATIONS if v in variants
              and not (v in WEB_PAGE_ONLY and not web) and not (v in EXPORT_ONLY and web)]
    lines = _lines_of(tr.text)
    expected: set[str] = set()
    at = _summary_line(lines) if web else None
    page_summary = lines[at] if at is not None else SUMMARIES[0]
    if "unreadable-date" in chosen:  # (before date-typos, which leaves this date alone)
        for k, line in enumerate(lines):
            if line.startswith("Received:") and _DATE_WORDS.search(line):
                lines[k] = _DATE_WORDS.sub(lambda m: f"{_misspelt(m.group(1))} {m.group(2)}, "
                                           f"{m.group(3)}", line, count=1)
                tr.received_iso = None
                expected.add("missing")
    if "date-typos" in chosen:
        for k, line in enumerate(lines):
            if line.startswith(("Sent:", "Received:")) or (
                    _DATE_WORDS.fullmatch(line.strip("*")) and k < 8):
                lines[k] = _DATE_WORDS.sub(lambda m: _typo(ch, *m.groups()), line, count=1)
        for k, line in enumerate(lines):  # the telegram form's era date, in kanji
            m = re.fullmatch(r"平成 ?([0-9０-９]+)年 ?([0-9０-９]+)月 ?([0-9０-９]+)日", line)
            if m:
                digits = str.maketrans("０１２３４５６７８９", "0123456789")
                y, mo, d = (int(g.translate(digits)) for g in m.groups())
                lines[k] = f"平成{_kanji(y)}年{_kanji(mo)}月{_kanji(d)}日"
                tr.era_dates = [(lines[k] if iso == dt.date(1988 + y, mo, d).isoformat()
                                 and text == line else text, iso) for text, iso in tr.era_dates]
    if "marks-differ" in chosen:
        for k, line in enumerate(lines):
            m = re.fullmatch(rf"No\. {tr.cable} (Secret|Confidential) (Top Urgent|Urgent)", line)
            if m:
                classification, precedence = m.groups()
                if ch.chance(50):
                    classification = {"Secret": "Confidential", "Confidential": "Secret"}[
                        classification]
                else:
                    precedence = {"Top Urgent": "Urgent", "Urgent": "Top Urgent"}[precedence]
                lines[k] = f"No. {tr.cable} {classification} {precedence}"
                expected.add("disagreement")
    if "summary-first" in chosen:
        at = _summary_line(lines)
        if at is not None:
            summary = lines.pop(at)
            start = 2 if lines[0] == "Skip to content" else 0
            lines[start:start] = [summary, ""]
    if "citation-block" in chosen:
        at = next(k for k, line in enumerate(lines) if line.startswith("Cable No. "))
        citation = (f'"{lines[at]}", {english_date(tr.sent)}, Wilson Center Digital Archive, '
                    "Diplomatic Archives of the Ministry of Foreign Affairs of Japan, File No. "
                    f"{ch.choice(FILE_NUMBERS)}. Translated by {TRANSLATOR}.")
        block = ["• Citation", "get citation", page_summary, citation, "• share document",
                 "English HTML"]
        lines[at + 1:at + 1] = [x for b in block for x in ("", b)]
        tr.chrome += ["get citation", "• share document", "English HTML"]
    if "no-information" in chosen:
        at = lines.index("Document Information")
        del lines[at:]
        if "citation-block" not in chosen:
            expected.add("missing")  # no citation of the archive left
    if "chrome" in chosen:
        top = [ch.choice(NAVIGATION) for _ in range(ch.integer(1, 4))]
        bottom = [ch.choice(FOOTER) for _ in range(ch.integer(1, 4))]
        lines[0:0] = [x for t in top for x in (t, "")]
        lines += ["", *(x for b in bottom for x in (b, ""))]
        tr.chrome += top + bottom
    if "spaces" in chosen:
        for k, line in enumerate(lines):
            if re.match(r"(Number|Primary|Sent|Received|To|From): ", line):
                lines[k] = line.replace(": ", ch.choice([":\t", ":\u00a0", ": \u00a0"]), 1)
            elif re.match(r"第[0-9０-９]+号 ", line):
                lines[k] = line.replace(" ", "\u3000")
            elif line.startswith("No. ") and ch.chance(50):
                lines[k] = line.replace(" ", "\u00a0", 1)
    if "collapsed" in chosen:
        lines = [line for line in lines if line.strip()]
    if "controls" in chosen:
        expected.add("control-character")
        for _ in range(ch.integer(1, 3)):
            k = ch.integer(0, len(lines) - 1)
            at = ch.integer(0, len(lines[k]))
            lines[k] = lines[k][:at] + ch.choice(CONTROLS) + lines[k][at:]
    # (a collapsed web page without its information block ends with the archive's one-line
    # summary right under the text, no blank line between: nothing tells it from one more
    # line of the text, and a cut before it does not show)
    hidden_cut = (tr.layout != ARCHIVE_EXPORT and "collapsed" in chosen
                  and "no-information" in chosen and "summary-first" not in chosen
                  and "Related Documents" not in lines)
    if "cut-off" in variants and not hidden_cut:
        expected.add("cut-off")
    text = "\n".join(lines)
    if tr.layout == ARCHIVE_EXPORT and "shift-jis" in chosen:
        try:
            text.encode("cp932")
        except UnicodeEncodeError:
            chosen.remove("shift-jis")
    encoding = next((v for v in ENCODINGS if v in chosen), None)
    ends = "\r\n" if "crlf" in chosen else "\r" if "cr" in chosen else "\n"
    final = text.replace("\n", ends)
    tr.text = text
    tr.variants = tuple(chosen)
    if encoding == "bom":
        tr.data = b"\xef\xbb\xbf" + final.encode("utf-8")
    elif encoding == "utf-16":
        tr.data = final.encode("utf-16")
    elif encoding == "shift-jis":
        tr.data = final.encode("cp932")
        expected.add("encoding")
    elif ends != "\n":
        tr.data = final.encode("utf-8")
    tr.expected = expected
    return tr


@st.composite
def varied(draw, layout: str | None = None, variants: Sequence[str] | None = None,
           **overrides) -> Transcription:
    """A synthetic transcription with some variations (all those drawn, or ``variants``)."""
    ch = DrawChooser(draw)
    chosen = list(variants) if variants is not None else sorted(draw(st.sets(
        st.sampled_from(VARIATIONS), max_size=5)))
    options = {"max_turns": 4, **overrides, "cut_off": "cut-off" in chosen}
    tr = build(ch, layout or ch.choice(LAYOUTS), **options)
    return vary(ch, tr, chosen)


# --- Hypothesis ----------------------------------------------------------------------------------


@st.composite
def transcriptions(draw, layout: str | None = None, **overrides) -> Transcription:
    """A synthetic transcription (``layout`` or either); shrinks to a small, plain cable.

    ``overrides``: fields of :class:`Options` (default here: at most 6 turns).
    """
    ch = DrawChooser(draw)
    chosen = layout or ch.choice(LAYOUTS)
    return build(ch, chosen, **{"max_turns": 6, **overrides})


def web_pages(**overrides) -> st.SearchStrategy[Transcription]:
    return transcriptions(WEB_PAGE, **overrides)


def archive_exports(**overrides) -> st.SearchStrategy[Transcription]:
    return transcriptions(ARCHIVE_EXPORT, **overrides)
