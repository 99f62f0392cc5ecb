from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostservicesConfig(AppConfig):
    name = "parley.hostservices"
    label = "hostservices"
    verbose_name = _("Host services")

    def ready(self) -> None:
        from parley.talks.pages import ProcessPage, offer_pages

        from . import rules

        offer_pages(
            ProcessPage("hostservices:requests", _("Host services"), rules.can_see_services, 20)
        )
