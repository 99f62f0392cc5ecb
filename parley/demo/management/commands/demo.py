"""`parley demo [--no-serve]`: load the demo scenario, then serve it on http://127.0.0.1:8000 with
a task worker beside the web server (`parley run`)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from parley.demo.scenario import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load only, do not serve")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, no_serve: bool, addrport: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        sign_ins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo scenario loaded: Talks at a neutral venue"))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for s in sign_ins:
            party = f" ({s.party})" if s.party else ""
            self.stdout.write(f"  {s.username:<18} {s.role}{party}")
        if not settings.PARLEY_DEMO:
            self.stdout.write(
                "PARLEY_DEMO is not set: host coordinators and heads of delegation will be asked "
                "to enrol a TOTP authenticator at sign-in."
            )
        if no_serve:
            return
        self.stdout.write(f"Serving on http://{addrport}/ with a task worker — Ctrl-C stops both.")
        call_command("run", addrport=addrport)
