from parley.core.models import AuditEvent
from parley.demo.scenario import DEMO_PROCESS_TITLE, load_demo
from parley.scheduling.models import ProgrammeVersion
from parley.talks.models import Level, Meeting, MeetingStatus, Process
from parley.talks.queries import readiness_reports


def _demo() -> Process:
    load_demo()
    return Process.objects.get(title=DEMO_PROCESS_TITLE)


def test_demo_senior_level_is_realistic(db):
    report = readiness_reports(process=_demo())["senior"]
    assert report.verdict == "realistic"
    assert [(g.gate, g.passed) for g in report.gates] == [
        ("ceasefire", True),
        ("key_items", True),
        ("preparation", True),
        ("intent", True),
    ]


def test_demo_leaders_level_is_not_yet_realistic_with_a_reason_per_gate(db):
    report = readiness_reports(process=_demo())["leader"]
    assert report.verdict == "not_yet_realistic"
    reasons = {g.gate: (g.passed, g.reason) for g in report.gates}
    assert reasons["ceasefire"][0] is False
    assert reasons["ceasefire"][1].startswith("Holding for 9 days (since ")
    assert reasons["ceasefire"][1].endswith("; 14 days needed.")
    assert reasons["key_items"][0] is False
    assert (
        "Line of contact and border delimitation: no negotiating text yet"
        not in (reasons["key_items"][1])
    )
    assert "Future political arrangements: no negotiating text yet" in reasons["key_items"][1]
    assert reasons["preparation"] == (
        False,
        "Territory and borders: a ministers' meeting not held yet"
        " · Humanitarian and security: a ministers' meeting not held yet",
    )
    assert reasons["intent"] == (
        False,
        "Not yet confirmed by the head of delegation of: Southland.",
    )


def test_demo_expert_round_is_published_and_marked_held(db):
    process = _demo()
    version = ProgrammeVersion.objects.get(process=process)
    experts = Meeting.objects.filter(process=process, level=Level.EXPERT)
    assert version.entries.count() == experts.count() == 4
    assert set(experts.values_list("status", flat=True)) == {MeetingStatus.HELD}
    assert AuditEvent.objects.filter(action="meeting.outcome").count() == 4


def test_demo_security_text_has_its_own_history(db):
    from parley.texts.models import NegotiatingText

    _demo()
    text = NegotiatingText.objects.get(item__number=7, item__process__title=DEMO_PROCESS_TITLE)
    assert list(text.versions.order_by("number").values_list("brackets", flat=True)) == [8, 6, 4]
