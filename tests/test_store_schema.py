"""Schema versions: a new store is created, an old one migrated or refused, never corrupted."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from eventwire.store import Store, StoreError
from eventwire.store import schema

from store_helpers import STORY, event, result


def make_store(path, version: int | None = None) -> None:
    with Store(str(path)) as s:
        s.add_results([result("a1", STORY, [event("a1", STORY, "193", "AZE", "ARM", None)])])
    if version is not None:
        con = duckdb.connect(str(path))
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])
        con.close()


def test_a_new_store_records_its_version(tmp_path):
    with Store(str(tmp_path / "s.duckdb")) as s:
        assert s.version == schema.SCHEMA_VERSION
        assert s._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
            schema.SCHEMA_VERSION)


def test_a_store_from_a_newer_eventwire_is_refused_untouched(tmp_path):
    path = tmp_path / "s.duckdb"
    make_store(path, schema.SCHEMA_VERSION + 1)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer eventwire"):
        Store(str(path))
    assert path.read_bytes() == before


def test_an_old_store_without_a_migration_path_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    make_store(path, 0)
    with pytest.raises(StoreError, match="too old to migrate"):
        Store(str(path))


def test_an_old_store_is_migrated_in_place_keeping_its_data(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    old = schema.SCHEMA_VERSION - 1
    make_store(path, old)
    monkeypatch.setitem(schema.MIGRATIONS, old, lambda con: con.execute("ALTER TABLE articles ADD COLUMN lang VARCHAR"))
    with Store(str(path)) as s:
        assert s.version == schema.SCHEMA_VERSION and s.counts()["articles"] == 1
        assert "lang" in [r[0] for r in s._con.execute("DESCRIBE articles").fetchall()]


def test_a_failing_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    old = schema.SCHEMA_VERSION - 1
    make_store(path, old)

    def half_done(con):
        con.execute("DELETE FROM events")
        raise RuntimeError("no space left")

    monkeypatch.setitem(schema.MIGRATIONS, old, half_done)
    with pytest.raises(StoreError, match=f"stays at schema {old}"):
        Store(str(path))
    con = duckdb.connect(str(path))
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(old)
    con.close()


def test_a_foreign_duckdb_file_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not an eventwire store"):
        Store(str(path))


def test_a_store_in_use_by_another_process_is_a_clear_error(tmp_path):
    path = tmp_path / "s.duckdb"
    make_store(path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r})
        print("open", flush=True)
        time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError) as err:
            Store(str(path))
        assert "in use by another program" in str(err.value) and "\n" not in str(err.value)
    finally:
        holder.kill()
        holder.wait()
