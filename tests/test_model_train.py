"""The event model's parts and its training recipe, on a tiny fixture (well under a minute)."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from eventwire import evaluate
from eventwire.cli import main
from eventwire.errors import DataFileError, InputError
from eventwire.model.component import EventModel
from eventwire.model.features import DocView, dependency_path
from eventwire.model.linear import FitOptions, LinearModel
from eventwire.model.silver import read_silver
from eventwire.model.store import PARTS, Settings, Thresholds, folder_size, load_bundle
from eventwire.model.train import TrainOptions, parse_items, role_labels, train
from eventwire.pipeline import Coder, CoderConfig
from eventwire.records import Actor, ActorMention
from eventwire.stages.events import FoundEvent

TINY = Path(__file__).resolve().parent / "fixtures" / "model_tiny.jsonl"


@pytest.fixture(scope="module")
def coder():
    return Coder(CoderConfig(locate=False))


@pytest.fixture(scope="module")
def trained(coder, tmp_path_factory):
    out = tmp_path_factory.mktemp("model")
    options = TrainOptions(fit=FitOptions(epochs=20, min_count=1), tune=False)
    bundle = train([TINY], out, options, coder=coder, split="all")
    return out, bundle


# ---------------------------------------------------------------- the linear model

def test_linear_model_learns_and_explains():
    xs = [["bias", "w=attack"], ["bias", "w=bomb"], ["bias", "w=talks"], ["bias", "w=meet"], ["bias", "w=rain"]] * 20
    ys = ["19", "19", "04", "04", "none"] * 20
    model = LinearModel.fit(xs, ys, ["none", "04", "19"], FitOptions(epochs=15, min_count=1))
    probs = model.proba_many([["bias", "w=attack"], ["bias", "w=meet"], ["bias", "w=rain"], ["bias", "w=unseen"]])
    assert [model.labels[i] for i in probs[:3].argmax(axis=1)] == ["19", "04", "none"]
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert np.allclose(model.proba(["bias", "w=meet"]), probs[1])
    assert model.explain(["bias", "w=attack"], "19") == ["w=attack"]


def test_linear_model_is_reproducible():
    xs = [["bias", f"w={i % 7}", f"v={i % 3}"] for i in range(200)]
    ys = ["a" if i % 7 < 3 else "b" for i in range(200)]
    one = LinearModel.fit(xs, ys, options=FitOptions(seed=5))
    two = LinearModel.fit(xs, ys, options=FitOptions(seed=5))
    assert np.array_equal(one.weights, two.weights)


def test_averaged_model_is_the_mean_of_its_parts():
    a = LinearModel(["x", "y"], ["bias", "f"], np.array([[1.0, 0.0], [2.0, -2.0]], dtype=np.float32))
    b = LinearModel(["x", "y"], ["bias", "g"], np.array([[3.0, 0.0], [4.0, 4.0]], dtype=np.float32))
    m = LinearModel.average([a, b])
    assert m.vocab_list == ["bias", "f", "g"]
    assert np.allclose(m.weights, [[2.0, 0.0], [1.0, -1.0], [2.0, 2.0]])
    with pytest.raises(ValueError):
        LinearModel.average([a, LinearModel(["y", "x"], ["bias"], np.zeros((1, 2), dtype=np.float32))])


def test_rare_features_stay_out_of_the_vocabulary():
    model = LinearModel.fit([["bias", "once"], ["bias", "twice"], ["bias", "twice"]], ["a", "b", "a"],
                            options=FitOptions(min_count=2))
    assert "once" not in model.vocab and "twice" in model.vocab


# ---------------------------------------------------------------- reading silver data

def test_silver_text_is_the_evaluation_text():
    ours = read_silver(TINY)
    theirs = evaluate.load_silver(TINY)
    assert [i.text for i in ours] == [g.text for g in theirs]
    item = ours[0]
    start, end = item.events[0].trigger
    assert item.text[start:end] == "met"


def test_bad_silver_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(TINY.read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: not a silver item"):
        read_silver(path)


def test_span_that_does_not_fit_is_dropped(tmp_path):
    rec = json.loads(TINY.read_text(encoding="utf-8").splitlines()[0])
    rec["events"][0]["trigger"]["start"] += 1  # offsets no longer give the trigger's words
    path = tmp_path / "shifted.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    assert read_silver(path)[0].events[0].trigger is None


# ---------------------------------------------------------------- features and labels

def test_dependency_path_and_candidates(coder):
    (parsed,) = parse_items(coder, read_silver(TINY)[:1])
    doc = parsed.doc
    view = DocView(doc, parsed.mentions, parsed.offset)
    met = next(t for t in doc if t.text == "met")
    lavrov = next(t for t in doc if t.text == "Lavrov")
    assert dependency_path(met, lavrov) == "_nsubj"
    assert dependency_path(lavrov, met) == "^nsubj"
    assert met in view.candidates()
    assert lavrov not in view.candidates()  # inside an actor mention


def _mention(code, span):
    return ActorMention(text=code, span=span, actor=Actor(code=code, country=code[:3]), sentence=0)


def test_role_labels_by_span_then_by_country():
    ms = [_mention("RUSGOV", (0, 6)), _mention("CHN", (20, 25)), _mention("USA", (30, 33))]
    assert role_labels(ms, "RUSGOV", "CHN", (0, 6), (20, 25)) == ["source", "target", "none"]
    # the annotated target text is not one of our mentions: the first USA mention stands for it
    assert role_labels(ms, "RUS", "USAGOV", (0, 6), (40, 50)) == ["source", "none", "target"]
    assert role_labels(ms, "RUS", None, (0, 6), None) == ["source", "none", "none"]


# ---------------------------------------------------------------- training end to end

def test_training_writes_a_model_that_loads(trained):
    out, bundle = trained
    for part in PARTS:
        assert (out / f"{part}.npz").is_file()
    assert folder_size(out) < 30_000_000
    loaded = load_bundle(out)
    assert loaded.info.version == bundle.info.version
    assert loaded.info.recipe["items"] == 24
    assert np.array_equal(loaded.trigger.weights, bundle.trigger.weights)
    assert loaded.codes.labels == bundle.codes.labels
    assert "057" in loaded.codes.labels


def test_trained_model_codes_what_it_was_taught(trained, coder):
    out, _ = trained
    model = EventModel.load(out)
    coder.event_model = model
    coder.config.coder = "model"
    try:
        events = coder.code_text("India and Pakistan agreed on Saturday to resume peace talks next month.")
        bomb = coder.code_text("A car bomb exploded near a police station in Baghdad on Wednesday, "
                               "killing six people, Iraqi officials said.")
    finally:
        coder.config.coder = "lexicon"
        del coder.event_model
    assert any(e.cameo.startswith("03") and e.source.actor.country in ("IND", "PAK") for e in events), events
    e = next(e for e in events if e.cameo.startswith("03"))
    assert e.trigger.text == "agreed" and e.trigger.pattern.endswith("model:agree")
    assert any(n.startswith("model: root 03") for n in e.notes)
    assert [(e.cameo[:2], e.trigger.text) for e in bomb] == [("18", "exploded")], bomb


def test_hybrid_keeps_the_lexicon_code(trained, coder):
    out, _ = trained
    text = "Iran accused Israel on Sunday of sabotaging a nuclear site."
    lexicon = coder.code_text(text)
    coder.event_model = EventModel.load(out)
    coder.config.coder = "hybrid"
    try:
        hybrid = coder.code_text(text)
    finally:
        coder.config.coder = "lexicon"
        del coder.event_model
    by_trigger = {e.trigger.span: e for e in hybrid}
    for e in lexicon:  # every lexicon event is still there with its code
        assert by_trigger[e.trigger.span].cameo == e.cameo


def test_thresholds_decide_what_is_accepted(trained, coder):
    out, _ = trained
    model = EventModel.load(out)
    (parsed,) = parse_items(coder, read_silver(TINY)[2:3])  # "Iran accused Israel ..."
    view = DocView(parsed.doc, parsed.mentions, parsed.offset)
    props = model.proposals(view, model.score(view), floor=0.0)
    best = max(props, key=lambda p: p.scored.p_event)
    assert model.accept(best, Thresholds(event=0.0, source=0.0, target=0.0)) is not None
    assert model.accept(best, Thresholds(event=1.01, source=0.0, target=0.0)) is None
    assert model.accept(best, Thresholds(event=0.0, source=1.01, target=0.0)) is None
    no_target = model.accept(best, Thresholds(event=0.0, source=0.0, target=1.01))
    assert no_target is not None and no_target.target is None and not no_target.reciprocal


def test_hybrid_adds_what_the_lexicon_missed(trained, coder):
    out, _ = trained
    model = EventModel.load(out)
    (parsed,) = parse_items(coder, read_silver(TINY)[23:24])  # Nigeria deployed troops ... militants attacked
    view = DocView(parsed.doc, parsed.mentions, parsed.offset)
    scored = model.score(view)
    props = model.proposals(view, scored, floor=0.0)
    loose = Settings(hybrid=Thresholds(event=0.0, source=0.0, target=0.0))
    alone = model.combine("hybrid", view, scored, props, [], loose)
    assert {f.code[:2] for f in alone} >= {"15", "19"}, alone
    # a lexicon event of root 19 in that sentence: the model adds no other 19 there,
    # and nothing at the lexicon's word, but still its 15
    attack = next(f for f in alone if f.code[:2] == "19")
    lexicon_event = replace(attack, code="193", notes=["lexicon"], confidence=0.8)
    both = model.combine("hybrid", view, scored, props, [lexicon_event], loose)
    assert [f.code[:2] for f in both].count("19") == 1
    assert next(f for f in both if f.code[:2] == "19").code == "193"
    assert any(f.code[:2] == "15" for f in both)


def test_missing_lexicon_target_filled_by_the_model(trained, coder):
    out, _ = trained
    model = EventModel.load(out)
    (parsed,) = parse_items(coder, read_silver(TINY)[2:3])  # "Iran accused Israel ..."
    view = DocView(parsed.doc, parsed.mentions, parsed.offset)
    accused = next(t for t in parsed.doc if t.text == "accused")
    sentence = view.sentence_of[accused.i]
    iran = next(m for m in parsed.mentions if m.actor.code == "IRN" and view.sentence_of[m.head] == sentence)
    lone = FoundEvent(sentence, "112", accused, (accused.idx, accused.idx + 7), None, iran,
                      None, False, 0.8, [])
    filled = model.fill_target(lone, view, threshold=0.0)
    assert filled.target is not None and filled.target.actor.code == "ISR"
    assert filled.code == "112" and filled.confidence < lone.confidence
    assert model.fill_target(lone, view, threshold=1.01).target is None


def test_settings_round_trip():
    s = Settings(hybrid=Thresholds(0.8, 0.3, 0.2), model=Thresholds(0.4, 0.1, 0.05), fill_target=0.4)
    from dataclasses import asdict
    assert Settings.from_dict(asdict(s)) == s


def test_tuned_training_averages_the_fold_models(coder, tmp_path):
    options = TrainOptions(fit=FitOptions(epochs=5, min_count=1), tune=True)
    bundle = train([TINY], tmp_path, options, coder=coder, split="all")
    assert bundle.info.recipe["model"] == "average of 5 cross-fitted models"
    assert set(bundle.info.figures["cross_fitted"]) == {"lexicon", "model", "hybrid"}
    s = bundle.info.settings
    assert 0 < s.model.event <= 1 and 0 < s.fill_target
    assert load_bundle(tmp_path).info.settings == s


# ---------------------------------------------------------------- bad model files, CLI

def test_missing_or_broken_model_is_one_clear_error(tmp_path, trained):
    with pytest.raises(DataFileError, match="model.json: cannot read the event model"):
        load_bundle(tmp_path)
    out, _ = trained
    broken = tmp_path / "broken"
    broken.mkdir()
    for p in out.iterdir():
        (broken / p.name).write_bytes(p.read_bytes())
    (broken / "roles.npz").write_bytes(b"not a zip")
    with pytest.raises(DataFileError, match=r"roles\.npz: not a model part"):
        load_bundle(broken)


def test_cli_train_and_info(tmp_path, capsys):
    out = tmp_path / "m"
    assert main(["train", str(TINY), "--out", str(out), "--split", "all", "--no-tune", "--quiet"]) == 0
    assert "written to" in capsys.readouterr().out
    assert main(["model", "info", "--model", str(out)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["recipe"]["items"] == 24 and info["features"]["trigger"] > 0


def test_cli_train_on_a_missing_file_is_one_line(tmp_path, capsys):
    assert main(["train", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("eventwire: ") and "nope.jsonl" in err and len(err.strip().splitlines()) == 1


def test_cli_train_without_train_items_is_one_line(tmp_path, capsys):
    # every tiny item may fall in the test split or not; an empty file has none for sure
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["train", str(empty), "--out", str(tmp_path / "m"), "--quiet"]) == 2
    assert "no training items" in capsys.readouterr().err


def test_cli_model_compare(capsys):
    assert main(["model", "compare", "silver", str(TINY), str(TINY), "--split", "all",
                 "--modes", "lexicon,hybrid"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("suite silver: 48 items")  # two files, scored as one suite
    assert [line.split()[:2] for line in out.splitlines()[3:]] == [
        ["lexicon", "root"], ["lexicon", "code"], ["hybrid", "root"], ["hybrid", "code"]]


def test_cli_model_compare_bad_mode_is_one_line(capsys):
    assert main(["model", "compare", "silver", str(TINY), "--modes", "lexicon,neural"]) == 2
    err = capsys.readouterr().err
    assert "unknown mode 'neural'" in err and len(err.strip().splitlines()) == 1
