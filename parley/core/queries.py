"""Reads of the core: a person's second factor."""

from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

# The group every demo account belongs to (see parley.demo): in demo mode they skip TOTP.
DEMO_GROUP = "demo"


def confirmed_device_of(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_demo_account(*, user: User) -> bool:
    return user.groups.filter(name=DEMO_GROUP).exists()
