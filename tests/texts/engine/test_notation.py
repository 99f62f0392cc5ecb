from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.texts.engine.metrics import document_counts
from parley.texts.engine.notation import (
    AlternativeSet,
    Bracket,
    FootnoteDefinition,
    FootnoteRef,
    Link,
    LinkDefinition,
    OptionSet,
    Paragraph,
    ParseWarning,
    Placeholder,
    StatusTag,
    StrayClose,
    Text,
    iter_blocks,
    iter_inline,
    parse,
    render,
    render_inline,
)

from .strategies import DEEP, DEEPLY_NESTED, NESTING, PIECES, RICH_ALPHABET

PARIS = Path(__file__).resolve().parents[2] / "data" / "negotiating-texts" / "paris-2015"


def first_paragraph(text: str) -> Paragraph:
    for section in parse(text).sections:
        for block in iter_blocks(section.blocks):
            if isinstance(block, Paragraph):
                return block
    raise AssertionError("no paragraph")


def paragraphs(text: str) -> list[Paragraph]:
    return [
        block
        for section in parse(text).sections
        for block in iter_blocks(section.blocks)
        if isinstance(block, Paragraph)
    ]


# ------------------------------------------------------------------------------ golden


def test_paris_agreement_reports_its_unbalanced_brackets_by_line():
    document = parse((PARIS / "agreement-2015-10-23.md").read_text())
    stray = [w.line for w in document.warnings if w.message.startswith("stray")]
    unclosed = [w.line for w in document.warnings if w.message.startswith("unclosed")]
    assert stray == [24, 30, 117, 402, 422, 440, 536, 538, 628, 789]
    assert unclosed == [50, 81, 237, 293, 297, 345, 498, 583, 869]


# -------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("path", sorted(PARIS.glob("*.md")), ids=lambda p: p.name)
def test_render_reproduces_real_drafts_byte_for_byte(path):
    text = path.read_text()
    assert render(parse(text)) == text


