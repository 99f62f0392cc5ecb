"""Fixtures of the negotiating texts: the `talks` item's text at version 1, imported by north."""

import pytest

from parley.core.models import AuditEvent
from parley.texts import actions
from parley.texts.models import TextVersion

BODY = """# Article 1

1. The Parties [shall][should] cooperate on the border.

2. Each Party shall report [annually].
"""


@pytest.fixture
def version(talks) -> TextVersion:
    """Version 1 of the key item's text: three open brackets."""
    return actions.text_import(actor=talks.actor("north_negotiator"), item=talks.item, body=BODY)


def last_sequence() -> int:
    event = AuditEvent.objects.order_by("-sequence").first()
    return event.sequence if event else 0


def events_since(sequence: int) -> list[tuple[str, str, str]]:
    """(action, decision, party) of every audit event after `sequence`, in order."""
    return list(
        AuditEvent.objects.filter(sequence__gt=sequence)
        .order_by("sequence")
        .values_list("action", "decision", "party")
    )
