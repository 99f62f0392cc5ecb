from django.contrib import admin
from django.urls import include, path

from parley.api.main import api

urlpatterns = [
    path("", include("parley.core.urls")),
    path("", include("parley.talks.urls")),
    path("", include("parley.venues.urls")),
    path("", include("parley.hostservices.urls")),
    path("", include("parley.texts.urls")),
    path("", include("parley.scheduling.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "parley.core.views.not_found"
handler500 = "parley.core.views.server_error"
