"""The shipped event model: it loads offline, stays small, and scores what it scored.

Stored expectations (``fixtures/model_expectations.json``) are the shipped
model's figures on the fixed fixture ``fixtures/model_tiny.jsonl`` (written
for these tests; the model never trained on it) and, where ``../shared`` is
present, on the silver test split. A drop of more than 0.02 fails, so a
silent regression (features changed, weights damaged, decoding broken) fails
CI. After retraining on purpose, rewrite them with::

    .venv/bin/python tests/test_model_shipped.py --update
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from eventwire.cli_model import compare
from eventwire.model.component import EventModel
from eventwire.model.features import DocView
from eventwire.model.silver import read_silver
from eventwire.model.store import DEFAULT_DIR, folder_size, load_bundle
from eventwire.model.train import parse_items, trigger_token

HERE = Path(__file__).resolve().parent
TINY = HERE / "fixtures" / "model_tiny.jsonl"
EXPECTED = HERE / "fixtures" / "model_expectations.json"
SHARED = HERE.parents[1] / "shared" / "train"
SILVER = [SHARED / "agnews-silver.jsonl", SHARED / "reuters-silver.jsonl"]
TOLERANCE = 0.02


def figures(report) -> dict:
    out = {}
    for level in ("root", "code"):
        s = getattr(report, level)
        out[level] = {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
    return out


def trigger_verdicts(coder=None) -> list[dict]:
    """The model's root for each annotated trigger word of the fixture."""
    from eventwire.pipeline import Coder, CoderConfig

    coder = coder or Coder(CoderConfig(locate=False))
    model = EventModel.load()
    out = []
    for p in parse_items(coder, read_silver(TINY)):
        view = DocView(p.doc, p.mentions, p.offset)
        scored = {s.token.i: s for s in model.score(view)}
        for e in p.item.events:
            span = p.doc.char_span(e.trigger[0] - p.offset, e.trigger[1] - p.offset, alignment_mode="expand")
            tok = trigger_token(span)
            s = scored.get(tok.i) if tok is not None else None
            out.append({"item": p.item.id, "trigger": span.text, "gold": e.cameo[:2],
                        "root": s.root if s else None, "p_event": round(s.p_event, 3) if s else None})
    return out


def measure() -> dict:
    data = {"model_version": load_bundle().info.version,
            "fixture": {"model": figures(compare("silver", str(TINY), "all", ["model"], None)["model"]),
                        "triggers": trigger_verdicts()}}
    if all(p.is_file() for p in SILVER):
        reports = compare("silver", [str(p) for p in SILVER], "test", ["model"], None)
        data["silver_test"] = {"model": figures(reports["model"])}
    return data


@pytest.fixture(scope="module")
def expected():
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_shipped_model_loads_and_is_small():
    bundle = load_bundle()
    assert folder_size(DEFAULT_DIR) < 30_000_000
    recipe = bundle.info.recipe
    assert "== 'train'" in recipe["split"]  # never trained on the test split
    assert {d["file"] for d in recipe["data"]} == {"agnews-silver.jsonl", "reuters-silver.jsonl"}
    assert bundle.info.settings.hybrid.event > 0


def test_expectations_belong_to_the_shipped_model(expected):
    assert expected["model_version"] == load_bundle().info.version, \
        "the model was retrained: rewrite the expectations (see this module's docstring)"


def _no_drop(now: dict, before: dict, what: str) -> None:
    for level, scores in before.items():
        for name, value in scores.items():
            assert now[level][name] >= value - TOLERANCE, f"{what} {level} {name}: {now[level][name]} < {value}"


def test_fixture_scores_hold(expected):
    report = compare("silver", str(TINY), "all", ["model"], None)["model"]
    _no_drop(figures(report), expected["fixture"]["model"], "fixture, model")


def test_fixture_trigger_verdicts_hold(expected):
    now = trigger_verdicts()
    before = expected["fixture"]["triggers"]
    assert [(v["item"], v["trigger"]) for v in now] == [(v["item"], v["trigger"]) for v in before]
    same = sum(a["root"] == b["root"] for a, b in zip(now, before))
    assert same >= len(before) - 1, [(a, b) for a, b in zip(now, before) if a["root"] != b["root"]]
    right_now = sum(v["root"] == v["gold"] for v in now)
    right_before = sum(v["root"] == v["gold"] for v in before)
    assert right_now >= right_before - 1


@pytest.mark.skipif(not all(p.is_file() for p in SILVER), reason="needs ../shared/train")
def test_silver_test_split(expected):
    """Both silver files' test items, scored as one suite (the split the model never saw)."""
    reports = compare("silver", [str(p) for p in SILVER], "test", ["lexicon", "model", "hybrid"], None)
    _no_drop(figures(reports["model"]), expected["silver_test"]["model"], "silver test, model")
    lexicon, hybrid = reports["lexicon"].root, reports["hybrid"].root
    # the hybrid's promise: more F1 than the lexicon alone, at (almost) its precision
    assert hybrid.f1 > lexicon.f1, (hybrid.f1, lexicon.f1)
    assert hybrid.precision >= lexicon.precision - TOLERANCE, (hybrid.precision, lexicon.precision)


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_model_shipped.py --update")
    EXPECTED.write_text(json.dumps(measure(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED}")
