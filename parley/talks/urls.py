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
]
