"""Model -> ``<teiHeader>``: title, responsibility, publication, source, correspondence."""

from __future__ import annotations

from lxml import etree

from ..edition import Edition
from ..model import Action, Document
from .inline import Context, encode_inline
from .links import EditionIndex
from .persons import Register
from .tree import el


def _phrase(tag: str, attrs: dict[str, str | None] | None, text: str,
            parent: etree._Element, ctx: Context) -> etree._Element:
    """An element holding words of the source: a redaction "[TN: … blacked out]" among them is a
    gap here too, as in the text (never a marker left as words)."""
    if "[TN:" not in text:
        return el(tag, attrs, text, parent)
    node = el(tag, attrs, None, parent)
    encode_inline(node, text, 0, ctx)
    return node

TAXONOMIES = {
    "classification": {
        "top-secret": "Top Secret (機密)", "secret": "Secret (極秘)",
        "confidential": "Confidential (秘)",
    },
    "precedence": {
        "top-urgent": "Top Urgent (大至急)", "urgent": "Urgent (至急)", "priority": "Priority",
    },
    "distribution": {"limited": "Limited Distribution (限定配布)",
                     "restricted": "Restricted Distribution"},
    "genre": {"cable": "Diplomatic cable (telegram)",
              "article": "Newspaper article (context document)"},
}
LANGUAGES = {"ja": "Japanese", "en": "English"}
EDITORIAL = (
    "Converted from the archive's plain transcription by tei-cables; every line of the "
    "transcription is kept in the text, in its order.",
    "Redactions the translator marks as \"[TN: … blacked out]\" are gap elements with "
    "reason=\"redacted\"; their desc keeps the translator's words. Other translator's notes "
    "\"[TN: …]\" are note elements of type translator. Words the translator adds in square "
    "brackets are supplied; expansions of abbreviations are choice/abbr/expan. All of these "
    "are attributed to the translator (resp).",
    "The cable's own parentheses are its text: speaker labels such as \"(Prime Minister)\", "
    "notes \"(note: …)\" and reactions \"(laughter)\" keep them inside speaker, note and "
    "stage.",
    "Page breaks of the original scan are pb; the stamps and notices repeated on every page "
    "are fw. A page break of the translation's typescript that splits a sentence is "
    "pb ed=\"translation\". Japanese era dates are normalised in @when, their wording kept.",
)


def languages(doc: Document) -> list[str]:
    """The languages of the document's text: its parts', else those of the paragraphs kept
    (a transcription in which no part of a cable was recognised)."""
    found = [part.lang for part in doc.parts]
    if not found:
        kept = [b for sections in doc.between.values() for s in sections for b in s.blocks]
        found = sorted({"ja" if b.sub == "ja" else "en" for b in kept}, reverse=True)
    return found or ["en"]


def _action(parent: etree._Element, kind: str, action: Action, who: str | None,
            ctx: Context) -> None:
    if not (action.person or action.place or action.date):
        return  # nothing of it is known (a transcription without its metadata lines)
    node = el("correspAction", {"type": kind}, None, parent)
    if action.person:
        _phrase("persName", {"ref": f"#{who}" if who else None}, action.person, node, ctx)
    if action.place:
        _phrase("placeName", None, action.place, node, ctx)
    if action.date:
        el("date", {"when": action.date.iso}, action.date.text, node)


