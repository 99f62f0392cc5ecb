"""Shared fixtures: a two-party process with one person in every role."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from parley.core.actors import Actor
from parley.core.models import AuditChainHead, AuditEvent, Decision
from parley.talks.models import HOST_ROLES, AgendaItem, Party, Process, Role, RoleKind

from .factories import (
    AgendaItemFactory,
    DelegationFactory,
    MemberFactory,
    PartyFactory,
    ProcessFactory,
    RoleFactory,
    RoomFactory,
    UserFactory,
)


def _on_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked `postgres` need PostgreSQL itself (its own server, SKIP LOCKED): the SQLite
    run leaves them out, visibly ("N deselected"); the PostgreSQL run, CI's too, runs them."""
    if not _on_sqlite():
        return
    needs_postgres = [item for item in items if item.get_closest_marker("postgres")]
    if needs_postgres:
        config.hook.pytest_deselected(items=needs_postgres)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


def pytest_report_header(config) -> str:
    if _on_sqlite():
        return "database: SQLite; tests marked 'postgres' are deselected (PostgreSQL run only)"
    return "database: PostgreSQL; tests marked 'postgres' run"


@dataclass
class Talks:
    process: Process
    north: Party
    south: Party
    item: AgendaItem
    users: dict[str, User]

    def actor(self, name: str) -> Actor:
        return Actor.for_user(self.users[name])


ROLE_NAMES = {
    "coordinator": RoleKind.HOST_COORDINATOR,
    "services": RoleKind.HOST_SERVICES,
    "protocol": RoleKind.HOST_PROTOCOL,
    "north_head": RoleKind.HEAD_OF_DELEGATION,
    "north_negotiator": RoleKind.NEGOTIATOR,
    "north_staff": RoleKind.STAFF,
    "south_head": RoleKind.HEAD_OF_DELEGATION,
    "south_negotiator": RoleKind.NEGOTIATOR,
    "south_staff": RoleKind.STAFF,
}


@pytest.fixture
def talks(db) -> Talks:
    north = PartyFactory(code="north", name="Northland")
    south = PartyFactory(code="south", name="Southland")
    process = ProcessFactory(title="Talks on the northern border", parties=[north, south])
    RoomFactory(venue=process.venue, name="Leaders' Hall", kind="hall", capacity=40)
    for party in (north, south):
        MemberFactory(delegation=DelegationFactory(process=process, party=party), name=f"{party} 1")
    item = AgendaItemFactory(process=process, number=1, title="Border", key=True)
    historical = AgendaItemFactory(
        process=process, number=2, title="Archives", category="historical"
    )
    item.links_out.create(target=historical)
    users = {}
    for name, kind in ROLE_NAMES.items():
        party = None if kind in HOST_ROLES else (north if name.startswith("north") else south)
        users[name] = UserFactory(username=name.replace("_", "-"))
        RoleFactory(user=users[name], process=process, kind=kind, party=party)
    return Talks(process=process, north=north, south=south, item=item, users=users)


@pytest.fixture
def outsider(db) -> User:
    """Signed in, but holding a role only in another process."""
    user = UserFactory(username="outsider")
    other = ProcessFactory(title="Another process", parties=[PartyFactory()])
    RoleFactory(user=user, process=other, kind=RoleKind.NEGOTIATOR, party=other.parties.first())
    return user


def sign_in(client, user: User) -> None:
    """Signs in and, for roles that need it, marks the second factor as given."""
    client.force_login(user)
    if Role.objects.filter(user=user, kind__in=["host_coordinator", "head_of_delegation"]).exists():
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()


def jam_the_audit_chain() -> None:
    """Takes the sequence number the next audit event would get, so that appending it fails.

    An action that records its event inside its own transaction then leaves nothing behind:
    the tests use this to prove that a write and its audit event stand or fall together.
    """
    head = AuditChainHead.objects.get_or_create(pk=1, defaults={"sequence": 0, "hash": "0" * 64})[0]
    AuditEvent(
        sequence=head.sequence + 1,
        at=timezone.now(),
        action="jam",
        decision=Decision.ALLOWED,
        previous_hash="0" * 64,
        hash="jam" + "0" * 61,
    ).save()


@contextmanager
def rolled_back() -> Iterator[None]:
    """One hypothesis example's writes, undone afterwards so the next example starts clean.

    Marked like a test case's own transaction, so the durable actions may run inside it, as
    they do inside every test.
    """
    block = transaction.atomic()
    block._from_testcase = True
    with block:
        yield
        transaction.set_rollback(True)
