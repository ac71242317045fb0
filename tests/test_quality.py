"""Quality guard: the coder is scored on the peer suites and the held-out silver split,
and no figure may fall more than 0.02 below the one recorded in
``tests/quality_baseline.json`` (update that file, with the reason in the commit,
when a change raises the figures).

Skipped when ../shared/eval is absent (the suites are not shipped). Scoring only:
nothing here, nor anywhere in the lexicon, is written for a suite's sentences.
"""

import json
from pathlib import Path

import pytest

from eventwire import evaluate
from eventwire.pipeline import Coder, CoderConfig
from eventwire.stages.read import article_from_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE = json.loads((ROOT / "tests" / "quality_baseline.json").read_text(encoding="utf-8"))
TOLERANCE = 0.02

pytestmark = pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval is not here")


@pytest.fixture(scope="module")
def figures():
    coder = Coder(CoderConfig(locate=False))

    def code(text, day):
        return [e.to_dict() for e in coder.code_article(article_from_text(text, "eval", day))]

    petr2 = evaluate.evaluate(evaluate.load_petr2(SHARED / "eval" / "petr2-gsr-validation.xml"), code, "petr2")
    plover = evaluate.evaluate(evaluate.load_plover(SHARED / "eval" / "plover-gsr.json"), code, "plover")
    silver = evaluate.Score()
    for name in ("agnews-silver.jsonl", "reuters-silver.jsonl"):
        report = evaluate.evaluate(evaluate.load_silver(SHARED / "train" / name, "test"), code, "silver")
        for field in ("gold", "predicted", "matched_gold", "matched_predicted"):
            setattr(silver, field, getattr(silver, field) + getattr(report.root, field))
    return {
        "petr2_root_f1": petr2.root.f1,
        "petr2_code_f1": petr2.code.f1,
        "plover_type_accuracy": plover.type_accuracy,
        "plover_dyad_accuracy": plover.dyad_accuracy,
        "silver_test_root_f1": silver.f1,
    }


@pytest.mark.parametrize("name", sorted(k for k in BASELINE if not k.startswith("_")))
def test_no_figure_drops_below_its_baseline(figures, name):
    assert figures[name] >= BASELINE[name] - TOLERANCE, (
        f"{name} fell to {figures[name]:.3f} (baseline {BASELINE[name]:.3f}); all figures: "
        + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))


def test_baseline_names_every_figure(figures):
    assert set(figures) == {k for k in BASELINE if not k.startswith("_")}
