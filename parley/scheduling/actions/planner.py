"""The check every planning action starts with: may this actor plan this process?"""

from parley.core.actors import Actor
from parley.talks.models import Process

from ..queries import planning_process_for


def process_to_plan(actor: Actor | None, process: Process, action: str) -> Process:
    """The process when the actor may plan it, else the NotFound of a missing one (audited).

    The operator at the console (`actor=None`) plans every process.
    """
    if actor is None:
        return Process.objects.select_related("venue").get(pk=process.pk)
    return planning_process_for(actor=actor, pk=process.pk, action=action)
