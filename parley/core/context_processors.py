from django.conf import settings
from django.shortcuts import resolve_url

from .actors import actor_of


def parley(request) -> dict:
    return {
        "parley_demo": settings.PARLEY_DEMO,
        "actor": actor_of(request),
        # The home page is a domain app's (settings.LOGIN_REDIRECT_URL): the core names no app.
        "home_url": resolve_url(settings.LOGIN_REDIRECT_URL),
    }
