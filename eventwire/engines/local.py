"""The local engine: code a corpus with every core, write it to the store in batches.

    paths -> read (parent) -> skip stored keys -> process pool: Coder.code_articles
          -> plain dicts -> parent: Store.add_results every ``batch_size`` articles

Each worker loads the model once (pool initializer) and returns plain dicts. The
parent reads, asks the store which articles are already done (so a second run, or
a run resumed after a crash, codes only what is missing), and writes batches, each
in one transaction. An article the coder fails on is recorded as an error with its
reason; one that kills its worker is retried alone in a new worker, then recorded.
"""

from __future__ import annotations

import gc
import gzip
import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, TextIO

from eventwire import CODER_NAME
from eventwire.errors import EventwireError
from eventwire.pipeline import Coder, CoderConfig
from eventwire.records import Article
from eventwire.stages.read import ReadProblem, read_inputs, readable
from eventwire.store import Store, article_result, error_row, failure_result, skipped_result
from eventwire.store.dedup import minhash


@dataclass
class IngestOptions:
    workers: int | None = None  # processes; None: one per core; 1: code in this process
    # articles sent to a worker at a time, parsed as one batch (CoderConfig.batch_size)
    chunk_size: int = 32
    batch_size: int = 256  # articles per store write (one transaction)
    flush_seconds: float = 30.0  # ... or sooner, so that a slow corpus still lands regularly
    retry_errors: bool = False  # code again the articles that failed in an earlier run
    coder: CoderConfig = field(default_factory=CoderConfig)


@dataclass
class IngestReport:
    """Counts of one run, updated as it goes (handed to the progress callback)."""

    read: int = 0  # articles read
    skipped: int = 0  # already in the store (or twice in the input)
    coded: int = 0  # articles newly stored
    failed: int = 0  # articles the coder failed on (recorded as errors)
    not_coded: int = 0  # articles skipped on purpose, e.g. other languages (recorded as errors, kind skipped)
    events: int = 0  # event mentions newly stored
    errors: int = 0  # articles that failed + read problems (new ones)
    copies: int = 0  # new articles linked as copies of stored ones
    problems: int = 0  # read problems met (files, rows)
    total: int | None = None  # articles expected, when it could be estimated
    seconds: float = 0.0
    store_seconds: float = 0.0  # time spent in the store: writes and the asking which articles are done
    workers: int = 1
    started: datetime = field(default_factory=lambda: datetime.now(timezone.utc).replace(tzinfo=None))

    @property
    def done(self) -> int:
        return self.skipped + self.coded + self.failed + self.not_coded


# --------------------------------------------------------------------------- worker side

_CODER: Coder | None = None
_LOAD_ERROR: str | None = None  # why this worker could not build its coder


class CoderUnavailable(EventwireError):
    """The coder could not be built (a bad data file, a missing model): no article can be coded."""


def load_coder(config: CoderConfig) -> Coder:
    """A coder with everything loaded, for a process that does nothing but code from now
    on (a pool worker, a Spark executor's Python worker). What it loaded (about 600,000
    objects: the model, the gazetteer, the tables) lives as long as the process, so it is
    moved out of the cyclic garbage collector's sight (``gc.freeze``): else every full
    collection walks all of it again, about 3-4% of the coding time. Not for a process
    that does other work too (the 1-worker ingest runs in the caller's process): frozen
    objects that later become garbage in cycles are never collected."""
    coder = Coder(config).load_resources()
    gc.collect()
    gc.freeze()
    return coder


def _init_worker(config: CoderConfig, watch_parent: bool = False) -> None:
    global _CODER, _LOAD_ERROR
    if watch_parent:
        _exit_with_parent(os.getppid())
    try:
        _CODER = load_coder(config)
    except Exception as err:  # reported by code_chunk: an initializer that raises breaks the pool
        _CODER, _LOAD_ERROR = None, f"{type(err).__name__}: {_one_line(err)}" if not isinstance(
            err, EventwireError) else str(err)


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (SIGKILL leaves no time to stop the pool)
    would wait for work for ever: it ends itself instead."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


def code_chunk(articles: list[Article]) -> list[dict[str, Any]]:
    """Code some articles with this process's coder; one plain dict per article."""
    coder = _CODER
    if coder is None:
        raise CoderUnavailable(f"cannot load the coder: {_LOAD_ERROR}")
    try:
        return [_result(a, events) for a, events in coder.code_articles(articles)]
    except Exception:  # one of them failed: code them one by one to find which
        out = []
        for a in articles:
            try:
                out.append(_result(a, coder.code_article(a)))
            except Exception as err:
                out.append(failure_result(a, f"coder failed: {type(err).__name__}: {_one_line(err)}"))
        return out


def _result(article: Article, events) -> dict[str, Any]:
    if article.skipped:
        return skipped_result(article)
    return article_result(article, [e.to_dict() for e in events], CODER_NAME,
                          minhash(article.text[article.body_start:]))


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:300] if text else "no message"


class _InlinePool:
    """The pool interface, coding in this process (one worker, tests, small inputs)."""

    def __init__(self, config: CoderConfig):
        global _CODER
        if _CODER is None or _CODER.config != config:  # the model is loaded once per process
            _CODER = Coder(config)  # here a bad data file is the caller's one-line error

    def submit(self, fn, *args) -> Future:
        f: Future = Future()
        f.set_result(fn(*args))
        return f

    def shutdown(self, **_):
        pass


def _process_pool(workers: int, config: CoderConfig) -> ProcessPoolExecutor:
    # spawn: a forked child would inherit the parent's DuckDB threads and locks
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(config, True))


