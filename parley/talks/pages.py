"""What every page of a process shares, whichever app draws it: the venue's time zone, and the
navigation and dashboard panels the apps above offer.

This is the talks app's because every page of a process needs the process and its venue, and
every app that draws one (venues, host services, texts, scheduling) sits on talks. The apps
offer their pages and panels here from their AppConfig.ready(); talks names none of them, so no
import runs upward.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from parley.core.actors import Actor

from .models import Process

# Times are typed in the venue's zone: bind forms under `in_venue_zone` so that they arrive aware.
LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def in_venue_zone(process: Process):
    """The venue's zone as the active one: what is shown or typed is the venue's local time."""
    return timezone.override(process.venue.tzinfo)


def render_in_venue_zone(
    request: HttpRequest, process: Process, template: str, context: dict, status: int = 200
) -> HttpResponse:
    """Renders with the venue's time zone active, so that every time shows as the venue's."""
    context = {"process": process, "venue_tz": process.venue.time_zone, **context}
    with in_venue_zone(process):
        return render(request, template, context, status=status)


@dataclass(frozen=True)
class ProcessPage:
    """A page of a process an app offers in the process's navigation, to whom `allowed` says."""

    url_name: str
    label: str | Promise
    allowed: Callable[[Actor, Process], bool]
    position: int  # where the link stands among the others, lowest first


@dataclass(frozen=True)
class DashboardPanel:
    """A card an app adds to a process's dashboard: `context` gives what the template shows, or
    None for an actor who is not to see the card."""

    template: str
    context: Callable[[Actor, Process], dict | None]


_pages: list[ProcessPage] = []
_panels: list[DashboardPanel] = []


def offer_pages(*pages: ProcessPage) -> None:
    _pages.extend(page for page in pages if page not in _pages)
    _pages.sort(key=lambda page: page.position)


def offer_panels(*panels: DashboardPanel) -> None:
    _panels.extend(panel for panel in panels if panel not in _panels)


def pages_for(actor: Actor, process: Process) -> list[tuple[str, str | Promise]]:
    """The (address, label) of every offered page the actor may open."""
    return [
        (reverse(page.url_name, args=[process.pk]), page.label)
        for page in _pages
        if page.allowed(actor, process)
    ]


def panels_for(actor: Actor, process: Process) -> list[tuple[str, dict]]:
    shown = [(panel.template, panel.context(actor, process)) for panel in _panels]
    return [(template, context) for template, context in shown if context is not None]
