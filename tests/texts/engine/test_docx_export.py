import re
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.texts.engine.docx_export import DEPTH_SHADING, export_docx
from parley.texts.engine.metrics import document_counts
from parley.texts.engine.notation import (
    AlternativeSet,
    Bracket,
    Link,
    Paragraph,
    Placeholder,
    StatusTag,
    StrayClose,
    Text,
    iter_blocks,
    parse,
)

from .strategies import DEEPLY_NESTED, NESTING, PIECES, RICH_ALPHABET

PARIS = Path(__file__).resolve().parents[2] / "data" / "negotiating-texts" / "paris-2015"
AGREEMENT = PARIS / "agreement-2015-10-23.md"


def exported(text: str) -> docx.document.Document:
    buffer = BytesIO()
    export_docx(parse(text), buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def paragraph_texts(document: docx.document.Document) -> list[str]:
    """Each paragraph's text, read by lxml: python-docx's `Paragraph.text` takes seconds over
    the 400,000 runs of a deeply bracketed paragraph. Line breaks and tabs are left out."""
    return [paragraph._p.xpath("string(.)") for paragraph in document.paragraphs]


def words_of(nodes) -> str:
    """What a reader should see of these nodes: the text with its brackets, no Markdown."""
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Bracket):
            parts += [
                "[" if node.opens else "",
                words_of(node.children),
                "]" if node.closes else "",
            ]
        elif isinstance(node, AlternativeSet):
            parts.append(words_of(node.brackets))
        elif isinstance(node, Link):
            parts.append(words_of(node.children))
        elif isinstance(node, Placeholder) and not node.text.startswith("{:"):
            parts.append(node.text)
        elif isinstance(node, StatusTag):
            parts.append(f"({node.text[1:-1]})")
        elif isinstance(node, StrayClose):
            parts.append("]")
        # footnote references become Word footnotes: no text in the paragraph
    return "".join(parts)


def comparable(text: str) -> str:
    text = re.sub(r"<[^<>\n]+>", "", text)
    text = re.sub(r"\\([\s\S])", r"\1", text)
    return " ".join(text.replace("*", "").replace("~~", "").split())


def source_paragraphs(text: str) -> list[str]:
    expected = []
    for section in parse(text).sections:
        if section.heading is not None:
            expected.append(words_of(section.heading.children))
        for block in iter_blocks(section.blocks):
            if isinstance(block, Paragraph) and words_of(block.children).strip():
                expected.append(words_of(block.children))
    return [comparable(paragraph) for paragraph in expected]


@pytest.mark.parametrize(
    ("name", "brackets"), [("agreement-2015-10-23.md", 1023), ("decision-draft.md", 475)]
)
def test_paris_export_keeps_every_paragraph_and_every_bracket(name, brackets):
    source = (PARIS / name).read_text()
    document = exported(source)
    paragraphs = [comparable(p.text) for p in document.paragraphs]
    assert paragraphs == source_paragraphs(source)
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("[") == document_counts(parse(source)).brackets == brackets


def test_paris_footnotes_become_word_footnotes():
    document = exported(AGREEMENT.read_text())
    body_references = document.element.body.findall(".//" + qn("w:footnoteReference"))
    footnotes_part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes")
    )
    footnotes = parse_xml(footnotes_part.blob).findall(qn("w:footnote"))
    assert len(body_references) == 12
    assert len(footnotes) == 12 + 2  # and the separator and continuation separator
    sixth = "".join(t.text for t in footnotes[2 + 5].iter(qn("w:t")))
    assert sixth.startswith(" [South Africa wishes its reservation")


def test_brackets_are_bold_and_shaded_by_depth():
    document = exported("Parties [shall [urgently]] act.\n")
    runs = document.paragraphs[0].runs
    marks = [(run.text, run.bold) for run in runs if run.text in ("[", "]")]
    assert marks == [("[", True), ("[", True), ("]", True), ("]", True)]
    fills = {
        run.text: run._r.rPr.find(qn("w:shd")).get(qn("w:fill"))
        for run in runs
        if run._r.rPr is not None and run._r.rPr.find(qn("w:shd")) is not None
    }
    assert fills["shall "] == DEPTH_SHADING[0]
    assert fills["urgently"] == DEPTH_SHADING[1]


