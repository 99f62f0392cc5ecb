"""Export a negotiating text as a Word document diplomats can work on.

Brackets stay brackets, in bold, over a shading that deepens with nesting; options are
blocks with a bar in the margin; footnotes are real Word footnotes. Markdown markup becomes
formatting. python-docx has no footnote API, so the footnotes part is written here.
No Django: this reads the notation tree and writes a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

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
    OptionSet,
    Paragraph,
    Placeholder,
    StatusTag,
    StrayClose,
    Text,
    first_character,
    iter_blocks,
)

# One fill per nesting depth, light enough to read black text through.
DEPTH_SHADING = ("FFF2CC", "FCE4D6", "E2EFDA", "DDEBF7", "EDE0F5")
OPTION_BAR_COLOUR = "4472C4"
STRAY_COLOUR = "C00000"
INDENT_PER_SPACE = Pt(4.5)
OPTION_INDENT = Pt(14)

_MARKUP = re.compile(r"\\([\s\S])|(\*{1,3})|(~~)|(<[^<>\n]+>)")
# What XML 1.0 cannot hold (control characters such as a form feed from a PDF, lone
# surrogates): written as U+FFFD, so that the reader sees a character was there.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT = qn("w:t")
_SPACE = qn("xml:space")
_FRONT_MATTER_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
)


class _RunTemplates:
    """Empty runs, one per look, that every run of one export is copied from: python-docx's
    property setters, once per run, made a deeply bracketed text take a minute. Kept per
    export, not shared between threads."""

    def __init__(self) -> None:
        self._templates: dict[tuple, BaseOxmlElement] = {}

    def new_run(
        self, *, bold: bool, italic: bool, strike: bool, fill: str | None, colour: str | None
    ) -> BaseOxmlElement:
        """A new empty run; `fill` is the bracket shading, `colour` a hex colour."""
        key = (bold, italic, strike, fill, colour)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = self._template(*key)
        return template.__copy__()  # lxml copies the whole element

    @staticmethod
    def _template(
        bold: bool, italic: bool, strike: bool, fill: str | None, colour: str | None
    ) -> BaseOxmlElement:
        run = Run(OxmlElement("w:r"), None)
        run.bold = bold or None
        run.italic = italic or None
        if strike:
            run.font.strike = True
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
        if fill:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), fill)
            run._r.get_or_add_rPr().append(shading)
        return run._r


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@dataclass
class _Emphasis:
    bold: bool = False
    italic: bool = False
    strike: bool = False


class _Footnotes:
    """The footnotes part, created on first use; one Word footnote per reference. It goes
    with every paragraph written, and so carries the export's run templates too."""

    def __init__(
        self, document: docx.document.Document, definitions: dict[str, FootnoteDefinition]
    ):
        self.document = document
        self.definitions = definitions
        self.templates = _RunTemplates()
        self.referenced: set[str] = set()
        self._root = None
        self._next_id = 1

    def _part_root(self):
        if self._root is None:
            root = parse_xml(f"<w:footnotes {nsdecls('w')}>{_SEPARATORS}</w:footnotes>")
            part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CONTENT_TYPE.WML_FOOTNOTES,
                root,
                self.document.part.package,
            )
            self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
            self._root = root
        return self._root

    def reference(self, paragraph: DocxParagraph, label: str, *, in_note: bool) -> None:
        definition = self.definitions.get(label)
        # A reference to nothing keeps its label, as a superscript; so does one inside a note:
        # Word has no footnotes in footnotes, and a note may name itself.
        if definition is None or in_note:
            paragraph.add_run(_xml_safe(label)).font.superscript = True
            return
        self.referenced.add(label)
        footnote_id = self._next_id
        self._next_id += 1
        run = paragraph.add_run()
        run.font.superscript = True
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(footnote_id))
        run._r.append(reference)

        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), str(footnote_id))
        note_paragraph = DocxParagraph(OxmlElement("w:p"), paragraph._parent)
        footnote.append(note_paragraph._p)
        mark = note_paragraph.add_run()
        mark.font.superscript = True
        mark._r.append(OxmlElement("w:footnoteRef"))
        note_paragraph.add_run(" ")
        _write_inline(
            note_paragraph, _strip_leading_space(definition.children), footnotes=self, in_note=True
        )
        self._part_root().append(footnote)


