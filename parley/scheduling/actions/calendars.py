"""Writes of secret calendar addresses: made by their owner, revoked, or expired by the system.

Only a token's SHA-256 is stored; an address is checked against its owner's rights on every read.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from parley.core import audit
from parley.core.actors import Actor
from parley.core.errors import NotFound
from parley.talks.models import Process

from ..models import CalendarLink
from ..queries import calendar_feed_for, calendar_token_digest


@transaction.atomic(durable=True)
def calendar_link_create(
    *, actor: Actor, process: Process, feed: str, pk: int
) -> tuple[CalendarLink, str]:
    """A secret address for a feed the actor may read; returns the link and its token.

    The token is returned once and never stored: only its digest is kept.
    """
    data = calendar_feed_for(actor=actor, process_pk=process.pk, feed=feed, pk=pk)
    token = secrets.token_urlsafe(32)
    link = CalendarLink.objects.create(
        owner=actor.user,
        process=data.process,
        feed=feed,
        object_pk=pk,
        name=data.name[:200],
        digest=calendar_token_digest(token),
    )
    audit.record(
        actor=actor,
        action="calendar.link.create",
        target=link,
        process_id=data.process.pk,
        detail={"feed": feed, "object": pk},
    )
    return link, token


@transaction.atomic(durable=True)
def calendar_link_revoke(*, actor: Actor, process: Process, pk: int) -> CalendarLink:
    """Close one of the actor's own calendar addresses; calendar apps get a 404 from then on."""
    link = (
        CalendarLink.objects.select_for_update()
        .filter(pk=pk, process=process.pk, owner=actor.user, revoked_at__isnull=True)
        .first()
    )
    if link is None:
        raise NotFound(
            audit.Denial(
                actor, "calendar.link.revoke", "scheduling.calendarlink", str(pk), process.pk
            )
        )
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="calendar.link.revoke",
        target=link,
        process_id=process.pk,
        detail={"feed": link.feed, "object": link.object_pk},
    )
    return link


@transaction.atomic(durable=True)
def calendar_link_expire(*, link: CalendarLink) -> None:
    """Close an address whose owner may no longer read its feed (by the system, on a read).

    Closed for good: a role given back later does not reopen it, and calendar apps that go on
    polling get the plain 404 without a denial in the audit log each time.
    """
    updated = CalendarLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        audit.record(
            actor=None,
            action="calendar.link.expire",
            target=link,
            process_id=link.process_id,
            detail={"feed": link.feed, "object": link.object_pk, "owner": link.owner_id},
        )
