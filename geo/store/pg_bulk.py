"""A batch into an empty table builds the table's indexes once, after its rows are in.

Keeping a GiST and three B-tree indexes up to date row by row costs the server about as much
as taking the rows; building them over the loaded rows costs a fraction (PostgreSQL's advice
for populating a database). So when a batch finds ``incidents`` (and ``uncertainty``) empty, it
drops their indexes and primary key inside its transaction and makes them again, from their
own definitions, before it commits: a killed batch leaves them as they were, like its rows.
Dropping an index locks the table against readers until the batch commits, which on an empty
table only makes a reader wait for the first rows instead of reading none. A table that is
not empty, or whose key another object depends on, keeps its indexes.
"""

from __future__ import annotations

from dataclasses import dataclass


def _quoted(name: str) -> str:
    """An SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Unindexed:
    """Tables whose indexes are dropped for the load, the statements that make them again, and
    whether they are made."""

    tables: tuple[str, ...]
    remake: list[str]
    built: bool = False

    def rebuild(self, cur) -> None:
        """Make the indexes again, once (a duplicate key fails here, and with it the batch)."""
        if not self.built:
            for statement in self.remake:
                cur.execute(statement)
            self.built = True

    def dropped(self) -> None:
        """The indexes are gone again (their making was rolled back to a savepoint before it)."""
        self.built = False


def unindex_if_empty(cur, tables: tuple[str, ...]) -> Unindexed | None:
    """Drop the indexes and primary keys of ``tables`` when all are empty; None (nothing
    dropped) when one holds a row or an index cannot be dropped."""
    cur.execute("SELECT " + " AND ".join(f"NOT EXISTS (SELECT FROM {_quoted(t)})"
                                         for t in tables))
    if not cur.fetchone()[0]:
        return None
    cur.execute("SAVEPOINT geo_unindex")
    remake: list[str] = []
    try:
        for table in tables:
            remake += _drop(cur, table)
    except Exception:  # psycopg's DependentObjectsStillExist and kin: keep them
        cur.execute("ROLLBACK TO SAVEPOINT geo_unindex")
        return None
    cur.execute("RELEASE SAVEPOINT geo_unindex")
    return Unindexed(tables, remake)


def _drop(cur, table: str) -> list[str]:
    """Drop ``table``'s primary key and indexes; returns the statements that make them."""
    cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = to_regclass(%s) AND contype = 'p'", (table,))
    keys = cur.fetchall()
    cur.execute("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                " JOIN pg_class i ON i.oid = x.indexrelid"
                " WHERE x.indrelid = to_regclass(%s) AND NOT x.indisprimary", (table,))
    indexes = cur.fetchall()
    remake: list[str] = []
    for key, definition in keys:
        cur.execute(f"ALTER TABLE {_quoted(table)} DROP CONSTRAINT {_quoted(key)}")
        remake.append(f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT {_quoted(key)} {definition}")
    for index, definition in indexes:
        cur.execute(f"DROP INDEX {_quoted(index)}")
        remake.append(definition)
    return remake
