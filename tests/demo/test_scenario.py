"""The demo scenario: built through the actions, so that the audit chain tells its story; the
same after a second load; a sign-in for every role."""

from django.core.management import call_command

from parley.core import audit
from parley.core.models import AuditEvent
from parley.demo.scenario import DEMO_PROCESS_TITLE, load_demo
from parley.talks.models import AgendaItem, Level, Meeting, Member, Process, Role, RoleKind
from parley.venues.models import Room


def test_demo_loads_once_and_twice_the_same(db):
    load_demo()
    counts = (
        Process.objects.count(),
        Meeting.objects.count(),
        Room.objects.count(),
        Member.objects.count(),
        AuditEvent.objects.count(),
    )
    load_demo()
    assert (
        Process.objects.count(),
        Meeting.objects.count(),
        Room.objects.count(),
        Member.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_demo_has_a_sign_in_for_every_role(db):
    sign_ins = load_demo()
    assert {s.role for s in sign_ins} == {kind.label for kind in RoleKind}
    assert Role.objects.count() == len(sign_ins) == 9


def test_demo_agenda_marks_territorial_key_and_linked_to_historical(db):
    load_demo()
    process = Process.objects.get(title=DEMO_PROCESS_TITLE)
    assert AgendaItem.objects.filter(process=process).values("category").distinct().count() >= 7
    territorial = AgendaItem.objects.get(process=process, category="territorial")
    assert territorial.key
    assert "historical" in {link.target.category for link in territorial.links_out.all()}


def test_demo_delegations_have_all_four_levels_and_meetings_in_preparation_order(db):
    load_demo()
    process = Process.objects.get(title=DEMO_PROCESS_TITLE)
    for delegation in process.delegations.all():
        assert set(delegation.members.values_list("level", flat=True)) == set(Level.values)
    assert set(process.meetings.values_list("level", flat=True)) == set(Level.values)
    leaders = process.meetings.get(level=Level.LEADER)
    chain = [leaders.level]
    meeting = leaders
    while meeting.requires.exists():
        meeting = meeting.requires.first().before
        chain.append(meeting.level)
    assert chain == ["leader", "minister", "senior", "expert"]


def test_demo_offices_are_in_separate_zones(db):
    load_demo()
    zones = Room.objects.filter(kind="office").values_list("assigned_party__code", "zone")
    assert sorted(zones) == [("north", "north"), ("south", "south")]


def test_demo_command_without_serving_prints_the_sign_ins(db, capsys):
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "north-head" in out
    assert "coordinator" in out


def test_demo_key_item_carries_a_bracketed_draft_tabled_by_northland(db):
    from parley.texts.models import NegotiatingText

    load_demo()
    load_demo()
    text = NegotiatingText.objects.get(item__category="territorial")
    assert text.versions.get(number=1).party.code == "north"
    # Its history converges, with a bump: Southland's insertion opens a bracket.
    assert list(text.versions.order_by("number").values_list("brackets", flat=True)) == [
        12,
        13,
        11,
        9,
        8,
    ]
    assert (text.current_number, text.open_brackets) == (5, 8)


def test_the_demo_is_built_through_the_actions_and_its_chain_holds(db):
    load_demo()
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", "actor"))
    assert actions[:4] == [
        ("venue.add", "coordinator"),
        ("process.open", "coordinator"),
        ("role.grant", "coordinator"),
        ("role.grant", "coordinator"),
    ]
    told = {action for action, _actor in actions}
    assert {
        "party.join",
        "role.grant",
        "room.add",
        "room.open",
        "member.add",
        "track.add",
        "agenda_item.add",
        "agenda_link.add",
        "meeting.request",
        "text.import",
        "proposal.table",
        "service_request.create",
        "accreditation.issue",
    } <= told
    assert ("role.grant", "north-head") in actions  # a head grants its own party's roles
    assert audit.verify().intact
