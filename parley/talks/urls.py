from django.urls import path

from . import views

app_name = "talks"
urlpatterns = [
    path("", views.home, name="home"),
    path("p/<int:process_pk>/", views.process_dashboard, name="process"),
    path("p/<int:process_pk>/agenda/", views.agenda, name="agenda"),
    path("p/<int:process_pk>/agenda/<int:pk>/", views.agenda_item, name="agenda-item"),
    path("p/<int:process_pk>/agenda/<int:pk>/position/", views.position_save, name="position-save"),
    path("p/<int:process_pk>/sharing/", views.share_set, name="sharing"),
    path("p/<int:process_pk>/readiness/", views.readiness_report, name="readiness"),
    path("p/<int:process_pk>/readiness/intent/", views.intent_set, name="intent"),
    path("p/<int:process_pk>/readiness/override/", views.override_set, name="override"),
    path("p/<int:process_pk>/readiness/gates/", views.gate_propose, name="gate-propose"),
    path(
        "p/<int:process_pk>/readiness/gates/<int:pk>/accept/",
        views.gate_accept,
        name="gate-accept",
    ),
    path(
        "p/<int:process_pk>/readiness/gates/<int:pk>/withdraw/",
        views.gate_withdraw,
        name="gate-withdraw",
    ),
    path("p/<int:process_pk>/ceasefire/", views.ceasefire, name="ceasefire"),
    path(
        "p/<int:process_pk>/ceasefire/declare/", views.ceasefire_declare, name="ceasefire-declare"
    ),
    path("p/<int:process_pk>/convergence/", views.convergence, name="convergence"),
]
