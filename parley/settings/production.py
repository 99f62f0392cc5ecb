"""Production: every secret from the environment, and no demo shortcuts."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if os.environ.get("PARLEY_DEMO"):
    raise ImproperlyConfigured(
        "PARLEY_DEMO is set: production refuses to start with demo sign-ins."
    )
SECRET_KEY = os.environ.get("PARLEY_SECRET_KEY", "")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("PARLEY_SECRET_KEY must be set to at least 32 characters.")
PARLEY_DEMO = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True
