"""The bracket notation of diplomatic drafts: parse into a tree, render it back byte for byte.

Pure Python on purpose (no Django): the engine is tested, benchmarked and reused alone.
`render(parse(text)) == text` for every input, and every metric is read from the tree.

A bracket `[` opens unagreed text. Brackets may run over several paragraphs (a whole
bracketed list is common) but never past a heading: a section ends every bracket still open,
with a warning. Links (reference links too, where their label is defined), footnotes, link
definitions and status tags look like brackets and are not; they are recognised first.
Nothing here recurses: a text may nest brackets as deep as it likes (docs/text-notation.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# ---------------------------------------------------------------- the tree: inline nodes


@dataclass(slots=True)
class Text:
    text: str


@dataclass(slots=True)
class Bracket:
    """Unagreed text. A bracket that runs over several blocks is cut into fragments so that
    every block stays a proper tree; only the first fragment `opens` and only the last one
    `closes`. A block inside brackets carried from earlier blocks holds a fragment of each one
    it closes and of the innermost one it stays inside; the outer ones write nothing there.
    All fragments of one bracket share `line`, the line of its `[`; `depth` counts the
    brackets around it, fragments or not."""

    children: list[Inline]
    line: int
    depth: int = 0
    opens: bool = True
    closes: bool = True
    party: str | None = None
    alternatives: list[str] | None = None


@dataclass(slots=True)
class AlternativeSet:
    """Adjacent brackets `[shall][should]`: mutually exclusive alternatives."""

    brackets: list[Bracket]


@dataclass(slots=True)
class Link:
    """Markdown, not a bracket: `[text](url)`, or a reference to a definition `[label]: url`
    anywhere in the text: full `[text][label]`, collapsed `[label][]` or shortcut `[label]`.
    Labels match as CommonMark's do: whatever their case, their spaces collapsed."""

    children: list[Inline]
    tail: str  # what follows the text, from its `]`: "](url)", "][label]", "][]" or "]"


@dataclass(slots=True)
class FootnoteRef:
    label: str
    text: str


@dataclass(slots=True)
class Placeholder:
    """`{Placeholder for …}`: an editorial note (kramdown's `{:toc}` lands here too)."""

    text: str


@dataclass(slots=True)
class StatusTag:
    """`[Agreed ad ref]` ending a paragraph: the paragraph's status, not a bracket."""

    status: str
    text: str


@dataclass(slots=True)
class StrayClose:
    """A `]` with no open bracket: kept as text, reported as a warning."""

    line: int


Inline = Text | Bracket | AlternativeSet | Link | FootnoteRef | Placeholder | StatusTag | StrayClose

# ----------------------------------------------------------------- the tree: block nodes


@dataclass(slots=True)
class Paragraph:
    children: list[Inline]
    line: int
    eol: str
    indent: int = 0
    number: str | None = None
    option_label: str | None = None

    @property
    def status(self) -> str | None:
        for node in reversed(self.children):
            if isinstance(node, StatusTag):
                return node.status
            if not (isinstance(node, Text) and not node.text.strip()):
                return None
        return None


@dataclass(slots=True)
class Heading:
    level: int
    marker: str  # "## " as written
    children: list[Inline]
    line: int
    eol: str

    @property
    def title(self) -> str:
        return render_inline(self.children).strip()


@dataclass(slots=True)
class FootnoteDefinition:
    label: str
    marker: str  # "[^7]:" as written
    children: list[Inline]
    line: int
    eol: str


@dataclass(slots=True)
class LinkDefinition:
    label: str
    text: str
    line: int


@dataclass(slots=True)
class FrontMatter:
    text: str
    line: int


@dataclass(slots=True)
class BlankLines:
    text: str
    line: int


@dataclass(slots=True)
class Option:
    """A labelled option (`**Option 1:**`); its first block is the paragraph with the label."""

    label: str
    line: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def no_text(self) -> bool:
        """The option proposes to have no text at all ("**Option 2:** No text")."""
        body = "".join(_render_blocks(self.blocks))
        return bool(_NO_TEXT.match(body))


@dataclass(slots=True)
class OptionSet:
    options: list[Option] = field(default_factory=list)


Block = Paragraph | FootnoteDefinition | LinkDefinition | FrontMatter | BlankLines | OptionSet


@dataclass(slots=True)
class Section:
    """The text under one heading; the part before the first heading has no heading."""

    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.title if self.heading else ""


