from parley.texts.metrics import paragraphs_with_brackets
from parley.texts.notation import parse


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
