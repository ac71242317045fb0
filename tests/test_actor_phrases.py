"""Actor accuracy on tests/fixtures/actor_phrases.jsonl: hand-labelled actor phrases from the
corpora in ../shared (AG News world items outside the silver set, Reuters-21578 stories).

The figures themselves are printed by ``bench/actor_accuracy.py``; this test guards them.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from eventwire.knowledge.actor_tables import load_actor_tables

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "actor_phrases.jsonl"


def _bench():
    spec = importlib.util.spec_from_file_location("actor_accuracy", ROOT / "bench" / "actor_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return _bench()


def test_fixture_is_well_formed(bench):
    cases = bench.read_fixture(FIXTURE)  # checks every phrase is at its offset
    assert len(cases) >= 100
    assert len({(c.text, c.start) for c in cases}) == len(cases)
    tables = load_actor_tables()
    org_codes = {line.split(",")[0] for line in (ROOT / "eventwire/data/actors/organizations.csv").read_text().splitlines()
                 if re.match(r"(IGO|NGO)", line)}
    for c in cases:
        assert c.origin.startswith(("agnews-world:", "reuters21578:")), c.origin
        if c.code is None or c.code.startswith("IMG") or c.code in org_codes:
            continue
        assert tables.country(c.code[:3]) is not None, c.code
        assert len(c.code) == 3 or c.code[3:6] in tables.agents, c.code
    kinds = {c.code[3:6] for c in cases if c.code and len(c.code) == 6 and not c.code.startswith(("IGO", "NGO"))}
    assert {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "UAF", "CVL", "MED", "BUS"} <= kinds


def test_country_part_is_right_for_95_percent_of_resolved_phrases(bench):
    outcomes = bench.run(bench.read_fixture(FIXTURE))
    s = bench.summary(outcomes)
    wrong = [(o.case.phrase, o.case.code, o.code, o.mention.how) for o in outcomes if o.code and not o.country_ok]
    assert s["country_accuracy"] >= 0.95, wrong
    # ...and not by leaving the hard ones unresolved
    assert s["resolved_rate"] >= 0.85, s
    # phrases that name no actor stay unresolved
    assert all(o.code is None for o in outcomes if o.case.code is None)
