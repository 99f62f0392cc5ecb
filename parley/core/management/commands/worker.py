"""`parley worker`: a task worker (solves run here), with a heartbeat the site can see.

It is django-tasks-db's `db_worker` — which hands each queued task to one worker only, with
`SELECT … FOR UPDATE SKIP LOCKED` — plus a heartbeat thread (parley.core.workers). Run one
or more on any machine that reaches the database. Ctrl-C or SIGTERM lets the current task
finish; a second one stops it (the task, and its solve, end as failed).
"""

from django_tasks_db.management.commands import db_worker

from parley.core.workers import Heartbeat


class Command(db_worker.Command):
    help = "Run a task worker: take queued tasks (solves) from the database, with a heartbeat."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # Reloading runs the worker in a child process, away from its heartbeat.
        parser.set_defaults(reload=False)

    def handle(self, *args, **options) -> None:
        if options["reload"]:
            options["reload"] = False
            self.stderr.write("parley worker does not reload on code changes; restart it.")
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
