"""Who is looking: sign-in through the municipality's identity provider, or local mode.

- `[auth]` in .streamlit/secrets.toml: the app requires sign-in with `st.login` (OIDC). The role
  file (analytics.roles, env KVALITET_ROLES or .streamlit/roles.toml) maps the user's e-mail or a
  group claim to a Scope; a user the file does not name sees nothing but a message.
- no `[auth]`: local mode, for one person on their own computer. The server must listen on
  localhost only and the request must not come through a proxy; the role comes from env
  KVALITET_ROLE (+ KVALITET_UNITS for chef), else the role file's [local] section, else
  analytiker. The sidebar says "Lokalt läge – ingen inloggning".

`gate()` is called by app.py before anything reads the database: it returns the viewer's Scope
or renders the reason there is none and stops the run. Secrets are never shown or logged.
"""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from analytics import privacy
from analytics.filters import ROLES, Scope
from analytics.privacy import roles
from ui import markdown

log = logging.getLogger(__name__)

LOCAL_MODE = "Lokalt läge – ingen inloggning"
LOCAL_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1"})
# Where app.py keeps this run's Scope for pages that run without the database (the upload).
SCOPE_KEY = "_auth_scope"

# Claims of the ID token that may carry the user's groups (Entra ID: groups / roles; Keycloak:
# groups). Their values are matched against [groups."..."] in the role file.
GROUP_CLAIMS = ("groups", "roles")
# Headers a reverse proxy adds: local mode behind a proxy would be a shared deployment.
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host")

ENV_ROLE = "KVALITET_ROLE"
ENV_UNITS = "KVALITET_UNITS"

NOT_LOCAL = (
    "Lokalt läge (utan inloggning) får bara köras på den egna datorn, men {where}. Inga uppgifter "
    "visas. Starta med `--server.address 127.0.0.1` utan proxy, eller konfigurera inloggning "
    "([auth] i .streamlit/secrets.toml) för en delad installation; se README, avsnittet Drift, "
    "roller och inloggning."
)
# Claims that carry the sign-in name when the ID token has no `email` (Entra ID: upn,
# preferred_username).
EMAIL_CLAIMS = ("email", "preferred_username", "upn")
UNKNOWN_USER = (
    "Ditt konto har ingen behörighet till kvalitetsanalysen. Kontakta förvaltaren av verktyget "
    "om du behöver tillgång."
)


SECRETS_UNREADABLE = (
    "Inställningarna för inloggning (.streamlit/secrets.toml) kan inte läsas; inga uppgifter visas. "
    "Kontakta förvaltaren av verktyget."
)


class SecretsUnreadable(Exception):
    """A secrets file exists but cannot be read: never fall back to local mode then."""


ROLE_FILE_UNREADABLE = (
    "Behörigheterna kan inte läsas just nu, så inga uppgifter visas. "
    "Felet är loggat; kontakta förvaltaren av verktyget."
)


def _secrets_file_exists() -> bool:
    return any(Path(p).exists() for p in st.get_option("secrets.files") or ())


def auth_configured() -> bool:
    """True when secrets.toml has an [auth] section (then sign-in is required).

    SecretsUnreadable when a secrets file exists but cannot be read (a typo in a shared
    deployment's secrets.toml must not turn it into local mode, where nobody signs in).
    """
    try:
        return "auth" in st.secrets
    except OSError as exc:  # Streamlit's "no secrets" is a FileNotFoundError, so is a parse error
        if _secrets_file_exists():
            raise SecretsUnreadable(type(exc).__name__) from None  # the message may quote the file
        return False  # no secrets file at all: local mode


def local_address_ok(address: Any = None) -> bool:
    """True when the server listens on a loopback address only (the configured server.address)."""
    value = st.get_option("server.address") if address is None else address
    return str(value or "").strip().strip("[]").lower() in LOCAL_ADDRESSES


def _through_proxy(headers: Mapping[str, str] | None) -> bool:
    """True when a proxy header is there, or when the headers could not be read (None): local
    mode fails closed, it never assumes a direct request it cannot see."""
    if headers is None:
        return True
    names = {k.lower() for k in headers}
    return any(h in names for h in PROXY_HEADERS)


def _request_headers() -> Mapping[str, str] | None:
    """The request's headers ({} without a request, as in bare mode); None if unreadable."""
    try:
        return dict(st.context.headers)
    except Exception as exc:  # unreadable headers are not "no proxy"
        log.error("Anropets rubriker kunde inte läsas (%s); lokalt läge nekas", type(exc).__name__)
        return None


def came_through_proxy() -> bool:
    """Did this run's request come through a reverse proxy (or can that not be told)?"""
    return _through_proxy(_request_headers())


