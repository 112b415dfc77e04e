"""The seed content, loaded for real once per test run and then copied back.

`load_seed` saves some four hundred rows through the ORM (signals, search index, first
versions): about a second on SQLite and two on PostgreSQL, paid again by every test that
asks for the seeded site. Here the first such test loads it for real and records two
things: what the whole database held just before, and the rows of every table the seed
changed. A later test whose database holds exactly what it held before (checked on every
table, so a test that made rows of its own first, or a transactional test's flush that gave
the content types new ids, simply loads the seed for real again) gets those tables
emptied and refilled, a few statements per table (COPY on PostgreSQL), inside its own
transaction like anything else it does.

The copy is the database only: the seed writes no file and the caches are emptied before
every test anyway.
"""

import hashlib

from django.core.management import call_command
from django.db import connection


class Snapshot:
    def __init__(self):
        self.before = None  # digest of the whole database before the seed
        self.tables = {}  # table -> its rows after the seed, as this backend dumps them
        self.sequences = []  # SQL putting each changed table's id sequence past its rows


snapshot = Snapshot()


def load_seed():
    """The seed content in the current test's database, as `load_seed` leaves it."""
    before = _dump_all()
    digest = _digest(before)
    if snapshot.before == digest:
        _restore()
        return
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    after = _dump_all()
    snapshot.tables = {table: rows for table, rows in after.items() if before.get(table) != rows}
    snapshot.sequences = _sequence_sql(snapshot.tables)
    snapshot.before = digest


def _tables():
    return sorted(connection.introspection.table_names(include_views=False))


def _quote(name):
    return connection.ops.quote_name(name)


def _dump_all():
    with connection.cursor() as cursor:
        return {table: _dump(cursor, table) for table in _tables()}


def _digest(dumps):
    digest = hashlib.blake2b()
    for table, rows in sorted(dumps.items()):
        digest.update(table.encode())
        digest.update(rows if isinstance(rows, bytes) else repr(rows).encode())
    return digest.hexdigest()


def _dump(cursor, table):
    if connection.vendor == "postgresql":
        query = f"COPY (SELECT * FROM {_quote(table)} ORDER BY 1) TO STDOUT"
        with cursor.cursor.copy(query) as copy:
            return b"".join(bytes(block) for block in copy)
    cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY 1")
    return tuple(cursor.fetchall())


def _restore():
    with connection.cursor() as cursor:
        for table, rows in snapshot.tables.items():
            cursor.execute(f"DELETE FROM {_quote(table)}")
            if not rows:
                continue
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {_quote(table)} FROM STDIN") as copy:
                    copy.write(rows)
            else:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(f"INSERT INTO {_quote(table)} VALUES ({marks})", rows)
        for statement in snapshot.sequences:
            cursor.execute(statement)


def _sequence_sql(tables):
    """PostgreSQL's id sequences do not follow rows copied in with their ids (SQLite's
    AUTOINCREMENT does)."""
    if connection.vendor != "postgresql":
        return []
    statements = []
    with connection.cursor() as cursor:
        for table in tables:
            for sequence in connection.introspection.get_sequences(cursor, table):
                column = _quote(sequence["column"])
                statements.append(
                    f"SELECT setval(pg_get_serial_sequence('{_quote(table)}', "
                    f"'{sequence['column']}'), COALESCE(MAX({column}), 1), "
                    f"MAX({column}) IS NOT NULL) FROM {_quote(table)}"
                )
    return statements
