"""Pages of a negotiating text: read it, propose, accept, withdraw, compare versions, import a
draft, download it for Word. Thin: reads through `queries`, writes through `actions`."""

import io
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parley.core.actors import Actor, actor_of
from parley.core.errors import Conflict, NotFound
from parley.talks.models import AgendaItem, Party
from parley.talks.queries import parties_of

from . import actions, queries, rules
from .audit_actions import (
    NOTE_SAVE,
    PROPOSAL_ACCEPT,
    PROPOSAL_DRAFT,
    PROPOSAL_TABLE,
    PROPOSAL_WITHDRAW,
    TEXT_COMPARE,
    TEXT_EXPORT,
    TEXT_IMPORT,
)
from .engine import amend
from .engine.docx_export import export_docx
from .engine.html import render_html
from .engine.metrics import document_counts
from .engine.notation import parse
from .engine.redline import diff_texts
from .forms import ImportForm, NoteForm, ProposalForm
from .models import NegotiatingText, Proposal, ProposalKind, ProposalStatus, TextVersion

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WARNINGS_LISTED = 100


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _text_url(item: AgendaItem) -> str:
    return reverse("texts:text", kwargs={"process_pk": item.process_id, "pk": item.pk})


@dataclass
class ProposalRow:
    """A proposal as the page shows it, with the buttons the actor may press."""

    proposal: Proposal
    accepted: list[Party]
    waiting: list[Party]
    stale: bool
    can_table: bool
    can_accept: bool
    can_withdraw: bool


def _rows(actor: Actor, text: NegotiatingText, parties: list[Party]) -> list[ProposalRow]:
    rows = []
    for proposal in queries.proposals_of(actor=actor, text=text).order_by("-created_at", "-pk"):
        accepted_ids = {a.party_id for a in proposal.acceptances.all()}
        rows.append(
            ProposalRow(
                proposal=proposal,
                accepted=[p for p in parties if p.pk in accepted_ids],
                waiting=[p for p in parties if p.pk not in accepted_ids],
                stale=rules.is_open(proposal) and rules.is_stale(proposal),
                can_table=rules.can_table(actor, proposal),
                can_accept=rules.can_accept(actor, proposal),
                can_withdraw=rules.can_withdraw(actor, proposal),
            )
        )
    return rows


