"""The host's venue: rooms and when they can be used, bookings, accreditation and check-in."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from parley.talks.models import (
    Level,
    Venue,
    validate_time_zone,  # noqa: F401 — migration 0001 names it here
)


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


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(models.Model):
    """A room held for a time range, and after it for the room's turnover.

    Two live bookings of one room never overlap on [starts_at, blocked_until): the database holds
    that (migration 0003: an exclusion constraint on PostgreSQL, triggers on SQLite). Any later
    migration that remakes this table on SQLite must re-create those triggers.
    """

    process = models.ForeignKey("talks.Process", on_delete=models.CASCADE, related_name="bookings")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    meeting = models.ForeignKey(
        "talks.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    blocked_until = models.DateTimeField(
        _("room blocked until"), help_text=_("The end plus the room's turnover.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    created_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "room"]
        indexes = [models.Index(fields=["room", "starts_at"], name="venues_booking_room_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="venues_booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("ends_at")),
                name="venues_booking_blocked_covers_end",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="venues_booking_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=BookingStatus.CANCELLED, cancelled_at__isnull=False)
                | (~Q(status=BookingStatus.CANCELLED) & Q(cancelled_at__isnull=True)),
                name="venues_booking_cancelled_when",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BadgeCategory(models.TextChoices):
    DELEGATION = "delegation", _("Delegation")
    PRESS = "press", _("Press")


class AccreditationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class Accreditation(models.Model):
    """A person admitted to the venue for a process. The badge carries a signed token of it."""

    process = models.ForeignKey(
        "talks.Process", on_delete=models.CASCADE, related_name="accreditations"
    )
    category = models.CharField(_("category"), max_length=16, choices=BadgeCategory.choices)
    member = models.ForeignKey(
        "talks.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accreditations",
    )
    party = models.ForeignKey(
        "talks.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=16, blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    nonce = models.CharField(max_length=32, unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.ACTIVE,
    )
    issued_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)

    class Meta:
        ordering = ["party__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")),
                name="venues_accreditation_valid_window",
            ),
            models.CheckConstraint(
                condition=Q(category=BadgeCategory.DELEGATION, party__isnull=False)
                | Q(category=BadgeCategory.PRESS, party__isnull=True, member__isnull=True),
                name="venues_accreditation_party_matches_category",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=AccreditationStatus.ACTIVE, revoked_at__isnull=True, revoke_reason=""
                )
                | (
                    Q(status=AccreditationStatus.REVOKED, revoked_at__isnull=False)
                    & ~Q(revoke_reason="")
                ),
                name="venues_accreditation_revoked_with_reason",
            ),
            models.UniqueConstraint(
                fields=["process", "member"],
                condition=Q(status=AccreditationStatus.ACTIVE, member__isnull=False),
                name="venues_accreditation_one_active_per_member",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level else ""


class CheckInResult(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")
    FORGED = "forged", _("Forged")


class CheckIn(models.Model):
    """One badge read at the door, whatever it answered. The code itself is kept as a digest."""

    process = models.ForeignKey("talks.Process", on_delete=models.CASCADE, related_name="+")
    accreditation = models.ForeignKey(
        Accreditation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="check_ins",
    )
    result = models.CharField(_("result"), max_length=16, choices=CheckInResult.choices)
    gate = models.CharField(_("gate"), max_length=100, blank=True)
    code_digest = models.CharField(max_length=64)
    checked_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=CheckInResult.values), name="venues_checkin_result_valid"
            ),
            models.CheckConstraint(
                condition=Q(result=CheckInResult.FORGED) | Q(accreditation__isnull=False),
                name="venues_checkin_names_its_badge",
            ),
        ]
