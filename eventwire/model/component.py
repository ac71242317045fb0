"""The trained event model at work: proposes events and combines them with the lexicon's.

Entry point: :meth:`EventModel.apply` (called by ``Coder.code_doc`` when the
coder mode is ``model`` or ``hybrid``). For one parsed doc:

1. every verb, noun and adjective of a sentence naming a coded actor is scored
   by the trigger model (CAMEO root or "none");
2. a word whose P(event) reaches the mode's ``event`` threshold is proposed:
   its root is the most likely one, its full code the most likely code under
   that root;
3. the role model scores each coded actor mention of the sentence as source,
   target or neither of that word; the best source (required) and the best
   other actor as target (when likely enough) are taken, and the reciprocal
   model says whether they act on each other.

Modes:

* ``model``: only the model's events;
* ``hybrid``: the lexicon's events stay as they are (its code wins where both
  fire); their confidence goes up when the model sees the same root at that
  word and down when it sees no event there; the model adds the events the
  lexicon missed: words the lexicon did not use, in sentences where the
  lexicon coded nothing of that root; and a lexicon event without a
  target takes the role model's best target when it is likely enough.

The model is the learned half of the events stage, so it speaks the events
stage's :class:`FoundEvent`; every model event says in its notes which
probabilities and features decided it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from spacy.tokens import Doc, Token

from eventwire.knowledge.lexicon import Pattern
from eventwire.model.features import DocView, role_features, trigger_features
from eventwire.model.store import Bundle, Settings, Thresholds, load_bundle
from eventwire.records import ActorMention
from eventwire.stages.events import FoundEvent

MODES = ("lexicon", "model", "hybrid")
KIND_OF_POS = {"VERB": "verb", "NOUN": "noun", "ADJ": "adj"}


@dataclass
class Scored:
    """A trigger candidate with the trigger model's verdict."""

    token: Token
    sentence: int
    features: list[str]
    p_event: float  # 1 - P(none)
    root: str  # most likely root
    p_root: float


@dataclass
class Proposal:
    scored: Scored
    code: str
    source: ActorMention
    target: ActorMention | None
    p_source: float
    p_target: float
    reciprocal: bool
    notes: list[str]

    @property
    def confidence(self) -> float:
        # below the lexicon's usual 0.8: a learned guess, weighed by how sure it is
        return float(min(0.75, max(0.05, 0.8 * self.scored.p_root * self.p_source ** 0.5)))


