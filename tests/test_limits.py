"""Limits: giant articles and run-on sentences are cut or left out with a warning,
and a 20 MB input neither crashes eventwire nor takes the machine's memory.

Memory is measured in a subprocess (its peak RSS, from the parent's
``RUSAGE_CHILDREN``) against a generous ceiling; no test here is timed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eventwire.pipeline import Coder, CoderConfig
from eventwire.records import Article

EVENT_SENTENCE = "Russian troops attacked the Ukrainian town of Bakhmut on Tuesday. "
FILLER = "The weather in the region stayed cold and the roads were closed for most of the week. "
TWENTY_MB = 20_000_000
RSS_CEILING_MB = 1500  # the model alone takes ~500 MB; a 20 MB text held a few times over stays far below


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder(CoderConfig(locate=False, max_article_chars=2_000, max_sentence_chars=400))


def test_an_article_over_the_limit_is_cut_with_a_warning(coder):
    text = FILLER * 10 + EVENT_SENTENCE + FILLER * 40 + EVENT_SENTENCE.replace("Tuesday", "Friday")
    article, events = next(coder.code_articles([Article(id="long", text=text)]))
    assert len(article.text) == 2_000 and text.startswith(article.text)
    assert any("cut to its first 2,000 characters" in w for w in article.warnings)
    assert events, "the event before the cut is still coded"
    assert all(e.trigger.span[1] <= 2_000 for e in events)
    assert all(article.text[slice(*e.trigger.span)] == e.trigger.text for e in events)


def test_an_article_within_the_limit_is_untouched(coder):
    text = FILLER + EVENT_SENTENCE
    article, events = next(coder.code_articles([Article(id="short", text=text)]))
    assert article.text == text and not article.warnings and events


def test_a_run_on_sentence_over_the_limit_is_not_coded(coder):
    # one "sentence" of ~800 characters: a list with no full stop, with an event inside
    run_on = EVENT_SENTENCE.rstrip(". ") + ", " + ", ".join(f"and the convoy number {i} waited on the road"
                                                            for i in range(18)) + ". "
    assert len(run_on) > 400
    article, events = next(coder.code_articles([Article(id="run-on", text=run_on + EVENT_SENTENCE)]))
    assert any("over 400 characters not coded" in w for w in article.warnings)
    assert events and all(e.trigger.span[0] >= len(run_on) for e in events), "only the short sentence is coded"
    relaxed = Coder(CoderConfig(locate=False, max_sentence_chars=5_000))
    _, all_events = next(relaxed.code_articles([Article(id="run-on", text=run_on + EVENT_SENTENCE)]))
    assert any(e.trigger.span[0] < len(run_on) for e in all_events), "the limit, not the coder, dropped it"


def _peak_rss_mb(args: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    """Run a command; its peak RSS in MB (ru_maxrss of the children is the largest so
    far, so each measurement runs in a fresh helper process)."""
    probe = textwrap.dedent("""
        import json, resource, subprocess, sys
        args = json.loads(sys.argv[1])
        done = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({"rc": done.returncode, "out": done.stdout[-2000:], "err": done.stderr[-4000:],
                          "peak": peak}))
    """)
    done = subprocess.run([sys.executable, "-c", probe, json.dumps(args)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    r = json.loads(done.stdout)
    return subprocess.CompletedProcess(args, r["rc"], r["out"], r["err"]), r["peak"]


def _twenty_mb(path: Path) -> Path:
    unit = FILLER * 3 + EVENT_SENTENCE
    path.write_text(unit * (TWENTY_MB // len(unit) + 1), encoding="utf-8")
    assert path.stat().st_size >= TWENTY_MB
    return path


def test_a_20mb_file_is_refused_in_one_line_with_bounded_memory(tmp_path):
    big = _twenty_mb(tmp_path / "big.txt")
    eventwire = str(Path(sys.executable).with_name("eventwire"))
    done, peak = _peak_rss_mb([eventwire, "code", "--format", "jsonl", str(big)])
    assert "Traceback" not in done.stderr
    assert "too long" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert peak < RSS_CEILING_MB, f"peak RSS {peak:.0f} MB"


def test_a_20mb_article_given_to_the_coder_is_cut_and_coded_with_bounded_memory(tmp_path):
    """Engines and the API hand the coder Articles directly (no reader in between)."""
    big = _twenty_mb(tmp_path / "big.txt")
    script = textwrap.dedent(f"""
        import json, sys
        from eventwire.pipeline import Coder, CoderConfig
        from eventwire.records import Article
        coder = Coder(CoderConfig(locate=False, max_article_chars=30_000))
        text = open({str(big)!r}, encoding="utf-8").read()
        article, events = next(coder.code_articles([Article(id="big", text=text)]))
        del text
        print(json.dumps({{"chars": len(article.text), "events": len(events), "warnings": article.warnings}}))
    """)
    done, peak = _peak_rss_mb([sys.executable, "-c", script])
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["chars"] == 30_000 and result["events"] >= 1
    assert any("cut to its first 30,000" in w for w in result["warnings"])
    assert peak < RSS_CEILING_MB, f"peak RSS {peak:.0f} MB"
