"""Who may do what with a negotiating text. Everything not granted here is denied.

Reading the joint text follows the neutrality rule (`can_see_substance`). Writing it is the
parties' business: heads of delegation and negotiators speak for their party; delegation staff
read and keep their party's notes. A draft proposal and a note belong to one party alone.
"""

import rules

from parley.core.actors import Actor
from parley.core.models import RoleKind
from parley.core.rules import can_see_substance, is_party_member

from .models import Proposal

can_read_text = can_see_substance
can_keep_notes = is_party_member


@rules.predicate
def can_negotiate(actor: Actor, process) -> bool:
    """Speaks for a party of the process: tables, accepts and withdraws its proposals."""
    process_id = process if isinstance(process, int) else process.pk
    return actor.has_role(process_id, RoleKind.HEAD_OF_DELEGATION, RoleKind.NEGOTIATOR)


def _process_id(proposal: Proposal) -> int:
    return proposal.text.item.process_id


def is_own(actor: Actor, proposal: Proposal) -> bool:
    return actor.party_in(_process_id(proposal)) == proposal.party_id


def can_see_proposal(actor: Actor, proposal: Proposal) -> bool:
    """A proposal that was ever tabled is joint substance; one that never was (a draft, or a
    draft withdrawn before tabling) is its own party's only, never another's, never the host's."""
    if not proposal.was_tabled:
        return is_own(actor, proposal)
    return bool(can_read_text(actor, _process_id(proposal)))


def can_table(actor: Actor, proposal: Proposal) -> bool:
    return is_own(actor, proposal) and bool(can_negotiate(actor, _process_id(proposal)))


can_withdraw = can_table


def can_accept(actor: Actor, proposal: Proposal) -> bool:
    """Any party's negotiator; whether there is anything to accept is the action's to say."""
    return bool(can_negotiate(actor, _process_id(proposal)))
