"""The data version: database triggers that bump one stamp with every write to public data.

Every table of the app except the history tables and the stamp's own is a content table: any
INSERT, UPDATE, DELETE (and TRUNCATE on PostgreSQL) on it bumps `provisions_dataversion` in
the same transaction. Triggers rather than signals, because they also see `bulk_create`,
`QuerySet.update()`, many-to-many through rows and raw SQL, whoever writes them, and a
rolled-back write rolls its bump back with it. PostgreSQL bumps once per statement that
touched rows (statement-level triggers with transition tables); SQLite, which has only row
triggers, once per row, which in one transaction costs a few microseconds a row.

`ensure_triggers` is idempotent: migration 0006 runs it, and so does every `migrate`
(post_migrate), so that tables added later, and SQLite tables that a migration rebuilt
(dropping their triggers), are covered again.
"""

from django.db import InterfaceError, OperationalError
from django.db import connection as default_connection

TABLE = "provisions_dataversion"
APP_PREFIX = "provisions_"
HISTORY_PREFIX = "provisions_historical"
# Derived from content tables by triggers, in the same transactions (provisions/search_index.py).
DERIVED_TABLES = ("provisions_searchword",)

# Per database: the clock in microseconds since 1970, and the larger of two values.
NOW_US = {
    "postgresql": "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint",
    "sqlite": "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)",
}
GREATEST = {"postgresql": "GREATEST", "sqlite": "max"}


def bump_sql(vendor):
    # Strictly increasing even if the clock steps back, so that it can date the data.
    return (
        f"UPDATE {TABLE} SET number = number + 1, "
        f"changed_us = {GREATEST[vendor]}(changed_us + 1, {NOW_US[vendor]})"
    )


def content_tables(connection=default_connection):
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return sorted(
        table
        for table in tables
        if table.startswith(APP_PREFIX)
        and not table.startswith(HISTORY_PREFIX)
        and table not in (TABLE, *DERIVED_TABLES)
    )


def ensure_triggers(connection=default_connection):
    """Create the stamp's row and every content table's triggers where they are missing."""
    if connection.vendor not in NOW_US:
        return
    with connection.cursor() as cursor:
        if TABLE not in connection.introspection.table_names(cursor):
            return  # migrated back to before the data version
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        if cursor.fetchone()[0] == 0:
            now = NOW_US[connection.vendor]
            cursor.execute(f"INSERT INTO {TABLE} (id, number, changed_us) VALUES (1, 1, {now})")
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_FUNCTIONS)
        statements = (
            _postgresql_statements if connection.vendor == "postgresql" else _sqlite_statements
        )
        for table in content_tables(connection):
            for statement in statements(table):
                cursor.execute(statement)


def _sqlite_statements(table):
    for event in ("INSERT", "UPDATE", "DELETE"):
        yield (
            f"CREATE TRIGGER IF NOT EXISTS {table}__dv_{event.lower()} AFTER {event} ON {table} "
            f"BEGIN {bump_sql('sqlite')}; END"
        )


# A statement that touched no row (an idempotent import's empty DELETE) changes nothing.
POSTGRESQL_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION provisions_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {bump_sql("postgresql")};
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION provisions_bump_data_version_if_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed_rows) THEN {bump_sql("postgresql")}; END IF;
    RETURN NULL;
END $$;
"""


def _postgresql_statements(table):
    for event, rows in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        yield (
            f"CREATE OR REPLACE TRIGGER {table}__dv_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {rows} TABLE AS changed_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION provisions_bump_data_version_if_rows()"
        )
    yield (
        f"CREATE OR REPLACE TRIGGER {table}__dv_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION provisions_bump_data_version()"
    )


def drop_triggers(connection=default_connection):
    """Undo `ensure_triggers` (migrating back past 0006)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS provisions_bump_data_version() CASCADE")
            cursor.execute("DROP FUNCTION IF EXISTS provisions_bump_data_version_if_rows() CASCADE")
        elif connection.vendor == "sqlite":
            for table in content_tables(connection):
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}__dv_{event}")


def read(connection=default_connection):
    """(number, changed_us) of the committed data this connection sees, or None without a row
    (a database flushed by a test).

    Every public request starts with this query, so on a reused connection that is due for
    Django's health check (CONN_HEALTH_CHECKS) it is the check: one round trip rather than a
    `SELECT 1` and then this. If the server dropped the connection (a restart), the query
    fails; the connection is closed and the query made once more on a new one, as the check
    would have done.
    """
    if (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
    ):
        connection.health_check_done = True
        try:
            return _select(connection)
        except (InterfaceError, OperationalError):
            connection.close()
    return _select(connection)


def _select(connection):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed_us FROM {TABLE} WHERE id = 1")
        return cursor.fetchone()
