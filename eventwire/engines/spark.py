"""The Spark engine: the same coder inside Spark executors, events as Parquet.

    paths -> read (driver, the same readers) -> skip stored keys -> RDD of articles
          -> mapPartitions: the worker's Coder (loaded once per Python worker) codes
             chunks, exactly as the local engine's workers do (``local.code_chunk``)
          -> the store's row shapes (``results_to_batch``) as Arrow -> Parquet:
             OUT/events/date=YYYY-MM-DD/ (date=__none__ when undated), OUT/articles/,
             OUT/errors/
          -> (unless ``load=False``) the store loads the Parquet through its bulk
             path (``Store.add_results``), idempotent like every write.

Because the rows are built by the very functions the local engine uses, a store
filled through Spark equals one filled locally from the same input (tests/test_spark.py).
The Parquet files are left in place: Spark SQL or DuckDB can query them directly
(``SELECT * FROM read_parquet('OUT/events/*/*.parquet', hive_partitioning=true)``).

pyspark is an optional extra (``pip install eventwire[spark]``); Java 17 must be on
the PATH (or JAVA_HOME). On a cluster, eventwire and its model must be installed on
every executor (the same ``pip install``).
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, TextIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from eventwire.engines import local
from eventwire.engines.local import IngestOptions, IngestReport, estimate_articles
from eventwire.errors import EventwireError
from eventwire.pipeline import CoderConfig
from eventwire.records import Article
from eventwire.stages.read import ReadProblem, read_inputs
from eventwire.store import Batch, Store, error_row, results_to_batch
from eventwire.store.frames import ARTICLE_SCHEMA, ERROR_SCHEMA, EVENT_SCHEMA

NO_DATE = "__none__"  # the partition of events without a date
LOAD_ARTICLES = 2000  # articles per store transaction when loading the Parquet output
DATE_COLUMN = "date"


class SparkUnavailable(EventwireError):
    """pyspark is not installed, or Spark (Java) cannot start: one line saying which."""


class SparkJobFailed(EventwireError):
    """The Spark job failed (a worker could not build the coder, an executor was lost)."""


@dataclass
class SparkOptions:
    master: str = "local[*]"  # local[N] | spark://HOST:PORT | yarn
    output: str | None = None  # where the Parquet goes; None: a temporary directory, removed after loading
    load: bool = True  # load the Parquet into the store (False: leave it for Spark SQL / DuckDB)
    partitions: int | None = None  # None: two per core of the cluster, more for big inputs
    app_name: str = "eventwire"


# --------------------------------------------------------------------------- executor side

def _ensure_coder(config: CoderConfig) -> None:
    """The Coder of this Python worker process, built on its first partition.

    Spark reuses its Python workers between tasks (``spark.python.worker.reuse``), so
    this module-level state lives as long as the worker: the spaCy model is loaded
    once per worker, not once per partition. It is per-process state, like the local
    engine's pool initializer, and held in the same place (``local._CODER``) so that
    articles are coded by the same function (``local.code_chunk``)."""
    if local._CODER is None or local._CODER.config != config:
        local._init_worker(config)


def code_partition(config: CoderConfig, chunk_size: int, articles: Iterable[Article]) -> Iterator[bytes]:
    """Code one partition; yields the pickled result dicts (one per article)."""
    _ensure_coder(config)
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= chunk_size:
            yield from (pickle.dumps(r) for r in local.code_chunk(chunk))
            chunk = []
    if chunk:
        yield from (pickle.dumps(r) for r in local.code_chunk(chunk))


def _tables(kind: str, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow body: pickled results -> the rows of one store table, as Arrow."""
    for rb in batches:
        results = [pickle.loads(b) for b in rb.column(0).to_pylist()]
        batch = results_to_batch(results)
        table = getattr(batch, kind)
        if kind == "events":
            dates = pc.strftime(table.column("event_date").cast(pa.timestamp("s")), format="%Y-%m-%d")
            table = table.append_column(DATE_COLUMN, pc.fill_null(dates, NO_DATE))
        yield from table.to_batches()


# --------------------------------------------------------------------------- driver side