def encode_header(doc: Document, edition: Edition, register: Register, index: EditionIndex,
                  parties: dict[str, str | None], people: list[str]) -> etree._Element:
    """The teiHeader of ``doc``; ``people`` are the register ids the document refers to."""
    meta = doc.meta
    ctx = Context(doc.source, "none",
                  f"#{parties['translator']}" if parties.get("translator") else None)
    header = el("teiHeader")
    file_desc = el("fileDesc", None, None, header)
    title_stmt = el("titleStmt", None, None, file_desc)
    _phrase("title", {"type": "main"}, meta.title, title_stmt, ctx)
    if meta.title_ja:
        _phrase("title", {"type": "original", "xml:lang": "ja"}, meta.title_ja, title_stmt, ctx)
    if meta.sent.person:
        _phrase("author", {"ref": f"#{parties['sender']}" if parties.get("sender") else None},
                meta.sent.person, title_stmt, ctx)
    for name in meta.authors:
        el("author", None, name, title_stmt)
    if meta.translator:
        resp = el("respStmt", None, None, title_stmt)
        el("resp", {"key": "trl"}, "Translated from the Japanese by", resp)
        el("persName", {"ref": f"#{parties['translator']}" if parties.get("translator")
                        else None}, meta.translator, resp)
    resp = el("respStmt", None, None, title_stmt)
    el("resp", {"key": "edt"}, "TEI encoding and edition by", resp)
    el("orgName", None, edition.editor or edition.publisher, resp)

    pub = el("publicationStmt", None, None, file_desc)
    el("publisher", None, edition.publisher, pub)
    el("idno", {"type": "edition"}, doc.id, pub)
    if edition.date:
        el("date", {"when": edition.date}, edition.date, pub)
    avail = el("availability", {"status": "free" if doc.genre == "cable" else "restricted"},
               None, pub)
    el("licence", {"target": edition.licence_url or None}, edition.licence, avail)
    if doc.genre == "article":
        el("p", None, "The article is under the newspaper's copyright: this encoding is for "
           "tests and is not distributed with the edition; only its bibliographic record is.",
           avail)
    series = el("seriesStmt", None, None, file_desc)
    el("title", {"level": "s"}, edition.title, series)

    source = el("sourceDesc", None, None, file_desc)
    if doc.genre == "cable":
        _cable_source(source, doc, edition, ctx)
    else:
        bibl = el("biblStruct", None, None, source)
        analytic = el("analytic", None, None, bibl)
        el("title", {"level": "a"}, meta.title, analytic)
        for name in meta.authors:
            el("author", None, name, analytic)
        monogr = el("monogr", None, None, bibl)
        el("title", {"level": "j"}, meta.publication or "[newspaper not named in the source]",
           monogr)
        imprint = el("imprint", None, None, monogr)
        if meta.date:
            el("date", {"when": meta.date.iso}, meta.date.text, imprint)
        else:
            el("date", None, "[date not given in the source]", imprint)

    enc = el("encodingDesc", None, None, header)
    el("p", None, f"Encoded by tei-cables for the edition {edition.title}.",
       el("projectDesc", None, None, enc))
    ed_decl = el("editorialDecl", None, None, enc)
    for text in EDITORIAL:
        el("p", None, text, ed_decl)
    class_decl = el("classDecl", None, None, enc)
    for name, values in TAXONOMIES.items():
        tax = el("taxonomy", {"xml:id": name}, None, class_decl)
        for key, desc in values.items():
            el("catDesc", None, desc, el("category", {"xml:id": f"{name}-{key}"}, None, tax))
    offices = sorted({o for pid in people for o in register.office_ids(pid)})
    if offices:
        tax = el("taxonomy", {"xml:id": "offices"}, None, class_decl)
        for office in offices:
            cat = el("category", {"xml:id": office}, None, tax)
            for lang in ("en", "ja"):
                terms = [t for t in register.offices[office].terms
                         if (lang == "ja") == any(ord(c) > 0x2E7F for c in t)]
                if terms:
                    desc = el("catDesc", {"xml:lang": lang}, None, cat)
                    for k, term in enumerate(terms):
                        el("term", None, term, desc)
                        if k < len(terms) - 1:
                            desc[-1].tail = ", " if lang == "en" else "、"

    profile = el("profileDesc", None, None, header)
    summary = meta.summary or meta.short_summary
    if summary:
        abstract = el("abstract", None, None, profile)
        for para in summary.split("\n"):
            _phrase("p", None, para, abstract, ctx)
    if doc.genre == "cable":
        corresp = el("correspDesc", None, None, profile)
        _action(corresp, "sent", meta.sent, parties.get("sender"), ctx)
        _action(corresp, "received", meta.received, parties.get("recipient"), ctx)
        links = index.links.get(doc.id, ())
        if links:
            context = el("correspContext", None, None, corresp)
            for link in links:
                el("ref", {"type": link.type, "target": f"{link.target}.xml"},
                   index.titles.get(link.target, link.target), context)
        if not len(corresp):
            profile.remove(corresp)
    langs = el("langUsage", None, None, profile)
    for lang in languages(doc):
        el("language", {"ident": lang}, LANGUAGES[lang], langs)
    if people:
        lst = el("listPerson", None, None, el("particDesc", None, None, profile))
        for pid in people:
            lst.append(register.entry(pid))
    text_class = el("textClass", None, None, profile)
    el("catRef", {"scheme": "#genre", "target": f"#genre-{doc.genre}"}, None, text_class)
    for name in ("classification", "precedence", "distribution"):
        value = getattr(meta, name)
        if value:
            el("catRef", {"scheme": f"#{name}", "target": f"#{name}-{value}"}, None, text_class)
    return header


def _cable_source(source: etree._Element, doc: Document, edition: Edition,
                  ctx: Context) -> None:
    meta = doc.meta
    ms = el("msDesc", None, None, source)
    ident = el("msIdentifier", None, None, ms)
    if edition.country:
        el("country", None, edition.country, ident)
    if edition.settlement:
        el("settlement", None, edition.settlement, ident)
    el("repository", None, edition.repository, ident)
    if meta.file_no:
        el("idno", {"type": "file"}, meta.file_no, ident)
    if meta.cable:
        alt = el("altIdentifier", {"type": "cable"}, None, ident)
        el("idno", {"type": "cable"}, meta.cable, alt)
    if meta.serial and "[TN:" not in meta.serial:  # a redacted serial stays in the text only
        alt = el("altIdentifier", {"type": "serial"}, None, ident)
        el("idno", {"type": "serial"}, meta.serial, alt)
    contents = el("msContents", None, None, ms)
    langs = set(languages(doc))
    main = "ja" if "ja" in langs else "en"
    el("textLang", {"mainLang": main,
                    "otherLangs": " ".join(sorted(langs - {main})) or None},
       " and ".join(LANGUAGES[lang] for lang in sorted(langs, reverse=True)), contents)
    item = el("msItem", None, None, contents)
    _phrase("title", None, meta.title, item, ctx)
    if meta.primary:
        _phrase("note", {"type": "primary"}, f"Primary: {meta.primary}", item, ctx)
    additional = el("additional", None, None, ms)
    admin = el("adminInfo", None, None, additional)
    avail = el("availability", None, None, admin)
    for para in meta.rights or edition.rights:
        el("p", None, para, avail)
    surrogates = el("surrogates", None, None, additional)
    bibl = el("bibl", {"type": "digital-archive"}, None, surrogates)
    el("title", None, edition.digital_archive, bibl)
    if meta.citation:
        _phrase("note", {"type": "citation"}, meta.citation, bibl, ctx)
    if meta.url:
        el("ptr", {"target": meta.url}, None, bibl)
