"""Hypothesis strategies for negotiating texts: character soups and notation pieces."""

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
