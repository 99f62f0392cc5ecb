"""Negotiating texts: one per agenda item, its immutable versions, the parties' proposals.

All of it is substance: parties of the process only (host staff only while every party shares),
and a party's drafts and notes are its own. Writes go through `actions`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .engine import amend


class NegotiatingText(models.Model):
    """The joint text of one agenda item. `current_number` and `open_brackets` describe the
    newest version; they change only together with a new version, under this row's lock."""

    item = models.OneToOneField(
        "talks.AgendaItem", on_delete=models.CASCADE, related_name="negotiating_text"
    )
    current_number = models.PositiveIntegerField(_("current version"), default=0)
    open_brackets = models.PositiveIntegerField(_("open brackets"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Text of {self.item}"


class TextVersion(models.Model):
    """One state of a text. Never updated: a change is a new version (the database refuses
    UPDATE on this table, see migration 0002)."""

    text = models.ForeignKey(NegotiatingText, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    body = models.TextField(_("text"))
    brackets = models.PositiveIntegerField(_("open brackets"))
    party = models.ForeignKey("talks.Party", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text", "number"]
        constraints = [
            models.UniqueConstraint(fields=["text", "number"], name="texts_version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="texts_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Text versions are immutable: make a new version.")
        super().save(*args, **kwargs)


class ProposalKind(models.TextChoices):
    INSERT = amend.INSERT, _("Insert new text")
    REPLACE = amend.REPLACE, _("Replace text (offer an alternative)")
    ALTERNATIVE = amend.ALTERNATIVE, _("Add an alternative to a bracket")
    DELETE = amend.DELETE, _("Delete text")
    CHOOSE = amend.CHOOSE, _("Choose one alternative")
    LIFT = amend.LIFT, _("Lift the brackets around agreed text")
    STATUS = amend.STATUS, _("Set a paragraph's status")
    WHOLE = amend.WHOLE, _("Replace the whole text")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (private to your party)")
    TABLED = "tabled", _("Tabled")
    APPLIED = "applied", _("Applied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Joint substance is what was put before every party, whatever became of it since.
WAS_TABLED = Q(tabled_at__isnull=False)


class Proposal(models.Model):
    """A party's amendment to one version. A draft is its party's alone; once tabled, every
    party sees it for good, and `tabled_at` records that it was: a draft withdrawn before it
    was tabled stays its party's alone. Additive amendments apply when tabled; the others when
    every party of the process has accepted, and only while the version they amend is still
    the current one."""

    text = models.ForeignKey(NegotiatingText, on_delete=models.CASCADE, related_name="proposals")
    base = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="proposals")
    party = models.ForeignKey("talks.Party", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ProposalKind.choices)
    paragraph = models.CharField(_("paragraph"), max_length=32, blank=True)
    target = models.TextField(_("quoted text"), blank=True)
    replacement = models.TextField(_("new text"), blank=True)
    needs_consent = models.BooleanField(_("needs every party"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    result = models.OneToOneField(
        TextVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="produced_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    tabled_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["text", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values), name="texts_proposal_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="texts_proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.APPLIED, result__isnull=False)
                | (~Q(status=ProposalStatus.APPLIED) & Q(result__isnull=True)),
                name="texts_proposal_result_iff_applied",
            ),
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.DRAFT, tabled_at__isnull=True)
                | Q(status=ProposalStatus.WITHDRAWN)
                | Q(
                    status__in=[ProposalStatus.TABLED, ProposalStatus.APPLIED],
                    tabled_at__isnull=False,
                ),
                name="texts_proposal_tabled_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposal {self.pk} ({self.get_kind_display()})"

    @property
    def was_tabled(self) -> bool:
        return self.tabled_at is not None

    @property
    def amendment(self) -> amend.Amendment:
        return amend.Amendment(
            kind=self.kind, paragraph=self.paragraph, target=self.target, text=self.replacement
        )


class Acceptance(models.Model):
    """One party's consent to a tabled proposal. The last party's consent applies it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="acceptances")
    party = models.ForeignKey("talks.Party", on_delete=models.PROTECT, related_name="+")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "party"], name="texts_acceptance_one_per_party"
            )
        ]


class Note(models.Model):
    """A party's private note on a paragraph ("" for the text as a whole): its own members only."""

    text = models.ForeignKey(NegotiatingText, on_delete=models.CASCADE, related_name="notes")
    party = models.ForeignKey("talks.Party", on_delete=models.CASCADE, related_name="+")
    paragraph = models.CharField(_("paragraph"), max_length=32, blank=True)
    body = models.TextField(_("note"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["text", "paragraph"]
        constraints = [
            models.UniqueConstraint(
                fields=["text", "party", "paragraph"], name="texts_note_one_per_paragraph"
            )
        ]
