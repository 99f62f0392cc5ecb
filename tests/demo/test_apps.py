"""The demo is installed by the local and test settings only: production cannot load it."""

import os
import subprocess
import sys


def _run(code: list[str], settings: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "PARLEY_SECRET_KEY": "k" * 40}
    env.pop("PARLEY_DEMO", None)
    return subprocess.run(
        [sys.executable, *code], env=env, capture_output=True, text=True, check=False
    )


def test_production_settings_do_not_install_the_demo():
    installed = "from django.conf import settings; print('parley.demo' in settings.INSTALLED_APPS)"
    production = _run(["-c", installed], "parley.settings.production")
    local = _run(["-c", installed], "parley.settings.local")
    assert (production.returncode, production.stdout) == (0, "False\n")
    assert (local.returncode, local.stdout) == (0, "True\n")


def test_parley_demo_is_an_unknown_command_in_production():
    result = _run(["-m", "parley", "demo", "--no-serve"], "parley.settings.production")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[0] == "Unknown command: 'demo'"
