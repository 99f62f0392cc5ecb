"""The admin serves logistics only: no model that holds substance is registered."""

from django.contrib import admin

SUBSTANCE_APPS_AND_MODELS = {
    ("talks", "agendaitem"),
    ("talks", "agendalink"),
    ("talks", "position"),
}


def test_admin_registers_no_substance():
    registered = {(m._meta.app_label, m._meta.model_name) for m in admin.site._registry}
    assert registered & SUBSTANCE_APPS_AND_MODELS == set()
    assert {label for label, _ in registered} & {"texts"} == set()
    assert ("talks", "meeting") in registered
