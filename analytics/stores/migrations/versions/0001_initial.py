"""The action register: actions, their units and linked records, and the append-only history.

Revision ID: 0001
Revises:
Create Date: 2024-06-01

A migration is a frozen snapshot: it does not import analytics.stores.schema, so later changes to
the metadata need a new revision (tests compare the migrated database with the metadata).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_STATUS_CHECK = "status in ('planerad', 'pagaende', 'genomford', 'utvarderad', 'avbruten')"
_KIND_CHECK = "kind in ('avvikelse', 'lex_sarah', 'klagomal', 'risk', 'egenkontroll')"

# History rows are never changed or removed; the database refuses it, not only the store.
_SQLITE_TRIGGERS = (
    """
    create trigger action_history_no_update before update on action_history
    begin select raise(abort, 'action_history är endast för tillägg (append-only)'); end
    """,
    """
    create trigger action_history_no_delete before delete on action_history
    begin select raise(abort, 'action_history är endast för tillägg (append-only)'); end
    """,
)
_POSTGRES_TRIGGERS = (
    """
    create function action_history_append_only() returns trigger language plpgsql as $$
    begin
        raise exception 'action_history är endast för tillägg (append-only)';
    end
    $$
    """,
    """
    create trigger action_history_no_change before update or delete on action_history
    for each row execute function action_history_append_only()
    """,
    """
    create trigger action_history_no_truncate before truncate on action_history
    for each statement execute function action_history_append_only()
    """,
)


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("responsible", sa.String(200), nullable=False, server_default=""),
        sa.Column("due_date", sa.Date, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("completed_date", sa.Date, nullable=True),
        sa.Column("effect_text", sa.Text, nullable=False, server_default=""),
        sa.Column("effect_measure", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_actions"),
        sa.CheckConstraint(_STATUS_CHECK, name="ck_actions_status"),
        sa.CheckConstraint("version >= 1", name="ck_actions_version"),
    )
    op.create_table(
        "action_units",
        sa.Column("action_id", sa.Integer, nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("action_id", "unit_id", name="pk_action_units"),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name="fk_action_units_action_id_actions"),
    )
    op.create_index("ix_action_units_unit_id", "action_units", ["unit_id"])
    op.create_table(
        "action_links",
        sa.Column("action_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("record_id", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("action_id", "kind", "record_id", name="pk_action_links"),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name="fk_action_links_action_id_actions"),
        sa.CheckConstraint(_KIND_CHECK, name="ck_action_links_kind"),
    )
    op.create_index("ix_action_links_kind_record_id", "action_links", ["kind", "record_id"])
    op.create_table(
        "action_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_action_history"),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name="fk_action_history_action_id_actions"),
    )
    op.create_index("ix_action_history_action_id", "action_history", ["action_id"])

    dialect = op.get_bind().dialect.name
    triggers = {"sqlite": _SQLITE_TRIGGERS, "postgresql": _POSTGRES_TRIGGERS}.get(dialect, ())
    for ddl in triggers:
        op.execute(ddl)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("drop trigger if exists action_history_no_truncate on action_history")
        op.execute("drop trigger if exists action_history_no_change on action_history")
        op.execute("drop function if exists action_history_append_only()")
    elif dialect == "sqlite":
        op.execute("drop trigger if exists action_history_no_update")
        op.execute("drop trigger if exists action_history_no_delete")
    op.drop_table("action_history")
    op.drop_table("action_links")
    op.drop_table("action_units")
    op.drop_table("actions")