@dataclass(frozen=True, slots=True)
class ParseWarning:
    line: int
    message: str


@dataclass(slots=True)
class Document:
    sections: list[Section]
    warnings: list[ParseWarning]


# ------------------------------------------------------------------------------ patterns

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[^\S\n]+|$)")
_FOOTNOTE_DEFINITION = re.compile(r" {0,3}\[\^([^\]\s\[]+)\]:")
_LINK_DEFINITION = re.compile(
    r" {0,3}\[(?!\^)([^\[\]\n]+)\]:[ \t]*[^\s\[\]]+(?:[ \t]+\"[^\"]*\")?[ \t]*$"
)
_SUFFIX = r"(?:bis|ter|quater|quat|quinquies|quinqiues|sexies|septies|alt)"
_NUMBER = re.compile(
    rf"[ \t]*(?:[-*+][ \t]+)?\[?(?P<number>\(\w{{1,8}}\){_SUFFIX}?"
    rf"|\d+(?:\.\w+)*[ ]?{_SUFFIX}\b"
    rf"|\d+(?:\.\w+)+(?=[\s:.)]|\[\^)"
    rf"|\d+(?=[.):])"
    rf"|[a-z]{{1,4}}\))"
)
_BULLET = re.compile(r"[ \t]*[-*+][ \t]")
# "**Option 1:**", "**[Option 1**", "Option 2:", "***Option I:***", "**Option (b) 1:**"
_OPTION = re.compile(
    r"[*\[]{0,5}Option[ \t]*(?P<label>\d+(?:bis)?|[IVX]+|\([a-z]\)(?:[ \t]*\d+)?)(?!\w)"
)
_INLINE_TOKEN = re.compile(r"\\[\s\S]|\[\^[^\]\s\[]+\]|\{[^{}\[\]\n]*\}|[\[\]]")
_STATUS = re.compile(r"\[((?i:agreed)(?:[ \t]+(?i:ad[ \t]+ref(?:erendum)?))?\.?)\]\s*\Z")
_LINK_URL_TAIL = re.compile(r"\(([^()\s\[\]]*[/.:#][^()\s\[\]]*)(?:[ \t]+\"[^\"\n]*\")?\)")
# A link label right after a `]`: `[label]` of a full reference, `[]` of a collapsed one.
# `[^7]` is a footnote reference, not a label.
_LINK_LABEL_TAIL = re.compile(r"\[(?!\^)([^\[\]]*)\]")
_LABEL_AT_MOST = 999  # CommonMark's longest link label
_ATTRIBUTION = re.compile(
    r"[ \t][-\u2013\u2014][ \t]+([A-Z][^\[\]\n\-\u2013\u2014]{0,40}?)[ \t]*\Z"
)
_SLASH = " / "
_NO_TEXT = re.compile(r"\W*Option[^:]*:\W*\[?no (?:text|provision)", re.IGNORECASE)

# ------------------------------------------------------------------------ inline scanner


def link_label(label: str) -> str:
    """A link label as CommonMark matches it: case-folded, its spaces collapsed to one."""
    return " ".join(label.split()).casefold()


