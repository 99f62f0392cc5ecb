"""The audit chain (its events and the head every append locks), and the task workers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class AuditEvent(models.Model):
    """One link of the append-only, hash-chained audit log. Written only by `parley.core.audit`."""

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150, blank=True)
    party = models.CharField(max_length=32, blank=True)
    process_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    decision = models.CharField(max_length=8, choices=Decision.choices)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="core_audit_decision_valid"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="core_audit_sequence_from_1"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class AuditChainHead(models.Model):
    """The single row every append locks, so two writers can never fork the chain."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="core_chain_head_single")]


class TaskWorker(models.Model):
    """A running task worker (`parley worker`) and the last time it said it was alive.

    Each worker writes its row every PARLEY_WORKER_HEARTBEAT seconds and deletes it when it
    stops cleanly. A row silent for longer than PARLEY_WORKER_LOST_AFTER is a worker that died
    (killed, or its machine lost): see `parley.core.workers.release_lost_tasks`.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"
