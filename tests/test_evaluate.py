from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from eventwire.evaluate import (
    GoldEvent, GoldItem, actor_key, evaluate, format_report, load_petr2, load_plover, report_to_dict,
)

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _eval_file(name: str) -> Path:
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="module")
def petr2():
    return load_petr2(_eval_file("petr2-gsr-validation.xml"))


@pytest.fixture(scope="module")
def plover():
    return load_plover(_eval_file("plover-gsr.json"))


def _event(code=None, ptype=None, source=None, target=None, reciprocal=False):
    return {"cameo": code, "plover": {"type": ptype, "mode": None},
            "source": {"code": source} if source else None,
            "target": {"code": target} if target else None, "reciprocal": reciprocal}


def oracle(items):
    """Replays the gold, item by item (evaluate calls the coder in item order)."""
    queue = iter(items)

    def coder(text, day):
        item = next(queue)
        assert item.text == text
        return [_event(e.code, e.plover_type, e.source, e.target) for e in item.events]
    return coder


def one(code, source, target, text="x"):
    return [GoldItem("i1", text, None, [GoldEvent(code, None, None, source, target)])]


# ---------------------------------------------------------------- loaders

def test_load_petr2(petr2):
    assert len(petr2) == 78
    assert sum(bool(it.events) for it in petr2) == 66
    first = petr2[0]
    assert first.id == "AFP0808020625_4"
    assert first.date == date(2008, 8, 4)
    assert first.text.startswith("The stopover came as the US leader")
    assert "\n" not in first.text
    assert (first.events[0].code, first.events[0].source, first.events[0].target) == ("042", "USA", "CHN")
    assert next(it for it in petr2 if it.id == "AFP0808020905_1").date is None  # date="121108"
    codes = {e.target for it in petr2 for e in it.events}
    assert "---" not in codes and None in codes  # "---" means no target


def test_load_plover(plover):
    assert len(plover) == 322  # 323 records minus the DOCUMENT one
    types = Counter(it.events[0].plover_type for it in plover)
    assert not {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "DOCUMENT"} & set(types)
    assert types["REQUEST"] == 34 and types["ACCUSE"] == 25 and types["ASSAULT"] == 32
    assert all(it.events and it.date is None for it in plover)
    agree1 = next(it for it in plover if it.id == "PLOVER-GSR01-AGREE-0001")  # reciprocal, compound
    assert {(e.source, e.target) for e in agree1.events} == {("HUNGOV", "ROUGOV"), ("ROUGOV", "HUNGOV")}
    agree2 = next(it for it in plover if it.id == "PLOVER-GSR01-AGREE-0002")
    assert (agree2.events[0].source, agree2.events[0].target) == ("IGO", "JPN")  # JAP corrected


def test_actor_key():
    assert actor_key("AZEGOV") == "AZE"
    assert actor_key("IGOUNOMIL") == "IGOUNO"
    assert actor_key("---REB") is None and actor_key("---") is None and actor_key(None) is None
    assert actor_key(None, "AZE") == "AZE"


# ---------------------------------------------------------------- scoring

def test_oracle_scores_perfectly(petr2, plover):
    rep = evaluate(petr2, oracle(petr2), "petr2")
    assert rep.root.f1 == 1.0 and rep.code.f1 == 1.0
    assert rep.actors["source_country"].rate == 1.0
    assert sum(s.gold for s in rep.per_root.values()) == rep.root.gold
    rep = evaluate(plover, oracle(plover), "plover")
    assert rep.plover.f1 == 1.0 and rep.type_accuracy == 1.0 and rep.dyad_accuracy == 1.0
    assert "plover" in format_report(rep)
    assert report_to_dict(rep)["plover"]["f1"] == 1.0


def test_empty_coder(petr2):
    rep = evaluate(petr2, lambda text, day: [], "petr2")
    assert rep.root.recall == 0.0 and rep.root.predicted == 0 and rep.root.gold > 0
    assert all(d.missed for d in rep.details if d.gold)


