"""Invariants the database itself enforces: bad rows written directly are refused."""

import pytest
from django.db import IntegrityError, connection, transaction

from parley.talks.models import AgendaLink, Delegation, Precedence, Role, RoleKind, SubstanceShare

from ..factories import (
    AgendaItemFactory,
    DelegationFactory,
    MeetingFactory,
    MemberFactory,
    PartyFactory,
    ProcessFactory,
    RoleFactory,
    UserFactory,
)


def _refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "fields",
    [
        {"level": "emperor"},
        {"kind": "duel"},
        {"status": "adjourned"},
        {"size": 0},
        {"duration_minutes": 0},
        {"duration_minutes": 24 * 60 + 1},
        {"priority": 0},
    ],
)
def test_meeting_with_invalid_field_is_refused(db, fields):
    assert _refused(lambda: MeetingFactory(**fields))


def test_agenda_item_with_unknown_category_is_refused(db):
    assert _refused(lambda: AgendaItemFactory(category="religious"))


def test_agenda_item_numbers_are_unique_in_a_process(db):
    item = AgendaItemFactory(number=3)
    assert _refused(lambda: AgendaItemFactory(process=item.process, number=3))


def test_agenda_link_to_itself_is_refused(db):
    item = AgendaItemFactory()
    assert _refused(lambda: AgendaLink.objects.create(source=item, target=item))


def test_agenda_link_twice_is_refused(db):
    a = AgendaItemFactory()
    b = AgendaItemFactory(process=a.process)
    AgendaLink.objects.create(source=a, target=b)
    assert _refused(lambda: AgendaLink.objects.create(source=a, target=b))


def test_meeting_cannot_precede_itself(db):
    meeting = MeetingFactory()
    assert _refused(lambda: Precedence.objects.create(before=meeting, after=meeting))


def test_second_delegation_of_a_party_in_a_process_is_refused(db):
    delegation = DelegationFactory()
    assert _refused(
        lambda: Delegation.objects.create(process=delegation.process, party=delegation.party)
    )


def test_member_with_unknown_level_is_refused(db):
    assert _refused(lambda: MemberFactory(level="king"))


def test_party_colour_must_be_hex(db):
    assert _refused(lambda: PartyFactory(colour="red"))


def test_raw_sql_insert_of_a_bad_meeting_is_refused(db):
    process = ProcessFactory()

    def insert() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO talks_meeting (process_id, title, level, kind, size, languages,"
                " duration_minutes, priority, status) VALUES (%s, 'x', 'expert', 'bilateral',"
                " -5, '[]', 60, 1, 'requested')",
                [process.pk],
            )

    assert _refused(insert)


# Roles and consent


def test_host_role_with_a_party_is_refused(db):
    process = ProcessFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(process=process, kind=RoleKind.HOST_COORDINATOR, party=PartyFactory())


def test_party_role_without_a_party_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(kind=RoleKind.NEGOTIATOR, party=None)


def test_unknown_role_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(kind="mediator", party=None)


def test_one_role_per_person_per_process(db):
    role = RoleFactory(kind=RoleKind.HOST_SERVICES)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=role.user, process=role.process, kind=RoleKind.HOST_PROTOCOL)


def test_one_share_per_party_per_process(db):
    party = PartyFactory()
    process = ProcessFactory(parties=[party])
    user = UserFactory()
    SubstanceShare.objects.create(process=process, party=party, granted_by=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubstanceShare.objects.create(process=process, party=party, granted_by=user)
