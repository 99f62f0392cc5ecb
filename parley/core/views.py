"""Sign-in, the second factor, the one 404 every refusal shares, the health check and the 503
page of a database that cannot be reached."""

import sys

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from . import actions, queries, workers
from .actors import actor_of


def second_factor_pending(request: HttpRequest) -> bool:
    """Signed in with a password, but one of their roles also needs TOTP not given yet."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if settings.PARLEY_DEMO and queries.is_demo_account(user=user):
        return False
    return actor_of(request).needs_totp


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The same page for a missing object and a forbidden one: nothing in it tells them apart."""
    return render(request, "core/404.html", status=404)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For monitoring: can this app server reach the database, and is a task worker alive?

    200 when both hold, 503 otherwise. Public, so it says nothing but these two facts.
    """
    database, heartbeat = "ok", None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        heartbeat = workers.last_heartbeat()
    except DatabaseError:
        database = "unreachable"
    age = (timezone.now() - heartbeat).total_seconds() if heartbeat else None
    if age is None:
        worker = "none" if database == "ok" else "unknown"
    else:
        worker = "ok" if age <= workers.lost_after().total_seconds() else "silent"
    healthy = database == "ok" and worker == "ok"
    body = {
        "status": "ok" if healthy else "failing",
        "database": database,
        "worker": worker,
        "worker_heartbeat_age_seconds": round(age, 1) if age is not None else None,
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


UNREACHABLE_DATABASE = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that cannot be reached is a 503 that says so; anything else, 500.

    Django calls this while handling the exception, so sys.exc_info() names it. Nothing may
    touch the database here: neither the session, nor the signed-in user.
    """
    if not isinstance(sys.exc_info()[1], UNREACHABLE_DATABASE):
        return defaults.server_error(request)
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The database cannot be reached just now; nothing was saved. Try again."},
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("core/unavailable.html"), status=503)
    response["Retry-After"] = "30"
    return response


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    redirect_authenticated_user = True


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    return auth_views.LogoutView.as_view()(request)


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the TOTP code; enrol a device first when the person has none yet."""
    if not second_factor_pending(request):
        return redirect(_safe_next(request))
    device = queries.confirmed_device_of(user=request.user)
    enrolling = device is None
    if enrolling:
        device = actions.second_factor_enrolment(actor=actor_of(request))
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").strip()
        if token.isdigit() and device.verify_token(token):
            actions.second_factor_confirm(actor=actor_of(request), device=device)
            otp_login(request, device)
            return redirect(_safe_next(request))
        error = _("That code is not valid. Codes change every 30 seconds.")
    qr_svg = segno.make(device.config_url).svg_inline(scale=4) if enrolling else ""
    return render(
        request,
        "core/verify.html",
        {"enrolling": enrolling, "qr_svg": qr_svg, "error": error, "next": _safe_next(request)},
    )
