"""The migrations describe the models exactly, whatever order a set iterates in this run; and
moving models between apps keeps every row."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from parley.talks.models import Process, Role, SubstanceShare, Venue
from parley.venues.models import Room


def test_models_need_no_migration_that_is_not_written(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# Where main stood before Venue (from venues), Role and SubstanceShare (from core) moved to talks.
BEFORE_THE_MOVE = [
    ("core", "0005_task_worker"),
    ("talks", "0003_readiness"),
    ("venues", "0003_booking_no_overlap"),
]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_moving_venue_roles_and_shares_to_talks_keeps_every_row():
    executor = _migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps
    user = old.get_model("auth", "User").objects.create(username="head")
    venue = old.get_model("venues", "Venue").objects.create(
        name="Lakeside", city="Neutral City", time_zone="Europe/Vienna"
    )
    party = old.get_model("talks", "Party").objects.create(code="north", name="Northland")
    process = old.get_model("talks", "Process").objects.create(title="Talks", venue=venue)
    process.parties.add(party)
    room = old.get_model("venues", "Room").objects.create(
        venue=venue, name="Hall", kind="hall", capacity=40, zone="central"
    )
    roles = old.get_model("core", "Role").objects
    head = roles.create(user=user, process=process, kind="head_of_delegation", party=party)
    host = roles.create(
        user=old.get_model("auth", "User").objects.create(username="coordinator"),
        process=process,
        kind="host_coordinator",
    )
    share = old.get_model("core", "SubstanceShare").objects.create(
        process=process, party=party, granted_by=user
    )

    _migrate(executor.loader.graph.leaf_nodes())

    assert list(Venue.objects.values_list("pk", "name", "city", "time_zone")) == [
        (venue.pk, "Lakeside", "Neutral City", "Europe/Vienna")
    ]
    assert Process.objects.get(pk=process.pk).venue_id == venue.pk
    assert Room.objects.get(pk=room.pk).venue_id == venue.pk
    assert sorted(Role.objects.values_list("pk", "user_id", "process_id", "kind", "party_id")) == [
        (head.pk, user.pk, process.pk, "head_of_delegation", party.pk),
        (host.pk, host.user_id, process.pk, "host_coordinator", None),
    ]
    assert list(SubstanceShare.objects.values_list("pk", "process_id", "party_id")) == [
        (share.pk, process.pk, party.pk)
    ]
    # The constraints came along, under their new names.
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user_id=user.pk, process_id=process.pk, kind="host_services")
    assert {"talks_role_one_per_process", "talks_role_party_matches_kind"} <= set(
        connection.introspection.get_constraints(connection.cursor(), "talks_role")
    )
