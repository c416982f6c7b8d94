"""Sign-in and local mode (ui.auth): who gets a scope, and who sees nothing but a message.

No identity provider exists here: a signed-in user is simulated with AppTest.user (the claims
st.user reads) and AppTest.secrets (an [auth] section with placeholders).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from app_helpers import APP, TIMEOUT, assert_clean, metric, small_tables, texts, write_db
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from analytics import privacy
from analytics.privacy import roles
from ui import auth

AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "platshallare-inte-en-riktig-hemlighet",
        "client_id": "platshallare",
        "client_secret": "platshallare",
        "server_metadata_url": "https://idp.example.invalid/.well-known/openid-configuration",
    }
}

ROLE_FILE = """
[settings]
min_cell = 4

[users."anna.berg@kommun.se"]
role = "chef"
units = ["U2"]

[groups."politiker-nämnd"]
role = "politiker"
"""


@pytest.fixture(autouse=True)
def isolated(app_isolated, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The small database and its own role file (isolation: conftest.app_isolated)."""
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "small.duckdb", small_tables())))
    roles_path = tmp_path / "roles.toml"
    roles_path.write_text(ROLE_FILE, encoding="utf-8")
    monkeypatch.setenv("KVALITET_ROLES", str(roles_path))


def signed_in(user: dict | None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    at.query_params.update(query or {"ar": "2022"})
    at.run()
    return at


def local(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query or {"ar": "2022"})
    at.run()
    return at


def test_local_mode_says_so_in_the_sidebar(monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLES", "/finns/inte/roles.toml")  # local mode: file optional
    at = local()
    assert_clean(at)
    assert any(auth.LOCAL_MODE in m.value for m in at.sidebar.markdown)
    assert metric(at, "Fall") == "3"  # analytiker by default


def test_local_mode_refuses_to_show_data_on_a_network_address(monkeypatch) -> None:
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    try:
        at = local()
    finally:
        st_config.set_option("server.address", before)
    assert not at.exception
    assert any("bara köras på den egna datorn" in e.value for e in at.error)
    assert not at.metric and not at.dataframe and not at.sidebar.selectbox


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "[::1]"])
def test_loopback_addresses_are_local(address: str) -> None:
    assert auth.local_address_ok(address)


@pytest.mark.parametrize("address", ["0.0.0.0", "", "10.1.2.3", "::", "kvalitet.kommun.se"])
def test_other_addresses_are_not_local(address: str) -> None:
    assert not auth.local_address_ok(address)  # "" = unset: every interface


def test_sign_in_is_required_when_auth_is_configured() -> None:
    at = signed_in(None)
    assert not at.exception
    assert [b.label for b in at.button] == ["Logga in"]
    assert not at.metric and not at.dataframe and not at.sidebar.selectbox
    assert auth.LOCAL_MODE not in texts(at)


def test_unknown_user_sees_only_a_message() -> None:
    at = signed_in({"is_logged_in": True, "email": "okand@kommun.se", "groups": ["annan-grupp"]})
    assert not at.exception
    assert [w.value for w in at.warning] == [auth.UNKNOWN_USER]
    assert not at.metric and not at.dataframe and not at.sidebar.selectbox
    assert "Solrosen" not in texts(at) and "Tallen" not in texts(at)


def test_signed_in_chef_by_email_sees_only_own_unit() -> None:
    at = signed_in({"is_logged_in": True, "email": "Anna.Berg@kommun.se"})
    assert_clean(at)
    assert metric(at, "Fall") == "1"  # the one fall at U2, none of U1's two
    assert any(r"anna\.berg@kommun\.se" in c.value.lower() for c in at.sidebar.caption)  # escaped
    assert auth.LOCAL_MODE not in texts(at)


def test_signed_in_politiker_by_group_gets_suppressed_aggregates() -> None:
    at = signed_in({"is_logged_in": True, "email": "p@kommun.se", "groups": ["politiker-nämnd"]})
    assert_clean(at)
    assert metric(at, "Fall") != "3"  # 3 < min_cell 4 from the role file: hidden
    assert privacy.min_cell() == 4


def test_missing_role_file_with_auth_shows_nothing(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("KVALITET_ROLES", str(tmp_path / "saknas.toml"))
    at = signed_in({"is_logged_in": True, "email": "anna.berg@kommun.se"})
    assert not at.exception
    assert any("Behörigheterna kan inte läsas" in e.value for e in at.error)
    assert not any("saknas.toml" in e.value for e in at.error)  # no server paths to the user
    assert not at.metric and not at.dataframe


def test_broken_role_file_does_not_show_other_users_entries(monkeypatch, tmp_path) -> None:
    roles_file = tmp_path / "roller.toml"
    roles_file.write_text('[users."karin.ek@kommun.se"]\nrole = "chef"\n', encoding="utf-8")  # no units
    monkeypatch.setenv("KVALITET_ROLES", str(roles_file))
    at = signed_in({"is_logged_in": True, "email": "anna.berg@kommun.se"})
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "Behörigheterna kan inte läsas" in shown
    assert "karin.ek" not in shown and str(roles_file) not in shown
    assert not at.metric and not at.dataframe


def test_group_claims_as_string_or_list() -> None:
    assert auth.groups_of({"groups": ["a", "b"], "roles": "c"}) == ["a", "b", "c"]
    assert auth.groups_of({"email": "x@y.se"}) == []


def test_proxy_headers_mean_not_local() -> None:
    assert auth._through_proxy({"X-Forwarded-For": "10.0.0.1"})
    assert not auth._through_proxy({"Host": "localhost:8501"})


def test_unreadable_request_headers_fail_closed(monkeypatch) -> None:
    class Broken:
        @property
        def headers(self):
            raise RuntimeError("no request context")

    assert not auth.came_through_proxy()  # bare mode: no request, no proxy
    monkeypatch.setattr(auth.st, "context", Broken())
    assert auth._request_headers() is None
    assert auth.came_through_proxy()  # cannot tell: local mode is refused


def test_sign_in_name_without_an_email_claim() -> None:
    role_file = roles.parse('[users."anna.berg@kommun.se"]\nrole = "chef"\nunits = ["U2"]\n')
    scope = auth.signed_in_scope({"preferred_username": "anna.berg@kommun.se"}, role_file)
    assert scope is not None and scope.units == ("U2",)


def test_an_unreadable_secrets_file_shows_nothing_rather_than_local_mode(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "secrets.toml"
    bad.write_text('[auth]\nclient_secret = "hemlig-platshallare\n', encoding="utf-8")  # unclosed
    monkeypatch.setattr(st.secrets, "_secrets", None)  # parse again, from the file below
    before = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(bad)])
    try:
        at = local()
    finally:
        st_config.set_option("secrets.files", before)
    assert not at.exception
    assert [e.value for e in at.error] == [auth.SECRETS_UNREADABLE]
    assert auth.LOCAL_MODE not in texts(at)
    assert not at.metric and not at.dataframe and not at.sidebar.selectbox
    assert "hemlig-platshallare" not in texts(at) + " ".join(e.value for e in at.error)


def test_the_sign_in_name_is_shown_as_written_not_as_markdown() -> None:
    # "_" pairs would render "per_olof_s" as per, italic olof, s; a name is shown as it is
    at = signed_in({"is_logged_in": True, "email": "per_olof_s@kommun.se", "groups": ["politiker-nämnd"]})
    assert_clean(at)
    (caption,) = [c.value for c in at.sidebar.caption if c.value.startswith("Inloggad")]
    assert r"per\_olof\_s@kommun\.se" in caption
