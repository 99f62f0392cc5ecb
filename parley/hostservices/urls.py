from django.urls import path

from . import views

app_name = "hostservices"
urlpatterns = [
    path("p/<int:process_pk>/services/", views.request_list, name="requests"),
    path("p/<int:process_pk>/services/new/", views.request_create, name="request-create"),
    path("p/<int:process_pk>/services/<int:pk>/", views.request_detail, name="request"),
    path(
        "p/<int:process_pk>/services/<int:pk>/update/",
        views.request_update,
        name="request-update",
    ),
    path(
        "p/<int:process_pk>/services/<int:pk>/comments/",
        views.request_comment,
        name="request-comment",
    ),
]
