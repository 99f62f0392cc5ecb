from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostservicesConfig(AppConfig):
    name = "parley.hostservices"
    label = "hostservices"
    verbose_name = _("Host services")
