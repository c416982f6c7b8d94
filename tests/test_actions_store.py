"""The action register store (analytics.stores.actions), on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from analytics.stores import migrate
from analytics.stores.actions import (
    ENV_URL,
    ActionNotFound,
    ActionPermissionError,
    ActionStore,
    Actor,
    StaleVersionError,
    SummaryRow,
    ValidationError,
)
from analytics.stores.actions import (
    store_url as resolve_store_url,
)
from analytics.stores.schema import action_history, metadata
from tests.pg_server import postgres_server, store_url  # noqa: F401  (fixtures)

NOW = dt.datetime(2024, 5, 10, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2024, 5, 10)
ANALYTIKER = Actor("ada.analys@kommun.se", "analytiker")
CHEF = Actor("chris.chef@kommun.se", "chef", ("U001", "U002"))
POLITIKER = Actor("pia.politik@kommun.se", "politiker")


@pytest.fixture
def store(store_url: str) -> Iterator[ActionStore]:  # noqa: F811
    s = ActionStore(store_url, clock=lambda: NOW)
    yield s
    s.close()


def _table_counts(s: ActionStore) -> dict[str, int]:
    with s.engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in metadata.sorted_tables
        }


def test_create_read_update_appends_history(store: ActionStore) -> None:
    created = store.create(
        ANALYTIKER,
        title="  Fallronder nattetid ",
        description="Två ronder per natt",
        units=["U002", "U001", "U001"],
        links="avvikelse:A-1, Lex Sarah:LS-7",
        responsible="Enhetschef",
        due_date="2024-06-30",
    )
    assert created.title == "Fallronder nattetid"
    assert created.units == ("U001", "U002")
    assert created.links == (("avvikelse", "A-1"), ("lex_sarah", "LS-7"))
    assert created.status == "planerad" and created.status_label == "Planerad"
    assert created.due_date == dt.date(2024, 6, 30)
    assert created.version == 1 and created.created_by == ANALYTIKER.user
    assert created.created_at == NOW
    assert store.get(ANALYTIKER, created.id) == created

    first = store.history(ANALYTIKER, created.id)
    assert {h.field for h in first} == {
        "title",
        "description",
        "units",
        "links",
        "responsible",
        "due_date",
        "status",
    }
    assert all(h.version == 1 and h.old_value is None for h in first)

    updated = store.update(CHEF, created.id, 1, status="genomford", effect_text="Färre fall")
    assert updated.version == 2
    assert updated.status == "genomford"
    assert updated.completed_date == TODAY  # set when the status becomes genomförd
    assert updated.updated_by == CHEF.user

    history = store.history(ANALYTIKER, created.id)
    assert history[: len(first)] == first  # earlier rows untouched
    added = {
        (h.field, h.old_value, h.new_value, h.version, h.changed_by, h.role) for h in history[len(first) :]
    }
    assert added == {
        ("status", "planerad", "genomford", 2, CHEF.user, "chef"),
        ("completed_date", None, "2024-05-10", 2, CHEF.user, "chef"),
        ("effect_text", "", "Färre fall", 2, CHEF.user, "chef"),
    }

    # Saving the same values is no change: no new version, no history.
    same = store.update(ANALYTIKER, created.id, 2, status="Genomförd")
    assert same.version == 2
    assert len(store.history(ANALYTIKER, created.id)) == len(history)

    # Reopening clears the completed date, and that is history too.
    reopened = store.update(ANALYTIKER, created.id, 2, status="pågående")
    assert reopened.status == "pagaende" and reopened.completed_date is None
    assert store.history(ANALYTIKER, created.id)[-1].field in {"status", "completed_date"}


def test_history_rows_cannot_be_changed_or_deleted(store: ActionStore) -> None:
    a = store.create(ANALYTIKER, title="Ny rutin")
    before = store.history(ANALYTIKER, a.id)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with store.engine.begin() as conn:
            conn.execute(sa.update(action_history).values(new_value="förfalskat"))
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with store.engine.begin() as conn:
            conn.execute(sa.delete(action_history))
    assert store.history(ANALYTIKER, a.id) == before


def test_stale_version_is_refused(store: ActionStore) -> None:
    a = store.create(ANALYTIKER, title="Signeringsgenomgång", units=["U001"])
    store.update(ANALYTIKER, a.id, a.version, responsible="Sara")
    counts = _table_counts(store)
    with pytest.raises(
        StaleVersionError, match=r"har ändrats av ada\.analys@kommun\.se.*version 1, nu version 2"
    ):
        store.update(CHEF, a.id, a.version, responsible="Chris")
    assert store.get(ANALYTIKER, a.id).responsible == "Sara"
    assert _table_counts(store) == counts


def test_validation_errors_are_swedish_and_write_nothing(store: ActionStore) -> None:
    with pytest.raises(ValidationError) as info:
        store.create(
            ANALYTIKER,
            title="  ",
            status="klar",
            units="U001, U999",
            due_date="31/12/2024",
            effect_measure="nöjdhet",
            known_units={"U001", "U002"},
        )
    text = str(info.value)
    assert "Titel: får inte vara tom." in text
    assert (
        'Status: värdet "klar" är inte en giltig status (planerad, pågående, genomförd, utvärderad, avbruten)'
        in text
    )
    assert "Enheter: okänd enhet U999." in text
    assert 'Klart senast: värdet "31/12/2024" är inte ett datum (ÅÅÅÅ-MM-DD' in text
    assert "Effektmått" in text
    with pytest.raises(ValidationError, match="Utvärdering: en utvärderad åtgärd behöver en utvärdering"):
        store.create(ANALYTIKER, title="Utan utvärdering", status="utvarderad")
    with pytest.raises(ValidationError, match="Okänt fält 'colour'"):
        store.create(ANALYTIKER, title="x", colour="röd")
    assert store.count() == 0
    assert _table_counts(store)["action_history"] == 0


def test_chef_only_for_own_units(store: ActionStore) -> None:
    other = store.create(ANALYTIKER, title="Annan enhet", units=["U003"])
    mixed = store.create(ANALYTIKER, title="Delad", units=["U001", "U003"])
    whole = store.create(ANALYTIKER, title="Hela förvaltningen")

    with pytest.raises(ActionPermissionError, match="inte för U003"):
        store.create(CHEF, title="Fel enhet", units=["U001", "U003"])
    with pytest.raises(ActionPermissionError, match="hela förvaltningen"):
        store.create(CHEF, title="Förvaltningen", units=[])
    for action in (other, mixed, whole):
        with pytest.raises(ActionPermissionError):
            store.update(CHEF, action.id, action.version, status="genomford")
        assert store.get(ANALYTIKER, action.id).status == "planerad"  # unchanged

    own = store.create(CHEF, title="Egen åtgärd", units=["U002"])
    assert own.created_by == CHEF.user
    with pytest.raises(ActionPermissionError, match="inte för U003"):
        store.update(CHEF, own.id, own.version, units=["U002", "U003"])
    done = store.update(CHEF, own.id, own.version, status="genomford")
    assert done.status == "genomford" and done.completed_date == TODAY

    assert [a.id for a in store.list_actions(CHEF)] == [own.id]
    assert {a.id for a in store.list_actions(ANALYTIKER)} == {other.id, mixed.id, whole.id, own.id}
    with pytest.raises(ActionPermissionError):
        store.get(CHEF, other.id)
    with pytest.raises(ActionPermissionError):
        store.history(CHEF, mixed.id)
    with pytest.raises(ActionNotFound, match="Åtgärd 999 finns inte"):
        store.get(ANALYTIKER, 999)


def test_scope_like_objects_work_as_actor(store: ActionStore) -> None:
    scope = SimpleNamespace(user="chris.chef@kommun.se", role="chef", units=("U001",))
    a = store.create(scope, title="Via Scope", units=["U001"])
    assert store.get(scope, a.id).created_by == "chris.chef@kommun.se"
    with pytest.raises(ValueError, match="Rollen chef kräver minst en enhet"):
        Actor("x", "chef", ())


def test_politiker_gets_only_the_summary(store: ActionStore) -> None:
    a = store.create(ANALYTIKER, title="Åtgärd", units=["U001"], due_date="2024-01-31")
    for call in (
        lambda: store.list_actions(POLITIKER),
        lambda: store.get(POLITIKER, a.id),
        lambda: store.history(POLITIKER, a.id),
        lambda: store.overdue(POLITIKER, TODAY),
        lambda: store.actions_for_record(POLITIKER, "avvikelse", "A-1"),
        lambda: store.share_with_completed_action(POLITIKER, "lex_sarah", ["LS-1"]),
    ):
        with pytest.raises(ActionPermissionError, match="politiker kan inte se enskilda åtgärder"):
            call()
    with pytest.raises(ActionPermissionError, match="politiker kan inte registrera eller ändra"):
        store.create(POLITIKER, title="Ny", units=["U001"])
    with pytest.raises(ActionPermissionError, match="politiker kan inte registrera eller ändra"):
        store.update(POLITIKER, a.id, a.version, title="Ändrad")
    assert store.get(ANALYTIKER, a.id).title == "Åtgärd"
    assert store.status_summary(POLITIKER, {"U001": "Äldreomsorg"}, TODAY) == [
        SummaryRow("Äldreomsorg", opened=1, overdue=1)
    ]


def test_status_summary_counts_per_group(store: ActionStore) -> None:
    groups = {"U001": "Äldreomsorg", "U002": "Äldreomsorg", "U003": "LSS"}
    store.create(ANALYTIKER, title="a", units=["U001"], due_date="2024-05-09")  # overdue
    store.create(ANALYTIKER, title="b", units=["U002"], due_date="2024-05-10")  # due today: not overdue
    store.create(ANALYTIKER, title="c", units=["U001", "U003"], status="genomford", due_date="2024-01-01")
    store.create(ANALYTIKER, title="d", units=["U003"], status="utvarderad", effect_text="Bra")
    store.create(ANALYTIKER, title="e", units=["U003"], status="avbruten", due_date="2024-01-01")
    store.create(ANALYTIKER, title="f", units=["U009"], status="pagaende", due_date="2023-12-31")
    store.create(ANALYTIKER, title="g")
    summary = {row.group: row for row in store.status_summary(POLITIKER, groups, TODAY)}
    assert summary == {
        "Hela förvaltningen": SummaryRow("Hela förvaltningen", opened=1),
        "LSS": SummaryRow("LSS", opened=3, completed=2, evaluated=1, cancelled=1),
        "Okänd enhet": SummaryRow("Okänd enhet", opened=1, overdue=1),
        "Äldreomsorg": SummaryRow("Äldreomsorg", opened=3, completed=1, overdue=1),
    }
    chef_view = store.status_summary(CHEF, groups, TODAY)
    assert chef_view == [SummaryRow("Äldreomsorg", opened=2, overdue=1)]


def test_overdue_and_list_filters(store: ActionStore) -> None:
    late = store.create(ANALYTIKER, title="Sen", units=["U001"], due_date="2024-05-01")
    late_ongoing = store.create(
        ANALYTIKER, title="Sen pågående", units=["U003"], due_date="2024-04-01", status="pagaende"
    )
    store.create(ANALYTIKER, title="I tid", units=["U001"], due_date="2024-06-01")
    store.create(ANALYTIKER, title="Utan datum", units=["U001"])
    store.create(ANALYTIKER, title="Klar", units=["U001"], due_date="2024-01-01", status="genomford")
    store.create(ANALYTIKER, title="Avbruten", units=["U001"], due_date="2024-01-01", status="avbruten")

    assert [a.id for a in store.overdue(ANALYTIKER, TODAY)] == [late.id, late_ongoing.id]
    assert [a.id for a in store.overdue(CHEF, TODAY)] == [late.id]
    assert store.overdue(ANALYTIKER, dt.date(2024, 3, 1)) == []
    assert [a.title for a in store.list_actions(ANALYTIKER, units=["U003"])] == ["Sen pågående"]
    assert {a.title for a in store.list_actions(ANALYTIKER, status=["Genomförd", "avbruten"])} == {
        "Klar",
        "Avbruten",
    }
    assert [a.title for a in store.list_actions(ANALYTIKER, status="pagaende", overdue_on=TODAY)] == [
        "Sen pågående"
    ]


def test_actions_for_record_and_share_with_completed_action(store: ActionStore) -> None:
    evaluated = store.create(
        ANALYTIKER, title="Utvärderad", units=["U001"], links=[("lex_sarah", "LS-1"), ("avvikelse", "A-9")]
    )
    store.update(ANALYTIKER, evaluated.id, 1, status="utvarderad", effect_text="Inga nya fall")
    store.create(
        ANALYTIKER, title="Bara genomförd", units=["U001"], links=[("lex_sarah", "LS-2")], status="genomford"
    )
    store.create(
        ANALYTIKER,
        title="Annan enhet",
        units=["U003"],
        links="lex_sarah:LS-3",
        status="utvarderad",
        effect_text="ok",
    )

    assert [a.title for a in store.actions_for_record(ANALYTIKER, "Lex Sarah", "LS-1")] == ["Utvärderad"]
    assert [a.title for a in store.actions_for_record(ANALYTIKER, "avvikelse", "A-9")] == ["Utvärderad"]
    assert store.actions_for_record(ANALYTIKER, "avvikelse", "LS-1") == []

    share = store.share_with_completed_action(ANALYTIKER, "lex_sarah", ["LS-1", "LS-2", "LS-3", "LS-4"])
    assert share.with_action == {"LS-1", "LS-3"}
    assert share.share == 0.5
    chef_share = store.share_with_completed_action(CHEF, "lex_sarah", ["LS-1", "LS-2", "LS-3"])
    assert chef_share.with_action == {"LS-1"}  # the U003 action is not the chef's
    assert store.share_with_completed_action(ANALYTIKER, "lex_sarah", []).share is None


def test_migrations_bring_an_empty_database_to_head_idempotently(store_url: str) -> None:  # noqa: F811
    s = ActionStore(store_url, upgrade=False)
    try:
        assert s.schema_revision() is None
        assert not set(sa.inspect(s.engine).get_table_names()) & set(metadata.tables)
        s.upgrade()
        assert s.schema_revision() == migrate.head_revision() == "0001"
        s.upgrade()  # again: nothing to do, nothing breaks
        s.create(ANALYTIKER, title="Överlever en uppgradering")
        s.upgrade()
        assert s.schema_revision() == "0001"
        assert [a.title for a in s.list_actions(ANALYTIKER)] == ["Överlever en uppgradering"]
        assert set(metadata.tables) <= set(sa.inspect(s.engine).get_table_names())
        with s.engine.connect() as conn:  # the migrated schema is exactly the metadata the queries use
            ctx = MigrationContext.configure(
                conn, opts={"version_table": migrate.VERSION_TABLE, "compare_type": True}
            )
            assert compare_metadata(ctx, metadata) == []
        # A second store opened on the same database (upgrade on open) sees the same data.
        other = ActionStore(store_url)
        assert other.count() == 1
        other.close()
    finally:
        s.close()


def test_downgrade_to_base_and_back(store_url: str) -> None:  # noqa: F811
    s = ActionStore(store_url)
    try:
        migrate.downgrade(s.engine, "base")
        assert not set(sa.inspect(s.engine).get_table_names()) & set(metadata.tables)
        assert s.schema_revision() is None
        s.upgrade()
        assert s.create(ANALYTIKER, title="Igen").id == 1
    finally:
        s.close()


def test_store_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    monkeypatch.delenv(ENV_URL, raising=False)
    default = resolve_store_url(secrets_path=secrets)
    assert default.startswith("sqlite:///") and default.endswith("/data/actions.sqlite")
    assert Path(default.removeprefix("sqlite:///")).parent == Path(__file__).resolve().parents[1] / "data"

    secrets.write_text('[actions]\nurl = "postgresql+psycopg://app@db/secrets"\n', encoding="utf-8")
    assert resolve_store_url(secrets_path=secrets) == "postgresql+psycopg://app@db/secrets"
    monkeypatch.setenv(ENV_URL, "postgresql+psycopg://app@db/env")
    assert resolve_store_url(secrets_path=secrets) == "postgresql+psycopg://app@db/env"
    assert resolve_store_url("sqlite:///x.sqlite", secrets_path=secrets) == "sqlite:///x.sqlite"
    secrets.write_text("[actions\n", encoding="utf-8")
    monkeypatch.delenv(ENV_URL)
    with pytest.raises(ValueError, match="kan inte läsas"):
        resolve_store_url(secrets_path=secrets)


def test_default_sqlite_file_is_created_beside(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "data" / "actions.sqlite"
    with ActionStore(f"sqlite:///{path}") as s:
        s.create(ANALYTIKER, title="Fil")
    assert path.is_file()
    with ActionStore(f"sqlite:///{path}") as s:  # survives: a new store on the same file
        assert [a.title for a in s.list_actions(ANALYTIKER)] == ["Fil"]


def test_missing_postgres_fails_under_ci_and_skips_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import pg_server

    monkeypatch.setattr(pg_server, "PG_GLOB", "/nonexistent/postgresql/*/bin")
    with pytest.raises(FileNotFoundError, match="initdb/pg_ctl finns inte"):
        pg_server.start_server()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="får inte hoppas över"):
        pg_server._unavailable("saknas")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL-testerna kan inte köras: saknas"):
        pg_server._unavailable("saknas")
