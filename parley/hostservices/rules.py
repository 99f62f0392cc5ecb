"""Who may ask for, see and run host services.

A party sees its own requests only. Host services officers and the coordinator see every request
of the process, and nothing of its substance (that is the talks rule, unchanged here).
"""

import rules

from parley.core.actors import Actor
from parley.talks.rules import is_host_services, is_party_member

from .models import ServiceRequest

can_request_services = is_party_member
can_run_services = is_host_services
can_see_services = is_host_services | is_party_member


@rules.predicate
def can_see_request(actor: Actor, request: ServiceRequest) -> bool:
    process_id = request.process_id
    return is_host_services(actor, process_id) or actor.party_in(process_id) == request.party_id
