"""Metrics of a negotiating text, read from the notation tree: brackets, alternative sets,
options, paragraphs and agreed paragraphs, per section and in total.

Pure Python (no Django), like the parser it reads.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from parley.texts.engine.notation import (
    AlternativeSet,
    Bracket,
    Document,
    FootnoteDefinition,
    Inline,
    OptionSet,
    Paragraph,
    Section,
    iter_blocks,
    iter_inline,
)


@dataclass(frozen=True, slots=True)
class Counts:
    brackets: int = 0  # every `[` that opens unagreed text, outside footnotes
    alternative_sets: int = 0  # `[a][b]` groups and `[a / b]` brackets
    options: int = 0
    paragraphs: int = 0
    agreed_paragraphs: int = 0  # ending in a status tag such as `[Agreed ad ref]`
    footnote_brackets: int = 0  # brackets inside footnote definitions, counted apart

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, name) + getattr(other, name) for name in _COUNT_NAMES))


_COUNT_NAMES = tuple(name for name in Counts.__dataclass_fields__)


def _bracket_counts(nodes: list[Inline]) -> tuple[int, int]:
    """(brackets opened here, alternative sets) among these nodes."""
    brackets = alternative_sets = 0
    for node in iter_inline(nodes):
        if isinstance(node, Bracket):
            brackets += node.opens
            alternative_sets += node.alternatives is not None
        elif isinstance(node, AlternativeSet):
            alternative_sets += 1
    return brackets, alternative_sets


def section_counts(section: Section) -> Counts:
    # Plain integers in the loop: this runs for every block of every text shown.
    brackets, sets = _bracket_counts(section.heading.children) if section.heading else (0, 0)
    options = paragraphs = agreed = footnote_brackets = 0
    for block in iter_blocks(section.blocks):
        if isinstance(block, Paragraph):
            in_block, sets_in_block = _bracket_counts(block.children)
            brackets += in_block
            sets += sets_in_block
            paragraphs += 1
            agreed += block.status is not None
        elif isinstance(block, OptionSet):
            options += len(block.options)
        elif isinstance(block, FootnoteDefinition):
            footnote_brackets += _bracket_counts(block.children)[0]
    return Counts(brackets, sets, options, paragraphs, agreed, footnote_brackets)


def document_counts(document: Document) -> Counts:
    return sum((section_counts(section) for section in document.sections), Counts())


def stats(document: Document) -> dict:
    """The metrics as plain data: totals, one entry per section, and the warnings."""
    sections = []
    total = Counts()
    for section in document.sections:
        counts = section_counts(section)
        total += counts
        heading = section.heading
        place = {"heading": section.title, "level": heading.level if heading else 0}
        sections.append({**place, "line": heading.line if heading else 1, **asdict(counts)})
    return {
        **asdict(total),
        "sections": sections,
        "warnings": [{"line": w.line, "message": w.message} for w in document.warnings],
    }


def paragraphs_with_brackets(document: Document) -> int:
    """How many paragraphs (a heading counts as one) hold at least one open bracket: where the
    disagreement sits, as a reader of the text would point to it."""
    count = 0
    for section in document.sections:
        if section.heading is not None and _bracket_counts(section.heading.children)[0]:
            count += 1
        for block in iter_blocks(section.blocks):
            if isinstance(block, Paragraph) and _bracket_counts(block.children)[0]:
                count += 1
    return count