@dataclass
class _Writer:
    """Writes inline nodes as runs, carrying emphasis across nodes (`*[Taking* account`)."""

    paragraph: DocxParagraph
    footnotes: _Footnotes
    in_note: bool = False  # writing a footnote's own text
    emphasis: _Emphasis = field(default_factory=_Emphasis)
    depth: int = -1  # nesting depth of the bracket being written; -1 outside brackets
    last_char: str = " "  # emphasis markers look across node boundaries

    def run(
        self, text: str, *, bold: bool = False, italic: bool = False, colour: str | None = None
    ) -> None:
        text = _xml_safe(text)
        if text:
            self.last_char = text[-1]
        fill = DEPTH_SHADING[self.depth % len(DEPTH_SHADING)] if self.depth >= 0 else None
        run = self.footnotes.templates.new_run(
            bold=bold or self.emphasis.bold,
            italic=italic or self.emphasis.italic,
            strike=self.emphasis.strike,
            fill=fill,
            colour=colour,
        )
        self.paragraph._p.append(run)
        if not text:
            return
        if "\n" in text or "\t" in text or "\r" in text:
            run.text = text  # python-docx writes line breaks and tabs as their own elements
            return
        text_element = run.makeelement(_TEXT, {})
        text_element.text = text
        run.append(text_element)
        if text != text.strip():
            text_element.set(_SPACE, "preserve")

    def text(self, text: str, *, next_char: str = " ") -> None:
        position = 0
        for match in _MARKUP.finditer(text):
            if match.start() > position:
                self.run(text[position : match.start()])
            position = match.end()
            escaped, stars, tildes, _tag = match.groups()
            if escaped is not None:
                self.run(escaped)
            elif stars is not None:
                if not self._flanked(text, match.start(), match.end(), self.last_char, next_char):
                    self.run(stars)
                    continue
                if len(stars) != 1:
                    self.emphasis.bold = not self.emphasis.bold
                if len(stars) != 2:
                    self.emphasis.italic = not self.emphasis.italic
            elif tildes is not None:
                self.emphasis.strike = not self.emphasis.strike
            # HTML tags (kramdown's small caps) carry no words: dropped
        if position < len(text):
            self.run(text[position:])

    @staticmethod
    def _flanked(text: str, start: int, end: int, last_char: str, next_char: str) -> bool:
        """A star run is markup unless it stands alone between spaces (`* TOC`)."""
        before = text[start - 1] if start else last_char
        after = text[end] if end < len(text) else next_char
        return not (before.isspace() and after.isspace())

    def nodes(self, nodes: list[Inline]) -> None:
        # Its own stack, not recursion: brackets nest past Python's recursion limit.
        pending: list[Inline | _Leave] = list(reversed(nodes))
        while pending:
            node = pending.pop()
            if isinstance(node, _Leave):
                if node.bracket is not None:
                    if node.bracket.closes:
                        self.run("]", bold=True)
                    self.depth = node.outer_depth
            elif isinstance(node, Text):
                # `*[Taking* account`: whether a trailing star is markup depends on what follows
                following = pending[-1] if pending else None
                next_char = ""
                if node.text.endswith("*") and not isinstance(following, _Leave | None):
                    next_char = first_character(following)
                self.text(node.text, next_char=next_char or " ")
            elif isinstance(node, Bracket):
                pending.append(_Leave(bracket=node, outer_depth=self.depth))
                self.depth = node.depth
                if node.opens:
                    self.run("[", bold=True)
                pending.extend(reversed(node.children))
            elif isinstance(node, AlternativeSet):
                pending.append(_Leave())
                pending.extend(reversed(node.brackets))
            elif isinstance(node, Link):
                pending.append(_Leave())
                pending.extend(reversed(node.children))
            elif isinstance(node, FootnoteRef):
                self.footnotes.reference(self.paragraph, node.label, in_note=self.in_note)
            elif isinstance(node, Placeholder):
                if not node.text.startswith("{:"):  # kramdown attributes are not text
                    italic = self.emphasis.italic
                    self.emphasis.italic = True
                    self.text(node.text)
                    self.emphasis.italic = italic
            elif isinstance(node, StatusTag):
                # Square brackets here would read as unagreed text: the status gets round ones.
                self.run(f"({node.text[1:-1]})", bold=True, italic=True)
            elif isinstance(node, StrayClose):
                self.run("]", bold=True, colour=STRAY_COLOUR)


