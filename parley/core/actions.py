"""Writes of the core: consent to share substance, second-factor enrolment."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from parley.talks.models import Process

from . import audit
from .actors import Actor
from .errors import NotFound
from .models import SubstanceShare
from .rules import can_grant_share


def _require_head_of_delegation(actor: Actor, process: Process, action: str) -> int:
    if not can_grant_share(actor, process):
        raise NotFound(
            audit.Denial(actor, action, "talks.process", str(process.pk), process_id=process.pk)
        )
    return actor.party_in(process.pk)


@transaction.atomic(durable=True)
def share_grant(*, actor: Actor, process: Process) -> SubstanceShare:
    party_id = _require_head_of_delegation(actor, process, "share.grant")
    share, created = SubstanceShare.objects.get_or_create(
        process=process, party_id=party_id, defaults={"granted_by": actor.user}
    )
    if created:
        audit.record(actor=actor, action="share.grant", target=share, process_id=process.pk)
    return share


@transaction.atomic(durable=True)
def share_revoke(*, actor: Actor, process: Process) -> None:
    party_id = _require_head_of_delegation(actor, process, "share.revoke")
    deleted, _ = SubstanceShare.objects.filter(process=process, party_id=party_id).delete()
    if deleted:
        audit.record(
            actor=actor, action="share.revoke", process_id=process.pk, detail={"party": party_id}
        )


@transaction.atomic(durable=True)
def second_factor_enrolment(*, actor: Actor) -> TOTPDevice:
    """The person's authenticator device, unconfirmed until they type its first code."""
    device, created = TOTPDevice.objects.get_or_create(
        user=actor.user, confirmed=False, defaults={"name": "authenticator"}
    )
    if created:
        audit.record(actor=actor, action="totp.enrol_start", target=device)
    return device


@transaction.atomic(durable=True)
def second_factor_confirm(*, actor: Actor, device: TOTPDevice) -> None:
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(actor=actor, action="totp.enrol", target=device)
