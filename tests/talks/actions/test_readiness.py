"""The facts behind readiness: ceasefire declarations, intent, overrides and gate settings,
set by heads of delegation and audited."""

import datetime as dt

import pytest

from parley.core.errors import Conflict, NotFound
from parley.core.models import AuditEvent
from parley.talks import actions, queries
from parley.talks.models import (
    CeasefireDeclaration,
    GateSetting,
    ReadinessOverride,
)
from parley.talks.readiness import Setting

from ...factories import (
    PartyFactory,
)

# Readiness: ceasefire declarations, intent, overrides, gate settings


def _declare(talks, who, status="holding", days=20, reference=""):
    since = queries.venue_today(talks.process) - dt.timedelta(days=days)
    return actions.ceasefire_declare(
        actor=talks.actor(who),
        process=talks.process,
        status=status,
        holding_since=since if status == "holding" else None,
        reference=reference,
    )


def test_a_head_declares_the_ceasefire_for_their_party_and_it_is_audited(talks):
    declaration = _declare(talks, "north_head", days=3, reference="Statement of 1 May")
    assert (declaration.party, declaration.status, declaration.reference) == (
        talks.north,
        "holding",
        "Statement of 1 May",
    )
    assert list(AuditEvent.objects.values_list("action", "party", "object_type")) == [
        ("ceasefire.declare", "north", "talks.ceasefiredeclaration")
    ]


@pytest.mark.parametrize("who", ["north_negotiator", "north_staff", "coordinator", "protocol"])
def test_only_a_head_of_delegation_declares_the_ceasefire(talks, who):
    with pytest.raises(NotFound):
        _declare(talks, who)
    assert CeasefireDeclaration.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", "decision")) == []


@pytest.mark.parametrize(
    ("status", "since"),
    [
        ("holding", None),
        ("declared", dt.date(2026, 1, 1)),
        ("none", dt.date(2026, 1, 1)),
        ("x", None),
    ],
)
def test_a_declaration_that_does_not_add_up_is_refused_and_nothing_written(talks, status, since):
    with pytest.raises(Conflict):
        actions.ceasefire_declare(
            actor=talks.actor("south_head"),
            process=talks.process,
            status=status,
            holding_since=since,
        )
    assert (CeasefireDeclaration.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_ceasefire_cannot_hold_since_tomorrow(talks):
    with pytest.raises(Conflict):
        _declare(talks, "south_head", days=-1)


def test_every_declaration_stays_in_the_history(talks):
    _declare(talks, "north_head", days=5)
    _declare(talks, "north_head", status="none")
    assert list(
        CeasefireDeclaration.objects.order_by("declared_at", "pk").values_list("status", flat=True)
    ) == ["holding", "none"]
    assert queries.latest_declarations(process=talks.process)[talks.north.pk].status == "none"


def test_a_new_declaration_changes_the_report_at_once(talks):
    _declare(talks, "north_head", days=30)
    _declare(talks, "south_head", days=30)
    ceasefire = _report(talks, "leader").gates[0]
    assert ceasefire.passed
    _declare(talks, "south_head", status="declared")
    ceasefire = _report(talks, "leader").gates[0]
    assert (ceasefire.passed, ceasefire.reason) == (
        False,
        "Declared but not yet holding for Southland; 14 days needed.",
    )


def _report(talks, level, who="north_head"):
    _process, report, _full = queries.readiness_for(
        actor=talks.actor(who), process_pk=talks.process.pk, level=level
    )
    return report


def test_intent_is_confirmed_by_each_head_and_taken_back(talks):
    actions.intent_set(
        actor=talks.actor("north_head"), process=talks.process, level="leader", confirmed=True
    )
    assert _report(talks, "leader").gates[3].reason == (
        "Not yet confirmed by the head of delegation of: Southland."
    )
    actions.intent_set(
        actor=talks.actor("south_head"), process=talks.process, level="leader", confirmed=True
    )
    assert _report(talks, "leader").gates[3].passed
    actions.intent_set(
        actor=talks.actor("south_head"), process=talks.process, level="leader", confirmed=False
    )
    assert not _report(talks, "leader").gates[3].passed
    assert list(
        AuditEvent.objects.filter(action="readiness.intent").values_list("party", "detail")
    ) == [
        ("north", {"level": "leader", "confirmed": True}),
        ("south", {"level": "leader", "confirmed": True}),
        ("south", {"level": "leader", "confirmed": False}),
    ]


def test_confirming_intent_twice_is_a_conflict(talks):
    actions.intent_set(
        actor=talks.actor("north_head"), process=talks.process, level="senior", confirmed=True
    )
    with pytest.raises(Conflict):
        actions.intent_set(
            actor=talks.actor("north_head"), process=talks.process, level="senior", confirmed=True
        )


@pytest.mark.parametrize("level", ["expert", "emperor", ""])
def test_intent_is_for_a_readiness_level(talks, level):
    with pytest.raises(Conflict):
        actions.intent_set(
            actor=talks.actor("north_head"), process=talks.process, level=level, confirmed=True
        )


def test_a_negotiator_cannot_confirm_intent(talks):
    with pytest.raises(NotFound):
        actions.intent_set(
            actor=talks.actor("north_negotiator"),
            process=talks.process,
            level="leader",
            confirmed=True,
        )


def test_the_override_takes_every_partys_head_and_each_is_audited(talks):
    actions.override_set(
        actor=talks.actor("north_head"), process=talks.process, level="leader", overriding=True
    )
    assert _report(talks, "leader").overridden is False
    assert _report(talks, "leader").overridden_by == ("north",)
    actions.override_set(
        actor=talks.actor("south_head"), process=talks.process, level="leader", overriding=True
    )
    assert _report(talks, "leader").overridden is True
    assert list(
        AuditEvent.objects.filter(action="readiness.override").values_list(
            "actor", "party", "detail"
        )
    ) == [
        ("north-head", "north", {"level": "leader", "overriding": True}),
        ("south-head", "south", {"level": "leader", "overriding": True}),
    ]


@pytest.mark.parametrize("who", ["south_negotiator", "coordinator", "protocol", "services"])
def test_nobody_but_a_head_overrides(talks, who):
    with pytest.raises(NotFound):
        actions.override_set(
            actor=talks.actor(who), process=talks.process, level="leader", overriding=True
        )
    assert ReadinessOverride.objects.count() == 0


def test_an_override_of_a_party_that_left_stands_for_nobody(talks):
    for head in ("north_head", "south_head"):
        actions.override_set(
            actor=talks.actor(head), process=talks.process, level="leader", overriding=True
        )
    newcomer = PartyFactory(name="Eastland")
    actions.party_join(actor=talks.actor("coordinator"), process=talks.process, party=newcomer)
    assert _report(talks, "leader").overridden is False


def test_a_gate_setting_takes_effect_when_every_party_accepts(talks):
    setting = actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="leader",
        gate="ceasefire",
        required=True,
        threshold=30,
    )
    assert setting.status == "proposed"
    assert queries.readiness_facts(process=talks.process).setting("leader", "ceasefire") == Setting(
        True, 14
    )
    actions.gate_accept(actor=talks.actor("south_head"), setting=setting)
    setting.refresh_from_db()
    assert setting.status == "agreed"
    assert queries.readiness_facts(process=talks.process).setting("leader", "ceasefire") == Setting(
        True, 30
    )
    assert list(AuditEvent.objects.values_list("action", "party")) == [
        ("readiness.gate.propose", "north"),
        ("readiness.gate.accept", "south"),
        ("readiness.gate.agree", "south"),
    ]


