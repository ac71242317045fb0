"""The store commands end to end: ingest, errors, export, dyads (table, CSV, chart), stats."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from eventwire.cli import main
from eventwire.stages.read import parse_metadata

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "azerbaijan-russia-2022-12-23.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A store made by `eventwire ingest` from the sample, a copy and a broken file."""
    d = tmp_path_factory.mktemp("cli")
    corpus = d / "in"
    corpus.mkdir()
    (corpus / "sample.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    text = SAMPLE.read_text(encoding="utf-8")
    body = text[parse_metadata(text)[1]:].lstrip()  # the story without its metadata
    (corpus / "copy.jsonl").write_text(json.dumps({"id": "copy-1", "date": "2022-12-24", "text": body}) + "\n"
                                       + "{broken\n", encoding="utf-8")
    path = d / "s.duckdb"
    assert main(["ingest", str(corpus), "--db", str(path), "--workers", "1", "--no-places", "--quiet"]) == 1
    return path


def test_ingest_summary_and_second_run(db, capsys):
    corpus = db.parent / "in"
    assert main(["ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-places", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "ingested 0 new articles (2 already stored" in out and "1 copies of others" in out


def test_errors_lists_the_broken_line(db, capsys):
    assert main(["errors", "--db", str(db)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("read\t") and "copy.jsonl:2: malformed JSON line" in line


def test_export_gdelt_and_jsonl(db, capsys):
    assert main(["export", "--db", str(db), "--format", "gdelt"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter="\t"))
    assert rows and all(len(r) == 61 for r in rows)
    # every happening is reported by the story and its copy (NumArticles), as often in each
    # (NumMentions: the accusation and the criticism of Armenia in one sentence are one happening)
    assert {r[33] for r in rows} == {"2"}
    assert all(int(r[31]) % 2 == 0 for r in rows) and {r[31] for r in rows} >= {"2"}
    assert main(["export", "--db", str(db), "--format", "jsonl", "--actor", "ARM"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("ARM" in (json.loads(x)["source"] or {}).get("code", "") + (
        (json.loads(x)["target"] or {}).get("code") or "") for x in lines)


def test_export_parquet_needs_a_file(db, capsys, tmp_path):
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 2
    assert "parquet needs a file" in capsys.readouterr().err
    assert main(["export", "--db", str(db), "--format", "parquet", "-o", str(tmp_path / "e.parquet")]) == 0
    assert (tmp_path / "e.parquet").stat().st_size > 0


def test_dyads_table_csv_and_chart(db, capsys, tmp_path):
    assert main(["dyads", "--db", str(db), "--source", "AZE", "--by", "month"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:4] == ["period", "source", "target", "events"]
    assert any(line.startswith("2022-12-01  AZE") for line in table[1:])
    chart = tmp_path / "d.svg"
    assert main(["dyads", "--db", str(db), "--by", "week", "--format", "csv", "--chart", str(chart)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {"q1_verbal_coop", "goldstein_mean"} <= set(rows[0])
    assert ET.parse(chart).getroot().tag.endswith("svg")
    assert main(["dyads", "--db", str(db), "--chart", str(tmp_path / "d.gif")]) == 2


def test_stats(db, capsys):
    assert main(["stats", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "articles  2 (1 linked as copies of another)" in out and "errors    1" in out


def test_missing_or_foreign_store_is_one_line(tmp_path, capsys):
    assert main(["export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert "no store here" in err and len(err.strip().splitlines()) == 1
    (tmp_path / "junk.duckdb").write_text("junk" * 1000)
    assert main(["stats", "--db", str(tmp_path / "junk.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "junk.duckdb" in err and len(err.strip().splitlines()) == 1
