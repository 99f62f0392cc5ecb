"""Accreditation: badges for delegation members and the press, their revocation, and the door
that reads them."""

import datetime as dt
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict
from parley.talks.models import Member, Process
from parley.talks.queries import member_in, process_for
from parley.talks.rules import require

from .. import badges, queries, rules
from ..audit_actions import ACCREDITATION_ISSUE, ACCREDITATION_REVOKE, BADGE_CHECK_IN
from ..models import Accreditation, AccreditationStatus, BadgeCategory, CheckIn
from .bookings import utc_range


def _badge_conflict(member: Member) -> Conflict:
    return Conflict(
        _("%(name)s already holds an active badge: revoke it first.") % {"name": member.name}
    )


@transaction.atomic(durable=True)
def accreditation_issue(
    *,
    actor: Actor,
    process: Process,
    valid_from: dt.datetime,
    valid_until: dt.datetime,
    member: Member | None = None,
    name: str = "",
    organisation: str = "",
) -> Accreditation:
    """Host protocol accredits a delegation member, or (without a member) a journalist."""
    process = process_for(actor=actor, pk=process.pk)
    require(
        rules.can_accredit(actor, process),
        actor=actor,
        action=ACCREDITATION_ISSUE,
        process=process,
    )
    valid_from, valid_until = utc_range(valid_from, valid_until)
    accreditation = Accreditation(
        process=process,
        valid_from=valid_from,
        valid_until=valid_until,
        nonce=secrets.token_urlsafe(12),
        issued_by=actor.user,
    )
    if member is not None:
        member = member_in(process=process, pk=member.pk)
        if member is None:
            raise Conflict(_("That person is not a member of a delegation to this process."))
        accreditation.category = BadgeCategory.DELEGATION
        accreditation.member = member
        accreditation.party = member.delegation.party
        accreditation.name = member.name
        accreditation.level = member.level
    else:
        if not name.strip() or not organisation.strip():
            raise Conflict(_("Press accreditation needs a name and an organisation."))
        accreditation.category = BadgeCategory.PRESS
        accreditation.name = name.strip()
        accreditation.organisation = organisation.strip()
    if member is not None and queries.holds_active_badge(process=process, member=member):
        raise _badge_conflict(member)
    try:
        with transaction.atomic():
            accreditation.save()
    except IntegrityError as error:
        if member is None or not queries.holds_active_badge(process=process, member=member):
            raise
        raise _badge_conflict(member) from error  # issued concurrently
    audit.record(
        actor=actor,
        action=ACCREDITATION_ISSUE,
        target=accreditation,
        process_id=process.pk,
        party_code=accreditation.party.code if accreditation.party else "",
        detail={"category": accreditation.category, "valid_until": valid_until.isoformat()},
    )
    return accreditation


@transaction.atomic(durable=True)
def accreditation_revoke(
    *, actor: Actor, accreditation: Accreditation, reason: str
) -> Accreditation:
    """Host protocol withdraws a badge: from now on the door answers `revoked`."""
    accreditation = queries.accreditation_for(
        actor=actor, process_pk=accreditation.process_id, pk=accreditation.pk, lock=True
    )
    require(
        rules.can_accredit(actor, accreditation.process),
        actor=actor,
        action=ACCREDITATION_REVOKE,
        process=accreditation.process,
    )
    if accreditation.status == AccreditationStatus.REVOKED:
        raise Conflict(_("That badge is already revoked."))
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Say why the badge is revoked."))
    accreditation.status = AccreditationStatus.REVOKED
    accreditation.revoked_at = timezone.now()
    accreditation.revoke_reason = reason
    accreditation.save(update_fields=["status", "revoked_at", "revoke_reason"])
    audit.record(
        actor=actor,
        action=ACCREDITATION_REVOKE,
        target=accreditation,
        process_id=accreditation.process_id,
        party_code=accreditation.party.code if accreditation.party else "",
        detail={"reason": reason},
    )
    return accreditation


@transaction.atomic(durable=True)
def badge_check_in(*, actor: Actor, process: Process, code: str, gate: str = "") -> CheckIn:
    """Reads a badge code at the door and answers valid, revoked, expired or forged. Audited."""
    process = process_for(actor=actor, pk=process.pk)
    require(rules.can_check_in(actor, process), actor=actor, action=BADGE_CHECK_IN, process=process)
    nonce = badges.nonce_from(code)
    accreditation = None
    if nonce is not None:
        accreditation = queries.accreditation_with_nonce(process=process, nonce=nonce)
    check_in = CheckIn.objects.create(
        process=process,
        accreditation=accreditation,
        result=badges.judge(accreditation, at=timezone.now()),
        gate=gate.strip()[:100],
        code_digest=hashlib.sha256(code.strip().encode()).hexdigest(),
        checked_by=actor.user,
    )
    audit.record(
        actor=actor,
        action=BADGE_CHECK_IN,
        target=check_in,
        process_id=process.pk,
        party_code=accreditation.party.code if accreditation and accreditation.party else "",
        detail={
            "result": check_in.result,
            "accreditation": accreditation.pk if accreditation else None,
            "gate": check_in.gate,
        },
    )
    return check_in
