"""The action register (åtgärdsregister): from analysis to action, kept outside the analytics DB.

    store = ActionStore()                  # store_url(): data/actions.sqlite, or the configured URL
    me = Actor("anna.berg@kommun.se", "chef", ("U001", "U002"))
    a = store.create(me, title="Fallronder nattetid", units=["U001"], due_date="2024-03-31")
    a = store.update(me, a.id, a.version, status="genomford")
    store.history(me, a.id)                # every change: who, when, field, before, after

Design:
- SQLAlchemy Core (no ORM): the register is four small tables and a few set-based queries; Core
  gives bound parameters and one code path for SQLite (default, one file beside the analytics
  database) and PostgreSQL (when configured), without an object layer to keep in sync.
- Alembic migrations shipped in the package (analytics.stores.migrate); opening a store brings the
  schema to head, so a new version of the product upgrades an old register by itself.
- Every change writes append-only history rows in the same transaction as the change; the
  database refuses UPDATE and DELETE on the history table (triggers).
- Optimistic concurrency: each action has a version; an update names the version it was based on
  and is refused (StaleVersionError) when someone else saved in between.
- Authorisation is enforced here, not only in the UI: analytiker everything; chef only actions
  whose units are all among their own (a förvaltning-wide action, with no units, is not theirs to
  read or change); politiker no single actions at all, only status_summary() (the caller
  suppresses small counts).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import URL, make_url

from analytics.stores import migrate
from analytics.stores.schema import LINK_KINDS, STATUS_CODES, action_history, action_links, action_units
from analytics.stores.schema import actions as actions_table

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "data" / "actions.sqlite"
DEFAULT_SECRETS = ROOT / ".streamlit" / "secrets.toml"
ENV_URL = "KVALITET_ACTIONS_URL"
LOCAL_TZ = ZoneInfo("Europe/Stockholm")

STATUS_LABELS: dict[str, str] = {
    "planerad": "Planerad",
    "pagaende": "Pågående",
    "genomford": "Genomförd",
    "utvarderad": "Utvärderad",
    "avbruten": "Avbruten",
}
assert tuple(STATUS_LABELS) == STATUS_CODES
OPEN_STATUSES = ("planerad", "pagaende")
DONE_STATUSES = ("genomford", "utvarderad")

LINK_KIND_LABELS: dict[str, str] = {
    "avvikelse": "Avvikelse",
    "lex_sarah": "Lex Sarah",
    "klagomal": "Klagomål",
    "risk": "Risk",
    "egenkontroll": "Egenkontroll",
}
assert tuple(LINK_KIND_LABELS) == LINK_KINDS

# The measures an action's effect can be followed with (codes the analysis pages know).
EFFECT_MEASURES: dict[str, str] = {
    "falls_per_brukare_month": "Fall per brukare och månad",
    "deviations_per_brukare_month": "Avvikelser per brukare och månad",
    "violence_per_brukare_month": "Våld och hot per brukare och månad",
    "signing_rate": "Andel signerade insatser",
}

ROLES = ("analytiker", "chef", "politiker")

# Swedish field names, for messages and the history view.
FIELD_LABELS: dict[str, str] = {
    "title": "Titel",
    "description": "Beskrivning",
    "units": "Enheter",
    "links": "Kopplade ärenden",
    "responsible": "Ansvarig",
    "due_date": "Klart senast",
    "status": "Status",
    "completed_date": "Genomförd datum",
    "effect_text": "Utvärdering",
    "effect_measure": "Effektmått",
}
FIELDS = tuple(FIELD_LABELS)
_SCALAR_FIELDS = tuple(f for f in FIELDS if f not in ("units", "links"))
TEXT_LIMITS = {"title": 200, "responsible": 200, "description": 10_000, "effect_text": 10_000}
ID_LIMITS = {"unit": 64, "record": 128}
_IN_CHUNK = 500  # values per IN (...) list

Link = tuple[str, str]  # (kind, record_id)


# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------


def _secrets_url(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"{path}: kan inte läsas ({e}).") from None
    section = data.get("actions")
    url = section.get("url") if isinstance(section, dict) else None
    return url.strip() if isinstance(url, str) and url.strip() else None


def store_url(explicit: str | None = None, *, secrets_path: Path | None = DEFAULT_SECRETS) -> str:
    """Where the register lives: explicit argument > env KVALITET_ACTIONS_URL > secrets > default.

    The secrets step reads `[actions] url = "..."` from .streamlit/secrets.toml (the file the app
    reads), so the command line and the app use the same store; pass secrets_path=None to skip it.
    The default is SQLite in one file beside the analytics database: <repo>/data/actions.sqlite.
    """
    if explicit and explicit.strip():
        return explicit.strip()
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env
    if secrets_path is not None:
        url = _secrets_url(secrets_path)
        if url:
            return url
    return f"sqlite:///{DEFAULT_PATH}"


def shown_url(url: str | URL) -> str:
    """The URL with any password masked, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


