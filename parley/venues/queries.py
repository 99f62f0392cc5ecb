"""Reads of the venue. Rooms and their zones are logistics: every role of a process sees them."""

from django.db.models import QuerySet

from .models import Room, Venue


def rooms_of(*, venue: Venue) -> QuerySet[Room]:
    return (
        Room.objects.filter(venue=venue).select_related("assigned_party").order_by("zone", "name")
    )
