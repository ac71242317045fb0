"""The command line: formats, exit status and one-line errors for bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "azerbaijan-russia-2022-12-23.txt"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 20)
    (d / "broken.jsonl").write_text(
        '{"id": "ok-1", "text": "Russia and China signed a trade agreement on Monday."}\n'
        '{"id": "bad", "text": \n'
        '{"id": "ok-2", "text": "Armenia accused Azerbaijan of shelling its villages."}\n')
    (d / "emptydir").mkdir()
    return d


def test_version_and_help():
    assert run("--version").stdout.startswith("eventwire ")
    out = run("--help").stdout
    assert "examples:" in out and "code" in out


def test_jsonl_output_follows_the_contract():
    res = run("code", SAMPLE, "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    events = [json.loads(line) for line in res.stdout.splitlines()]
    assert events
    keys = {"event_id", "article_id", "sentence", "cameo", "cameo_root", "cameo_name", "quad_class",
            "goldstein", "plover", "source", "target", "reciprocal", "date", "date_basis",
            "past_reference", "location", "location_basis", "trigger", "evidence", "attribution",
            "confidence", "coder"}
    for e in events:
        assert keys <= set(e)
        assert e["article_id"] == SAMPLE.name
        assert e["cameo_root"] == e["cameo"][:2]
        assert set(e["plover"]) == {"type", "mode"}


def test_table_and_csv():
    table = run("code", SAMPLE).stdout
    assert "AZEGOV" in table and "042" in table
    csv_out = run("code", SAMPLE, "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("event_id,article_id")
    assert len(csv_out) > 3


def test_stdin():
    res = run("code", "-", "--format", "jsonl", stdin="Russia and China signed a trade agreement on Monday.\n")
    assert res.returncode == 0
    assert any(json.loads(x)["cameo"].startswith("05") for x in res.stdout.splitlines())


def test_bad_inputs_give_one_line_errors_and_the_rest_is_coded(bad_inputs):
    res = run("code", "--format", "jsonl", bad_inputs / "missing.txt", bad_inputs / "empty.txt",
              bad_inputs / "binary.txt", bad_inputs / "broken.jsonl", bad_inputs / "emptydir")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    err = res.stderr.splitlines()
    assert any("missing.txt" in line for line in err)
    assert any("empty.txt" in line for line in err)
    assert any("binary.txt" in line for line in err)
    assert any("broken.jsonl:2" in line for line in err)
    assert any("emptydir" in line for line in err)
    ids = {json.loads(x)["article_id"] for x in res.stdout.splitlines()}
    assert {"ok-1", "ok-2"} <= ids


def test_eval_on_missing_file_is_one_line():
    res = run("eval", "petr2", "/nonexistent/file.xml")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "/nonexistent/file.xml" in res.stderr


def test_lexicon_check_reports_bad_line(tmp_path):
    (tmp_path / "01-x.txt").write_text("042 visit TGT\n042 visit TGT | bogus\n")
    res = run("lexicon", "check", tmp_path)
    assert res.returncode == 2 and "01-x.txt:2" in res.stderr and "Traceback" not in res.stderr
