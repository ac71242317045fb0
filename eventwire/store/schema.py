"""The store's tables, its schema version and the migrations between versions.

A store records its schema version in ``meta``. Opening one:

* new (no tables): the current schema is created;
* older version with a migration path: migrated, every step in one transaction
  (a failed step leaves the store as it was);
* older without a path, newer than this program, or not an eventwire store:
  refused with a one-line message, never touched.
"""

from __future__ import annotations

from typing import Callable

import duckdb

from eventwire import __version__
from eventwire.store.frames import ARTICLE_SCHEMA, ERROR_SCHEMA, EVENT_SCHEMA

SCHEMA_VERSION = 2
# 1 -> 2: events.article_outlet, the outlet of the mention's article (articles.outlet),
#         copied at write time so the outlet filter needs no join with articles

_SQL_TYPES = {"string": "VARCHAR", "date32[day]": "DATE", "int32": "INTEGER", "int8": "TINYINT",
              "int64": "BIGINT", "double": "DOUBLE", "bool": "BOOLEAN", "timestamp[us]": "TIMESTAMP",
              "binary": "BLOB"}


def _columns(schema, extra: str = "") -> str:
    cols = [f"{f.name} {_SQL_TYPES[str(f.type)]}" for f in schema]
    return ",\n    ".join(cols + ([extra] if extra else []))


def create_statements() -> list[str]:
    return [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        # articles: one row per coded story; copy_group names its near-duplicate group
        f"""CREATE TABLE articles (
    {_columns(ARTICLE_SCHEMA)},
    copy_group VARCHAR,
    copy_similarity DOUBLE,
    PRIMARY KEY (article_key))""",
        # LSH keys of the MinHash signatures: candidate copies share a key
        "CREATE TABLE article_bands (band_hash UBIGINT, article_key VARCHAR, pub_date DATE)",
        # events: one row per mention (an event as coded in one sentence of one article)
        f"""CREATE TABLE events (
    {_columns(EVENT_SCHEMA)},
    block_key VARCHAR,
    cluster_id VARCHAR,
    article_outlet VARCHAR,
    PRIMARY KEY (event_id))""",
        # clusters: one row per happening, the representative mention's coding + counts
        """CREATE TABLE clusters (
    cluster_id VARCHAR, representative VARCHAR, block_key VARCHAR,
    source_code VARCHAR, source_name VARCHAR, source_country VARCHAR, source_agent VARCHAR,
    target_code VARCHAR, target_name VARCHAR, target_country VARCHAR, target_agent VARCHAR,
    reciprocal BOOLEAN, cameo VARCHAR, cameo_root VARCHAR, cameo_name VARCHAR,
    quad_class TINYINT, goldstein DOUBLE, plover_type VARCHAR, plover_mode VARCHAR,
    event_date DATE, date_basis VARCHAR,
    location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
    location_lat DOUBLE, location_lon DOUBLE, location_geonameid BIGINT, location_feature_class VARCHAR,
    num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER, num_stories INTEGER,
    first_seen DATE, last_seen DATE, first_added TIMESTAMP, is_root_event BOOLEAN,
    confidence DOUBLE, url VARCHAR, outlet VARCHAR, article_key VARCHAR)""",
        f"CREATE TABLE errors ({_columns(ERROR_SCHEMA)}, PRIMARY KEY (error_key))",
        """CREATE TABLE runs (
    started TIMESTAMP, finished TIMESTAMP, inputs VARCHAR, articles INTEGER, events INTEGER,
    errors INTEGER, seconds DOUBLE, store_seconds DOUBLE)""",
    ]


# Migrations: MIGRATIONS[v] turns a version-v store into a version v+1 store. Each
# runs inside the transaction that also bumps the version.
def _add_article_outlet(con: duckdb.DuckDBPyConnection) -> None:
    """1 -> 2: every mention gets its article's outlet (the column the outlet filter reads)."""
    con.execute("ALTER TABLE events ADD COLUMN article_outlet VARCHAR")
    con.execute("UPDATE events SET article_outlet = a.outlet FROM articles a WHERE events.article_key = a.article_key")


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {1: _add_article_outlet}


class SchemaProblem(Exception):
    """A store this program must not open (the message says why)."""


def ensure_schema(con: duckdb.DuckDBPyConnection, read_only: bool = False) -> int:
    """Create, check or migrate the schema; the store's version after that."""
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    if not tables:
        if read_only:
            raise SchemaProblem("empty database, not an eventwire store")
        con.begin()
        try:
            for stmt in create_statements():
                con.execute(stmt)
            con.execute("INSERT INTO meta VALUES ('schema_version', ?), ('created_by', ?)",
                        [str(SCHEMA_VERSION), f"eventwire {__version__}"])
            con.commit()
        except Exception:
            con.rollback()
            raise
        return SCHEMA_VERSION
    if "meta" not in tables:
        raise SchemaProblem("not an eventwire store (a DuckDB database without its meta table)")
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    row = rows[0] if rows else None
    try:
        version = int(row[0]) if row else 0
    except ValueError:
        raise SchemaProblem(f"unreadable schema version {row[0]!r}") from None
    if version == SCHEMA_VERSION:
        return version
    if version > SCHEMA_VERSION:
        raise SchemaProblem(f"made by a newer eventwire (schema {version}; this one reads {SCHEMA_VERSION}): "
                            "upgrade eventwire")
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise SchemaProblem(f"schema {version} is too old to migrate (this eventwire reads {SCHEMA_VERSION}); "
                            "ingest the articles again into a new store")
    if read_only:
        raise SchemaProblem(f"schema {version} needs migrating to {SCHEMA_VERSION}: open it once for writing")
    for v in range(version, SCHEMA_VERSION):
        con.begin()
        try:
            MIGRATIONS[v](con)
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(v + 1)])
            con.commit()
        except Exception as err:
            con.rollback()
            raise SchemaProblem(f"migration from schema {v} to {v + 1} failed ({err}); the store stays at schema {v}") from None
    return SCHEMA_VERSION
