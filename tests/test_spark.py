"""The Spark engine (local[2]) fills a store exactly as the local engine does.

Needs pyspark (installed by ``make test``) and Java 17; skipped, with the reason,
only when Java is absent. One Spark session serves the module (about a minute).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from eventwire.engines.local import IngestOptions, ingest
from eventwire.pipeline import CoderConfig
from eventwire.stages.read import parse_metadata
from eventwire.store import Store

pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'eventwire[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Java is not installed: the Spark engine needs Java 17", allow_module_level=True)

from eventwire.engines.spark import NO_DATE, SparkOptions, ingest_spark, load_parquet  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "examples" / "azerbaijan-russia-2022-12-23.txt").read_text(encoding="utf-8")
BODY = SAMPLE[parse_metadata(SAMPLE)[1]:].lstrip()
FAST = CoderConfig(locate=False)


def corpus(tmp_path: Path) -> Path:
    """Dated and undated stories, a syndicated copy, a repeated id and a broken line."""
    rows = [
        {"id": "trend-1", "date": "2022-12-23", "source": "Trend", "text": BODY},
        {"id": "apa-9", "date": "2022-12-24", "source": "APA",
         "text": BODY.replace("Trend reports", "APA reports") + "\n\nAPA contributed to this report."},
        {"id": "r-2", "date": "2022-12-20", "text": "MOSCOW, Dec 20 (Reuters) - Russia accused Ukraine on Tuesday "
                                                     "of shelling the Zaporizhzhia nuclear plant."},
        {"id": "r-3", "date": "2022-12-21", "text": "KYIV, Dec 21 (Reuters) - Ukrainian President Volodymyr "
                                                     "Zelenskiy met U.S. President Joe Biden in Washington."},
        {"id": "r-3", "date": "2022-12-21", "text": "A repeated id: the first story of that id is kept."},
        {"text": "China urged India and Pakistan to hold talks. Iran condemned Israel."},
        {"id": "r-4", "date": "2022-12-19", "text": "Turkey and Greece signed a trade agreement in Ankara."},
    ]
    lines = [json.dumps(r) for r in rows]
    lines.insert(3, '{"id": "broken", "text": ')  # a read problem, recorded as an error
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(store: Store) -> tuple:
    """Everything stored, without the run-dependent timestamps."""
    q = store._con.execute
    return (sorted(q("SELECT * EXCLUDE (added_at) FROM articles").fetchall()),
            sorted(q("SELECT * FROM events").fetchall()),
            sorted(q("SELECT * EXCLUDE (first_added) FROM clusters").fetchall()),
            sorted(q("SELECT * EXCLUDE (recorded_at) FROM errors").fetchall()))


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("spark")
    path = corpus(tmp)
    out = tmp / "parquet"
    store = Store(str(tmp / "spark.duckdb"))
    report = ingest_spark([str(path)], store, IngestOptions(coder=FAST, chunk_size=2),
                          SparkOptions(master="local[2]", output=str(out), partitions=3))
    yield path, out, store, report
    store.close()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


def test_spark_store_equals_local_store(spark_run, tmp_path):
    path, _, spark_store, report = spark_run
    with Store(str(tmp_path / "local.duckdb")) as local_store:
        expected = ingest([str(path)], local_store, IngestOptions(workers=1, coder=FAST))
        assert (report.read, report.coded, report.skipped, report.problems) == \
               (expected.read, expected.coded, expected.skipped, expected.problems) == (7, 6, 1, 1)
        assert report.events == expected.events > 5
        assert snapshot(spark_store) == snapshot(local_store)
    assert spark_store.counts()["copies"] == 1  # the syndicated copy was linked


def test_events_are_parquet_partitioned_by_date(spark_run):
    _, out, store, _ = spark_run
    parts = sorted(p.name for p in (out / "events").iterdir() if p.is_dir())
    assert parts and all(p.startswith("date=") for p in parts)
    stored = store._con.execute("SELECT DISTINCT coalesce(strftime(event_date, '%Y-%m-%d'), ?) FROM events",
                                [NO_DATE]).fetchall()
    assert sorted(f"date={d}" for (d,) in stored) == parts
    assert f"date={NO_DATE}" in parts  # the story without a date or dateline
    # each file holds only its partition's events
    import duckdb

    rows = duckdb.sql(f"SELECT date, count(*) FROM read_parquet('{out}/events/*/*.parquet', "
                      "hive_partitioning=true) GROUP BY date").fetchall()
    assert sum(n for _, n in rows) == store.counts()["mentions"]


def test_loading_again_adds_nothing(spark_run):
    _, out, store, _ = spark_run
    before = snapshot(store)
    again = load_parquet(str(out), store)
    assert (again.articles, again.events, again.errors) == (0, 0, 0)
    assert snapshot(store) == before


def test_second_spark_run_skips_stored_articles(spark_run, tmp_path):
    path, _, store, _ = spark_run
    before = snapshot(store)
    again = ingest_spark([str(path)], store, IngestOptions(coder=FAST), SparkOptions(master="local[2]"))
    assert (again.coded, again.skipped, again.events) == (0, 7, 0)  # six stored, one repeated id
    assert snapshot(store) == before