def spark_session(master: str, app_name: str = "eventwire"):
    """A SparkSession whose Python workers run this interpreter (so they import the same eventwire)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("the Spark engine needs pyspark: pip install 'eventwire[spark]'") from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkUnavailable("the Spark engine needs Java 17 (java on the PATH or JAVA_HOME)")
    # local mode: the workers must be this interpreter (the venv with eventwire in it);
    # a cluster's own setting wins
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    try:
        session = (SparkSession.builder.master(master).appName(app_name)
                   .config("spark.sql.session.timeZone", "UTC")
                   .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                   .getOrCreate())
        session.sparkContext.setLogLevel("ERROR")  # Spark's warnings are not the user's business
        return session
    except Exception as err:  # the JVM did not start, a master that cannot be reached
        raise SparkUnavailable(f"Spark could not start with master {master!r}: {_one_line(err)}") from None


def ingest_spark(paths: list[str], store: Store | None, options: IngestOptions | None = None,
                 spark_options: SparkOptions | None = None,
                 progress: Callable[[IngestReport], None] | None = None,
                 stdin: TextIO | None = None) -> IngestReport:
    """Code ``paths`` on Spark, write Parquet, load it into ``store`` (if given and
    ``load``); the run's report, counted like the local engine's."""
    opt = options or IngestOptions()
    sopt = spark_options or SparkOptions()
    started = datetime.now(timezone.utc).replace(tzinfo=None)
    clock = time.perf_counter()
    report = IngestReport(total=estimate_articles(paths))
    articles, problems = _read(paths, store, opt, report, stdin)
    out = sopt.output or tempfile.mkdtemp(prefix="eventwire-spark-")
    try:
        spark = spark_session(sopt.master, sopt.app_name)
        report.workers = spark.sparkContext.defaultParallelism
        try:
            write_parquet(spark, articles, problems, out, opt, sopt.partitions)
        except Exception as err:  # a failed Spark job arrives as a Java stack trace: keep its reason
            raise SparkJobFailed(f"coding on Spark failed: {_reason(err)}") from None
        if store is not None and sopt.load:
            written = load_parquet(out, store)
            report.events, report.errors, report.copies = written.events, written.errors, written.copies
            report.store_seconds += written.seconds
            report.coded = written.articles
        else:
            counts = parquet_counts(out)
            report.coded, report.events, report.errors = counts["articles"], counts["events"], counts["errors"]
        # articles not stored: left out on purpose (a "skipped" error, e.g. another language) or failed
        report.not_coded = _skipped_on_purpose(out)
        report.failed = len(articles) - report.coded - report.not_coded
    finally:
        if sopt.output is None:
            shutil.rmtree(out, ignore_errors=True)
    report.seconds = time.perf_counter() - clock
    if progress:
        progress(report)
    if store is not None and sopt.load:
        store.record_run(started, datetime.now(timezone.utc).replace(tzinfo=None), paths, report.coded,
                         report.events, report.errors, report.seconds, report.store_seconds)
    return report


def _read(paths, store, opt: IngestOptions, report: IngestReport, stdin) -> tuple[list[Article], list[dict]]:
    """The articles still to code (stored ones and repeats dropped) and the read problems."""
    articles, problems, seen = [], [], set()
    todo: list[Article] = []

    def keep_new() -> None:
        done = store.known_keys([a.id for a in todo], include_failed=not opt.retry_errors) if store else set()
        for a in todo:
            if a.id in done or a.id in seen:
                report.skipped += 1
            else:
                seen.add(a.id)
                articles.append(a)
        todo.clear()

    for item in read_inputs(paths, stdin=stdin, content_ids=True):
        if isinstance(item, ReadProblem):
            report.problems += 1
            problems.append({"article": None, "events": [],
                             "error": error_row("read", item.message, origin=item.origin)})
            continue
        report.read += 1
        todo.append(item)
        if len(todo) >= 5000:
            keep_new()
    keep_new()
    return articles, problems


def write_parquet(spark, articles: list[Article], problems: list[dict], out: str,
                  opt: IngestOptions, partitions: int | None = None) -> None:
    """Code ``articles`` in the executors; write OUT/articles, OUT/events (by date), OUT/errors."""
    from pyspark import StorageLevel
    from pyspark.sql.pandas.types import from_arrow_schema

    sc = spark.sparkContext
    config, chunk_size = opt.coder, opt.chunk_size
    n = partitions or max(2 * sc.defaultParallelism, len(articles) // 500)
    coded = sc.parallelize(articles, max(1, min(n, len(articles) or 1))) \
              .mapPartitions(lambda part: code_partition(config, chunk_size, part))
    problem_rows = sc.parallelize([pickle.dumps(p) for p in problems], 1)
    results = spark.createDataFrame(coded.union(problem_rows).map(lambda b: (b,)), "result binary")
    results = results.persist(StorageLevel.MEMORY_AND_DISK)  # coded once, read three times
    try:
        event_schema = EVENT_SCHEMA.append(pa.field(DATE_COLUMN, pa.string()))
        for kind, schema in (("articles", ARTICLE_SCHEMA), ("events", event_schema), ("errors", ERROR_SCHEMA)):
            frame = results.mapInArrow(lambda it, kind=kind: _tables(kind, it), from_arrow_schema(schema))
            writer = frame.write.mode("overwrite")
            if kind == "events":
                writer = writer.partitionBy(DATE_COLUMN)
            writer.parquet(os.path.join(out, kind))
    finally:
        results.unpersist()


def _dataset(out: str, kind: str, schema: pa.Schema) -> pa.Table:
    """One table of the output, in the store's schema (the date partition dropped)."""
    root = os.path.join(out, kind)
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names
                   if f.endswith(".parquet") and not f.startswith((".", "_")))
    if not files:
        return schema.empty_table()
    tables = [pq.read_table(f, columns=schema.names, partitioning=None) for f in files]
    return pa.concat_tables([_as_schema(t, schema) for t in tables])


