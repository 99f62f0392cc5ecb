from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo scenario and `parley demo`. Installed by the local and test settings only, so
    that production cannot load demo accounts by construction."""

    name = "parley.demo"
    label = "demo"
    verbose_name = _("Demo scenario")