def test_markdown_emphasis_becomes_formatting():
    document = exported("*Recognizing* the **Option 1:** text\n")
    runs = [(run.text, bool(run.italic), bool(run.bold)) for run in document.paragraphs[0].runs]
    assert runs == [
        ("Recognizing", True, False),
        (" the ", False, False),
        ("Option 1:", False, True),
        (" text", False, False),
    ]


def test_options_are_labelled_blocks_with_a_margin_bar():
    document = exported("Intro.\n\n**Option 1:** A [x].\n\n**Option 2:** No text\n")
    barred = [p.text for p in document.paragraphs if p._p.pPr.find(qn("w:pBdr")) is not None]
    assert barred == ["Option 1: A [x].", "Option 2: No text"]


def test_paragraph_numbers_and_headings_are_kept():
    document = exported("## Article 2bis\n\n2bis. Parties [shall] act.\n\n3 ter Also.\n")
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Heading 2", "Article 2bis"),
        ("Normal", "2bis. Parties [shall] act."),
        ("Normal", "3 ter Also."),
    ]


def test_status_tag_is_not_exported_as_a_bracket():
    document = exported("1. The CMA shall act. [Agreed ad ref]\n")
    assert document.paragraphs[0].text == "1. The CMA shall act. (Agreed ad ref)"


def test_unreferenced_footnote_goes_to_a_notes_section():
    document = exported("Text.\n\n[^9]: An orphan note.\n")
    assert [p.text for p in document.paragraphs] == ["Text.", "Notes", "9. An orphan note."]


def test_unbalanced_text_exports_every_character():
    document = exported("Stray ] and [open\n")
    assert document.paragraphs[0].text == "Stray ] and [open"


def test_export_of_200000_nested_brackets_keeps_every_bracket():
    assert paragraph_texts(exported(DEEPLY_NESTED + "\n")) == [DEEPLY_NESTED]


def test_export_of_a_paragraph_inside_carried_brackets_shades_it_by_the_innermost():
    document = exported("[[[a\n\nb\n\nc]]]\n")
    (run,) = document.paragraphs[1].runs
    assert run.text == "b"
    assert run._r.rPr.find(qn("w:shd")).get(qn("w:fill")) == DEPTH_SHADING[2]


def test_a_footnote_that_refers_to_itself_exports_its_label():
    document = exported("Text[^1].\n\n[^1]: See [^1] and [^2].\n\n[^2]: Back to [^1].\n")
    footnotes_part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes")
    )
    notes = parse_xml(footnotes_part.blob).findall(qn("w:footnote"))[2:]
    assert ["".join(t.text for t in note.iter(qn("w:t"))) for note in notes] == [" See 1 and 2."]
    assert [p.text for p in document.paragraphs] == ["Text.", "Notes", "2. Back to 1."]


@settings(max_examples=25, deadline=None)
@given(NESTING)
def test_export_of_any_nesting_keeps_every_character(text):
    document = exported(text)
    expected = text.replace("[^1]", "1")  # a reference to no note keeps its label
    assert "".join("".join(p.text for p in document.paragraphs).split()) == "".join(
        expected.split()
    )


def test_characters_xml_cannot_hold_are_exported_as_replacement_characters():
    document = exported("Page one\x0cpage two [x\x01].\n\n[^\x02]: A note.\n")
    assert [p.text for p in document.paragraphs] == [
        "Page one\ufffdpage two [x\ufffd].",
        "Notes",
        "\ufffd. A note.",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.lists(RICH_ALPHABET | PIECES, max_size=60).map("".join))
def test_any_text_exports_to_a_document_word_opens(text):
    document = exported(text)
    assert len(document.paragraphs) <= text.count("\n") + 3
