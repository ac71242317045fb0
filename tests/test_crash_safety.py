"""Crash safety: `eventwire ingest` killed with SIGKILL at several points of a run,
then restarted until it finishes, leaves the store exactly as one uninterrupted run.

The runs are real subprocesses of the installed command. The kill points are found
from outside, as an operator would see them: DuckDB appends each committed write to
the store's write-ahead log (``<store>.wal``), so a change of its size marks a batch
that landed. The first kill comes while the model is still loading (nothing stored),
the others after 1, 3 and 5 further commits.

Compared: the articles (and which are copies of which), every event as coded, which
events were merged into one happening, and the clusters' counts. Cluster ids name a
group by one of its members, so groups are compared as sets of event ids.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "agnews-world.jsonl"
EVENTWIRE = Path(sys.executable).with_name("eventwire")
N_ARTICLES = 40
N_COPIES = 6  # syndicated copies of earlier articles: exercises the copy and happening links
BATCH = 4  # articles per store write: about a dozen commits per run

pytestmark = pytest.mark.skipif(not CORPUS.exists() or not EVENTWIRE.exists(),
                                reason="needs ../shared/corpora and the installed eventwire command")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()[:N_ARTICLES]]
    copies = [{"id": f"copy-of-{r['id']}", "title": r.get("title"), "text": "Syndicated - " + r["text"]}
              for r in rows[::N_ARTICLES // N_COPIES][:N_COPIES]]
    path = tmp_path_factory.mktemp("crash") / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows + copies), encoding="utf-8")
    return path


def ingest_command(corpus: Path, db: Path) -> list[str]:
    return [str(EVENTWIRE), "ingest", str(corpus), "--db", str(db), "--workers", "1",
            "--batch-size", str(BATCH), "--no-places", "--quiet"]


def run_to_end(corpus: Path, db: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(ingest_command(corpus, db), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def wal_size(db: Path) -> int:
    try:
        return os.path.getsize(str(db) + ".wal")
    except OSError:
        return -1


def run_and_kill(corpus: Path, db: Path, commits: int) -> bool:
    """Start an ingest, SIGKILL it after ``commits`` more WAL changes (0: as soon as it
    runs); True when it was killed, False when it finished first."""
    proc = subprocess.Popen(ingest_command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        seen, last = 0, wal_size(db)
        deadline = time.monotonic() + 240
        while seen < commits and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
            size = wal_size(db)
            if size != last:
                seen, last = seen + 1, size
        if commits == 0:
            time.sleep(0.5)  # inside the model load / store open
        if proc.poll() is not None:
            assert proc.returncode == 0, proc.stderr.read()
            return False
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return True
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def stored_articles(db: Path) -> int:
    """Articles a killed run left. Counted in a copy: opening the store replays its
    write-ahead log, which is the restarted ingest's job, not the test's."""
    if not db.exists():
        return 0
    peek = db.with_name("peek.duckdb")
    for suffix in ("", ".wal"):
        Path(str(peek) + suffix).unlink(missing_ok=True)
        if Path(str(db) + suffix).exists():
            shutil.copyfile(str(db) + suffix, str(peek) + suffix)
    con = duckdb.connect(str(peek))
    try:
        return con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    finally:
        con.close()


def snapshot(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        def rows(sql):
            return con.execute(sql).fetchall()

        groups = {}
        for key, group in rows("SELECT article_key, copy_group FROM articles"):
            groups.setdefault(group, set()).add(key)
        happenings = {}
        for event_id, cluster in rows("SELECT event_id, cluster_id FROM events"):
            happenings.setdefault(cluster, set()).add(event_id)
        members = {c: frozenset(ids) for c, ids in happenings.items()}
        clusters = {(members.get(c), n_m, n_a, n_s) for c, n_m, n_a, n_s in rows(
            "SELECT cluster_id, num_mentions, num_articles, num_sources FROM clusters")}
        return {
            "articles": sorted(rows("SELECT article_key, n_events, text, warnings FROM articles")),
            "copy_groups": sorted(sorted(g) for g in groups.values()),
            "events": sorted(rows("SELECT event_id, article_key, record FROM events")),
            "happenings": sorted(sorted(ids) for ids in happenings.values()),
            "clusters": clusters,
            "errors": sorted(rows("SELECT kind, article_key, message FROM errors")),
        }
    finally:
        con.close()


def test_sigkill_at_several_points_then_restart_ends_as_one_clean_run(corpus, tmp_path):
    clean = tmp_path / "clean.duckdb"
    run_to_end(corpus, clean)
    expected = snapshot(clean)
    assert len(expected["articles"]) == N_ARTICLES + N_COPIES
    assert expected["events"], "the corpus must code some events for the comparison to mean something"

    crashed = tmp_path / "crashed.duckdb"
    kills, stored_after_kills = 0, []
    for commits in (0, 1, 3, 5):
        if run_and_kill(corpus, crashed, commits):
            kills += 1
            stored_after_kills.append(stored_articles(crashed))
    assert kills >= 3, "the run finished before most kill points: use a bigger corpus or smaller batches"
    # the kills fell inside the run: some work survived each, and not all of it was done
    assert any(0 < n < N_ARTICLES + N_COPIES for n in stored_after_kills), stored_after_kills
    final = run_to_end(corpus, crashed)
    assert "ingested" in final.stdout

    got = snapshot(crashed)
    for part in expected:
        assert got[part] == expected[part], f"{part} differ after the crashes"

    again = run_to_end(corpus, crashed)  # and a run over a complete store adds nothing
    assert "ingested 0 new articles" in again.stdout
    assert snapshot(crashed) == expected
