"""Referenced agreements (eventwire/stages/references.py): an earlier, dated agreement
that a sentence names is coded as its own 057 event, dated by its own phrase."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.pipeline import Coder, CoderConfig


@pytest.fixture(scope="module")
def coder():
    return Coder(CoderConfig(locate=False))


def agreements(events):
    return [e for e in events if e.trigger.pattern.startswith("057 referenced")]


def test_agreement_between_named_parties_is_dated_by_its_own_phrase(coder):
    evs = coder.code_text("Iran accused Iraq of breaking the 1975 accord between Iran and Iraq.",
                          article_date=date(1987, 3, 2))
    found = agreements(evs)
    assert len(found) == 1, [(e.cameo, e.trigger.text) for e in evs]
    e = found[0]
    assert e.cameo == "057" and e.reciprocal and e.past_reference
    assert e.date and e.date.year == 1975 and e.date_granularity == "year"
    assert {e.source.actor.code, e.target.actor.code} == {"IRN", "IRQ"}
    # the accusation of the same sentence says which earlier happening it refers to
    accuse = [x for x in evs if x.cameo.startswith("11")]
    assert accuse and any("refers to" in n for n in accuse[0].notes)


def test_agreement_with_unnamed_parties_has_low_confidence_and_says_why(coder):
    evs = coder.code_text("Pakistan called for respect of the joint declaration of March 4, 2019.",
                          article_date=date(2021, 6, 1))
    e = agreements(evs)[0]
    assert e.source is None and e.target is None and e.confidence < 0.5
    assert e.date == date(2019, 3, 4) and any("not named" in n for n in e.notes)


def test_undated_or_current_agreements_are_not_coded_twice(coder):
    evs = coder.code_text("Israel and Egypt signed a peace agreement on Monday.", article_date=date(1979, 3, 28))
    assert not agreements(evs)  # the lexicon codes the signing itself
    assert any(e.cameo == "057" for e in evs)


def test_switch_off():
    quiet = Coder(CoderConfig(locate=False, referenced_agreements=False))
    evs = quiet.code_text("Pakistan called for respect of the joint declaration of March 4, 2019.",
                          article_date=date(2021, 6, 1))
    assert not agreements(evs)
