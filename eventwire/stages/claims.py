"""Claims: who asserts, denies or questions what about whom.

Entry point: :func:`find_claims`. A claim is a claimant's stance (asserts,
denies, questions) on a proposition: something said to be true of someone.
For each sentence, working from the parse:

1. claim verbs (``data/claims/verbs.txt``) with their forms: a reported clause
   ("Russia denied that its troops had shelled the city"), a claim noun as
   object ("rejected Kosovo's claims that ..."), a gerund or infinitive of the
   claimant ("denied breaking the pact", "claimed to have bombed"), an event
   noun ("denied any involvement in"), a charge ("accused Japan of reneging");
2. claim nouns (``nouns.txt``) with content ("the allegations of Armenia
   about the blocking of the Lachin road"): an assertion by their owner, and
   a denial by whoever calls them false ("unfounded", "do not reflect
   reality", "were baseless") or refutes them;
3. a noun without content ("Tokyo has denied the charges", "these
   allegations are refuted") refers to the latest assertion of the article;
4. inside a reported clause, nouns of wrongdoing with a named agent ("the
   violation by Armenia of the statement") are claims of their own;
5. plain verbs of saying count only when their clause states a fact: not a
   plan, prediction, wish or appeal ("said it would", "said it hoped").

Each proposition has a subject actor and a topic: the object phrase as
written and a normalised key (lemmas of content words, deverbal nouns folded
into their verbs) that :mod:`eventwire.claims_link` groups claims by.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire import CODER_NAME
from eventwire.errors import DataFileError
from eventwire.records import (CLAIM_STANCES, Actor, ActorMention, Attribution, Claim, Event,
                               Proposition, Trigger)

DATA = Path(__file__).resolve().parent.parent / "data" / "claims"

VERB_FORMS = ("clause", "claim-obj", "gerund", "infinitive", "event-obj", "charge", "false-call",
              "according-to")
MODAL_AUX = frozenset({"will", "would", "shall", "could", "might", "may", "should", "must", "can", "'ll", "wo"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
# children that end a proposition's topic: other clauses, lists and asides
TOPIC_CUTS = frozenset({"relcl", "advcl", "ccomp", "parataxis", "conj", "cc", "appos", "punct", "mark",
                        "nsubj", "nsubjpass", "csubj", "agent", "expl", "aux", "auxpass", "neg", "dep"})
CONTENT_PREPS = ("about", "over", "regarding", "concerning", "on", "of")
ANAPHORA_SENTENCES = 2  # how far back "the charges" may look for what they refer to
PRONOUNS_IT = frozenset({"it", "its"})
PRONOUNS_PERSON = frozenset({"he", "she", "his", "her", "him"})
PRONOUNS_THEY = frozenset({"they", "their", "them"})


# --------------------------------------------------------------------------- lexicon

@dataclass(frozen=True)
class ClaimVerb:
    lemma: str
    stance: str
    forms: tuple[str, ...]
    weak: bool = False  # a plain verb of saying: its clause must state a fact
    evidence_agent: bool = False  # "refuted by video frames": an agent that names no actor is evidence
    obj: str | None = None  # required object noun ("cast doubt on")
    prep: str | None = None  # the claim object hangs from this preposition
    origin: str = ""  # file:line


@dataclass(frozen=True)
class ClaimLexicon:
    verbs: dict[str, ClaimVerb]
    nouns: dict[str, str]  # noun -> strong | weak
    false_words: frozenset[str]
    doubtful_words: frozenset[str]
    untrue: frozenset[tuple[str, str]]  # (verb, object) that, negated, deny their subject
    evidence_verbs: frozenset[str]
    mental: frozenset[str]
    nonclaim_objects: frozenset[str]
    charge_nouns: dict[str, str | None]  # noun -> required modifier
    folds: dict[str, str]
    topic_stopwords: frozenset[str]  # left out of topic keys
    hedges: frozenset[str]  # left out of topic keys and topic text ("alleged", "so-called")
    event_links: tuple[tuple[str, str], ...]  # (CAMEO prefix, stance)


def _lines(path: Path):
    """(line number, fields) of each non-comment line of a data file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataFileError(str(path), None, f"cannot read ({err.strerror})") from None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield lineno, line


def _read_verbs(path: Path) -> dict[str, ClaimVerb]:
    verbs = {}
    for lineno, line in _lines(path):
        body, _, flagtext = line.partition("|")
        parts = body.split()
        if len(parts) != 3:
            raise DataFileError(str(path), lineno, "expected 'LEMMA STANCE FORM[,FORM]'")
        lemma, stance, forms = parts[0].lower(), parts[1], tuple(parts[2].split(","))
        if stance not in CLAIM_STANCES:
            raise DataFileError(str(path), lineno, f"unknown stance '{stance}' (use {', '.join(CLAIM_STANCES)})")
        for f in forms:
            if f not in VERB_FORMS:
                raise DataFileError(str(path), lineno, f"unknown form '{f}' (use {', '.join(VERB_FORMS)})")
        flags: dict = {}
        for flag in flagtext.split():
            if flag in ("weak", "evidence-agent"):
                flags[flag.replace("-", "_")] = True
            elif flag.startswith(("obj=", "prep=")) and len(flag.split("=", 1)[1]) > 0:
                key, value = flag.split("=", 1)
                flags[key] = value.lower()
            else:
                raise DataFileError(str(path), lineno, f"unknown flag '{flag}' (use weak, evidence-agent, obj=WORD, prep=WORD)")
        if lemma in verbs:
            raise DataFileError(str(path), lineno, f"verb '{lemma}' listed twice")
        verbs[lemma] = ClaimVerb(lemma, stance, forms, origin=f"{path.name}:{lineno}", **flags)
    return verbs


def _read_pairs(path: Path, *, allowed: tuple[str, ...] | None = None, optional_second: bool = False
                ) -> list[tuple[int, str, str | None]]:
    out = []
    for lineno, line in _lines(path):
        parts = line.lower().split()
        if len(parts) != 2 and not (optional_second and len(parts) == 1):
            raise DataFileError(str(path), lineno, "expected two fields" if not optional_second
                                else "expected 'WORD [+MODIFIER]'")
        second = parts[1] if len(parts) == 2 else None
        if allowed is not None and second not in allowed:
            raise DataFileError(str(path), lineno, f"unknown kind '{second}' (use {', '.join(allowed)})")
        out.append((lineno, parts[0], second))
    return out


def _read_stance_words(path: Path) -> dict[str, list[tuple[int, list[str]]]]:
    kinds = ("false", "doubtful", "untrue", "evidence", "mental", "nonclaim")
    out: dict[str, list[tuple[int, list[str]]]] = {k: [] for k in kinds}
    for lineno, line in _lines(path):
        kind, *words = line.lower().split()
        if kind not in out:
            raise DataFileError(str(path), lineno, f"unknown kind '{kind}' (use {', '.join(kinds)})")
        if not words or (kind == "untrue" and len(words) != 2):
            raise DataFileError(str(path), lineno, "expected 'untrue VERB OBJECT'" if kind == "untrue"
                                else f"'{kind}' needs words")
        out[kind].append((lineno, words))
    return out


