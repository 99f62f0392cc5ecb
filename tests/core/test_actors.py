"""The actor's grants come from the loader the settings name; without one, nobody holds
anything (the core knows no domain app)."""

import pytest

from parley.core import actors
from parley.core.actors import Actor, Grant


@pytest.fixture
def no_grants_loader(settings):
    settings.PARLEY_GRANTS_LOADER = ""
    actors._grants_loader.cache_clear()
    yield
    actors._grants_loader.cache_clear()


def test_grants_come_from_the_talks_roles(talks):
    head = Actor.for_user(talks.users["north_head"])
    assert head.grants == (
        Grant(
            process_id=talks.process.pk,
            kind="head_of_delegation",
            party_id=talks.north.pk,
            party_code="north",
            host=False,
            second_factor=True,
        ),
    )
    assert (head.party_in(talks.process.pk), head.is_host_in(talks.process.pk)) == (
        talks.north.pk,
        False,
    )


def test_without_a_grants_loader_nobody_holds_anything(talks, no_grants_loader):
    coordinator = Actor.for_user(talks.users["coordinator"])
    assert (coordinator.grants, coordinator.needs_totp) == ((), False)


def test_an_anonymous_visitor_holds_nothing(talks):
    from django.contrib.auth.models import AnonymousUser

    assert Actor.for_user(AnonymousUser()) == Actor(user=None)