def test_a_gate_proposal_withdrawn_changes_nothing(talks):
    setting = actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="senior",
        gate="intent",
        required=False,
    )
    actions.gate_withdraw(actor=talks.actor("south_head"), setting=setting)
    with pytest.raises(Conflict):
        actions.gate_accept(actor=talks.actor("south_head"), setting=setting)
    assert queries.readiness_facts(process=talks.process).setting("senior", "intent") == Setting(
        True
    )


@pytest.mark.parametrize(
    ("gate", "required", "threshold"),
    [
        ("ceasefire", True, None),
        ("key_items", True, -1),
        ("nothing", True, 1),
        ("ceasefire", True, 14),
    ],
)
def test_a_gate_proposal_that_cannot_apply_is_refused(talks, gate, required, threshold):
    with pytest.raises(Conflict):
        actions.gate_propose(
            actor=talks.actor("north_head"),
            process=talks.process,
            level="leader",
            gate=gate,
            required=required,
            threshold=threshold,
        )
    assert GateSetting.objects.count() == 0


def test_one_open_proposal_per_gate_and_level(talks):
    actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="leader",
        gate="ceasefire",
        required=True,
        threshold=21,
    )
    with pytest.raises(Conflict):
        actions.gate_propose(
            actor=talks.actor("south_head"),
            process=talks.process,
            level="leader",
            gate="ceasefire",
            required=True,
            threshold=7,
        )


def test_the_host_cannot_accept_a_gate_setting(talks):
    setting = actions.gate_propose(
        actor=talks.actor("north_head"),
        process=talks.process,
        level="leader",
        gate="preparation",
        required=False,
    )
    with pytest.raises(NotFound):
        actions.gate_accept(actor=talks.actor("coordinator"), setting=setting)
    setting.refresh_from_db()
    assert setting.status == "proposed"
