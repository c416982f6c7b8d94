"""Alembic environment for the action register, run programmatically by analytics.stores.migrate.

The caller passes an open connection in config.attributes["connection"]; from the alembic command
line (developers only) the URL comes from `sqlalchemy.url` or env KVALITET_ACTIONS_URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, text

from analytics.stores.migrate import ADVISORY_LOCK_KEY, VERSION_TABLE
from analytics.stores.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two app processes starting at once must not both run the same migration.
            connection.execute(text("select pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from analytics.stores.actions import store_url

    url = context.config.get_main_option("sqlalchemy.url") or store_url()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline-läge (SQL-skript) stöds inte för åtgärdsregistret; kör mot en databas.")
run_migrations_online()
