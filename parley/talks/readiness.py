"""Is a meeting at a level realistic yet? The readiness report, computed over plain data.

Four gates, each set per process and level by agreement of every party (defaults below):

- **ceasefire**: holding for at least N days. The process's status is the weakest of its
  parties' declarations: none < declared < holding, and among holding ones the latest start.
- **key items**: open brackets on every key agenda item at most a threshold. Linked items count:
  links tie items into packages, *both ways*, so an item is agreed only when every item it is
  linked to, directly or through others, is agreed ("nothing is agreed until everything linked
  is agreed"). A key item's count is the open brackets of its whole package, and an item of the
  package without a negotiating text yet keeps the gate shut.
- **preparation**: a meeting at the level below, marked held on the programme, on the track of
  every key item.
- **intent**: every party's head of delegation has confirmed intent for the level.

The verdict is realistic when every gate that applies passes. Parties read every gate's reason
and details; host staff read `host_view`: the verdict and each gate's pass or fail in words that
name no item, count or text.

No database here: `queries.readiness_facts` gathers the facts, this module judges them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import LEVEL_ORDER, READINESS_LEVELS, CeasefireStatus, Gate, Level, MeetingKind

REASON_SEPARATOR = " · "
REALISTIC = "realistic"
NOT_YET_REALISTIC = "not_yet_realistic"
GATE_ORDER = (Gate.CEASEFIRE, Gate.KEY_ITEMS, Gate.PREPARATION, Gate.INTENT)
STRENGTH = {CeasefireStatus.NONE: 0, CeasefireStatus.DECLARED: 1, CeasefireStatus.HOLDING: 2}


@dataclass(frozen=True)
class Setting:
    """How a gate applies: `required` off means not at all; `threshold` is days or brackets."""

    required: bool
    threshold: int | None = None


DEFAULTS: dict[str, dict[str, Setting]] = {
    Level.SENIOR: {
        Gate.CEASEFIRE: Setting(True, 0),
        Gate.KEY_ITEMS: Setting(False),  # any number of open brackets
        Gate.PREPARATION: Setting(True),
        Gate.INTENT: Setting(True),
    },
    Level.MINISTER: {
        Gate.CEASEFIRE: Setting(True, 7),
        Gate.KEY_ITEMS: Setting(True, 10),
        Gate.PREPARATION: Setting(True),
        Gate.INTENT: Setting(True),
    },
    Level.LEADER: {
        Gate.CEASEFIRE: Setting(True, 14),
        Gate.KEY_ITEMS: Setting(True, 0),
        Gate.PREPARATION: Setting(True),
        Gate.INTENT: Setting(True),
    },
}


@dataclass(frozen=True)
class PartyFacts:
    code: str
    name: str
    ceasefire: str = CeasefireStatus.NONE
    holding_since: dt.date | None = None
    reference: str = ""


@dataclass(frozen=True)
class ItemFacts:
    pk: int
    number: int
    title: str
    key: bool
    track_id: int | None
    has_text: bool
    brackets: int = 0
    paragraphs: int = 0  # paragraphs holding at least one open bracket
    category: str = ""


@dataclass(frozen=True)
class Facts:
    """Everything the gates look at, for one process on one day."""

    today: dt.date
    parties: tuple[PartyFacts, ...]
    items: tuple[ItemFacts, ...] = ()
    links: tuple[tuple[int, int], ...] = ()
    tracks: dict[int, str] = field(default_factory=dict)
    # (track id, level) -> titles of the meetings held there
    held: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)
    intents: dict[str, frozenset[str]] = field(default_factory=dict)  # level -> party codes
    overrides: dict[str, frozenset[str]] = field(default_factory=dict)  # level -> party codes
    settings: dict[tuple[str, str], Setting] = field(default_factory=dict)  # agreed ones

    def setting(self, level: str, gate: str) -> Setting:
        return self.settings.get((level, gate), DEFAULTS[level][gate])


@dataclass(frozen=True)
class GateResult:
    gate: str
    passed: bool
    setting: Setting
    reasons: tuple[str, ...]  # for the parties, in plain words
    host_reason: str  # for host staff: names no item, track, count or text
    details: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return REASON_SEPARATOR.join(self.reasons)


@dataclass(frozen=True)
class Report:
    level: str
    gates: tuple[GateResult, ...]
    overridden_by: tuple[str, ...]  # codes of the parties whose head overrode
    overridden: bool  # every party's head did

    @property
    def realistic(self) -> bool:
        return all(gate.passed for gate in self.gates)

    @property
    def verdict(self) -> str:
        return REALISTIC if self.realistic else NOT_YET_REALISTIC

    @property
    def allows_meeting(self) -> bool:
        """A meeting at this level may be published: realistic, or overridden by all."""
        return self.realistic or self.overridden

    def host_view(self) -> dict:
        """What host staff may read: exactly these keys, nothing behind them."""
        return {
            "level": self.level,
            "verdict": self.verdict,
            "overridden": self.overridden,
            "gates": [
                {"gate": g.gate, "passed": g.passed, "reason": g.host_reason} for g in self.gates
            ],
        }

    def party_view(self) -> dict:
        return {
            "level": self.level,
            "verdict": self.verdict,
            "overridden": self.overridden,
            "overridden_by": list(self.overridden_by),
            "gates": [
                {
                    "gate": g.gate,
                    "passed": g.passed,
                    "required": g.setting.required,
                    "threshold": g.setting.threshold,
                    "reason": g.reason,
                    "reasons": list(g.reasons),
                    "details": list(g.details),
                }
                for g in self.gates
            ],
        }


# Agreement of items: links tie items into packages, both ways.


@dataclass(frozen=True)
class Agreement:
    """An item's standing: agreed when its whole package has texts and no open bracket."""

    agreed: bool
    package: frozenset[int]  # the item and every item linked to it, directly or not
    distance: int  # open brackets left in the package
    missing_texts: int  # items of the package without a negotiating text yet