def _as_schema(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Spark writes timestamps with a time zone and may widen small ints: back to the store's types."""
    columns = []
    for field in schema:
        col = table.column(field.name)
        if pa.types.is_timestamp(col.type) and col.type.tz is not None:
            col = pc.cast(col, pa.timestamp(col.type.unit))
        columns.append(col.cast(field.type))
    return pa.table(columns, schema=schema)


def load_parquet(out: str, store: Store, per_transaction: int = LOAD_ARTICLES):
    """Load an output directory into the store through its bulk path, a slice of
    articles (with their events) per transaction. Loading it twice adds nothing."""
    from eventwire.store import WriteReport

    articles = _dataset(out, "articles", ARTICLE_SCHEMA).sort_by("article_key")
    events = _dataset(out, "events", EVENT_SCHEMA)
    errors = _dataset(out, "errors", ERROR_SCHEMA)
    now = pa.scalar(datetime.now(timezone.utc).replace(tzinfo=None), pa.timestamp("us"))
    articles = articles.set_column(articles.schema.get_field_index("added_at"), "added_at",
                                   pa.array([now.as_py()] * articles.num_rows, pa.timestamp("us")))
    errors = errors.set_column(errors.schema.get_field_index("recorded_at"), "recorded_at",
                               pa.array([now.as_py()] * errors.num_rows, pa.timestamp("us")))
    total = WriteReport()
    steps = range(0, max(articles.num_rows, 1), per_transaction)
    for i, start in enumerate(steps):
        part = articles.slice(start, per_transaction)
        mine = events.filter(pc.is_in(events.column("article_key"), value_set=part.column("article_key")))
        written = store.add_results(Batch(part, mine, errors if i == 0 else ERROR_SCHEMA.empty_table()))
        total.articles += written.articles
        total.events += written.events
        total.errors += written.errors
        total.copies += written.copies
        total.seconds += written.seconds
    return total


def _skipped_on_purpose(out: str) -> int:
    errors = _dataset(out, "errors", ERROR_SCHEMA)
    return pc.sum(pc.equal(errors.column("kind"), "skipped")).as_py() or 0 if errors.num_rows else 0


def parquet_counts(out: str) -> dict[str, int]:
    return {kind: sum(pq.ParquetFile(os.path.join(d, f)).metadata.num_rows
                      for d, _, names in os.walk(os.path.join(out, kind)) for f in names
                      if f.endswith(".parquet") and not f.startswith((".", "_")))
            for kind in ("articles", "events", "errors")}


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:300] if text else type(err).__name__


def _reason(err: BaseException) -> str:
    """The Python error inside a Spark job failure (``CoderUnavailable: ...``), else its first line."""
    text = str(err)
    for line in text.splitlines():
        if "CoderUnavailable" in line or "EventwireError" in line:
            return _one_line(Exception(line.split(": ", 1)[-1]))
    return _one_line(Exception(text.splitlines()[0] if text else type(err).__name__))
