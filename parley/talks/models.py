"""Processes, where they meet, the parties in them and their people's roles, the parties'
consent to share substance, their delegations, the agenda and the meetings they request.

Invariants that the database can hold are constraints here; the actions only add friendly
messages in front of them.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    EXPERT = "expert", _("Expert working group")
    SENIOR = "senior", _("Senior officials")
    MINISTER = "minister", _("Ministers")
    LEADER = "leader", _("Leaders")


LEVEL_ORDER = [Level.EXPERT, Level.SENIOR, Level.MINISTER, Level.LEADER]
# The levels a readiness report can be asked for: each is prepared by the level below it.
READINESS_LEVELS = (Level.SENIOR, Level.MINISTER, Level.LEADER)


class Category(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial")
    HISTORICAL = "historical", _("Historical")
    NATIONAL = "national", _("National")
    LINGUISTIC = "linguistic", _("Linguistic")
    POLITICAL = "political", _("Political")
    HUMANITARIAN = "humanitarian", _("Humanitarian")
    SECURITY = "security", _("Security")
    ECONOMIC = "economic", _("Economic")
    LEGAL = "legal", _("Legal")


def _choice_check(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
    )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Venue(models.Model):
    """Where a process meets. Its time zone is the one every time of the process is shown in;
    what is inside it (rooms, bookings, badges) is the venues app's."""

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


class Party(models.Model):
    """A side in a process: a state or a group; it may take part in several processes."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    colour = models.CharField(_("colour"), max_length=7, default="#555555")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="talks_party_colour_hex"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Process(models.Model):
    """One negotiation, with its parties, levels and agenda."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    parties = models.ManyToManyField(Party, related_name="processes", verbose_name=_("parties"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        related_name="processes",
        verbose_name=_("venue"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.title


class RoleKind(models.TextChoices):
    HOST_COORDINATOR = "host_coordinator", _("Host coordinator")
    HOST_SERVICES = "host_services", _("Host services officer")
    HOST_PROTOCOL = "host_protocol", _("Host protocol officer")
    HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
    NEGOTIATOR = "negotiator", _("Negotiator")
    STAFF = "staff", _("Delegation staff")


HOST_ROLES = frozenset({RoleKind.HOST_COORDINATOR, RoleKind.HOST_SERVICES, RoleKind.HOST_PROTOCOL})
PARTY_ROLES = frozenset({RoleKind.HEAD_OF_DELEGATION, RoleKind.NEGOTIATOR, RoleKind.STAFF})
# Roles whose holders must prove a second factor (TOTP) at sign-in.
TOTP_ROLES = frozenset({RoleKind.HOST_COORDINATOR, RoleKind.HEAD_OF_DELEGATION})


class Role(models.Model):
    """A person's role in one process: a host role (no party) or a party role (with its party)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=32, choices=RoleKind.choices)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "process"], name="talks_role_one_per_process"),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=sorted(HOST_ROLES), party__isnull=True)
                    | Q(kind__in=sorted(PARTY_ROLES), party__isnull=False)
                ),
                name="talks_role_party_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.process}"


class SubstanceShare(models.Model):
    """One party's consent that host staff may see the process's substance.

    Host staff see substance only while every current party of the process has a share standing.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="shares")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="shares")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "party"], name="talks_share_one_per_party")
        ]


class Track(models.Model):
    """A working strand of the agenda. Its name is logistics: it appears in the programme."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="talks_track_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Delegation(models.Model):
    """A party's people at the talks of one process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="delegations")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="delegations")

    class Meta:
        ordering = ["party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "party"], name="talks_delegation_one_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} — {self.process}"


class Member(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )

    class Meta:
        ordering = ["delegation", "name"]
        constraints = [_choice_check("level", Level)]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    """A topic of the process. Its details and links are substance: parties only."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    key = models.BooleanField(_("key item"), default=False)
    description = models.TextField(_("description"), blank=True)
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    linked = models.ManyToManyField(
        "self", through="AgendaLink", symmetrical=False, related_name="linked_from", blank=True
    )

    class Meta:
        ordering = ["process", "number"]
        constraints = [
            _choice_check("category", Category),
            models.UniqueConstraint(fields=["process", "number"], name="talks_item_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AgendaLink(models.Model):
    """Nothing is agreed until everything linked is agreed."""

    source = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="links_in")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="talks_link_unique"),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="talks_link_not_to_itself"
            ),
        ]


class MeetingKind(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    PLENARY = "plenary", _("Plenary")
    WORKING_GROUP = "working_group", _("Working group")
    CAUCUS = "caucus", _("Caucus of one party")


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    # Published, then put off by the host: it goes back to the planner for a new time.
    POSTPONED = "postponed", _("Postponed")


class Meeting(models.Model):
    """A request for talks at a level on a track. Title, level, participants are logistics."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    parties = models.ManyToManyField(Party, related_name="meetings")
    participants = models.ManyToManyField(Member, related_name="meetings", blank=True)
    size = models.PositiveIntegerField(_("expected attendance"))
    languages = models.JSONField(
        _("interpretation pairs"), default=list, blank=True, help_text=_('e.g. ["en-ru"]')
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED
    )
    # Set when the programme version that placed it was published while its level's readiness
    # report said "not yet realistic" and every party's head had overridden it.
    by_override = models.BooleanField(_("published by override of all parties"), default=False)
    preceded_by = models.ManyToManyField(
        "self",
        through="Precedence",
        symmetrical=False,
        related_name="prepares",
        blank=True,
    )

    class Meta:
        ordering = ["process", "title"]
        constraints = [
            _choice_check("level", Level),
            _choice_check("kind", MeetingKind),
            _choice_check("status", MeetingStatus),
            models.CheckConstraint(condition=Q(size__gt=0), name="talks_meeting_size_positive"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=24 * 60),
                name="talks_meeting_duration_in_a_day",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1), name="talks_meeting_priority_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Precedence(models.Model):
    """`before` must have taken place, `gap_minutes` earlier, for `after` to be held."""

    before = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="precedes")
    after = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="requires")
    gap_minutes = models.PositiveIntegerField(_("gap (minutes)"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["before", "after"], name="talks_precedence_unique"),
            models.CheckConstraint(
                condition=~Q(before=F("after")), name="talks_precedence_not_itself"
            ),
        ]


