"""A negotiating text as HTML, drawn from the notation tree: every character escaped, brackets
shaded by nesting depth, a party's brackets underlined in the party's colour."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from parley.texts.engine.notation import (
    AlternativeSet,
    Block,
    Bracket,
    Document,
    FootnoteDefinition,
    FootnoteRef,
    FrontMatter,
    Inline,
    Link,
    LinkDefinition,
    Option,
    OptionSet,
    Paragraph,
    Placeholder,
    StatusTag,
    StrayClose,
    Text,
    render_inline,
)

DEPTHS = 5  # shades; deeper brackets reuse the last one
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
# Emphasis that opens and closes within one run of text; markers split by a bracket stay as typed.
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")


def _text(text: str) -> str:
    html = _STRONG.sub(r"<strong>\1</strong>", escape(text))
    return _EMPHASIS.sub(r"<em>\1</em>", html)


def _bracket_open(node: Bracket, colours: dict[str, str]) -> str:
    classes = f"br depth-{min(node.depth, DEPTHS - 1)}"
    attributes = ""
    colour = colours.get(node.party or "")
    if node.party:
        classes += " attributed"
        attributes = f' title="{escape(node.party)}"'
        if colour and _HEX.fullmatch(colour):
            attributes += f' style="--party: {colour}"'
    return f'<span class="{classes}"{attributes}>'


def _inline(nodes: list[Inline], colours: dict[str, str]) -> Iterator[str]:
    # Its own stack, not recursion: brackets nest past Python's recursion limit.
    pending: list[Inline | str] = list(reversed(nodes))  # a str is closing markup to write
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, Text):
            yield _text(node.text)
        elif isinstance(node, Bracket):
            yield _bracket_open(node, colours)
            if node.opens:
                yield '<span class="mark">[</span>'
            pending.append('<span class="mark">]</span></span>' if node.closes else "</span>")
            pending.extend(reversed(node.children))
        elif isinstance(node, AlternativeSet):
            yield '<span class="alternatives">'
            pending.append("</span>")
            pending.extend(reversed(node.brackets))
        elif isinstance(node, Link):
            yield escape("[" + render_inline(node.children) + node.tail)
        elif isinstance(node, FootnoteRef):
            yield f'<sup class="footnote-ref">{escape(node.text)}</sup>'
        elif isinstance(node, Placeholder):
            yield f'<em class="placeholder">{escape(node.text)}</em>'
        elif isinstance(node, StatusTag):
            yield f'<span class="badge status">{escape(node.text)}</span>'
        elif isinstance(node, StrayClose):
            yield '<span class="stray" title="a ] that closes no bracket">]</span>'


def _blocks(blocks: list[Block], colours: dict[str, str]) -> Iterator[str]:
    pending: list[Block | Option | str] = list(reversed(blocks))  # a str is closing markup
    while pending:
        block = pending.pop()
        if isinstance(block, str):
            yield block
        elif isinstance(block, Paragraph):
            classes = "para agreed" if block.status else "para"
            number = f' data-number="{escape(block.number)}"' if block.number else ""
            yield f'<p class="{classes}"{number}>'
            yield from _inline(block.children, colours)
            yield "</p>"
        elif isinstance(block, OptionSet):
            yield '<div class="options">'
            pending.append("</div>")
            pending.extend(reversed(block.options))
        elif isinstance(block, Option):
            yield f'<div class="option" data-label="{escape(block.label)}">'
            pending.append("</div>")
            pending.extend(reversed(block.blocks))
        elif isinstance(block, FootnoteDefinition):
            yield f'<p class="footnote">{escape(block.marker)}'
            yield from _inline(block.children, colours)
            yield "</p>"
        elif isinstance(block, LinkDefinition | FrontMatter):
            yield f'<pre class="editorial">{escape(block.text)}</pre>'


def render_html(document: Document, *, colours: dict[str, str] | None = None) -> str:
    """HTML for a parsed text. `colours` maps a party's attribution label to its colour."""
    colours = colours or {}
    parts: list[str] = []
    for section in document.sections:
        parts.append('<section class="text-section">')
        if section.heading is not None:
            level = min(section.heading.level + 1, 6)
            parts.append(f'<h{level} class="text-heading">')
            parts.extend(_inline(section.heading.children, colours))
            parts.append(f"</h{level}>")
        parts.extend(_blocks(section.blocks, colours))
        parts.append("</section>")
    return "".join(parts)
