"""The database refuses a service request whose fields contradict its status."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..factories import ServiceRequestFactory, UserFactory


def _refused(**fields) -> bool:
    try:
        with transaction.atomic():
            ServiceRequestFactory(**fields)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "helicopter"},
        {"status": "lost"},
        {"summary": ""},
        {"status": "declined"},
        {"status": "requested", "decline_reason": "no"},
        {"status": "accepted"},
        {"status": "scheduled", "owner": None},
        {"status": "delivered", "scheduled_for": None},
    ],
)
def test_request_contradicting_its_status_is_refused(db, fields):
    assert _refused(**fields)


def test_request_with_fields_matching_its_status_is_accepted(db):
    now = timezone.now()
    assert not _refused(
        status="delivered",
        owner=UserFactory(),
        scheduled_for=now,
        delivered_at=now + dt.timedelta(minutes=5),
    )
    assert not _refused(status="declined", decline_reason="No cars left that morning.")
