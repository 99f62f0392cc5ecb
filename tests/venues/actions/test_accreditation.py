"""Accreditation and the door: badges issued, revoked and read, and who may do it."""

import datetime as dt

import pytest
from django.utils import timezone

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent, Decision
from parley.venues import actions, badges
from parley.venues.models import AccreditationStatus, CheckIn

from ...factories import (
    ProcessFactory,
    RoleFactory,
)
from ..conftest import check, issue


def _events() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.values_list("action", "decision"))


def test_issue_takes_name_party_and_level_from_the_member(talks, venue):
    badge = issue(talks, venue.north_member)
    assert (badge.name, badge.party, badge.level, badge.category) == (
        venue.north_member.name,
        talks.north,
        venue.north_member.level,
        "delegation",
    )
    assert _events() == [("accreditation.issue", Decision.ALLOWED)]


def test_press_accreditation_needs_name_and_organisation(talks, venue):
    now = timezone.now()
    with pytest.raises(Conflict):
        actions.accreditation_issue(
            actor=talks.actor("protocol"),
            process=talks.process,
            valid_from=now,
            valid_until=now + dt.timedelta(days=1),
            name="Ada Reporter",
        )
    press = actions.accreditation_issue(
        actor=talks.actor("protocol"),
        process=talks.process,
        valid_from=now,
        valid_until=now + dt.timedelta(days=1),
        name="Ada Reporter",
        organisation="Neutral Times",
    )
    assert (press.category, press.party, press.organisation) == ("press", None, "Neutral Times")


def test_second_active_badge_for_one_member_is_a_conflict(talks, venue):
    issue(talks, venue.north_member)
    with pytest.raises(Conflict):
        issue(talks, venue.north_member)


@pytest.mark.parametrize("who", ["services", "north_head", "north_staff"])
def test_only_protocol_accredits(talks, venue, who):
    now = timezone.now()
    with pytest.raises(NotFound):
        actions.accreditation_issue(
            actor=talks.actor(who),
            process=talks.process,
            member=venue.north_member,
            valid_from=now,
            valid_until=now + dt.timedelta(days=1),
        )


def test_check_in_of_a_fresh_badge_is_valid_and_audited(talks, venue):
    badge = issue(talks, venue.north_member)
    read = check(talks, badges.badge_token(badge))
    assert (read.result, read.accreditation, read.gate) == ("valid", badge, "North gate")
    event = AuditEvent.objects.order_by("-sequence").first()
    assert (event.action, event.object_id, event.detail["result"]) == (
        "badge.check_in",
        str(read.pk),
        "valid",
    )
    assert [a for a, _ in _events()] == ["accreditation.issue", "badge.check_in"]


def test_revoked_badge_is_refused_at_the_door(talks, venue):
    badge = issue(talks, venue.north_member)
    actions.accreditation_revoke(actor=talks.actor("protocol"), accreditation=badge, reason="Lost")
    assert check(talks, badges.badge_token(badge)).result == "revoked"
    assert [a for a, _ in _events()] == [
        "accreditation.issue",
        "accreditation.revoke",
        "badge.check_in",
    ]


def test_revocation_needs_a_reason_and_happens_once(talks, venue):
    badge = issue(talks, venue.north_member)
    with pytest.raises(Conflict):
        actions.accreditation_revoke(actor=talks.actor("protocol"), accreditation=badge, reason=" ")
    revoked = actions.accreditation_revoke(
        actor=talks.actor("coordinator"), accreditation=badge, reason="Left the delegation"
    )
    assert revoked.status == AccreditationStatus.REVOKED
    with pytest.raises(Conflict):
        actions.accreditation_revoke(actor=talks.actor("protocol"), accreditation=badge, reason="x")


def test_expired_badge_is_expired(talks, venue):
    now = timezone.now()
    badge = issue(
        talks,
        venue.north_member,
        valid_from=now - dt.timedelta(days=3),
        valid_until=now - dt.timedelta(minutes=1),
    )
    assert check(talks, badges.badge_token(badge)).result == "expired"


def test_badge_before_its_validity_is_not_yet_valid(talks, venue):
    now = timezone.now()
    badge = issue(
        talks,
        venue.north_member,
        valid_from=now + dt.timedelta(days=1),
        valid_until=now + dt.timedelta(days=2),
    )
    assert check(talks, badges.badge_token(badge)).result == "not_yet_valid"


def test_bare_nonce_without_signature_is_forged(talks, venue):
    badge = issue(talks, venue.north_member)
    read = check(talks, badge.nonce)
    assert (read.result, read.accreditation) == ("forged", None)


def test_badge_of_another_process_is_forged_here(talks, venue):
    badge = issue(talks, venue.north_member)
    other = ProcessFactory(venue=talks.process.venue)
    RoleFactory(user=talks.users["protocol"], process=other, kind="host_protocol")
    read = actions.badge_check_in(
        actor=talks.actor("protocol"), process=other, code=badges.badge_token(badge)
    )
    assert read.result == "forged"


@pytest.mark.parametrize("who", ["services", "north_head", "south_staff"])
def test_only_protocol_checks_in(talks, venue, who):
    badge = issue(talks, venue.north_member)
    with pytest.raises(NotFound):
        actions.badge_check_in(
            actor=talks.actor(who), process=talks.process, code=badges.badge_token(badge)
        )
    assert CheckIn.objects.count() == 0
