"""The HTTP API: typed with django-ninja, thin over the apps' queries and actions."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from parley.core import audit
from parley.core.errors import Conflict, NotFound
from parley.hostservices.api import router as hostservices_router
from parley.scheduling.api import router as scheduling_router
from parley.talks.api import router as talks_router
from parley.texts.api import router as texts_router
from parley.venues.api import router as venues_router

api = NinjaAPI(
    title="Parley API",
    version="1",
    description="Logistics and, for the parties of a process, its substance. Deny by default.",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(NotFound)
def not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    if exc.denial is not None:
        audit.record_denial(exc.denial)
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(Conflict)
def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, **exc.detail}, status=409)


api.add_router("/processes", talks_router)
api.add_router("/processes", scheduling_router)
api.add_router("/processes", venues_router)
api.add_router("/processes", hostservices_router)
api.add_router("/texts", texts_router)
