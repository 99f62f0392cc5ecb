"""factory_boy factories for the domain. Tests build what they need; nothing is shared state."""

import datetime as dt
import secrets

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from parley.hostservices.models import ServiceKind, ServiceRequest
from parley.scheduling.models import (
    InterpreterPool,
    MemberUnavailability,
    RunStatus,
    Separation,
    SolveRun,
)
from parley.talks.models import (
    AgendaItem,
    Category,
    Delegation,
    Level,
    Meeting,
    MeetingKind,
    Member,
    Party,
    Precedence,
    Process,
    Role,
    RoleKind,
    Track,
)
from parley.texts.engine.amend import bracket_count
from parley.texts.models import (
    NegotiatingText,
    Note,
    Proposal,
    ProposalKind,
    ProposalStatus,
    TextVersion,
)
from parley.venues.models import (
    Accreditation,
    BadgeCategory,
    Booking,
    Room,
    RoomAvailability,
    RoomKind,
    Venue,
)


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


# Scheduling


class PrecedenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Precedence

    before = factory.SubFactory(MeetingFactory)
    after = factory.SubFactory(MeetingFactory, process=factory.SelfAttribute("..before.process"))
    gap_minutes = 0


class InterpreterPoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterpreterPool

    process = factory.SubFactory(ProcessFactory)
    pair = "ru-uk"
    count = 1


class SeparationFactory(factory.django.DjangoModelFactory):
    """Give the parties in any order; the lower primary key is stored first."""

    class Meta:
        model = Separation

    process = factory.SubFactory(ProcessFactory)
    party_a = factory.SubFactory(PartyFactory)
    party_b = factory.SubFactory(PartyFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        a, b = sorted((kwargs["party_a"], kwargs["party_b"]), key=lambda p: p.pk)
        kwargs["party_a"], kwargs["party_b"] = a, b
        return super()._create(model_class, *args, **kwargs)


class MemberUnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberUnavailability

    member = factory.SubFactory(MemberFactory)
    starts_at = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    ends_at = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


class SolveRunFactory(factory.django.DjangoModelFactory):
    """A finished draft that places nothing, for a process with no open room."""

    class Meta:
        model = SolveRun

    process = factory.SubFactory(ProcessFactory)
    status = RunStatus.DONE
    instance = factory.LazyFunction(
        lambda: {
            "name": "empty",
            "days": [{"date": "2026-12-01", "start": "09:00", "slots": 4}],
            "rooms": [],
            "parties": [],
            "participants": [],
            "interpreters": [],
            "meetings": [],
        }
    )
    solution = factory.LazyFunction(lambda: {"instance": "empty", "assignments": []})


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    process = factory.SubFactory(ProcessFactory)
    room = factory.SubFactory(RoomFactory, venue=factory.SelfAttribute("..process.venue"))
    title = factory.Sequence(lambda n: f"Booking {n}")
    starts_at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    ends_at = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    blocked_until = factory.LazyAttribute(lambda b: b.ends_at)
    created_by = factory.SubFactory(UserFactory)


# Texts

WALK_TEXT = "1. The Parties [shall][should] cooperate [fully] on the border.\n"


class NegotiatingTextFactory(factory.django.DjangoModelFactory):
    """The text of an agenda item; a process without parties is given two."""

    class Meta:
        model = NegotiatingText

    item = factory.SubFactory(AgendaItemFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        process = kwargs["item"].process
        if not process.parties.exists():
            process.parties.set([PartyFactory(), PartyFactory()])
        return super()._create(model_class, *args, **kwargs)


class TextVersionFactory(factory.django.DjangoModelFactory):
    """The next version of its text; the text's current number and bracket count follow it."""

    class Meta:
        model = TextVersion

    text = factory.SubFactory(NegotiatingTextFactory)
    number = factory.LazyAttribute(lambda v: v.text.current_number + 1)
    body = WALK_TEXT
    brackets = factory.LazyAttribute(lambda v: bracket_count(v.body))
    party = factory.LazyAttribute(lambda v: v.text.item.process.parties.first())
    created_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        version = super()._create(model_class, *args, **kwargs)
        version.text.current_number, version.text.open_brackets = version.number, version.brackets
        version.text.save(update_fields=["current_number", "open_brackets"])
        return version


class ProposalFactory(factory.django.DjangoModelFactory):
    """By default a private draft inserting bracketed text after "cooperate"."""

    class Meta:
        model = Proposal

    base = factory.SubFactory(TextVersionFactory)
    text = factory.LazyAttribute(lambda p: p.base.text)
    party = factory.LazyAttribute(lambda p: p.base.party)
    created_by = factory.SubFactory(UserFactory)
    kind = ProposalKind.INSERT
    target = "cooperate"
    replacement = "closely"
    needs_consent = False
    status = ProposalStatus.DRAFT
    tabled_at = factory.LazyAttribute(
        lambda p: None if p.status == ProposalStatus.DRAFT else dt.datetime.now(dt.UTC)
    )


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    text = factory.SubFactory(NegotiatingTextFactory)
    party = factory.LazyAttribute(lambda n: n.text.item.process.parties.first())
    body = "Hold firm on the date."
    updated_by = factory.SubFactory(UserFactory)


def text_for_walk(*, item: AgendaItem, party: Party) -> dict[str, int]:
    """The item's text at version 1 with `party`'s private draft and its tabled lift of a
    bracket that nobody has accepted yet. Idempotent: a second call returns the same ids."""
    existing = NegotiatingText.objects.filter(item=item).first()
    if existing is None:
        version = TextVersionFactory(text__item=item, party=party)
        ProposalFactory(base=version, party=party)
        ProposalFactory(
            base=version,
            party=party,
            kind=ProposalKind.LIFT,
            target="[fully]",
            replacement="",
            needs_consent=True,
            status=ProposalStatus.TABLED,
        )
        existing = version.text
    proposals = Proposal.objects.filter(text=existing, party=party)
    return {
        "version": 1,
        "draft": proposals.get(kind=ProposalKind.INSERT).pk,
        "tabled": proposals.get(kind=ProposalKind.LIFT).pk,
    }


# Venues: accreditation. Host services.


class AccreditationFactory(factory.django.DjangoModelFactory):
    """A delegation member's badge, valid from an hour ago for three days."""

    class Meta:
        model = Accreditation

    member = factory.SubFactory(MemberFactory)
    process = factory.SelfAttribute("member.delegation.process")
    party = factory.SelfAttribute("member.delegation.party")
    category = BadgeCategory.DELEGATION
    name = factory.SelfAttribute("member.name")
    level = factory.SelfAttribute("member.level")
    valid_from = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    valid_until = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    nonce = factory.LazyFunction(lambda: secrets.token_urlsafe(12))
    issued_by = factory.SubFactory(UserFactory)


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    """A party's request, due tomorrow."""

    class Meta:
        model = ServiceRequest

    process = factory.SubFactory(ProcessFactory)
    party = factory.SubFactory(PartyFactory)
    kind = ServiceKind.GROUND_TRANSPORT
    summary = factory.Sequence(lambda n: f"Car {n} from the hotel to the venue")
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
    requested_by = factory.SubFactory(UserFactory)