class EventModel:
    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.settings = bundle.info.settings
        self.origin = f"event model {bundle.info.version}"  # what 'eventwire model info' shows
        self.root_labels = [lab for lab in bundle.trigger.labels if lab != "none"]
        self.none_index = bundle.trigger.labels.index("none")
        self.code_index = {lab: i for i, lab in enumerate(bundle.codes.labels)}

    @classmethod
    def load(cls, folder=None) -> EventModel:
        return cls(load_bundle(folder))

    # -- scoring ----------------------------------------------------------------
    def score(self, view: DocView) -> list[Scored]:
        tokens = view.candidates()
        feats = [trigger_features(t, view) for t in tokens]
        probs = self.bundle.trigger.proba_many(feats)
        labels = self.bundle.trigger.labels
        out = []
        for tok, f, p in zip(tokens, feats, probs):
            p_event = 1.0 - float(p[self.none_index])
            masked = p.copy()
            masked[self.none_index] = -1.0
            best = int(masked.argmax())
            out.append(Scored(tok, view.sentence_of[tok.i], f, p_event, labels[best], float(p[best])))
        return out

    def best_code(self, s: Scored) -> tuple[str, float]:
        probs = self.bundle.codes.proba(s.features)
        under = [(float(probs[i]), lab) for lab, i in self.code_index.items() if lab[:2] == s.root]
        if not under:
            return s.root, 0.0
        p, code = max(under)
        return code, p

    def propose(self, s: Scored, view: DocView) -> Proposal | None:
        """The event at a scored word: code, best source, best other actor as target.

        Thresholds are not applied here (see :meth:`accept`), so that training
        can try many of them over one scoring pass."""
        mentions = view.mentions_of_sentence(s.token)
        if not mentions:
            return None
        feats = [role_features(s.token, m, view.head(m), view, s.root) for m in mentions]
        probs = self.bundle.roles.proba_many(feats)
        col = {lab: i for i, lab in enumerate(self.bundle.roles.labels)}
        src_i = int(probs[:, col["source"]].argmax())
        source, p_source = mentions[src_i], float(probs[src_i, col["source"]])
        target, p_target = None, 0.0
        for j in np.argsort(-probs[:, col["target"]]):
            m = mentions[int(j)]
            if int(j) != src_i and m.actor.code != source.actor.code:
                target, p_target = m, float(probs[j, col["target"]])
                break
        code, p_code = self.best_code(s)
        reciprocal = False
        if target is not None:
            p_recip = self.bundle.reciprocal.proba(s.features + [f"root={s.root}"])
            reciprocal = float(p_recip[self.bundle.reciprocal.labels.index("reciprocal")]) >= self.settings.reciprocal
        why = self.bundle.trigger.explain(s.features, s.root)
        cues = ", ".join(why) or "no single cue"
        notes = [f"model: root {s.root} p={s.p_root:.2f} (event p={s.p_event:.2f}; {cues})",
                 f"model: code {code} p={p_code:.2f}; source p={p_source:.2f}"]
        return Proposal(s, code, source, target, p_source, p_target, reciprocal, notes)

    def proposals(self, view: DocView, scored: list[Scored], floor: float) -> list[Proposal]:
        """Raw proposals for every word whose P(event) reaches ``floor``."""
        out = []
        for s in scored:
            if s.p_event >= floor:
                p = self.propose(s, view)
                if p is not None:
                    out.append(p)
        return out

    @staticmethod
    def accept(p: Proposal, limits: Thresholds) -> Proposal | None:
        """A proposal under ``limits``: None without a likely source; the target dropped when unlikely."""
        if p.scored.p_event < limits.event or p.p_source < limits.source:
            return None
        if p.target is not None and p.p_target < limits.target:
            p = replace(p, target=None, p_target=0.0, reciprocal=False)
        suffix = f"; target p={p.p_target:.2f}" if p.target is not None else "; no likely target"
        return replace(p, notes=p.notes[:-1] + [p.notes[-1] + suffix])

    # -- modes --------------------------------------------------------------------
    def apply(self, mode: str, doc: Doc, mentions: list[ActorMention], lexicon_found: list[FoundEvent],
              offset: int = 0, not_events: frozenset[int] | set[int] = frozenset()) -> list[FoundEvent]:
        """The events of ``doc`` under coder ``mode`` (``lexicon_found``: the lexicon's;
        ``not_events``: words the lexicon read as a non-event sense, left alone in hybrid mode)."""
        if mode == "lexicon":
            return lexicon_found
        if mode not in MODES:
            raise ValueError(f"unknown coder mode '{mode}' (use {', '.join(MODES)})")
        view = DocView(doc, mentions, offset)
        scored = self.score(view)
        proposals = self.proposals(view, scored, self.settings.for_mode(mode).event)
        return self.combine(mode, view, scored, proposals, lexicon_found, self.settings, not_events)

    def combine(self, mode: str, view: DocView, scored: list[Scored], proposals: list[Proposal],
                lexicon_found: list[FoundEvent], settings: Settings,
                not_events: frozenset[int] | set[int] = frozenset()) -> list[FoundEvent]:
        if mode == "model":
            return self.model_events(proposals, settings.model, blocked=set(), lexicon_roots=set())
        blocked: set[int] = set(not_events)
        lexicon_roots: set[tuple[int, str]] = set()
        by_token = {s.token.i: s for s in scored}
        out = []
        for f in lexicon_found:
            lexicon_roots.add((f.sentence, f.code[:2]))
            span = view.doc.char_span(*f.trigger_span, alignment_mode="expand")
            if span is not None:
                blocked.update(t.i for t in span)
            blocked.add(f.trigger.i)
            f = self.weigh(f, by_token.get(f.trigger.i), settings)
            out.append(self.fill_target(f, view, settings.fill_target))
        added = self.model_events(proposals, settings.hybrid, blocked, lexicon_roots)
        return sorted(out + added, key=lambda f: (f.sentence, f.trigger.i))

    def weigh(self, f: FoundEvent, s: Scored | None, settings: Settings) -> FoundEvent:
        """A lexicon event's confidence in the light of the model (the code stays the lexicon's)."""
        if s is None:  # not a word the model scores (no coded actor in the sentence)
            return f
        if s.root == f.code[:2] and s.p_event >= settings.hybrid.event:
            return replace(f, confidence=min(1.0, f.confidence + settings.agree_bonus),
                           notes=f.notes + [f"model agrees: root {s.root} p={s.p_root:.2f}"])
        if s.p_event < settings.disagree_below:
            return replace(f, confidence=max(0.05, f.confidence - settings.disagree_penalty),
                           notes=f.notes + [f"model sees no event here (p={s.p_event:.2f})"])
        return f

    def best_target(self, f: FoundEvent, view: DocView) -> tuple[ActorMention | None, float]:
        """The role model's most likely target for event ``f`` among the other actors of its sentence."""
        others = [m for m in view.mentions_of_sentence(f.trigger) if m.actor.code != f.source.actor.code]
        if not others:
            return None, 0.0
        feats = [role_features(f.trigger, m, view.head(m), view, f.code[:2]) for m in others]
        p_target = self.bundle.roles.proba_many(feats)[:, self.bundle.roles.labels.index("target")]
        best = int(p_target.argmax())
        return others[best], float(p_target[best])

    def fill_target(self, f: FoundEvent, view: DocView, threshold: float) -> FoundEvent:
        """A lexicon event without a target takes the role model's best target of its
        sentence when P(target) reaches ``threshold`` (the lexicon's code stays)."""
        if f.target is not None or f.source is None or threshold > 1.0:
            return f
        target, p = self.best_target(f, view)
        if target is None or p < threshold:
            return f
        return replace(f, target=target, confidence=max(0.05, f.confidence - 0.1),
                       notes=f.notes + [f"target: the model's (p={p:.2f})"])

    def model_events(self, proposals: list[Proposal], limits: Thresholds, blocked: set[int],
                     lexicon_roots: set[tuple[int, str]]) -> list[FoundEvent]:
        found = []
        for raw in proposals:
            s = raw.scored
            if s.token.i in blocked or (s.sentence, s.root) in lexicon_roots:
                continue
            p = self.accept(raw, limits)
            if p is not None:
                found.append(self.found_event(p))
        return _dedupe(found)

    def found_event(self, p: Proposal) -> FoundEvent:
        tok = p.scored.token
        pattern = Pattern(code=p.code, kind=KIND_OF_POS.get(tok.pos_, "verb"), lemma=tok.lemma_.lower(),
                          text=f"model:{tok.lemma_.lower()}", origin=self.origin, confidence=p.confidence)
        return FoundEvent(
            sentence=p.scored.sentence, code=p.code, trigger=tok, trigger_span=(tok.idx, tok.idx + len(tok.text)),
            pattern=pattern, source=p.source, target=p.target, reciprocal=p.reciprocal,
            confidence=p.confidence, notes=list(p.notes),
        )


def _dedupe(found: list[FoundEvent]) -> list[FoundEvent]:
    """One model event per (sentence, root, source, target): "held talks" is one meeting."""
    best: dict[tuple, FoundEvent] = {}
    for f in found:
        key = (f.sentence, f.code[:2], f.source.actor.code if f.source else None,
               f.target.actor.code if f.target else None)
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.sentence, f.trigger.i))
