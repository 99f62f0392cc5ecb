"""Inputs for the engine tests: character soups, notation pieces, deep and unbalanced nesting."""

from hypothesis import strategies as st

RICH_ALPHABET = st.sampled_from(
    [*"[]/{}*#^():\n \t-\\.,!aZ1é\r", "**Option 1:**", "[Agreed ad ref]", "](http://x.y)"]
)
PIECES = st.sampled_from(
    [
        "[",
        "]",
        "][",
        "[^1]",
        "[^1]: note",
        "[a](http://example.org)",
        "[text][label]",
        "[label]",
        "[LABEL][]",
        "[label]: http://example.org",
        "{Placeholder for text}",
        "**Option 1:** ",
        "**Option 2:** No text",
        "    **Option (a):** ",
        "## Article 2bis",
        "# ",
        "2bis. ",
        "3 ter ",
        "(a) ",
        " / ",
        " - PartyA",
        "[Agreed ad ref]",
        "shall",
        ",",
        "\n",
        "\n\n",
        "\\[",
        "---\n",
    ]
)

# Deeper than Python's recursion limit (1,000), so that any recursive walk of the tree fails.
DEEP = 200_000
DEEPLY_NESTED = "[" * DEEP + "x" + "]" * DEEP

# Runs of brackets longer than the recursion limit, balanced or not, split over paragraphs.
NESTING_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "[" * 1500,
        "]" * 1500,
        "[[x]]",
        "x",
        "shall ",
        " ",
        "\n",
        "\n\n",
        "[^1]",
        " - NORTH",
    ]
)
NESTING = st.lists(NESTING_PIECES, max_size=12).map("".join)
