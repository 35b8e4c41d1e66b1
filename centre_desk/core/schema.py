"""What a database holds, read with plain SQL: its schema version, its tables and their row
counts. Below db and backups, which both use it (neither imports the other for it)."""
from __future__ import annotations


def schema_version(database) -> int:
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def has_table(database, name: str) -> bool:
    return database.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                (name,)).fetchone() is not None


def table_counts(database) -> dict[str, int]:
    # Full-text indexes' shadow tables (child_search_data…) are SQLite's business, not counts.
    tables = [row[0] for row in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name") if not row[0].startswith("child_search_")]
    return {table: database.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables}
