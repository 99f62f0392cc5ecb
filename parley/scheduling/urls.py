from django.urls import path

from . import views

app_name = "scheduling"
urlpatterns = [
    path("p/<int:process_pk>/programme/", views.programme, name="programme"),
    path("p/<int:process_pk>/programme.pdf", views.programme_pdf, name="programme-pdf"),
    path("p/<int:process_pk>/programme/planning/", views.planning, name="planning"),
    path("p/<int:process_pk>/programme/solve/", views.solve, name="solve"),
    path("p/<int:process_pk>/programme/drafts/<int:pk>/", views.run, name="run"),
    path(
        "p/<int:process_pk>/programme/drafts/<int:pk>/progress/",
        views.run_progress,
        name="run-progress",
    ),
    path("p/<int:process_pk>/programme/drafts/<int:pk>/stop/", views.run_stop, name="run-stop"),
    path("p/<int:process_pk>/programme/drafts/<int:pk>/publish/", views.publish, name="publish"),
    path(
        "p/<int:process_pk>/programme/meetings/<int:pk>/outcome/",
        views.meeting_outcome,
        name="meeting-outcome",
    ),
    path(
        "p/<int:process_pk>/calendars/delegation-<int:pk>.ics",
        views.delegation_calendar,
        name="delegation-calendar",
    ),
    path(
        "p/<int:process_pk>/calendars/member-<int:pk>.ics",
        views.member_calendar,
        name="member-calendar",
    ),
    path(
        "p/<int:process_pk>/calendars/room-<int:pk>.ics", views.room_calendar, name="room-calendar"
    ),
    path("p/<int:process_pk>/calendars/", views.calendar_links, name="calendar-links"),
    path(
        "p/<int:process_pk>/calendars/<int:pk>/revoke/",
        views.calendar_link_revoke,
        name="calendar-link-revoke",
    ),
    # Outside the signed-in site: calendar apps cannot sign in (PARLEY_PUBLIC_PATH_PREFIXES).
    path("feeds/<str:token>.ics", views.calendar_by_address, name="calendar-by-address"),
]
