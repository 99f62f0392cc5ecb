from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "parley.venues"
    label = "venues"
    verbose_name = _("Venues")

    def ready(self) -> None:
        from parley.talks.pages import DashboardPanel, ProcessPage, offer_pages, offer_panels

        from . import rules, views

        offer_pages(
            ProcessPage("venues:bookings", _("Room bookings"), rules.can_see_bookings, 10),
            ProcessPage("venues:badges", _("Accreditation and badges"), rules.can_see_badges, 30),
            ProcessPage("venues:check-in", _("Check-in at the door"), rules.can_check_in, 40),
        )
        offer_panels(DashboardPanel("venues/_rooms_panel.html", views.rooms_panel))
