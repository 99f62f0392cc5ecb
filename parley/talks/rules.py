"""Who may declare, confirm, override and read readiness in a process.

The facts behind readiness are the parties' own word: only a party's head of delegation speaks
for it. Every role of the process reads the report; host staff read it reduced to pass or fail.
"""

from parley.core.rules import has_any_role, is_head_of_delegation, is_party_member

can_declare_ceasefire = is_head_of_delegation
can_confirm_intent = is_head_of_delegation
can_override_readiness = is_head_of_delegation
can_set_gates = is_head_of_delegation
can_read_readiness = has_any_role
can_read_full_readiness = is_party_member
