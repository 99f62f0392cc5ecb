"""The hash-chained audit log: append inside the caller's transaction, verify the whole chain.

Each event's hash is SHA-256 over the previous hash and a canonical JSON encoding of the event,
so editing, deleting or reordering any row breaks the chain from that row on.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent, Decision

if TYPE_CHECKING:
    from .actors import Actor

GENESIS_HASH = "0" * 64


def canonical_encoding(event: AuditEvent) -> bytes:
    fields = {
        "sequence": event.sequence,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor,
        "party": event.party,
        "process": event.process_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "decision": event.decision,
        "detail": event.detail,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(*, previous_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(previous_hash.encode() + canonical_encoding(event)).hexdigest()


def _object_reference(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def record(
    *,
    actor: "Actor | None",
    action: str,
    target: models.Model | None = None,
    process_id: int | None = None,
    party_code: str = "",
    decision: str = Decision.ALLOWED,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of its change")
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"sequence": 0, "hash": GENESIS_HASH}
    )
    object_type, object_id = _object_reference(target)
    if actor is not None and not party_code and process_id is not None:
        party_code = actor.party_code_in(process_id)
    event = AuditEvent(
        sequence=head.sequence + 1,
        at=timezone.now(),
        actor=actor.username if actor is not None else "system",
        party=party_code,
        process_id=process_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        decision=decision,
        detail=detail or {},
        previous_hash=head.hash,
    )
    # Hash what the database will hand back: JSON round-trips, datetimes keep microseconds.
    event.detail = json.loads(json.dumps(event.detail))
    event.hash = chain_hash(previous_hash=head.hash, event=event)
    event.save()
    head.sequence, head.hash = event.sequence, event.hash
    head.save(update_fields=["sequence", "hash"])
    return event


@dataclass(frozen=True)
class Denial:
    """What a refused read or write was about, recorded once the refused transaction is gone."""

    actor: "Actor"
    action: str
    object_type: str
    object_id: str
    process_id: int | None = None


def record_denial(denial: Denial) -> AuditEvent:
    with transaction.atomic():
        return record(
            actor=denial.actor,
            action=denial.action,
            process_id=denial.process_id,
            decision=Decision.DENIED,
            detail={"object_type": denial.object_type, "object_id": denial.object_id},
        )


def record_read(
    *, actor: "Actor", action: str, target: models.Model, process_id: int | None
) -> AuditEvent:
    """Every read of substance leaves a trace, in a transaction of its own."""
    with transaction.atomic():
        return record(actor=actor, action=action, target=target, process_id=process_id)


@dataclass(frozen=True)
class VerifyResult:
    intact: bool
    events: int
    first_bad_sequence: int | None = None
    reason: str = ""


def verify() -> VerifyResult:
    """Walk the chain in sequence order; name the first sequence number that does not hold."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        count += 1
        if event.sequence != expected_sequence:
            return VerifyResult(False, count, expected_sequence, "missing event")
        if event.previous_hash != previous_hash:
            return VerifyResult(False, count, event.sequence, "previous hash does not match")
        if chain_hash(previous_hash=previous_hash, event=event) != event.hash:
            return VerifyResult(False, count, event.sequence, "hash does not match its content")
        previous_hash = event.hash
        expected_sequence += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != expected_sequence - 1 or head.hash != previous_hash):
        return VerifyResult(False, count, expected_sequence, "events missing at the end")
    return VerifyResult(True, count)
