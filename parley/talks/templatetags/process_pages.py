"""`{% process_pages process %}`: the pages of the process the apps offer and the actor may open;
`{% dashboard_panels process %}`: the cards they add to its dashboard (see talks.pages)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ..models import Process
from ..pages import pages_for, panels_for

register = template.Library()


@register.inclusion_tag("talks/_process_pages.html", takes_context=True)
def process_pages(context, process: Process) -> dict:
    return {"links": pages_for(context["actor"], process)}


@register.simple_tag(takes_context=True)
def dashboard_panels(context, process: Process) -> SafeString:
    request = context.get("request")
    cards = [
        render_to_string(template_name, {"process": process, **panel}, request=request)
        for template_name, panel in panels_for(context["actor"], process)
    ]
    return SafeString("".join(cards))
