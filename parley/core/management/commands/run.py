"""`parley run`: the web server and a task worker together, for one machine (`make demo`).

Ctrl-C stops both. Production runs them apart instead — `parley serve` on the app servers,
`parley worker` wherever solves should run (README, "Production").
"""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

# How each child is stopped: first it may stop by itself (Ctrl-C in a terminal reaches every
# process of the group), then it is asked (SIGINT: a worker finishes its task), then told
# (SIGTERM, a worker's second signal: the task ends as failed), then killed.
STOPPING = ((None, 2.0), (signal.SIGINT, 5.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0))


class Command(BaseCommand):
    help = "Serve the site and run a task worker beside it; Ctrl-C stops both."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options) -> None:
        # Ctrl-C must work even when this was started where SIGINT is ignored (a shell's
        # background job): here and in both children.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
        children = {
            "web server": _start("runserver", addrport, "--insecure", "--noreload"),
            "task worker": _start("worker", "--interval", "0.5", "--no-startup-delay"),
        }
        try:
            while True:
                ended = [name for name, child in children.items() if child.poll() is not None]
                if ended:
                    self.stderr.write(f"The {ended[0]} stopped: stopping the rest.")
                    code = 1
                    break
                time.sleep(0.2)
        except KeyboardInterrupt:
            code = 0
        finally:
            _stop(list(children.values()))
        if code:
            sys.exit(code)


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 — our own command, no shell
        [sys.executable, "-m", "parley", *args],
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop(children: list[subprocess.Popen]) -> None:
    for ask, patience in STOPPING:
        alive = [child for child in children if child.poll() is None]
        if not alive:
            return
        for child in alive:
            if ask is not None:
                child.send_signal(ask)
        deadline = time.monotonic() + patience
        for child in alive:
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
