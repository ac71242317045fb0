"""Builders of small, hand-made coder results for the store tests (no model needed)."""

from __future__ import annotations

from datetime import date

from eventwire.records import Actor, ActorMention, Article, Attribution, Event, Location, Trigger
from eventwire.store import article_result
from eventwire.store.dedup import minhash

# CAMEO code -> (name, quad class, Goldstein, PLOVER type, mode): just what these tests use
CODES = {
    "040": ("Consult", 1, 1.0, "CONSULT", None),
    "042": ("Make a visit", 1, 1.9, "CONSULT", "visit"),
    "112": ("Accuse", 3, -2.0, "ACCUSE", "disapprove"),
    "190": ("Use conventional military force", 4, -10.0, "ASSAULT", None),
    "193": ("Fight with small arms", 4, -10.0, "ASSAULT", "firearms"),
}


def actor(code: str | None, text: str, start: int) -> ActorMention:
    country = code[:3] if code else None
    return ActorMention(text=text, span=(start, start + len(text)),
                        actor=Actor(code=code, country=country, agent=code[3:] or None if code else None,
                                    name=text), sentence=0, how="test")


def _role(code: str | None, text: str, start: int) -> ActorMention | None:
    """No mention for None; a mention the coder could not resolve for "?"."""
    if code is None:
        return None
    return actor(None if code == "?" else code, text, start)


def event(article_id: str, text: str, cameo: str, src: str | None, tgt: str | None, when: date | None,
          sentence: int = 0, basis: str = "publication", place: Location | None = None,
          reciprocal: bool = False, outlet: str | None = None, evidence: str | None = None) -> Event:
    """An event in ``text``; its evidence sentence is ``evidence`` (default: the whole text)."""
    name, quad, gold, ptype, pmode = CODES[cameo]
    trigger_at = max(0, len(text) // 2 - 3)
    return Event(
        article_id=article_id, sentence=sentence, cameo=cameo, cameo_name=name, quad_class=quad, goldstein=gold,
        plover_type=ptype, plover_mode=pmode,
        trigger=Trigger(text[trigger_at:trigger_at + 5], (trigger_at, trigger_at + 5), f"{cameo} test", "test:1"),
        evidence=evidence or text, source=_role(src, text[:6], 0),
        target=_role(tgt, text[-6:], len(text) - 6), reciprocal=reciprocal,
        date=when, date_basis=basis if when else "none", date_granularity="day" if when else None,
        location=place, location_basis="clause" if place else "none",
        attribution=Attribution(outlet=outlet), confidence=0.7, coder="test")


def result(article_id: str, text: str, events: list[Event], pub: date | None = None, source: str | None = None):
    art = Article(id=article_id, text=text, date=pub, date_basis="metadata" if pub else "none", source=source,
                  origin=f"test:{article_id}")
    return article_result(art, [e.to_dict() for e in events], "test", minhash(text))


BAKU = Location(name="Baku", country="AZE", admin1="09", lat=40.37767, lon=49.89201, geonameid=587084,
                feature_class="P", span=None)
GENEVA = Location(name="Geneva", country="CHE", admin1="GE", lat=46.20222, lon=6.14569, geonameid=2660646,
                  feature_class="P", span=None)

STORY = ("BAKU, Dec 23 - Azerbaijan accused Armenia on Friday of shelling its positions near the border "
         "village of Tovuz, the defence ministry said in a statement, adding that its troops returned fire. "
         "The ministry said nobody was hurt but that two houses and a school building were damaged. "
         "Armenia's defence ministry did not immediately comment on the report, which comes a week before "
         "the foreign ministers of both countries are due to meet in Moscow for talks on a peace treaty.")
OTHER = ("GENEVA, Dec 2 - Azerbaijan accused Armenia of breaking the ceasefire agreed in the autumn, "
         "in a letter to the United Nations that also listed damaged schools and hospitals in Karabakh.")
