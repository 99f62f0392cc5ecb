"""Who may do what with a negotiating text. Everything not granted here is denied.

Reading the joint text follows the neutrality rule (`can_see_substance`). Writing it is the
parties' business: heads of delegation and negotiators speak for their party; delegation staff
read and keep their party's notes. A draft proposal and a note belong to one party alone.

For a proposal there are two questions, asked in this order by the actions: may this actor act
on it at all (`may_*`: if not, the refusal is the NotFound of a missing proposal), and is it open
to that act now (`open_to_*`, `is_stale`: if not, a Conflict says why). `can_*` is both at once:
what the pages show as buttons.
"""

import rules

from parley.core.actors import Actor
from parley.talks.rules import can_see_substance, is_party_member, speaks_for_party

from .models import Proposal, ProposalStatus

can_read_text = can_see_substance
can_keep_notes = is_party_member
# Speaks for a party of the process: tables, accepts and withdraws its proposals.
can_negotiate = speaks_for_party


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


# May the actor act on the proposal at all?


@rules.predicate
def may_table(actor: Actor, proposal: Proposal) -> bool:
    """Its own party's negotiators table it, and withdraw it."""
    return is_own(actor, proposal) and bool(can_negotiate(actor, _process_id(proposal)))


may_withdraw = may_table


@rules.predicate
def may_accept(actor: Actor, proposal: Proposal) -> bool:
    """Any party's negotiator."""
    return bool(can_negotiate(actor, _process_id(proposal)))


# Is the proposal open to the act now?


def is_stale(proposal: Proposal) -> bool:
    """It amends a version that is no longer the text's current one."""
    return proposal.base.number != proposal.text.current_number


def open_to_table(proposal: Proposal) -> bool:
    return proposal.status == ProposalStatus.DRAFT


def open_to_accept(proposal: Proposal) -> bool:
    return proposal.status == ProposalStatus.TABLED


def is_open(proposal: Proposal) -> bool:
    """Still a draft or tabled: neither applied nor withdrawn."""
    return proposal.status in (ProposalStatus.DRAFT, ProposalStatus.TABLED)


open_to_withdraw = is_open


def has_accepted(actor: Actor, proposal: Proposal) -> bool:
    """The actor's party has already accepted it (reads prefetched acceptances when there are)."""
    party_id = actor.party_in(_process_id(proposal))
    return any(a.party_id == party_id for a in proposal.acceptances.all())


# Both: what the pages offer.


def can_table(actor: Actor, proposal: Proposal) -> bool:
    return may_table(actor, proposal) and open_to_table(proposal) and not is_stale(proposal)


def can_accept(actor: Actor, proposal: Proposal) -> bool:
    return (
        may_accept(actor, proposal)
        and open_to_accept(proposal)
        and not is_stale(proposal)
        and not has_accepted(actor, proposal)
    )


def can_withdraw(actor: Actor, proposal: Proposal) -> bool:
    return may_withdraw(actor, proposal) and open_to_withdraw(proposal)
