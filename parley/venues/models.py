"""The host's venue: rooms, their zones and when they can be used."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class RoomKind(models.TextChoices):
    HALL = "hall", _("Leaders' hall")
    BILATERAL = "bilateral", _("Bilateral room")
    WORKING = "working", _("Working room")
    OFFICE = "office", _("Delegation office")
    PRESS = "press", _("Press room")


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=RoomKind.choices)
    capacity = models.PositiveIntegerField(_("capacity"))
    zone = models.CharField(_("zone"), max_length=64)
    turnover_minutes = models.PositiveIntegerField(
        _("turnover (minutes)"),
        default=0,
        help_text=_("Time the room needs between two meetings: security sweep, reset."),
    )
    assigned_party = models.ForeignKey(
        "talks.Party",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offices",
        help_text=_("For a delegation office: the party it belongs to."),
    )

    class Meta:
        ordering = ["venue", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="venues_room_unique_name"),
            models.CheckConstraint(
                condition=Q(kind__in=RoomKind.values), name="venues_room_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="venues_room_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoomAvailability(models.Model):
    """A window in which the room may be booked. A room with none is never bookable."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["room", "starts_at"]
        verbose_name_plural = _("room availability")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="venues_availability_ends_after_start"
            )
        ]