def local_user() -> str:
    """Who runs local mode, for the access log: "lokal (login name)"."""
    try:
        return f"lokal ({getpass.getuser()})"
    except (OSError, KeyError):
        return "lokal"


def local_scope(role_file: roles.RoleFile | None) -> Scope:
    """The scope of local mode: env KVALITET_ROLE (+ KVALITET_UNITS), else the role file's
    [local], else analytiker. ValueError (Swedish) for a role that cannot be used."""
    role = os.environ.get(ENV_ROLE, "").strip()
    if role:
        units = tuple(u.strip() for u in os.environ.get(ENV_UNITS, "").split(",") if u.strip())
        return Scope(role=role, units=units or None, user=local_user())
    base = role_file.local_scope() if role_file is not None else Scope()
    return Scope(base.role, base.units, local_user())


def groups_of(user: Mapping[str, Any]) -> list[str]:
    """The group names in the user's claims (a string or a list per claim)."""
    found: list[str] = []
    for claim in GROUP_CLAIMS:
        value = user.get(claim)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, Iterable):
            found += [str(v) for v in value if v is not None]
    return found


def signed_in_scope(user: Mapping[str, Any], role_file: roles.RoleFile) -> Scope | None:
    """The scope the role file gives a signed-in user (e-mail, then groups), or None."""
    email = next((str(user[c]) for c in EMAIL_CLAIMS if user.get(c)), None)
    return role_file.resolve(email, groups_of(user))


def _role_file(required: bool) -> roles.RoleFile | None:
    """The role file; None when it is optional (local mode) and absent."""
    path = roles.default_path()
    if not required and not path.exists():
        return None
    return roles.load(path)


def _apply_settings(role_file: roles.RoleFile | None) -> None:
    privacy.set_min_cell(role_file.min_cell if role_file is not None else None)


def _login_screen() -> None:
    st.title("Kvalitetsanalys")
    st.write("Logga in med ditt konto i kommunen för att se kvalitetsanalysen.")
    if st.button("Logga in", type="primary", key="auth_login", icon=":material/login:"):
        try:
            st.login()
        except Exception as exc:  # missing Authlib or an incomplete [auth]: say so, no secrets
            log.error("Inloggningen kunde inte startas: %s", type(exc).__name__)
            st.error(
                "Inloggningen kunde inte startas: inställningarna för inloggning är ofullständiga "
                "eller paketet Authlib saknas (se README). Kontakta förvaltaren."
            )


def _who_sidebar(scope: Scope, *, signed_in: bool) -> None:
    with st.sidebar:
        if signed_in:
            st.caption(f"Inloggad: {markdown.escape(scope.user)} · {ROLES[scope.role]}")
            st.button("Logga ut", key="auth_logout", on_click=st.logout, icon=":material/logout:")
        else:
            st.badge(LOCAL_MODE, icon=":material/computer:", color="orange")


def gate() -> Scope:
    """The viewer's scope for this run, or stop the run after saying why there is none."""
    try:
        configured = auth_configured()
    except SecretsUnreadable as exc:
        log.error("secrets.toml kunde inte läsas (%s)", exc)
        st.error(SECRETS_UNREADABLE, icon=":material/lock:")
        st.stop()
    if configured:
        if not st.user.is_logged_in:
            _login_screen()
            st.stop()
        try:
            role_file = _role_file(required=True)
        except roles.RoleFileError as exc:
            # The detail may name the file's path and other users' entries: for the log only.
            log.error("Rollfilen kunde inte läsas: %s", exc)
            st.error(ROLE_FILE_UNREADABLE, icon=":material/lock:")
            st.stop()
        _apply_settings(role_file)
        scope = signed_in_scope(st.user.to_dict(), role_file)
        if scope is None:
            st.warning(UNKNOWN_USER, icon=":material/lock:")
            st.button("Logga ut", key="auth_logout_unknown", on_click=st.logout)
            st.stop()
        _who_sidebar(scope, signed_in=True)
        return scope

    address = st.get_option("server.address")
    if not local_address_ok(address) or came_through_proxy():
        where = f"servern lyssnar på {address}" if address else "servern lyssnar på alla nätverksadresser"
        if local_address_ok(address):
            where = "anropet kom via en proxy"
        st.error(NOT_LOCAL.format(where=where), icon=":material/lock:")
        st.stop()
    try:
        role_file = _role_file(required=False)
        scope = local_scope(role_file)
    except ValueError as exc:  # RoleFileError is a ValueError too
        st.sidebar.error(f"Felaktig rollinställning: {exc}")
        st.error("Rollinställningen för lokalt läge är felaktig; inga uppgifter visas.")
        st.stop()
    _apply_settings(role_file)
    _who_sidebar(scope, signed_in=False)
    return scope
