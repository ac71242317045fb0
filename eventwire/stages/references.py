"""Referenced agreements: earlier, dated agreements a sentence names, coded as events.

"Bayramov stressed the obligations arising from the tripartite statement of November 10,
2020": no verb of the sentence says that anything was signed, yet the report dates a
signing. :func:`when.referenced_happenings` finds such happening nouns with their own
date; this stage (entry point :func:`code_referenced_agreements`)

- codes each one of kind ``agreement`` that is not already an event's trigger as CAMEO
  057 (sign formal agreement), reciprocal, ``past_reference`` (its date comes from the
  date stage, which reads the same phrase), with the actor mentions inside its own phrase
  as parties ("the accord between Iran and Iraq", "the U.S.-Soviet treaty"); when the
  phrase names no party the event has none, a low confidence and a note saying so;
- notes on every other event of the sentence which earlier happening it refers to.

Meetings, attacks and other kinds are not coded from a bare mention: where the lexicon
finds them, the date stage already gives them their own date.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from eventwire.knowledge.lexicon import Pattern
from eventwire.records import ActorMention
from eventwire.stages.events import FoundEvent
from eventwire.stages.when import referenced_happenings

AGREEMENT_CODE = "057"
ORIGIN = "eventwire/stages/references.py (referenced agreement)"
CONFIDENCE_WITH_PARTIES = 0.6
CONFIDENCE_NO_PARTIES = 0.3  # who signed is not said: below most --min-confidence settings


def code_referenced_agreements(doc: Doc, mentions: list[ActorMention], found: list[FoundEvent], *,
                               article_date: date | None, dateline_date: date | None = None,
                               offset: int = 0) -> list[FoundEvent]:
    """New events for the dated agreements the sentences of ``doc`` refer to; ``found``
    (the events already coded) get a note naming what their sentence refers to."""
    triggers = {f.trigger.i for f in found}
    by_sentence: dict[int, list[FoundEvent]] = {}
    for f in found:
        by_sentence.setdefault(f.sentence, []).append(f)
    new: list[FoundEvent] = []
    for index, sent in enumerate(doc.sents):
        for ref in referenced_happenings(sent, article_date, dateline_date=dateline_date):
            if ref.noun.i in triggers:
                continue  # already coded by the lexicon, with its own date
            phrase = doc[ref.noun.left_edge.i:ref.noun.right_edge.i + 1].text  # ref.phrase_span's words
            stamp = ref.decision.date.isoformat() if ref.decision.date else "undated"
            for f in by_sentence.get(index, ()):
                f.notes.append(f"refers to '{phrase}' ({stamp})")
            if ref.kind != "agreement":
                continue
            parties = parties_in(mentions, ref.phrase_span, offset)
            source = parties[0] if parties else None
            target = parties[1] if len(parties) > 1 else None
            notes = [f"referenced agreement: '{phrase}'"]
            if not parties:
                notes.append("the parties are not named in its phrase")
            pattern = Pattern(code=AGREEMENT_CODE, kind="noun", lemma=ref.noun.lemma_.lower(),
                              text=f"referenced {ref.noun.lower_}", origin=ORIGIN)
            start = ref.noun.idx
            new.append(FoundEvent(
                sentence=index, code=AGREEMENT_CODE, trigger=ref.noun,
                trigger_span=(start, start + len(ref.noun.text)), pattern=pattern,
                source=source, target=target, reciprocal=True,
                confidence=CONFIDENCE_WITH_PARTIES if parties else CONFIDENCE_NO_PARTIES, notes=notes))
    return new


def parties_in(mentions: list[ActorMention], span: tuple[int, int], offset: int) -> list[ActorMention]:
    """The distinct actors named inside a phrase (doc offsets), in text order."""
    inside = sorted((m for m in mentions
                     if span[0] <= m.span[0] - offset and m.span[1] - offset <= span[1]),
                    key=lambda m: m.span[0])
    seen, out = set(), []
    for m in inside:
        if m.actor.code not in seen:
            seen.add(m.actor.code)
            out.append(m)
    return out
