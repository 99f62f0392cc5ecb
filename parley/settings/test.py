"""The test suite: same stack as production, cheaper password hashing."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-hmac-signing"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The demo scenario is tested too; production never installs it (see settings.local).
INSTALLED_APPS = [*INSTALLED_APPS, "parley.demo"]

# One test database per test run, so that runs side by side never share one.
_run = os.getpid()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that threads in the concurrency tests share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_run}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_parley_{_run}"}
