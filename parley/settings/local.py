"""The embedded, single-machine setting used by `make demo` and the `parley` command."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = os.environ.get("PARLEY_SECRET_KEY") or "local-only-not-a-secret-" + "x" * 32
DEBUG = os.environ.get("PARLEY_DEBUG") == "1"
# The demo scenario and `parley demo`: here and in the tests, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "parley.demo"]
