"""Reads of the venue: the host sees the venue's whole day, a party the rooms of its meetings."""

from parley.talks.models import MeetingStatus
from parley.venues import queries

from ..factories import MeetingFactory
from .conftest import at, book


def test_host_sees_every_booking_and_a_party_only_those_of_its_meetings(talks, venue):
    north_caucus = MeetingFactory(process=talks.process, title="North caucus")
    north_caucus.parties.set([talks.north])
    bilateral = MeetingFactory(process=talks.process, title="Bilateral")
    bilateral.parties.set([talks.north, talks.south])
    ad_hoc = book(talks, venue.hall, title="Security sweep")
    caucus = book(talks, venue.bilateral, title="North caucus", start=at(11), end=at(12))
    caucus.meeting = north_caucus
    caucus.save()
    talks_booking = book(talks, venue.hall, title="Bilateral", start=at(14), end=at(15))
    talks_booking.meeting = bilateral
    talks_booking.save()

    def seen(name: str) -> list[str]:
        bookings = queries.bookings_of(actor=talks.actor(name), process=talks.process)
        return sorted(b.title for b in bookings)

    for host in ("coordinator", "services", "protocol"):
        assert seen(host) == ["Bilateral", "North caucus", "Security sweep"]
    for north in ("north_head", "north_negotiator", "north_staff"):
        assert seen(north) == ["Bilateral", "North caucus"]
    for south in ("south_head", "south_negotiator", "south_staff"):
        assert seen(south) == ["Bilateral"]
    assert ad_hoc.meeting is None
    # A meeting on the programme is no secret, but its booking's title is the host's record.
    north_caucus.status = MeetingStatus.SCHEDULED
    north_caucus.save()
    assert seen("south_staff") == ["Bilateral"]
