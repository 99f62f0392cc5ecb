"""Benchmark: 32 concurrent clients booking overlapping slots on PostgreSQL, against pgbench.

    .venv/bin/python bench/bookings.py [--clients 32] [--attempts 200] [--rounds 5] [--json]
        [--server postgres://postgres@127.0.0.1:5432] [--database parley_bench]

It (re)creates a scratch database, migrates it, and seeds one venue with rooms. Then, in the same
run and on the same table, alternating the two sides `rounds` times so that whatever else loads
the machine weighs on both alike:

- Parley: `clients` processes released together, each calling `venues.actions.booking_create`
  for a random room and a random start on a 15-minute grid (one hour plus the room's turnover):
  the friendly check, the insert the exclusion constraint guards, the audit event on the hash
  chain, one durable transaction each.
- pgbench: the same transaction as SQL (`pgbench --client clients`) on a second, equal set of
  rooms: the same reads, the insert (ON CONFLICT DO NOTHING, so a refusal does not abort the
  client), and the audit event chained under the same lock.

"bookings/s" counts booking requests answered (booked or refused as a conflict) per second,
like pgbench's transactions per second. Afterwards a query looks for any two live bookings of
a room that overlap: there must be none. Target: ratio >= 0.3, overlaps always 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGET_RATIO = 0.3
BASE = dt.datetime(2027, 3, 1, 6, 0, tzinfo=dt.UTC)
DAYS = 6
STARTS_PER_DAY = 48  # a 15-minute grid over twelve hours
ROOMS = 60  # for each side
DURATION = dt.timedelta(hours=1)
TURNOVER_MINUTES = 15

PGBENCH_SCRIPT = """\
\\set room random(:room_lo, :room_hi)
\\set day random(0, :days - 1)
\\set step random(0, :starts_per_day - 1)
\\set start :base + :day * 86400 + :step * 900
\\set finish :start + 3600
\\set blocked :finish + :turnover * 60
BEGIN;
SELECT count(*) AS clash FROM venues_booking WHERE room_id = :room AND status = 'confirmed'
    AND starts_at < to_timestamp(:blocked) AND blocked_until > to_timestamp(:start) \\gset
\\if :clash = 0
SELECT EXISTS (SELECT 1 FROM venues_roomavailability WHERE room_id = :room
    AND starts_at <= to_timestamp(:start) AND ends_at >= to_timestamp(:finish))::int AS open \\gset
\\if :open = 1
WITH booked AS (
    INSERT INTO venues_booking (process_id, room_id, title, starts_at, ends_at, blocked_until,
                                status, created_by_id, created_at)
    VALUES (:process, :room, 'pgbench', to_timestamp(:start), to_timestamp(:finish),
            to_timestamp(:blocked), 'confirmed', :user, now())
    ON CONFLICT DO NOTHING RETURNING id)
SELECT count(*) AS inserted, coalesce(max(id), 0) AS booking FROM booked \\gset
\\if :inserted = 1
WITH head AS (SELECT sequence, hash FROM core_auditchainhead WHERE id = 1 FOR UPDATE),
event AS (
    INSERT INTO core_auditevent (sequence, at, actor, party, process_id, action, object_type,
                                 object_id, decision, detail, previous_hash, hash)
    SELECT head.sequence + 1, now(), 'bench-planner', '', :process, 'booking.create',
           'venues.booking', :booking::text, 'allowed',
           jsonb_build_object('room', :room, 'starts_at', to_timestamp(:start)),
           head.hash,
           encode(sha256(convert_to(head.hash || (head.sequence + 1)::text || :booking::text,
                                    'UTF8')), 'hex')
    FROM head RETURNING sequence, hash)
