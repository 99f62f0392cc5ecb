"""Meeting requests: what the programme is planned from."""

from django.db import transaction
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict

from .. import queries, rules
from ..audit_actions import (
    MEETING_REQUEST,
)
from ..models import (
    Level,
    Meeting,
    MeetingKind,
    Member,
    Party,
    Precedence,
    Process,
    Track,
)


@transaction.atomic(durable=True)
def meeting_request(
    *,
    actor: Actor,
    process: Process,
    title: str,
    level: Level,
    kind: MeetingKind,
    parties: list[Party],
    size: int,
    duration_minutes: int,
    track: Track | None = None,
    languages: list[str] | None = None,
    priority: int = 1,
    after: list[tuple[Meeting, int]] | None = None,
    participants: list[Member] | None = None,
) -> Meeting:
    """A party (for meetings it takes part in) or the host asks for a meeting to be scheduled.

    Everything is checked before anything is written: the parties and the track are the
    process's, the preparatory meetings too, the participants are members of the meeting's
    parties' delegations.
    """
    process = queries.process_for(actor=actor, pk=process.pk)
    party_ids = {p.pk for p in parties}
    allowed = rules.can_request_meeting(actor, process, party_ids)
    rules.require(allowed, actor=actor, action=MEETING_REQUEST, process=process)
    if not parties or not party_ids <= queries.party_ids_of(process=process):
        raise Conflict(_("Every party of a meeting must be a party of the process."))
    if level not in Level.values or kind not in MeetingKind.values:
        raise Conflict(_("Say at which level and of which kind the meeting is."))
    if size < 1 or not 0 < duration_minutes <= 24 * 60:
        raise Conflict(_("A meeting has at least one seat and lasts at most a day."))
    if track is not None and track.process_id != process.pk:
        raise Conflict(_("The track belongs to another process."))
    after = after or []
    if any(before.process_id != process.pk for before, _gap in after):
        raise Conflict(_("A preparatory meeting must belong to the same process."))
    participants = participants or []
    delegations = {d.pk: d.party_id for d in queries.delegations_of(process=process)}
    if any(delegations.get(m.delegation_id) not in party_ids for m in participants):
        raise Conflict(_("Every participant must belong to a delegation of the meeting."))
    meeting = Meeting.objects.create(
        process=process,
        title=title,
        level=level,
        kind=kind,
        track=track,
        size=size,
        duration_minutes=duration_minutes,
        languages=languages or [],
        priority=priority,
    )
    meeting.parties.set(parties)
    meeting.participants.set(participants)
    Precedence.objects.bulk_create(
        Precedence(before=before, after=meeting, gap_minutes=gap) for before, gap in after
    )
    audit.record(actor=actor, action=MEETING_REQUEST, target=meeting, process_id=process.pk)
    return meeting
