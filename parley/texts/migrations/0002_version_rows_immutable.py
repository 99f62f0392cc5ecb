"""The database itself refuses to change a text version once written (SQLite and PostgreSQL)."""

from django.db import migrations

SQLITE_CREATE = ["""
CREATE TRIGGER texts_textversion_immutable BEFORE UPDATE ON texts_textversion
BEGIN SELECT RAISE(ABORT, 'text versions are immutable'); END;
"""]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS texts_textversion_immutable;"]

POSTGRES_CREATE = [
    """
CREATE OR REPLACE FUNCTION texts_textversion_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'text versions are immutable';
END;
$$;
""",
    """
CREATE TRIGGER texts_textversion_immutable BEFORE UPDATE ON texts_textversion
FOR EACH ROW EXECUTE FUNCTION texts_textversion_immutable();
""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS texts_textversion_immutable ON texts_textversion;",
    "DROP FUNCTION IF EXISTS texts_textversion_immutable();",
]


def _run(sql_by_vendor: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for statement in sql_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("texts", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