# ---------------------------------------------------------------------------------------------
# Who is acting
# ---------------------------------------------------------------------------------------------


class ActorLike(Protocol):
    """Anything with user, role and units (analytics.filters.Scope qualifies)."""

    @property
    def user(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def units(self) -> tuple[str, ...] | None: ...


@dataclass(frozen=True)
class Actor:
    """Who is acting: user name (for the history), role, and for a chef the permitted units."""

    user: str
    role: str = "analytiker"
    units: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"Okänd roll: {self.role!r}. Tillåtna: {', '.join(ROLES)}.")
        if not str(self.user).strip():
            raise ValueError("En användare (namn eller e-post) krävs för åtgärdsregistret.")
        object.__setattr__(self, "units", tuple(sorted({str(u) for u in (self.units or ())})))
        if self.role == "chef" and not self.units:
            raise ValueError("Rollen chef kräver minst en enhet.")


def as_actor(actor: ActorLike) -> Actor:
    """An Actor from an Actor or any object with user, role and units (e.g. filters.Scope)."""
    if isinstance(actor, Actor):
        return actor
    return Actor(str(actor.user), str(actor.role), tuple(actor.units or ()))


# ---------------------------------------------------------------------------------------------
# Errors (messages in Swedish, for the user)
# ---------------------------------------------------------------------------------------------


class ActionError(Exception):
    """Base of the register's errors; str(e) is a Swedish message fit to show."""


class ValidationError(ActionError, ValueError):
    """One or more fields are invalid; .problems lists (field, message)."""

    def __init__(self, problems: Sequence[tuple[str, str]]):
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))


class StaleVersionError(ActionError):
    """Someone else saved the action after the version the update was based on."""


class ActionNotFound(ActionError, LookupError):
    """No action with that id."""


class ActionPermissionError(ActionError, PermissionError):
    """The actor's role or units do not allow this."""


class Invalid(ValueError):
    """A value a parser refuses: .rule names the rule, .reason completes 'värdet "x" ...'."""

    def __init__(self, rule: str, reason: str):
        self.rule = rule
        self.reason = reason
        super().__init__(reason)


# ---------------------------------------------------------------------------------------------
# Parsing single values (shared with the Excel import)
# ---------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without diacritics and with spaces/hyphens as underscores: 'Lex Sarah' -> 'lex_sarah'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "_".join(plain.replace("-", " ").split())


_STATUS_BY_NAME = {_fold(k): k for k in STATUS_LABELS} | {_fold(v): k for k, v in STATUS_LABELS.items()}
_KIND_BY_NAME = {_fold(k): k for k in LINK_KIND_LABELS} | {_fold(v): k for k, v in LINK_KIND_LABELS.items()}
_MEASURE_BY_NAME = {_fold(k): k for k in EFFECT_MEASURES} | {_fold(v): k for k, v in EFFECT_MEASURES.items()}


def parse_status(value: Any) -> str:
    """A status code from a code or a Swedish label ('pågående', 'Pågående', 'pagaende')."""
    code = _STATUS_BY_NAME.get(_fold(str(value))) if value is not None else None
    if code is None:
        allowed = ", ".join(label.lower() for label in STATUS_LABELS.values())
        raise Invalid("status", f"är inte en giltig status ({allowed})")
    return code


def parse_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or a text YYYY-MM-DD; None for empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else _iso_midnight(text)
        except ValueError:
            pass
    raise Invalid("date", "är inte ett datum (ÅÅÅÅ-MM-DD, t.ex. 2024-03-31)")


