"""Who may do what at the venue. Bookings are logistics; a badge is its party's and protocol's."""

import rules

from parley.core.actors import Actor
from parley.talks.rules import (
    can_plan_logistics,
    can_see_logistics,
    is_host_protocol,
    is_party_member,
)

from .models import Accreditation

can_see_bookings = can_see_logistics
can_book = can_plan_logistics
can_fit_out = can_plan_logistics
can_accredit = is_host_protocol
can_check_in = is_host_protocol
can_see_badges = is_host_protocol | is_party_member


@rules.predicate
def can_see_accreditation(actor: Actor, accreditation: Accreditation) -> bool:
    """Protocol sees every badge of the process; a party sees its own members' badges only."""
    process_id = accreditation.process_id
    if is_host_protocol(actor, process_id):
        return True
    return (
        accreditation.party_id is not None and actor.party_in(process_id) == accreditation.party_id
    )
