"""Ingest with the real coder: idempotent, resumable after a crash, errors isolated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.engines import local
from eventwire.engines.local import IngestOptions, ingest
from eventwire.pipeline import Coder, CoderConfig
from eventwire.stages.read import parse_metadata
from eventwire.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "examples" / "azerbaijan-russia-2022-12-23.txt").read_text(encoding="utf-8")
BODY = SAMPLE[parse_metadata(SAMPLE)[1]:].lstrip()  # the story without its metadata
FAST = CoderConfig(locate=False)


def corpus(tmp_path: Path) -> Path:
    """Five stories: the sample, a syndicated copy of it, two short reports, one without id."""
    rows = [
        {"id": "trend-1", "date": "2022-12-23", "source": "Trend", "text": BODY},
        {"id": "apa-9", "date": "2022-12-24", "source": "APA",
         "text": BODY.replace("Trend reports", "APA reports") + "\n\nAPA contributed to this report."},
        {"id": "r-2", "date": "2022-12-20", "text": "MOSCOW, Dec 20 (Reuters) - Russia accused Ukraine on Tuesday "
                                                     "of shelling the Zaporizhzhia nuclear plant."},
        {"id": "r-3", "date": "2022-12-21", "text": "KYIV, Dec 21 (Reuters) - Ukrainian President Volodymyr "
                                                     "Zelenskiy met U.S. President Joe Biden in Washington."},
        {"date": "2022-12-22", "text": "BEIJING, Dec 22 - China urged India and Pakistan to hold talks."},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def snapshot(store: Store) -> tuple:
    q = store._con.execute
    return (sorted(q("SELECT * EXCLUDE (added_at) FROM articles").fetchall()),
            sorted(q("SELECT * FROM events").fetchall()),
            sorted(q("SELECT * EXCLUDE (first_added) FROM clusters").fetchall()))


def run(paths, store, **kw):
    return ingest([str(p) for p in paths], store, IngestOptions(workers=1, coder=FAST, **kw))


def test_ingest_then_again_adds_nothing(tmp_path):
    path = corpus(tmp_path)
    with Store(str(tmp_path / "s.duckdb")) as store:
        first = run([path], store, batch_size=2)
        assert (first.read, first.coded, first.skipped, first.failed) == (5, 5, 0, 0)
        assert first.events > 5 and store.counts()["articles"] == 5
        before = snapshot(store)
        again = run([path], store)
        assert (again.coded, again.skipped, again.events) == (0, 5, 0)
        assert snapshot(store) == before


def test_the_syndicated_copy_is_linked_and_its_events_merged(tmp_path):
    with Store(":memory:") as store:
        run([corpus(tmp_path)], store)
        [copy] = store.copies()
        assert copy["article_key"] == "apa-9" and copy["copy_group"] == "trend-1"
        visits = store.query_events(sort="-mentions")["items"]
        top = visits[0]
        assert (top["num_articles"], top["num_sources"], top["num_stories"]) == (2, 2, 1)
        # every event of the sample is found in the copy too: each happening has both
        sample = {c["cluster_id"] for c in visits if c["article_key"] in ("trend-1", "apa-9")}
        assert all(store.get_event(c)["num_articles"] == 2 for c in sample)


def test_an_article_without_id_is_named_by_its_text(tmp_path):
    path = corpus(tmp_path)
    with Store(":memory:") as store:
        run([path], store)
        keys = [r[0] for r in store._con.execute("SELECT article_key FROM articles").fetchall()]
        assert len([k for k in keys if k.startswith("sha1-")]) == 1
        moved = tmp_path / "moved.jsonl"  # the same story at another line of another file
        moved.write_text("\n" + path.read_text(encoding="utf-8").splitlines()[-1] + "\n", encoding="utf-8")
        assert run([moved], store).skipped == 1


class Killed(BaseException):
    """Stands for a SIGKILL: no handler of the engine catches it."""


def test_a_run_killed_between_batches_resumes_to_the_same_store(tmp_path, monkeypatch):
    path = corpus(tmp_path)
    with Store(":memory:") as whole:
        run([path], whole, batch_size=2)
        expected = snapshot(whole)
    with Store(str(tmp_path / "crash.duckdb")) as store:
        real = Store.add_results
        calls = {"n": 0}

        def dies_on_second_batch(self, batch):
            calls["n"] += 1
            if calls["n"] == 2:
                raise Killed  # as if SIGKILLed here: nothing after this line runs
            return real(self, batch)

        monkeypatch.setattr(Store, "add_results", dies_on_second_batch)
        with pytest.raises(Killed):
            run([path], store, batch_size=2, chunk_size=1)
        monkeypatch.setattr(Store, "add_results", real)
        assert 0 < store.counts()["articles"] < 5
        resumed = run([path], store, batch_size=2, chunk_size=1)
        assert resumed.skipped == 5 - resumed.coded
        assert snapshot(store) == expected


def test_an_article_the_coder_fails_on_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch):
    real = Coder.code_doc

    def fragile(self, article, doc):
        if "China" in article.text:
            raise ValueError("cannot handle China today")
        return real(self, article, doc)

    monkeypatch.setattr(Coder, "code_doc", fragile)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": 5}\nnot json\n', encoding="utf-8")
    with Store(":memory:") as store:
        report = run([corpus(tmp_path), bad, tmp_path / "missing.txt"], store)
        assert (report.coded, report.failed, report.problems) == (4, 1, 4)
        errors = store.errors()
        code = [e for e in errors if e["kind"] == "code"]
        assert len(code) == 1 and "ValueError: cannot handle China today" in code[0]["message"]
        assert code[0]["article_key"].startswith("sha1-")
        read = sorted(e["origin"].rsplit("/", 1)[-1] for e in errors if e["kind"] == "read")
        assert read == ["bad.jsonl", "bad.jsonl:1", "bad.jsonl:2", "missing.txt"]
        assert run([corpus(tmp_path)], store).skipped == 5  # the failed one is not retried...
        monkeypatch.setattr(Coder, "code_doc", real)
        again = run([corpus(tmp_path)], store, retry_errors=True)  # ...unless asked
        assert again.coded == 1 and not [e for e in store.errors() if e["kind"] == "code"]


def test_a_process_pool_stores_what_one_process_stores(tmp_path):
    path = corpus(tmp_path)
    with Store(":memory:") as one:
        run([path], one)
        expected = snapshot(one)
    with Store(":memory:") as pooled:
        report = ingest([str(path)], pooled, IngestOptions(workers=2, chunk_size=2, coder=FAST))
        assert report.workers == 2 and report.coded == 5
        assert snapshot(pooled) == expected


def test_a_worker_that_dies_is_replaced_and_its_article_recorded(tmp_path, monkeypatch):
    path = corpus(tmp_path)
    monkeypatch.setattr(local, "code_chunk", _dies_on_china)
    with Store(":memory:") as store:
        report = ingest([str(path)], store, IngestOptions(workers=2, chunk_size=5, coder=FAST))
        assert (report.coded, report.failed) == (4, 1)
        [err] = store.errors()
        assert "worker process died" in err["message"]


def _dies_on_china(articles):
    import os

    if any("China" in a.text for a in articles):
        os._exit(1)
    return local.code_chunk.__wrapped__(articles) if hasattr(local.code_chunk, "__wrapped__") else \
        _real_code_chunk(articles)


_real_code_chunk = local.code_chunk


def test_a_coder_that_cannot_load_stops_the_run_with_one_line(tmp_path, monkeypatch):
    from eventwire.errors import DataFileError

    def broken(self, config=None):
        raise DataFileError("lexicon/lists/frames.txt", 219, "unknown frame 'allege'")

    monkeypatch.setattr(Coder, "__init__", broken)
    monkeypatch.setattr(local, "_CODER", None)
    with Store(":memory:") as store:
        with pytest.raises(local.EventwireError, match="frames.txt:219: unknown frame"):
            ingest([str(corpus(tmp_path))], store, IngestOptions(workers=1, coder=CoderConfig(locate=False,
                                                                                            batch_size=7)))
        assert store.counts()["articles"] == 0 and store.errors() == []