class _InlineScanner:
    """One pass over a block's text; open brackets may carry over to the next block."""

    __slots__ = ("link_labels", "warnings")

    def __init__(self, *, link_labels: frozenset[str], warnings: list[ParseWarning]) -> None:
        self.link_labels = link_labels
        self.warnings = warnings

    def scan(self, text: str, *, first_line: int, carried: list[int]) -> list[Inline]:
        """Return the block's nodes. `carried` holds the lines of the brackets open before the
        block, outermost first; it is updated in place to those still open after it.

        A carried bracket becomes a fragment here only when the block closes it, or when it is
        the innermost one the block stays inside: the outer ones render nothing in this block,
        and one node each in every block would grow as brackets times blocks.
        """
        root: list[Inline] = []
        containers: list[list[Inline]] = [root]
        open_brackets: list[Bracket] = []  # opened in this block
        outside = len(carried)  # carried brackets not closed yet in this block

        last = 0  # end of the text already turned into nodes
        counted = 0
        line = first_line
        for match in _INLINE_TOKEN.finditer(text):
            start = match.start()
            if start < last:  # inside a link tail already consumed
                continue
            token = match.group()
            first = token[0]
            if first == "\\":
                continue  # an escaped character is plain text
            if start > last:
                containers[-1].append(Text(text[last:start]))
            last = match.end()
            if first == "{":
                containers[-1].append(Placeholder(token))
            elif len(token) > 1:
                containers[-1].append(FootnoteRef(label=token[2:-1], text=token))
            else:
                line += text.count("\n", counted, start)
                counted = start
                if first == "[":
                    status = _STATUS.match(text, start)
                    if status:
                        containers[-1].append(
                            StatusTag(
                                status=status.group(1).rstrip(".").lower(),
                                text=status.group(0).rstrip(),
                            )
                        )
                        last = start + len(status.group(0).rstrip())
                        continue
                    bracket = Bracket(children=[], line=line, depth=outside + len(open_brackets))
                    containers[-1].append(bracket)
                    containers.append(bracket.children)
                    open_brackets.append(bracket)
                elif open_brackets:
                    bracket = open_brackets.pop()
                    containers.pop()
                    last = self._close(bracket, text, last, containers[-1])
                elif outside:
                    # Closes the innermost carried bracket: what the block holds so far is its
                    # fragment, and the fragment is all the next level out holds so far.
                    outside -= 1
                    fragment = Bracket(
                        children=root, line=carried[outside], depth=outside, opens=False
                    )
                    root = [fragment]
                    containers = [root]
                    self._close(fragment, text, last, root)
                else:
                    containers[-1].append(StrayClose(line=line))
                    self.warnings.append(ParseWarning(line, "stray ']' closes no open bracket"))
        if last < len(text):
            containers[-1].append(Text(text[last:]))
        for bracket in open_brackets:
            bracket.closes = False
        if outside:
            root = [
                Bracket(
                    children=root,
                    line=carried[outside - 1],
                    depth=outside - 1,
                    opens=False,
                    closes=False,
                )
            ]
        del carried[outside:]
        carried.extend(bracket.line for bracket in open_brackets)
        return root

    @staticmethod
    def _own_label(bracket: Bracket) -> str | None:
        """The bracket's text when it could be a link label: plain text, not too long."""
        children = bracket.children
        if len(children) == 1 and isinstance(children[0], Text):
            text = children[0].text
            if text.strip() and len(text) <= _LABEL_AT_MOST:
                return text
        return None

    def _close(self, bracket: Bracket, text: str, end: int, parent: list[Inline]) -> int:
        """Finish a closed bracket: a link after all, or unagreed text. Returns the new end."""
        if bracket.opens:
            tail = _LINK_URL_TAIL.match(text, end)
            label = _LINK_LABEL_TAIL.match(text, end) if tail is None else None
            if label is not None:
                # full `[text][label]`, or collapsed `[label][]`: the text is the label
                defined = label.group(1) or self._own_label(bracket)
                if defined is not None and link_label(defined) in self.link_labels:
                    tail = label
            elif tail is None:
                own = self._own_label(bracket)
                if own is not None and link_label(own) in self.link_labels:
                    parent[-1] = Link(children=bracket.children, tail="]")  # shortcut `[label]`
                    return end
            if tail is not None:
                parent[-1] = Link(children=bracket.children, tail="]" + tail.group(0))
                return tail.end()
        children = bracket.children
        if children and isinstance(children[-1], Text):
            last_text = children[-1].text
            if len(children) == 1 and _SLASH in last_text:
                bracket.alternatives = [part.strip() for part in last_text.split(_SLASH)]
            attribution = _ATTRIBUTION.search(last_text)
            if attribution:
                bracket.party = attribution.group(1)
        if bracket.opens and len(parent) >= 2:
            previous = parent[-2]
            if isinstance(previous, Bracket) and previous.opens and previous.closes:
                parent[-2:] = [AlternativeSet(brackets=[previous, bracket])]
            elif isinstance(previous, AlternativeSet):
                previous.brackets.append(bracket)
                parent.pop()
        return end


# ------------------------------------------------------------------------ block parser


@dataclass(slots=True)
class _OpenOptionSet:
    node: OptionSet
    lead: int  # leading whitespace of the line that opened the set
    column: int  # where the first label starts
    style: str


def _option_style(label: str) -> tuple[str, bool]:
    """("numbered" | "lettered", whether the label starts a set)."""
    label = label.removeprefix("Option ")
    if label.startswith("("):
        return "lettered", label[1] == "a" and label.endswith(")")
    return "numbered", label in ("1", "I")


