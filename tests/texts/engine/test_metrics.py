import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.texts.engine.metrics import document_counts, paragraphs_with_brackets, stats
from parley.texts.engine.notation import parse

from .strategies import DEEP, DEEPLY_NESTED, NESTING, PIECES

GOLDEN = Path(__file__).parent / "golden"
PARIS = Path(__file__).resolve().parents[2] / "data" / "negotiating-texts" / "paris-2015"
REAL_DRAFTS = {
    "paris-agreement-2015-10-23": PARIS / "agreement-2015-10-23.md",
    "paris-decision-draft": PARIS / "decision-draft.md",
}


@pytest.mark.parametrize("name", sorted(p.name[: -len("_in.md")] for p in GOLDEN.glob("*_in.md")))
def test_golden_stats_match_expected_json(name):
    text = (GOLDEN / f"{name}_in.md").read_text()
    expected = json.loads((GOLDEN / f"{name}_out.json").read_text())
    assert stats(parse(text)) == expected


@pytest.mark.parametrize("name", sorted(REAL_DRAFTS))
def test_golden_stats_of_real_drafts_match_expected_json(name):
    text = REAL_DRAFTS[name].read_text()
    expected = json.loads((GOLDEN / f"{name}_out.json").read_text())
    assert stats(parse(text)) == expected


def test_paris_agreement_counts_about_a_thousand_brackets():
    counts = document_counts(parse((PARIS / "agreement-2015-10-23.md").read_text()))
    # 1,052 "[" in the file: 24 are footnote markers, 3 a link and its definition, 2 sit in
    # footnotes; every other one opens unagreed text.
    assert counts.brackets == 1023
    assert counts.footnote_brackets == 2


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_total_brackets_are_the_sum_of_the_sections(text):
    result = stats(parse(text))
    assert result["brackets"] == sum(section["brackets"] for section in result["sections"])
    assert result["brackets"] + result["footnote_brackets"] <= text.count("[")


def test_sections_follow_headings_and_count_their_own_brackets():
    text = "Intro.\n\n## Article 1\n\n[a]\n\n## [Article 2] *(b)*\n\n[b][c]\n"
    result = stats(parse(text))
    assert [(s["heading"], s["brackets"]) for s in result["sections"]] == [
        ("", 0),
        ("Article 1", 1),
        ("[Article 2] *(b)*", 3),
    ]
    assert result["brackets"] == 4


def test_200000_nested_brackets_are_counted():
    result = stats(parse(DEEPLY_NESTED))
    assert (result["brackets"], result["paragraphs"], result["warnings"]) == (DEEP, 1, [])


def test_brackets_carried_over_paragraphs_are_counted_once():
    text = "[" * DEEP + "a\n\n" + "Parties shall act.\n\n" * 20 + "end" + "]" * DEEP + "\n"
    counts = document_counts(parse(text))
    assert (counts.brackets, counts.paragraphs) == (DEEP, 22)


@settings(max_examples=200, deadline=None)
@given(NESTING)
def test_every_bracket_counted_opens_in_the_text(text):
    document = parse(text)
    counts = document_counts(document)
    unclosed = sum(w.message.startswith("unclosed") for w in document.warnings)
    stray = sum(w.message.startswith("stray") for w in document.warnings)
    assert counts.brackets + counts.footnote_brackets == text.count("[") - text.count("[^1]")
    assert (
        text.count("]") - text.count("[^1]")
        == counts.brackets + counts.footnote_brackets - unclosed + stray
    )


def test_paragraphs_with_brackets_counts_where_disagreement_sits():
    body = (
        "# Article 1 [- NORTH]\n\n"
        "1. The Parties [shall][should] act [now].\n\n"
        "2. Agreed text. [Agreed ad ref]\n\n"
        "3. See [the annex](https://example.org).\n\n"
        "**Option 1:** [Monitors] shall report.\n\n"
        "**Option 2:** No text\n"
    )
    # the heading, paragraph 1 and option 1; not the agreed paragraph, nor a link
    assert paragraphs_with_brackets(parse(body)) == 3


def test_a_text_without_brackets_has_no_bracketed_paragraph():
    assert paragraphs_with_brackets(parse("1. Agreed.\n\n2. Also agreed.\n")) == 0