def test_wrong_source_country_fails():
    items = one("042", "USAGOV", "CHN")
    rep = evaluate(items, lambda t, d: [_event("042", source="RUSGOV", target="CHN")], "t")
    assert rep.root.matched_gold == 0 and rep.root.precision == 0.0
    assert rep.actors["source_country"].rate == 0.0 and rep.actors["target_country"].rate == 1.0
    rep = evaluate(items, lambda t, d: [_event("040", source="USA", target="CHN")], "t")
    assert rep.root.f1 == 1.0 and rep.code.f1 == 0.0  # same root, other code; agent ignored


def test_igo_gold_prefix():
    bare = one("080", "IGO", "SYR")
    assert evaluate(bare, lambda t, d: [_event("080", source="IGOUNOMIL", target="SYR")], "t").root.f1 == 1.0
    un = one("080", "IGOUNOMIL", "SYR")
    assert evaluate(un, lambda t, d: [_event("080", source="IGOUNO", target="SYR")], "t").root.f1 == 1.0
    assert evaluate(un, lambda t, d: [_event("080", source="IGOEUREEC", target="SYR")], "t").root.f1 == 0.0


def test_peer_suites_read_cameo_codes_silver_reads_ours():
    # the peer suites write CAMEO's dictionary codes (IGOUNO), the silver data ours (IGOUN)
    pred = {"cameo": "080", "plover": {"type": None, "mode": None}, "reciprocal": False,
            "source": {"code": "IGOUN", "cameo_code": "IGOUNO"}, "target": {"code": "SYR", "cameo_code": "SYR"}}
    assert evaluate(one("080", "IGOUNOMIL", "SYR"), lambda t, d: [pred], "petr2").root.f1 == 1.0
    assert evaluate(one("080", "IGOUN", "SYR"), lambda t, d: [pred], "silver").root.f1 == 1.0
    assert evaluate(one("080", "IGOUNOMIL", "SYR"), lambda t, d: [pred], "silver").root.f1 == 0.0
    # a prediction without cameo_code is read by its code
    assert evaluate(one("080", "IGOUN", "SYR"), lambda t, d: [_event("080", source="IGOUN", target="SYR")],
                    "petr2").root.f1 == 1.0


def test_reciprocal_prediction_matches_reversed_gold():
    items = one("036", "RUS", "AZE")
    assert evaluate(items, lambda t, d: [_event("036", source="AZE", target="RUS")], "t").root.f1 == 0.0
    rep = evaluate(items, lambda t, d: [_event("036", source="AZE", target="RUS", reciprocal=True)], "t")
    assert rep.root.f1 == 1.0
    both = [GoldItem("i", "x", None, [GoldEvent("031", None, None, "BRA", "USA"),
                                      GoldEvent("031", None, None, "USA", "BRA")])]
    rep = evaluate(both, lambda t, d: [_event("031", source="USA", target="BRA", reciprocal=True)], "t")
    assert rep.root.recall == 1.0 and rep.root.precision == 1.0


def test_missing_gold_target_is_a_wildcard_and_no_event_items_give_false_positives():
    items = one("140", "RWALEG", None) + [GoldItem("i2", "y", None, [])]
    rep = evaluate(items, lambda t, d: [_event("141", source="RWA", target="FRA")], "t")
    assert rep.root.matched_gold == 1 and rep.root.predicted == 2 and rep.root.precision == 0.5
    assert rep.details[1].false_positives == ["14 RWA->FRA"]


def test_each_gold_coding_matches_once():
    items = [GoldItem("i", "x", None, [GoldEvent("141", None, None, "GBROPP", "CHN"),
                                       GoldEvent("141", None, None, "USAOPP", "CHN")])]
    rep = evaluate(items, lambda t, d: [_event("141", source="GBR", target="CHN")], "t")
    assert (rep.root.matched_gold, rep.root.gold, rep.root.precision) == (1, 2, 1.0)
