"""The actor: a signed-in person with the grants they hold, process by process.

The core knows no domain: what a grant is made of (roles in processes) is loaded by the function
that the setting PARLEY_GRANTS_LOADER names (the talks app's). Without it, nobody holds anything.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Grant:
    """One role in one process: on the host's side (`host`, no party) or a party's."""

    process_id: int
    kind: str
    party_id: int | None
    party_code: str
    host: bool
    second_factor: bool


GrantsLoader = Callable[[User], Iterable[Grant]]


@cache
def _grants_loader() -> GrantsLoader | None:
    path = getattr(settings, "PARLEY_GRANTS_LOADER", "")
    return import_string(path) if path else None


@dataclass(frozen=True)
class Actor:
    user: User | None
    grants: tuple[Grant, ...] = field(default=())

    @classmethod
    def for_user(cls, user: User | AnonymousUser | None) -> "Actor":
        if user is None or not user.is_authenticated:
            return cls(user=None)
        loader = _grants_loader()
        return cls(user=user, grants=tuple(loader(user)) if loader is not None else ())

    @property
    def username(self) -> str:
        return self.user.get_username() if self.user is not None else "anonymous"

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    def grant_in(self, process_id: int) -> Grant | None:
        return next((g for g in self.grants if g.process_id == process_id), None)

    def is_host_in(self, process_id: int) -> bool:
        grant = self.grant_in(process_id)
        return grant is not None and grant.host

    def party_in(self, process_id: int) -> int | None:
        grant = self.grant_in(process_id)
        return grant.party_id if grant is not None and not grant.host else None

    def party_code_in(self, process_id: int) -> str:
        grant = self.grant_in(process_id)
        return grant.party_code if grant is not None else ""

    def has_role(self, process_id: int, *kinds: str) -> bool:
        grant = self.grant_in(process_id)
        return grant is not None and grant.kind in kinds

    @property
    def process_ids(self) -> set[int]:
        return {g.process_id for g in self.grants}

    @property
    def host_process_ids(self) -> set[int]:
        return {g.process_id for g in self.grants if g.host}

    @property
    def party_process_ids(self) -> set[int]:
        return {g.process_id for g in self.grants if not g.host}

    @property
    def needs_totp(self) -> bool:
        if self.user is not None and self.user.is_superuser:
            return True
        return any(g.second_factor for g in self.grants)


def actor_of(request) -> Actor:
    """The request's actor, built once per request."""
    if not hasattr(request, "_parley_actor"):
        request._parley_actor = Actor.for_user(getattr(request, "user", None))
    return request._parley_actor
