import re
from html import unescape

from hypothesis import given, settings

from parley.texts.engine.html import render_html
from parley.texts.engine.notation import parse

from .strategies import DEEP, DEEPLY_NESTED, NESTING


def test_html_escapes_every_character_of_the_text():
    html = render_html(parse("1. The <script>alert(1)</script> & [more]\n"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html


def test_html_shades_nested_brackets_by_depth():
    html = render_html(parse("1. [to [enhance] it]\n"))
    assert html.count('class="br depth-0"') == 1
    assert html.count('class="br depth-1"') == 1


def test_html_shows_option_labels_and_emphasis_without_markdown_markers():
    html = render_html(parse("3. **Option 1:** monitored by *an international mission*.\n"))
    assert "<strong>Option 1:</strong>" in html
    assert "<em>an international mission</em>" in html
    assert "**" not in html


def test_html_keeps_emphasis_markers_split_by_a_bracket_as_typed():
    html = render_html(parse("*In [furtherance][pursuit]* of the objective\n"))
    assert html.count("*") == 2
    assert "<em>" not in html


def test_html_colours_an_attributed_bracket_with_its_party():
    html = render_html(parse("1. [new text - NORTH]\n"), colours={"NORTH": "#1f4e8c"})
    assert 'style="--party: #1f4e8c"' in html


def words(html: str) -> str:
    """The characters a reader sees, spaces aside."""
    return "".join(unescape(re.sub(r"<[^<>]*>", "", html)).split())


def test_html_of_200000_nested_brackets_keeps_every_bracket():
    html = render_html(parse(DEEPLY_NESTED))
    assert words(html) == DEEPLY_NESTED
    assert html.count('<span class="mark">[</span>') == DEEP
    assert html.count('class="br depth-4"') == DEEP - 4


def test_html_of_a_paragraph_inside_carried_brackets_is_shaded_by_the_innermost():
    html = render_html(parse("[[[a\n\nb\n\nc]]]\n"))
    assert '<p class="para"><span class="br depth-2">b</span></p>' in html


@settings(max_examples=200, deadline=None)
@given(NESTING)
def test_html_of_any_nesting_keeps_every_character(text):
    assert words(render_html(parse(text))) == "".join(text.split())
