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
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

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
    iter_blocks,
    render_inline,
)

# One fill per nesting depth, light enough to read black text through.
DEPTH_SHADING = ("FFF2CC", "FCE4D6", "E2EFDA", "DDEBF7", "EDE0F5")
OPTION_BAR_COLOUR = "4472C4"
STRAY_COLOUR = RGBColor(0xC0, 0x00, 0x00)
INDENT_PER_SPACE = Pt(4.5)
OPTION_INDENT = Pt(14)

_MARKUP = re.compile(r"\\([\s\S])|(\*{1,3})|(~~)|(<[^<>\n]+>)")
_FRONT_MATTER_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
)


@dataclass
class _Emphasis:
    bold: bool = False
    italic: bool = False
    strike: bool = False


class _Footnotes:
    """The footnotes part, created on first use; one Word footnote per reference."""

    def __init__(
        self, document: docx.document.Document, definitions: dict[str, FootnoteDefinition]
    ):
        self.document = document
        self.definitions = definitions
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

    def reference(self, paragraph: DocxParagraph, label: str) -> None:
        definition = self.definitions.get(label)
        if definition is None:  # a reference to nothing: keep its label, as a superscript
            paragraph.add_run(label).font.superscript = True
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
        _write_inline(note_paragraph, _strip_leading_space(definition.children), footnotes=self)
        self._part_root().append(footnote)


@dataclass
class _Writer:
    """Writes inline nodes as runs, carrying emphasis across nodes (`*[Taking* account`)."""

    paragraph: DocxParagraph
    footnotes: _Footnotes
    emphasis: _Emphasis = field(default_factory=_Emphasis)
    depth: int = -1  # nesting depth of the bracket being written; -1 outside brackets
    last_char: str = " "  # emphasis markers look across node boundaries

    def run(self, text: str, *, bold: bool = False):
        run = self.paragraph.add_run(text)
        if text:
            self.last_char = text[-1]
        run.bold = bold or self.emphasis.bold or None
        run.italic = self.emphasis.italic or None
        if self.emphasis.strike:
            run.font.strike = True
        if self.depth >= 0:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), DEPTH_SHADING[self.depth % len(DEPTH_SHADING)])
            run._r.get_or_add_rPr().append(shading)
        return run

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
        for index, node in enumerate(nodes):
            if isinstance(node, Text):
                following = nodes[index + 1 : index + 2]
                # `*[Taking* account`: whether a trailing star is markup depends on what follows
                next_char = render_inline(following)[:1] if node.text.endswith("*") else ""
                self.text(node.text, next_char=next_char or " ")
            elif isinstance(node, Bracket):
                self.bracket(node)
            elif isinstance(node, AlternativeSet):
                self.nodes(node.brackets)
            elif isinstance(node, Link):
                self.nodes(node.children)
            elif isinstance(node, FootnoteRef):
                self.footnotes.reference(self.paragraph, node.label)
            elif isinstance(node, Placeholder):
                if not node.text.startswith("{:"):  # kramdown attributes are not text
                    italic = self.emphasis.italic
                    self.emphasis.italic = True
                    self.text(node.text)
                    self.emphasis.italic = italic
            elif isinstance(node, StatusTag):
                # Square brackets here would read as unagreed text: the status gets round ones.
                self.run(f"({node.text[1:-1]})", bold=True).italic = True
            elif isinstance(node, StrayClose):
                self.run("]", bold=True).font.color.rgb = STRAY_COLOUR

    def bracket(self, bracket: Bracket) -> None:
        outer = self.depth
        self.depth = bracket.depth
        if bracket.opens:
            self.run("[", bold=True)
        self.nodes(bracket.children)
        if bracket.closes:
            self.run("]", bold=True)
        self.depth = outer


def _write_inline(paragraph: DocxParagraph, nodes: list[Inline], *, footnotes: _Footnotes) -> None:
    _Writer(paragraph=paragraph, footnotes=footnotes).nodes(nodes)


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
    document: docx.document.Document,
    blocks: list[Block],
    *,
    footnotes: _Footnotes,
    option_depth: int,
) -> None:
    for block in blocks:
        if isinstance(block, OptionSet):
            for option in block.options:
                _write_blocks(
                    document, option.blocks, footnotes=footnotes, option_depth=option_depth + 1
                )
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
        elif isinstance(block, FootnoteDefinition | BlankLines | LinkDefinition | FrontMatter):
            continue  # footnotes go where they are referenced; the rest is not text


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
                document.core_properties.title = title.group(1)
    footnotes = _Footnotes(document, definitions)
    for section in text_document.sections:
        if section.heading is not None:
            heading = document.add_heading("", level=section.heading.level)
            _write_inline(
                heading, _strip_leading_space(section.heading.children), footnotes=footnotes
            )
        _write_blocks(document, section.blocks, footnotes=footnotes, option_depth=0)
    unreferenced = [d for label, d in definitions.items() if label not in footnotes.referenced]
    if unreferenced:
        document.add_heading("Notes", level=2)
        for definition in unreferenced:
            paragraph = document.add_paragraph(f"{definition.label}. ")
            _write_inline(paragraph, _strip_leading_space(definition.children), footnotes=footnotes)
    return document


def export_docx(text_document: Document, destination: str | Path | IO[bytes]) -> None:
    build_docx(text_document).save(destination)
