"""Writes of the talks, by sub-domain: setting up (venues, parties, processes), roles and
consent, delegations and the agenda, meetings, and the facts behind readiness.

Each action re-reads what it changes through `queries` (NotFound for what the actor may not see),
checks `rules` (a refusal is the same NotFound, audited), runs in one durable transaction and
records its audit event inside it. A bad request is a Conflict that says what is wrong; nothing
is written then.
"""

from .agenda import (
    agenda_item_add,
    agenda_link_add,
    member_add,
    position_save,
    track_add,
)
from .meetings import (
    meeting_request,
)
from .readiness import (
    ceasefire_declare,
    gate_accept,
    gate_propose,
    gate_withdraw,
    intent_set,
    override_set,
    require_realistic_or_overridden,
)
from .roles import (
    role_grant,
    role_revoke,
    share_grant,
    share_revoke,
)
from .setup import (
    party_join,
    party_leave,
    party_register,
    process_open,
    venue_add,
)

__all__ = [
    "agenda_item_add",
    "agenda_link_add",
    "ceasefire_declare",
    "gate_accept",
    "gate_propose",
    "gate_withdraw",
    "intent_set",
    "meeting_request",
    "member_add",
    "override_set",
    "party_join",
    "party_leave",
    "party_register",
    "position_save",
    "process_open",
    "require_realistic_or_overridden",
    "role_grant",
    "role_revoke",
    "share_grant",
    "share_revoke",
    "track_add",
    "venue_add",
]
