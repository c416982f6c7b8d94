"""Stores that live outside the read-only analytics database and survive every reload.

The analytics DuckDB file is rebuilt from scratch on each load; what users enter in the app (the
action register, analytics.stores.actions) is kept in its own database instead: SQLite by default
(data/actions.sqlite), PostgreSQL when a URL is configured. See docs/atgardsregister.md.
"""