class Position(models.Model):
    """A party's private note or position on an agenda item: its own members only."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="positions")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="positions")
    body = models.TextField(_("position"))
    updated_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "party"], name="talks_position_one_per_party")
        ]


# Readiness: is a meeting at the next level realistic yet? The facts behind the answer are the
# parties' own declarations: the host records none of them and reads none of their substance.


def _readiness_level_check() -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(level__in=[level.value for level in READINESS_LEVELS]),
        name="%(app_label)s_%(class)s_level_for_readiness",
    )


class CeasefireStatus(models.TextChoices):
    """From weakest to strongest: a process's status is the weakest of its parties'."""

    NONE = "none", _("No ceasefire")
    DECLARED = "declared", _("Declared, not yet holding")
    HOLDING = "holding", _("Holding")


class CeasefireDeclaration(models.Model):
    """What one party declares about the ceasefire in a process. Never changed: a new word is a
    new row, so the history stays whole; the party's newest row is what it declares now."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="ceasefire_declarations"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("ceasefire"), max_length=16, choices=CeasefireStatus.choices)
    holding_since = models.DateField(_("holding since"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=500, blank=True)
    declared_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["process", "party", "-declared_at", "-pk"]
        constraints = [
            _choice_check("status", CeasefireStatus),
            models.CheckConstraint(
                condition=Q(status=CeasefireStatus.HOLDING, holding_since__isnull=False)
                | (~Q(status=CeasefireStatus.HOLDING) & Q(holding_since__isnull=True)),
                name="talks_ceasefire_since_iff_holding",
            ),
        ]

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A ceasefire declaration is history: declare again instead.")
        super().save(*args, **kwargs)


class Gate(models.TextChoices):
    CEASEFIRE = "ceasefire", _("Ceasefire")
    KEY_ITEMS = "key_items", _("Key agenda items")
    PREPARATION = "preparation", _("Preparatory meetings")
    INTENT = "intent", _("Intent of every party")


# Gates whose setting carries a number: the ceasefire's days, the key items' open brackets.
GATES_WITH_THRESHOLD = (Gate.CEASEFIRE, Gate.KEY_ITEMS)


class GateSettingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed by every party")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class GateSetting(models.Model):
    """One party's proposal for how a readiness gate applies at a level of a process.

    Like a bracket, it takes effect only when every party has accepted it (the proposing party
    accepts by proposing). The newest agreed setting of a gate is in force; before any, the
    default. `required` off means the gate does not apply at that level; `threshold` is the
    ceasefire's days or the key items' open brackets.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="gate_settings")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    gate = models.CharField(_("gate"), max_length=16, choices=Gate.choices)
    required = models.BooleanField(_("required"))
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=GateSettingStatus.choices,
        default=GateSettingStatus.PROPOSED,
    )
    proposed_by_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["process", "level", "gate", "-proposed_at", "-pk"]
        constraints = [
            _readiness_level_check(),
            _choice_check("gate", Gate),
            _choice_check("status", GateSettingStatus),
            models.UniqueConstraint(
                fields=["process", "level", "gate"],
                condition=Q(status=GateSettingStatus.PROPOSED),
                name="talks_gate_one_open_proposal",
            ),
            models.CheckConstraint(
                condition=Q(
                    required=True,
                    gate__in=[g.value for g in GATES_WITH_THRESHOLD],
                    threshold__isnull=False,
                )
                | (
                    ~Q(required=True, gate__in=[g.value for g in GATES_WITH_THRESHOLD])
                    & Q(threshold__isnull=True)
                ),
                name="talks_gate_threshold_iff_counted",
            ),
            models.CheckConstraint(
                condition=Q(status=GateSettingStatus.PROPOSED, closed_at__isnull=True)
                | (~Q(status=GateSettingStatus.PROPOSED) & Q(closed_at__isnull=False)),
                name="talks_gate_closed_iff_not_open",
            ),
        ]


class GateAcceptance(models.Model):
    setting = models.ForeignKey(GateSetting, on_delete=models.CASCADE, related_name="acceptances")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    accepted_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["setting", "accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["setting", "party"], name="talks_gate_accept_once")
        ]


class IntentConfirmation(models.Model):
    """A party's head of delegation confirms that the party means to meet at a level."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="intents")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["process", "level", "party"]
        constraints = [
            _readiness_level_check(),
            models.UniqueConstraint(
                fields=["process", "level", "party"], name="talks_intent_once_per_party"
            ),
        ]


class ReadinessOverride(models.Model):
    """A party's head of delegation accepts meeting at a level whose report says "not yet
    realistic". Publishing such a meeting needs one from every party of the process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="overrides")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["process", "level", "party"]
        constraints = [
            _readiness_level_check(),
            models.UniqueConstraint(
                fields=["process", "level", "party"], name="talks_override_once_per_party"
            ),
        ]