def packages(items: Iterable[ItemFacts], links: Iterable[tuple[int, int]]) -> dict[int, frozenset]:
    """Each item's package: the connected component of the links, read as undirected."""
    parent = {item.pk: item.pk for item in items}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for source, target in links:
        if source in parent and target in parent:
            parent[root(source)] = root(target)
    members: dict[int, set[int]] = {}
    for pk in parent:
        members.setdefault(root(pk), set()).add(pk)
    return {pk: frozenset(members[root(pk)]) for pk in parent}


def agreements(facts: Facts) -> dict[int, Agreement]:
    by_pk = {item.pk: item for item in facts.items}
    result = {}
    for pk, package in packages(facts.items, facts.links).items():
        distance = sum(by_pk[p].brackets for p in package)
        missing = sum(1 for p in package if not by_pk[p].has_text)
        result[pk] = Agreement(distance == 0 and missing == 0, package, distance, missing)
    return result


def ceasefire_of(parties: Iterable[PartyFacts]) -> tuple[str, dt.date | None]:
    """The process's ceasefire: the weakest of its parties' declarations."""
    parties = list(parties)
    if not parties:
        return CeasefireStatus.NONE, None
    weakest = min(STRENGTH[CeasefireStatus(p.ceasefire)] for p in parties)
    status = next(s for s, strength in STRENGTH.items() if strength == weakest)
    if status != CeasefireStatus.HOLDING:
        return status, None
    return status, max(p.holding_since for p in parties if p.holding_since is not None)


# The gates.


def _names(parties: Iterable[PartyFacts]) -> str:
    return ", ".join(p.name for p in parties)


HOST_NAMES = {
    Gate.CEASEFIRE: gettext_lazy("ceasefire"),
    Gate.KEY_ITEMS: gettext_lazy("key items"),
    Gate.PREPARATION: gettext_lazy("preparation"),
    Gate.INTENT: gettext_lazy("intent"),
}


def _not_required(gate: str, setting: Setting, details: tuple[str, ...] = ()) -> GateResult:
    return GateResult(
        gate,
        True,
        setting,
        (_("Not required at this level."),),
        _("%(gate)s: not required at this level") % {"gate": HOST_NAMES[gate]},
        details,
    )


def _ceasefire_line(party: PartyFacts) -> str:
    if party.ceasefire == CeasefireStatus.HOLDING:
        line = _("%(party)s: holding since %(date)s") % {
            "party": party.name,
            "date": party.holding_since.isoformat(),
        }
    elif party.ceasefire == CeasefireStatus.DECLARED:
        line = _("%(party)s: declared, not yet holding") % {"party": party.name}
    else:
        line = _("%(party)s: no ceasefire") % {"party": party.name}
    return f"{line} — {party.reference}" if party.reference else line


