"""Who may plan, publish and read the programme and its calendars.

The programme is logistics: every role of a process reads it. Planning and publishing belong to
the host coordinator and protocol officers. A delegation's (or a member's) calendar is for that
party and the host; a room's calendar for everyone in the process.
"""

import rules

from parley.core.actors import Actor
from parley.talks.models import Delegation
from parley.talks.rules import can_plan_logistics, can_see_logistics, is_host

can_plan = can_plan_logistics
can_read_programme = can_see_logistics


@rules.predicate
def can_see_delegation_calendar(actor: Actor, delegation: Delegation) -> bool:
    process_id = delegation.process_id
    return is_host(actor, process_id) or actor.party_in(process_id) == delegation.party_id


@rules.predicate
def can_mark_unavailable(actor: Actor, delegation: Delegation) -> bool:
    """Planners, and the member's own party, may say when a member cannot attend."""
    process_id = delegation.process_id
    return can_plan(actor, process_id) or actor.party_in(process_id) == delegation.party_id
