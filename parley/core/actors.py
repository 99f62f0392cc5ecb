"""The actor: a signed-in person with the roles they hold, process by process."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User

from .models import HOST_ROLES, PARTY_ROLES, TOTP_ROLES, Role, RoleKind


@dataclass(frozen=True)
class Grant:
    process_id: int
    kind: RoleKind
    party_id: int | None
    party_code: str


@dataclass(frozen=True)
class Actor:
    user: User | None
    grants: tuple[Grant, ...] = field(default=())

    @classmethod
    def for_user(cls, user: User | AnonymousUser | None) -> "Actor":
        if user is None or not user.is_authenticated:
            return cls(user=None)
        roles = Role.objects.filter(user=user).select_related("party")
        grants = tuple(
            Grant(r.process_id, RoleKind(r.kind), r.party_id, r.party.code if r.party else "")
            for r in roles
        )
        return cls(user=user, grants=grants)

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
        return grant is not None and grant.kind in HOST_ROLES

    def party_in(self, process_id: int) -> int | None:
        grant = self.grant_in(process_id)
        return grant.party_id if grant is not None and grant.kind in PARTY_ROLES else None

    def party_code_in(self, process_id: int) -> str:
        grant = self.grant_in(process_id)
        return grant.party_code if grant is not None else ""

    def has_role(self, process_id: int, *kinds: RoleKind) -> bool:
        grant = self.grant_in(process_id)
        return grant is not None and grant.kind in kinds

    @property
    def process_ids(self) -> set[int]:
        return {g.process_id for g in self.grants}

    @property
    def host_process_ids(self) -> set[int]:
        return {g.process_id for g in self.grants if g.kind in HOST_ROLES}

    @property
    def party_process_ids(self) -> set[int]:
        return {g.process_id for g in self.grants if g.kind in PARTY_ROLES}

    @property
    def needs_totp(self) -> bool:
        if self.user is not None and self.user.is_superuser:
            return True
        return any(g.kind in TOTP_ROLES for g in self.grants)


def actor_of(request) -> Actor:
    """The request's actor, built once per request."""
    if not hasattr(request, "_parley_actor"):
        request._parley_actor = Actor.for_user(getattr(request, "user", None))
    return request._parley_actor
