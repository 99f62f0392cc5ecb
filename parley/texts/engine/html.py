"""A negotiating text as HTML, drawn from the notation tree: every character escaped, brackets
shaded by nesting depth, a party's brackets underlined in the party's colour."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from parley.texts.engine.notation import (
    AlternativeSet,
    BlankLines,
    Block,
    Bracket,
    Document,
    FootnoteDefinition,
    FootnoteRef,
    FrontMatter,
    Inline,
    Link,
    LinkDefinition,
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


def _inline(nodes: list[Inline], colours: dict[str, str]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, Text):
            yield _text(node.text)
        elif isinstance(node, Bracket):
            classes = f"br depth-{min(node.depth, DEPTHS - 1)}"
            attributes = ""
            colour = colours.get(node.party or "")
            if node.party:
                classes += " attributed"
                attributes = f' title="{escape(node.party)}"'
                if colour and _HEX.fullmatch(colour):
                    attributes += f' style="--party: {colour}"'
            yield f'<span class="{classes}"{attributes}>'
            if node.opens:
                yield '<span class="mark">[</span>'
            yield from _inline(node.children, colours)
            if node.closes:
                yield '<span class="mark">]</span>'
            yield "</span>"
        elif isinstance(node, AlternativeSet):
            yield '<span class="alternatives">'
            yield from _inline(node.brackets, colours)
            yield "</span>"
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
    for block in blocks:
        if isinstance(block, Paragraph):
            classes = "para agreed" if block.status else "para"
            number = f' data-number="{escape(block.number)}"' if block.number else ""
            yield f'<p class="{classes}"{number}>'
            yield from _inline(block.children, colours)
            yield "</p>"
        elif isinstance(block, OptionSet):
            yield '<div class="options">'
            for option in block.options:
                yield f'<div class="option" data-label="{escape(option.label)}">'
                yield from _blocks(option.blocks, colours)
                yield "</div>"
            yield "</div>"
        elif isinstance(block, FootnoteDefinition):
            yield f'<p class="footnote">{escape(block.marker)}'
            yield from _inline(block.children, colours)
            yield "</p>"
        elif isinstance(block, LinkDefinition | FrontMatter):
            yield f'<pre class="editorial">{escape(block.text)}</pre>'
        elif isinstance(block, BlankLines):
            continue


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