def ceasefire_gate(facts: Facts, level: str) -> GateResult:
    setting = facts.setting(level, Gate.CEASEFIRE)
    details = tuple(_ceasefire_line(p) for p in facts.parties)
    if not setting.required:
        return _not_required(Gate.CEASEFIRE, setting, details)
    needed = setting.threshold or 0
    status, since = ceasefire_of(facts.parties)
    if status == CeasefireStatus.NONE:
        passed = False
        reason = _("No ceasefire: %(parties)s declare none; %(days)s needed.") % {
            "parties": _names(p for p in facts.parties if p.ceasefire == CeasefireStatus.NONE),
            "days": _days(needed),
        }
    elif status == CeasefireStatus.DECLARED:
        passed = False
        reason = _("Declared but not yet holding for %(parties)s; %(days)s needed.") % {
            "parties": _names(p for p in facts.parties if p.ceasefire == CeasefireStatus.DECLARED),
            "days": _days(needed),
        }
    else:
        held = max(0, (facts.today - since).days)
        passed = held >= needed
        words = {"held": _days(held), "date": since.isoformat(), "days": _days(needed)}
        if needed:
            reason = _("Holding for %(held)s (since %(date)s); %(days)s needed.") % words
        else:
            reason = _("Holding for %(held)s (since %(date)s); it needs only to hold.") % words
    host_reason = (
        _("ceasefire: holding for long enough")
        if passed
        else _("ceasefire: not holding for long enough")
    )
    return GateResult(Gate.CEASEFIRE, passed, setting, (reason,), host_reason, details)


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _brackets_on(brackets: int, paragraphs: int) -> str:
    opened = ngettext("%(n)d bracket open", "%(n)d brackets open", brackets) % {"n": brackets}
    if not brackets:
        return opened
    where = ngettext("%(n)d paragraph", "%(n)d paragraphs", paragraphs) % {"n": paragraphs}
    return _("%(opened)s on %(where)s") % {"opened": opened, "where": where}


def _package_line(item: ItemFacts, package: list[ItemFacts], threshold: int | None) -> str:
    """ "Territorial: 14 brackets open on 3 paragraphs; linked items: 2 more brackets open;
    threshold 0": the item's own count first, then what its links add."""
    linked = [p for p in package if p.pk != item.pk]
    if item.has_text:
        line = f"{item.title}: {_brackets_on(item.brackets, item.paragraphs)}"
    else:
        line = _("%(item)s: no negotiating text yet") % {"item": item.title}
    more = sum(p.brackets for p in linked)
    textless = sum(1 for p in linked if not p.has_text)
    added = []
    if more:
        added.append(
            ngettext("%(n)d more bracket open", "%(n)d more brackets open", more) % {"n": more}
        )
    if textless:
        added.append(
            ngettext("%(n)d without a text yet", "%(n)d without a text yet", textless)
            % {"n": textless}
        )
    if added:
        line += "; " + _("linked items: %(added)s") % {"added": ", ".join(added)}
    if threshold is not None:
        line += "; " + _("threshold %(n)d") % {"n": threshold}
    return line


def _linked_line(item: ItemFacts, package: list[ItemFacts]) -> str | None:
    linked = [p for p in package if p.pk != item.pk]
    if not linked:
        return None
    standing = [
        f"{p.number}. {p.title} ("
        + (
            ngettext("%(n)d bracket", "%(n)d brackets", p.brackets) % {"n": p.brackets}
            if p.has_text
            else _("no text yet")
        )
        + ")"
        for p in linked
    ]
    return _("%(item)s is linked to: %(linked)s") % {
        "item": item.title,
        "linked": "; ".join(standing),
    }


def key_items_gate(facts: Facts, level: str) -> GateResult:
    setting = facts.setting(level, Gate.KEY_ITEMS)
    by_pk = {item.pk: item for item in facts.items}
    agreement = agreements(facts)
    threshold = setting.threshold if setting.required else None
    lines, failing = [], []
    for item in (i for i in facts.items if i.key):
        package = sorted((by_pk[p] for p in agreement[item.pk].package), key=lambda i: i.number)
        line = _package_line(item, package, threshold)
        lines.append(line)
        if (linked := _linked_line(item, package)) is not None:
            lines.append(linked)
        if threshold is not None and (
            agreement[item.pk].missing_texts or agreement[item.pk].distance > threshold
        ):
            failing.append(line)
    if not setting.required:
        return _not_required(Gate.KEY_ITEMS, setting, tuple(lines))
    if failing:
        reasons = tuple(failing)
    elif lines:
        reasons = (
            _("Every key item is within the threshold of %(n)d open brackets.") % {"n": threshold},
        )
    else:
        reasons = (_("No agenda item is marked key."),)
    host_reason = (
        _("key items: not agreed") if failing else _("key items: within the agreed threshold")
    )
    details = tuple(line for line in lines if line not in failing)  # the reason has the rest
    return GateResult(Gate.KEY_ITEMS, not failing, setting, reasons, host_reason, details)


