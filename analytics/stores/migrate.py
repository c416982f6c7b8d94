"""Schema migrations of the action register: Alembic, run programmatically.

The migration scripts ship inside the package (analytics/stores/migrations/versions), so an
installed copy of the product can bring any older store to the current schema by itself:
`upgrade(engine)` runs every missing revision in one transaction (PostgreSQL: transactional DDL,
guarded by an advisory lock) and does nothing when the store is already at head.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Own version table: the register may share a PostgreSQL database with other applications.
VERSION_TABLE = "actions_schema_version"
ADVISORY_LOCK_KEY = 7_205_114_001  # arbitrary, fixed: "the action register's migration lock"


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migration scripts (no alembic.ini)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest revision shipped with this version of the product."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the store is at (None: an empty database)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return ctx.get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store's schema to `revision` (default head); idempotent."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` ("base": no tables). For developers and tests."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
