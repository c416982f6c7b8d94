"""The action register's tables as SQLAlchemy Core metadata (used by the queries).

The DDL that creates them lives in the migration scripts (analytics/stores/migrations/versions);
tests/test_actions_store.py checks that a database migrated to head matches this metadata, so a
change here without a migration (or the reverse) fails the tests.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

# Fixed constraint names, so that the migrations and this metadata agree on every dialect.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STATUS_CODES = ("planerad", "pagaende", "genomford", "utvarderad", "avbruten")
LINK_KINDS = ("avvikelse", "lex_sarah", "klagomal", "risk", "egenkontroll")

metadata = MetaData(naming_convention=NAMING)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("responsible", String(200), nullable=False, server_default=""),
    Column("due_date", Date, nullable=True),
    Column("status", String(20), nullable=False),
    Column("completed_date", Date, nullable=True),
    Column("effect_text", Text, nullable=False, server_default=""),
    Column("effect_measure", String(64), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint(
        "status in ('planerad', 'pagaende', 'genomford', 'utvarderad', 'avbruten')", name="status"
    ),
    CheckConstraint("version >= 1", name="version"),
)

action_units = Table(
    "action_units",
    metadata,
    Column("action_id", Integer, ForeignKey("actions.id"), primary_key=True),
    Column("unit_id", String(64), primary_key=True),
)
Index("ix_action_units_unit_id", action_units.c.unit_id)

action_links = Table(
    "action_links",
    metadata,
    Column("action_id", Integer, ForeignKey("actions.id"), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("record_id", String(128), primary_key=True),
    CheckConstraint("kind in ('avvikelse', 'lex_sarah', 'klagomal', 'risk', 'egenkontroll')", name="kind"),
)
Index("ix_action_links_kind_record_id", action_links.c.kind, action_links.c.record_id)

# Append-only: the store only ever inserts here, and database triggers refuse UPDATE and DELETE.
action_history = Table(
    "action_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action_id", Integer, ForeignKey("actions.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("field", String(64), nullable=False),
    Column("old_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
)
Index("ix_action_history_action_id", action_history.c.action_id)