def _iso_midnight(text: str) -> dt.date:
    """'2024-03-31 00:00:00' (a date that went through a spreadsheet as text)."""
    stamp = dt.datetime.fromisoformat(text)
    if stamp.time() != dt.time(0):
        raise ValueError(text)
    return stamp.date()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


def parse_units(value: Any) -> tuple[str, ...]:
    """Unit ids from 'U001, U002' or an iterable; () means the whole förvaltning."""
    if value is None:
        return ()
    parts = _split(value) if isinstance(value, str) else [str(v).strip() for v in value if str(v).strip()]
    too_long = [p for p in parts if len(p) > ID_LIMITS["unit"]]
    if too_long:
        raise Invalid("unit_length", f"har ett enhets-id längre än {ID_LIMITS['unit']} tecken")
    return tuple(sorted(set(parts)))


def parse_links(value: Any) -> tuple[Link, ...]:
    """Linked records from 'avvikelse:A-12, lex sarah:LS-3' or an iterable of (kind, id) pairs."""
    if value is None:
        return ()
    if isinstance(value, str):
        pairs: list[tuple[str, str]] = []
        for part in _split(value):
            kind, sep, record = part.partition(":")
            if not sep:
                raise Invalid("link_form", "ska skrivas typ:id, t.ex. avvikelse:A-123 eller lex_sarah:LS-7")
            pairs.append((kind, record))
    else:
        pairs = [(str(k), str(r)) for k, r in value]
    out = set()
    for kind, record in pairs:
        code = _KIND_BY_NAME.get(_fold(kind))
        if code is None:
            allowed = ", ".join(LINK_KINDS)
            raise Invalid("link_kind", f"har ärendetypen {kind.strip()!r}, som inte finns ({allowed})")
        record = record.strip()
        if not record or len(record) > ID_LIMITS["record"]:
            raise Invalid("link_id", f"saknar ärende-id efter {code}: (högst {ID_LIMITS['record']} tecken)")
        out.add((code, record))
    return tuple(sorted(out))


