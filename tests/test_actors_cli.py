"""``eventwire actors learn | show | unknown``: the memory file, one-line errors, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FIRST = ("date 2022-12-23 BAKU, Azerbaijan, December 23. Azerbaijani Foreign Minister Jeyhun Bayramov "
         "met Zorgon Blattwick of the Karvanian Freedom Front in Baku.\n")
LATER = ("date 2023-01-20 BAKU, Azerbaijan, January 20. Bayramov said the talks with Armenia would resume. "
         "Zorgon Blattwick denied it.\n")


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    (d / "first.txt").write_text(FIRST, encoding="utf-8")
    (d / "later.txt").write_text(LATER, encoding="utf-8")
    return d


def test_learn_then_show(corpus, tmp_path):
    memory = tmp_path / "mem.jsonl"
    res = run("actors", "learn", corpus / "first.txt", "--memory", memory, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "1 new facts" in res.stdout
    facts = [json.loads(line) for line in memory.read_text(encoding="utf-8").splitlines()]
    assert {"name": "Jeyhun Bayramov", "code": "AZEGOV", "role": "Azerbaijani Foreign Minister",
            "first_seen": "2022-12-23", "last_seen": "2022-12-23", "count": 1} in facts

    res = run("actors", "show", "Bayramov", "--memory", memory, "--date", "2023-01-20", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "actor memory      AZEGOV     Jeyhun Bayramov" in res.stdout
    assert "resolves on 2023-01-20 to AZEGOV (actor memory)" in res.stdout

    # learning again counts a second sighting, and the default memory sits in the working directory
    res = run("actors", "learn", corpus, "--memory", memory, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    facts = [json.loads(line) for line in memory.read_text(encoding="utf-8").splitlines()]
    assert [f["count"] for f in facts if f["name"] == "Jeyhun Bayramov"] == [2]


def test_unknown_lists_unresolved_names_by_frequency(corpus, tmp_path):
    res = run("actors", "unknown", corpus, "--format", "csv", "--memory", tmp_path / "none.jsonl", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "count,articles,name,agent_hint"
    assert lines[1].startswith("2,2,Zorgon Blattwick")


def test_a_bad_actor_file_is_one_line_per_problem_and_work_goes_on(corpus, tmp_path):
    bad = tmp_path / "actors.csv"
    bad.write_text("name,code\nZorgon Blattwick,ARMOPP\nNobody,ARMXYZ\nZorgon Blattwick,AZEGOV\n", encoding="utf-8")
    res = run("actors", "show", "Zorgon Blattwick", "--actors", bad, "--memory", tmp_path / "m.jsonl", cwd=tmp_path)
    assert res.returncode == 0
    assert "Traceback" not in res.stderr
    errors = res.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"{bad}:3:") and "unknown agent code 'XYZ'" in errors[0]
    assert errors[1].startswith(f"{bad}:4:") and "already ARMOPP (line 2)" in errors[1]
    assert "resolves undated to ARMOPP (user actors)" in res.stdout


def test_unreadable_input_is_reported_not_raised(tmp_path):
    res = run("actors", "learn", tmp_path / "missing.txt", "--memory", tmp_path / "m.jsonl", cwd=tmp_path)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "missing.txt" in res.stderr and len(res.stderr.strip().splitlines()) == 1