@functools.lru_cache(maxsize=4)
def load_claim_lexicon(data_dir: Path = DATA) -> ClaimLexicon:
    """Read the claim word lists; a malformed line raises :class:`DataFileError` (file:line)."""
    data_dir = Path(data_dir)
    words = _read_stance_words(data_dir / "stance_words.txt")

    def flat(kind: str) -> frozenset[str]:
        return frozenset(w for _, ws in words[kind] for w in ws)

    charges = {}
    for lineno, noun, modifier in _read_pairs(data_dir / "charge_nouns.txt", optional_second=True):
        if modifier is not None and not modifier.startswith("+"):
            raise DataFileError(str(data_dir / "charge_nouns.txt"), lineno, "a modifier is written +WORD")
        charges[noun] = modifier[1:] if modifier else None
    links = []
    for lineno, prefix, stance in _read_pairs(data_dir / "event_links.txt", allowed=CLAIM_STANCES):
        if not prefix.isdigit():
            raise DataFileError(str(data_dir / "event_links.txt"), lineno, f"'{prefix}' is not a CAMEO code prefix")
        links.append((prefix, stance))
    stopwords: dict[str, set[str]] = {"hedge": set(), "plain": set()}
    for lineno, line in _lines(data_dir / "topic_stopwords.txt"):
        kind, *ws = line.lower().split()
        if kind not in stopwords or not ws:
            raise DataFileError(str(data_dir / "topic_stopwords.txt"), lineno, "expected 'hedge WORDS...' or 'plain WORDS...'")
        stopwords[kind].update(ws)
    return ClaimLexicon(
        verbs=_read_verbs(data_dir / "verbs.txt"),
        nouns={n: k for _, n, k in _read_pairs(data_dir / "nouns.txt", allowed=("strong", "weak"))},
        false_words=flat("false"),
        doubtful_words=flat("doubtful"),
        untrue=frozenset((ws[0], ws[1]) for _, ws in words["untrue"]),
        evidence_verbs=flat("evidence"),
        mental=flat("mental"),
        nonclaim_objects=flat("nonclaim"),
        charge_nouns=charges,
        folds={n: v for _, n, v in _read_pairs(data_dir / "folds.txt")},
        topic_stopwords=frozenset(stopwords["hedge"] | stopwords["plain"]),
        hedges=frozenset(stopwords["hedge"]),
        event_links=tuple(links),
    )


# --------------------------------------------------------------------------- topics

