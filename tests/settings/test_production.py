"""The production settings keep nothing on the app server that another app server would need."""

import json
import os
import subprocess
import sys

READ_SETTINGS = """
import json
from django.conf import settings
import django
django.setup()
print(json.dumps({
    "sessions": settings.SESSION_ENGINE,
    "axes": settings.AXES_HANDLER,
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "middleware": settings.MIDDLEWARE[:3],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def test_production_keeps_sessions_and_throttling_in_the_database_and_serves_hashed_statics():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "parley.settings.production",
        "PARLEY_SECRET_KEY": "k" * 40,
        "DATABASE_URL": "postgres://parley@db.example:5432/parley",
    }
    env.pop("PARLEY_DEMO", None)
    finished = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(finished.stdout) == {
        "sessions": "django.contrib.sessions.backends.db",
        "axes": "axes.handlers.database.AxesDatabaseHandler",
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "middleware": [
            "parley.core.middleware.RequestLogMiddleware",
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
        ],
        "health_checks": True,
        "conn_max_age": 60,
        "proxy_header": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
