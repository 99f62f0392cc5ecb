"""Amendments to a negotiating text: where a proposal applies and the body it produces.

Pure Python, like the notation it reads. A proposal quotes the text it amends (optionally
within a numbered paragraph); the quote must be found exactly once in the version it names.

Two families of amendment:
- *additive* ones only add brackets, so one party may make them alone: insert new text, replace
  text by offering an alternative, add an alternative beside a bracket, bracket agreed text for
  deletion. New text always enters bracketed and attributed: `[new text - NORTH]`.
- *consent* ones close brackets or change agreed text, so they need every party: lift the
  brackets around text now agreed, choose one alternative, delete bracketed text, set a
  paragraph's status, replace the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.texts.engine.metrics import document_counts
from parley.texts.engine.notation import (
    AlternativeSet,
    Bracket,
    Document,
    Paragraph,
    StatusTag,
    iter_blocks,
    parse,
    render_inline,
)

INSERT = "insert"
REPLACE = "replace"
ALTERNATIVE = "alternative"
DELETE = "delete"
CHOOSE = "choose"
LIFT = "lift"
STATUS = "status"
WHOLE = "whole"

KINDS = (INSERT, REPLACE, ALTERNATIVE, DELETE, CHOOSE, LIFT, STATUS, WHOLE)
CONSENT_KINDS = frozenset({CHOOSE, LIFT, STATUS, WHOLE})  # DELETE too, when it removes a bracket

_STATUS_TEXT = re.compile(r"(?i)agreed(?:[ \t]+ad[ \t]+ref(?:erendum)?)?\.?")
_SPACE = re.compile(r"\s")


class AmendmentError(ValueError):
    """The amendment cannot apply to this body; the message says why, for the party."""


@dataclass(frozen=True, slots=True)
class Amendment:
    kind: str
    paragraph: str = ""  # a paragraph number ("3", "2bis"), or "" for the whole text
    target: str = ""  # the exact text amended, quoted from the base version
    text: str = ""  # the new text, the chosen alternative, the status, or the whole new body


@dataclass(frozen=True, slots=True)
class Amended:
    body: str
    needs_consent: bool
    brackets: int


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def attribution_label(code: str) -> str:
    """How a party signs the brackets it adds: its code, upper case, as notation reads it."""
    return code.upper().replace("-", "_")


def bracket_count(body: str) -> int:
    return document_counts(parse(body)).brackets


def normalise(body: str) -> str:
    """Line ends as `\\n`, no byte-order mark: versions compare line by line."""
    return body.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _same_number(a: str | None, b: str) -> bool:
    return a is not None and _SPACE.sub("", a).lower() == _SPACE.sub("", b).lower()


def paragraph_spans(body: str, document: Document | None = None) -> list[tuple[str | None, Span]]:
    """Every paragraph's number and where its text lies in the body, in reading order.
    `document` is the body parsed, when the caller has it already."""
    line_starts = [0]
    line_starts += [match.end() for match in re.finditer("\n", body)]
    spans = []
    for section in (document or parse(body)).sections:
        for block in iter_blocks(section.blocks):
            if isinstance(block, Paragraph):
                start = line_starts[block.line - 1]
                spans.append(
                    (block.number, Span(start, start + len(render_inline(block.children))))
                )
    return spans


def paragraph_numbers(body: str) -> list[str]:
    """The numbers of the numbered paragraphs, each once, in reading order."""
    numbers: list[str] = []
    for number, _span in paragraph_spans(body):
        if number is not None and number not in numbers:
            numbers.append(number)
    return numbers


def _locate(
    body: str, document: Document, *, paragraph: str, target: str
) -> tuple[Span, Span | None]:
    """The quoted span and the paragraph that holds it (None when it lies outside any)."""
    spans = paragraph_spans(body, document)
    if paragraph:
        scopes = [span for number, span in spans if _same_number(number, paragraph)]
        if not scopes:
            raise AmendmentError(f"There is no paragraph {paragraph} in this version.")
        where = f"paragraph {paragraph}"
    else:
        scopes, where = [Span(0, len(body))], "the text"
    if not target:
        if not paragraph:
            raise AmendmentError("Quote the text you amend, or name its paragraph.")
        if len(scopes) > 1:
            raise AmendmentError(
                f"There are {len(scopes)} paragraphs numbered {paragraph}; quote the text too."
            )
        end = scopes[0].start + len(body[scopes[0].start : scopes[0].end].rstrip())
        return Span(end, end), scopes[0]
    hits = []
    for scope in scopes:
        at = body.find(target, scope.start, scope.end)
        while at != -1:
            hits.append(at)
            at = body.find(target, at + 1, scope.end)
    if not hits:
        raise AmendmentError(f"The quoted text is not in {where} of this version.")
    if len(hits) > 1:
        raise AmendmentError(
            f"The quoted text appears {len(hits)} times in {where}; quote more of it."
        )
    found = Span(hits[0], hits[0] + len(target))
    holder = next(
        (span for _n, span in spans if span.start <= found.start and found.end <= span.end), None
    )
    return found, holder


def _bracket_unit(document: Document) -> Bracket | AlternativeSet | None:
    """The one bracket, or the one set of alternatives, that a parsed text is entirely;
    else None."""
    if document.warnings or len(document.sections) != 1:
        return None
    blocks = [b for b in document.sections[0].blocks if isinstance(b, Paragraph)]
    if len(blocks) != 1 or len(blocks[0].children) != 1:
        return None
    node = blocks[0].children[0]
    if isinstance(node, Bracket) and node.opens and node.closes:
        return node
    if isinstance(node, AlternativeSet):
        return node
    return None


def _unsigned(bracket: Bracket) -> str:
    """A bracket's text without its party's signature."""
    inner = render_inline(bracket.children)
    if bracket.party:
        inner = re.sub(
            r"[ \t][-\u2013\u2014][ \t]+" + re.escape(bracket.party) + r"[ \t]*\Z", "", inner
        )
    return inner


def _unsign(text: str) -> str:
    unit = _bracket_unit(parse(f"[{text}]"))
    return _unsigned(unit).strip() if isinstance(unit, Bracket) else text.strip()


def alternatives_of(unit: Bracket | AlternativeSet) -> list[str]:
    if isinstance(unit, AlternativeSet):
        return [_unsigned(bracket).strip() for bracket in unit.brackets]
    return [_unsign(choice) for choice in unit.alternatives or []]


def _signed(text: str, label: str) -> str:
    if "[" in text or "]" in text:
        raise AmendmentError("New text cannot hold square brackets: the proposal brackets it.")
    if "\n\n" in text.strip():
        raise AmendmentError("New text must stay within one paragraph.")
    return f"[{text.strip()} - {label}]" if text.strip() else f"[ - {label}]"


def _splice(body: str, span: Span, replacement: str) -> str:
    before, after = body[: span.start], body[span.end :]
    if not replacement and before.endswith(" ") and (after[:1] in ("", " ", "\n", ",", ";", ".")):
        before = before[:-1]
    return before + replacement + after


def _apply(body: str, document: Document, amendment: Amendment, label: str) -> tuple[str, bool]:
    kind, text = amendment.kind, amendment.text
    if kind == WHOLE:
        new = normalise(text)
        if not new.strip():
            raise AmendmentError("The new text is empty.")
        return new, True
    span, holder = _locate(body, document, paragraph=amendment.paragraph, target=amendment.target)
    quoted = body[span.start : span.end]
    if quoted.strip() != quoted:  # amend the words quoted, not the spaces around them
        start = span.start + len(quoted) - len(quoted.lstrip())
        span, quoted = Span(start, start + len(quoted.strip())), quoted.strip()
    quoted_document = parse(quoted) if quoted else None
    if quoted_document is not None and quoted_document.warnings:
        raise AmendmentError("The quote cuts through a bracket: quote whole brackets.")
    unit = _bracket_unit(quoted_document) if quoted_document is not None else None
    if kind == INSERT:
        if not text.strip():
            raise AmendmentError("Write the text to insert.")
        return _splice(body, Span(span.end, span.end), " " + _signed(text, label)), False
    if kind == REPLACE:
        if not quoted:
            raise AmendmentError("Quote the text you would replace.")
        kept = quoted if unit is not None else f"[{quoted}]"
        return _splice(body, span, kept + _signed(text, label)), False
    if kind == ALTERNATIVE:
        if unit is None:
            raise AmendmentError("Quote the bracket, brackets included, to add an alternative.")
        return _splice(body, span, quoted + _signed(text, label)), False
    if kind == DELETE:
        if not quoted:
            raise AmendmentError("Quote the text you would delete.")
        if unit is None:  # agreed text: bracketing it is as far as one party can go
            return _splice(body, span, f"[{quoted}]"), False
        return _splice(body, span, ""), True
    if kind == LIFT:
        if not isinstance(unit, Bracket) or unit.alternatives:
            raise AmendmentError("Quote one bracket, brackets included, to lift it.")
        if body[span.start - 1 : span.start] == "]" or body[span.end : span.end + 1] == "[":
            raise AmendmentError("This bracket is one of several alternatives: choose one.")
        return _splice(body, span, _unsigned(unit).strip()), True
    if kind == CHOOSE:
        choices = alternatives_of(unit) if unit is not None else []
        if len(choices) < 2:
            raise AmendmentError("Quote the alternatives, brackets included, to choose one.")
        if text.strip() not in choices:
            raise AmendmentError("The choice must be one of the alternatives, as written.")
        return _splice(body, span, text.strip()), True
    if kind == STATUS:
        if holder is None:
            raise AmendmentError("Name the paragraph, or quote text in it, to set its status.")
        status = text.strip().strip("[]").strip()
        if not _STATUS_TEXT.fullmatch(status):
            raise AmendmentError("A status reads 'Agreed' or 'Agreed ad ref'.")
        paragraph_text = body[holder.start : holder.end]
        end = holder.start + len(paragraph_text.rstrip())
        tag = _status_tag(paragraph_text)
        if tag is not None:
            return _splice(body, Span(end - len(tag), end), f"[{status}]"), True
        return _splice(body, Span(end, end), f" [{status}]"), True
    raise AmendmentError(f"Unknown kind of amendment: {kind!r}.")


def _status_tag(paragraph_text: str) -> str | None:
    for section in parse(paragraph_text).sections:
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.status is not None:
                tags = [n for n in block.children if isinstance(n, StatusTag)]
                return tags[-1].text
    return None


def amend(body: str, amendment: Amendment, *, label: str) -> Amended:
    """The body the amendment produces, and whether it needs every party's consent.

    Raises AmendmentError, with a message for the party, when it cannot apply or would leave
    a bracket unbalanced.
    """
    document = parse(body)
    new, needs_consent = _apply(body, document, amendment, label)
    if new == body:
        raise AmendmentError("This amendment changes nothing.")
    new_document = parse(new)
    if amendment.kind != WHOLE and len(new_document.warnings) > len(document.warnings):
        raise AmendmentError("This amendment would unbalance a bracket: quote whole brackets.")
    brackets = document_counts(new_document).brackets
    if not needs_consent and brackets <= document_counts(document).brackets:
        raise AmendmentError("An amendment made alone must add brackets.")
    return Amended(body=new, needs_consent=needs_consent, brackets=brackets)