class _SectionBuilder:
    """Places blocks in the section or in the innermost open option."""

    def __init__(self, section: Section) -> None:
        self.section = section
        self.open_sets: list[_OpenOptionSet] = []

    def container(self) -> list[Block]:
        if self.open_sets:
            return self.open_sets[-1].node.options[-1].blocks
        return self.section.blocks

    def add(self, block: Block) -> None:
        self.container().append(block)

    def add_paragraph(self, paragraph: Paragraph, *, label_column: int) -> None:
        if paragraph.option_label is None:
            # Options end where the text returns to a shallower indentation.
            while self.open_sets and self.open_sets[-1].lead > paragraph.indent:
                self.open_sets.pop()
            self.add(paragraph)
            return
        style, starts_set = _option_style(paragraph.option_label)
        option = Option(label=paragraph.option_label, line=paragraph.line, blocks=[paragraph])
        same_style = [i for i, s in enumerate(self.open_sets) if s.style == style]
        if not starts_set and same_style:
            del self.open_sets[same_style[-1] + 1 :]
            self.open_sets[-1].node.options.append(option)
            return
        if starts_set and same_style:
            nearest = same_style[-1]
            # "Option 1" again at about the same place starts the next set, not a nested one
            if self.open_sets[nearest].column >= label_column - 3:
                del self.open_sets[nearest:]
        new_set = OptionSet(options=[option])
        self.add(new_set)
        self.open_sets.append(
            _OpenOptionSet(node=new_set, lead=paragraph.indent, column=label_column, style=style)
        )


def _is_blank(line: str) -> bool:
    return not line.strip()


def _starts_block(line: str) -> bool:
    return bool(
        _HEADING.match(line)
        or _FOOTNOTE_DEFINITION.match(line)
        or _LINK_DEFINITION.match(line)
        or _NUMBER.match(line)
        or _BULLET.match(line)
        or _OPTION.match(line.lstrip(" \t"))
    )


def _front_matter_end(lines: list[str]) -> int:
    """Index after a leading YAML front matter block, or 0."""
    if not lines or lines[0].rstrip("\r") != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r") in ("---", "..."):
            return index + 1
    return 0


def _describe_paragraph(first_line: str) -> tuple[int, str | None, str | None, int]:
    """Indent, number, option label and the label's column, read from a paragraph's first line."""
    indent = len(first_line) - len(first_line.lstrip(" \t"))
    number_match = _NUMBER.match(first_line)
    number = number_match.group("number") if number_match else None
    rest_start = number_match.end() if number_match else indent
    if number_match is None:
        bullet = _BULLET.match(first_line)
        if bullet:
            rest_start = bullet.end()
    while rest_start < len(first_line) and first_line[rest_start] in " \t.):":
        rest_start += 1
    option = _OPTION.match(first_line, rest_start)
    label = f"Option {option.group('label')}" if option else None
    return indent, number, label, rest_start


