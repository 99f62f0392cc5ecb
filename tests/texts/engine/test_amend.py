"""The amendment engine alone: plain strings in, plain strings out."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.texts.engine.amend import (
    INSERT,
    KINDS,
    LIFT,
    Amendment,
    AmendmentError,
    amend,
    attribution_label,
    bracket_count,
    normalise,
    paragraph_numbers,
)
from parley.texts.engine.notation import (
    Bracket,
    Paragraph,
    iter_blocks,
    iter_inline,
    parse,
    render_inline,
)

from .strategies import DEEP, DEEPLY_NESTED, NESTING

BODY = """# Article 1

1. The Parties [shall][should - SOUTH] cooperate on the border.

2. Each Party shall report [annually].

2bis. Trade [will / may] grow.

# Article 2

1. Each Party shall report on trade.
"""


def _amend(kind: str, **fields) -> str:
    return amend(BODY, Amendment(kind, **fields), label="NORTH").body


def _line(body: str, start: str) -> str:
    return next(line for line in body.splitlines() if line.startswith(start))


def test_insert_after_the_quote_enters_bracketed_and_signed():
    body = _amend("insert", paragraph="1", target="cooperate", text="closely")
    assert _line(body, "1. The") == (
        "1. The Parties [shall][should - SOUTH] cooperate [closely - NORTH] on the border."
    )


def test_insert_signature_is_read_back_as_the_party_by_the_notation():
    body = _amend("insert", paragraph="2", text="in writing")
    signed = [
        (render_inline(node.children), node.party)
        for block in iter_blocks(parse(body).sections[0].blocks)
        if isinstance(block, Paragraph)
        for node in iter_inline(block.children)
        if isinstance(node, Bracket) and node.party
    ]
    assert signed == [("should - SOUTH", "SOUTH"), ("in writing - NORTH", "NORTH")]


def test_insert_without_quote_goes_to_the_end_of_the_paragraph():
    body = _amend("insert", paragraph="2", text="in writing")
    assert _line(body, "2. Each") == "2. Each Party shall report [annually]. [in writing - NORTH]"


def test_replace_agreed_text_brackets_it_beside_the_new_alternative():
    body = _amend("replace", target="on the border", text="along the line")
    assert "cooperate [on the border][along the line - NORTH]." in body
    assert bracket_count(body) == bracket_count(BODY) + 2


def test_replace_a_bracket_adds_an_alternative_to_it():
    body = _amend("replace", target="[annually]", text="every two years")
    assert "report [annually][every two years - NORTH]." in body


def test_alternative_may_propose_no_text():
    body = _amend("alternative", target="[annually]", text="")
    assert "report [annually][ - NORTH]." in body


def test_alternative_needs_a_bracket():
    with pytest.raises(AmendmentError, match="Quote the bracket"):
        _amend("alternative", target="Each Party shall report [annually]", text="x")


def test_delete_agreed_text_only_brackets_it():
    result = amend(BODY, Amendment("delete", target="Trade"), label="NORTH")
    assert "2bis. [Trade] [will / may] grow." in result.body
    assert result.needs_consent is False


def test_delete_bracketed_text_removes_it_and_needs_consent():
    result = amend(BODY, Amendment("delete", target="[annually]"), label="NORTH")
    assert _line(result.body, "2. Each") == "2. Each Party shall report."
    assert result.needs_consent is True


def test_lift_removes_the_brackets_and_the_signature():
    body = BODY.replace("[annually]", "[annually - SOUTH]")
    result = amend(body, Amendment("lift", target="[annually - SOUTH]"), label="NORTH")
    assert _line(result.body, "2. Each") == "2. Each Party shall report annually."
    assert (result.needs_consent, result.brackets) == (True, bracket_count(body) - 1)


def test_lift_of_one_alternative_is_refused():
    with pytest.raises(AmendmentError, match="choose one"):
        _amend("lift", target="[shall]")


def test_choose_one_alternative_of_a_set_closes_every_bracket_of_it():
    result = amend(
        BODY, Amendment("choose", target="[shall][should - SOUTH]", text="should"), label="NORTH"
    )
    assert _line(result.body, "1. The") == "1. The Parties should cooperate on the border."
    assert result.brackets == bracket_count(BODY) - 2


def test_choose_inside_one_bracket():
    body = _amend("choose", target="[will / may]", text="may")
    assert "2bis. Trade may grow." in body


def test_choose_something_not_offered_is_refused():
    with pytest.raises(AmendmentError, match="one of the alternatives"):
        _amend("choose", target="[will / may]", text="must")


def test_status_is_appended_to_the_paragraph():
    body = _amend("status", paragraph="2bis", text="Agreed ad ref")
    assert "2bis. Trade [will / may] grow. [Agreed ad ref]" in body


def test_status_replaces_an_earlier_status():
    body = BODY.replace("grow.", "grow. [Agreed]")
    result = amend(body, Amendment("status", paragraph="2bis", text="Agreed ad ref"), label="N")
    assert "grow. [Agreed ad ref]" in result.body
    assert "[Agreed]" not in result.body


def test_status_must_read_agreed():
    with pytest.raises(AmendmentError, match="status"):
        _amend("status", paragraph="2bis", text="Nearly there")


def test_whole_text_replaces_everything_by_consent():
    result = amend(BODY, Amendment("whole", text="1. Peace.\r\n"), label="NORTH")
    assert (result.body, result.needs_consent, result.brackets) == ("1. Peace.\n", True, 0)


def test_a_quote_found_twice_is_refused():
    with pytest.raises(AmendmentError, match="appears 2 times"):
        _amend("insert", target="Each Party shall report", text="x")


def test_a_paragraph_number_narrows_a_quote_but_may_repeat_across_articles():
    with pytest.raises(AmendmentError, match="appears 2 times in paragraph 1"):
        _amend("insert", paragraph="1", target="shall", text="x")
    body = _amend("insert", paragraph="1", target="on trade", text="and services")
    assert "report on trade [and services - NORTH]." in body


def test_a_missing_quote_or_paragraph_is_refused():
    with pytest.raises(AmendmentError, match="not in the text"):
        _amend("insert", target="ceasefire", text="x")
    with pytest.raises(AmendmentError, match="no paragraph 9"):
        _amend("insert", paragraph="9", text="x")


def test_a_quote_that_cuts_a_bracket_is_refused():
    with pytest.raises(AmendmentError, match="whole brackets"):
        _amend("replace", target="shall][should", text="x")


def test_new_text_cannot_bring_its_own_brackets():
    with pytest.raises(AmendmentError, match="square brackets"):
        _amend("insert", target="cooperate", text="fully]")


def test_an_unknown_kind_is_refused():
    with pytest.raises(AmendmentError, match="Unknown kind"):
        _amend("rewrite", target="cooperate", text="x")


def test_paragraph_numbers_in_reading_order_each_once():
    assert paragraph_numbers(BODY) == ["1", "2", "2bis"]


def test_attribution_label_is_the_code_in_capitals():
    assert attribution_label("north-east") == "NORTH_EAST"


def test_normalise_drops_the_bom_and_carriage_returns():
    assert normalise("\ufeffa\r\nb\rc") == "a\nb\nc"


def test_insert_into_200000_nested_brackets():
    amended = amend(DEEPLY_NESTED, Amendment(INSERT, target="x", text="closely"), label="NORTH")
    assert amended.body == "[" * DEEP + "x [closely - NORTH]" + "]" * DEEP
    assert (amended.brackets, amended.needs_consent) == (DEEP + 1, False)


def test_lift_the_innermost_of_200000_nested_brackets():
    amended = amend(DEEPLY_NESTED, Amendment(LIFT, target="[x]"), label="NORTH")
    assert amended.body == "[" * (DEEP - 1) + "x" + "]" * (DEEP - 1)
    assert (amended.brackets, amended.needs_consent) == (DEEP - 1, True)


def test_paragraph_numbers_of_200000_nested_brackets():
    assert paragraph_numbers("1. " + DEEPLY_NESTED + "\n\n2. [a]\n") == ["1", "2"]


@settings(max_examples=200, deadline=None)
@given(NESTING, st.sampled_from(KINDS), st.integers(0, 3100), st.integers(0, 40), NESTING)
def test_any_amendment_of_any_nesting_applies_or_is_refused_with_a_reason(
    body, kind, start, length, text
):
    amendment = Amendment(kind, target=body[start : start + length], text=text)
    try:
        amended = amend(body, amendment, label="NORTH")
    except AmendmentError as error:
        assert str(error)
        return
    if not amended.needs_consent:  # an additive amendment keeps every character in order
        remaining = iter(amended.body)
        assert all(character in remaining for character in body)
    assert amended.brackets == bracket_count(amended.body)
