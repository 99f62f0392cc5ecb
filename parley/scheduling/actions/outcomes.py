"""What became of a published meeting: the protocol officer marks it held, cancelled or
postponed, and a meeting marked held counts as preparation in the readiness report."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import Conflict, NotFound
from parley.talks.models import Meeting, MeetingStatus

from ..queries import latest_version_of
from .planner import process_to_plan

OUTCOMES = (MeetingStatus.HELD, MeetingStatus.CANCELLED, MeetingStatus.POSTPONED)


@transaction.atomic(durable=True)
def meeting_outcome_set(*, actor: Actor, meeting: Meeting, status: str) -> Meeting:
    """Mark a meeting of the published programme held, cancelled or postponed (or correct it).

    Held only once it has begun. A cancelled meeting leaves the programme at the next version;
    a postponed one goes back to the planner for a new time.
    """
    process = process_to_plan(actor, meeting.process, "meeting.outcome")
    meeting = Meeting.objects.select_for_update().filter(pk=meeting.pk, process=process).first()
    if meeting is None:
        raise NotFound()
    if status not in OUTCOMES:
        raise Conflict(_("A published meeting is marked held, cancelled or postponed."))
    latest = latest_version_of(process=process)
    entry = latest.entries.filter(meeting=meeting).first() if latest else None
    if entry is None:
        raise Conflict(_("Only a meeting of the published programme can be marked."))
    if meeting.status == status:
        raise Conflict(
            _("This meeting is already marked %(status)s.")
            % {"status": meeting.get_status_display().lower()}
        )
    if status == MeetingStatus.HELD and entry.starts_at > timezone.now():
        raise Conflict(_("A meeting can be marked held once it has begun."))
    before = meeting.status
    meeting.status = status
    meeting.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="meeting.outcome",
        target=meeting,
        process_id=process.pk,
        detail={"from": before, "to": status, "version": latest.number},
    )
    return meeting
