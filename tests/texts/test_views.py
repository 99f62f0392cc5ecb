"""The text pages: what each role sees, the forms, the import, the redline, the Word export."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parley.core.models import AuditEvent
from parley.texts import actions
from parley.texts.models import NegotiatingText, Proposal, ProposalStatus, TextVersion

from ..conftest import sign_in
from ..factories import AgendaItemFactory
from .conftest import BODY
from .engine.strategies import DEEP, DEEPLY_NESTED

INSERT_CLOSELY = {"kind": "insert", "paragraph": "1", "target": "cooperate", "text": "closely"}
LIFT_ANNUALLY = {"kind": "lift", "target": "[annually]"}


def _url(name: str, talks, **kwargs) -> str:
    return reverse(
        f"texts:{name}", kwargs={"process_pk": talks.process.pk, "pk": talks.item.pk, **kwargs}
    )


def _as(client, talks, who: str):
    sign_in(client, talks.users[who])
    return client


def _draft(talks, who: str, **fields) -> Proposal:
    return actions.proposal_draft(actor=talks.actor(who), item=talks.item, base_number=1, **fields)


def paragraph_texts(document: docx.document.Document) -> list[str]:
    """Each paragraph's text, read by lxml: python-docx's `Paragraph.text` takes seconds over
    the 400,000 runs of a deeply bracketed paragraph. Line breaks and tabs are left out."""
    return [paragraph._p.xpath("string(.)") for paragraph in document.paragraphs]


def test_text_page_shades_brackets_by_depth_and_colours_a_partys_brackets(client, talks):
    talks.south.colour = "#1f77b4"
    talks.south.save()
    actions.text_import(
        actor=talks.actor("north_head"),
        item=talks.item,
        body="1. The Parties [shall [promptly]][should - SOUTH] act <script>x</script>.\n",
    )
    content = _as(client, talks, "north_staff").get(_url("text", talks)).content.decode()
    assert '<span class="br depth-0">' in content
    assert '<span class="br depth-1">' in content
    assert 'class="br depth-0 attributed" title="SOUTH" style="--party: #1f77b4"' in content
    assert "&lt;script&gt;x&lt;/script&gt;" in content and "<script>x" not in content
    assert "3 open brackets" in content


def test_text_page_without_a_text_offers_the_import_to_negotiators(client, talks):
    response = _as(client, talks, "south_negotiator").get(_url("text", talks))
    assert _url("import", talks) in response.content.decode()
    staff = _as(client, talks, "south_staff").get(_url("text", talks))
    assert _url("import", talks) not in staff.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "services", "protocol"])
def test_host_gets_the_missing_page_on_every_text_page(client, talks, version, who):
    lift = actions.proposal_table(
        actor=talks.actor("north_head"), proposal=_draft(talks, "north_head", **LIFT_ANNUALLY)
    )
    _as(client, talks, who)
    missing = client.get(reverse("texts:text", kwargs={"process_pk": 987654, "pk": 1}))
    pages = [("get", _url(name, talks)) for name in ("text", "import", "compare", "docx")]
    pages += [("post", _url(name, talks)) for name in ("propose", "note-save")]
    pages += [
        ("post", reverse(f"texts:proposal-{name}", args=[talks.process.pk, lift.pk]))
        for name in ("table", "accept", "withdraw")
    ]
    for method, url in pages:
        response = getattr(client, method)(url)
        assert (url, response.status_code) == (url, 404)
        assert response.content == missing.content
    assert AuditEvent.objects.filter(decision="denied", actor=talks.users[who].username).exists()


def test_host_reads_the_text_once_every_party_shares_but_never_drafts_or_notes(
    client, talks, version
):
    _draft(talks, "north_head", kind="insert", target="cooperate", text="secretly")
    actions.note_save(
        actor=talks.actor("north_staff"), item=talks.item, paragraph="", body="our red line"
    )
    for head in ("north_head", "south_head"):
        _as(client, talks, head).post(
            reverse("talks:sharing", args=[talks.process.pk]), {"share": "grant"}
        )
    content = _as(client, talks, "coordinator").get(_url("text", talks)).content.decode()
    assert "Each Party shall report" in content
    assert "secretly" not in content and "our red line" not in content
    assert 'id="propose"' not in content and 'id="notes"' not in content


def test_a_party_never_sees_another_partys_draft_or_notes(client, talks, version):
    _draft(talks, "north_head", kind="insert", target="cooperate", text="secretly")
    actions.note_save(
        actor=talks.actor("north_staff"), item=talks.item, paragraph="1", body="our red line"
    )
    north = _as(client, talks, "north_negotiator").get(_url("text", talks)).content.decode()
    assert "secretly" in north and "our red line" in north
    south = _as(client, talks, "south_head").get(_url("text", talks)).content.decode()
    assert "secretly" not in south and "our red line" not in south


def test_propose_and_table_from_the_page_enters_the_text_in_brackets(client, talks, version):
    response = _as(client, talks, "south_negotiator").post(
        _url("propose", talks), {"base": 1, "table": "1", **INSERT_CLOSELY}
    )
    assert response.status_code == 302
    current = TextVersion.objects.get(number=2)
    assert "cooperate [closely - SOUTH] on" in current.body
    page = client.get(_url("text", talks)).content.decode()
    assert "Version 2 of 2" in page and "4 open brackets" in page


def test_propose_a_draft_keeps_it_private_until_tabled(client, talks, version):
    _as(client, talks, "north_head").post(_url("propose", talks), {"base": 1, **LIFT_ANNUALLY})
    proposal = Proposal.objects.get()
    assert (proposal.status, TextVersion.objects.count()) == (ProposalStatus.DRAFT, 1)
    client.post(reverse("texts:proposal-table", args=[talks.process.pk, proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.TABLED


def test_propose_against_an_old_version_shows_the_conflict_and_keeps_the_input(
    client, talks, version
):
    actions.proposal_table(
        actor=talks.actor("north_head"), proposal=_draft(talks, "north_head", **INSERT_CLOSELY)
    )
    response = _as(client, talks, "south_head").post(
        _url("propose", talks), {"base": 1, "kind": "insert", "target": "report", "text": "mine"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Version 1 is no longer current: version 2 is." in content
    assert ">\nmine</textarea>" in content
    assert 'name="base" value="2"' in content
    assert Proposal.objects.count() == 1


def test_accepting_from_the_page_lifts_the_bracket_when_the_last_party_accepts(
    client, talks, version
):
    lift = actions.proposal_table(
        actor=talks.actor("north_head"), proposal=_draft(talks, "north_head", **LIFT_ANNUALLY)
    )
    accept = reverse("texts:proposal-accept", args=[talks.process.pk, lift.pk])
    _as(client, talks, "north_negotiator").post(accept)
    assert NegotiatingText.objects.get().current_number == 1
    _as(client, talks, "south_negotiator").post(accept)
    text = NegotiatingText.objects.get()
    assert (text.current_number, text.open_brackets) == (2, 2)


def test_withdraw_from_the_page(client, talks, version):
    lift = actions.proposal_table(
        actor=talks.actor("north_head"), proposal=_draft(talks, "north_head", **LIFT_ANNUALLY)
    )
    _as(client, talks, "north_negotiator").post(
        reverse("texts:proposal-withdraw", args=[talks.process.pk, lift.pk])
    )
    lift.refresh_from_db()
    assert lift.status == ProposalStatus.WITHDRAWN


def test_a_proposal_of_another_process_is_not_found_under_this_one(client, talks, version):
    draft = _draft(talks, "north_head", **LIFT_ANNUALLY)
    response = _as(client, talks, "north_head").post(
        reverse("texts:proposal-table", args=[987654, draft.pk])
    )
    assert response.status_code == 404


def test_import_a_first_draft_from_a_file(client, talks):
    upload = SimpleUploadedFile("draft.md", BODY.encode("utf-8"), content_type="text/markdown")
    response = _as(client, talks, "north_negotiator").post(_url("import", talks), {"file": upload})
    assert response.status_code == 302
    version = TextVersion.objects.get()
    assert (version.number, version.body, version.brackets) == (1, BODY, 3)


def test_import_of_a_file_not_in_utf8_is_refused_and_writes_nothing(client, talks):
    upload = SimpleUploadedFile("draft.md", "1. Les Parties [doivent] coopérer.".encode("cp1252"))
    before = AuditEvent.objects.count()
    response = _as(client, talks, "north_negotiator").post(_url("import", talks), {"file": upload})
    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()
    assert not NegotiatingText.objects.exists()
    assert AuditEvent.objects.count() == before


def test_import_once_the_text_exists_makes_a_private_whole_text_draft(client, talks, version):
    response = _as(client, talks, "south_head").post(
        _url("import", talks), {"body": "1. The Parties shall cooperate.\n"}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.status, proposal.needs_consent) == (
        "whole",
        ProposalStatus.DRAFT,
        True,
    )
    assert TextVersion.objects.count() == 1


def test_compare_shows_the_redline_between_two_versions(client, talks, version):
    actions.proposal_table(
        actor=talks.actor("north_head"), proposal=_draft(talks, "north_head", **INSERT_CLOSELY)
    )
    response = _as(client, talks, "south_staff").get(_url("compare", talks) + "?from=1&to=2")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<ins>" in content and "closely - NORTH" in content
    assert "Open brackets: 3 → 4" in content


def test_docx_download_opens_with_python_docx(client, talks, version):
    response = _as(client, talks, "south_staff").get(_url("docx", talks))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="item-1-version-1.docx"'
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "[shall][should]" in text and "[annually]" in text


def test_docx_of_an_item_without_a_text_is_not_found(client, talks):
    bare = AgendaItemFactory(process=talks.process, number=7)
    response = _as(client, talks, "south_staff").get(
        reverse("texts:docx", args=[talks.process.pk, bare.pk])
    )
    assert response.status_code == 404


def test_note_save_from_the_page(client, talks, version):
    _as(client, talks, "south_staff").post(
        _url("note-save", talks), {"paragraph": "2", "body": "Ask for 'biennially'."}
    )
    assert (
        _as(client, talks, "south_staff")
        .get(_url("text", talks))
        .content.decode()
        .count("Ask for &#x27;biennially&#x27;.")
        == 1
    )


def test_agenda_item_links_to_its_text_and_the_issue_map_counts_open_brackets(
    client, talks, version
):
    _as(client, talks, "north_staff")
    item_page = client.get(reverse("talks:agenda-item", args=[talks.process.pk, talks.item.pk]))
    assert _url("text", talks) in item_page.content.decode()
    assert "3 open brackets" in item_page.content.decode()
    issue_map = client.get(reverse("talks:agenda", args=[talks.process.pk])).content.decode()
    assert f'<a href="{_url("text", talks)}">3</a>' in issue_map


def test_200000_nested_brackets_import_show_compare_and_export_from_the_pages(client, talks):
    client = _as(client, talks, "north_negotiator")
    response = client.post(_url("import", talks), {"body": DEEPLY_NESTED})
    assert response.status_code == 302
    actions.proposal_table(
        actor=talks.actor("south_head"),
        proposal=_draft(talks, "south_head", kind="insert", target="x", text="closely"),
    )
    page = client.get(_url("text", talks))
    assert page.status_code == 200
    assert f"{DEEP + 1} open brackets" in page.content.decode()
    compare = client.get(_url("compare", talks) + "?from=1&to=2")
    assert compare.status_code == 200
    assert "closely - SOUTH" in compare.content.decode()
    export = client.get(_url("docx", talks) + "?version=2")
    assert export.status_code == 200
    assert paragraph_texts(docx.Document(io.BytesIO(export.content))) == [
        "[" * DEEP + "x [closely - SOUTH]" + "]" * DEEP
    ]


def test_a_whole_text_draft_of_200000_nested_brackets_from_the_import_page(client, talks, version):
    response = _as(client, talks, "south_head").post(_url("import", talks), {"body": DEEPLY_NESTED})
    assert response.status_code == 302
    assert Proposal.objects.get().replacement == DEEPLY_NESTED


def test_a_note_that_refers_to_itself_and_a_form_feed_still_export_to_word(client, talks):
    client = _as(client, talks, "north_negotiator")
    body = "1. Text[^1].\x0c\n\n[^1]: See [^1].\n"
    assert client.post(_url("import", talks), {"body": body}).status_code == 302
    export = client.get(_url("docx", talks))
    assert export.status_code == 200
    assert docx.Document(io.BytesIO(export.content)).paragraphs[0].text == "1. Text.\ufffd"


def test_a_text_left_open_200000_times_shows_its_first_warnings_and_exports(client, talks):
    client = _as(client, talks, "north_negotiator")
    body = "[" * DEEP + "x\n\n" + "Parties shall act.\n\n" * 20 + "]" * 1000 + "\n"
    assert client.post(_url("import", talks), {"body": body}).status_code == 302
    content = client.get(_url("text", talks)).content.decode()
    assert f"{DEEP - 1000} warnings in the notation" in content
    assert content.count("still open at the end of the text</li>") == 100
    assert f"…and {DEEP - 1000 - 100} more" in content
    export = client.get(_url("docx", talks))
    assert export.status_code == 200
    paragraphs = paragraph_texts(docx.Document(io.BytesIO(export.content)))
    assert paragraphs == body.strip("\n").split("\n\n")