UPDATE core_auditchainhead SET sequence = event.sequence, hash = event.hash
FROM event WHERE core_auditchainhead.id = 1;
\\endif
\\endif
\\endif
COMMIT;
"""


def _recreate_database(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings.local")
    import django

    django.setup()


def _seed() -> dict:
    from django.contrib.auth.models import User
    from django.db import transaction

    from parley.talks.models import Party, Process, Role, RoleKind, Venue
    from parley.venues.models import Room, RoomAvailability

    with transaction.atomic():
        venue = Venue.objects.create(name="Bench venue", time_zone="Europe/Vienna")
        process = Process.objects.create(title="Bench talks", venue=venue)
        process.parties.set([Party.objects.create(code="bench", name="Bench party")])
        user = User.objects.create(username="bench-planner")
        Role.objects.create(user=user, process=process, kind=RoleKind.HOST_COORDINATOR)
        rooms = Room.objects.bulk_create(
            Room(
                venue=venue,
                name=f"Room {i:03d}",
                kind="working",
                capacity=20,
                zone="bench",
                turnover_minutes=TURNOVER_MINUTES,
            )
            for i in range(2 * ROOMS)
        )
        RoomAvailability.objects.bulk_create(
            RoomAvailability(room=room, starts_at=BASE, ends_at=BASE + dt.timedelta(days=DAYS))
            for room in rooms
        )
    ids = sorted(room.pk for room in rooms)
    return {
        "venue": venue.pk,
        "process": process.pk,
        "user": user.pk,
        "django_rooms": ids[:ROOMS],
        "pgbench_rooms": ids[ROOMS:],
    }


def _client(seed: dict, attempts: int, number: int, round_: int, barrier, results) -> None:
    """One Parley client: its own connection, released with all the others."""
    from django.contrib.auth.models import User
    from django.db import connection

    from parley.core.actors import Actor
    from parley.core.errors import Conflict
    from parley.talks.models import Process
    from parley.venues import actions
    from parley.venues.models import Room

    rng = random.Random(f"{round_}-{number}")
    actor = Actor.for_user(User.objects.get(pk=seed["user"]))
    process = Process.objects.select_related("venue").get(pk=seed["process"])
    rooms = list(Room.objects.filter(pk__in=seed["django_rooms"]))
    booked = conflicts = 0
    barrier.wait()
    for attempt in range(attempts):
        start = BASE + dt.timedelta(
            days=rng.randrange(DAYS), minutes=15 * rng.randrange(STARTS_PER_DAY)
        )
        try:
            actions.booking_create(
                actor=actor,
                process=process,
                room=rng.choice(rooms),
                starts_at=start,
                ends_at=start + DURATION,
                title=f"Client {number} request {attempt}",
            )
            booked += 1
        except Conflict:
            conflicts += 1
    connection.close()
    results.put((booked, conflicts))


def _worker(seed: dict, attempts: int, numbers: list[int], round_: int, barrier, results) -> None:
    """One process of clients, one thread (and one connection) each."""
    threads = [
        threading.Thread(target=_client, args=(seed, attempts, n, round_, barrier, results))
        for n in numbers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _warm_up() -> None:
    """Imports and translation catalogues once, before the fork, rather than in every client."""
    from django.utils.translation import gettext

    from parley.venues import actions  # noqa: F401

    gettext("Not found.")


def run_parley(seed: dict, clients: int, attempts: int, round_: int, processes: int) -> dict:
    from django.db import connections

    _warm_up()
    connections.close_all()  # children must not share the parent's socket
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(clients + 1)
    results = context.Queue()
    workers = [
        context.Process(
            target=_worker,
            args=(seed, attempts, list(range(clients))[p::processes], round_, barrier, results),
        )
        for p in range(processes)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    outcomes = [results.get(timeout=600) for _ in range(clients)]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    booked = sum(b for b, _ in outcomes)
    conflicts = sum(c for _, c in outcomes)
    return {
        "answered": booked + conflicts,
        "booked": booked,
        "conflicts": conflicts,
        "seconds": elapsed,
        "per_s": (booked + conflicts) / elapsed,
    }


def _pgbench() -> str:
    found = shutil.which("pgbench")
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"))
    if not candidates:
        sys.exit("pgbench not found: install Debian's postgresql-client (or postgresql-contrib)")
    return str(candidates[-1])


def run_pgbench(url: str, seed: dict, clients: int, attempts: int) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM venues_booking WHERE title = 'pgbench'")
        before = cursor.fetchone()[0]
    connection.close()
    rooms = seed["pgbench_rooms"]
    variables = {
        "room_lo": rooms[0],
        "room_hi": rooms[-1],
        "days": DAYS,
        "starts_per_day": STARTS_PER_DAY,
        "base": int(BASE.timestamp()),
        "turnover": TURNOVER_MINUTES,
        "process": seed["process"],
        "venue": seed["venue"],
        "user": seed["user"],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT)
    conninfo = psycopg.conninfo.conninfo_to_dict(url)
    command = [
        _pgbench(),
        "--no-vacuum",
        f"--client={clients}",
        f"--jobs={min(clients, os.cpu_count() or 1)}",
        f"--transactions={attempts}",
        f"--file={script.name}",
        f"--host={conninfo.get('host', '127.0.0.1')}",
        f"--port={conninfo.get('port', 5432)}",
        f"--username={conninfo.get('user', 'postgres')}",
        *[f"--define={name}={value}" for name, value in variables.items()],
        conninfo["dbname"],
    ]
    try:
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    tps = float(re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)[1])
    failed = re.search(r"number of failed transactions: (\d+)", output)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM venues_booking WHERE title = 'pgbench'")
        booked = cursor.fetchone()[0] - before
    return {
        "tps": tps,
        "booked": booked,
        "conflicts": clients * attempts - booked,
        "failed": int(failed[1]) if failed else 0,
    }


def count_overlaps() -> int:
    from parley.venues.queries import overlapping_bookings

    return overlapping_bookings().count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--attempts", type=int, default=200, help="booking requests per client")
    parser.add_argument(
        "--rounds", type=int, default=5, help="alternate the two sides this many times"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="Parley's clients run as threads spread over this many processes",
    )
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="parley_bench")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    options = parser.parse_args()

    url = _recreate_database(options.server, options.database)
    _setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed = _seed()
    per_round = max(1, options.attempts // options.rounds)
    parley_rounds, pgbench_rounds = [], []
    for round_ in range(options.rounds):
        parley_rounds.append(
            run_parley(seed, options.clients, per_round, round_, options.processes)
        )
        pgbench_rounds.append(run_pgbench(url, seed, options.clients, per_round))
    parley = {
        key: sum(r[key] for r in parley_rounds)
        for key in ("answered", "booked", "conflicts", "seconds")
    }
    parley["per_s"] = parley["answered"] / parley["seconds"]
    pgbench_seconds = sum(options.clients * per_round / r["tps"] for r in pgbench_rounds)
    reference = {
        key: sum(r[key] for r in pgbench_rounds) for key in ("booked", "conflicts", "failed")
    }
    reference["tps"] = options.rounds * options.clients * per_round / pgbench_seconds
    overlaps = count_overlaps()
    ratio = parley["per_s"] / reference["tps"]

    requests = options.clients * per_round * options.rounds
    print(
        f"clients           {options.clients}, {per_round * options.rounds} booking requests "
        f"each, in {options.rounds} rounds alternating Parley and pgbench"
    )
    print(
        f"Parley actions    {parley['per_s']:8.1f} bookings/s answered "
        f"({parley['booked']} booked, {parley['conflicts']} conflicts, {parley['seconds']:.2f} s)"
    )
    print(
        f"pgbench, same SQL {reference['tps']:8.1f} tps "
        f"({reference['booked']} booked, {reference['conflicts']} refused, "
        f"{reference['failed']} failed, of {requests})"
    )
    print(f"ratio             {ratio:8.2f}  (target >= {TARGET_RATIO})")
    print(f"overlaps found    {overlaps:8d}  (must be 0)")
    if options.json:
        print(
            json.dumps(
                {
                    "bookings_per_s": round(parley["per_s"], 1),
                    "pgbench_tps": round(reference["tps"], 1),
                    "ratio": round(ratio, 3),
                    "conflicts": parley["conflicts"],
                    "overlaps": overlaps,
                    "booked": parley["booked"],
                    "pgbench_booked": reference["booked"],
                    "clients": options.clients,
                    "requests_per_client": per_round * options.rounds,
                }
            )
        )
    if overlaps:
        sys.exit(1)


if __name__ == "__main__":
    main()