@settings(max_examples=400, deadline=None)
@given(st.lists(RICH_ALPHABET, max_size=80).map("".join))
def test_render_reproduces_any_character_soup(text):
    assert render(parse(text)) == text


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_render_reproduces_texts_built_from_notation_pieces(text):
    assert render(parse(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_render_reproduces_arbitrary_unicode(text):
    assert render(parse(text)) == text


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_every_stray_close_is_reported_once(text):
    document = parse(text)
    stray_nodes = 0
    for section in document.sections:
        nodes = list(section.heading.children) if section.heading else []
        for block in iter_blocks(section.blocks):
            if isinstance(block, Paragraph | FootnoteDefinition):
                nodes.extend(block.children)
        stray_nodes += sum(isinstance(node, StrayClose) for node in iter_inline(nodes))
    stray_warnings = sum(w.message.startswith("stray") for w in document.warnings)
    assert stray_nodes == stray_warnings


# ----------------------------------------------------------------------------- brackets


def test_adjacent_brackets_are_alternatives():
    paragraph = first_paragraph("Parties [shall][should] act\n")
    assert paragraph.children == [
        Text("Parties "),
        AlternativeSet(
            brackets=[Bracket([Text("shall")], line=1), Bracket([Text("should")], line=1)]
        ),
        Text(" act"),
    ]


def test_brackets_separated_by_a_space_are_not_alternatives():
    paragraph = first_paragraph("[a] [b]\n")
    assert paragraph.children == [
        Bracket([Text("a")], line=1),
        Text(" "),
        Bracket([Text("b")], line=1),
    ]


def test_empty_and_punctuation_alternatives_are_brackets():
    paragraph = first_paragraph("emissions[,][and][]")
    assert paragraph.children[1] == AlternativeSet(
        brackets=[
            Bracket([Text(",")], line=1),
            Bracket([Text("and")], line=1),
            Bracket([], line=1),
        ]
    )


def test_nested_brackets_record_their_depth():
    paragraph = first_paragraph("[to [enhance [the]] it]")
    outer = paragraph.children[0]
    middle = outer.children[1]
    inner = middle.children[1]
    assert (outer.depth, middle.depth, inner.depth) == (0, 1, 2)
    assert document_counts(parse("[to [enhance [the]] it]")).brackets == 3


def test_slash_inside_one_bracket_offers_alternatives():
    paragraph = first_paragraph("[contribution / commitment / other]")
    assert paragraph.children[0].alternatives == ["contribution", "commitment", "other"]
    assert document_counts(parse("[contribution / commitment / other]")).alternative_sets == 1


def test_slash_without_spaces_is_not_an_alternative():
    assert first_paragraph("[NDMC/NDMCC]").children[0].alternatives is None


def test_inline_attribution_records_the_party():
    paragraph = first_paragraph("[reduce emissions - PartyA][cut emissions - PartyB]")
    parties = [bracket.party for bracket in paragraph.children[0].brackets]
    assert parties == ["PartyA", "PartyB"]


def test_numeric_range_is_not_an_attribution():
    assert first_paragraph("[2030 - 2035]").children[0].party is None


def test_bracket_over_several_paragraphs_is_one_bracket_in_fragments():
    text = "[Each Party shall:\n\n(a) report;\n\n(b) review.]\n"
    first, middle, last = paragraphs(text)
    assert (first.children[0].opens, first.children[0].closes) == (True, False)
    assert (middle.children[0].opens, middle.children[0].closes) == (False, False)
    assert (last.children[0].opens, last.children[0].closes) == (False, True)
    assert document_counts(parse(text)).brackets == 1
    assert parse(text).warnings == []


# ------------------------------------------------------------------ not brackets at all


def test_inline_link_is_not_a_bracket():
    paragraph = first_paragraph("See [the source](http://unfccc.int/a.pdf).")
    assert paragraph.children == [
        Text("See "),
        Link(children=[Text("the source")], tail="](http://unfccc.int/a.pdf)"),
        Text("."),
    ]


def test_bracket_before_parenthesised_letter_is_still_a_bracket():
    assert document_counts(parse("paragraph [2](a) of Article 4")).brackets == 1


def test_reference_link_with_definition_is_not_a_bracket():
    text = "The [final draft][source] text.\n\n[source]: http://unfccc.int/x.pdf\n"
    document = parse(text)
    blocks = document.sections[0].blocks
    assert blocks[0].children[1] == Link(children=[Text("final draft")], tail="][source]")
    assert blocks[2] == LinkDefinition(
        label="source", text="[source]: http://unfccc.int/x.pdf\n", line=3
    )
    assert document_counts(document).brackets == 0


def test_reference_link_without_definition_is_a_pair_of_alternatives():
    assert document_counts(parse("The [final draft][source] text.")).alternative_sets == 1


DEFINED = "\n\n[Paris Agreement]: http://unfccc.int/paris_agreement\n"


def test_shortcut_reference_link_with_a_definition_anywhere_is_a_link():
    paragraph = first_paragraph("Under the [Paris Agreement], Parties act." + DEFINED)
    assert paragraph.children == [
        Text("Under the "),
        Link(children=[Text("Paris Agreement")], tail="]"),
        Text(", Parties act."),
    ]


def test_collapsed_reference_link_with_a_definition_is_a_link():
    paragraph = first_paragraph("Under the [Paris Agreement][], Parties act." + DEFINED)
    assert paragraph.children[1] == Link(children=[Text("Paris Agreement")], tail="][]")


def test_reference_labels_match_whatever_their_case_and_spacing():
    text = "The [PARIS  agreement], the [paris\nAgreement][] and [it][ Paris Agreement ]."
    paragraph = first_paragraph(text + DEFINED)
    assert [node.tail for node in paragraph.children if isinstance(node, Link)] == [
        "]",
        "][]",
        "][ Paris Agreement ]",
    ]


def test_shortcut_label_without_a_definition_stays_a_bracket():
    counts = document_counts(parse("The [Kyoto Protocol] and the [Kyoto Protocol][]." + DEFINED))
    assert (counts.brackets, counts.alternative_sets) == (3, 1)


def test_shortcut_label_followed_by_another_label_is_no_link():
    # CommonMark: a shortcut link is not followed by `[]` or a link label
    counts = document_counts(parse("The [Paris Agreement][shall] act." + DEFINED))
    assert (counts.brackets, counts.alternative_sets) == (2, 1)


def test_a_footnote_reference_after_a_shortcut_label_leaves_it_a_link():
    paragraph = first_paragraph("The [Paris Agreement][^1] binds." + DEFINED)
    assert isinstance(paragraph.children[1], Link)
    assert isinstance(paragraph.children[2], FootnoteRef)


def test_footnote_reference_and_definition_are_not_brackets():
    text = "Parties[^7] shall act[[^8]].\n\n[^7]: A note.\n[^8]: Another [bracketed] note.\n"
    document = parse(text)
    counts = document_counts(document)
    assert (counts.brackets, counts.footnote_brackets) == (1, 1)
    footnotes = [
        b for b in iter_blocks(document.sections[0].blocks) if isinstance(b, FootnoteDefinition)
    ]
    assert [f.label for f in footnotes] == ["7", "8"]
    assert first_paragraph(text).children[1] == FootnoteRef(label="7", text="[^7]")


def test_placeholder_is_editorial():
    paragraph = first_paragraph("{Placeholder for finance} [text]")
    assert paragraph.children[0] == Placeholder("{Placeholder for finance}")
    assert document_counts(parse("{Placeholder for finance} [text]")).brackets == 1


def test_escaped_brackets_are_text():
    assert first_paragraph("a \\[b\\] c").children == [Text("a \\[b\\] c")]


def test_status_tag_at_paragraph_end_marks_the_paragraph_agreed():
    paragraph = first_paragraph("1. The CMA shall act. [Agreed ad ref]\n")
    assert paragraph.children[-1] == StatusTag(status="agreed ad ref", text="[Agreed ad ref]")
    assert paragraph.status == "agreed ad ref"
    counts = document_counts(parse("1. The CMA shall act. [Agreed ad ref]\n"))
    assert (counts.brackets, counts.agreed_paragraphs) == (0, 1)


def test_status_tag_words_inside_a_paragraph_are_a_bracket():
    paragraph = first_paragraph("[Agreed ad ref] is bracketed here")
    assert paragraph.status is None
    assert isinstance(paragraph.children[0], Bracket)


# ------------------------------------------------------------------ paragraphs, options


def test_inserted_paragraph_numbers_are_read():
    text = "1. First.\n2bis. Second.\n3 ter Third.\n3.3quat Fourth.\n(a) Fifth.\n(17bis) Sixth.\n"
    assert [p.number for p in paragraphs(text)] == [
        "1",
        "2bis",
        "3 ter",
        "3.3quat",
        "(a)",
        "(17bis)",
    ]


def test_options_group_the_paragraphs_that_follow_their_label():
    text = "**Option 1:**\n\n1. Text [a].\n\n2. More.\n\n**Option 2:**\n\nNo text\n"
    option_set = parse(text).sections[0].blocks[0]
    assert isinstance(option_set, OptionSet)
    assert [option.label for option in option_set.options] == ["Option 1", "Option 2"]
    contents = [
        [block.line for block in option.blocks if isinstance(block, Paragraph)]
        for option in option_set.options
    ]
    assert contents == [[1, 3, 5], [7, 9]]


def test_option_proposing_no_text_is_marked():
    text = (
        "**Option 1:** Parties [shall] act.\n\n**Option 2:** No text\n\n**Option 3:** [no text]\n"
    )
    option_set = parse(text).sections[0].blocks[0]
    assert [option.no_text for option in option_set.options] == [False, True, True]


def test_lettered_options_nest_inside_numbered_options():
    text = (
        "3. **Option 1:** [Decides] that:\n\n"
        "(a) **Option (a):** Establishing;\n\n"
        "**Option (b):** No text;\n\n"
        "**Option 2:** No text.\n"
    )
    outer = parse(text).sections[0].blocks[0]
    assert [option.label for option in outer.options] == ["Option 1", "Option 2"]
    inner = [block for block in outer.options[0].blocks if isinstance(block, OptionSet)]
    assert [option.label for option in inner[0].options] == ["Option (a)", "Option (b)"]
    assert document_counts(parse(text)).options == 4


def test_option_one_under_the_next_numbered_paragraph_starts_a_new_set():
    text = (
        "1. **Option 1:** A.\n\n    **Option 2:** B.\n\n"
        "2. **Option 1:** C.\n\n    **Option 2:** D.\n"
    )
    sets = parse(text).sections[0].blocks
    assert [[o.label for o in s.options] for s in sets if isinstance(s, OptionSet)] == [
        ["Option 1", "Option 2"],
        ["Option 1", "Option 2"],
    ]


def test_indented_options_end_when_the_list_returns_to_the_margin():
    text = "1. **Goal**\n\n    **Option 1:** A.\n\n    **Option 2:** B.\n\n2. **Efforts**\n"
    blocks = parse(text).sections[0].blocks
    assert [type(block).__name__ for block in blocks if not hasattr(block, "text")] == [
        "Paragraph",
        "OptionSet",
        "Paragraph",
    ]


# ----------------------------------------------------------------------------- unbalanced


def test_stray_close_is_kept_and_reported_with_its_line():
    text = "Line one.\n\nParties shall act]] now.\n"
    document = parse(text)
    assert document.warnings == [
        ParseWarning(3, "stray ']' closes no open bracket"),
        ParseWarning(3, "stray ']' closes no open bracket"),
    ]
    assert render(document) == text


def test_unclosed_bracket_is_reported_at_the_line_it_opens():
    text = "## Article 1\n\n1. Parties [shall act\n\n2. More text.\n\n## Article 2\n\nDone.\n"
    document = parse(text)
    assert document.warnings == [
        ParseWarning(3, "unclosed '[' still open at the end of the section")
    ]
    assert render(document) == text


def test_nested_unclosed_brackets_are_each_reported():
    text = "A [b [c [d] e\n"
    assert parse(text).warnings == [
        ParseWarning(1, "unclosed '[' still open at the end of the text"),
        ParseWarning(1, "unclosed '[' still open at the end of the text"),
    ]
    assert document_counts(parse(text)).brackets == 3


def test_unclosed_bracket_at_end_of_file_without_newline():
    text = "One.\n\nTwo [three"
    document = parse(text)
    assert document.warnings == [ParseWarning(3, "unclosed '[' still open at the end of the text")]
    assert render(document) == text


def test_stray_close_in_a_heading_is_reported_with_the_heading_line():
    text = "Intro.\n\n## Article 5 *(loss]*\n\nText [a].\n"
    assert parse(text).warnings == [ParseWarning(3, "stray ']' closes no open bracket")]


def test_unclosed_bracket_in_a_heading_does_not_swallow_the_section():
    text = "## [Article 3bis\n\nText [a].\n"
    document = parse(text)
    assert document.warnings == [
        ParseWarning(1, "unclosed '[' still open at the end of the heading")
    ]
    assert document_counts(document).brackets == 2


def test_unclosed_bracket_in_a_footnote_stays_in_the_footnote():
    text = "Text [a\n\n[^1]: Note [b\n\nmore] text.\n"
    document = parse(text)
    assert document.warnings == [
        ParseWarning(3, "unclosed '[' still open at the end of the footnote")
    ]
    assert render(document) == text


def test_windows_line_endings_survive_the_round_trip():
    text = "## Article 1\r\n\r\n1. [a][b]\r\n"
    document = parse(text)
    assert render(document) == text
    assert document_counts(document).alternative_sets == 1


def test_empty_text_has_no_sections():
    assert parse("").sections == []
    assert render(parse("")) == ""


# ------------------------------------------------------------------- deep and unbalanced


def test_200000_nested_brackets_parse_and_render_byte_for_byte():
    document = parse(DEEPLY_NESTED)
    assert render(document) == DEEPLY_NESTED
    assert document.warnings == []
    nodes = list(iter_inline(first_paragraph(DEEPLY_NESTED).children))
    assert [node.depth for node in nodes[:-1]] == list(range(DEEP))
    assert nodes[-1] == Text("x")


def test_200000_unclosed_brackets_carried_over_paragraphs_are_reported_once_each():
    text = "[" * DEEP + "a\n\n" + "Parties shall act.\n\n" * 20 + "end]]\n"
    document = parse(text)
    assert render(document) == text
    unclosed = [w for w in document.warnings if w.message.startswith("unclosed")]
    assert len(unclosed) == DEEP - 2
    assert len(paragraphs(text)) == 22


def test_a_paragraph_inside_many_carried_brackets_is_wrapped_once():
    # Only the innermost carried bracket is a fragment in a paragraph that closes none of them:
    # the outer ones render nothing there, and one node per bracket per paragraph would make
    # the tree grow with brackets x paragraphs.
    middle = paragraphs("[[[a\n\nb\n\nc]]]\n")[1]
    assert len(middle.children) == 1
    fragment = middle.children[0]
    assert (fragment.opens, fragment.closes, fragment.depth) == (False, False, 2)
    assert fragment.children == [Text("b")]


def test_closing_carried_brackets_makes_a_fragment_for_each_one_closed():
    last = paragraphs("[[[a\n\nb]] c]\n")[1]
    outer = last.children[0]
    assert (outer.opens, outer.closes, outer.depth) == (False, True, 0)
    middle = outer.children[0]
    assert (middle.opens, middle.closes, middle.depth) == (False, True, 1)
    inner = middle.children[0]
    assert (inner.opens, inner.closes, inner.depth) == (False, True, 2)
    assert render_inline(last.children) == "b]] c]"


def test_200000_stray_closes_are_kept_and_reported():
    text = "x" + "]" * DEEP + "\n"
    document = parse(text)
    assert render(document) == text
    assert len(document.warnings) == DEEP


def test_options_nested_deeper_than_the_recursion_limit_render_byte_for_byte():
    levels = 1100
    text = "".join(" " * (4 * level) + "**Option 1:** a\n" for level in range(levels))
    document = parse(text)
    assert render(document) == text
    assert document_counts(document).options == levels
    innermost = document.sections[0].blocks[0]
    for _level in range(levels - 1):
        innermost = innermost.options[0].blocks[1]
    assert isinstance(innermost, OptionSet)
    assert len(list(iter_blocks(document.sections[0].blocks))) == 2 * levels


@settings(max_examples=200, deadline=None)
@given(NESTING)
def test_render_reproduces_any_nesting_balanced_or_not(text):
    document = parse(text)
    assert render(document) == text
    stray = sum(isinstance(node, StrayClose) for node in _all_inline(document))
    assert stray == sum(w.message.startswith("stray") for w in document.warnings)


def _all_inline(document):
    nodes = []
    for section in document.sections:
        nodes += section.heading.children if section.heading else []
        for block in iter_blocks(section.blocks):
            if isinstance(block, Paragraph | FootnoteDefinition):
                nodes += block.children
    return iter_inline(nodes)
