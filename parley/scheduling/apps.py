from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "parley.scheduling"
    label = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self) -> None:
        from parley.talks.pages import ProcessPage, offer_pages

        from . import (
            receivers,  # noqa: F401 — connects the signal receivers
            rules,
        )

        label = _("Programme, calendars and print")
        offer_pages(ProcessPage("scheduling:programme", label, rules.can_read_programme, 50))
