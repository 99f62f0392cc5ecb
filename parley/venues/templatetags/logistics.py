"""`{% logistics_nav process %}`: the venue and host services pages the actor may open."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from parley.hostservices import rules as service_rules
from parley.talks.models import Process

from .. import rules

register = template.Library()


@register.inclusion_tag("venues/_logistics_nav.html", takes_context=True)
def logistics_nav(context, process: Process) -> dict:
    actor = context["actor"]
    pages = [
        (rules.can_see_bookings, "venues:bookings", _("Room bookings")),
        (service_rules.can_see_services, "hostservices:requests", _("Host services")),
        (rules.can_see_badges, "venues:badges", _("Accreditation and badges")),
        (rules.can_check_in, "venues:check-in", _("Check-in at the door")),
    ]
    links = [
        (reverse(name, args=[process.pk]), label)
        for allowed, name, label in pages
        if allowed(actor, process)
    ]
    return {"links": links}
