"""The role file: who may see what (issue 5). TOML, read once at start.

Path: env KVALITET_ROLES, else .streamlit/roles.toml in the project folder.

```toml
# Everyone not listed (by e-mail or by group) sees nothing but a message.

[settings]
min_cell = 5            # optional: counts below this are shown as "<5" to politiker (>= 3)

[local]                 # optional: the role of local mode (no [auth] in secrets.toml)
role = "analytiker"     # default analytiker; a chef needs units

[users."anna.berg@kommun.se"]
role = "chef"
units = ["U001", "U002"]

[users."per.holm@kommun.se"]
role = "politiker"

[groups."sof-analys"]   # a group claim from the identity provider
role = "analytiker"

[groups."chefer-lss-norr"]
role = "chef"
units = ["U010", "U011"]
```

Resolution (`RoleFile.resolve(email, groups)`):
- an entry under [users] for the e-mail (compared without regard to case) decides alone;
- otherwise the [groups] entries of the user's groups: all must name the same role (a chef gets
  the union of their units); groups naming different roles give no access (None) until a
  [users] entry settles it: a conflict is never resolved by guessing;
- no entry: None (unknown user).

Roles: analytiker (everything), chef (only `units`, down to brukare level), politiker
(aggregates only, small counts suppressed). Every error names the file, the entry and the rule.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analytics import privacy
from analytics.db import ROOT
from analytics.filters import ROLES, Scope

ENV_ROLES = "KVALITET_ROLES"
DEFAULT_PATH = ROOT / ".streamlit" / "roles.toml"

_ENTRY_KEYS = frozenset({"role", "units"})
_SECTIONS = frozenset({"settings", "local", "users", "groups"})


class RoleFileError(ValueError):
    """The role file cannot be used; the message (Swedish) says where and why."""


@dataclass(frozen=True)
class Entry:
    role: str
    units: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RoleFile:
    users: Mapping[str, Entry] = field(default_factory=dict)  # lower-case e-mail -> entry
    groups: Mapping[str, Entry] = field(default_factory=dict)
    local: Entry = Entry("analytiker")
    min_cell: int | None = None
    source: str = ""

    def resolve(self, email: str | None, groups: Iterable[str] = ()) -> Scope | None:
        """The scope of a signed-in user, or None when the file gives them no (clear) role."""
        user = (email or "").strip()
        entry = self.users.get(user.lower()) if user else None
        if entry is not None:
            return Scope(entry.role, entry.units, user)
        found = [self.groups[g] for g in sorted(set(groups)) if g in self.groups]
        roles = {e.role for e in found}
        if len(roles) != 1:
            return None
        role = roles.pop()
        units = tuple(sorted({u for e in found for u in e.units or ()})) if role == "chef" else None
        return Scope(role, units, user or "okänd")

    def local_scope(self) -> Scope:
        """The scope of local mode (no login): [local], default analytiker."""
        return Scope(self.local.role, self.local.units, "lokal")

    def unit_ids(self) -> frozenset[str]:
        """Every unit id the file names (to check against the units table)."""
        entries = [*self.users.values(), *self.groups.values(), self.local]
        return frozenset(u for e in entries for u in e.units or ())

    def unknown_units(self, known: Iterable[str]) -> list[str]:
        """Unit ids in the file that are not in `known` (the loaded units), sorted."""
        return sorted(self.unit_ids() - set(known))


def default_path() -> Path:
    return Path(os.environ.get(ENV_ROLES) or DEFAULT_PATH)


def _entry(value: Any, where: str) -> Entry:
    if not isinstance(value, dict):
        raise RoleFileError(f"{where}: ska vara en tabell med role (och units för chef).")
    unknown = sorted(set(value) - _ENTRY_KEYS)
    if unknown:
        raise RoleFileError(f"{where}: okänd nyckel {', '.join(unknown)}. Tillåtna: role, units.")
    role = value.get("role")
    if role not in ROLES:
        raise RoleFileError(f"{where}: okänd roll {role!r}. Tillåtna: {', '.join(ROLES)}.")
    units = value.get("units")
    if role != "chef":
        if units is not None:
            raise RoleFileError(f"{where}: units gäller bara rollen chef (rollen är {role}).")
        return Entry(role)
    if not isinstance(units, list) or not units:
        raise RoleFileError(f'{where}: rollen chef kräver units, t.ex. units = ["U001", "U002"].')
    bad = [u for u in units if not isinstance(u, str) or not u.strip()]
    if bad:
        raise RoleFileError(f"{where}: units ska vara enhets-id som text, inte {bad[0]!r}.")
    return Entry(role, tuple(sorted({u.strip() for u in units})))


def parse(text: str, source: str = "roles.toml") -> RoleFile:
    """A RoleFile from TOML text; RoleFileError with file, entry and rule on any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RoleFileError(f"{source}: inte giltig TOML: {e}") from None
    unknown = sorted(set(data) - _SECTIONS)
    if unknown:
        raise RoleFileError(
            f"{source}: okänd sektion {', '.join(unknown)}. Tillåtna: settings, local, users, groups."
        )
    for section in ("settings", "local", "users", "groups"):
        if section in data and not isinstance(data[section], dict):
            raise RoleFileError(f"{source}: [{section}] ska vara en tabell.")
    settings = data.get("settings", {})
    extra = sorted(set(settings) - {"min_cell"})
    if extra:
        raise RoleFileError(f"{source}: [settings] okänd nyckel {', '.join(extra)}. Tillåten: min_cell.")
    min_cell = None
    if "min_cell" in settings:
        value = settings["min_cell"]
        if not isinstance(value, int) or isinstance(value, bool):
            raise RoleFileError(f"{source}: [settings] min_cell ska vara ett heltal, inte {value!r}.")
        try:
            min_cell = privacy.check_min_cell(value)
        except ValueError as e:
            raise RoleFileError(f"{source}: [settings] min_cell: {e}") from None
    users: dict[str, Entry] = {}
    for email, value in data.get("users", {}).items():
        key = email.strip().lower()
        if "@" not in key:
            raise RoleFileError(f'{source}: [users."{email}"]: ska vara en e-postadress.')
        if key in users:
            raise RoleFileError(f'{source}: [users."{email}"]: adressen står två gånger.')
        users[key] = _entry(value, f'{source}: [users."{email}"]')
    groups = {
        name: _entry(value, f'{source}: [groups."{name}"]') for name, value in data.get("groups", {}).items()
    }
    local = _entry(data["local"], f"{source}: [local]") if "local" in data else Entry("analytiker")
    return RoleFile(users, groups, local, min_cell, source)


def load(path: str | Path | None = None) -> RoleFile:
    """Read and validate the role file (default_path() when not given)."""
    path = Path(path) if path is not None else default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RoleFileError(
            f"Rollfilen finns inte: {path}. Skapa den (se README) eller ange sökvägen i {ENV_ROLES}."
        ) from None
    except (OSError, UnicodeDecodeError) as e:
        raise RoleFileError(f"Kan inte läsa rollfilen {path}: {e}") from None
    return parse(text, str(path))


def resolve(email: str | None, groups: Iterable[str] = (), path: str | Path | None = None) -> Scope | None:
    """load(path).resolve(email, groups): the user's scope, or None for an unknown user."""
    return load(path).resolve(email, groups)