def parse_measure(value: Any) -> str | None:
    """An effect measure code from a code or its Swedish label; None for empty."""
    if value is None or not str(value).strip():
        return None
    code = _MEASURE_BY_NAME.get(_fold(str(value)))
    if code is None:
        allowed = ", ".join(EFFECT_MEASURES.values())
        raise Invalid("measure", f"är inget känt effektmått ({allowed}; eller dess kod)")
    return code


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One action as stored; units () means the whole förvaltning."""

    id: int
    title: str
    description: str
    units: tuple[str, ...]
    links: tuple[Link, ...]
    responsible: str
    due_date: dt.date | None
    status: str
    completed_date: dt.date | None
    effect_text: str
    effect_measure: str | None
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    version: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def whole_forvaltning(self) -> bool:
        return not self.units

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_date is not None and self.due_date < today and self.status in OPEN_STATUSES

    def fields(self) -> dict[str, Any]:
        """The editable fields (FIELDS) as a dict."""
        return {name: getattr(self, name) for name in FIELDS}


@dataclass(frozen=True)
class HistoryEntry:
    """One changed field of one saved change (a change of three fields gives three entries)."""

    id: int
    action_id: int
    version: int
    at: dt.datetime
    changed_by: str
    role: str
    field: str
    old_value: str | None
    new_value: str | None

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class SummaryRow:
    """Counts of actions for one group (area or unit type) — for politiker, before suppression."""

    group: str
    opened: int = 0  # registered actions, every status
    completed: int = 0  # genomford + utvarderad
    evaluated: int = 0  # utvarderad
    overdue: int = 0  # due date passed, still planerad/pagaende
    cancelled: int = 0  # avbruten


@dataclass(frozen=True)
class RecordShare:
    """Of the records asked about, those with at least one completed and evaluated action."""

    kind: str
    records: frozenset[str]
    with_action: frozenset[str] = field(default_factory=frozenset)

    @property
    def share(self) -> float | None:
        return len(self.with_action) / len(self.records) if self.records else None


def _history_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        if not value:
            return ""
        if isinstance(value[0], tuple):
            return ", ".join(f"{kind}:{record}" for kind, record in value)
        return ", ".join(value)
    return str(value)


def _aware(stamp: dt.datetime) -> dt.datetime:
    """SQLite returns naive timestamps; they were written in UTC."""
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


# ---------------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------------


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("pragma foreign_keys = on")
    cur.close()


class ActionStore:
    """The action register in its own database (SQLite file or PostgreSQL), schema kept at head."""

    def __init__(
        self,
        url: str | URL | None = None,
        *,
        upgrade: bool = True,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        """Open the store at `url` (default store_url()); upgrade=True migrates it to head first."""
        self.url = make_url(url if url is not None else store_url())
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        kwargs: dict[str, Any] = {}
        if self.url.get_backend_name() == "sqlite":
            database = self.url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if upgrade:
            self.upgrade()

    def __repr__(self) -> str:
        return f"ActionStore({shown_url(self.url)!r})"

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> ActionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------------

    def upgrade(self) -> None:
        """Bring the schema to the newest migration shipped with the product (idempotent)."""
        migrate.upgrade(self.engine)

    def schema_revision(self) -> str | None:
        """The migration revision the store is at."""
        return migrate.current_revision(self.engine)

    # -- time ----------------------------------------------------------------------------------

    def _now(self) -> dt.datetime:
        return _aware(self._clock())

    def _today(self) -> dt.date:
        return self._now().astimezone(LOCAL_TZ).date()

    # -- authorisation -------------------------------------------------------------------------

    @staticmethod
    def _may_read(actor: Actor, units: Collection[str]) -> bool:
        if actor.role == "analytiker":
            return True
        if actor.role == "chef":
            return bool(units) and set(units) <= set(actor.units)
        return False

    @staticmethod
    def _deny_politiker_read(actor: Actor) -> None:
        if actor.role == "politiker":
            raise ActionPermissionError(
                "Rollen politiker kan inte se enskilda åtgärder, bara sammanställningen per område."
            )

    @staticmethod
    def _check_write(actor: Actor, units: Collection[str]) -> None:
        if actor.role == "analytiker":
            return
        if actor.role == "politiker":
            raise ActionPermissionError("Rollen politiker kan inte registrera eller ändra åtgärder.")
        if not units:
            raise ActionPermissionError(
                "En åtgärd för hela förvaltningen (utan enheter) kan bara registreras eller ändras av "
                f"en analytiker. Ange någon av dina enheter ({', '.join(actor.units)})."
            )
        foreign = sorted(set(units) - set(actor.units))
        if foreign:
            raise ActionPermissionError(
                f"Du kan bara registrera och ändra åtgärder för dina enheter ({', '.join(actor.units)}), "
                f"inte för {', '.join(foreign)}."
            )

    def check_write(self, actor: ActorLike, units: Collection[str]) -> None:
        """ActionPermissionError unless the actor may create or change an action for `units`."""
        self._check_write(as_actor(actor), tuple(units))

    def status_problems(self, values: Mapping[str, Any]) -> list[tuple[str, str]]:
        """The cross-field rules (status, dates, evaluation) for a full set of parsed values.

        Returns (field, message) pairs, messages starting with the field's Swedish label; `values`
        is not changed.
        """
        full = dict(values)
        return self._complete(full, set(values) | {"status"})

    @staticmethod
    def _visible(actor: Actor) -> Any:
        """A WHERE condition on actions for what the actor may read (None: everything)."""
        if actor.role != "chef":
            return None
        own = exists().where(action_units.c.action_id == actions_table.c.id)
        foreign = exists().where(
            action_units.c.action_id == actions_table.c.id, action_units.c.unit_id.not_in(actor.units)
        )
        return and_(own, ~foreign)

    # -- validation ----------------------------------------------------------------------------

    @staticmethod
    def _normalise(
        raw: Mapping[str, Any], known_units: Collection[str] | None
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Parse the given fields; returns (values, problems). Only fields present are returned."""
        values: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        unknown = sorted(set(raw) - set(FIELDS))
        for name in unknown:
            problems.append((name, f"Okänt fält {name!r} (kända: {', '.join(FIELDS)})."))
        parsers: dict[str, Callable[[Any], Any]] = {
            "units": parse_units,
            "links": parse_links,
            "due_date": parse_date,
            "completed_date": parse_date,
            "status": parse_status,
            "effect_measure": parse_measure,
        }
        for name in FIELDS:
            if name not in raw:
                continue
            value = raw[name]
            label = FIELD_LABELS[name]
            if name in parsers:
                try:
                    values[name] = parsers[name](value)
                except Invalid as e:
                    problems.append((name, f'{label}: värdet "{value}" {e.reason}.'))
                continue
            text = _text(value)
            if name == "title" and not text:
                problems.append((name, "Titel: får inte vara tom."))
            elif len(text) > TEXT_LIMITS[name]:
                problems.append((name, f"{label}: högst {TEXT_LIMITS[name]} tecken (nu {len(text)})."))
            values[name] = text
        if known_units is not None and values.get("units"):
            missing = sorted(set(values["units"]) - set(known_units))
            if missing:
                problems.append(("units", f"Enheter: okänd enhet {', '.join(missing)}."))
        return values, problems

    def _complete(self, values: dict[str, Any], changed: Collection[str]) -> list[tuple[str, str]]:
        """Apply the status rules to a full set of values; returns problems."""
        problems: list[tuple[str, str]] = []
        status = values["status"]
        if status in DONE_STATUSES and values["completed_date"] is None:
            values["completed_date"] = self._today()
        elif status not in DONE_STATUSES and values["completed_date"] is not None:
            if "completed_date" in changed:  # given explicitly with a status that is not done
                problems.append(
                    (
                        "completed_date",
                        "Genomförd datum: kan bara anges när status är genomförd eller utvärderad.",
                    )
                )
            else:
                values["completed_date"] = None
        if status == "utvarderad" and not values["effect_text"]:
            problems.append(("effect_text", "Utvärdering: en utvärderad åtgärd behöver en utvärdering."))
        if values["completed_date"] and values["completed_date"] > self._today():
            problems.append(("completed_date", "Genomförd datum: kan inte ligga i framtiden."))
        return problems

    def _prepare_new(self, raw: Mapping[str, Any], known_units: Collection[str] | None) -> dict[str, Any]:
        values, problems = self._normalise(raw, known_units)
        if "title" not in raw:
            problems.append(("title", "Titel: får inte vara tom."))
        full = {
            "title": "",
            "description": "",
            "units": (),
            "links": (),
            "responsible": "",
            "due_date": None,
            "status": "planerad",
            "completed_date": None,
            "effect_text": "",
            "effect_measure": None,
        } | values
        if not problems:
            problems += self._complete(full, set(values) | {"status"})
        if problems:
            raise ValidationError(problems)
        return full

    # -- reading -------------------------------------------------------------------------------

    @staticmethod
    def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
        for i in range(0, len(values), _IN_CHUNK):
            yield values[i : i + _IN_CHUNK]

    def _fetch(
        self, conn: Connection, where: Sequence[Any] = (), *, for_update: bool = False
    ) -> list[Action]:
        query = select(actions_table).where(*where).order_by(actions_table.c.id)
        if for_update:
            query = query.with_for_update()
        rows = conn.execute(query).mappings().all()
        ids = [row["id"] for row in rows]
        units: dict[int, list[str]] = {i: [] for i in ids}
        links: dict[int, list[Link]] = {i: [] for i in ids}
        for chunk in self._chunks(ids):
            for action_id, unit_id in conn.execute(
                select(action_units.c.action_id, action_units.c.unit_id).where(
                    action_units.c.action_id.in_(chunk)
                )
            ):
                units[action_id].append(unit_id)
            for action_id, kind, record_id in conn.execute(
                select(action_links.c.action_id, action_links.c.kind, action_links.c.record_id).where(
                    action_links.c.action_id.in_(chunk)
                )
            ):
                links[action_id].append((kind, record_id))
        return [
            Action(
                id=row["id"],
                title=row["title"],
                description=row["description"],
                units=tuple(sorted(units[row["id"]])),
                links=tuple(sorted(links[row["id"]])),
                responsible=row["responsible"],
                due_date=row["due_date"],
                status=row["status"],
                completed_date=row["completed_date"],
                effect_text=row["effect_text"],
                effect_measure=row["effect_measure"],
                created_at=_aware(row["created_at"]),
                created_by=row["created_by"],
                updated_at=_aware(row["updated_at"]),
                updated_by=row["updated_by"],
                version=row["version"],
            )
            for row in rows
        ]

    def _get_readable(self, conn: Connection, actor: Actor, action_id: int, **kw: Any) -> Action:
        found = self._fetch(conn, [actions_table.c.id == action_id], **kw)
        if not found:
            raise ActionNotFound(f"Åtgärd {action_id} finns inte.")
        action = found[0]
        if not self._may_read(actor, action.units):
            raise ActionPermissionError(f"Åtgärd {action_id} gäller inte (bara) dina enheter.")
        return action

    def get(self, actor: ActorLike, action_id: int) -> Action:
        """One action; ActionNotFound if there is none, ActionPermissionError if not the actor's."""
        who = as_actor(actor)
        self._deny_politiker_read(who)
        with self.engine.connect() as conn:
            return self._get_readable(conn, who, int(action_id))

    def list_actions(
        self,
        actor: ActorLike,
        units: Iterable[str] | None = None,
        status: str | Iterable[str] | None = None,
        overdue_on: dt.date | None = None,
    ) -> list[Action]:
        """The actions the actor may read, by id; filtered by any of `units`, status, and overdue."""
        who = as_actor(actor)
        self._deny_politiker_read(who)
        where: list[Any] = []
        visible = self._visible(who)
        if visible is not None:
            where.append(visible)
        if units is not None:
            wanted = parse_units(list(units))
            where.append(
                exists().where(
                    action_units.c.action_id == actions_table.c.id, action_units.c.unit_id.in_(wanted)
                )
            )
        if status is not None:
            codes = [parse_status(s) for s in ([status] if isinstance(status, str) else status)]
            where.append(actions_table.c.status.in_(codes))
        if overdue_on is not None:
            where.append(actions_table.c.due_date < overdue_on)
            where.append(actions_table.c.status.in_(OPEN_STATUSES))
        with self.engine.connect() as conn:
            return self._fetch(conn, where)

    def overdue(self, actor: ActorLike, today: dt.date) -> list[Action]:
        """Actions still planned or ongoing whose due date is before `today`."""
        return self.list_actions(actor, overdue_on=today)

    def actions_for_record(self, actor: ActorLike, kind: str, record_id: str) -> list[Action]:
        """The actions (that the actor may read) linked to one record, e.g. ('lex_sarah', 'LS-7')."""
        who = as_actor(actor)
        self._deny_politiker_read(who)
        ((code, record),) = parse_links([(kind, record_id)])
        where = [
            exists().where(
                action_links.c.action_id == actions_table.c.id,
                action_links.c.kind == code,
                action_links.c.record_id == record,
            )
        ]
        visible = self._visible(who)
        if visible is not None:
            where.append(visible)
        with self.engine.connect() as conn:
            return self._fetch(conn, where)

    def share_with_completed_action(
        self, actor: ActorLike, kind: str, record_ids: Iterable[str]
    ) -> RecordShare:
        """Which of `record_ids` (of one kind) have a completed and evaluated (utvarderad) action.

        For "share of lex Sarah cases with a completed and evaluated action": pass the cases of the
        period from the analytics database; RecordShare.share is the share. Only actions the actor
        may read count.
        """
        who = as_actor(actor)
        self._deny_politiker_read(who)
        ((code, _),) = parse_links([(kind, "x")])
        records = frozenset(str(r).strip() for r in record_ids if str(r).strip())
        found: set[str] = set()
        visible = self._visible(who)
        with self.engine.connect() as conn:
            for chunk in self._chunks(sorted(records)):
                query = (
                    select(action_links.c.record_id)
                    .distinct()
                    .join(actions_table, actions_table.c.id == action_links.c.action_id)
                    .where(
                        action_links.c.kind == code,
                        action_links.c.record_id.in_(chunk),
                        actions_table.c.status == "utvarderad",
                    )
                )
                if visible is not None:
                    query = query.where(visible)
                found.update(conn.execute(query).scalars())
        return RecordShare(code, records, frozenset(found))

    def history(self, actor: ActorLike, action_id: int) -> list[HistoryEntry]:
        """Every change of the action, oldest first (one entry per changed field)."""
        who = as_actor(actor)
        self._deny_politiker_read(who)
        with self.engine.connect() as conn:
            self._get_readable(conn, who, int(action_id))
            rows = conn.execute(
                select(action_history)
                .where(action_history.c.action_id == int(action_id))
                .order_by(action_history.c.id)
            ).mappings()
            return [HistoryEntry(**(dict(row) | {"at": _aware(row["at"])})) for row in rows]

    def all_history(self, actor: ActorLike) -> list[HistoryEntry]:
        """The history of every action the actor may read, by action and time (for the export)."""
        who = as_actor(actor)
        self._deny_politiker_read(who)
        query = select(action_history).order_by(action_history.c.action_id, action_history.c.id)
        visible = self._visible(who)
        if visible is not None:
            query = query.where(action_history.c.action_id.in_(select(actions_table.c.id).where(visible)))
        with self.engine.connect() as conn:
            return [
                HistoryEntry(**(dict(row) | {"at": _aware(row["at"])}))
                for row in conn.execute(query).mappings()
            ]

    def status_summary(
        self,
        actor: ActorLike,
        groups: Mapping[str, str],
        today: dt.date,
        *,
        whole_label: str = "Hela förvaltningen",
        unknown_label: str = "Okänd enhet",
    ) -> list[SummaryRow]:
        """Counts per group (e.g. area or unit type, from `groups`: unit_id -> group), by group name.

        An action counts once in every group one of its units belongs to; an action without units
        in `whole_label`. Every role may ask; a chef's counts cover only their actions. The counts
        are not suppressed: the caller applies the product's small-count rule for politiker.
        """
        who = as_actor(actor)
        where: list[Any] = []
        visible = self._visible(who)
        if visible is not None:
            where.append(visible)
        with self.engine.connect() as conn:
            found = self._fetch(conn, where)
        counts: dict[str, dict[str, int]] = {}
        for action in found:
            names = {groups.get(u, unknown_label) for u in action.units} if action.units else {whole_label}
            for name in names:
                c = counts.setdefault(
                    name, dict.fromkeys(("opened", "completed", "evaluated", "overdue", "cancelled"), 0)
                )
                c["opened"] += 1
                c["completed"] += action.status in DONE_STATUSES
                c["evaluated"] += action.status == "utvarderad"
                c["overdue"] += action.is_overdue(today)
                c["cancelled"] += action.status == "avbruten"
        return [SummaryRow(name, **c) for name, c in sorted(counts.items())]

    def count(self) -> int:
        """How many actions there are (no authorisation: a number for the data status page)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(actions_table)).scalar_one())

    # -- writing -------------------------------------------------------------------------------

    def _insert_action(
        self, conn: Connection, actor: Actor, values: Mapping[str, Any], now: dt.datetime
    ) -> int:
        scalars = {name: values[name] for name in _SCALAR_FIELDS}
        result = conn.execute(
            insert(actions_table).values(
                **scalars,
                created_at=now,
                created_by=actor.user,
                updated_at=now,
                updated_by=actor.user,
                version=1,
            )
        )
        (action_id,) = result.inserted_primary_key
        self._write_members(conn, action_id, values["units"], values["links"])
        self._append_history(
            conn,
            actor,
            action_id,
            1,
            now,
            [(name, None, values[name]) for name in FIELDS if values[name] not in (None, "", ())],
        )
        return int(action_id)

    @staticmethod
    def _write_members(
        conn: Connection, action_id: int, units: Sequence[str] | None, links: Sequence[Link] | None
    ) -> None:
        if units is not None:
            conn.execute(delete(action_units).where(action_units.c.action_id == action_id))
            if units:
                conn.execute(insert(action_units), [{"action_id": action_id, "unit_id": u} for u in units])
        if links is not None:
            conn.execute(delete(action_links).where(action_links.c.action_id == action_id))
            if links:
                conn.execute(
                    insert(action_links),
                    [{"action_id": action_id, "kind": k, "record_id": r} for k, r in links],
                )

    @staticmethod
    def _append_history(
        conn: Connection,
        actor: Actor,
        action_id: int,
        version: int,
        now: dt.datetime,
        changes: Sequence[tuple[str, Any, Any]],
    ) -> None:
        if not changes:
            return
        conn.execute(
            insert(action_history),
            [
                {
                    "action_id": action_id,
                    "version": version,
                    "at": now,
                    "changed_by": actor.user,
                    "role": actor.role,
                    "field": name,
                    "old_value": _history_text(old),
                    "new_value": _history_text(new),
                }
                for name, old, new in changes
            ],
        )

    def create(
        self, actor: ActorLike, *, known_units: Collection[str] | None = None, **fields: Any
    ) -> Action:
        """Register a new action (status planerad unless given) and its history; returns it.

        Fields: title (required), description, units (ids; empty = whole förvaltning), links
        ((kind, record_id) pairs or 'kind:id, ...'), responsible, due_date, status,
        completed_date, effect_text, effect_measure. `known_units`: refuse other unit ids.
        """
        (action_id,) = self.create_many(actor, [fields], known_units=known_units)
        return self.get(actor, action_id)

    def create_many(
        self,
        actor: ActorLike,
        items: Sequence[Mapping[str, Any]],
        *,
        known_units: Collection[str] | None = None,
    ) -> list[int]:
        """Register several actions in ONE transaction: all are saved, or (any error) none."""
        who = as_actor(actor)
        prepared: list[dict[str, Any]] = []
        problems: list[tuple[str, str]] = []
        for n, raw in enumerate(items, start=1):
            try:
                prepared.append(self._prepare_new(raw, known_units))
            except ValidationError as e:
                prefix = f"Åtgärd {n}: " if len(items) > 1 else ""
                problems += [(f, prefix + m) for f, m in e.problems]
        if problems:
            raise ValidationError(problems)
        for values in prepared:
            self._check_write(who, values["units"])
        now = self._now()
        with self._write() as conn:
            return [self._insert_action(conn, who, values, now) for values in prepared]

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def update(
        self,
        actor: ActorLike,
        action_id: int,
        version: int,
        *,
        known_units: Collection[str] | None = None,
        **changes: Any,
    ) -> Action:
        """Change fields of an action saved at `version`; history rows in the same transaction.

        StaleVersionError if the action has been saved since `version`; the status rules set
        completed_date when the status becomes genomförd (today, unless given) and clear it when
        the action is reopened or cancelled. Nothing changed: the action is returned as it is.
        """
        who = as_actor(actor)
        if who.role == "politiker":
            self._check_write(who, ())
        action_id = int(action_id)
        values, problems = self._normalise(changes, known_units)
        if problems:
            raise ValidationError(problems)
        now = self._now()
        with self._write() as conn:
            current = self._get_readable(conn, who, action_id, for_update=True)
            self._check_write(who, current.units)
            if current.version != version:
                raise self._stale(current, version)
            full = current.fields() | values
            problems = self._complete(full, set(values))
            if problems:
                raise ValidationError(problems)
            self._check_write(who, full["units"])
            diff = [
                (name, getattr(current, name), full[name])
                for name in FIELDS
                if getattr(current, name) != full[name]
            ]
            if not diff:
                return current
            changed = {name for name, _, _ in diff}
            result = conn.execute(
                update(actions_table)
                .where(actions_table.c.id == action_id, actions_table.c.version == version)
                .values(
                    **{name: full[name] for name in _SCALAR_FIELDS if name in changed},
                    updated_at=now,
                    updated_by=who.user,
                    version=actions_table.c.version + 1,
                )
            )
            if result.rowcount != 1:  # saved by someone else between the read and this update
                raise self._stale(current, version)
            self._write_members(
                conn,
                action_id,
                full["units"] if "units" in changed else None,
                full["links"] if "links" in changed else None,
            )
            self._append_history(conn, who, action_id, version + 1, now, diff)
        return self.get(who, action_id)

    @staticmethod
    def _stale(current: Action, version: int) -> StaleVersionError:
        return StaleVersionError(
            f"Åtgärd {current.id} har ändrats av {current.updated_by} sedan du öppnade den "
            f"(du utgick från version {version}, nu version {current.version}). "
            "Ladda om åtgärden och gör ändringen igen."
        )