def _page(
    request: HttpRequest,
    *,
    item: AgendaItem,
    text: NegotiatingText | None,
    version: TextVersion | None = None,
    form: ProposalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    parties = parties_of(process=item.process)
    context = {
        "process": item.process,
        "item": item,
        "text": text,
        "parties": [(p, amend.attribution_label(p.code)) for p in parties],
        "can_negotiate": rules.can_negotiate(actor, item.process_id),
        "is_party_member": actor.party_in(item.process_id) is not None,
    }
    if text is not None and text.current_number:
        version = version or queries.version_of(text=text)
        document = parse(version.body)
        colours = {amend.attribution_label(p.code): p.colour for p in parties}
        context |= {
            "version": version,
            "is_current": version.number == text.current_number,
            "html": mark_safe(render_html(document, colours=colours)),  # noqa: S308 escaped
            "counts": document_counts(document),
            # A deeply unbalanced text has a warning per bracket: the page lists the first ones.
            "warnings": document.warnings[:WARNINGS_LISTED],
            "warnings_total": len(document.warnings),
            "warnings_unlisted": len(document.warnings[WARNINGS_LISTED:]),
            "versions": queries.versions_of(text=text),
            "rows": _rows(actor, text, parties),
            "notes": queries.own_notes(actor=actor, text=text),
            "paragraphs": amend.paragraph_numbers(version.body),
            "form": form or ProposalForm(initial={"base": text.current_number}),
            "note_form": NoteForm(),
        }
    return render(request, "texts/text.html", context, status=status)


@require_GET
def text_page(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    item, text = queries.text_read(actor=actor_of(request), process_pk=process_pk, pk=pk)
    version = None
    if text is not None and text.current_number:
        version = queries.version_of(text=text, number=_number(request.GET.get("version")))
    return _page(request, item=item, text=text, version=version)


@require_POST
def propose(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = queries.item_to_negotiate(
        actor=actor, process_pk=process_pk, pk=pk, action=PROPOSAL_DRAFT
    )
    form = ProposalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            proposal = actions.proposal_draft(
                actor=actor,
                item=item,
                base_number=data["base"],
                kind=data["kind"],
                paragraph=data["paragraph"],
                target=data["target"],
                text=data["text"],
            )
        except Conflict as conflict:
            form.add_error(None, conflict.message)
        else:
            if "table" in request.POST:
                return _table(request, actor, proposal)
            messages.success(request, _("Your draft is saved. Only your party sees it."))
            return redirect(_text_url(item) + f"#proposal-{proposal.pk}")
    _item, text = queries.text_read(actor=actor, process_pk=process_pk, pk=pk)
    return _page(request, item=item, text=text, form=form)


def _table(request: HttpRequest, actor: Actor, proposal: Proposal) -> HttpResponse:
    try:
        proposal = actions.proposal_table(actor=actor, proposal=proposal)
    except Conflict as conflict:
        messages.error(
            request, _("Your draft is kept, untabled. %(reason)s") % {"reason": conflict.message}
        )
    else:
        if proposal.status == ProposalStatus.APPLIED:
            messages.success(request, _("Tabled and entered in the text, in brackets."))
        else:
            messages.success(request, _("Tabled. It applies once every party has accepted it."))
    return redirect(_text_url(proposal.text.item) + f"#proposal-{proposal.pk}")


def _proposal(request: HttpRequest, process_pk: int, pk: int, action: str) -> Proposal:
    proposal = queries.proposal_for(actor=actor_of(request), pk=pk, action=action)
    if proposal.text.item.process_id != process_pk:
        raise NotFound()
    return proposal


@require_POST
def proposal_table(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    proposal = _proposal(request, process_pk, pk, PROPOSAL_TABLE)
    return _table(request, actor_of(request), proposal)


@require_POST
def proposal_accept(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    proposal = _proposal(request, process_pk, pk, PROPOSAL_ACCEPT)
    try:
        actions.proposal_accept(actor=actor_of(request), proposal=proposal)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        proposal.refresh_from_db(fields=["status"])
        if proposal.status == ProposalStatus.APPLIED:
            messages.success(request, _("Every party has accepted: the text is amended."))
        else:
            messages.success(request, _("Your party's acceptance is recorded."))
    return redirect(_text_url(proposal.text.item) + f"#proposal-{proposal.pk}")


@require_POST
def proposal_withdraw(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    proposal = _proposal(request, process_pk, pk, PROPOSAL_WITHDRAW)
    try:
        actions.proposal_withdraw(actor=actor_of(request), proposal=proposal)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, _("The proposal is withdrawn."))
    return redirect(_text_url(proposal.text.item))


@require_POST
def note_save(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = queries.item_for(actor=actor, process_pk=process_pk, pk=pk, action=NOTE_SAVE)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note could not be saved."))
        return redirect(_text_url(item) + "#notes")
    try:
        note = actions.note_save(
            actor=actor,
            item=item,
            paragraph=form.cleaned_data["paragraph"],
            body=form.cleaned_data["body"],
        )
    except Conflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(
            request,
            _("Your party's note is saved.") if note else _("Your party's note is removed."),
        )
    return redirect(_text_url(item) + "#notes")


@require_http_methods(["GET", "POST"])
def import_draft(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    """A first draft becomes version 1; a later one becomes a private whole-text proposal."""
    actor = actor_of(request)
    item = queries.item_to_negotiate(actor=actor, process_pk=process_pk, pk=pk, action=TEXT_IMPORT)
    text = queries.text_of(item=item)
    current = text.current_number if text is not None else 0
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        markdown = form.cleaned_data["markdown"]
        try:
            if current:
                actions.proposal_draft(
                    actor=actor,
                    item=item,
                    base_number=current,
                    kind=ProposalKind.WHOLE,
                    text=markdown,
                )
                messages.success(
                    request,
                    _(
                        "Saved as your party's private draft replacing the whole text. Table it "
                        "to put it to every party."
                    ),
                )
            else:
                actions.text_import(actor=actor, item=item, body=markdown)
                messages.success(request, _("The draft is the text's first version."))
        except Conflict as conflict:
            form.add_error(None, conflict.message)
        else:
            return redirect(_text_url(item))
    return render(
        request,
        "texts/import.html",
        {"process": item.process, "item": item, "form": form, "current": current},
        status=400 if form.errors else 200,
    )


def _existing_text(
    request: HttpRequest, process_pk: int, pk: int, action: str
) -> tuple[AgendaItem, NegotiatingText]:
    item, text = queries.text_read(
        actor=actor_of(request), process_pk=process_pk, pk=pk, action=action
    )
    if text is None or not text.current_number:
        raise NotFound()
    return item, text


@require_GET
def compare(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    item, text = _existing_text(request, process_pk, pk, TEXT_COMPARE)
    new_number = _number(request.GET.get("to")) or text.current_number
    old_number = _number(request.GET.get("from")) or max(new_number - 1, 1)
    old = queries.version_of(text=text, number=old_number)
    new = queries.version_of(text=text, number=new_number)
    return render(
        request,
        "texts/compare.html",
        {
            "process": item.process,
            "item": item,
            "text": text,
            "old": old,
            "new": new,
            "diff": diff_texts(old=old.body, new=new.body),
            "versions": queries.versions_of(text=text),
        },
    )


@require_GET
def docx(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    item, text = _existing_text(request, process_pk, pk, TEXT_EXPORT)
    version = queries.version_of(text=text, number=_number(request.GET.get("version")))
    buffer = io.BytesIO()
    export_docx(parse(version.body), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX_TYPE)
    filename = f"item-{item.number}-version-{version.number}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
