"""Features the event model reads off the parse: plain strings, one per fact.

Two kinds of examples:

* a *trigger candidate*: a verb, noun or adjective in a sentence that names at
  least one coded actor. Its features say what the word is (lemma, part of
  speech), what hangs from it (object, particle, preposition and its object,
  infinitive, negation, auxiliaries) and where the actors are (an actor as its
  subject, object or prepositional object);
* a *role pair*: (trigger, actor mention) in one sentence. Its features say
  how the two are linked in the dependency tree (the path of labels from the
  trigger up to their common ancestor and down to the mention), on which side
  the mention stands and what kind of actor it is.

Features are strings such as ``"lemma=visit"`` or ``"path=^conj_nsubj"`` so
that a weight can be read back and explained; the model keeps a vocabulary of
the strings seen in training (no hashing, no collisions).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from eventwire.records import ActorMention

CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ"})
# children whose word says what the trigger means ("held talks", "called on", "refused to")
TELLING_DEPS = frozenset({"dobj", "prt", "xcomp", "acomp", "attr", "nsubjpass", "oprd", "ccomp", "dative"})
MODIFIER_DEPS = frozenset({"amod", "compound", "advmod", "npadvmod", "nmod"})
FUNCTION_DEPS = frozenset({"aux", "auxpass", "neg", "det", "mark"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
MAX_PATH = 5


class DocView:
    """One parsed doc with its actor mentions placed on tokens (coded actors only)."""

    def __init__(self, doc: Doc, mentions: list[ActorMention], offset: int):
        self.doc, self.offset = doc, offset
        self.sentences: list[Span] = list(doc.sents)
        self.sentence_of: dict[int, int] = {}
        for i, sent in enumerate(self.sentences):
            for t in sent:
                self.sentence_of[t.i] = i
        self.by_token: dict[int, ActorMention] = {}
        self.in_sentence: dict[int, list[ActorMention]] = {}
        for m in mentions:
            if m.actor.code is None:
                continue
            span = doc.char_span(m.span[0] - offset, m.span[1] - offset, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                # a token belongs to the smallest mention that covers it
                cur = self.by_token.get(t.i)
                if cur is None or (cur.span[1] - cur.span[0]) > (m.span[1] - m.span[0]):
                    self.by_token[t.i] = m
            self.in_sentence.setdefault(self.sentence_of[self.head(m).i], []).append(m)

    def head(self, m: ActorMention) -> Token:
        if m.head is not None:
            return self.doc[m.head]
        return self.doc.char_span(m.span[0] - self.offset, m.span[1] - self.offset, alignment_mode="expand").root

    def mentions_of_sentence(self, tok: Token) -> list[ActorMention]:
        return self.in_sentence.get(self.sentence_of[tok.i], [])

    def candidates(self) -> list[Token]:
        """Trigger candidates: content words of sentences that name a coded actor."""
        out = []
        for i, sent in enumerate(self.sentences):
            if i in self.in_sentence:
                out.extend(t for t in sent if t.pos_ in CANDIDATE_POS and t.i not in self.by_token)
        return out


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _actor_word(m: ActorMention | None) -> str:
    if m is None:
        return "-"
    return m.actor.agent or m.actor.kind


def trigger_features(tok: Token, view: DocView) -> list[str]:
    lemma = _lemma(tok)
    feats = ["bias", f"lemma={lemma}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"lemma|pos={lemma}|{tok.pos_}",
             f"dep={tok.dep_}", f"lemma|dep={lemma}|{tok.dep_}", f"word={tok.lower_}"]
    head = tok.head
    if head.i != tok.i:
        feats += [f"head={_lemma(head)}|{tok.dep_}", f"lemma|head={lemma}|{_lemma(head)}"]
        if head.dep_ == "prep":
            feats.append(f"under_prep={head.lower_}")
    passive = False
    for c in tok.children:
        dep = c.dep_
        if dep in TELLING_DEPS:
            feats += [f"{dep}={_lemma(c)}", f"lemma|{dep}={lemma}|{_lemma(c)}"]
        elif dep in ("prep", "agent"):
            pobj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
            feats += [f"prep={c.lower_}", f"lemma|prep={lemma}|{c.lower_}"]
            if pobj is not None:
                feats.append(f"lemma|prep|pobj={lemma}|{c.lower_}|{_lemma(pobj)}")
                m = view.by_token.get(pobj.i)
                if m is not None:
                    feats += [f"actor_after={c.lower_}", f"lemma|actor_after={lemma}|{c.lower_}"]
        elif dep in FUNCTION_DEPS:
            feats.append(f"{dep}={c.lower_}")
            passive = passive or dep == "auxpass"
        elif dep in MODIFIER_DEPS:
            feats.append(f"mod={_lemma(c)}")
        elif dep == "poss":
            feats.append("has_possessor")
        if dep in SUBJECT_DEPS or dep in ("dobj", "poss", "compound", "dative"):
            m = view.by_token.get(c.i)
            if m is not None:
                feats += [f"actor_as={dep}", f"lemma|actor_as={lemma}|{dep}", f"actor_as|agent={dep}|{_actor_word(m)}"]
    if passive:
        feats.append("passive")
    sent = view.sentences[view.sentence_of[tok.i]]
    prev = tok.nbor(-1) if tok.i > sent.start else None
    nxt = tok.nbor(1) if tok.i + 1 < sent.end else None
    feats.append(f"prev={_lemma(prev) if prev is not None else '<s>'}")
    feats.append(f"next={_lemma(nxt) if nxt is not None else '</s>'}")
    if tok.i == sent.root.i:
        feats.append("sentence_root")
    feats.append(f"actors_in_sentence={min(len(view.mentions_of_sentence(tok)), 3)}")
    return feats


def dependency_path(a: Token, b: Token) -> str:
    """Labels from ``a`` up to the common ancestor (``^``) and down to ``b`` (``_``)."""
    up, ancestors = [], {}
    t, depth = a, 0
    while True:
        ancestors[t.i] = depth
        if t.head.i == t.i:
            break
        up.append(t.dep_)
        t, depth = t.head, depth + 1
    down, t = [], b
    while t.i not in ancestors:
        down.append(t.dep_)
        if t.head.i == t.i:
            return "none"
        t = t.head
    up = up[:ancestors[t.i]]
    steps = [f"^{d}" for d in up] + [f"_{d}" for d in reversed(down)]
    if len(steps) > MAX_PATH:
        return "long"
    return "".join(steps) or "self"


def role_features(trigger: Token, m: ActorMention, head: Token, view: DocView, root: str) -> list[str]:
    """Is mention ``m`` (head token ``head``) the source or the target of ``trigger``?"""
    path = dependency_path(trigger, head)
    lemma = _lemma(trigger)
    side = "before" if head.i < trigger.i else "after"
    distance = abs(head.i - trigger.i)
    bucket = "1" if distance <= 1 else "2-3" if distance <= 3 else "4-7" if distance <= 7 else "8+"
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
    feats = ["bias", f"path={path}", f"path|pos={path}|{trigger.pos_}", f"path|root={path}|{root}",
             f"path|passive={path}|{passive}", f"lemma|path={lemma}|{path}", f"side={side}",
             f"side|pos={side}|{trigger.pos_}", f"distance={bucket}", f"root|side={root}|{side}",
             f"mention_dep={head.dep_}", f"mention_dep|side={head.dep_}|{side}",
             f"actor_kind={m.actor.kind}", f"actor_agent={m.actor.agent or '-'}",
             f"actor_how={m.how.split(':')[0]}"]
    if head.head.dep_ in ("prep", "agent") and head.dep_ == "pobj":
        feats += [f"via_prep={head.head.lower_}", f"via_prep|root={head.head.lower_}|{root}",
                  f"lemma|via_prep={lemma}|{head.head.lower_}"]
    others = view.mentions_of_sentence(trigger)
    order = sorted(others, key=lambda x: x.span)
    if order and order[0] is m:
        feats.append("first_actor")
    feats.append(f"actors_in_sentence={min(len(others), 4)}")
    same = [x for x in others if x is not m and x.actor.code == m.actor.code]
    if same:
        feats.append("actor_repeated")
    return feats