# --------------------------------------------------------------------------- parent side

def ingest(paths: list[str], store: Store, options: IngestOptions | None = None,
           progress: Callable[[IngestReport], None] | None = None, stdin: TextIO | None = None) -> IngestReport:
    """Read, code and store every article of ``paths``; the run's report."""
    items = read_inputs(paths, stdin=stdin, content_ids=True)
    report = ingest_items(items, store, options, progress, total=estimate_articles(paths))
    store.record_run(report.started, datetime.now(timezone.utc).replace(tzinfo=None), paths, report.coded,
                     report.events, report.errors, report.seconds, report.store_seconds)
    return report


def ingest_items(items: Iterable[Article | ReadProblem], store: Store, options: IngestOptions | None = None,
                 progress: Callable[[IngestReport], None] | None = None, total: int | None = None) -> IngestReport:
    """Code and store articles (and record read problems) from any iterable."""
    opt = options or IngestOptions()
    workers = max(1, opt.workers or os.cpu_count() or 1)
    # a store batch smaller than a chunk asks for frequent commits: chunks follow it
    chunk_size = max(1, min(opt.chunk_size, opt.batch_size))
    report = IngestReport(total=total, workers=workers)
    clock = time.perf_counter()
    pending: list[dict[str, Any]] = []
    last_flush = time.perf_counter()
    seen: set[str] = set()
    todo: list[Article] = []
    inflight: deque[tuple[Future, list[Article]]] = deque()
    pool = _InlinePool(opt.coder) if workers == 1 else _process_pool(workers, opt.coder)

    def tick() -> None:
        report.seconds = time.perf_counter() - clock
        if progress:
            progress(report)

    def flush(force: bool = False) -> None:
        nonlocal last_flush
        if not pending or not (force or len(pending) >= opt.batch_size
                               or time.perf_counter() - last_flush >= opt.flush_seconds):
            return
        written = store.add_results(pending)
        report.events += written.events
        report.errors += written.errors
        report.copies += written.copies
        report.store_seconds += written.seconds
        pending.clear()
        last_flush = time.perf_counter()
        tick()

    def collect(future: Future, chunk: list[Article]) -> None:
        nonlocal pool
        try:
            results = future.result()
        except BrokenProcessPool:
            pool = _restart(pool, workers, opt.coder)
            results = []
            for article in chunk:  # alone, to find the article that kills its worker
                try:
                    results.extend(pool.submit(code_chunk, [article]).result())
                except BrokenProcessPool:
                    pool = _restart(pool, workers, opt.coder)
                    results.append(failure_result(article, "coder crashed (its worker process died)"))
        for r in results:
            not_coded = r["article"] is None and r["error"] is not None and r["error"]["kind"] == "skipped"
            report.coded += r["article"] is not None
            report.not_coded += not_coded
            report.failed += r["article"] is None and not not_coded
        pending.extend(results)
        flush()
        tick()

    def dispatch() -> None:
        """Drop what is already done, send the rest to the workers."""
        keys = [a.id for a in todo]
        asked = time.perf_counter()
        done = store.known_keys(keys, include_failed=not opt.retry_errors)
        report.store_seconds += time.perf_counter() - asked
        fresh = []
        for a in todo:
            if a.id in done or a.id in seen:
                report.skipped += 1
            else:
                seen.add(a.id)
                fresh.append(a)
        todo.clear()
        for i in range(0, len(fresh), chunk_size):
            while len(inflight) >= 3 * workers:
                collect(*inflight.popleft())
            chunk = fresh[i:i + chunk_size]
            inflight.append((pool.submit(code_chunk, chunk), chunk))
        tick()

    try:
        for item in items:
            if isinstance(item, ReadProblem):
                report.problems += 1
                pending.append({"article": None, "events": [],
                                "error": error_row("read", item.message, origin=item.origin)})
                continue
            report.read += 1
            todo.append(item)
            if len(todo) >= max(opt.batch_size, chunk_size * workers * 3):
                dispatch()
        dispatch()
        while inflight:
            collect(*inflight.popleft())
        flush(force=True)
    except KeyboardInterrupt:
        # keep what is coded; the rest is coded by the next run
        for future, chunk in list(inflight):
            if future.done() and not future.cancelled() and future.exception() is None:
                pending.extend(future.result())
        pool.shutdown(wait=False, cancel_futures=True)
        flush(force=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    tick()
    return report


def _restart(pool, workers: int, config: CoderConfig):
    pool.shutdown(wait=False, cancel_futures=True)
    return _process_pool(workers, config)


def estimate_articles(paths: list[str]) -> int | None:
    """About how many articles the inputs hold (for a progress bar), cheaply: lines of
    JSON Lines and CSV files, one per other file. None for standard input."""
    total = 0
    for p in paths:
        if p == "-":
            return None
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                total += sum(_file_estimate(os.path.join(dirpath, n)) for n in filenames if readable(n))
        elif os.path.exists(p):
            total += _file_estimate(p)
    return total


def _file_estimate(path: str) -> int:
    name = path[:-3] if path.lower().endswith(".gz") else path
    ext = os.path.splitext(name)[1].lower()
    if ext not in (".jsonl", ".ndjson", ".csv", ".tsv", ".json"):
        return 1
    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        with opener(path, "rb") as f:
            if ext == ".json":  # a list of articles: count its objects' text fields, roughly
                return max(1, f.read().count(b'"text"'))
            lines = sum(1 for line in f if line.strip())
        return max(0, lines - (1 if ext in (".csv", ".tsv") else 0))
    except (OSError, EOFError, ValueError):
        return 0
