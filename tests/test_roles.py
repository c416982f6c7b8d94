"""The role file: parsing, validation messages and resolution of a signed-in user."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.filters import Scope
from analytics.privacy import roles

EXAMPLE = """
[settings]
min_cell = 6

[local]
role = "chef"
units = ["U003"]

[users."Anna.Berg@kommun.se"]
role = "chef"
units = ["U002", "U001"]

[users."per.holm@kommun.se"]
role = "politiker"

[groups."sof-analys"]
role = "analytiker"

[groups."chefer-norr"]
role = "chef"
units = ["U010"]

[groups."chefer-syd"]
role = "chef"
units = ["U020", "U010"]

[groups."namnd"]
role = "politiker"
"""


@pytest.fixture
def role_file() -> roles.RoleFile:
    return roles.parse(EXAMPLE, "roles.toml")


def test_users_by_email_without_regard_to_case(role_file) -> None:
    assert role_file.resolve("anna.berg@KOMMUN.se") == Scope("chef", ("U001", "U002"), "anna.berg@KOMMUN.se")
    assert role_file.resolve("per.holm@kommun.se", ["sof-analys"]) == Scope(
        "politiker", None, "per.holm@kommun.se"
    )  # a users entry decides alone


def test_groups(role_file) -> None:
    assert role_file.resolve("eva@kommun.se", ["sof-analys", "alla"]).role == "analytiker"
    both = role_file.resolve("ola@kommun.se", ["chefer-syd", "chefer-norr"])
    assert both == Scope("chef", ("U010", "U020"), "ola@kommun.se")


def test_unknown_users_and_conflicting_groups_get_nothing(role_file) -> None:
    assert role_file.resolve("okand@kommun.se") is None
    assert role_file.resolve("okand@kommun.se", ["alla"]) is None
    assert role_file.resolve(None) is None
    assert role_file.resolve("", []) is None
    assert role_file.resolve("x@kommun.se", ["sof-analys", "namnd"]) is None


def test_settings_and_local_mode(role_file) -> None:
    assert role_file.min_cell == 6
    assert role_file.local_scope() == Scope("chef", ("U003",), "lokal")
    plain = roles.parse("", "tom.toml")
    assert plain.local_scope() == Scope("analytiker", None, "lokal")
    assert plain.min_cell is None and plain.resolve("a@b.se") is None


def test_unknown_units_against_the_units_table(role_file) -> None:
    assert role_file.unknown_units(["U001", "U002", "U003", "U010"]) == ["U020"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[users."a@b.se"]\nrole = "admin"', "roles.toml: [users.\"a@b.se\"]: okänd roll 'admin'"),
        ('[users."a@b.se"]\nrole = "chef"', "rollen chef kräver units"),
        ('[groups."g"]\nrole = "chef"\nunits = []', "rollen chef kräver units"),
        ('[groups."g"]\nrole = "chef"\nunits = [1]', "units ska vara enhets-id som text"),
        ('[users."a@b.se"]\nrole = "politiker"\nunits = ["U1"]', "units gäller bara rollen chef"),
        ('[users."a@b.se"]\nrole = "chef"\nunit = ["U1"]', "okänd nyckel unit"),
        ('[users."anna"]\nrole = "analytiker"', "ska vara en e-postadress"),
        ('[users."A@b.se"]\nrole = "analytiker"\n[users."a@B.se"]\nrole = "analytiker"', "två gånger"),
        ("[settings]\nmin_cell = 2", "aldrig vara lägre än 3"),
        ('[settings]\nmin_cell = "5"', "min_cell ska vara ett heltal"),
        ("[settings]\nthreshold = 5", "okänd nyckel threshold"),
        ("[admins]\nx = 1", "okänd sektion admins"),
        ('[local]\nrole = "chef"', "[local]: rollen chef kräver units"),
        ("users = 3", "[users] ska vara en tabell"),
        ("[users\nrole =", "inte giltig TOML"),
    ],
)
def test_bad_role_files_give_clear_errors(text: str, message: str) -> None:
    with pytest.raises(roles.RoleFileError) as err:
        roles.parse(text, "roles.toml")
    assert message in str(err.value)
    assert str(err.value).startswith("roles.toml")


def test_path_from_environment(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "roller.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    monkeypatch.setenv(roles.ENV_ROLES, str(path))
    assert roles.default_path() == path
    assert roles.resolve("per.holm@kommun.se").role == "politiker"
    monkeypatch.delenv(roles.ENV_ROLES)
    assert roles.default_path() == roles.DEFAULT_PATH
    with pytest.raises(roles.RoleFileError, match="Rollfilen finns inte"):
        roles.load(tmp_path / "saknas.toml")