def fold_word(word: str, lexicon: ClaimLexicon) -> str:
    """One topic word: a deverbal noun becomes its verb ("blockade", "blocking" -> "block")."""
    w = word.lower()
    if w in lexicon.folds:
        return lexicon.folds[w]
    if w.endswith("ings"):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        stem = w[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            stem = stem[:-1]  # "stopping" -> "stop" (but "shelling" -> "shell")
        return lexicon.folds.get(stem, stem)
    return w


def topic_key_of(words: Sequence[str], lexicon: ClaimLexicon) -> tuple[str, ...]:
    """A topic key from written words ("blocking of the Lachin road" -> block, lachin, road):
    the first content word heads it, the rest are sorted. Used for fixtures and queries."""
    folded = [fold_word(w, lexicon) for w in words if w.lower() not in lexicon.topic_stopwords]
    folded = [w for w in folded if w and w not in lexicon.topic_stopwords]
    if not folded:
        return ()
    head = folded[0]
    return (head, *sorted(set(folded[1:]) - {head}))


# --------------------------------------------------------------------------- drafts

@dataclass
class PropDraft:
    """A proposition before it becomes a record: tokens of the doc."""

    tokens: list[Token]  # what is claimed, as written
    subject: ActorMention | None
    topic_tokens: list[Token]
    key: tuple[str, ...]
    negated: bool = False
    noun_with_content: bool = False  # the topic holds a claim noun with content of its own


@dataclass
class Draft:
    sentence: int
    stance: str
    claimant: ActorMention | None
    trigger: Token
    pattern: str
    origin: str
    prop: PropDraft
    reporter: ActorMention | None = None  # who reports the claim (the speaker), if not the claimant
    evidence: Span | None = None
    responds_to: Draft | None = None
    confidence: float = 0.8
    notes: list[str] = field(default_factory=list)
    anchors: list[Token] = field(default_factory=list)  # words the claim is made of (for event links)


class ClaimFinder:
    def __init__(self, doc: Doc, mentions: list[ActorMention], lexicon: ClaimLexicon, offset: int,
                 speakers: list[ActorMention | None]):
        self.doc, self.lexicon, self.offset, self.speakers = doc, lexicon, offset, speakers
        self.mentions = mentions
        self.by_token: dict[int, ActorMention] = {}
        for m in mentions:
            span = doc.char_span(m.span[0] - offset, m.span[1] - offset, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                cur = self.by_token.get(t.i)
                if cur is None or (cur.span[1] - cur.span[0]) > (m.span[1] - m.span[0]):
                    self.by_token[t.i] = m
        self.drafts: list[Draft] = []  # of the whole article so far (anaphora looks back)
        self.claimants_seen: list[tuple[int, ActorMention]] = []  # named claimants, for "he denied"
        self.noun_cache: dict[int, list[PropDraft]] = {}  # a claim noun's propositions, made once
        self.done_verbs: set[int] = set()  # claim verbs already read as part of another claim

    # -- actors ----------------------------------------------------------------
    def mention_at(self, tok: Token) -> ActorMention | None:
        m = self.by_token.get(tok.i)
        if m is None:
            # "President Bashar Assad Tuesday": the parser may hang the name on a neighbour
            m = next((self.by_token[c.i] for c in tok.children if c.dep_ == "compound" and c.i in self.by_token), None)
        return m if m is not None and m.actor.code else None

    def actors_at(self, tok: Token | None) -> list[ActorMention]:
        if tok is None:
            return []
        out = []
        for t in (tok, *tok.conjuncts):
            m = self.mention_at(t)
            if m is not None and m not in out:
                out.append(m)
        return out

    def pronoun_referent(self, tok: Token, claimant: ActorMention | None) -> ActorMention | None:
        """"Iran denied that it ...": a pronoun in the claim stands for the claimant when it can."""
        word = tok.lower_
        if word in PRONOUNS_PERSON:
            own = self.mention_at(tok)
            if own is not None:
                return own
        if claimant is None or claimant.actor.code is None:
            return None
        kind = claimant.actor.kind
        if word in PRONOUNS_IT and kind != "person":
            return claimant
        if word in PRONOUNS_PERSON and kind == "person":
            return claimant
        if word in PRONOUNS_THEY and self.is_plural(claimant):
            return claimant
        return None

    def antecedent(self, pronoun: Token) -> ActorMention | None:
        """"Chavez's visit ... when Madrid backed his allegations": the nearest actor before
        the pronoun in its sentence that it can stand for: for "his"/"her" a person (else
        an office holder), for "its"/"their" anything but a person."""
        before = [m for m in self.mentions if m.actor.code is not None
                  and pronoun.sent.start_char + self.offset <= m.span[0] < pronoun.idx + self.offset]
        if pronoun.lower_ in PRONOUNS_PERSON:
            tiers = ([m for m in before if m.actor.kind == "person"], [m for m in before if m.actor.agent])
        else:
            tiers = ([m for m in before if m.actor.kind != "person"],)
        for tier in tiers:
            if tier:
                return max(tier, key=lambda m: m.span[0])
        return None

    def is_plural(self, m: ActorMention) -> bool:
        span = self.doc.char_span(m.span[0] - self.offset, m.span[1] - self.offset, alignment_mode="expand")
        return span is not None and (span.root.tag_ in ("NNS", "NNPS") or bool(span.root.conjuncts))

    def actor_in_phrase(self, tok: Token, claimant: ActorMention | None, depth: int = 4,
                        through_appos: bool = False) -> ActorMention | None:
        """The actor a noun phrase is about: itself, its possessor or modifier, or the
        first actor inside it ("satellite photographs of a site in Iran" -> Iran)."""
        frontier = [tok]
        for _ in range(depth + 1):
            nxt = []
            for t in frontier:
                found = self.actors_at(t)
                if found:
                    return found[0]
                if t.pos_ == "PRON":
                    ref = self.pronoun_referent(t, claimant)
                    if ref is not None:
                        return ref
                nxt.extend(c for c in t.children if (c.dep_ not in TOPIC_CUTS or (through_appos and c.dep_ == "appos"))
                           and c.dep_ not in ("acl", "det"))
            frontier = sorted(nxt, key=lambda c: (c.dep_ not in ("poss", "compound", "amod"), c.i))
        return None

    def unnamed(self, tok: Token, how: str) -> ActorMention:
        """A claimant the text does not name as an actor ("officials", "a Web site")."""
        left = [c for c in tok.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "case")]
        start = min([tok.i] + [c.left_edge.i for c in left])
        span = self.doc[start:tok.i + 1]
        return ActorMention(span.text, (span.start_char + self.offset, span.end_char + self.offset),
                            Actor(code=None, kind="unknown"), sentence=-1, how=how, head=tok.i)

    def subject_token(self, verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """(subject, passive?): the subject, or the agent of a passive, climbing
        conjoined verbs and relative clauses ("rebels who accused ...")."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        if passive or verb.dep_ == "acl":
            for c in verb.children:
                if c.dep_ == "agent":
                    return next((o for o in c.children if o.dep_ == "pobj"), None), True
        if not passive:
            for c in verb.children:
                if c.dep_ in ("nsubj", "csubj"):
                    return c, False
        if depth < 3 and verb.head.i != verb.i:
            if verb.dep_ == "relcl" and not passive:
                return verb.head, False
            if verb.dep_ in ("conj", "xcomp", "advcl"):
                return self.subject_token(verb.head, depth + 1)[0], passive
        return None, passive

    def claimants_of(self, verb: Token, evidence_agent: bool = False) -> list[ActorMention | None]:
        """Who makes a claim with ``verb``: its subject(s), or for "it was noted that" the
        sentence's speaker; an unnamed subject is kept without a code."""
        subj, passive = self.subject_token(verb)
        if passive and evidence_agent and subj is not None and not self.actors_at(subj):
            return [self.speaker_of(verb)]  # "refuted by video frames": evidence, said by the speaker
        if subj is None:
            if passive and any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children):
                return [self.speaker_of(verb)]
            return [None]
        found = self.actors_at(subj)
        if found:
            return found
        if subj.pos_ == "PRON":
            if subj.lower_ == "it" and (passive or verb.lemma_ == "be"):
                return [self.speaker_of(verb)]
            return [self.recent_claimant(subj)]
        inside = self.actor_in_phrase(subj, None, depth=2, through_appos=True)
        if inside is not None:
            return [inside]
        return [self.unnamed(subj, "subject (no actor code)")]

    def recent_claimant(self, pronoun: Token) -> ActorMention | None:
        """"He denied ...", "It denied an Iranian report": the latest named claimant
        of this or the previous sentences that the pronoun can stand for."""
        here = self.sentence_index(pronoun)
        for sent, m in reversed(self.claimants_seen):
            if here - sent > ANAPHORA_SENTENCES:
                break
            if sent == here and m.head is not None and m.head > pronoun.i:
                continue
            person = m.actor.kind == "person" or m.actor.agent is not None
            if pronoun.lower_ in PRONOUNS_PERSON and person:
                return m
            if pronoun.lower_ in PRONOUNS_IT | PRONOUNS_THEY and m.actor.kind != "person":
                return m
        return None

    def speaker_of(self, tok: Token) -> ActorMention | None:
        i = self.sentence_index(tok)
        return self.speakers[i] if i < len(self.speakers) else None

    def sentence_index(self, tok: Token) -> int:
        return self._sent_index[tok.sent.start]

    # -- propositions ------------------------------------------------------------
    def clause_prop(self, verb: Token, claimant: ActorMention | None, *, subject_default: ActorMention | None = None
                    ) -> PropDraft:
        """The proposition of a reported clause headed by ``verb``: about the doer (the
        subject, or a passive's agent), else a passive's patient; its topic is the
        predicate with its objects, plus whatever of the clause is not the subject actor
        (a passive's patient, an agent that is no actor, a copula's subject)."""
        agent = next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
        patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
        subject, doer = None, None
        for cand in (agent, subj, patient):
            if cand is not None and cand.dep_ != "expl":
                subject = self.actor_in_phrase(cand, claimant)
                if subject is not None:
                    doer = subject if patient is None or cand.i != patient.i else None
                    break
        if agent is None and subj is None and patient is None:
            subject = doer = subject_default  # "denied breaking the pact": the claimant did or did not
        copula = any(c.dep_ in ("acomp", "attr") for c in verb.children)
        topic = [verb] + self.topic_children(verb)
        if not any(c.dep_ in ("dobj", "attr", "acomp", "oprd", "xcomp") for c in verb.children):
            # "denied knowing that proceeds were ...": what was known is the content
            topic += [t for c in verb.children if c.dep_ == "ccomp" for t in c.subtree]
        for part in (patient, agent if agent is not None and not self.actors_at(agent) else None,
                     subj if copula or doer is None else None):
            if part is not None and part.dep_ != "expl":
                topic += [t for t in part.subtree if not self.cut_below(t, part)]
        negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)
        subtree = [t for t in verb.subtree if t.dep_ != "mark" or t.head != verb]
        return self.prop(subtree, subject, topic, verb, negated=negated, exclude=doer)

    def noun_prop(self, noun: Token, claimant: ActorMention | None, *, subject_default: ActorMention | None = None
                  ) -> PropDraft:
        """The proposition of an event noun: "the alleged blocking of the Lachin road by
        Azerbaijan" is about Azerbaijan, topic "blocking of the Lachin road"."""
        agent = self.agent_of(noun, claimant)
        subject = agent[0] if agent else subject_default
        skip = {t.i for t in agent[1]} if agent else set()
        topic = [noun]
        for c in noun.children:
            if c.i in skip or c.dep_ in TOPIC_CUTS or c.dep_ in ("det", "poss", "case", "relcl"):
                continue
            if c.dep_ == "acl" and c.tag_ != "VB":  # keep "intention to develop", drop "made by ..."
                continue
            topic += [t for t in c.subtree if not self.cut_below(t, c)]
        if agent:  # "the violation by Armenia of the provisions": the parser hangs "of" on Armenia
            for o in agent[1]:
                for c in o.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        topic += [t for t in c.subtree if not self.cut_below(t, c)]
        tokens = [t for t in noun.subtree if not self.cut_below(t, noun)]
        return self.prop(tokens, subject, topic, noun, exclude=subject)

    def agent_of(self, noun: Token, claimant: ActorMention | None) -> tuple[ActorMention, list[Token]] | None:
        """Who did what an event noun names: possessor, "by X", or a demonym ("Japanese chip dumping")."""
        for c in noun.children:
            if c.dep_ == "poss":
                found = self.actors_at(c) or ([self.pronoun_referent(c, claimant)] if c.pos_ == "PRON" else [])
                if found and found[0] is not None:
                    return found[0], [c]
        for c in noun.children:
            if c.dep_ in ("prep", "agent") and c.lower_ == "by":
                for o in c.children:
                    if o.dep_ == "pobj" and self.actors_at(o):
                        return self.actors_at(o)[0], [c] + [o]
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod") and self.names_actor(c):
                m = self.mention_at(c)
                if m is not None and m.actor.country:
                    return m, [c]
        return None

    def topic_children(self, verb: Token) -> list[Token]:
        """A predicate's objects and complements; not its subject, other clauses, times or "by X"."""
        out = []
        for c in verb.children:
            if c.dep_ in TOPIC_CUTS or c.dep_ in ("advmod", "npadvmod", "intj"):
                continue
            if c.dep_ == "prep" and (c.lower_ == "by" or self.is_time(c)):
                continue
            out += [t for t in c.subtree if not self.cut_below(t, c)]
        return out

    def cut_below(self, tok: Token, top: Token) -> bool:
        """Whether ``tok`` sits under a clause or aside that the topic leaves out."""
        t = tok
        while t != top and t.head != t:
            if t.dep_ in ("relcl", "advcl", "ccomp", "parataxis", "appos") or (t.dep_ == "conj" and t.head == top):
                return True
            if t.ent_type_ in ("DATE", "TIME"):
                return True
            t = t.head
        return False

    def is_time(self, prep: Token) -> bool:
        return any(o.ent_type_ in ("DATE", "TIME") for o in prep.children if o.dep_ == "pobj")

    def prop(self, tokens: list[Token], subject: ActorMention | None, topic: list[Token], head: Token, *,
             negated: bool = False, exclude: ActorMention | None = None) -> PropDraft:
        """A proposition draft: its topic key is headed by ``head`` (the predicate or event noun)."""
        if head.i not in {t.i for t in topic} or self.stopword(head):
            head = next((c for c in head.children if c.dep_ in ("attr", "acomp", "dobj", "xcomp", "oprd")
                         and c.i in {t.i for t in topic}), head)
        moved = head
        topic = [t for t in sorted({t.i: t for t in topic}.values(), key=lambda t: t.i)
                 if not (t.is_punct and t.tag_ != "HYPH") and not (t.head == head and t != head and
                                                                   (t.dep_ == "det" or self.hedge(t)))]
        if topic and topic[0].lemma_ == "be" and topic[0] != moved:
            topic = topic[1:]  # "there is a wide potential": the topic is the potential
        words = [self.topic_word(head, exclude, is_head=True)] + [self.topic_word(t, exclude) for t in topic if t != head]
        key = topic_key_of([w for w in words if w], self.lexicon)
        with_content = any(t.lemma_.lower() in self.lexicon.nouns and self.has_content(t) for t in topic)
        return PropDraft(sorted(tokens, key=lambda t: t.i), subject, topic, key, negated, with_content)

    def stance_word(self, tok: Token) -> bool:
        words = self.lexicon.false_words | self.lexicon.doubtful_words
        return tok.lemma_.lower() in words or tok.lower_ in words

    def hedge(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.lexicon.hedges or tok.lower_ in self.lexicon.hedges

    def stopword(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.lexicon.topic_stopwords or tok.lower_ in self.lexicon.topic_stopwords

    def topic_word(self, tok: Token, exclude: ActorMention | None, is_head: bool = False) -> str | None:
        """A topic key word: the lemma of a content word that is not the subject itself
        nor a word about the claim ("baseless"). A predicate adjective or noun heads the
        key even if it is a stopword elsewhere ("the war is illegal")."""
        if (tok.pos_ not in CONTENT_POS and tok.dep_ != "prt") or tok.like_num or self.stance_word(tok):
            return None  # particles count: "shot down", "stepped up"
        if self.stopword(tok) and not (is_head and tok.pos_ in ("ADJ", "NOUN", "PROPN")):
            return None
        if exclude is not None and self.by_token.get(tok.i) is exclude:
            return None
        return tok.text if tok.pos_ == "PROPN" else tok.lemma_

    # -- claim nouns ---------------------------------------------------------------
    def claim_noun(self, tok: Token) -> str | None:
        """strong | weak for a claim noun ("dismissed as propaganda reports that": the
        parser may tag a noun in a noun's place as a verb)."""
        if tok.pos_ not in ("NOUN", "PROPN") and tok.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass"):
            return None
        return self.lexicon.nouns.get(tok.lemma_.lower()) or self.lexicon.nouns.get(tok.lower_)

    def content_clause(self, noun: Token) -> Token | None:
        """"allegations that X did Y" (not "a charge that could derail ...": a relative clause)."""
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN":  # "a report made by some US media that ..."
                inner = next((w for w in c.children if w.dep_ == "ccomp" and w.pos_ in ("VERB", "AUX")), None)
                if inner is not None:
                    return inner
            if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX"):
                if any(w.dep_ == "mark" and w.lower_ == "that" for w in c.children):
                    return c
                subj = next((w for w in c.children if w.dep_ in ("nsubj", "nsubjpass", "expl")), None)
                if subj is None or subj.tag_ in ("WDT", "WP"):
                    continue  # a relative clause: "a charge that could derail the agreement"
                if c.dep_ == "relcl" and (any(w.dep_ == "dobj" for w in c.children)
                                          or c.lemma_.lower() in self.lexicon.verbs):
                    continue  # "an allegation Tehran dismissed": the noun is the clause's object
                return c
        # "cast doubt on Iran's claims that its programme is peaceful": the parser may hang
        # the that-clause on the verb; it still starts right after the noun
        after = noun.doc[noun.right_edge.i + 1] if noun.right_edge.i + 1 < len(noun.doc) else None
        if after is not None and after.dep_ == "mark" and after.lower_ == "that" and after.head.dep_ == "ccomp" \
                and after.head.head.i != noun.i and not self.has_own_clause(after.head.head, noun):
            return after.head
        return None

    def has_own_clause(self, verb: Token, noun: Token) -> bool:
        """Whether ``verb`` reports its that-clause itself (then it is not the noun's content)."""
        entry = self.lexicon.verbs.get(verb.lemma_.lower())
        return entry is not None and "clause" in entry.forms and noun.head != verb and noun.head.head != verb

    def content_phrase(self, noun: Token) -> list[Token]:
        """"allegations of forced labour", "claims about the blocking of the road"."""
        out = []
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS:
                for o in c.children:
                    if o.dep_ in ("pobj", "pcomp") and not (c.lower_ == "of" and self.names_actor(o)):
                        out.append(o)
        return out

    def names_actor(self, tok: Token) -> bool:
        """"allegations of Armenia" name their owner; "allegations of forced labour" their
        content, even where the actor tables code the phrase."""
        return bool(self.actors_at(tok)) and (tok.pos_ == "PROPN" or tok.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"))

    def has_content(self, noun: Token) -> bool:
        return self.content_clause(noun) is not None or bool(self.content_phrase(noun))

    def owner_of(self, noun: Token) -> ActorMention | None:
        """Whose claim a claim noun is: possessor, "of/by/from X", "made by X", a demonym."""
        for c in noun.children:
            if c.dep_ == "poss":
                if self.actors_at(c):
                    return self.actors_at(c)[0]
                if c.pos_ == "PRON":
                    return self.mention_at(c) or self.antecedent(c)
        for c in noun.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by", "from"):
                for o in c.children:
                    if o.dep_ == "pobj" and self.names_actor(o):
                        return self.actors_at(o)[0]
            if c.dep_ == "acl" and c.tag_ == "VBN":  # "a report made by some US media"
                for a in c.children:
                    if a.dep_ == "agent":
                        found = [self.actor_in_phrase(o, None, depth=1) for o in a.children if o.dep_ == "pobj"]
                        if found and found[0] is not None:
                            return found[0]
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod"):
                m = self.mention_at(c)
                if m is not None:
                    return m
        return None

    def noun_props(self, noun: Token, claimant: ActorMention | None, subject_default: ActorMention | None = None
                   ) -> list[PropDraft]:
        """What a claim noun says, one proposition per conjoined item."""
        clause = self.content_clause(noun)
        if clause is not None:
            return [self.clause_prop(v, claimant, subject_default=subject_default) for v in (clause, *self.verb_conjuncts(clause))]
        props = []
        for o in self.content_phrase(noun):
            for item in (o, *o.conjuncts):
                if item.pos_ in ("VERB", "AUX"):
                    props.append(self.clause_prop(item, claimant, subject_default=subject_default))
                else:
                    props.append(self.noun_prop(item, claimant, subject_default=subject_default))
        return props

    def claim_props(self, noun: Token, taker: ActorMention | None) -> list[PropDraft]:
        """A claim noun's propositions, made once per noun. Pronouns in them ("reports that
        it intended ...") stand for the owner, else for whoever takes a stance on the claim;
        a content that names no doer ("charges of bombing Pakistani territory") is about
        the one who denies it."""
        if noun.i not in self.noun_cache:
            owner = self.owner_of(noun)
            default = taker if taker is not None and not same_side(taker, owner) else None
            self.noun_cache[noun.i] = self.noun_props(noun, owner or taker, subject_default=default)
        return self.noun_cache[noun.i]

    def verb_conjuncts(self, verb: Token) -> list[Token]:
        """Further predicates of a reported clause ("said Armenia violated the ceasefire and
        shelled villages"); one without a subject of its own shares an actor subject only
        (in "said reports ... were baseless, and warned the U.S." the parser may hang
        "warned" on the clause)."""
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        shares = subj is not None and (self.actors_at(subj) != [] or subj.pos_ == "PRON")
        return [c for c in verb.conjuncts if c.pos_ in ("VERB", "AUX") and c.i > verb.i
                and c.lemma_.lower() not in self.lexicon.verbs
                and (shares or any(w.dep_ in ("nsubj", "nsubjpass") for w in c.children))]

    # -- anaphora --------------------------------------------------------------------
    def referent(self, tok: Token, denier: ActorMention | None, owner: ActorMention | None) -> list[Draft]:
        """The assertion(s) "the charges" / "these allegations" / "it" refer to: the latest
        assertion group of this or the previous sentences, by the owner if one is named."""
        here = self.sentence_index(tok)
        for d in reversed(self.drafts):
            if here - d.sentence > ANAPHORA_SENTENCES:
                break
            if d.stance != "asserts" or (d.sentence == here and d.trigger.i > tok.i):
                continue
            if owner is not None and not same_side(d.claimant, owner):
                continue
            if denier is not None and same_side(d.claimant, denier):
                continue
            return [x for x in self.drafts if x.trigger == d.trigger and x.stance == "asserts"]
        return []

    # -- the sentence ------------------------------------------------------------------
    def sentence_claims(self, sent: Span) -> list[Draft]:
        found: list[Draft] = []
        handled_nouns: set[int] = set()  # claim nouns a verb already took a stance on
        for tok in sent:
            entry = self.lexicon.verbs.get(tok.lemma_.lower())
            if entry is not None and tok.pos_ in ("VERB", "AUX") and not self.suppressed(tok) \
                    and tok.i not in self.done_verbs:
                found.extend(self.verb_claims(tok, entry, handled_nouns, found))
            if self.claim_noun(tok):
                found.extend(self.noun_claims(tok, handled_nouns, found))
        return merge(found)

    def suppressed(self, verb: Token) -> bool:
        """Negated or hypothetical claim verbs make no claim ("did not deny", "could claim")."""
        if any(c.dep_ == "neg" for c in verb.children):
            return True
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        return bool(aux & (MODAL_AUX - {"will", "shall", "'ll"})) or any(
            c.dep_ == "mark" and c.lower_ == "if" for c in verb.children)

    def verb_claims(self, verb: Token, entry: ClaimVerb, handled: set[int], so_far: list[Draft]) -> list[Draft]:
        if entry.obj and not any(c.dep_ == "dobj" and c.lemma_.lower() == entry.obj for c in verb.children):
            return []
        if "according-to" in entry.forms:
            return self.according_to(verb, entry)
        claimants = self.claimants_of(verb, entry.evidence_agent)
        self.claimants_seen.extend((self.sentence_index(verb), c) for c in claimants if c is not None and c.actor.code)
        for form in entry.forms:
            drafts = getattr(self, "form_" + form.replace("-", "_"))(verb, entry, claimants, handled, so_far)
            if drafts:
                for d in drafts:
                    d.evidence = d.evidence or self.evidence_of(verb)
                    if d.claimant is None or d.claimant.actor.code is None:
                        d.confidence -= 0.1
                return drafts
        return []

    def draft(self, verb: Token, entry: ClaimVerb, form: str, stance: str, claimant, prop: PropDraft,
              **kw) -> Draft:
        d = Draft(self.sentence_index(verb), stance, claimant, verb, f"{entry.stance} {entry.lemma} {form}",
                  entry.origin, prop, anchors=[verb], **kw)
        if entry.weak:
            d.confidence -= 0.1
        if claimant is not None and claimant is self.speaker_of(verb) and not self.actors_at(self.subject_token(verb)[0]):
            d.notes.append("claimant: speaker of the sentence")
            d.confidence -= 0.1
        return d

    def form_clause(self, verb, entry, claimants, handled, so_far) -> list[Draft]:
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if clause is None and verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
            clause = verb.head  # "Armenia, Baku said, violated the ceasefire"
        if clause is None:
            return []
        if entry.stance != "questions" and any(c.dep_ == "mark" and c.lower_ in ("whether", "if")
                                               for c in clause.children):
            return []
        if clause.lemma_.lower() in self.lexicon.verbs and not self.suppressed(clause):
            return []  # "says a US investigation has rejected allegations": the inner verb makes the claim
        if (entry.weak or entry.stance == "asserts") and not self.states_fact(clause):
            return []  # "said it would", "insisted that it would attack": plans and threats
        out = []
        for claimant in claimants:
            for v in (clause, *self.verb_conjuncts(clause)):
                if self.claim_subject(v) is not None:
                    continue  # "said reports that ... were baseless": the claim noun takes the stance
                prop = self.clause_prop(v, claimant)
                if prop.noun_with_content:
                    continue  # "opened an enquiry into allegations that ...": the allegations are the claim
                stance = entry.stance
                for p in self.embedded_charges(v, claimant) or [prop]:
                    if p.negated and stance == "asserts" and (p.subject is None or same_side(p.subject, claimant)):
                        # "Russia said its troops had not crossed the border" denies; "Annan
                        # reported that Syria has not pulled out" asserts a fact about Syria
                        d = self.draft(verb, entry, "clause", "denies", claimant, p)
                        d.notes.append(f"negated clause '{v.text}': a denial")
                    else:
                        d = self.draft(verb, entry, "clause", stance, claimant, p)
                        if p.negated:
                            d.notes.append(f"negated clause '{v.text}'")
                    if p is not prop:
                        d.notes.append("wrongdoing named in the reported clause")
                        d.confidence -= 0.05
                    out.append(d)
        return out

    def states_fact(self, verb: Token) -> bool:
        """A plain "said" reports a claim only when its clause states a fact."""
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & MODAL_AUX or "to" in aux:
            return False
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in verb.children):
            return False
        if verb.lemma_.lower() in self.lexicon.mental or verb.lower_ in self.lexicon.mental:
            return False
        if verb.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in self.lexicon.mental
                                       for c in verb.children):
            return False
        if any(c.dep_ == "xcomp" and c.lemma_.lower() == "go" for c in verb.children):
            return False  # "is going to"
        return verb.tag_ != "VB" or any(c.dep_ in ("aux",) for c in verb.children)

    def claim_subject(self, verb: Token) -> Token | None:
        """The claim noun a clause takes a stance on ("reports ... were baseless")."""
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and self.claim_noun(subj) and self.stance_on(subj) is not None:
            return subj
        return None

    def embedded_charges(self, verb: Token, claimant) -> list[PropDraft]:
        """"It was noted that the violation by Armenia of ... provoked a protest": each
        wrongdoing noun with a named agent in the clause's subject is a claim."""
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return []
        out = []
        for t in subj.subtree:
            if t.pos_ != "NOUN" or t.lemma_.lower() not in self.lexicon.charge_nouns:
                continue
            needs = self.lexicon.charge_nouns[t.lemma_.lower()]
            if needs and not any(c.lemma_.lower() == needs for c in t.children):
                continue
            agent = self.agent_of(t, claimant)
            if agent is not None:
                out.append(self.noun_prop(t, claimant))
        return out

    def form_claim_obj(self, verb, entry, claimants, handled, so_far) -> list[Draft]:
        nouns = self.claim_objects(verb, entry)
        out = []
        if not nouns and entry.stance != "asserts":
            return self.stance_on_reported_claim(verb, entry, claimants, handled, so_far)
        for noun in nouns:
            handled.add(noun.i)
            false_word = next((c for c in noun.children if c.dep_ == "amod" and c.lemma_.lower() in self.lexicon.false_words), None)
            for claimant in claimants:
                out.extend(self.stance_drafts(verb, entry, "claim-obj", entry.stance, claimant, noun, so_far))
            if false_word is not None and entry.stance == "denies":
                for d in out:
                    d.anchors.append(false_word)
        return out

    def stance_on_reported_claim(self, verb, entry, claimants, handled, so_far) -> list[Draft]:
        """"dismissed newspaper claims the government was warned", where the parser makes
        "claims" a verb: the claim is made inside the object clause, the stance outside."""
        inner = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")
                      and self.lexicon.verbs.get(c.lemma_.lower()) is not None
                      and self.lexicon.verbs[c.lemma_.lower()].stance == "asserts" and not self.suppressed(c)), None)
        if inner is None:
            return []
        self.done_verbs.add(inner.i)
        made = self.verb_claims(inner, self.lexicon.verbs[inner.lemma_.lower()], handled, so_far)
        out = list(made)
        for r in made:
            for cl in claimants:
                d = self.draft(verb, entry, "claim-obj", entry.stance, cl, r.prop, responds_to=r)
                d.notes.append(f"takes a stance on the claim '{r.trigger.text}'")
                out.append(d)
        return out

    def claim_objects(self, verb: Token, entry: ClaimVerb) -> list[Token]:
        """The claim noun(s) a verb takes a stance on."""
        cands = []
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        for c in verb.children:
            if entry.prep and c.dep_ == "prep" and c.lower_ == entry.prep:
                cands += [o for o in c.children if o.dep_ == "pobj"]
            elif not entry.prep and (c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass")):
                cands.append(c)
            elif not entry.prep and c.dep_ == "prep" and c.lower_ == "as":
                cands += [o for o in c.children if o.dep_ == "pobj" and self.claim_noun(o)
                          and o.lemma_.lower() not in self.lexicon.false_words]  # "denied as baseless reports"
        if not cands and verb.dep_ == "relcl" and self.claim_noun(verb.head):
            cands.append(verb.head)  # "an allegation Tehran dismissed as a new lie"
        return [n for c in cands for n in (c, *c.conjuncts) if self.claim_noun(n)]

    def stance_drafts(self, verb: Token, entry: ClaimVerb, form: str, stance: str, claimant, noun: Token,
                      so_far: list[Draft]) -> list[Draft]:
        """A stance on a claim noun: on its content, or on what it refers to."""
        owner = self.owner_of(noun)
        props = self.claim_props(noun, claimant)
        out = []
        if props:
            for p in props:
                d = self.draft(verb, entry, form, stance, claimant, p)
                d.anchors.append(noun)
                out.append(d)
            return out
        refs = self.referent(noun, claimant, owner) or self.same_sentence_assertions(noun, so_far, claimant)
        for r in refs:
            d = self.draft(verb, entry, form, stance, claimant, r.prop, responds_to=r)
            d.anchors.append(noun)
            d.notes.append(f"'{noun.text}' refers to the claim in sentence {r.sentence} ('{r.trigger.text}')")
            d.confidence -= 0.15
            out.append(d)
        if not out:
            # nothing to refer to: the claim noun itself is all we know ("denied Botha's charges")
            p = PropDraft(list(noun.subtree), None, [], ())
            d = self.draft(verb, entry, form, stance, claimant, p)
            d.anchors.append(noun)
            d.notes.append(f"what '{noun.text}' claims is not stated")
            d.confidence -= 0.3
            out.append(d)
        return out

    def same_sentence_assertions(self, tok: Token, so_far: list[Draft], denier) -> list[Draft]:
        """"Kyiv alleged that ..., a charge the Kremlin rejected": the sentence's own assertion."""
        for d in reversed(so_far):
            if d.stance == "asserts" and d.trigger.i < tok.i and not same_side(d.claimant, denier):
                return [x for x in so_far if x.trigger == d.trigger and x.stance == "asserts"]
        return []

    def form_gerund(self, verb, entry, claimants, handled, so_far) -> list[Draft]:
        ger = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "dobj") and c.tag_ == "VBG"
                    and not any(w.dep_ in ("nsubj", "nsubjpass") for w in c.children)), None)
        if ger is None:
            return []
        return [self.draft(verb, entry, "gerund", entry.stance, cl, self.clause_prop(ger, cl, subject_default=cl))
                for cl in claimants]

    def form_infinitive(self, verb, entry, claimants, handled, so_far) -> list[Draft]:
        inf = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")
                    and any(w.dep_ == "aux" and w.lower_ == "to" for w in c.children)), None)
        if inf is None:
            return []
        return [self.draft(verb, entry, "infinitive", entry.stance, cl, self.clause_prop(inf, cl, subject_default=cl))
                for cl in claimants]

    def form_event_obj(self, verb, entry, claimants, handled, so_far) -> list[Draft]:
        if any(c.dep_ in ("auxpass", "nsubjpass", "dative") for c in verb.children):
            return []  # "were denied permission", "denied them visas": refusals
        if any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
            return []  # "denied entry to the journalists"
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is None or self.mention_at(obj) or obj.lemma_.lower() in self.lexicon.nonclaim_objects:
            return []
        out = []
        for cl in claimants:
            for item in (obj, *obj.conjuncts):
                out.append(self.draft(verb, entry, "event-obj", entry.stance, cl,
                                      self.noun_prop(item, cl, subject_default=cl)))
        return out

    def form_charge(self, verb, entry, claimants, handled, so_far) -> list[Draft]:
        """"accused Japan of reneging", "blamed forces for the massacre", "was accused by
        British prosecutors of encouraging ...", "men accused of plotting"."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or verb.dep_ == "acl"
        if passive:
            accused_tok = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if accused_tok is None and verb.dep_ == "acl":
                accused_tok = verb.head
        else:
            accused_tok = next((c for c in verb.children if c.dep_ == "dobj"), None)
        accused = [self.actor_in_phrase(t, None, depth=2) for t in
                   ((accused_tok, *accused_tok.conjuncts) if accused_tok is not None else ())]
        accused = [a for a in accused if a is not None]
        contents = []
        # "accused the West of ...": the parser may hang the charge on the accused
        for head in (verb, accused_tok) if accused_tok is not None and not passive else (verb,):
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "for", "with", "over"):
                    for prep in (c, *c.conjuncts):
                        contents += [o for o in prep.children if o.dep_ in ("pobj", "pcomp")]
        if contents:
            # "accused ... of encouraging murder and inciting hatred": a second charge hung on the verb
            contents += [c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBG"
                         and not any(w.dep_ in ("nsubj", "nsubjpass") for w in c.children)]
        if not contents and not passive and accused_tok is not None and not accused:
            # "blamed the blasts on the ANC": the object is the wrong, "on X" the accused
            on = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for o in c.children
                  if o.dep_ == "pobj" and self.actors_at(o)]
            if on:
                accused, contents = self.actors_at(on[0]), [accused_tok]
        if not contents:
            return []
        out = []
        for cl in claimants:
            for target in accused or [None]:
                for o in contents:
                    for item in (o, *(c for c in o.conjuncts if c.i > o.i and c.i not in {x.i for x in contents})):
                        if item.pos_ in ("VERB", "AUX"):
                            p = self.clause_prop(item, cl, subject_default=target)
                            if not any(w.dep_ in ("nsubj", "nsubjpass", "agent") for w in item.children):
                                p.subject = target  # "accused Japan of reneging": Japan reneged
                        else:
                            p = self.noun_prop(item, cl, subject_default=target)
                        out.append(self.draft(verb, entry, "charge", entry.stance, cl, p))
        return out

    def form_false_call(self, verb, entry, claimants, handled, so_far) -> list[Draft]:
        """"called the allegations baseless", "described it as a lie"."""
        words = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "attr")]
        words += [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for o in c.children]
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.right_edge.pos_ == "ADJ":
            words.append(obj.right_edge)  # "called the allegations of a blockade baseless", parsed inside the object
        stances = [self.stance_of_word(w) for w in words]
        if not any(stances):
            return []
        stance = "denies" if "denies" in stances else "questions"
        if obj is None:
            obj = next((c for w in words for c in w.children if c.dep_ in ("nsubj",)), None)
        if obj is None:
            return []
        out = []
        if self.claim_noun(obj):
            handled.add(obj.i)
            for cl in claimants:
                out.extend(self.stance_drafts(verb, entry, "false-call", stance, cl, obj, so_far))
        elif obj.lower_ in ("it", "them", "this", "that"):
            for cl in claimants:
                refs = self.same_sentence_assertions(obj, so_far, cl) or self.referent(obj, cl, None)
                for r in refs:
                    d = self.draft(verb, entry, "false-call", stance, cl, r.prop, responds_to=r)
                    d.notes.append(f"'{obj.text}' refers to the claim '{r.trigger.text}'")
                    out.append(d)
        return out

    def according_to(self, verb: Token, entry: ClaimVerb) -> list[Draft]:
        """"According to Georgian officials, Russian aircraft bombed a village"."""
        if verb.lower_ != "according":
            return []
        source = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for o in c.children
                  if o.dep_ == "pobj"]
        claimants = self.actors_at(source[0]) if source else []
        if not claimants or verb.head.pos_ not in ("VERB", "AUX") or not self.states_fact(verb.head):
            return []
        clause = verb.head
        return [self.draft(verb, entry, "according-to", entry.stance, cl, self.clause_prop(clause, cl))
                for cl in claimants]

    # -- claim nouns on their own ----------------------------------------------------------
    def stance_on(self, noun: Token) -> tuple[str, Token] | None:
        """A stance taken on a claim noun without a claim verb: (stance, the word taking it).
        "the unfounded allegations", "reports ... were baseless", "were misleading
        propaganda", "the allegations do not reflect reality"."""
        for c in noun.children:
            if c.dep_ in ("amod", "compound"):
                found = self.stance_of_word(c)
                if found:
                    return found, c
        if noun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        pred = noun.head
        for c in pred.children:
            if c.dep_ in ("acomp", "attr", "oprd"):
                for w in (c, *(x for x in c.children if x.dep_ in ("dobj", "compound", "amod"))):
                    found = self.stance_of_word(w)
                    if found:
                        return found, w
        if any(c.dep_ == "neg" for c in pred.children):
            objs = [c for c in pred.children if c.dep_ in ("dobj", "acomp", "attr")]
            objs += [o for c in pred.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
            if any((pred.lemma_.lower(), o.lemma_.lower()) in self.lexicon.untrue for o in objs):
                return "denies", pred
        return None

    def stance_of_word(self, tok: Token) -> str | None:
        words = {tok.lemma_.lower(), tok.lower_}
        if words & self.lexicon.false_words:
            return "denies"
        if words & self.lexicon.doubtful_words:
            return "questions"
        return None

    def noun_claims(self, noun: Token, handled: set[int], so_far: list[Draft]) -> list[Draft]:
        kind = self.claim_noun(noun)
        out: list[Draft] = []
        stance = None if noun.i in handled else self.stance_on(noun)
        reporter = self.reporter_of(noun)
        owner = self.owner_of(noun)
        props = self.claim_props(noun, reporter if stance is not None else None)
        takes_stance = noun.i in handled or stance is not None
        assertions = []
        if props and (kind == "strong" or takes_stance):
            for p in props:
                d = Draft(self.sentence_index(noun), "asserts", owner, noun, f"asserts {noun.lemma_.lower()} noun",
                          "nouns.txt", p, reporter=reporter, anchors=[noun])
                if owner is None:
                    d.notes.append("claimant: not named")
                    d.confidence -= 0.2
                assertions.append(d)
            out.extend(assertions)
            self.drafts.extend(assertions)
        if stance is None:
            return out
        word_stance, word = stance
        denier = reporter
        for p_src in assertions or self.referent(noun, denier, owner) or self.same_sentence_assertions(noun, so_far, denier):
            d = Draft(self.sentence_index(noun), word_stance, denier, word, f"{word_stance} {word.lemma_.lower()} word",
                      "stance_words.txt", p_src.prop, responds_to=p_src, anchors=[noun, word])
            d.notes.append(f"'{word.text}' takes a stance on '{noun.text}'")
            d.evidence = self.evidence_of(noun.head) if noun.dep_ in ("nsubj", "nsubjpass") else None
            if denier is not None and denier is self.speaker_of(noun):
                d.notes.append("claimant: speaker of the sentence")
                d.confidence -= 0.1
            if not assertions:
                d.confidence -= 0.15
            out.append(d)
        return out

    def reporter_of(self, tok: Token) -> ActorMention | None:
        """Who reports what ``tok`` is part of: the claimant of the nearest claim verb
        above it, else the sentence's speaker."""
        t = tok
        while t.head != t:
            t = t.head
            entry = self.lexicon.verbs.get(t.lemma_.lower())
            if entry is not None and t.pos_ in ("VERB", "AUX") and entry.weak:
                found = [c for c in self.claimants_of(t) if c is not None and c.actor.code]
                if found:
                    return found[0]
        return self.speaker_of(tok)

    # -- evidence offered ---------------------------------------------------------------
    def evidence_of(self, verb: Token) -> Span | None:
        """"refuted by video frames showing ...", "citing satellite images"."""
        for c in verb.children:
            if c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj" and not self.actors_at(o):
                        return self.doc[o.left_edge.i:o.right_edge.i + 1]
            if c.dep_ in ("advcl", "xcomp", "acl") and c.lemma_.lower() in self.lexicon.evidence_verbs:
                for o in c.children:
                    if o.dep_ == "dobj":
                        return self.doc[o.left_edge.i:o.right_edge.i + 1]
                    if o.dep_ == "prep":
                        for p in o.children:
                            if p.dep_ == "pobj":
                                return self.doc[p.left_edge.i:p.right_edge.i + 1]
        return None

    # -- the article --------------------------------------------------------------------
    def run(self) -> list[Draft]:
        self._sent_index = {s.start: i for i, s in enumerate(self.doc.sents)}
        out = []
        for sent in self.doc.sents:
            drafts = self.sentence_claims(sent)
            known = {id(d) for d in self.drafts}
            self.drafts.extend(d for d in drafts if id(d) not in known)
            out.extend(drafts)
        return out


def same_side(a: ActorMention | None, b: ActorMention | None) -> bool:
    """Two claimants speak for the same side (Azerbaijan and its foreign ministry do)."""
    if a is None or b is None or a.actor.code is None or b.actor.code is None:
        return a is b
    ka, kb = a.actor.country or a.actor.code, b.actor.country or b.actor.code
    return ka == kb


def merge(drafts: list[Draft]) -> list[Draft]:
    """One claim per (stance, claimant, proposition) in a sentence: "the unfounded
    allegations ... do not reflect reality, these allegations are refuted by ..." is
    one denial, with every word that makes it and the evidence offered."""
    kept: dict[tuple, Draft] = {}
    for d in drafts:
        claimant = (d.claimant.actor.country or d.claimant.actor.code) if d.claimant and d.claimant.actor.code else (
            d.claimant.text if d.claimant else None)
        key = (d.stance, claimant, d.prop.tokens[0].i if d.prop.tokens else None, d.prop.key)
        first = kept.get(key)
        if first is None:
            kept[key] = d
            continue
        first.anchors.extend(a for a in d.anchors if a not in first.anchors)
        first.evidence = first.evidence or d.evidence
        first.responds_to = first.responds_to or d.responds_to
        first.notes.append(f"also said with '{d.trigger.text}'")
        first.confidence = max(first.confidence, d.confidence)
    return sorted(kept.values(), key=lambda d: (d.trigger.i, d.stance))


# --------------------------------------------------------------------------- records

def find_claims(doc: Doc, mentions: list[ActorMention], contexts: Sequence, events: Sequence[Event] = (),
                lexicon: ClaimLexicon | None = None, *, offset: int = 0, article_id: str = "",
                outlet: str | None = None, cited: ActorMention | None = None) -> list[Claim]:
    """Every claim in ``doc``. ``contexts`` gives each sentence's speaker (``.speaker``);
    ``events`` are the article's coded events, linked to the claims made of the same
    words; ``outlet`` and ``cited`` start each claim's attribution chain."""
    lexicon = lexicon or load_claim_lexicon()
    speakers = [getattr(c, "speaker", None) for c in contexts]
    finder = ClaimFinder(doc, mentions, lexicon, offset, speakers)
    drafts = finder.run()
    sentences = list(doc.sents)
    records: dict[int, Claim] = {}
    for d in drafts:
        records[id(d)] = to_claim(d, doc, sentences[d.sentence], offset, article_id, outlet, cited)
    for d in drafts:
        if d.responds_to is not None and id(d.responds_to) in records:
            records[id(d)].responds_to = records[id(d.responds_to)].claim_id
        records[id(d)].event_ids = linked_events(d, records[id(d)], events, offset, lexicon)
    return [records[id(d)] for d in drafts]


def to_claim(d: Draft, doc: Doc, sent: Span, offset: int, article_id: str, outlet: str | None,
             cited: ActorMention | None) -> Claim:
    p = d.prop
    if p.tokens:
        start, end = p.tokens[0].idx, p.tokens[-1].idx + len(p.tokens[-1].text)
    else:
        start, end = d.trigger.idx, d.trigger.idx + len(d.trigger.text)
    # the words from the sentence's text where they lie in it (doc.text joins every token of the doc)
    sentence_text = sent.text
    if sent.start_char <= start <= end <= sent.end_char:
        words = sentence_text[start - sent.start_char:end - sent.start_char]
    else:
        words = doc.text[start:end]
    topic = _join(p.topic_tokens)
    reporter = d.reporter if d.reporter is not None else d.claimant
    claimant = d.claimant
    if claimant is not None and claimant.sentence < 0:
        claimant = ActorMention(claimant.text, claimant.span, claimant.actor, d.sentence, claimant.how, claimant.head)
    evidence = None
    if d.evidence is not None:
        evidence = (d.evidence.text, (d.evidence.start_char + offset, d.evidence.end_char + offset))
    return Claim(
        article_id=article_id,
        sentence=d.sentence,
        stance=d.stance,
        trigger=Trigger(d.trigger.text, (d.trigger.idx + offset, d.trigger.idx + len(d.trigger.text) + offset),
                        pattern=d.pattern, pattern_source=d.origin),
        proposition=Proposition(words, (start + offset, end + offset), p.subject,
                                _tidy(topic), p.key),
        evidence=sentence_text.strip(),
        claimant=claimant,
        offered_evidence=evidence[0] if evidence else None,
        offered_evidence_span=evidence[1] if evidence else None,
        attribution=Attribution(
            outlet=outlet,
            cited=cited.actor.code if cited else None,
            cited_text=cited.text if cited else None,
            speaker=reporter.actor.code if reporter else None,
            speaker_text=reporter.text if reporter else None,
        ),
        confidence=max(0.05, min(d.confidence, 1.0)),
        coder=CODER_NAME,
        notes=list(d.notes),
    )


def _join(tokens: list[Token]) -> str:
    """Words as written, one space where the text had any (a line break included)."""
    out = []
    for t, nxt in zip(tokens, [*tokens[1:], None]):
        out.append(t.text)
        if nxt is not None and nxt.idx > t.idx + len(t.text):
            out.append(" ")
    return "".join(out)


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(' "')


def linked_events(d: Draft, claim: Claim, events: Sequence[Event], offset: int, lexicon: ClaimLexicon) -> list[str]:
    """Events coded from the words of this claim, with a code that matches its stance
    (accusations for assertions, denials and rejections for denials)."""
    prefixes = tuple(p for p, s in lexicon.event_links if s == d.stance)
    if not prefixes:
        return []
    anchors = [(t.idx + offset, t.idx + len(t.text) + offset) for t in d.anchors]
    lo, hi = claim.proposition.span
    out = []
    for e in events:
        if e.sentence != d.sentence or not e.cameo.startswith(prefixes):
            continue
        s, t = e.trigger.span
        if any(s < b and a < t for a, b in anchors) or (lo <= s and t <= hi):
            out.append(e.event_id)
    return out