BELOW = {
    Level.EXPERT: gettext_lazy("an expert-level meeting"),
    Level.SENIOR: gettext_lazy("a senior officials' meeting"),
    Level.MINISTER: gettext_lazy("a ministers' meeting"),
}


def level_below(level: str) -> str:
    return LEVEL_ORDER[LEVEL_ORDER.index(Level(level)) - 1]


def preparation_gate(facts: Facts, level: str) -> GateResult:
    setting = facts.setting(level, Gate.PREPARATION)
    below = level_below(level)
    key_items = [i for i in facts.items if i.key]
    lines, failing = [], []
    for item in key_items:
        if item.track_id is None:
            line = _("%(item)s: on no track, so no meeting can prepare it") % {"item": item.title}
            lines.append(line)
            failing.append(line)
    # The tracks in the order of their first key item on the agenda.
    for track_id in dict.fromkeys(i.track_id for i in key_items if i.track_id is not None):
        track = facts.tracks.get(track_id, "?")
        held = facts.held.get((track_id, below), ())
        if held:
            lines.append(
                _("%(track)s: held — %(meetings)s") % {"track": track, "meetings": "; ".join(held)}
            )
        else:
            line = _("%(track)s: %(meeting)s not held yet") % {
                "track": track,
                "meeting": str(BELOW[below]),
            }
            lines.append(line)
            failing.append(line)
    if not setting.required:
        return _not_required(Gate.PREPARATION, setting, tuple(lines))
    if failing:
        reasons = tuple(failing)
    elif key_items:
        reasons = (_("Held at the level below on every key item's track."),)
    else:
        reasons = (_("No agenda item is marked key: nothing to prepare."),)
    host_reason = (
        _("preparation: not held on every key item's track")
        if failing
        else _("preparation: held on every key item's track")
    )
    details = tuple(line for line in lines if line not in failing)  # the reason has the rest
    return GateResult(Gate.PREPARATION, not failing, setting, reasons, host_reason, details)


def intent_gate(facts: Facts, level: str) -> GateResult:
    setting = facts.setting(level, Gate.INTENT)
    confirmed = facts.intents.get(level, frozenset())
    details = tuple(
        (_("%(party)s: confirmed") if p.code in confirmed else _("%(party)s: not confirmed"))
        % {"party": p.name}
        for p in facts.parties
    )
    if not setting.required:
        return _not_required(Gate.INTENT, setting, details)
    missing = [p for p in facts.parties if p.code not in confirmed]
    passed = bool(facts.parties) and not missing
    reason = (
        _("Every party's head of delegation has confirmed intent for this level.")
        if passed
        else _("Not yet confirmed by the head of delegation of: %(parties)s.")
        % {"parties": _names(missing) or _("any party")}
    )
    host_reason = (
        _("intent: confirmed by every party")
        if passed
        else _("intent: not confirmed by every party")
    )
    return GateResult(Gate.INTENT, passed, setting, (reason,), host_reason, details)


GATES = {
    Gate.CEASEFIRE: ceasefire_gate,
    Gate.KEY_ITEMS: key_items_gate,
    Gate.PREPARATION: preparation_gate,
    Gate.INTENT: intent_gate,
}


def is_gated(level: str, kind: str) -> bool:
    """Whether a meeting waits for its level's report: talks between parties at a readiness
    level do; expert groups and a party's own caucus do not."""
    return level in READINESS_LEVELS and kind != MeetingKind.CAUCUS


def report(facts: Facts, level: str) -> Report:
    if level not in READINESS_LEVELS:
        raise ValueError(f"no readiness report for the level {level!r}")
    overriders = facts.overrides.get(level, frozenset())
    codes = [p.code for p in facts.parties]
    return Report(
        level=Level(level).value,
        gates=tuple(GATES[gate](facts, level) for gate in GATE_ORDER),
        overridden_by=tuple(code for code in codes if code in overriders),
        overridden=bool(codes) and all(code in overriders for code in codes),
    )
