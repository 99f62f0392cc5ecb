"""factory_boy factories for the domain. Tests build what they need; nothing is shared state."""

import datetime as dt

import factory
from django.contrib.auth.models import User

from parley.core.models import Role, RoleKind
from parley.talks.models import (
    AgendaItem,
    Category,
    Delegation,
    Level,
    Meeting,
    MeetingKind,
    Member,
    Party,
    Process,
    Track,
)
from parley.venues.models import Room, RoomAvailability, RoomKind, Venue


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    time_zone = "Europe/Vienna"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    kind = RoomKind.BILATERAL
    capacity = 12
    zone = "central"
    turnover_minutes = 15


class RoomAvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoomAvailability

    room = factory.SubFactory(RoomFactory)
    starts_at = dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)
    ends_at = dt.datetime(2026, 12, 1, 19, 0, tzinfo=dt.UTC)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    code = factory.Sequence(lambda n: f"party{n}")
    name = factory.Sequence(lambda n: f"Party {n}")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Process {n}")
    venue = factory.SubFactory(VenueFactory)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Track {n}")


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    process = factory.SubFactory(ProcessFactory)
    party = factory.SubFactory(PartyFactory)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    delegation = factory.SubFactory(DelegationFactory)
    name = factory.Sequence(lambda n: f"Member {n}")
    level = Level.EXPERT
    languages = ["en"]


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    process = factory.SubFactory(ProcessFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")
    category = Category.TERRITORIAL


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    level = Level.EXPERT
    kind = MeetingKind.BILATERAL
    size = 8
    duration_minutes = 60


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    process = factory.SubFactory(ProcessFactory)
    kind = RoleKind.NEGOTIATOR
