"""Two live bookings of one room never overlap on [starts_at, blocked_until): the database says so.

PostgreSQL: an exclusion constraint (btree_gist), room equal x time range overlapping, ignoring
cancelled bookings. SQLite: triggers that abort an overlapping insert or update; with IMMEDIATE
transactions writers are serialised, so the check and the write cannot interleave.
Neither is part of the model state, which both engines share.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import Func, Q

from parley.venues.migration_ops import OnlyOn


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


NO_OVERLAP = ExclusionConstraint(
    name="venues_booking_no_overlap",
    expressions=[
        ("room", RangeOperators.EQUAL),
        (TsTzRange("starts_at", "blocked_until", RangeBoundary()), RangeOperators.OVERLAPS),
    ],
    condition=~Q(status="cancelled"),
)

# Django stores datetimes on SQLite as UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]', which orders
# exactly like the instants it names.
_CLASH = """
    SELECT RAISE(ABORT, 'venues_booking_no_overlap: the room is already booked at that time')
    WHERE EXISTS (
        SELECT 1 FROM venues_booking AS other
        WHERE other.room_id = NEW.room_id
          AND other.status <> 'cancelled'
          AND other.id IS NOT NEW.id
          AND other.starts_at < NEW.blocked_until
          AND NEW.starts_at < other.blocked_until
    );
"""
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER venues_booking_no_overlap_insert
    BEFORE INSERT ON venues_booking WHEN NEW.status <> 'cancelled'
    BEGIN {_CLASH} END""",
    f"""CREATE TRIGGER venues_booking_no_overlap_update
    BEFORE UPDATE ON venues_booking WHEN NEW.status <> 'cancelled'
    BEGIN {_CLASH} END""",
]


class Migration(migrations.Migration):

    dependencies = [
        ("venues", "0002_booking_accreditation_checkin"),
    ]

    operations = [
        OnlyOn(
            "postgresql",
            [
                BtreeGistExtension(),
                migrations.AddConstraint(model_name="booking", constraint=NO_OVERLAP),
            ],
        ),
        OnlyOn(
            "sqlite",
            [
                migrations.RunSQL(
                    sql=SQLITE_TRIGGERS,
                    reverse_sql=[
                        "DROP TRIGGER IF EXISTS venues_booking_no_overlap_insert",
                        "DROP TRIGGER IF EXISTS venues_booking_no_overlap_update",
                    ],
                )
            ],
        ),
    ]