@dataclass(frozen=True, slots=True)
class _Leave:
    """The end of a node's children: closes `bracket`, if any, and restores the depth."""

    bracket: Bracket | None = None
    outer_depth: int = -1


def _write_inline(
    paragraph: DocxParagraph, nodes: list[Inline], *, footnotes: _Footnotes, in_note: bool = False
) -> None:
    _Writer(paragraph=paragraph, footnotes=footnotes, in_note=in_note).nodes(nodes)


def _strip_leading_space(nodes: list[Inline]) -> list[Inline]:
    if nodes and isinstance(nodes[0], Text):
        return [Text(nodes[0].text.lstrip(" \t")), *nodes[1:]]
    return nodes


def _only_attributes(paragraph: Paragraph) -> bool:
    """A kramdown attribute line such as `{:.no_toc}` carries no words."""
    return all(
        (isinstance(node, Placeholder) and node.text.startswith("{:"))
        or (isinstance(node, Text) and not node.text.strip())
        for node in paragraph.children
    )


def _option_bar(paragraph: DocxParagraph) -> None:
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for name, value in (
        ("val", "single"),
        ("sz", "12"),
        ("space", "8"),
        ("color", OPTION_BAR_COLOUR),
    ):
        left.set(qn(f"w:{name}"), value)
    borders.append(left)
    paragraph._p.get_or_add_pPr().append(borders)


def _write_blocks(
    document: docx.document.Document, blocks: list[Block], *, footnotes: _Footnotes
) -> None:
    # (block, how many options it lies in); options nest, so the walk keeps its own stack
    pending = [(block, 0) for block in reversed(blocks)]
    while pending:
        block, option_depth = pending.pop()
        if isinstance(block, OptionSet):
            for option in reversed(block.options):
                pending.extend((inner, option_depth + 1) for inner in reversed(option.blocks))
        elif isinstance(block, Paragraph):
            if _only_attributes(block):
                continue
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = (
                INDENT_PER_SPACE * block.indent + OPTION_INDENT * option_depth
            )
            if option_depth:
                _option_bar(paragraph)
            _write_inline(paragraph, _strip_leading_space(block.children), footnotes=footnotes)
        # footnotes go where they are referenced; blank lines, link definitions and front
        # matter are not text


def build_docx(text_document: Document) -> docx.document.Document:
    """A python-docx Document for the parsed text."""
    document = docx.Document()
    definitions = {}
    for section in text_document.sections:
        for block in iter_blocks(section.blocks):
            if isinstance(block, FootnoteDefinition):
                definitions.setdefault(block.label, block)
            elif isinstance(block, FrontMatter) and (
                title := _FRONT_MATTER_TITLE.search(block.text)
            ):
                document.core_properties.title = _xml_safe(title.group(1))
    footnotes = _Footnotes(document, definitions)
    for section in text_document.sections:
        if section.heading is not None:
            heading = document.add_heading("", level=section.heading.level)
            _write_inline(
                heading, _strip_leading_space(section.heading.children), footnotes=footnotes
            )
        _write_blocks(document, section.blocks, footnotes=footnotes)
    unreferenced = [d for label, d in definitions.items() if label not in footnotes.referenced]
    if unreferenced:
        document.add_heading("Notes", level=2)
        for definition in unreferenced:
            paragraph = document.add_paragraph(f"{_xml_safe(definition.label)}. ")
            _write_inline(
                paragraph,
                _strip_leading_space(definition.children),
                footnotes=footnotes,
                in_note=True,
            )
    return document


def export_docx(text_document: Document, destination: str | Path | IO[bytes]) -> None:
    build_docx(text_document).save(destination)
