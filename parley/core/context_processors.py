from django.conf import settings

from .actors import actor_of


def parley(request) -> dict:
    return {
        "parley_demo": settings.PARLEY_DEMO,
        "actor": actor_of(request),
    }
