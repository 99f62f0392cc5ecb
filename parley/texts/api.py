"""API of negotiating texts, addressed by agenda item: the current version, the versions, the
proposals; table a proposal (409 with the current version when it amends an older one), accept,
withdraw. Thin over `queries` and `actions`; refusals answer like missing objects."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from parley.core.actors import actor_of
from parley.core.errors import Conflict

from . import actions, queries
from .audit_actions import (
    PROPOSAL_ACCEPT,
    PROPOSAL_DRAFT,
    PROPOSAL_READ,
    PROPOSAL_TABLE,
    PROPOSAL_WITHDRAW,
)
from .models import Proposal, TextVersion

router = Router(tags=["texts"])


class TextOut(Schema):
    item: int
    current_version: int
    brackets: int
    body: str


class VersionSummaryOut(Schema):
    number: int
    brackets: int
    party: str
    created_at: dt.datetime


class VersionOut(VersionSummaryOut):
    body: str


class ProposalIn(Schema):
    """Every field is checked by the action, so that a refusal looks the same for everyone."""

    base_version: int | None = None
    kind: str = ""
    paragraph: str = ""
    target: str = ""
    text: str = ""
    table: bool = True


class ProposalOut(Schema):
    id: int
    item: int
    party: str
    kind: str
    paragraph: str
    target: str
    text: str
    status: str
    needs_consent: bool
    base_version: int
    result_version: int | None
    accepted_by: list[str]


class ConflictOut(Schema):
    detail: str
    current_version: int | None = None
    body: str | None = None
    brackets: int | None = None
    proposal: int | None = None


def _version_out(version: TextVersion) -> VersionOut:
    return VersionOut(
        number=version.number,
        brackets=version.brackets,
        party=version.party.code,
        created_at=version.created_at,
        body=version.body,
    )


def _proposal_out(proposal: Proposal) -> ProposalOut:
    acceptances = queries.acceptances_of(proposal=proposal)
    return ProposalOut(
        id=proposal.pk,
        item=proposal.text.item_id,
        party=proposal.party.code,
        kind=proposal.kind,
        paragraph=proposal.paragraph,
        target=proposal.target,
        text=proposal.replacement,
        status=proposal.status,
        needs_consent=proposal.needs_consent,
        base_version=proposal.base.number,
        result_version=proposal.result.number if proposal.result_id else None,
        accepted_by=[a.party.code for a in acceptances],
    )


@router.get("/{int:item_id}", response=TextOut)
def text_detail(request: HttpRequest, item_id: int):
    item, text = queries.text_read_by_item(actor=actor_of(request), pk=item_id)
    version = queries.version_of(text=text)
    return TextOut(
        item=item.pk, current_version=version.number, brackets=version.brackets, body=version.body
    )


@router.get("/{int:item_id}/versions", response=list[VersionSummaryOut])
def text_versions(request: HttpRequest, item_id: int):
    _item, text = queries.text_read_by_item(actor=actor_of(request), pk=item_id)
    return [
        VersionSummaryOut(
            number=v.number, brackets=v.brackets, party=v.party.code, created_at=v.created_at
        )
        for v in queries.versions_of(text=text)
    ]


@router.get("/{int:item_id}/versions/{int:number}", response=VersionOut)
def text_version(request: HttpRequest, item_id: int, number: int):
    _item, text = queries.text_read_by_item(actor=actor_of(request), pk=item_id)
    return _version_out(queries.version_of(text=text, number=number))


@router.get("/{int:item_id}/proposals", response=list[ProposalOut])
def text_proposals(request: HttpRequest, item_id: int):
    actor = actor_of(request)
    _item, text = queries.text_read_by_item(actor=actor, pk=item_id, action=PROPOSAL_READ)
    return [_proposal_out(p) for p in queries.proposals_of(actor=actor, text=text)]


@router.post("/{int:item_id}/proposals", response={201: ProposalOut, 409: ConflictOut})
def text_proposal_create(request: HttpRequest, item_id: int, payload: ProposalIn):
    """Draft a proposal against `base_version` and, unless `table` is false, table it. A stale
    version answers 409 with the current one; a draft that could not be tabled is kept."""
    actor = actor_of(request)
    item = queries.item_by_pk(actor=actor, pk=item_id, action=PROPOSAL_DRAFT)
    proposal = actions.proposal_draft(
        actor=actor,
        item=item,
        base_number=payload.base_version,
        kind=payload.kind,
        paragraph=payload.paragraph,
        target=payload.target,
        text=payload.text,
    )
    if payload.table:
        try:
            proposal = actions.proposal_table(actor=actor, proposal=proposal)
        except Conflict as conflict:
            detail = {**conflict.detail, "proposal": proposal.pk}
            raise Conflict(conflict.message, detail=detail) from conflict
    return Status(201, _proposal_out(proposal))


@router.get("/proposals/{int:proposal_id}", response=ProposalOut)
def text_proposal(request: HttpRequest, proposal_id: int):
    return _proposal_out(queries.proposal_read(actor=actor_of(request), pk=proposal_id))


@router.post("/proposals/{int:proposal_id}/table", response={200: ProposalOut, 409: ConflictOut})
def text_proposal_table(request: HttpRequest, proposal_id: int):
    actor = actor_of(request)
    proposal = queries.proposal_for(actor=actor, pk=proposal_id, action=PROPOSAL_TABLE)
    return _proposal_out(actions.proposal_table(actor=actor, proposal=proposal))


@router.post("/proposals/{int:proposal_id}/accept", response={200: ProposalOut, 409: ConflictOut})
def text_proposal_accept(request: HttpRequest, proposal_id: int):
    actor = actor_of(request)
    proposal = queries.proposal_for(actor=actor, pk=proposal_id, action=PROPOSAL_ACCEPT)
    actions.proposal_accept(actor=actor, proposal=proposal)
    return _proposal_out(queries.proposal_for(actor=actor, pk=proposal_id, action=PROPOSAL_READ))


@router.post("/proposals/{int:proposal_id}/withdraw", response={200: ProposalOut, 409: ConflictOut})
def text_proposal_withdraw(request: HttpRequest, proposal_id: int):
    actor = actor_of(request)
    proposal = queries.proposal_for(actor=actor, pk=proposal_id, action=PROPOSAL_WITHDRAW)
    return _proposal_out(actions.proposal_withdraw(actor=actor, proposal=proposal))
