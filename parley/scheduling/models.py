"""Planning inputs, solve runs (drafts) and the published, immutable programme versions.

Times are stored in UTC and shown in the venue's zone. A published version and its entries
never change: a later change is a new version that lists what moved.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

PAIR_REGEX = r"^[a-z]{2,3}-[a-z]{2,3}$"


class MemberUnavailability(models.Model):
    """A span in which a delegation member cannot attend any meeting (travel, another event)."""

    member = models.ForeignKey(
        "talks.Member", on_delete=models.CASCADE, related_name="unavailability"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["member", "starts_at"]
        verbose_name_plural = _("member unavailability")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="scheduling_unavailability_ends_after_start",
            )
        ]


class InterpreterPool(models.Model):
    """How many meetings needing one language pair can run at the same time in a process."""

    process = models.ForeignKey(
        "talks.Process", on_delete=models.CASCADE, related_name="interpreter_pools"
    )
    pair = models.CharField(_("language pair"), max_length=16, help_text=_('e.g. "ru-uk"'))
    count = models.PositiveSmallIntegerField(_("simultaneous meetings"))

    class Meta:
        ordering = ["process", "pair"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "pair"], name="scheduling_pool_one_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(pair__regex=PAIR_REGEX), name="scheduling_pool_pair_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair}: {self.count}"


class Separation(models.Model):
    """Two parties whose delegations must never meet in a corridor: kept apart zone by zone.

    Stored once per pair, with `party_a` the lower primary key; it applies both ways.
    """

    process = models.ForeignKey(
        "talks.Process", on_delete=models.CASCADE, related_name="separations"
    )
    party_a = models.ForeignKey("talks.Party", on_delete=models.CASCADE, related_name="+")
    party_b = models.ForeignKey("talks.Party", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["process", "party_a", "party_b"], name="scheduling_separation_unique"
            ),
            models.CheckConstraint(
                condition=Q(party_a__lt=F("party_b")), name="scheduling_separation_ordered_pair"
            ),
        ]


class MeetingPin(models.Model):
    """The host fixes a meeting to a room and a start; the solver must keep it there."""

    meeting = models.OneToOneField("talks.Meeting", on_delete=models.CASCADE, related_name="pin")
    room = models.ForeignKey("venues.Room", on_delete=models.CASCADE, related_name="pins")
    starts_at = models.DateTimeField(_("starts at"))


class MeetingWindow(models.Model):
    """The host wants a meeting held within [not_before, not_after); either end may be open."""

    meeting = models.OneToOneField("talks.Meeting", on_delete=models.CASCADE, related_name="window")
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    not_after = models.DateTimeField(_("not after"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(not_before__isnull=False) | Q(not_after__isnull=False),
                name="scheduling_window_has_an_end",
            ),
            models.CheckConstraint(
                condition=Q(not_before__isnull=True)
                | Q(not_after__isnull=True)
                | Q(not_after__gt=F("not_before")),
                name="scheduling_window_ends_after_start",
            ),
        ]


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunSource(models.TextChoices):
    SOLVER = "solver", _("Solver")
    IMPORT = "import", _("Imported solution")


class SolveRun(models.Model):
    """One planning attempt: the instance it saw, its progress and, when done, a draft programme.

    The draft is `solution` (exchange format) read against `instance`; publishing turns it into a
    `ProgrammeVersion`. `based_on` is the version that was current when the run started: a run
    whose base is no longer the latest version cannot be published.
    """

    process = models.ForeignKey("talks.Process", on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(max_length=8, choices=RunSource.choices, default=RunSource.SOLVER)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    based_on = models.ForeignKey(
        "ProgrammeVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    time_limit = models.FloatField(_("time limit (seconds)"), default=10.0)
    elapsed = models.FloatField(default=0.0)
    score = models.IntegerField(null=True, blank=True)
    total = models.IntegerField(null=True, blank=True)
    bound = models.IntegerField(null=True, blank=True)
    instance = models.JSONField(default=dict)
    solution = models.JSONField(null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)  # why a failed solve stopped
    task_id = models.CharField(max_length=64, blank=True)
    # The host asked the search to end early and keep the best programme found so far; the
    # search may have ended on its own before the request reached it.
    stop_requested_at = models.DateTimeField(null=True, blank=True)
    stopped_early = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="scheduling_run_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=RunSource.values), name="scheduling_run_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(time_limit__gt=0), name="scheduling_run_time_limit_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(solution__isnull=False),
                name="scheduling_run_done_has_solution",
            ),
        ]

    @property
    def gap(self) -> float | None:
        """How far the score may still be from the best possible, as a fraction of the bound."""
        if self.score is None or self.bound is None or self.bound <= 0:
            return None
        return max(0.0, (self.bound - self.score) / self.bound)

    @property
    def progress(self) -> float:
        """A fraction for the progress bar: time used, or 1 once the run has finished."""
        if self.status in (RunStatus.DONE, RunStatus.FAILED):
            return 1.0
        return min(1.0, self.elapsed / self.time_limit) if self.time_limit else 0.0

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class Immutable(models.Model):
    """Rows that are written once, at publication, and never changed or deleted one by one."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A published programme is immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A published programme is immutable.")


