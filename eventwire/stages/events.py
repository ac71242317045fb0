"""Events: lexicon patterns matched on the dependency parse, with source and target.

Entry point: :func:`find_events`. For each sentence:

1. every token whose lemma starts a lexicon pattern is tried against its
   patterns (most specific first): particles, object nouns of light verbs,
   infinitives, modifiers and prepositions must be where the pattern says;
2. frames re-code what they govern: "refused to negotiate" is a rejection
   (12x), "vowed to continue talks" an intent (03x), "threatened to attack"
   a threat (13x); the governed event itself is then not coded;
3. negated, hypothetical and cancelled actions are dropped;
4. source and target come from the parse: subject or passive agent,
   object or prepositional object, possessor or "by" phrase of a noun,
   conjunctions giving one event per actor ("Russia and China vetoed") and
   "between X and Y" / "X and Y met" giving one reciprocal event;
5. a missing source falls back to the sentence's speaker only for nouns
   and agentless passives ("it was noted that the violation by Armenia");
   a missing target to another country named in the sentence, with a
   lower confidence and a note saying so.

Every decision is recorded in the event's ``notes`` so that it can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.knowledge.lexicon import Lexicon, Pattern
from eventwire.records import ActorMention

NEG_DEPS = frozenset({"neg"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must"})
FUTURE_AUX = frozenset({"will", "shall"})
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# "X and Y <verb>" with no target: they act on each other (talks, deals, cooperation)
SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06"})
REPORTING_CLAUSE_DEPS = frozenset({"ccomp", "parataxis"})


@dataclass
class Match:
    token: Token
    pattern: Pattern
    code: str
    extra_tokens: list[Token] = field(default_factory=list)  # object noun, particle
    notes: list[str] = field(default_factory=list)
    confidence: float = 0.8
    dropped: str | None = None


@dataclass
class FoundEvent:
    """A coded event before dates, places and codebook details are added."""

    sentence: int
    code: str
    trigger: Token
    trigger_span: tuple[int, int]  # doc character offsets
    pattern: Pattern
    source: ActorMention | None
    target: ActorMention | None
    reciprocal: bool
    confidence: float
    notes: list[str]


@dataclass
class SentenceContext:
    index: int
    speaker: ActorMention | None = None  # who asserts this sentence, if known


class EventFinder:
    def __init__(self, doc: Doc, mentions: list[ActorMention], lexicon: Lexicon, offset: int):
        self.doc, self.lexicon, self.offset = doc, lexicon, offset
        self.by_token: dict[int, ActorMention] = {}
        for m in mentions:
            start, end = m.span[0] - offset, m.span[1] - offset
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                # a token belongs to the smallest mention that covers it
                cur = self.by_token.get(t.i)
                if cur is None or (cur.span[1] - cur.span[0]) > (m.span[1] - m.span[0]):
                    self.by_token[t.i] = m
        self.light_verbs = lexicon.word_list("light_verbs")
        self.support_verbs = lexicon.word_list("support_verbs")
        self.claim_nouns = lexicon.word_list("claim_nouns")
        self.cancel_words = lexicon.word_list("cancel")
        self.frames = _read_frames(lexicon)

    # -- matching ------------------------------------------------------------
    def kind_of(self, tok: Token) -> str | None:
        if tok.pos_ in ("VERB", "AUX"):
            return "verb"
        if tok.pos_ in ("NOUN", "PROPN"):
            return "noun"
        if tok.pos_ == "ADJ":
            return "adj"
        return None

    def match_token(self, tok: Token) -> Match | None:
        kind = self.kind_of(tok)
        if kind is None:
            return None
        lemma = tok.lemma_.lower()
        cands = self.lexicon.candidates(kind, lemma)
        if not cands and kind == "noun" and tok.tag_ in ("NNS", "NNPS"):
            cands = self.lexicon.candidates(kind, tok.lower_)
        for p in cands:
            extra = self.fits(tok, p)
            if extra is not None:
                return Match(tok, p, p.code, extra, confidence=p.confidence)
        return None

    def fits(self, tok: Token, p: Pattern) -> list[Token] | None:
        extra: list[Token] = []
        anchor = [tok]  # where prepositions may hang
        if p.particle:
            prt = [c for c in tok.children if c.lower_ == p.particle and c.dep_ in ("prt", "prep", "advmod")]
            if not prt:
                return None
            extra.append(prt[0])
            anchor.append(prt[0])
        if p.obj:
            objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")
                    and (c.lemma_.lower() == p.obj or c.lower_ == p.obj)]
            if not objs:
                return None
            extra.append(objs[0])
            anchor.append(objs[0])
        if p.xcomp and self.xcomp_of(tok, p.xcomp) is None:
            return None
        for mod in p.modifiers:
            if mod.startswith("@"):
                prep, _, noun = mod[1:].partition(":")
                objs = [o for a in anchor for o in self.preps(a, prep)]
                if not objs and not (not noun and any(c.lower_ == prep for a in anchor for c in a.children)):
                    return None
                if noun and not any(o.lemma_.lower() == noun or o.lower_ == noun for o in objs):
                    return None
            elif not any(c.lemma_.lower() == mod or c.lower_ == mod for c in tok.children
                         if c.dep_ in ("amod", "advmod", "compound", "acomp", "npadvmod", "oprd", "nmod")):
                return None
        for slot in p.slots:
            if slot.prep and not any(self.preps(a, slot.prep) for a in anchor):
                return None
        return extra

    def preps(self, tok: Token, word: str) -> list[Token]:
        """Objects of preposition ``word`` hanging from ``tok`` (with their conjuncts)."""
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative", "prt") and c.lower_ == word:
                for o in c.children:
                    if o.dep_ in ("pobj", "pcomp"):
                        out.append(o)
        return out

    def xcomp_of(self, tok: Token, lemma: str) -> Token | None:
        for c in tok.children:
            if c.dep_ in ("xcomp", "acl", "advcl", "ccomp") and c.pos_ in ("VERB", "AUX"):
                if any(a.lower_ == "to" for a in c.children if a.dep_ == "aux"):
                    if lemma == "*" or c.lemma_.lower() == lemma:
                        return c
        return None

    # -- frames and suppression ----------------------------------------------
    def apply_frames(self, matches: dict[int, Match]) -> None:
        for m in list(matches.values()):
            frame = self.frame_of(m)
            if frame is None:
                continue
            inner_tok = self.xcomp_of(m.token, "*")
            if inner_tok is None:
                continue
            inner = self.governed_event(inner_tok, matches)
            if inner is None:
                continue
            code = self.frames.get((frame, inner.code[:2]))
            if code:
                m.notes.append(f"frame {frame}: governs {inner.pattern.text!r} ({inner.code})")
                m.code = code
            inner.dropped = f"governed by {frame} frame '{m.token.text}'"

    def frame_of(self, m: Match) -> str | None:
        for frame in ("intent", "refuse", "threaten"):
            if m.pattern.lemma in self.lexicon.word_list(frame):
                return frame
        return None

    def governed_event(self, verb: Token, matches: dict[int, Match]) -> Match | None:
        """The event a frame governs: the infinitive itself, or an event noun
        under a support verb ("continue discussions", "participate in the
        next round of negotiations"), nearest first, without leaving the clause."""
        if verb.i in matches:
            return matches[verb.i]
        if verb.lemma_.lower() not in self.support_verbs:
            return None
        frontier, seen = [verb], {verb.i}
        for _ in range(4):
            nxt = []
            for t in frontier:
                for c in t.children:
                    if c.i in seen or c.dep_ in ("ccomp", "advcl", "relcl", "conj", "nsubj"):
                        continue
                    if c.i in matches and c.pos_ in ("NOUN", "PROPN"):
                        return matches[c.i]
                    seen.add(c.i)
                    nxt.append(c)
            frontier = nxt
        return None

    def suppress(self, m: Match) -> None:
        tok = m.token
        if any(c.dep_ in NEG_DEPS for c in tok.children):
            m.dropped = "negated"
            return
        if m.pattern.kind == "noun" and any(c.lower_ in ("no", "without") for c in tok.children if c.dep_ == "det"):
            m.dropped = "negated"
            return
        verb = tok if m.pattern.kind == "verb" else self.governing_verb(tok)
        if verb is not None:
            aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
            if aux & HYPOTHETICAL_AUX or any(c.lower_ == "if" for c in verb.children if c.dep_ == "mark"):
                m.dropped = "hypothetical"
                return
            if m.pattern.kind == "noun" and any(c.dep_ in NEG_DEPS for c in verb.children) \
                    and verb.lemma_.lower() in self.light_verbs:
                m.dropped = "negated"
                return
            if verb.lemma_.lower() in self.cancel_words and tok is not verb:
                m.dropped = f"cancelled ('{verb.text}')"
                return
            if aux & FUTURE_AUX and self.frame_of(m) is None:
                code = self.frames.get(("intent", m.code[:2]))
                if code:
                    m.notes.append(f"future '{' '.join(sorted(aux & FUTURE_AUX))}': intent {code}")
                    m.code = code
                else:
                    m.dropped = "future action"

    def governing_verb(self, tok: Token) -> Token | None:
        head = tok
        for _ in range(4):
            if head.dep_ == "ROOT" or head.head is head:
                return head if head.pos_ in ("VERB", "AUX") else None
            head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return head
        return None

    # -- actors ----------------------------------------------------------------
    def actors_at(self, tok: Token | None) -> list[ActorMention]:
        """The actor(s) a slot token names: itself, its conjuncts, or a claim's owner."""
        if tok is None:
            return []
        out: list[ActorMention] = []
        for t in (tok, *tok.conjuncts):
            m = self.by_token.get(t.i)
            if m is None:
                # "President Bashar Assad Tuesday": the parser may hang the name on a neighbour
                m = next((self.by_token[c.i] for c in t.children
                          if c.dep_ == "compound" and c.i in self.by_token), None)
            if m is not None and m.actor.code is not None:
                if m not in out:
                    out.append(m)
            elif m is None and t.lemma_.lower() in self.claim_nouns:
                owner = self.owner_of(t)
                if owner is not None and owner not in out:
                    out.append(owner)
        return out

    def actor_inside(self, tok: Token, exclude: list[ActorMention]) -> list[ActorMention]:
        """The first actor inside a non-actor object phrase: "endorsed an agreement with
        the European Union", "an air strike against an Islamic State target"."""
        frontier = [tok]
        for _ in range(3):
            nxt = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "appos", "punct", "cc"):
                        continue
                    found = [m for m in self.actors_at(c) if m not in exclude]
                    if found:
                        return found[:1]
                    nxt.append(c)
            frontier = nxt
        return []

    def owner_of(self, noun: Token) -> ActorMention | None:
        """Possessor, "by X" or "of X" of a noun: "Armenia's refusal", "allegations of Armenia"."""
        for c in noun.children:
            if c.dep_ == "poss":
                found = self.actors_at(c)
                if found:
                    return found[0]
        for prep in ("by", "of", "from"):
            for o in self.preps(noun, prep):
                found = self.actors_at(o)
                if found:
                    return found[0]
        for c in noun.children:
            if c.dep_ in ("amod", "compound") and c.i in self.by_token:
                m = self.by_token[c.i]
                if m.actor.code and m.actor.country:
                    return m
        return None

    def subject_of(self, verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """(subject token, passive?) climbing through xcomp/conj/relcl."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        for c in verb.children:
            if passive and c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o, True
        if not passive:
            for c in verb.children:
                if c.dep_ in ("nsubj", "csubj"):
                    return c, False
        if depth < 3:
            if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb:
                head_subj, _ = self.subject_of(verb.head, depth + 1)
                if verb.dep_ == "xcomp":
                    # object control: "urged Iran to stop" -> Iran stops
                    objs = [c for c in verb.head.children if c.dep_ == "dobj" and c.i in self.by_token]
                    if objs:
                        return objs[0], passive
                return head_subj, passive
            if verb.dep_ == "relcl":
                return verb.head, passive
            if verb.dep_ == "acomp" or verb.pos_ == "ADJ":
                return self.subject_of(verb.head, depth + 1)
        return None, passive

    def resolve(self, m: Match, ctx: SentenceContext) -> list[FoundEvent]:
        tok, p = m.token, m.pattern
        notes = list(m.notes)
        conf = m.confidence
        anchors = [tok, *m.extra_tokens]
        sources: list[ActorMention] = []
        targets: list[ActorMention] = []
        reciprocal = False
        passive = False
        light = None
        verb = tok
        if p.kind in ("noun",):
            verb = None
            head = tok.head
            if tok.dep_ in ("dobj", "nsubjpass", "attr", "nsubj") and head.lemma_.lower() in self.light_verbs:
                light = head
                anchors.append(head)
        # explicit slots
        for slot in p.slots:
            if slot.prep:
                toks = [o for a in anchors for o in self.preps(a, slot.prep)]
            elif slot.role == "target":
                if p.kind == "verb":
                    is_passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
                    deps = ("nsubjpass",) if is_passive else ("dobj", "dative", "attr")
                    toks = [c for c in tok.children if c.dep_ in deps]
                else:
                    toks = [c for c in tok.children if c.dep_ in ("dobj", "compound", "poss")]
            else:
                toks = []
            found = [a for t in toks for a in self.actors_at(t)]
            if not found and slot.role == "target" and toks:
                found = self.actor_inside(toks[0], sources)
                if found:
                    notes.append(f"target: inside the phrase of '{toks[0].text}'")
            if slot.role == "target":
                targets.extend(a for a in found if a not in targets)
            else:
                sources.extend(a for a in found if a not in sources)
        # "between X and Y": one reciprocal event among the participants
        for a in anchors:
            between = [x for o in self.preps(a, "between") + self.preps(a, "among") for x in self.actors_at(o)]
            if len(between) >= 2:
                sources, targets, reciprocal = [between[0]], [between[1]], True
                notes.append("participants: 'between X and Y'")
                break
        # the source
        if not sources:
            if p.kind == "verb" or p.kind == "adj":
                subj, passive = self.subject_of(tok)
                sources = self.actors_at(subj)
            else:
                owner = self.owner_of(tok)
                if owner is not None:
                    sources = [owner]
                elif light is not None:
                    subj, passive = self.subject_of(light)
                    sources = self.actors_at(subj)
                    if sources:
                        notes.append(f"source: subject of '{light.text}'")
                if not sources and verb is None and tok.dep_ == "pobj":
                    # "during a meeting in Geneva": the participants of the governing clause
                    gov = tok.head.head
                    if gov.pos_ in ("VERB", "AUX"):
                        subj, passive = self.subject_of(gov)
                        sources = self.actors_at(subj)
                        if not targets:
                            targets = [x for pr in ("to", "with") for o in self.preps(gov, pr)
                                       for x in self.actors_at(o)]
                        notes.append(f"participants: clause of '{gov.text}'")
        # the speaker stands in only where the text leaves the agent out on purpose:
        # agentless passives ("allegations are refuted") and speaker-asserted nouns
        if "src=speaker" in p.flags or (not sources and passive):
            if ctx.speaker is not None and ctx.speaker.actor.code:
                if "src=speaker" in p.flags and sources:
                    # "violation by Armenia" asserted by the speaker: Armenia is the accused
                    targets = targets or sources
                sources = [ctx.speaker]
                notes.append("source: speaker of the sentence")
                conf -= 0.1
            elif "src=speaker" in p.flags:
                return []
        if not sources:
            return []
        # "X and Y met": a symmetric event with a compound subject and no target
        if not targets and len(sources) >= 2 and ("recip" in p.flags or p.code[:2] in SYMMETRIC_ROOTS):
            sources, targets, reciprocal = [sources[0]], [sources[1]], True
            notes.append("participants: compound subject")
        if "tgt=speaker" in p.flags and not targets and ctx.speaker is not None:
            targets = [ctx.speaker]
            notes.append("target: speaker of the sentence")
        if not targets and any(s.role == "target" for s in p.slots) is False:
            other = self.other_country(tok, sources)
            if other is not None:
                targets = [other]
                notes.append("target: other country named in the sentence")
                conf -= 0.15
        if "recip" in p.flags and targets:
            reciprocal = True
        events = []
        span = self.trigger_span(tok, m.extra_tokens)
        for s in sources:
            for t in targets or [None]:
                if t is not None and t.actor.code == s.actor.code and t.span == s.span:
                    continue
                events.append(FoundEvent(ctx.index, m.code, tok, span, p, s, t, reciprocal,
                                         max(0.05, min(conf, 1.0)), notes))
        return events

    def other_country(self, tok: Token, sources: list[ActorMention]) -> ActorMention | None:
        src_countries = {s.actor.country for s in sources}
        sent = tok.sent
        best, best_dist = None, None
        for m in {id(m): m for m in self.by_token.values()}.values():
            start = m.span[0] - self.offset
            if not (sent.start_char <= start < sent.end_char):
                continue
            if m.actor.code is None or m.actor.country is None or m.actor.country in src_countries:
                continue
            dist = abs(start - tok.idx)
            if best_dist is None or dist < best_dist:
                best, best_dist = m, dist
        return best

    def trigger_span(self, tok: Token, extra: list[Token]) -> tuple[int, int]:
        toks = [tok, *[e for e in extra if e.pos_ != "ADP"]]
        return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)

    # -- sentence ---------------------------------------------------------------
    def sentence_events(self, sent: Span, ctx: SentenceContext) -> list[FoundEvent]:
        matches: dict[int, Match] = {}
        used: set[int] = set()
        for tok in sent:
            if tok.i in used:
                continue
            m = self.match_token(tok)
            if m is not None:
                matches[tok.i] = m
                used.update(e.i for e in m.extra_tokens)
        for i in used:  # an object noun of a light-verb pattern is not its own event
            if i in matches and matches[i].token.i != i:
                continue
            matches.pop(i, None)
        self.apply_frames(matches)
        for m in matches.values():
            if m.dropped is None:
                self.suppress(m)
        found: list[FoundEvent] = []
        for m in sorted(matches.values(), key=lambda m: m.token.i):
            if m.dropped is None:
                found.extend(self.resolve(m, ctx))
        return dedupe(found)


def dedupe(events: list[FoundEvent]) -> list[FoundEvent]:
    """One event per (code, source, target) in a sentence: the most confident."""
    best: dict[tuple, FoundEvent] = {}
    for e in events:
        key = (e.code, e.source.actor.code if e.source else None, e.target.actor.code if e.target else None)
        if e.reciprocal:
            key = (e.code, *sorted(str(k) for k in key[1:]))
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    return sorted(best.values(), key=lambda e: e.trigger.i)


def _read_frames(lexicon: Lexicon) -> dict[tuple[str, str], str]:
    frames = {}
    for entry in lexicon.word_list("frames"):
        frame, root, code = entry.split()
        frames[(frame, root)] = code
    return frames


def find_events(doc: Doc, mentions: list[ActorMention], contexts: list[SentenceContext],
                lexicon: Lexicon, *, offset: int = 0) -> list[FoundEvent]:
    """Every coded event in ``doc``; ``contexts`` gives each sentence's speaker."""
    finder = EventFinder(doc, mentions, lexicon, offset)
    out: list[FoundEvent] = []
    for sent, ctx in zip(doc.sents, contexts):
        out.extend(finder.sentence_events(sent, ctx))
    return out


def collapse_restatements(events: list) -> list:
    """The same happening stated twice in one article is counted once.

    Two events of one article are the same happening when their 3-digit code,
    the countries of source and target (either order when reciprocal) and
    their date agree; the most confident keeps, noting where else it was said.
    """
    def side(m):
        return (m.actor.country or m.actor.code) if m is not None else None

    kept: dict[tuple, object] = {}
    for e in events:
        pair = (side(e.source), side(e.target))
        if e.reciprocal:
            pair = tuple(sorted(map(str, pair)))
        key = (e.cameo[:3], pair, e.date)
        first = kept.get(key)
        if first is None:
            kept[key] = e
            continue
        better, other = (e, first) if e.confidence > first.confidence else (first, e)
        better.notes.append(f"restated in sentence {other.sentence} ('{other.trigger.text}')")
        kept[key] = better
    return sorted(kept.values(), key=lambda e: (e.sentence, e.trigger.span))
