"""Production: every secret from the environment, and no demo shortcuts.

App servers keep no state of their own: sessions, sign-in throttling (django-axes) and TOTP
throttling live in the database, and uploads are read into it rather than kept as files, so
any number of app servers can stand behind one proxy. Static files are collected once
(`parley collectstatic`) under hashed names and served by WhiteNoise, cached for good.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE

if os.environ.get("PARLEY_DEMO"):
    raise ImproperlyConfigured(
        "PARLEY_DEMO is set: production refuses to start with demo sign-ins."
    )
SECRET_KEY = os.environ.get("PARLEY_SECRET_KEY", "")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("PARLEY_SECRET_KEY must be set to at least 32 characters.")
PARLEY_DEMO = False

# TLS ends at the proxy in front, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("PARLEY_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True

# A connection lives across requests, checked before each use, so a restarted database server
# costs the requests that were in flight at that moment and nothing after it.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("PARLEY_DB_CONN_MAX_AGE", "60"))

MIDDLEWARE = [
    *MIDDLEWARE[:2],  # the request log, then SecurityMiddleware
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[2:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "parley.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "parley.core.logs.JsonFormatter"}},
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["json"], "level": os.environ.get("PARLEY_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers would print the same records again, as text.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        "axes": {"level": "WARNING"},  # not its banner at every start
    },
}