class ProgrammeVersion(Immutable):
    process = models.ForeignKey(
        "talks.Process", on_delete=models.CASCADE, related_name="programme_versions"
    )
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run = models.ForeignKey(
        SolveRun, null=True, on_delete=models.SET_NULL, related_name="published_as"
    )
    score = models.IntegerField(default=0)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["process", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "number"], name="scheduling_version_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="scheduling_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.process} — version {self.number}"


class ProgrammeEntry(Immutable):
    """A meeting of a published version: where and when. `sequence` counts its changes (ICS)."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="entries")
    meeting = models.ForeignKey(
        "talks.Meeting", on_delete=models.PROTECT, related_name="programme_entries"
    )
    room = models.ForeignKey("venues.Room", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    sequence = models.PositiveIntegerField(default=0)
    booking = models.ForeignKey(
        "venues.Booking", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "room__name"]
        verbose_name_plural = _("programme entries")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "meeting"], name="scheduling_entry_once_per_version"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="scheduling_entry_ends_after_start"
            ),
        ]


class ChangeKind(models.TextChoices):
    ADDED = "added", _("Added")
    MOVED = "moved", _("Moved")
    DROPPED = "dropped", _("Dropped")


class ProgrammeChange(Immutable):
    """What a version changed against the one before it; `before_*` describe the old placement."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="changes")
    meeting = models.ForeignKey("talks.Meeting", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=ChangeKind.choices)
    before_room = models.ForeignKey(
        "venues.Room", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before_starts_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["version", "kind", "meeting__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "meeting"], name="scheduling_change_once_per_version"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="scheduling_change_kind_valid"
            ),
        ]


class CalendarFeed(models.TextChoices):
    DELEGATION = "delegation", _("Delegation")
    MEMBER = "member", _("Member")
    ROOM = "room", _("Room")


class CalendarLink(models.Model):
    """A secret address at which a calendar app reads one feed without signing in.

    Calendar apps cannot sign in (let alone give a second factor), so the address carries a
    random token. Only its SHA-256 is stored: the address is shown once, when it is made. The
    feed is served while the link is not revoked and its owner may still read that feed, so
    losing a role closes every address the person made.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_links"
    )
    process = models.ForeignKey(
        "talks.Process", on_delete=models.CASCADE, related_name="calendar_links"
    )
    feed = models.CharField(max_length=16, choices=CalendarFeed.choices)
    object_pk = models.PositiveBigIntegerField()
    name = models.CharField(max_length=200)
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the token, in hex
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(feed__in=CalendarFeed.values), name="scheduling_link_feed_valid"
            ),
            models.CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"),
                name="scheduling_link_digest_is_a_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_feed_display()}: {self.name}"