def parse(text: str) -> Document:
    """Parse a negotiating text. Never raises on content; problems become warnings."""
    lines = text.split("\n")
    has_final_line = lines[-1] != ""
    if not has_final_line:
        lines.pop()
    count = len(lines)

    def eol(index: int) -> str:
        return "" if index == count - 1 and has_final_line else "\n"

    link_labels = frozenset(
        link_label(m.group(1)) for line in lines if (m := _LINK_DEFINITION.match(line))
    )
    warnings: list[ParseWarning] = []
    scanner = _InlineScanner(link_labels=link_labels, warnings=warnings)
    sections = [Section(heading=None)]
    builder = _SectionBuilder(sections[0])
    carried: list[int] = []

    def end_scope(open_lines: list[int], where: str) -> None:
        for origin in open_lines:
            warnings.append(
                ParseWarning(origin, f"unclosed '[' still open at the end of the {where}")
            )

    index = _front_matter_end(lines)
    if index:
        builder.add(FrontMatter(text="\n".join(lines[:index]) + eol(index - 1), line=1))
    while index < count:
        line = lines[index]
        number = index + 1
        if _is_blank(line):
            end = index + 1
            while end < count and _is_blank(lines[end]):
                end += 1
            builder.add(BlankLines(text="\n".join(lines[index:end]) + eol(end - 1), line=number))
            index = end
            continue
        heading = _HEADING.match(line)
        if heading:
            end_scope(carried, "section")
            carried = []
            still_open: list[int] = []
            children = scanner.scan(line[heading.end() :], first_line=number, carried=still_open)
            end_scope(still_open, "heading")
            section = Section(
                heading=Heading(
                    level=len(heading.group(1)),
                    marker=heading.group(0),
                    children=children,
                    line=number,
                    eol=eol(index),
                )
            )
            sections.append(section)
            builder = _SectionBuilder(section)
            index += 1
            continue
        if _LINK_DEFINITION.match(line):
            label = _LINK_DEFINITION.match(line).group(1)
            builder.add(LinkDefinition(label=label, text=line + eol(index), line=number))
            index += 1
            continue
        end = index + 1
        while end < count and not _is_blank(lines[end]) and not _starts_block(lines[end]):
            end += 1
        body = "\n".join(lines[index:end])
        footnote = _FOOTNOTE_DEFINITION.match(line)
        if footnote:
            # Footnotes are editorial: their brackets neither continue nor close the text's.
            marker = footnote.group(0)
            still_open = []
            children = scanner.scan(body[len(marker) :], first_line=number, carried=still_open)
            end_scope(still_open, "footnote")
            builder.add(
                FootnoteDefinition(
                    label=footnote.group(1),
                    marker=marker,
                    children=children,
                    line=number,
                    eol=eol(end - 1),
                )
            )
        else:
            children = scanner.scan(body, first_line=number, carried=carried)
            indent, paragraph_number, label, label_column = _describe_paragraph(line)
            builder.add_paragraph(
                Paragraph(
                    children=children,
                    line=number,
                    eol=eol(end - 1),
                    indent=indent,
                    number=paragraph_number,
                    option_label=label,
                ),
                label_column=label_column,
            )
        index = end
    end_scope(carried, "text")
    if not sections[0].blocks:
        sections.pop(0)
    warnings.sort(key=lambda warning: warning.line)
    return Document(sections=sections, warnings=warnings)


# ------------------------------------------------------------------------------ render


def render_inline(nodes: list[Inline]) -> str:
    return "".join(_render_inline(nodes))


# Every walk of the tree below keeps its own stack: brackets nest as deep as a text makes them,
# far past Python's recursion limit, and a walk must not fail where the parse did not.


def _render_inline(nodes: list[Inline]) -> Iterator[str]:
    pending: list[Inline | str] = list(reversed(nodes))  # a str is a closing mark to write
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, Text):
            yield node.text
        elif isinstance(node, Bracket):
            if node.opens:
                yield "["
            if node.closes:
                pending.append("]")
            pending.extend(reversed(node.children))
        elif isinstance(node, AlternativeSet):
            pending.extend(reversed(node.brackets))
        elif isinstance(node, Link):
            yield "["
            pending.append(node.tail)
            pending.extend(reversed(node.children))
        elif isinstance(node, StrayClose):
            yield "]"
        else:
            yield node.text


def first_character(node: Inline) -> str:
    """The first character the node renders, or "" (without rendering all of it)."""
    return next((chunk[0] for chunk in _render_inline([node]) if chunk), "")


def _render_blocks(blocks: list[Block]) -> Iterator[str]:
    for block in iter_blocks(blocks):
        if isinstance(block, Paragraph):
            yield from _render_inline(block.children)
            yield block.eol
        elif isinstance(block, FootnoteDefinition):
            yield block.marker
            yield from _render_inline(block.children)
            yield block.eol
        elif not isinstance(block, OptionSet):  # an option set is its options' blocks
            yield block.text


def render(document: Document) -> str:
    """The source text again, byte for byte."""
    parts: list[str] = []
    for section in document.sections:
        if section.heading is not None:
            parts.append(section.heading.marker)
            parts.extend(_render_inline(section.heading.children))
            parts.append(section.heading.eol)
        parts.extend(_render_blocks(section.blocks))
    return "".join(parts)


# ---------------------------------------------------------------------------- walking


def iter_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block, options flattened, in reading order (option sets themselves included)."""
    pending = list(reversed(blocks))
    while pending:
        block = pending.pop()
        yield block
        if isinstance(block, OptionSet):
            for option in reversed(block.options):
                pending.extend(reversed(option.blocks))


def iter_inline(nodes: list[Inline]) -> Iterator[Inline]:
    """Every inline node, depth first."""
    pending = list(reversed(nodes))
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, Bracket | Link):
            pending.extend(reversed(node.children))
        elif isinstance(node, AlternativeSet):
            pending.extend(reversed(node.brackets))
