from django.urls import path

from . import views

app_name = "venues"
urlpatterns = [
    path("p/<int:process_pk>/bookings/", views.bookings, name="bookings"),
    path("p/<int:process_pk>/bookings/new/", views.booking_create, name="booking-create"),
    path("p/<int:process_pk>/bookings/<int:pk>/move/", views.booking_move, name="booking-move"),
    path(
        "p/<int:process_pk>/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"
    ),
    path("p/<int:process_pk>/badges/", views.badge_list, name="badges"),
    path("p/<int:process_pk>/badges/new/", views.badge_issue, name="badge-issue"),
    path("p/<int:process_pk>/badges/<int:pk>/badge.pdf", views.badge_pdf, name="badge-pdf"),
    path("p/<int:process_pk>/badges/<int:pk>/revoke/", views.badge_revoke, name="badge-revoke"),
    path("p/<int:process_pk>/check-in/", views.check_in, name="check-in"),
    path("p/<int:process_pk>/check-in/read/", views.check_in_read, name="check-in-read"),
]
