"""Writes of the core: second-factor enrolment."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .actors import Actor
from .audit_actions import TOTP_ENROL, TOTP_ENROL_START


@transaction.atomic(durable=True)
def second_factor_enrolment(*, actor: Actor) -> TOTPDevice:
    """The person's authenticator device, unconfirmed until they type its first code."""
    device, created = TOTPDevice.objects.get_or_create(
        user=actor.user, confirmed=False, defaults={"name": "authenticator"}
    )
    if created:
        audit.record(actor=actor, action=TOTP_ENROL_START, target=device)
    return device


@transaction.atomic(durable=True)
def second_factor_confirm(*, actor: Actor, device: TOTPDevice) -> None:
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(actor=actor, action=TOTP_ENROL, target=device)
