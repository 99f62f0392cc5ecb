from pathlib import Path

from hypothesis import given, settings

from parley.texts.engine.notation import parse
from parley.texts.engine.redline import (
    COMPARE_AT_MOST,
    RedlineOp,
    align_sections,
    diff_as_dict,
    diff_texts,
    redline,
    redline_markup,
)

from .strategies import DEEP, DEEPLY_NESTED, NESTING

PARIS = Path(__file__).resolve().parents[2] / "data" / "negotiating-texts" / "paris-2015"
AGREEMENT = PARIS / "agreement-2015-10-23.md"


def aligned_titles(old: str, new: str) -> list[tuple[str | None, str | None]]:
    pairs = align_sections(parse(old).sections, parse(new).sections)
    return [(a.title if a else None, b.title if b else None) for a, b in pairs]


def test_sections_align_by_heading():
    old = "## Article 1\n\nA [x].\n\n## Article 2\n\nB.\n"
    new = "## Article 1\n\nA.\n\n## Article 2\n\nB.\n"
    assert aligned_titles(old, new) == [("Article 1", "Article 1"), ("Article 2", "Article 2")]


def test_renumbered_sections_align_by_their_name():
    old = "## Article 3 *(mitigation)*\n\nA.\n\n## Article 4 *(adaptation)*\n\nB.\n"
    new = (
        "## Article 3 *(purpose)*\n\nP.\n\n"
        "## Article 4 *(mitigation)*\n\nA.\n\n## Article 5 *(adaptation)*\n\nB.\n"
    )
    assert aligned_titles(old, new) == [
        (None, "Article 3 *(purpose)*"),
        ("Article 3 *(mitigation)*", "Article 4 *(mitigation)*"),
        ("Article 4 *(adaptation)*", "Article 5 *(adaptation)*"),
    ]


def test_renamed_section_aligns_by_its_content():
    body = "1. Parties shall cooperate on [finance] and technology transfer.\n"
    old = f"## Finance\n\n{body}\n## Removed\n\nGone entirely.\n"
    new = f"## Means of implementation\n\n{body}"
    assert aligned_titles(old, new) == [
        ("Finance", "Means of implementation"),
        ("Removed", None),
    ]


def test_redline_refines_a_changed_line_to_words():
    ops = redline("Parties [shall][should] act.\n", "Parties [shall] act now.\n")
    assert ops == [
        RedlineOp("equal", "Parties [shall]"),
        RedlineOp("delete", "[should]"),
        RedlineOp("equal", " act"),
        RedlineOp("insert", " now"),
        RedlineOp("equal", ".\n"),
    ]


def test_redline_of_inserted_paragraph_is_one_insert():
    ops = redline("1. A.\n\n", "1. A.\n\n2bis. New [text].\n")
    assert ops == [RedlineOp("equal", "1. A.\n\n"), RedlineOp("insert", "2bis. New [text].\n")]


def test_redline_markup_marks_deletions_and_insertions():
    ops = [RedlineOp("equal", "a "), RedlineOp("delete", "[b]"), RedlineOp("insert", "c")]
    assert redline_markup(ops) == "a {-[b]-}{+c+}"


def test_redline_replays_to_both_versions():
    old = AGREEMENT.read_text()
    new = old.replace("[shall][should]", "shall").replace("## Article 13 *(secretariat)*\n", "")
    for change in diff_texts(old=old, new=new).sections:
        before = "".join(op.text for op in change.redline if op.op != "insert")
        after = "".join(op.text for op in change.redline if op.op != "delete")
        assert (before == "") == (change.heading_before is None)
        assert (after == "") == (change.heading_after is None)


def test_diff_counts_brackets_before_and_after_per_section():
    old = "## Article 1\n\n[a][b] [c]\n\n## Article 2\n\n[d]\n"
    new = "## Article 1\n\na [c]\n\n## Article 2\n\n[d]\n\n## Article 3\n\n[e]\n"
    result = diff_as_dict(diff_texts(old=old, new=new))
    summary = [
        (s["heading"], s["status"], s["brackets_before"], s["brackets_after"])
        for s in result["sections"]
    ]
    assert summary == [
        ("Article 1", "changed", 3, 1),
        ("Article 2", "unchanged", 1, 1),
        ("Article 3", "added", 0, 1),
    ]
    assert (result["brackets_before"], result["brackets_after"]) == (4, 3)


def test_diff_of_a_text_with_itself_changes_nothing():
    text = AGREEMENT.read_text()
    result = diff_as_dict(diff_texts(old=text, new=text))
    assert {section["status"] for section in result["sections"]} == {"unchanged"}
    assert result["brackets_before"] == result["brackets_after"] == 1023


def test_redline_of_200000_nested_brackets_replays_to_both_versions():
    old = DEEPLY_NESTED + "\n"
    new = "[" * DEEP + "y" + "]" * DEEP + "\n"
    diff = diff_texts(old=old, new=new)
    (change,) = diff.sections
    assert "".join(op.text for op in change.redline if op.op != "insert") == old
    assert "".join(op.text for op in change.redline if op.op != "delete") == new
    assert [op.text for op in change.redline if op.op != "equal"] == ["x", "y"]
    assert (diff.brackets_before, diff.brackets_after) == (DEEP, DEEP)


@settings(max_examples=100, deadline=None)
@given(NESTING, NESTING)
def test_redline_of_any_nesting_replays_to_both_texts(old, new):
    ops = redline(old, new)
    assert "".join(op.text for op in ops if op.op != "insert") == old
    assert "".join(op.text for op in ops if op.op != "delete") == new
    for change in diff_texts(old=old, new=new).sections:
        assert change.brackets_before >= 0 and change.brackets_after >= 0


def test_a_long_changed_middle_is_deleted_and_inserted_whole_between_kept_ends():
    # 1,201 words and spaces against 1,201: more pairs than are compared one by one
    old_middle, new_middle = "x" + " [" * 600, "y" + " ]" * 600
    assert 1201 * 1201 > COMPARE_AT_MOST
    ops = redline(f"Keep. {old_middle} and the end.\n", f"Keep. {new_middle} and the end.\n")
    assert ops == [
        RedlineOp("equal", "Keep. "),
        RedlineOp("delete", old_middle),
        RedlineOp("insert", new_middle),
        RedlineOp("equal", " and the end.\n"),
    ]
