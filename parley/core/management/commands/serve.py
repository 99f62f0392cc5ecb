"""`parley serve`: the production web server — gunicorn, in front of Parley's WSGI application.

Run it with DJANGO_SETTINGS_MODULE=parley.settings.production, after `parley migrate` and
`parley collectstatic --noinput`, behind a proxy that ends TLS. It serves pages and the API
only; solves run in task workers (`parley worker`), on this machine or any other.
"""

import os
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    """Gunicorn's rule of thumb: two processes per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


class ParleyApplication(BaseApplication):
    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return get_wsgi_application()


class Command(BaseCommand):
    help = "Serve Parley with gunicorn (production); see the README's Production section."
    requires_system_checks = "__all__"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("PARLEY_BIND", "127.0.0.1:8000"),
            help="address:port to listen on (default: $PARLEY_BIND or 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("PARLEY_WEB_WORKERS") or default_workers()),
            help="web processes (default: $PARLEY_WEB_WORKERS or 2 x cores + 1)",
        )
        parser.add_argument(
            "--timeout", type=int, default=60, help="seconds before a stuck request is cut off"
        )

    def handle(self, *args, bind: str, workers: int, timeout: int, **options) -> None:
        if settings.DEBUG:
            raise CommandError(
                "DEBUG is on: parley serve is for production settings only.", returncode=2
            )
        if (
            isinstance(staticfiles_storage, ManifestFilesMixin)
            and staticfiles_storage.read_manifest() is None
        ):
            raise CommandError(
                "The static files are not collected: run `parley collectstatic --noinput` first.",
                returncode=2,
            )
        if workers < 1:
            raise CommandError("--workers must be at least 1.", returncode=2)
        ParleyApplication(
            {
                "bind": bind,
                "workers": workers,
                "timeout": timeout,
                "graceful_timeout": 30,
                # A web process is replaced now and then, so no slow leak can build up.
                "max_requests": 2000,
                "max_requests_jitter": 200,
                "proc_name": "parley",
                # One control socket per user and machine would be shared by every server.
                "control_socket_disable": True,
                # Gunicorn's own lines go out as the site's logs are written (JSON in
                # production); requests are logged by parley.core.middleware.
                "logconfig_dict": _gunicorn_logging(),
            }
        ).run()


def _gunicorn_logging() -> dict[str, Any]:
    logging = dict(settings.LOGGING)
    logging["loggers"] = {
        **logging.get("loggers", {}),
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
    }
    return logging
