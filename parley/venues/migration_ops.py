"""A migration operation that touches the database of one vendor only and leaves model state alone.

The no-overlap guarantee of bookings is written differently for each engine (an exclusion
constraint on PostgreSQL, triggers on SQLite); neither belongs in the model state, which both
engines share.
"""

from django.db.migrations.operations.base import Operation


class OnlyOn(Operation):
    """Runs `operations` against the database when its vendor is `vendor`; a no-op elsewhere."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, vendor: str, operations: list[Operation]):
        self.vendor = vendor
        self.operations = operations

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"vendor": self.vendor, "operations": self.operations},
        )

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            for operation in self.operations:
                operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            for operation in reversed(self.operations):
                operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        inner = "; ".join(operation.describe() for operation in self.operations)
        return f"On {self.vendor} only: {inner}"
