import pytest

from parley.core import actions, queries
from parley.core.errors import NotFound


def test_processes_with_substance_for_a_party_member(talks):
    actor = talks.actor("south_staff")
    assert list(queries.processes_with_substance(actor=actor)) == [talks.process]


def test_processes_with_substance_for_a_host_needs_every_share(talks):
    coordinator = talks.actor("coordinator")
    assert list(queries.processes_with_substance(actor=coordinator)) == []
    for head in ("north_head", "south_head"):
        actions.share_grant(actor=talks.actor(head), process=talks.process)
    assert list(queries.processes_with_substance(actor=coordinator)) == [talks.process]


def test_process_for_an_outsider_is_not_found_with_a_denial(talks, outsider):
    from parley.core.actors import Actor

    with pytest.raises(NotFound) as refused:
        queries.process_for(actor=Actor.for_user(outsider), pk=talks.process.pk)
    assert refused.value.denial.object_id == str(talks.process.pk)


def test_missing_process_is_not_found_without_a_denial(talks):
    with pytest.raises(NotFound) as refused:
        queries.process_for(actor=talks.actor("coordinator"), pk=10**6)
    assert refused.value.denial is None
