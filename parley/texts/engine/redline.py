"""Compare two versions of a negotiating text, section by section.

Sections are aligned by heading first, then by heading without its number (drafts get
renumbered: Article 3 becomes Article 4), then by content; within a pair of sections the
redline is a line diff refined to words. Pure Python, like the notation it reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from parley.texts.engine.metrics import section_counts
from parley.texts.engine.notation import Document, Section, parse, render

_MARKUP = re.compile(r"\[\^[^\]]*\]|[*_~`\[\]]")
_NUMBERING = re.compile(
    r"\b(?:\d+(?:\.\d+)*(?:\s?(?:bis|ter|quater|quinquies|sexies))?|[ivxlc]+\.|[a-z]\.)(?=\s|$|\W)"
)
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")
_SIMILAR_ENOUGH = 0.5
COMPARE_AT_MOST = 1_000_000  # pairs of lines, or of words, compared one by one


@dataclass(frozen=True, slots=True)
class RedlineOp:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True, slots=True)
class SectionChange:
    heading_before: str | None  # None: the section is new
    heading_after: str | None  # None: the section was removed
    brackets_before: int
    brackets_after: int
    redline: list[RedlineOp]

    @property
    def heading(self) -> str:
        return self.heading_after if self.heading_after is not None else self.heading_before or ""

    @property
    def status(self) -> str:
        if self.heading_before is None:
            return "added"
        if self.heading_after is None:
            return "removed"
        if any(op.op != "equal" and op.text.strip() for op in self.redline):
            return "changed"
        return "unchanged"


@dataclass(frozen=True, slots=True)
class TextDiff:
    sections: list[SectionChange]

    @property
    def brackets_before(self) -> int:
        return sum(change.brackets_before for change in self.sections)

    @property
    def brackets_after(self) -> int:
        return sum(change.brackets_after for change in self.sections)


# ----------------------------------------------------------------------------- alignment


def _full_key(section: Section) -> str:
    return " ".join(_MARKUP.sub("", section.title).lower().split())


def _unnumbered_key(section: Section) -> str:
    return " ".join(_NUMBERING.sub("", _full_key(section)).split())


SectionPair = tuple[Section | None, Section | None]


def align_sections(old: list[Section], new: list[Section]) -> list[SectionPair]:
    """Pairs (old, new) in reading order; None on the side where a section is missing."""
    return _align(old, new, [_full_key, _unnumbered_key])


def _align(
    old: list[Section], new: list[Section], keys: list[Callable[[Section], str]]
) -> list[SectionPair]:
    if not old or not new:
        return [(section, None) for section in old] + [(None, section) for section in new]
    if not keys:
        return _align_by_content(old, new)
    key = keys[0]
    matcher = SequenceMatcher(None, [key(s) for s in old], [key(s) for s in new], autojunk=False)
    pairs: list[SectionPair] = []
    old_at = new_at = 0
    for match in matcher.get_matching_blocks():
        pairs += _align(old[old_at : match.a], new[new_at : match.b], keys[1:])
        pairs += [(old[match.a + k], new[match.b + k]) for k in range(match.size)]
        old_at, new_at = match.a + match.size, match.b + match.size
    return pairs


def _align_by_content(old: list[Section], new: list[Section]) -> list[SectionPair]:
    """Last resort for sections renamed outright: pair in order when the texts are alike."""
    pairs: list[SectionPair] = []
    new_at = 0
    for section in old:
        text = render_section(section)
        match = next(
            (
                index
                for index in range(new_at, len(new))
                if SequenceMatcher(None, text, render_section(new[index])).quick_ratio()
                >= _SIMILAR_ENOUGH
            ),
            None,
        )
        if match is None:
            pairs.append((section, None))
            continue
        pairs += [(None, added) for added in new[new_at:match]]
        pairs.append((section, new[match]))
        new_at = match + 1
    pairs += [(None, added) for added in new[new_at:]]
    return pairs


# ------------------------------------------------------------------------------- redline


def render_section(section: Section) -> str:
    return render(Document(sections=[section], warnings=[]))


def redline(old: str, new: str) -> list[RedlineOp]:
    """Line diff, refined to words where lines were replaced; adjacent ops merged."""
    ops: list[RedlineOp] = []
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in _opcodes(old_lines, new_lines):
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "equal":
            _append(ops, "equal", before)
        elif tag == "replace":
            for op in _word_redline(before, after):
                _append(ops, op.op, op.text)
        else:
            _append(ops, "delete", before)
            _append(ops, "insert", after)
    return ops


def _word_redline(old: str, new: str) -> list[RedlineOp]:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    ops: list[RedlineOp] = []
    for tag, i1, i2, j1, j2 in _opcodes(old_words, new_words):
        if tag == "equal":
            ops.append(RedlineOp("equal", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            ops.append(RedlineOp("delete", "".join(old_words[i1:i2])))
        if j2 > j1:
            ops.append(RedlineOp("insert", "".join(new_words[j1:j2])))
    return ops


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, the common beginning and end taken off first. difflib's time grows
    with the product of the lengths where elements repeat (spaces, `[`), so a middle of more
    than COMPARE_AT_MOST pairs is one replacement, not compared element by element."""
    shorter = min(len(old), len(new))
    start = 0
    while start < shorter and old[start] == new[start]:
        start += 1
    end = 0
    while end < shorter - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_end, new_end = len(old) - end, len(new) - end
    ops = [("equal", 0, start, 0, start)] if start else []
    if (old_end - start) * (new_end - start) <= COMPARE_AT_MOST:
        matcher = SequenceMatcher(None, old[start:old_end], new[start:new_end], autojunk=False)
        ops += [
            (tag, i1 + start, i2 + start, j1 + start, j2 + start)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    else:
        ops.append(("replace", start, old_end, start, new_end))
    if end:
        ops.append(("equal", old_end, len(old), new_end, len(new)))
    return ops


def _append(ops: list[RedlineOp], op: str, text: str) -> None:
    if not text:
        return
    if ops and ops[-1].op == op:
        ops[-1] = RedlineOp(op, ops[-1].text + text)
    else:
        ops.append(RedlineOp(op, text))


def redline_markup(ops: list[RedlineOp]) -> str:
    """Plain-text redline: `{-deleted-}` and `{+inserted+}` (square brackets are taken)."""
    marks = {"equal": "{}", "delete": "{{-{}-}}", "insert": "{{+{}+}}"}
    return "".join(marks[op.op].format(op.text) for op in ops)


# ---------------------------------------------------------------------------------- diff


def diff_documents(*, old: Document, new: Document) -> TextDiff:
    changes = []
    for before, after in align_sections(old.sections, new.sections):
        old_text = render_section(before) if before else ""
        new_text = render_section(after) if after else ""
        changes.append(
            SectionChange(
                heading_before=before.title if before else None,
                heading_after=after.title if after else None,
                brackets_before=section_counts(before).brackets if before else 0,
                brackets_after=section_counts(after).brackets if after else 0,
                redline=redline(old_text, new_text),
            )
        )
    return TextDiff(sections=changes)


def diff_texts(*, old: str, new: str) -> TextDiff:
    return diff_documents(old=parse(old), new=parse(new))


def diff_as_dict(diff: TextDiff) -> dict:
    return {
        "brackets_before": diff.brackets_before,
        "brackets_after": diff.brackets_after,
        "sections": [
            {
                "heading": change.heading,
                "heading_before": change.heading_before,
                "heading_after": change.heading_after,
                "status": change.status,
                "brackets_before": change.brackets_before,
                "brackets_after": change.brackets_after,
                "redline": []
                if change.status == "unchanged"
                else [{"op": op.op, "text": op.text} for op in change.redline],
            }
            for change in diff.sections
        ],
    }
