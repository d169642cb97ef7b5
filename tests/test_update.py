"""`tei build tei --update`: the new conversion merged with the editor's hand corrections.

The converter cannot be changed from a test, so a converter improvement is played backwards:
the record of what it wrote last (edition/.converted/) is set to an older text, the editor's
file is that older text with corrections, and the conversion of today is the new one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tei.cli import main
from tei.edition import DEFAULT_EDITION
from tei.update import BASE_DIR, PROPOSAL, _units, merge_document
from tei.validate import validate
from tei.xmlio import without_xml_models

NAME = "cable-1468.xml"
#: The converter's improvement: what it wrote before -> what it writes now (sp1, first turn).
OLD, NEW = "Stock adjustment is advancing", "Stock adjustments are advancing"
P1 = 'xml:id="cable-1468-en-sp1-p1"'  # the paragraph where the converter changes OLD -> NEW
SP1 = 'xml:id="cable-1468-en-sp1"'  # its turn


def _line_of(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.split("\n")) if marker in line)


def _edit(text: str, marker: str, old: str, new: str) -> str:
    """``old`` -> ``new`` once, on the line holding ``marker`` only."""
    lines = text.split("\n")
    n = _line_of(text, marker)
    assert old in lines[n], (marker, old)
    lines[n] = lines[n].replace(old, new, 1)
    return "\n".join(lines)


#: The editor's corrections, each of a kind, each on a line the converter does not change.
CORRECTIONS = {
    "a word corrected": lambda t: _edit(
        t, 'xml:id="cable-1468-en-sp2-p1"', "First, regarding", "First, concerning"),
    "a note added": lambda t: _edit(
        t, 'xml:id="cable-1468-en-sp3-p1"', "</p>",
        '<note type="editorial">Checked against the scan.</note></p>'),
    "an attribute changed": lambda t: _edit(
        t, 'xml:id="cable-1468-en-sp5"', 'who="#hosokawa-morihiro"', 'who="#hata-tsutomu"'),
    "an element added": lambda t: _edit(
        t, 'xml:id="cable-1468-en-sp6-p1"', "The Prime Minister himself",
        '<persName ref="#hosokawa-morihiro">The Prime Minister</persName> himself'),
}


@pytest.fixture
def edition(tmp_path):
    """A private copy of the shipped edition, built once (so its base is recorded)."""
    root = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, root, ignore=shutil.ignore_patterns(BASE_DIR))
    result = CliRunner().invoke(main, ["build", "--edition", str(root), "-o",
                                       str(tmp_path / "out"), "-j", "1", "tei"])
    assert result.exit_code == 0, result.output
    return root


def _today(edition: Path) -> str:
    return without_xml_models((edition / "tei" / NAME).read_bytes()).decode("utf-8")


def _play_back(edition: Path, *corrections: str) -> str:
    """Set the converter's last output to the older text, the editor's file to that text
    corrected; give what the merge must make of it."""
    today = _today(edition)
    assert today.count(NEW) == 1
    base = today.replace(NEW, OLD)
    (edition / BASE_DIR / NAME).write_text(base, encoding="utf-8")
    ours = base
    expected = today
    for kind in corrections:
        ours, expected = CORRECTIONS[kind](ours), CORRECTIONS[kind](expected)
    path = edition / "tei" / NAME
    head = path.read_text(encoding="utf-8").split("\n", 3)[:3]  # declaration and PIs kept
    path.write_text("\n".join(head) + "\n" + ours.split("\n", 1)[1], encoding="utf-8")
    return expected


def _update(edition: Path, out: Path):
    return CliRunner().invoke(main, ["build", "--edition", str(edition), "-o", str(out), "-j",
                                     "1", "tei", "--update"])


def test_the_base_is_recorded_in_the_edition_and_ships_with_it(edition):
    for path in (edition / "tei").glob("*.xml"):
        assert (edition / BASE_DIR / path.name).read_bytes() == without_xml_models(
            path.read_bytes())
    for path in (DEFAULT_EDITION / "tei").glob("*.xml"):  # the shipped edition's own
        assert (DEFAULT_EDITION / BASE_DIR / path.name).read_bytes() == without_xml_models(
            path.read_bytes()), "run `tei build tei` and commit edition/.converted/"


def test_corrections_of_every_kind_are_kept_and_the_improvement_taken(edition, tmp_path):
    expected = _play_back(edition, *CORRECTIONS)
    result = _update(edition, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "1 merged with your corrections" in result.output
    assert _today(edition) == expected
    assert NEW in expected and "Checked against the scan." in expected
    assert validate([edition / "tei" / NAME]).errors == 0
    # the new base is today's conversion; no proposal is left
    assert (edition / BASE_DIR / NAME).read_text(encoding="utf-8").count(NEW) == 1
    assert not (edition / "tei" / (NAME + PROPOSAL)).exists()
    # the other documents, uncorrected, are as the converter writes them
    assert "2 unchanged" in result.output


def test_a_change_on_both_sides_of_one_place_is_a_located_conflict(edition, tmp_path):
    _play_back(edition, "a word corrected")
    path = edition / "tei" / NAME
    text = path.read_text(encoding="utf-8").replace(OLD, "Stock adjustment is progressing")
    path.write_text(text, encoding="utf-8")
    result = _update(edition, tmp_path / "out")
    assert result.exit_code == 1
    line = _line_of(text, "Stock adjustment is progressing") + 1
    assert f"{path}:{line}:1: warning: conflict: you changed lines the converter changes" \
        in result.output
    assert "yours: «" in result.output and "Stock adjustment is progressing" in result.output
    assert "the converter's: «" in result.output and NEW in result.output
    assert path.read_text(encoding="utf-8") == text  # the editor's file, untouched
    proposal = edition / "tei" / (NAME + PROPOSAL)
    assert NEW in proposal.read_text(encoding="utf-8")
    assert "First, concerning" not in proposal.read_text(encoding="utf-8")
    # the base stays the old one, so the next update merges again
    assert OLD in (edition / BASE_DIR / NAME).read_text(encoding="utf-8")


def test_a_merge_that_would_not_be_valid_is_a_conflict(edition, tmp_path):
    _play_back(edition)
    path = edition / "tei" / NAME
    # the editor gives a speaker's turn an id that another element has, on a line of its own
    text = path.read_text(encoding="utf-8")
    text = _edit(text, 'xml:id="cable-1468-en-sp6-p1"', 'xml:id="cable-1468-en-sp6-p1"',
                 'xml:id="cable-1468-en-sp5-p1"')
    path.write_text(text, encoding="utf-8")
    result = _update(edition, tmp_path / "out")
    assert result.exit_code == 1
    assert "conflict: the merge of your changes and the converter's" in result.output
    assert path.read_text(encoding="utf-8") == text
    assert (edition / "tei" / (NAME + PROPOSAL)).is_file()


def test_without_update_nothing_of_the_editor_changes(edition, tmp_path):
    _play_back(edition, "a word corrected")
    before = (edition / "tei" / NAME).read_bytes()
    result = CliRunner().invoke(main, ["build", "--edition", str(edition), "-o",
                                       str(tmp_path / "out"), "-j", "1", "tei"])
    assert f"{edition / 'tei' / NAME}: differs from what the converter writes now" in \
        result.output
    assert (edition / "tei" / NAME).read_bytes() == before


def test_a_missing_base_keeps_the_file_and_proposes():
    result = merge_document(NAME, "x.xml", None, b"<a>1</a>\n", b"<a>2</a>\n")
    assert result.state == "no-base" and result.text is None
    assert "no record of what it wrote before" in result.problems[0].message


def test_a_merge_that_is_not_well_formed_is_a_conflict():
    base = b"<a>\n<b>x</b>\n<c>y</c>\n</a>\n"
    ours = b"<a>\n<b>x</b>\n<c>y</c>\n<d>\n</a>\n"  # the editor opened an element...
    theirs = b"<a>\n<b>z</b>\n<c>y</c>\n</a>\n"
    assert merge_document(NAME, "x.xml", base, theirs, theirs).state == "same"
    result = merge_document(NAME, "x.xml", base, ours, theirs)
    assert result.state == "conflict" and "not well-formed" in result.problems[0].message


# --- lines (merge3) or the tree (xmldiff)? --------------------------------------------------


def _xmldiff_merge(base: str, ours: str, theirs: str) -> str | None:
    """The tree merge: the editor's edits (xmldiff from base to ours) applied to the new
    conversion; None when they do not apply (a conflict)."""
    from xmldiff import main as xd

    def tree(text):
        return etree.fromstring(text.encode("utf-8"))

    try:
        actions = xd.diff_trees(tree(base), tree(ours))
        return etree.tostring(xd.patch_tree(actions, tree(theirs)), encoding="unicode")
    except Exception:  # noqa: BLE001 - a patch that does not apply is a conflict
        return None


def _canonical(text: str | bytes | None) -> str | None:
    if text is None:
        return None
    data = text.encode("utf-8") if isinstance(text, str) else text
    return etree.tostring(etree.fromstring(data), method="c14n").decode("utf-8")


def test_lines_give_no_more_false_conflicts_than_the_tree(edition):
    """Each kind of correction, against two converter changes: the text of a paragraph, and
    an element added before the corrected places (the converter learned to mark a part).
    The line merge must be right in every case; the tree merge is measured beside it."""
    pytest.importorskip("xmldiff")
    today = _today(edition)
    body = today.split("\n", 1)[1]  # without the XML declaration
    improvements = {
        "a paragraph's text": (body.replace(NEW, OLD), body),
        "an element added before": (
            body,
            _edit(body, 'xml:id="cable-1468-en-sp1"', 'corresp="#cable-1468-ja-sp1">',
                  'corresp="#cable-1468-ja-sp1"><stage type="delivery">(aside)</stage>')),
    }
    scores = {"merge3": 0, "xmldiff": 0}
    for improvement, (old, new) in improvements.items():
        for kind, correct in CORRECTIONS.items():
            base, theirs = old, new
            ours, expected = correct(base), correct(theirs)
            lines = merge_document(NAME, "x.xml", base.encode(), ours.encode(), theirs.encode())
            assert lines.state == "merged", (improvement, kind, lines.problems)
            assert _canonical(lines.text) == _canonical(expected), (improvement, kind)
            scores["merge3"] += 1
            tree = _xmldiff_merge(base, ours, theirs)
            scores["xmldiff"] += _canonical(tree) == _canonical(expected)
    assert scores["merge3"] == 2 * len(CORRECTIONS)
    assert scores["merge3"] >= scores["xmldiff"], scores
    print(f"right merges of {2 * len(CORRECTIONS)}: {scores}")


def test_a_correction_where_the_converter_changed_is_reported_not_lost(edition):
    """The editor corrected a word of the sentence whose text the converter changed: the
    line merge says so (a conflict); the tree merge applies the editor's text over the
    converter's without a word, and the improvement is lost. (In another sentence of the
    paragraph, the correction is merged: NEAR, below.)"""
    pytest.importorskip("xmldiff")
    today = _today(edition).split("\n", 1)[1]
    base, theirs = today.replace(NEW, OLD), today
    ours = _edit(base, P1, "for both households", "for both families")
    lines = merge_document(NAME, "x.xml", base.encode(), ours.encode(), theirs.encode())
    assert lines.state == "conflict"
    tree = _xmldiff_merge(base, ours, theirs)
    assert tree is not None and "for both families" in tree and NEW not in tree


# --- corrections next to the converter's change ---------------------------------------------

#: The converter's second change: an element added (a stage direction) at the turn's start.
STAGE = ('corresp="#cable-1468-ja-sp1">',
         'corresp="#cable-1468-ja-sp1"><stage type="delivery">(aside)</stage>')


def _near(marker: str, old: str, new: str):
    return lambda t: _edit(t, marker, old, new)


#: Corrections of each kind on the lines the converter changes or the next ones: nothing of
#: what they change is changed by the converter, so a right merge keeps both.
NEAR = {
    "a word corrected, the same paragraph": _near(P1, "First, speaking", "First, talking"),
    "a note added at the paragraph's end": _near(
        P1, "domestic demand.</p>",
        'domestic demand.<note type="editorial">Checked against the scan.</note></p>'),
    "an attribute changed, the paragraph's": _near(
        P1, P1 + ">", P1 + ' corresp="#cable-1468-ja-sp1-p1">'),
    "an element added, the same paragraph": _near(
        P1, "in the United States", "in <placeName>the United States</placeName>"),
    "a word corrected, the line above": _near(
        "<speaker>(Prime Minister)", "(Prime Minister)", "(Prime Minister Hosokawa)"),
    "a word corrected, the line below": _near(
        'xml:id="cable-1468-en-sp1-p2"', "I understand that", "I see that"),
}
#: The same beside the converter's stage direction (the turn's first line).
NEAR_STAGE = {
    "an attribute changed, the same start tag": _near(
        SP1, 'who="#hosokawa-morihiro"', 'who="#hata-tsutomu"'),
    "a word corrected, the line below": NEAR["a word corrected, the line above"],
}
#: Both change one sentence: a conflict, which a right merge reports.
BOTH = {
    "a word of the sentence": _near(P1, "for both households", "for both families"),
    "the same words": _near(P1, OLD, "Inventory adjustment is advancing"),
}


@pytest.mark.parametrize("kind", sorted(NEAR))
def test_a_correction_next_to_the_converters_change_is_merged(edition, kind):
    today = _today(edition).split("\n", 1)[1]
    base, theirs = today.replace(NEW, OLD), today
    ours, expected = NEAR[kind](base), NEAR[kind](theirs)
    merged = merge_document(NAME, "x.xml", base.encode(), ours.encode(), theirs.encode())
    assert merged.state == "merged", merged.problems
    assert merged.text.decode("utf-8") == expected
    # on lines alone, it was a conflict: no unchanged line lies between the two changes
    assert merge_document(NAME, "x.xml", base.encode(), ours.encode(), theirs.encode(),
                          finer=False).state == "conflict"


def test_corrections_next_to_the_converters_change_all_merged_and_valid(edition, tmp_path):
    """Every near correction at once, through `tei build tei --update`: one block of lines
    for merge3, merged on its tags and sentences, and the result valid."""
    expected = _play_back(edition)
    path = edition / "tei" / NAME
    text = path.read_text(encoding="utf-8")
    for correct in NEAR.values():
        text, expected = correct(text), correct(expected)
    path.write_text(text, encoding="utf-8")
    result = _update(edition, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "1 merged with your corrections" in result.output
    assert _today(edition) == expected
    assert validate([path]).errors == 0


@given(st.lists(st.sampled_from(["<p>", "</p>", "<", ">", " ", "\n", ".", "!", "a", "é",
                                   'x="1"', "<pb/>", "<!-- a > b -->", "\t"])))
def test_the_units_of_the_finer_merge_join_into_what_they_were_cut_from(parts):
    data = "".join(parts).encode("utf-8")
    assert b"".join(_units([data])) == data


def test_sentences_and_tags_are_units():
    line = b'  <p xml:id="a">One. Two!  Three<pb/>four.</p>\n'
    assert _units([line]) == [b"  ", b'<p xml:id="a">', b"One.", b" ", b"Two!", b"  ",
                              b"Three", b"<pb/>", b"four.", b"</p>", b"\n"]


def test_a_file_your_xml_editor_indented_again_still_merges(edition):
    """An XML editor's "format and indent" changes every line's indentation: to merge3 the
    whole document is one block of changes; on its units, only white space differs."""
    import re

    def indent(text: str) -> str:
        return re.sub(r"(?m)^( +)", lambda m: m.group(1) * 2, text)

    today = _today(edition)
    base = today.replace(NEW, OLD)
    ours = indent(CORRECTIONS["a word corrected"](base))
    merged = merge_document(NAME, "x.xml", base.encode(), ours.encode(), today.encode())
    assert merged.state == "merged", merged.problems
    assert merged.text.decode("utf-8") == indent(CORRECTIONS["a word corrected"](today))


def test_two_conflicts_in_one_block_are_each_located(edition):
    today = _today(edition).split("\n", 1)[1]
    base = today.replace(NEW, OLD).replace("I understand that", "I understood that")
    theirs = today
    ours = _edit(_edit(base, P1, OLD, "Stock adjustment is progressing"),
                 'xml:id="cable-1468-en-sp1-p2"', "I understood that", "I see that")
    merged = merge_document(NAME, "x.xml", base.encode(), ours.encode(), theirs.encode())
    assert merged.state == "conflict"
    assert [p.line for p in merged.problems] == [_line_of(ours, P1) + 1,
                                                  _line_of(ours, "I see that") + 1]
    assert "«I see that" in merged.problems[1].message
    assert "«I understand that" in merged.problems[1].message


def test_the_measure_lines_tree_and_lines_refined(edition, capsys):
    """The figures of docs/guide/update-keeping-corrections.md (and of tei/update.py): each
    merge on the corrections far from the converter's changes, next to them, and on the
    same sentence. A wrong merge (silent: the result is neither the expected document nor a
    conflict) loses a change unseen; a false conflict costs the editor a look."""
    pytest.importorskip("xmldiff")
    today = _today(edition).split("\n", 1)[1]
    text_change = (today.replace(NEW, OLD), today)
    stage = (today, _edit(today, SP1, *STAGE))
    cases = [("far", kind, fix, change) for kind, fix in CORRECTIONS.items()
             for change in (text_change, stage)]
    cases += [("near", kind, fix, text_change) for kind, fix in NEAR.items()]
    cases += [("near", kind, fix, stage) for kind, fix in NEAR_STAGE.items()]
    cases += [("both", kind, fix, text_change) for kind, fix in BOTH.items()]

    def lines(base, ours, theirs, finer):
        merged = merge_document(NAME, "x.xml", base.encode(), ours.encode(), theirs.encode(),
                                finer=finer)
        return merged.text.decode("utf-8") if merged.state == "merged" else None

    merges = {"lines": lambda *a: lines(*a, finer=False),
              "lines, refined": lambda *a: lines(*a, finer=True),
              "tree": _xmldiff_merge}
    figures = {}
    for merge_name, merge in merges.items():
        counts = dict.fromkeys(("far right", "near right", "false conflicts", "wrong",
                                "conflicts reported"), 0)
        for group, _kind, fix, (old, new) in cases:
            out = merge(old, fix(old), new)
            if group == "both":
                counts["conflicts reported" if out is None else "wrong"] += 1
            elif out is None:
                counts["false conflicts"] += 1
            elif _canonical(out) == _canonical(fix(new)):
                counts[f"{group} right"] += 1
            else:
                counts["wrong"] += 1
        figures[merge_name] = counts
    with capsys.disabled():
        print(f"\nof {len(CORRECTIONS) * 2} far, {len(NEAR) + len(NEAR_STAGE)} near, "
              f"{len(BOTH)} on one sentence:")
        for merge_name, counts in figures.items():
            print(f"  {merge_name}: {counts}")
    assert figures["lines"] == {"far right": 8, "near right": 0, "false conflicts": 8,
                                "wrong": 0, "conflicts reported": 2}
    assert figures["lines, refined"] == {"far right": 8, "near right": 7,
                                         "false conflicts": 1, "wrong": 0,
                                         "conflicts reported": 2}
    # the tree merge as xmldiff 3.0 does it: if this changes, update the figures in the docs
    assert figures["tree"] == {"far right": 8, "near right": 5, "false conflicts": 0,
                               "wrong": 5, "conflicts reported": 0}


def test_the_converted_folder_is_read_a_document_at_a_time(tmp_path):
    """`tei build tei --update` takes the converter's folder as a mapping that reads each file
    when it is asked for (it held the bytes of every document at once: 300 MB at 10,000)."""
    from tei.update import ConvertedFolder

    for name in ("b.xml", "a.xml"):
        (tmp_path / name).write_bytes(b"<TEI/>")
    (tmp_path / "notes.txt").write_text("not a document", "utf-8")
    folder = ConvertedFolder(tmp_path)
    assert list(folder) == ["a.xml", "b.xml"] and len(folder) == 2
    (tmp_path / "a.xml").write_bytes(b"<TEI>now</TEI>")
    assert folder["a.xml"] == b"<TEI>now</TEI>"  # read when asked, not when listed
    with pytest.raises(KeyError):
        folder["notes.txt"]
