"""Deny by default: every route needs a signed-in, second-factor-verified actor unless listed here.

And every NotFound, whether the object is missing or forbidden, answers with the same 404.
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import audit
from .errors import NotFound
from .logs import current_request_id
from .views import not_found, second_factor_pending

# The core's own public paths; the apps' are in settings.PARLEY_PUBLIC_PATH_PREFIXES.
PUBLIC_PATH_PREFIXES = ("/sign-in/", "/static/", "/healthz")
UNVERIFIED_PATH_PREFIXES = ("/second-factor/", "/sign-out/", "/static/")


class SignInRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(PUBLIC_PATH_PREFIXES + tuple(settings.PARLEY_PUBLIC_PATH_PREFIXES)):
            return self.get_response(request)
        is_api = path.startswith("/api/")
        if not request.user.is_authenticated:
            if is_api:
                return JsonResponse({"detail": "Sign in required."}, status=401)
            return redirect(f"{reverse('core:sign-in')}?next={path}")
        if second_factor_pending(request) and not path.startswith(UNVERIFIED_PATH_PREFIXES):
            if is_api:
                return JsonResponse({"detail": "Second factor required."}, status=401)
            return redirect(f"{reverse('core:verify')}?next={path}")
        return self.get_response(request)


class NotFoundMiddleware:
    """Turns NotFound into the one 404 page, auditing the denial behind it if there was one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, NotFound):
            return None
        if exception.denial is not None:
            audit.record_denial(exception.denial)
        return not_found(request)


request_log = logging.getLogger("parley.request")
# A proxy's id is kept only if it is short and plain: it is echoed in a header and logged.
ACCEPTED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Path segments that are credentials (a calendar app's secret address) never reach the log.
SECRET_PATH = re.compile(r"^/feeds/[^/]+")


class RequestLogMiddleware:
    """Names every request (X-Request-ID, echoed in the response) and logs it in one line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if ACCEPTED_REQUEST_ID.match(given) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            path = SECRET_PATH.sub("/feeds/[secret]", request.path)
            request_log.info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request_id.reset(token)
