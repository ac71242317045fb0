"""Events: lexicon patterns matched on the dependency parse, with source and target.

Entry point: :func:`find_events`. For each sentence:

1. every token whose lemma starts a lexicon pattern is tried against its
   patterns (most specific first): particles, object nouns of light verbs,
   infinitives, modifiers and prepositions must be where the pattern says.
   Headline capitals, lemmatizer slips ("staged" -> "stag"), gerunds used as
   nouns and present-tense verbs tagged as plural nouns are read too;
2. frames re-code what they govern (``lists/frames.txt``): "refused to
   negotiate" is a rejection (12x), "vowed to continue talks" an intent
   (03x), "threatened to attack" a threat (13x), "urged Iran to release" an
   appeal (02x), "demanded the withdrawal" a demand (10x), "claimed that ISIL
   attacked" an accusation (112); the governed event is then not coded on
   its own and lends the frame its target. A violent verb and the violent
   noun that says how ("killed ... in a massacre") are one event;
3. negated, hypothetical, failed, cancelled and merely alleged actions are
   dropped; future ones (and meetings with a date ahead) become intents
   (03x) or threats (13x); negated intents become refusals (12x); "X must
   ..." reported by a speaker is the speaker's demand; "... unless" a threat;
4. source and target come from the parse: subject or passive agent,
   object, prepositional object or dative, possessor or "by" phrase of a
   noun, conjunctions giving one event per actor ("Russia and China
   vetoed") and "between X and Y" / "X, Y and Z met" giving reciprocal
   events per pair; a subject that names no actor lends the actor inside
   its phrase ("thousands of Palestinians"); relative pronouns stand for
   their noun; "we" in a quote is the speaker, "it"/"they" in a reported
   clause the subject of the reporting verb (else the previous sentence's
   subject); inline datelines ("BAGHDAD (Reuters) -") are never actors;
5. fallbacks, each lowering the confidence and saying so in the notes: the
   sentence's speaker for speaker-asserted nouns and agentless passives of
   verbal acts ("the allegations are refuted"); unnamed attackers (UAF) of
   the country where a sourceless violent act happened; the owner or the
   with/on phrase of an object noun; where a protest or show of force
   happens; another country named in the sentence;
6. with the ``statements`` option, a sentence with no other event and a
   reporting verb ("said") gives a generic statement (010).

Every decision is recorded in the event's ``notes`` so that it can be explained.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.knowledge.lexicon import OBJECT_PREDICATE, Lexicon, Pattern
from eventwire.records import Actor, ActorMention

NEG_DEPS = frozenset({"neg"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "ca", "can"})
DEONTIC_AUX = frozenset({"must", "should"})
# A noun event after these happened, whatever the modality of its clause ("would remain
# stable despite the attack"); after these, only when they hang on a noun ("a statement on
# the attack", "anger over the raid", "an inquiry into the killings")
PRESUPPOSING_PREPS = frozenset({"despite", "after", "following", "since", "amid"})
NOUN_TOPIC_PREPS = frozenset({"on", "over", "into"})
HYPOTHETICAL_DETS = frozenset({"any", "another", "every"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
CONDITIONAL_MARKS = frozenset({"if", "whether"})
# Hostile acts (protest, force, reductions, coercion, violence) promised on a condition
# ("will strike if ...") are threats
CONDITIONAL_THREAT_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
NEGATING_DETS = frozenset({"no", "without"})
# "X and Y <verb>" with no target: they act on each other (talks, deals, cooperation)
SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06"})
# Prepositions of an object noun that name the event's target: "an agreement with", "sanctions on"
OBJECT_TARGET_PREPS = ("with", "on", "against", "to", "toward", "towards", "into", "from", "by")
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# what workers do to an employer: agree, negotiate, settle, return to work, demand, accuse,
# reject, threaten, strike (not what only a state does to them)
LABOUR_ROOTS = frozenset({"03", "04", "05", "08", "10", "11", "12", "13", "14"})
# How a word hangs in the clause that tells its event ("bombed X, killing 10": advcl)
CLAUSE_LINKS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "pobj", "dobj", "acl", "nsubj", "nsubjpass"})
# "in Baghdad", "the city of Fallujah", "near Kandahar": a place named in a sentence
SENTENCE_PLACE_PREPS = frozenset({"in", "at", "near", "of", "outside", "inside", "across", "into"})
# Meetings and visits are announced ahead: with a date word pointing ahead they are intents
SCHEDULED_ROOTS = frozenset({"04"})
FUTURE_TIME_WORDS = frozenset({"tomorrow", "next", "later", "coming", "upcoming", "tonight", "forthcoming"})
# Verbal acts: an agentless passive of these ("the allegations were refuted") is the speaker's own act
VERBAL_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13"})
DASHES = frozenset({"-", "--", "—", "–", ":"})
FIRST_PERSON = frozenset({"we", "i", "us"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# "Israel defended its raid": a possessive pronoun stands for the subject of its clause
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
# "the two sides", "both countries": the two parties named before (pair_named_before)
PAIR_NOUNS = frozenset({"side", "country", "nation", "party", "government", "neighbour", "neighbor", "leader"})
THIRD_PERSON = frozenset({"it", "they", "them", "he", "she"})
# "accused each other", "clashed with one another": (the word the parser heads, its determiner)
RECIPROCAL_PRONOUNS = frozenset({("other", "each"), ("one", "another"), ("another", "one")})
# Relations whose token may hold the actor of a phrase that is not itself an actor
PHRASE_DEPS = frozenset({"prep", "pobj", "poss", "compound", "amod", "nmod", "appos", "conj"})
PHRASE_PREPS = frozenset({"of", "from", "at", "in", "loyal", "inside"})
# "militants near the Cameroon border" are not Cameroon's: nearness names another country
PROXIMITY_PREPS = frozenset({"near", "along", "across", "beyond", "toward", "towards", "outside", "bordering"})
# A role grounded by one event's context ("militants" -> the article's main country) is a guess
ROLE_PENALTY = 0.15
DENIAL_CODE = "016"  # deny responsibility: answers an accusation (answer_accusers)
# Agents that act where they live: an ungrounded source of these takes the article's
# main country before the country of the party it acts on
HOME_AGENTS = frozenset({"REB", "UAF", "CVL", "OPP", "CRM", "LAB", "EDU", "AGR"})
# Who serves a state abroad (soldiers, officials, spies) answers to that state, not to the
# country where they are held or charged (implied_state)
SERVING_AGENTS = frozenset({"MIL", "GOV", "SPY"})
# Acts that, with no one else named, are aimed at home: a protest at the authorities of the
# country where it is held, a state's coercion (arrests, curfews, bans) at its people
HOME_TARGETS = {"14": "GOV", "17": "CVL"}
# ... but not expulsions and deportations (174), which are of foreigners, and coercion only
# by the state (a country itself or its authorities)
NOT_HOME_CODES = frozenset({"174"})
STATE_AGENTS = frozenset({None, "GOV", "MIL", "COP", "JUD", "SPY", "LEG"})


@dataclass
class Match:
    token: Token
    pattern: Pattern
    code: str
    extra_tokens: list[Token] = field(default_factory=list)  # object noun, particle
    notes: list[str] = field(default_factory=list)
    confidence: float = 0.8
    dropped: str | None = None
    inner: Match | None = None  # the event a frame governs
    frame: str | None = None
    verb_as_noun: bool = False  # "The Spanish FA apologises": a verb the tagger took for a plural noun
    demanded_by: Token | None = None  # the speech verb of "said Libya must hand over ..."
    # other entries that fit the same words, surest first: tried when this one's target
    # requirement fails ("demanded that ..." after "demand TGT" found no one demanded)
    alternatives: list[tuple[Pattern, list[Token]]] = field(default_factory=list)


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


@dataclass
class Roles:
    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    reciprocal: bool = False
    speaker_ok: bool = False  # the speaker may stand in: the text leaves the agent out on purpose
    direct_target: bool = False  # the target is the slot's own word, not found inside its phrase
    notes: list[str] = field(default_factory=list)
    penalty: float = 0.0
    # the words that stand in the source and target slots, actors or not: where an
    # ungrounded role phrase ("militants") may be found and grounded by the event
    source_slot: Token | None = None
    target_slots: list[Token] = field(default_factory=list)
    # the statement the event is the content of ("claimed responsibility for the bombing"):
    # that statement is the event coded, not this one
    told_by: Token | None = None
    # the object is "each other": the subjects act on one another
    mutual: bool = False


def is_reciprocal_pronoun(tok: Token) -> bool:
    """"each other", "one another" (headed by either word)."""
    return any((tok.lower_, c.lower_) in RECIPROCAL_PRONOUNS for c in tok.children)


class EventFinder:
    def __init__(self, doc: Doc, mentions: list[ActorMention], lexicon: Lexicon, offset: int,
                 statements: bool = False, roles: list[ActorMention] = ()):
        self.doc, self.lexicon, self.offset, self.statements = doc, lexicon, offset, statements
        self.dateline = inline_datelines(doc)
        self.by_token = self.index(mentions)
        # companies, in reading order: a labour action's employer (employer_of)
        self.companies = sorted((m for m in mentions if m.actor.agent == "BUS" and m.actor.country),
                                key=lambda m: m.span[0])
        # role phrases the article could not ground ("militants"): an event may ground them
        self.role_by_token = self.index(roles)
        # the countries the article names (not those it lent a role: "the police" in a
        # story about Iraq would count Iraq twice)
        self.countries = Counter(m.actor.country for m in mentions
                                 if m.actor.country and not m.how.endswith("+article"))
        self.light_verbs = lexicon.word_list("light_verbs")
        self.support_verbs = lexicon.word_list("support_verbs")
        self.claim_nouns = lexicon.word_list("claim_nouns")
        self.cancel_words = lexicon.word_list("cancel")
        self.unrealised = lexicon.word_list("unrealised")
        self.planned_words = lexicon.word_list("planned")
        self.speculative_words = lexicon.word_list("speculative")
        self.prevent_words = lexicon.word_list("prevent")
        self.reporting = lexicon.word_list("reporting")
        self.hearsay = lexicon.word_list("hearsay")
        self.responsibility = lexicon.word_list("responsibility")
        self.natural_causes = lexicon.word_list("natural_causes")
        self.boundary_words = lexicon.word_list("boundary")
        self.place_nouns = lexicon.word_list("place_nouns")
        self.participle_events = lexicon.word_list("participle_events")
        self.quantities = lexicon.word_list("quantities")
        self.previous_subjects: list[ActorMention] = []  # the last sentence's main subject actors
        self.other_senses: set[int] = set()  # words a pattern flag read as a non-event sense
        # per token, asked once for each of its many candidate patterns
        self._objects: dict[int, list[Token]] = {}
        self._modifiers: dict[int, set[str]] = {}
        self._candidates: dict[int, tuple[list[Pattern], bool]] = {}
        self._sentence_words: dict[int, frozenset[str]] = {}  # by the sentence's first token
        self.frame_words = {name: lexicon.word_list(name) for name in ("intent", "refuse", "threaten",
                                                                        "appeal", "demand", "allege")}

    def index(self, mentions: list[ActorMention]) -> dict[int, ActorMention]:
        """Token index -> mention; a token belongs to the smallest mention that covers it."""
        out: dict[int, ActorMention] = {}
        for m in mentions:
            span = self.doc.char_span(m.span[0] - self.offset, m.span[1] - self.offset, alignment_mode="expand")
            for t in span if span is not None else ():
                if t.i in self.dateline:
                    continue
                cur = out.get(t.i)
                if cur is None or (cur.span[1] - cur.span[0]) > (m.span[1] - m.span[0]):
                    out[t.i] = m
        return out

    # -- matching ------------------------------------------------------------
    def kind_of(self, tok: Token) -> str | None:
        if tok.pos_ in ("VERB", "AUX"):
            return "verb"
        if tok.pos_ in ("NOUN", "PROPN"):
            return "noun"
        if tok.pos_ == "ADJ":
            return "adj"
        return None

    def match_token(self, tok: Token, fallback: bool = False, words: frozenset[str] | None = None) -> Match | None:
        """The pattern that fits at ``tok``, if any; ``words``: every form and lemma of
        the sentence, to pass over at once the patterns whose words it lacks."""
        cands, verb_as_noun = self.candidates_at(tok)
        fitting = [(p, extra) for p in cands if ("fallback" in p.flags) == fallback
                   and (words is None or p.needed_words <= words)
                   for extra in [self.fits(tok, p)] if extra is not None]
        if not fitting:
            return None
        p, extra = fitting[0]
        return Match(tok, p, p.code, extra, confidence=p.confidence - 0.1 * verb_as_noun,
                     verb_as_noun=verb_as_noun, alternatives=fitting[1:])

    def candidates_at(self, tok: Token) -> tuple[list[Pattern], bool]:
        """The patterns triggered by ``tok``'s first reading that has any, and whether
        that reading took a plural noun for a verb; asked once per token (the generic
        statement pass comes back to a sentence)."""
        known = self._candidates.get(tok.i)
        if known is not None:
            return known
        found: tuple[list[Pattern], bool] = ([], False)
        kind = self.kind_of(tok)
        if kind is None or tok.i in self.dateline:
            pass
        elif kind == "verb" and tok.dep_ in ("amod", "compound") and tok.tag_ == "VBG" \
                and not (tok.head.i in self.by_token and self.is_in(tok, self.participle_events)):
            pass  # "the ruling party", "striking workers": a verb form used as an adjective
            # (but "China's visiting military chief" is a visit by the chief)
        else:
            cands = next((c for kind_, lemma in self.readings(tok, kind)
                          for c in [self.lexicon.candidates(kind_, lemma)] if c), [])
            if cands:
                found = (cands, False)
            elif kind == "noun" and tok.tag_ in ("NNS", "NNPS", "NNP") and tok.dep_ == "ROOT" \
                    and tok.lower_.endswith("s"):
                # "The Spanish FA apologises to ...": the tagger made the verb a plural noun
                # heading the whole sentence; its modifiers are then the subject
                found = (next((c for g in word_guesses(tok.lower_)
                               for c in [self.lexicon.candidates("verb", g)] if c), []), True)
        self._candidates[tok.i] = found
        return found

    def is_in(self, tok: Token, words: frozenset[str]) -> bool:
        """Is the token's lemma (or, where the lemmatizer slipped, its word) in a word list?"""
        return tok.lemma_.lower() in words or any(g in words for g in word_guesses(tok.lower_))

    def readings(self, tok: Token, kind: str) -> list[tuple[str, str]]:
        """(kind, lemma) pairs to look the token up by, surest first. Headlines in capitals
        or title case defeat the lemmatizer ("CRITICISES", "Urges"), and participles
        tagged as adjectives keep their verb patterns ("the detained men")."""
        lemma = tok.lemma_.lower()
        out = [(kind, lemma)]
        if kind == "verb" and tok.tag_ == "VBG" and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "conj"):
            # a gerund used as a noun: "killed in Israeli shelling"
            out.insert(0, ("noun", tok.lower_))
        if kind == "noun" and tok.tag_ in ("NNS", "NNPS"):
            out.append((kind, tok.lower_))
        if kind == "adj" and tok.tag_ == "VBN":
            out.append(("verb", lemma))
        # headline capitals and lemmatizer slips ("staged" -> "stag"): the word's plain forms
        kinds = (kind, "verb") if tok.is_upper or (tok.is_title and tok.pos_ == "PROPN") else (kind,)
        out += [(k, g) for g in word_guesses(tok.lower_) for k in kinds]
        return out

    def fits(self, tok: Token, p: Pattern) -> list[Token] | None:
        """The extra tokens (particle, object noun) if ``p`` fits at ``tok``, else None."""
        extra: list[Token] = []
        anchor = [tok]  # where prepositions may hang
        if p.particle:
            prt = [c for c in tok.children if c.lower_ == p.particle and c.dep_ in ("prt", "prep", "advmod")]
            if not prt:
                return None
            extra.append(prt[0])
            anchor.append(prt[0])
        if p.obj:
            objs = [o for o in self.objects(tok) if _is(o, p.obj) and has_modifiers(o, p.obj_modifiers)]
            if not objs and tok.dep_ == "acl" and _is(tok.head, p.obj) and has_modifiers(tok.head, p.obj_modifiers):
                # "sanctions imposed on Iran": the object noun is what the participle modifies
                objs = [tok.head]
            if not objs:
                return None
            extra.append(objs[0])
            anchor.append(objs[0])
        if p.xcomp:
            inf = self.xcomp_of(tok, p.xcomp)
            if inf is None:
                return None
            if p.xcomp_obj and not any(_is(o, p.xcomp_obj) and has_modifiers(o, p.xcomp_obj_modifiers)
                                       for o in self.objects(inf)):
                return None
        if p.forbidden:  # "-heart" (heart attack), "-as" ("sees Turkey as an ally"), "-up" ("free up")
            ruled_out = self.modifier_words(tok) | {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt")}
            if has_object_predicate(tok):
                ruled_out.add(OBJECT_PREDICATE)  # "called Arafat a liar", "named him envoy"
            if any(f in ruled_out for f in p.forbidden):
                return None
        for prep, noun, noun_mods in p.required_preps:
            objs = [o for a in anchor for o in self.preps(a, prep)]
            if not objs and not (not noun and any(c.lower_ == prep for a in anchor for c in a.children)):
                return None
            if noun and not any(_is(o, noun) and has_modifiers(o, noun_mods) for o in objs):
                return None
        for mod in p.word_modifiers:
            if mod not in self.modifier_words(tok) and not (tok.dep_ == "compound" and _is(tok.head, mod)):
                return None
        for slot in p.slots:
            # an actor slot wants a thing or a party, not a date ("fired a missile on Sunday")
            if slot.prep and not any(o.ent_type_ not in ("DATE", "TIME") for a in anchor
                                     for o in self.preps(a, slot.prep)):
                return None
        return extra

    def modifier_words(self, tok: Token) -> set[str]:
        found = self._modifiers.get(tok.i)
        if found is None:
            found = self._modifiers[tok.i] = modifier_words(tok)
        return found

    def objects(self, verb: Token) -> list[Token]:
        """Object nouns of a verb, conjuncts included ("imposed sanctions and an embargo"),
        and what a quantity measures ("delivered 700 kg of medicine")."""
        found = self._objects.get(verb.i)
        if found is None:
            found = self._objects[verb.i] = self._find_objects(verb)
        return found

    def _find_objects(self, verb: Token) -> list[Token]:
        out = []
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
                out.extend((c, *c.conjuncts))
        if not out:
            out = [t for o in shifted_objects(verb) for t in (o, *o.conjuncts)]
        for o in list(out):
            if self.is_in(o, self.quantities):
                out.extend(m for m in self.preps(o, "of"))
        return out

    def preps(self, tok: Token, word: str) -> list[Token]:
        """Objects of preposition ``word`` hanging from ``tok`` (with their conjuncts); an
        indirect object counts as "to": "gave Tanzania a grant" = "gave a grant to Tanzania"."""
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative", "prt") and c.lower_ == word:
                for o in c.children:
                    if o.dep_ in ("pobj", "pcomp"):
                        out.append(o)
            elif word == "to" and c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON"):
                out.append(c)
        return out

    def xcomp_of(self, tok: Token, lemma: str) -> Token | None:
        """The infinitive ``tok`` governs ("refused to negotiate"), or a gerund after "to"
        ("committed to opening", "commitment to reducing")."""
        for c in tok.children:
            if c.dep_ in ("xcomp", "acl", "advcl", "ccomp") and c.pos_ in ("VERB", "AUX"):
                if any(a.lower_ == "to" for a in c.children if a.dep_ == "aux"):
                    if lemma == "*" or c.lemma_.lower() == lemma:
                        return c
            if c.dep_ == "prep" and c.lower_ == "to" and tok.pos_ in ("ADJ", "NOUN", "VERB"):
                for g in c.children:
                    if g.dep_ == "pcomp" and g.tag_ == "VBG" and (lemma == "*" or g.lemma_.lower() == lemma):
                        return g
        return None

    # -- frames and suppression ----------------------------------------------
    def apply_frames(self, matches: dict[int, Match]) -> None:
        # innermost frames first: "vowed to refuse to negotiate"
        for m in sorted(matches.values(), key=lambda m: -m.token.i):
            frame = self.frame_of(m)
            if frame is None:
                continue
            inner = self.governed_event(m, frame, matches)
            if inner is None or inner.dropped:
                continue
            if frame == "intent" and self.asks_another(m.token, inner.token):
                frame = "appeal"  # "wants Putin to attack", "expects Japan to open its market"
            code = self.lexicon.frame_code(frame, inner.code)
            if m.pattern.xcomp not in (None, "*"):
                code = m.pattern.code  # the entry names the governed verb itself: "threaten to kill" (1383)
            if code:
                m.notes.append(f"frame {frame}: governs {inner.pattern.text!r} ({inner.code})")
                m.code = code
                m.inner, m.frame = inner, frame
            inner.dropped = f"governed by {frame} frame '{m.token.text}'"
        for m in matches.values():
            if "frame" in m.pattern.flags and m.inner is None and m.dropped is None:
                m.dropped = "frame word governing no event"

    def asks_another(self, frame_tok: Token, inner_tok: Token) -> bool:
        """Does the frame word name someone else to act ("want X to", "expect X to")?"""
        if any(c.dep_ == "dobj" and c.i in self.by_token for c in frame_tok.children):
            return True
        own = [c for c in inner_tok.children if c.dep_ == "nsubj"]
        return bool(own) and own[0].i in self.by_token and own[0].lower_ not in THIRD_PERSON | FIRST_PERSON

    def merge_manner(self, matches: dict[int, Match]) -> None:
        """"killed 20 people in a massacre", "killed in an Israeli air strike": a violent verb
        and the violent noun that says how are one event. With a subject the verb takes the
        noun's (more telling) code; a passive without agent leaves the event to the noun,
        whose owner is the attacker."""
        for m in list(matches.values()):
            if m.dropped or m.pattern.kind != "verb" or m.code[:2] not in VIOLENT_ROOTS:
                continue
            nouns = [o for pr in ("in", "with", "during", "by", "using") for o in self.preps(m.token, pr)]
            how = next((matches[o.i] for o in nouns if o.i in matches and not matches[o.i].dropped
                        and matches[o.i].pattern.kind == "noun" and matches[o.i].code[:2] in VIOLENT_ROOTS), None)
            if how is None:
                continue
            passive = any(c.dep_ == "auxpass" for c in m.token.children) and \
                not any(c.dep_ == "agent" and any(self.actors_at(o) for o in c.children) for c in m.token.children)
            if passive:
                m.dropped = f"told by its manner '{how.token.text}'"
            else:
                m.notes.append(f"manner '{how.token.text}': {how.code}")
                m.code = how.code
                how.dropped = f"manner of '{m.token.text}'"

    def frame_of(self, m: Match) -> str | None:
        """The frame of a match: its trigger's, or its object noun's ("faced pressure to")."""
        for frame, words in self.frame_words.items():
            if m.pattern.lemma in words:
                return frame
        for frame in ("demand", "appeal", "threaten"):  # "faced pressure to", "issued a threat to"
            if m.pattern.obj and m.pattern.obj in self.frame_words[frame]:
                return frame
        return None

    def governed_event(self, m: Match, frame: str, matches: dict[int, Match]) -> Match | None:
        """The event a frame governs: its infinitive ("refused to negotiate"), its that-clause
        ("demanded that Israel withdraw"), or an event noun it asks for ("called for the
        release of"), directly or under a support verb ("continue discussions")."""
        tok = m.token
        inner = self.xcomp_of(tok, "*")
        for noun in m.extra_tokens:
            # "faces pressure from Congress to help Iran", "made an appeal to donors to give"
            inner = inner or (self.xcomp_of(noun, "*") if noun.pos_ in ("NOUN", "PROPN") else None)
        if inner is None and frame in ("appeal", "demand", "threaten", "intent", "allege"):
            inner = next((c for c in tok.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if inner is not None:
            return self.event_at(inner, matches)
        if frame in ("appeal", "demand", "refuse") and m.pattern.obj is None:
            nouns = [o for o in self.preps(tok, "for")]
            nouns += [c for c in tok.children if c.dep_ == "dobj"]
            for n in nouns:
                found = matches.get(n.i)
                if found is not None and found.pattern.kind == "noun":
                    return found
        return None

    def event_at(self, verb: Token, matches: dict[int, Match]) -> Match | None:
        if verb.i in matches:
            return matches[verb.i]
        if not self.is_in(verb, self.support_verbs):
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
        if any(c.dep_ in NEG_DEPS or c.lower_ in ("never",) for c in tok.children):
            self.negate(m)
            return
        nouns = [tok] if m.pattern.kind == "noun" else [e for e in m.extra_tokens if e.pos_ in ("NOUN", "PROPN")]
        if any(c.lower_ in NEGATING_DETS for n in nouns for c in n.children if c.dep_ == "det"):
            m.dropped = "negated ('no')"  # "no agreement was signed", "held no talks"
            return
        if m.pattern.kind == "noun" and tok.dep_ == "pobj" and tok.head.lower_ == "without":
            m.dropped = "negated ('without')"
            return
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod")] if m.pattern.kind == "noun" else []
        speculative = next((c for c in mods if c.lower_ in self.speculative_words), None)
        if speculative is not None:
            m.dropped = f"only expected ('{speculative.text}')"  # "possible U.N. sanctions"
            return
        planned = next((c for c in mods if c.lower_ in self.planned_words), None)
        if planned is not None and not m.code.startswith(("03", "13")):
            # "the proposed agreement", "a threatened strike": meant, not (yet) done
            code = self.lexicon.frame_code("intent", m.code)
            if code:
                m.notes.append(f"'{planned.text}': intent {code}")
                m.code = code
            else:
                m.dropped = f"not yet ('{planned.text}')"
            return
        if m.pattern.kind == "noun" and presupposed(tok):
            return  # "stable despite the U.S. attack": the clause's modality is not the attack's
        verb = tok if m.pattern.kind == "verb" else self.governing_verb(tok)
        if verb is None:
            return
        claim = self.claimed_by(verb) if m.pattern.kind == "verb" else None
        if claim is not None and claim is not tok:
            m.dropped = f"claimed, not reported ('{claim.text}')"
            return
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if any(c.lower_ in CONDITIONAL_MARKS for c in verb.children if c.dep_ == "mark"):
            m.dropped = "hypothetical ('if')"
            return
        promised = aux & (FUTURE_AUX | {"would"})
        if m.frame is None and self.has_condition(verb, "unless"):
            # "will withdraw its troops unless ...": an action held over someone is a threat
            condition = "'unless'"
        elif m.frame is None and m.code[:2] in CONDITIONAL_THREAT_ROOTS and promised and self.has_condition(verb):
            # "will go on strike if the company refuses", "would retaliate if ...": a hostile
            # act promised on a condition is a threat (a friendly one stays an intent)
            condition = f"'{' '.join(sorted(promised))} ... if'"
        else:
            condition = None
        if condition is not None:
            code = self.lexicon.frame_code("threaten", m.code) or "130"
            m.notes.append(f"{condition}: threat {code}")
            m.code = code
            return
        if verb.dep_ == "xcomp" and self.is_in(verb.head, self.unrealised):
            m.dropped = f"not realised ('{verb.head.text}')"
            return
        if tok is not verb and self.is_in(verb, self.unrealised):
            m.dropped = f"not realised ('{verb.text}')"
            return
        keeper = self.kept_from(verb)
        if keeper is not None:
            m.dropped = f"prevented ('{keeper.text}')"
            return
        if aux & DEONTIC_AUX and self.reported(verb) and self.frame_of(m) is None:
            # "Britain said Libya must hand over the suspects": the speaker demands it of Libya
            code = self.lexicon.frame_code("demand", m.code) or "100"
            m.notes.append(f"'{' '.join(sorted(aux & DEONTIC_AUX))}' in a reported clause: demand {code}")
            m.code, m.demanded_by = code, verb.head
            return
        if aux & HYPOTHETICAL_AUX:
            if "would" in aux and self.reported(verb) and not any(c.dep_ in NEG_DEPS for c in verb.children):
                aux = aux | {"will"}  # "said it would withdraw": the future seen from the past
            else:
                m.dropped = "hypothetical"
                return
        if tok is not verb and any(c.dep_ in NEG_DEPS for c in verb.children) and (
                self.is_in(verb, self.light_verbs) or self.is_in(verb, self.support_verbs)):
            m.dropped = "negated"
            return
        if self.is_in(verb, self.cancel_words) and tok is not verb:
            m.dropped = f"cancelled ('{verb.text}')"
            return
        future = sorted(aux & FUTURE_AUX)
        if not future and m.code[:2] in SCHEDULED_ROOTS and "VBD" not in {verb.tag_, tok.tag_}:
            when = self.future_time(tok if tok is not verb else verb)
            future = [when] if when else []  # "leaves for Tokyo tomorrow", "talks next week"
        if future and self.frame_of(m) is None and not m.code.startswith(("03", "13")):
            code = self.lexicon.frame_code("intent", m.code)
            if code:
                m.notes.append(f"future '{' '.join(future)}': intent {code}")
                m.code = code
            elif m.code[:2] in VERBAL_ROOTS:
                m.notes.append(f"future '{' '.join(future)}': announced")  # "will reject any proposal"
            else:
                m.dropped = "future action"

    def future_time(self, tok: Token) -> str | None:
        """A date word of the event's own phrase or clause that points ahead ("next week",
        "tomorrow", "later this month")."""
        gov = tok.head if tok.head.pos_ in ("VERB", "AUX") else self.governing_verb(tok)
        heads = [tok] + ([gov] if gov is not None and gov is not tok else [])
        for h in heads:
            for c in h.children:
                words = [t for t in c.subtree if t.ent_type_ in ("DATE", "TIME") or t.lower_ in FUTURE_TIME_WORDS]
                hit = next((t for t in words if t.lower_ in FUTURE_TIME_WORDS), None)
                if hit is not None and c.dep_ in ("npadvmod", "prep", "advmod", "tmod", "pobj"):
                    return hit.text
        return None

    def claimed_by(self, verb: Token) -> Token | None:
        """The allegation or denial verb whose content ``verb`` is: "alleged that France
        trained", "denied attacking", "accused Iran of arming"."""
        clause = verb
        for _ in range(3):
            head = clause.head
            if head is clause:
                return None
            if clause.dep_ in ("ccomp", "xcomp") and self.is_in(head, self.hearsay):
                return head
            if clause.dep_ == "ccomp" and self.is_in(head, self.frame_words["allege"]):
                return head  # "claimed that ISIL had attacked Iraq and taken Mosul"
            if clause.dep_ == "pcomp" and head.dep_ == "prep" and self.is_in(head.head, self.hearsay):
                return head.head  # "accused Iran of arming"
            if clause.dep_ not in ("conj", "xcomp", "ccomp"):
                return None
            clause = head
        return None

    def negate(self, m: Match) -> None:
        """A negated action did not happen, but a refused one is an event: "will not
        negotiate", "would never permit", "does not plan to deploy troops" are
        rejections (12x) of what they negate; anything else negated is dropped."""
        tok = m.token
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        refusing = bool(aux & (FUTURE_AUX | {"would", "can", "ca", "could"})) or m.frame == "intent"
        governed = m.inner.code if m.frame == "intent" and m.inner is not None else m.code
        code = self.lexicon.frame_code("refuse", governed) if refusing and not m.code.startswith("12") else None
        if code:
            m.notes.append(f"negated intent ('{tok.text}' with '{' '.join(sorted(aux)) or 'not'}'): refusal {code}")
            m.code = code
        else:
            m.dropped = "negated"

    def has_condition(self, verb: Token, mark: str = "if") -> bool:
        """Does a clause of ``verb`` start with ``mark``: "... if the company refuses"?"""
        return any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == mark for g in c.children)
                   for c in verb.children)

    def reported(self, verb: Token) -> bool:
        """Is ``verb`` the head of a clause reported by a speech verb ("said it would ...")?"""
        return verb.dep_ in ("ccomp", "conj") and self.is_in(verb.head, self.reporting)

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
        members = [tok, *tok.conjuncts]
        for c in tok.children:
            # "The US, Russia, and Switzerland": the parser may read a list as an apposition
            if c.dep_ == "appos" and c.conjuncts:
                members += [c, *c.conjuncts]
        for t in members:
            m = self.by_token.get(t.i)
            if m is None:
                # "President Bashar Assad Tuesday": the parser may hang the name on a neighbour
                m = next((self.by_token[c.i] for c in t.children
                          if c.dep_ == "compound" and c.i in self.by_token), None)
            if m is not None and m.actor.code is not None:
                if m not in out:
                    out.append(m)
                # "Iraqi and American officials": the conjoined demonym is a mention of its own
                out += [p for p in self.shared_head(t, m) if p not in out]
            elif m is None and t.lemma_.lower() in self.claim_nouns:
                owner = self.owner_of(t)
                if owner is not None and owner not in out:
                    out.append(owner)
        return out

    def shared_head(self, tok: Token, m: ActorMention) -> list[ActorMention]:
        """The mentions headed by a word conjoined with a modifier of ``tok`` inside ``m``
        ("American" in "Iraqi and American officials"): the actors stage gives each
        its country with the phrase's role."""
        out = []
        for mod in tok.children:
            if mod.dep_ not in ("amod", "compound", "nmod"):
                continue
            for conj in mod.conjuncts:
                p = self.by_token.get(conj.i)
                if p is not None and p is not m and p.head == conj.i and p.actor.code is not None:
                    out.append(p)
        return out

    def actor_inside(self, tok: Token, exclude: list[ActorMention], depth: int = 3,
                     deps: frozenset[str] | None = None) -> list[ActorMention]:
        """The first actor inside a non-actor phrase: "endorsed an agreement with the
        European Union", "an air strike against an Islamic State target",
        "thousands of Palestinians"."""
        frontier = [tok]
        for _ in range(depth):
            nxt = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "punct", "cc") or c.i in self.dateline:
                        continue
                    if c.dep_ == "prep" and c.lower_ in PROXIMITY_PREPS:
                        continue
                    if deps is not None and c.dep_ not in deps:
                        continue
                    if c.dep_ == "prep" and deps is not None and c.lower_ not in PHRASE_PREPS:
                        continue
                    found = [m for m in self.actors_at(c) if m not in exclude]
                    if found:
                        return found[:1]
                    nxt.append(c)
            frontier = nxt
        return []

    def owner_of(self, noun: Token, exclude: list[ActorMention] = ()) -> ActorMention | None:
        """Possessor, "by X" or "of X" of a noun, or the doer of a participle describing it:
        "Armenia's refusal", "allegations of Armenia", "the sanctions imposed by Washington";
        ``exclude`` holds actors already taken as the target ("the arrest of X")."""
        for c in noun.children:
            if c.dep_ == "poss":
                found = [a for a in self.actors_at(c) if a not in exclude]
                if not found and c.lower_ in POSSESSIVE_PRONOUNS:
                    found = [a for a in self.clause_subject(noun, c.lower_) if a not in exclude]
                if found:
                    return found[0]
        for prep in ("by", "of", "from"):
            for o in self.preps(noun, prep):
                found = [a for a in self.actors_at(o) if a not in exclude]
                if found:
                    return found[0]
        for c in noun.children:
            # "the sanctions imposed by Washington": the doer of a participle describing it
            # (not of a report or a claim: "a report monitored by the BBC" is not the BBC's)
            if c.dep_ == "acl" and c.tag_ == "VBN" and noun.lemma_.lower() not in self.claim_nouns:
                found = [a for ag in c.children if ag.dep_ == "agent" for o in ag.children if o.dep_ == "pobj"
                         for a in self.actors_at(o) if a not in exclude]
                if found:
                    return found[0]
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i in self.by_token:
                m = self.by_token[c.i]
                if m not in exclude and m.actor.code and (m.actor.country or m.actor.kind in ("igo", "group")):
                    return m
        return None

    def clause_subject(self, noun: Token, pronoun: str) -> list[ActorMention]:
        """The actors of the subject of the clause a noun phrase stands in, when the noun is
        not inside that subject: whom "its" refers to in "Israel defended its raid"."""
        verb = self.governing_verb(noun)
        if verb is None:
            return []
        subj, _ = self.subject_of(verb)
        if subj is None or noun in subj.subtree:
            return []
        plural = subj.tag_ in ("NNS", "NNPS") or bool(subj.conjuncts) or subj.lower_ in ("they", "we")
        if (pronoun == "their") != plural or subj.lower_ in ("he", "she", "i", "you"):
            return []  # "he met Gorbachev at their summit": "their" is both of them
        return self.actors_at(subj)

    def subject_of(self, verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """(subject token, passive?) climbing through xcomp/conj/relcl/acl/advcl."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
            verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"))
        if passive:
            for c in verb.children:
                if c.dep_ == "agent":
                    for o in c.children:
                        if o.dep_ == "pobj":
                            return o, True
        else:
            subjects = []
            for c in verb.children:
                if c.dep_ not in ("nsubj", "csubj"):
                    continue
                if c.i in self.dateline:
                    # "BAGHDAD (Reuters) - Iraq's top cleric ...": the parser made the dateline
                    # the subject and hung the real one on it
                    subjects += [x for x in c.children if x.dep_ in ("appos", "conj") and x.i not in self.dateline]
                else:
                    subjects.append(c)
            if subjects:
                # the parser may give two subjects ("cleric ... al-Sistani urged"): an actor first
                subjects.sort(key=lambda c: not self.actors_at(c))
                return subjects[0], False
        if passive and any(c.dep_ == "nsubjpass" for c in verb.children):
            if any(c.dep_ in ("xcomp", "ccomp") for c in verb.children) or self.xcomp_of(verb, "*") is not None:
                # "Obama is scheduled to attend", "Iran was forced to accept": the passive
                # subject is who does what the infinitive says
                return next(c for c in verb.children if c.dep_ == "nsubjpass"), False
            return None, True
        if depth < 3 and verb.head is not verb:
            head = verb.head
            if verb.dep_ == "xcomp":
                # object control: "urged Iran to stop" -> Iran stops
                objs = [c for c in head.children if c.dep_ == "dobj" and c.i in self.by_token]
                if objs:
                    return objs[0], passive
                return self.subject_of(head, depth + 1)[0], passive
            if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
                return self.subject_of(head, depth + 1)[0], passive
            if verb.dep_ == "relcl":
                return head, passive
            if verb.dep_ in ("acl", "amod") and not passive:
                return head, False  # "militants attacking the base", "the visiting premier"
            if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
                gov = head.head
                if head.lower_ in ("for", "of"):
                    # object control: "arrested two Kenyans for attacking tourists", "thanked
                    # Japan for sending troops", "were jailed for helping": the one the main
                    # verb acts on did what the gerund says
                    doer = next((c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")
                                 and (c.i in self.by_token or c.i in self.role_by_token)), None)
                    if doer is not None:
                        return doer, passive
                return self.subject_of(gov, depth + 1)[0], passive  # "after meeting X"
            if verb.pos_ == "ADJ" and verb.dep_ == "amod":
                return head, False  # "Iraqi guerrillas willing to negotiate"
            if verb.dep_ == "acomp" or verb.pos_ == "ADJ":
                return self.subject_of(head, depth + 1)
        return None, passive

    def pair_named_before(self, noun: Token) -> list[ActorMention]:
        """"The two sides", "both countries": the last two actors of different countries named
        before the phrase, in its sentence or the two before (none if fewer are named)."""
        if noun.pos_ != "NOUN" or noun.tag_ != "NNS" or noun.lemma_.lower() not in PAIR_NOUNS \
                or not any((c.dep_ == "nummod" and c.lower_ == "two") or (c.dep_ in ("det", "predet") and c.lower_ == "both")
                           for c in noun.children):
            return []
        sent = noun.sent
        start = self.doc[max(sent.start - 1, 0)].sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        lo, hi = self.doc[start].idx + self.offset, noun.idx + self.offset
        seen: dict[str, ActorMention] = {}
        for m in sorted({id(m): m for m in self.by_token.values()}.values(), key=lambda m: -m.span[0]):
            if lo <= m.span[0] < hi and m.actor.country and m.actor.country not in seen:
                seen[m.actor.country] = m
                if len(seen) == 2:
                    return list(reversed(seen.values()))
        return []

    def subject_actors(self, subj: Token | None, ctx: SentenceContext, roles: Roles) -> list[ActorMention]:
        """The actor(s) a subject token stands for, with the fallbacks that say why."""
        if subj is None:
            return []
        found = self.actors_at(subj)
        if found:
            return found
        word = subj.lower_ if subj.pos_ in ("PRON", "DET") else ""  # "US" is not "us"
        if word in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
            # "Hezbollah, which rejected ...": the noun the clause describes
            antecedent = subj.head.head
            found = self.actors_at(antecedent) or self.actor_inside(antecedent, [], depth=3, deps=PHRASE_DEPS)
            if found:
                roles.notes.append(f"source: '{subj.text}' is '{antecedent.text}'")
            return found
        pair = self.pair_named_before(subj)
        if pair:
            roles.notes.append(f"source: '{subj.text}' are {pair[0].actor.code} and {pair[1].actor.code}, named before")
            roles.penalty += 0.1
            return pair
        if word in FIRST_PERSON and ctx.speaker is not None and ctx.speaker.actor.code:
            roles.notes.append(f"source: '{subj.text}' is the speaker")
            return [ctx.speaker]
        if word in THIRD_PERSON | FIRST_PERSON:
            # "Israel said it would withdraw": the subject of the reporting verb
            clause = subj.head
            while clause.dep_ in ("xcomp", "conj", "advcl") and clause.head is not clause:
                clause = clause.head
            if clause.dep_ == "ccomp" and clause.head.pos_ in ("VERB", "AUX"):
                outer, _ = self.subject_of(clause.head)
                if outer is not None and not (outer.pos_ == "PRON" and outer.lower_ in THIRD_PERSON | FIRST_PERSON):
                    found = self.actors_at(outer)
                    if found:
                        roles.notes.append(f"source: '{subj.text}' is the subject of '{clause.head.text}'")
                        return found
            if word in ("they", "it") and self.previous_subjects:
                # "Militants seized two aid workers. They threatened to kill them."
                roles.notes.append(f"source: '{subj.text}' is the previous sentence's subject")
                roles.penalty += 0.1
                return self.previous_subjects[:1]
            return []
        if subj.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            found = self.actor_inside(subj, [], depth=3, deps=PHRASE_DEPS)
            if found:
                roles.notes.append(f"source: inside the phrase of '{subj.text}'")
                roles.penalty += 0.05
        return found

    def roles(self, m: Match, ctx: SentenceContext) -> Roles:
        """Source(s), target(s) and reciprocity of one match, before frames lend theirs."""
        r = Roles()
        anchors = [m.token, *m.extra_tokens]
        light = self.light_verb_of(m)
        if light is not None:
            anchors.append(light)
        self.slot_actors(m, anchors, r)
        r.mutual = not r.targets and any(
            is_reciprocal_pronoun(o) for a in anchors for c in a.children
            for o in ([c] if c.dep_ in ("dobj", "nsubjpass") else c.children if c.dep_ == "prep" else ())
            if o.dep_ in ("dobj", "nsubjpass", "pobj"))
        # "between X and Y": one reciprocal event among the participants
        for a in anchors:
            between = [x for o in self.preps(a, "between") + self.preps(a, "among") for x in self.actors_at(o)]
            if len(between) >= 2:
                r.sources, r.targets, r.reciprocal = [between[0]], [between[1]], True
                r.notes.append("participants: 'between X and Y'")
                break
        if not r.sources:
            self.source_of(m, light, ctx, r)
        elif any(sl.role == "source" and sl.prep for sl in m.pattern.slots) and not r.targets:
            # "received weapons from Iran", "faces pressure from Congress": the subject is the target
            holder = light if light is not None else m.token
            subj, _ = self.subject_of(holder)
            r.targets = [a for a in self.subject_actors(subj, ctx, r) if a not in r.sources]
        if not r.targets and not r.mutual:
            self.fallback_target(m, r)
        return r

    def employer_of(self, tok: Token, workers: ActorMention) -> ActorMention | None:
        """The company of the workers' country nearest before the trigger in the article
        (in its sentence, else earlier), else the first one after it in the sentence."""
        at = tok.idx + self.offset
        same = [c for c in self.companies if c.actor.country == workers.actor.country]
        before = [c for c in same if c.span[1] <= at]
        if before:
            return before[-1]
        sent_end = tok.sent.end_char + self.offset
        return next((c for c in same if at <= c.span[0] < sent_end), None)

    def members_of(self, mention: ActorMention) -> bool:
        """An organisation named as a body of members: "the EU", "NATO", "EC finance ministers"
        (not "the EU commissioner": one person meets someone)."""
        if not (mention.actor.kind == "igo" or (mention.actor.code or "").startswith("IGO")) or mention.head is None:
            return False
        head = self.doc[mention.head]
        return head.tag_ in ("NNS", "NNPS") or mention.how in ("org table", "organization")

    def coordinated(self, mention: ActorMention) -> bool:
        """A phrase with a conjunct: "rebels and troops" (which the parser may read as one phrase)."""
        if mention.head is None:
            return False
        head = self.doc[mention.head]
        return bool(head.conjuncts) or any(t.dep_ == "cc" for left in head.lefts for t in left.subtree)

    def kept_from(self, verb: Token) -> Token | None:
        """The verb that keeps someone from ``verb``: "prevented protesters from marching"."""
        prep = verb.head if verb.dep_ == "pcomp" else None
        if prep is not None and prep.lower_ == "from" and prep.head is not prep \
                and self.is_in(prep.head, self.prevent_words):
            return prep.head
        return None

    def light_verb_of(self, m: Match) -> Token | None:
        """The verb whose object the event noun is: "held talks", "launched an offensive"."""
        tok = m.token
        if m.pattern.kind == "noun" and tok.dep_ in ("dobj", "nsubjpass", "attr", "nsubj") \
                and self.is_in(tok.head, self.light_verbs) \
                and not has_object_predicate(tok.head):  # "calling such criticism nonsense"
            return tok.head
        return None

    def slot_actors(self, m: Match, anchors: list[Token], r: Roles) -> None:
        """The actors the pattern's own TGT/SRC slots name."""
        tok, p = m.token, m.pattern
        for slot in p.slots:
            if slot.prep:
                toks = [o for a in anchors for o in self.preps(a, slot.prep)]
            elif slot.role == "target":
                toks = self.object_tokens(m) if p.kind == "verb" else \
                    [c for c in tok.children if c.dep_ in ("dobj", "compound", "poss")]
            else:
                toks = []
            found = [a for t in toks for a in self.actors_at(t)]
            if found and slot.role == "target":
                r.direct_target = True
            if not found and slot.role == "target" and toks and not is_reciprocal_pronoun(toks[0]):
                found = self.actor_inside(toks[0], r.sources)
                if found:
                    r.notes.append(f"target: inside the phrase of '{toks[0].text}'")
            if slot.role == "target":
                r.targets.extend(a for a in found if a not in r.targets)
                r.target_slots.extend(toks)
            else:
                r.sources.extend(a for a in found if a not in r.sources)

    def object_tokens(self, m: Match) -> list[Token]:
        """Where a verb's direct-object target is: its object, its passive subject, the noun
        a participle describes ("Palestinians killed by"), or the infinitive's object."""
        tok, p = m.token, m.pattern
        is_passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        deps = ("nsubjpass",) if is_passive else ("dobj", "dative", "attr")
        # the pattern's own object noun is the event, not its target ("held hostage")
        toks = [c for c in tok.children if c.dep_ in deps and c not in m.extra_tokens]
        if not toks and not is_passive:
            toks = shifted_objects(tok)
        if not toks and tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
            toks = [tok.head]  # "Palestinians killed by Israeli troops"
        if not toks and tok.dep_ == "relcl" and is_passive:
            toks = [tok.head]
        if not toks and p.xcomp not in (None, "*"):
            # "tried to kill X": the object of the infinitive
            inf = self.xcomp_of(tok, p.xcomp)
            toks = [c for c in inf.children if c.dep_ in ("dobj", "dative")] if inf else []
        return toks

    def source_of(self, m: Match, light: Token | None, ctx: SentenceContext, r: Roles) -> None:
        """The source when no slot named it: the subject, an agent noun's own actor, a noun's
        owner, the subject of its light verb, or the participants of the clause around it."""
        tok, p = m.token, m.pattern
        if "src=trigger" in p.flags:
            # agent nouns name their actor: "Iraqi kidnappers of seven employees"
            r.sources = self.actors_at(tok)
            return
        if m.verb_as_noun:
            owner = self.owner_of(tok, r.targets)
            r.sources = [owner] if owner is not None else []
            return
        if p.kind in ("verb", "adj"):
            subj, passive = self.subject_of(tok)
            r.source_slot = subj
            r.sources = self.subject_actors(subj, ctx, r)
            if not r.sources and p.kind == "adj" and "src=speaker" in p.flags and subj is not None:
                # "the sanctions imposed by Washington were unlawful" (said by someone): whose
                # the thing judged is
                owner = self.owner_of(subj)
                r.sources = [owner] if owner is not None else []
            # "the allegations are refuted (by video frames)": a verbal act with no actor named
            r.speaker_ok = (passive and not r.sources and m.code[:2] in VERBAL_ROOTS
                            and any(c.dep_ == "auxpass" for c in tok.children))
            return
        owner = self.owner_of(tok, r.targets)
        if owner is None:
            # "the militants' attack", "an attack by rebels": where an owner would stand
            r.source_slot = next((c for c in tok.children if c.dep_ == "poss"), None) or next(
                iter(self.preps(tok, "by")), None)
        if owner is not None:
            r.sources = [owner]
        elif light is not None:
            subj, passive = self.subject_of(light)
            r.source_slot = subj
            r.sources = self.subject_actors(subj, ctx, r)
            r.speaker_ok = passive and subj is None and m.code[:2] in VERBAL_ROOTS
            if r.sources:
                r.notes.append(f"source: subject of '{light.text}'")
        if not r.sources and tok.dep_ == "pobj":
            self.responsible_party(tok, ctx, r)
        if not r.sources and tok.dep_ == "pobj" and m.code[:2] in SYMMETRIC_ROOTS:
            # "during a meeting in Geneva": the participants of the governing clause
            gov = tok.head.head
            if gov.pos_ in ("VERB", "AUX"):
                subj, passive = self.subject_of(gov)
                r.sources = self.subject_actors(subj, ctx, r)
                # "(the plan) which was presented to X during a meeting": the speaker was there
                r.speaker_ok = passive and subj is None
                if not r.targets:
                    r.targets = [x for pr in ("to", "with") for o in self.preps(gov, pr) for x in self.actors_at(o)]
                if r.sources:
                    r.notes.append(f"participants: clause of '{gov.text}'")

    def responsible_party(self, noun: Token, ctx: SentenceContext, r: Roles) -> None:
        """"Militants were behind the bombing", "X was responsible for the blast", "the group
        admitted responsibility for the attack": the subject of the clause that says who did
        the noun event is its source (lexicon list ``responsibility``). Only where the text
        itself says so: not in a negated, denying or claiming clause ("denied responsibility",
        "claimed responsibility": those are the 016 and 015 statements), nor in a reported
        one ("police suspect that", "Ukraine says Russia was behind")."""
        prep = noun.head
        if prep.lower_ == "behind" and prep.lower_ in self.responsibility:
            verb = prep.head  # "were behind"
        elif prep.lower_ == "for":
            word = prep.head
            if word.pos_ in ("VERB", "AUX"):  # the parser may hang "for" on "claimed"
                word = next((c for c in word.children if c.dep_ == "dobj"), word)
            if word.lemma_.lower() not in self.responsibility:
                return
            verb = word.head if word.dep_ in ("acomp", "dobj", "attr", "amod") else word
        else:
            return
        clause = verb
        while clause.dep_ in ("conj", "xcomp") and clause.head is not clause:
            clause = clause.head
        if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in verb.children) or clause.dep_ != "ROOT":
            return  # a reported attribution ("Ukraine says Russia was behind") is an allegation
        if self.is_in(verb, self.hearsay | self.frame_words["allege"]):
            # "Hamas claimed (denied) responsibility for the bombing": the claim is the event
            # (015, 016), not a bombing whose actors the claim would give
            r.told_by = verb
            return
        subj, _ = self.subject_of(verb)
        found = self.subject_actors(subj, ctx, r)
        if found:
            r.sources, r.source_slot = found, subj
            r.notes.append(f"source: '{subj.text}' {verb.text} '{prep.text} {noun.text}'")

    def fallback_target(self, m: Match, r: Roles) -> None:
        """Targets the pattern's slots did not name but the phrase around it does."""
        tok, p = m.token, m.pattern
        # "ratified an agreement with the EU", "imposed new sanctions on Iran"; for a protest
        # also the grievance its pattern names ("protested against obj:policy"), whose owner
        # is protested against (other roots' prepositional nouns are not the target's:
        # "called for an end to the war")
        nouns = [t for t in m.extra_tokens if t.pos_ in ("NOUN", "PROPN")]
        if m.code[:2] == "14":
            nouns += [o for prep, noun, _ in p.required_preps if noun
                      for a in (tok, *m.extra_tokens) for o in self.preps(a, prep) if _is(o, noun) and o not in nouns]
        for noun in nouns:
            found = [a for pr in OBJECT_TARGET_PREPS for o in self.preps(noun, pr) for a in self.actors_at(o)
                     if a not in r.sources]
            if not found and len(r.sources) >= 2 and m.code[:2] in SYMMETRIC_ROOTS:
                break  # "India and Pakistan signed a UN-backed treaty": the parties are each other's
            if not found and m.code[:2] in ("05", "08", "11", "12", "14", "16"):
                # "rejected the EU's proposal", "praised Japan's decision", "protested against
                # the government's policies": whose the object is
                owner = self.owner_of(noun, r.sources)
                found = [owner] if owner is not None and owner not in r.sources else []
                if not found:
                    # an owner the article could not ground ("the government's"): the
                    # event's own context may (grounded_role)
                    r.target_slots += [c for c in noun.children if c.dep_ == "poss" and c.i in self.role_by_token]
            if found:
                r.targets = found[:1]
                r.notes.append(f"target: '{noun.text}' {found[0].text!r}")
                return
        # "four children were killed in Israeli shelling": the victims of the clause
        if p.kind == "noun" and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during", "by", "from") \
                and m.code[:2] in VIOLENT_ROOTS:
            verb = tok.head.head
            victims = [c for c in verb.children if c.dep_ == "nsubjpass"]
            found = [a for v in victims for a in (self.actors_at(v) or self.actor_inside(v, r.sources))
                     if a not in r.sources]
            if found:
                r.targets = found[:1]
                r.notes.append(f"target: the victims of '{verb.text}'")
                return
        # "staged a protest in Beijing": protests are aimed at the authorities where they happen;
        # "held exercises near the border with X": a show of force is aimed where it is made
        if m.code[:2] in ("14", "15"):
            where = ("in", "outside", "at") if m.code[:2] == "14" else ("in", "near", "off", "along", "into", "toward", "towards")
            places = [o for a in (tok, tok.head, *m.extra_tokens) for pr in where for o in self.preps(a, pr)]
            found = [a for o in places for a in self.actors_at(o) if a.actor.country and a not in r.sources]
            if found:
                r.targets = found[:1]
                r.notes.append(f"target: where it happens ('{found[0].text}')")

    def resolve(self, m: Match, ctx: SentenceContext) -> list[FoundEvent]:
        tok, p = m.token, m.pattern
        if m.code[:2] in VIOLENT_ROOTS:
            if self.natural_cause(m):
                return []  # "the storm killed 10 people": no one's act
            self.weapon_code(m)
        r = self.roles(m, ctx)
        if r.told_by is not None and not r.sources:
            return []  # the content of a claim of responsibility (responsible_party)
        notes = list(m.notes) + r.notes
        conf = m.confidence - r.penalty
        sources, targets, reciprocal = r.sources, r.targets, r.reciprocal
        if m.demanded_by is not None:
            # the speaker of "X said Libya must ..." demands; who must act is the target
            speaker, _ = self.subject_of(m.demanded_by)
            demanders = self.subject_actors(speaker, ctx, r)
            if demanders:
                sources, targets = demanders, [a for a in sources if a not in demanders][:1]
                notes.append(f"source: who said '{m.demanded_by.text}'")
            else:
                return []
        if m.frame == "allege" and m.inner is not None:
            # "claimed that ISIL had attacked Iraq" accuses ISIL (112); "claimed that they
            # had attacked Iraq" claims the attack for the speaker (015)
            inner = self.roles(m.inner, ctx)
            own = {a.actor.country or a.actor.code for a in sources}
            if inner.sources and all((a.actor.country or a.actor.code) in own for a in inner.sources):
                m.code, targets = "015", [a for a in inner.targets if a not in sources][:1]
                notes.append(f"claims its own '{m.inner.token.text}': 015")
            else:
                targets = [a for a in inner.sources if a not in sources][:1]
                notes.append(f"alleges '{m.inner.token.text}' by another: accusation")
        elif m.inner is not None and not targets:
            # "vowed to attack Israel" -> Israel; "demanded that Israel withdraw" -> Israel
            inner = self.roles(m.inner, ctx)
            lent = inner.sources if m.frame in ("appeal", "demand") else inner.targets
            lent = [a for a in lent if a not in sources] or [a for a in inner.targets if a not in sources]
            if lent:
                targets = lent[:1]
                notes.append(f"target: from the governed '{m.inner.token.text}'")
        elif m.inner is None and not targets and self.frame_of(m) in ("threaten", "intent"):
            # "threatened to deliver blows to the US": the governed verb codes no event of its
            # own, but whom it is done to is whom the threat or the promise is aimed at
            governed = self.xcomp_of(tok, "*")
            lent = self.acted_on(governed, sources) if governed is not None and governed.pos_ == "VERB" else []
            if lent:
                targets = lent[:1]
                notes.append(f"target: whom the governed '{governed.text}' is done to")
        # the speaker stands in only where the text leaves the agent out on purpose:
        # agentless passives ("allegations are refuted") and speaker-asserted nouns
        if "src=speaker" in p.flags or (not sources and r.speaker_ok):
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
            grounded = self.grounded_role(r.source_slot, m, targets, "source")
            if grounded is not None:
                sources = [grounded]
                notes.append(f"source: role '{grounded.text}' grounded by {grounded.how.split('+', 1)[1]}")
                conf -= ROLE_PENALTY
        if not sources and m.code[:2] in VIOLENT_ROOTS:
            # "a car bomb exploded in Baghdad": attacks by no one named are coded to unnamed
            # attackers (agent UAF) of the country where they struck, and say so
            attacker = self.unnamed_attacker(m)
            if attacker is not None:
                sources = [attacker]
                notes.append(f"source: unnamed attackers where it happened ({attacker.how})")
                conf = min(conf, 0.45)
                if not targets:
                    targets = self.victims(m)
        if not sources and p.implied_agent:
            state = self.implied_state(m, targets)
            if state is not None:
                sources = [state]
                notes.append(f"source: the state, as no one is named for '{tok.text}' ({state.how})")
                conf = min(conf, 0.5)
        if not sources:
            return self.agentless_reading(m, ctx)
        if not targets:
            grounded = next((g for t in r.target_slots for g in [self.grounded_role(t, m, sources, "target")]
                             if g is not None), None)
            if grounded is not None:
                targets = [grounded]
                notes.append(f"target: role '{grounded.text}' grounded by {grounded.how.split('+', 1)[1]}")
                conf -= ROLE_PENALTY
        if not targets:
            person = next((g for t in r.target_slots for g in [self.grounded_person(t, m, sources)]
                           if g is not None), None)
            if person is not None:
                targets = [person]
                notes.append(f"target: '{person.text}', a person no table knows, "
                             f"taken as of {person.actor.country} by {person.how.split('+', 1)[1]}")
                conf -= ROLE_PENALTY
        if "obj=actor" in p.flags and not targets and any(
                c.dep_ == "dobj" and c.i not in self.by_token and c.i not in self.role_by_token
                for c in tok.children):
            # "meet interest repayments", "consult the documents": an object naming no actor
            # (not even one left uncoded, nor a role such as "foreign defence chiefs") is the
            # verb's other sense; a looser entry for the same words may still fit
            self.other_senses.add(tok.i)
            return self.next_reading(m, ctx)
        # "X and Y met": a symmetric event with a compound subject and no target
        pairs = None
        if not targets and len(sources) >= 2 and (m.code[:2] in SYMMETRIC_ROOTS
                                                   or ("recip" in p.flags and m.code == p.code)):
            # "X, Y and Z met": one reciprocal event per pair of participants
            pairs = [(a, b) for i, a in enumerate(sources) for b in sources[i + 1:]]
            reciprocal = True
            notes.append("participants: compound subject")
        elif r.mutual and not targets and sources:
            # "India and Pakistan accused each other": one reciprocal event per pair;
            # "rival factions clashed with one another": the one actor on itself
            pairs = [(a, b) for i, a in enumerate(sources) for b in sources[i + 1:]]
            if not pairs and not self.coordinated(sources[0]):
                pairs = [(sources[0], sources[0])]  # (a single subject of "each other" is a plural)
            if pairs:
                reciprocal = True
                notes.append("participants: 'each other'")
            else:
                return []  # "Japan and the two Koreas blamed each other": the others are not coded
        if "tgt=speaker" in p.flags and not targets and ctx.speaker is not None:
            targets = [ctx.speaker]
            notes.append("target: speaker of the sentence")
        if not targets and not any(s.role == "target" for s in p.slots):
            other = self.other_country(tok, sources)
            if other is not None:
                targets = [other]
                notes.append("target: other country named in the sentence")
                conf -= 0.15
        if not targets and not pairs and len(sources) == 1 and sources[0].actor.agent == "LAB" \
                and m.code[:2] in LABOUR_ROOTS and "tgt=required" not in p.flags:
            employer = self.employer_of(tok, sources[0])
            if employer is not None:
                # "9,000 workers walked off their jobs": a strike or wage talks are with the
                # company the story is about
                targets = [employer]
                notes.append(f"target: the employer the article names ('{employer.text}')")
                conf -= 0.15
        if not targets and not pairs and len(sources) == 1 and m.code[:2] in SYMMETRIC_ROOTS \
                and ("recip" in p.flags or m.code[:2] == "04") and self.members_of(sources[0]):
            # "EC farm ministers met on Monday", "a G7 meeting": with no one else named,
            # the organisation's members among themselves
            pairs = [(sources[0], sources[0])]
            reciprocal = True
            notes.append(f"participants: members of {sources[0].actor.code}")
        if not targets and not pairs and "tgt=required" not in p.flags:
            home = self.home_target(m, sources, r)
            if home is not None:
                targets = [home]
                notes.append(f"target: at home, no one else named ({home.how})")
                conf -= 0.1
        if ("tgt=required" in p.flags and not targets and not pairs) or ("tgt=object" in p.flags and not r.direct_target):
            # "hit a record", "struck a deal": only a named victim makes it violence; a
            # looser entry for the same words may still fit ("demanded that ...")
            return self.next_reading(m, ctx)
        if "recip" in p.flags and targets and m.code[:2] in SYMMETRIC_ROOTS:
            reciprocal = True  # (not once a frame made it a refusal or a threat)
        events = []
        span = self.trigger_span(tok, m.extra_tokens)
        for s, t in pairs or [(s, t) for s in sources for t in targets or [None]]:
            if t is not None and t.actor.code == s.actor.code and t.span == s.span and not (pairs and t is s):
                continue  # (a pair of one actor with itself was made on purpose above)
            events.append(FoundEvent(ctx.index, m.code, tok, span, p, s, t, reciprocal,
                                     max(0.05, min(conf, 1.0)), notes))
        return events

    def acted_on(self, verb: Token, sources: list[ActorMention]) -> list[ActorMention]:
        """The actors a verb's object or prepositional phrases name, or name inside them
        ("deliver blows to the United States", "cut off power to the Azerbaijani republic")."""
        phrases = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        phrases += [o for pr in OBJECT_TARGET_PREPS + ("in", "at") for o in self.preps(verb, pr)]
        for o in phrases:
            found = [a for a in self.actors_at(o) or self.actor_inside(o, sources) if a not in sources]
            if found:
                return found
        return []

    def home_target(self, m: Match, sources: list[ActorMention], r: Roles) -> ActorMention | None:
        """With no one else named, a protest is aimed at the authorities, and a state's
        coercion at the people, of the country where it happens (the event's place), else of
        the actors' own ("thousands rallied in Lagos", "police arrested 15 people"); an
        attack by unnamed attackers with no victims named struck the country it was in.
        Not when the sentence names someone of another country (a protest in Ottawa over
        Ukraine's election may be aimed at Ukraine), nor when the target's words name
        someone the actors stage could not code ("remanded Tayseer Alouni", "militants")."""
        countries = {s.actor.country for s in sources}
        if len(countries) != 1 or None in countries or any(s.actor.kind != "country" for s in sources):
            return None  # organisations have no home; parties of two countries, no one home
        root = m.code[:2]
        agent = HOME_TARGETS.get(root)
        if root == "17" and (m.code in NOT_HOME_CODES or any(s.actor.agent not in STATE_AGENTS for s in sources)):
            return None
        if any(s.actor.agent == "LAB" for s in sources):
            return None  # a strike is aimed at an employer (employer_of), unknown if not named
        if agent is None and not (root in VIOLENT_ROOTS and sources[0].actor.agent == "UAF"):
            return None
        if any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.i in self.role_by_token or t.i in self.by_token
               or (t.pos_ == "PROPN" and t.ent_type_ != "DATE") for t in r.target_slots):
            return None
        place = self.place_mention(m)
        iso, how = (place.actor.country, f"place '{place.text}'") if place is not None else (
            next(iter(countries)), "the actors' own country")
        sent = m.token.sent
        if any(a.actor.country not in (None, iso) and a.actor.country not in countries
               for i in range(sent.start, sent.end) for a in [self.by_token.get(i)] if a is not None):
            return None
        return self.implied_actor(m.token, Actor(code=iso + (agent or ""), country=iso, agent=agent, name=None, kind="country"), how)

    def agentless_reading(self, m: Match, ctx: SentenceContext) -> list[FoundEvent]:
        """"Two soldiers were charged with murder": an agentless passive that found no doer
        under one entry ("charge TGT with", an accusation) may under another entry for the
        same words that names the state as the doer ("charge TGT with", by=JUD)."""
        if m.pattern.implied_agent or m.code != m.pattern.code:
            return []
        implied = [(p, e) for p, e in m.alternatives if p.implied_agent]
        return self.reread(m, implied, "doer", ctx)

    def next_reading(self, m: Match, ctx: SentenceContext) -> list[FoundEvent]:
        # only another reading of the same kind of event: "struck a deal" is not a labour strike
        same = [(p, e) for p, e in m.alternatives if p.code[:2] == m.pattern.code[:2]]
        if m.code != m.pattern.code:
            return []
        return self.reread(m, same, "target", ctx)

    def reread(self, m: Match, readings: list, missing: str, ctx: SentenceContext) -> list[FoundEvent]:
        """The same words under the first of ``readings`` (alternative entries, with their
        extra tokens), the rest kept as its own alternatives; noted."""
        if not readings:
            return []
        (p, extra), rest = readings[0], readings[1:]
        alt = Match(m.token, p, p.code, extra, notes=list(m.notes), confidence=p.confidence,
                    verb_as_noun=m.verb_as_noun, alternatives=rest)
        alt.notes.append(f"'{m.pattern.text}' found no {missing}; read as '{p.text}'")
        return self.resolve(alt, ctx)

    def grounded_role(self, slot: Token | None, m: Match, others: list[ActorMention],
                      side: str) -> ActorMention | None:
        """A role phrase the article could not ground ("militants", "the court"), standing in
        an event's slot, given a country by the event's own context, surest first:

        * the event's place ("attacked a convoy in Iraq"): where it happened;
        * for the target of violence, the one country the sentence's places lie in, apart
          from the attacker's ("US jets bombed Fallujah, killing 10 people");
        * for any other target, the other party's country: who is arrested, sentenced or
          received is mostly of the acting country ("the court sentenced 15 militants");
        * for a target, the country the article names most, if one leads ("militants" in
          a story about Iraq), then the other party's;
        * for a source, the other party's country.

        The rule is recorded in ``how``; the event's confidence is lowered by the caller.
        """
        if slot is None:
            return None
        role = next((self.role_by_token[t.i] for t in (slot, *slot.conjuncts) if t.i in self.role_by_token), None)
        if role is None:
            return None
        other = next((a.actor.country for a in others if a.actor.country), None)
        iso, how = self.event_place(m), "the event's place"
        if iso is None and side == "target" and m.code[:2] in VIOLENT_ROOTS:
            # "US jets bombed Fallujah, killing 10 people": victims are of the place struck,
            # not of the attacker's country
            iso, how = self.sentence_place(m), "a place in the sentence"
        if iso is None and side == "target" and other and m.code[:2] not in VIOLENT_ROOTS:
            iso, how = other, "the other party"
        # rebels, gunmen and crowds are mostly of the country the story is about, not of
        # the party they act on ("militants ambushed U.S. troops" in a story about Iraq)
        if iso is None and self.countries and (side == "target" or role.actor.agent in HOME_AGENTS):
            ranked = self.countries.most_common(2)
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                iso, how = ranked[0][0], "the article's main country"
        if iso is None and other:
            iso, how = other, "the other party"
        if iso is None:
            return None
        agent = role.actor.agent
        actor = Actor(code=iso + (agent or ""), country=iso, agent=agent, name=None, kind="country")
        return ActorMention(text=role.text, span=role.span, actor=actor, sentence=role.sentence,
                            how=f"role+{how}", head=role.head)

    def grounded_person(self, slot: Token | None, m: Match, sources: list[ActorMention]) -> ActorMention | None:
        """A person no table knows, as an event's target ("Macaulay Culkin was arrested in
        Oklahoma City", "Nigerian police arrested Emeka Okafor in Lagos"), taken for someone
        of the country where it happened, else, for an act that is no violence and no
        expulsion, of the acting party's country: who is arrested, tried, received or
        praised is mostly of the country acting. The person's title gives the agent, else
        a private person (CVL). Only the parser's PERSON entities, and not in a headline
        written in capitals (there a capitalised phrase is no sign of a name)."""
        if slot is None:
            return None
        person = next((p for t in (slot, *slot.conjuncts) for p in [self.by_token.get(t.i)]
                       if p is not None and p.actor.code is None and p.actor.kind == "person"
                       and t.ent_type_ == "PERSON"), None)
        if person is None or title_case(m.token.sent):
            return None  # "France Opposes Immigrant Transit Camps": headline capitals, not a name
        iso, how = self.event_place(m), "the event's place"
        if iso is None and m.code[:2] in VIOLENT_ROOTS:
            iso, how = self.sentence_place(m), "a place in the sentence"
        own = {a.actor.country for a in sources}
        if (iso is None and m.code[:2] not in VIOLENT_ROOTS and m.code not in NOT_HOME_CODES
                and len(own) == 1 and None not in own):  # (whom a state expels is mostly a foreigner)
            iso, how = next(iter(own)), "the other party"
        if iso is None:
            return None
        agent = person.actor.agent or "CVL"
        actor = Actor(code=iso + agent, country=iso, agent=agent, name=person.actor.name, kind="person")
        return ActorMention(text=person.text, span=person.span, actor=actor, sentence=person.sentence,
                            how=f"person+{how}", head=person.head)

    def sentence_place(self, m: Match) -> str | None:
        """The one country that the places named in the event's clause lie in ("bombed the
        rebel-held city of Fallujah, killing", "in Baghdad"); none if they lie in several."""
        found = set()
        clause = m.token  # the clause the event is told in, not the reporting one around it
        while clause.dep_ in CLAUSE_LINKS and clause.head is not clause:
            clause = clause.head
        for t in clause.subtree:
            named = (t.dep_ == "dobj" and t.head.i in (clause.i, m.token.i)  # "shelled Juba"
                     or t.dep_ == "pobj" and t.head.lower_ in SENTENCE_PLACE_PREPS)
            place = self.by_token.get(t.i) if named else None
            if place is not None and place.how in ("gpe table", "gazetteer") and not place.actor.agent:
                found.add(place.actor.country)
        return found.pop() if len(found) == 1 else None

    def event_place(self, m: Match) -> str | None:
        """The country of a place in the event's own phrase or clause ("exploded in Baghdad",
        "an attack near Kandahar")."""
        place = self.place_mention(m)
        return place.actor.country if place is not None else None

    def place_mention(self, m: Match) -> ActorMention | None:
        tok = m.token
        holders = [tok, *m.extra_tokens]
        gov = self.governing_verb(tok) if m.pattern.kind == "noun" else None
        if gov is not None:
            holders.append(gov)
        if m.pattern.kind == "verb":
            # "killed 10 people in Baghdad": the parser may hang the place on the victims;
            # "a roadside bomb near Kandahar killed", "killed by a bomb outside Basra": on
            # the weapon that names no actor
            holders += [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")
                        or (c.dep_ == "nsubj" and c.i not in self.by_token)]
            holders += [o for o in self.preps(tok, "by") if o.i not in self.by_token]
        for h in holders:
            for o in self.place_objects(h):
                place = self.place_at(o)
                if place is None:
                    # "in a car bomb explosion in Beirut": one phrase further down
                    place = next((p for o2 in self.place_objects(o) for p in [self.place_at(o2)] if p), None)
                if place is not None:
                    return place
        return None

    def place_objects(self, tok: Token) -> list[Token]:
        """Objects of the prepositions of place hanging from ``tok``, less boundaries
        ("near the Cameroon border" is not in Cameroon)."""
        return [o for pr in ("in", "at", "near", "outside", "on") for o in self.preps(tok, pr)
                if not self.is_in(o, self.boundary_words)]

    def place_at(self, o: Token) -> ActorMention | None:
        """The country place a phrase names: itself ("in Baghdad"), or for a part of a place
        (lexicon list ``place_nouns``) the place it belongs to ("the city of Kandahar",
        "the Afghan capital", "a district of Beirut")."""
        found = list(self.actors_at(o))
        if self.is_in(o, self.place_nouns):
            found += [a for of in self.preps(o, "of") for a in self.actors_at(of)]
            found += [self.by_token[c.i] for c in o.children if c.dep_ in ("amod", "compound") and c.i in self.by_token]
        return next((a for a in found if a.actor.country and a.actor.kind == "country" and a.actor.agent is None), None)

    def natural_cause(self, m: Match) -> bool:
        """Whether a violent verb's doer is a storm, a quake, a disease or an accident
        (lexicon list ``natural_causes``): its subject or agent ("the typhoon killed",
        "were killed by floods", "the latest disaster to strike"), or, for a passive, what
        they died in ("were killed in an earthquake")."""
        verb = m.token
        if m.pattern.kind != "verb":
            return False
        subj, passive = self.subject_of(verb)  # "the latest disaster to strike": through the clause
        causes = [subj] if subj is not None else []
        causes += [o for pr in (("by", "in") if passive else ("by",)) for o in self.preps(verb, pr)]
        return any(self.is_in(w, self.natural_causes) for c in causes
                   for w in (c, *(k for k in c.children if k.dep_ == "compound")))

    def weapon_code(self, m: Match) -> None:
        """"A car bomb killed 10 people", "a suicide bomber wounded three": a violent verb
        whose subject is a bomb is that bombing, coded as the lexicon's bombing nouns
        (root 18) code the subject with its modifiers ("car bomb" 1832, "bomb" 183)."""
        if m.pattern.kind != "verb":
            return
        subj = next((c for c in m.token.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return
        words = {w for c in subj.children if c.dep_ in ("compound", "amod") for w in (c.lower_, c.lemma_.lower())}
        fitting = [p for p in self.lexicon.candidates("noun", subj.lemma_.lower())
                   if p.code.startswith("18") and set(p.word_modifiers) <= words]
        if fitting:
            best = max(fitting, key=lambda p: len(p.word_modifiers))  # the first of the most specific
            if best.code != m.code:
                m.notes.append(f"code: the weapon '{subj.text}' makes it {best.code}")
                m.code = best.code

    def unnamed_attacker(self, m: Match) -> ActorMention | None:
        """Unnamed attackers of the country where a violent event happened: a place in the
        event's own phrase or clause ("exploded in Baghdad", "an attack near Kandahar",
        "killed 10 people in Baghdad")."""
        if self.names_a_doer(m):
            return None
        place = self.place_mention(m)
        if place is None:
            return None
        tok = m.token
        actor = Actor(code=place.actor.country + "UAF", country=place.actor.country, agent="UAF",
                      name=None, kind="country")
        return self.implied_actor(tok, actor, f"place '{place.text}'")

    def names_a_doer(self, m: Match) -> bool:
        """Does the clause name a doer the actor stage could not resolve ("they launched an
        offensive", "militants beheaded", "a spokesman threatened air raids"), or is the
        trigger an infinitive, whose doer is who it hangs on ("pressure on Bush to confront")?
        A noun's doer is the subject of the light, support or frame verb that acts on it
        ("launched an offensive"), not of any verb ("escaped a roadside bombing"); a weapon
        as the subject ("a roadside bomb killed") names no one."""
        tok = m.token
        if m.pattern.kind == "verb":
            if tok.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                return True
            verb = tok
        else:
            # a noun the verb acts on ("threatened a resumption of air raids"), not one
            # in a phrase of time or place ("said after the assassination in Damascus")
            verb = tok
            while verb.dep_ == "dobj" or (verb.dep_ == "conj" and verb.head.pos_ in ("NOUN", "PROPN")) \
                    or (verb.dep_ == "pobj" and verb.head.lower_ == "of"):
                verb = verb.head.head if verb.dep_ == "pobj" else verb.head
            if verb is tok or verb.pos_ not in ("VERB", "AUX"):
                return False
            if not (self.is_in(verb, self.light_verbs) or self.is_in(verb, self.support_verbs)
                    or any(self.is_in(verb, words) for words in self.frame_words.values())):
                return False  # "escaped a roadside bombing", "condemned the attack": not the subject's act
        doer, _ = self.subject_of(verb)
        if doer is None or doer.i == tok.i or doer.i in self.dateline:
            return False
        return (doer.pos_ == "PRON" or doer.i in self.by_token or doer.i in self.role_by_token
                or doer.ent_type_ in ("PERSON", "ORG", "NORP"))

    def implied_actor(self, tok: Token, actor: Actor, how: str) -> ActorMention:
        """An actor the text leaves out, given the trigger's span as its evidence."""
        span = (tok.idx + self.offset, tok.idx + len(tok.text) + self.offset)
        return ActorMention(text=tok.text, span=span, actor=actor, sentence=-1, how=how, head=tok.i)

    def implied_state(self, m: Match, targets: list[ActorMention]) -> ActorMention | None:
        """The state that arrests, sentences or executes when a passive names no one ("was
        arrested in Madrid", "has been executed"): the pattern's agent (``by=COP``) of the
        country where it happened, else of the one country the article names once the
        targets' own mentions are left out (a Briton sentenced abroad does not make the
        court British). Only people are arrested so: the passive's subject must be an
        actor or a person's name ("growth must be arrested" is not an arrest). An active
        verb with no subject names no one either way."""
        tok = m.token
        if m.pattern.kind != "verb" or tok.dep_ == "amod":
            return None  # "convicted murderers" names people, not an act
        subj, passive = self.subject_of(tok)
        if subj is not None or not passive:
            return None
        if not targets and not any(c.dep_ == "nsubjpass" and c.ent_type_ == "PERSON" for c in tok.children):
            return None
        place = self.place_mention(m)
        if place is not None:
            iso, how = place.actor.country, f"place '{place.text}'"
        else:
            named = self.countries - Counter(t.actor.country for t in targets if t.actor.country)
            if len(named) != 1:
                return None  # two states could have done it ("Israel freed a Hamas member who was jailed")
            iso, how = next(iter(named)), "the one country the article names"
        if any(t.actor.agent in SERVING_AGENTS and t.actor.country != iso for t in targets):
            return None  # a British soldier charged in Iraq answers to his own state, most likely
        agent = m.pattern.implied_agent
        return self.implied_actor(tok, Actor(code=iso + agent, country=iso, agent=agent, name=None, kind="country"), how)

    def victims(self, m: Match) -> list[ActorMention]:
        """Who a sourceless violent event hit: the noun a participle describes, the passive
        subject, or the object of the clause it starts ("a car bomb exploded, killing five
        Iraqi policemen")."""
        tok = m.token
        if m.pattern.kind == "verb" and tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
            # "two French journalists held hostage in Iraq", "a reporter abducted in Gaza"
            found = self.actors_at(tok.head) or self.actor_inside(tok.head, [])
            if found:
                return found[:1]
        verb = tok if m.pattern.kind == "verb" else (tok.head if tok.dep_ in ("nsubj", "nsubjpass") else None)
        if verb is None:
            return []
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                found = self.actors_at(c) or self.actor_inside(c, [])
                if found:
                    return found[:1]
        for c in verb.children:
            if c.dep_ in ("advcl", "conj", "xcomp") and c.pos_ == "VERB":
                for o in c.children:
                    if o.dep_ == "dobj":
                        found = self.actors_at(o) or self.actor_inside(o, [])
                        if found:
                            return found[:1]
        return []

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
            if m.how == "gazetteer":
                continue  # a city or region named in passing is where, not whom ("talks in Geneva")
            dist = abs(start - tok.idx)
            if best_dist is None or dist < best_dist:
                best, best_dist = m, dist
        return best

    def trigger_span(self, tok: Token, extra: list[Token]) -> tuple[int, int]:
        toks = [tok, *[e for e in extra if e.pos_ != "ADP"]]
        return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)

    # -- sentence ---------------------------------------------------------------
    def sentence_matches(self, sent: Span, fallback: bool = False) -> dict[int, Match]:
        matches: dict[int, Match] = {}
        used: set[int] = set()
        tokens = list(sent)
        words = self._sentence_words.get(sent.start)
        if words is None:
            words = self._sentence_words[sent.start] = frozenset(
                w for t in tokens for w in (t.lower_, t.lemma_.lower()))
        for tok in tokens:
            if tok.i in used:
                continue
            m = self.match_token(tok, fallback, words)
            if m is not None:
                matches[tok.i] = m
                used.update(e.i for e in m.extra_tokens)
        for i in used:  # an object noun of a light-verb pattern is not its own event
            if i in matches and matches[i].token.i != i:
                continue
            matches.pop(i, None)
        return matches

    def sentence_events(self, sent: Span, ctx: SentenceContext) -> list[FoundEvent]:
        matches = self.sentence_matches(sent)
        self.apply_frames(matches)
        self.merge_manner(matches)
        for m in matches.values():
            if m.dropped is None:
                self.suppress(m)
        found: list[FoundEvent] = []
        for m in sorted(matches.values(), key=lambda m: m.token.i):
            if m.dropped is None:
                found.extend(self.resolve(m, ctx))
        subj, _ = self.subject_of(sent.root) if sent.root.pos_ in ("VERB", "AUX") else (None, False)
        if subj is not None and subj.lower_ not in THIRD_PERSON:
            self.previous_subjects = self.actors_at(subj)
        if not found and self.statements:
            # a generic statement only where nothing more specific was said
            for m in sorted(self.sentence_matches(sent, fallback=True).values(), key=lambda m: m.token.i):
                self.suppress(m)
                if m.dropped is None:
                    found.extend(self.resolve(m, ctx))
        return dedupe(merge_subject_events(found))


def merge_subject_events(found: list[FoundEvent]) -> list[FoundEvent]:
    """"A suicide bombing killed 30 people": a violent noun that is the subject of a violent
    verb is the verb's event, which names the victims; where the verb found no attacker
    ("the attack by Taliban fighters killed"), the noun's event, which names them, stays."""
    violent = [f for f in found if f.code[:2] in VIOLENT_ROOTS]
    verbs = {f.trigger.i: f for f in violent if f.pattern.kind == "verb" and f.source is not None}
    told = set()
    for noun in violent:
        verb = verbs.get(noun.trigger.head.i)
        if noun.pattern.kind != "noun" or noun.trigger.dep_ != "nsubj" or verb is None:
            continue
        told.add(noun.trigger.i)
        if verb.code == verb.code[:2] + "0" and noun.code[:2] == verb.code[:2] and noun.code != verb.code:
            # "air strikes killed": the noun says how (195), the verb only that it was violent
            verb.notes.append(f"manner '{noun.trigger.text}': {noun.code}")
            verb.code = noun.code
    return [f for f in found if f.trigger.i not in told]


def shifted_objects(verb: Token) -> list[Token]:
    """The object moved behind a judgement, "condemned as unfair a new UN resolution",
    "denounced as illegal the decision": the parser hangs it on the adjective or on "as"."""
    out = []
    for c in verb.children:
        if c.pos_ == "ADJ" and c.dep_ in ("advcl", "acomp", "oprd", "ccomp") \
                and any(a.lower_ == "as" for a in c.children if a.i < c.i):
            out += [o for o in c.children if o.dep_ == "dobj" and o.i > c.i]
        elif c.dep_ == "prep" and c.lower_ == "as" and c.i + 2 < len(c.doc):
            judgement, after = c.doc[c.i + 1], c.doc[c.i + 2]  # "as unjust the sanctions", "as unfair a resolution"
            if judgement.pos_ == "ADJ" and (judgement.head.i == c.i or after.pos_ == "DET"):
                out += [o for o in c.children if o.dep_ == "pobj"]
    return out


def presupposed(noun: Token) -> bool:
    """An event noun that a phrase takes as having happened, whatever its clause says:
    "despite / after / amid the attack", "a statement on the attack", "anger over the
    raid" (not "any attack", nor "the threat of an attack")."""
    if noun.dep_ != "pobj" or any(c.dep_ == "det" and c.lower_ in HYPOTHETICAL_DETS for c in noun.children):
        return False
    prep = noun.head
    if prep.lower_ in PRESUPPOSING_PREPS:
        return True
    return prep.lower_ in NOUN_TOPIC_PREPS and prep.head.pos_ in ("NOUN", "PROPN")


def has_object_predicate(verb: Token) -> bool:
    """"called him a liar", "called Arafat a terrorist": the verb says what its object is.
    The parser marks it ``oprd``, or, after a name, as an apposition with no comma before it."""
    for c in verb.children:
        if c.dep_ == "oprd":
            return True
        if c.dep_ == "dobj":
            for a in c.children:
                if a.dep_ == "appos" and a.i > c.i and not a.doc[a.left_edge.i - 1].is_punct:
                    return True
    return False


def title_case(sent: Span) -> bool:
    """A headline written in capitals or title case ("Three Said Killed in Afghanistan
    Protests"): most of its words start with a capital, so capitals name no one."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words)


# Suffixes to strip from a word the lemmatizer left alone (headline capitals): (suffix, replacement)
INFLECTIONS = (("ies", "y"), ("ied", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ed", ""), ("ed", "e"),
               ("d", ""), ("ing", ""), ("ing", "e"))
@functools.lru_cache(maxsize=1 << 16)  # asked for every word of every sentence, several times
def word_guesses(word: str) -> tuple[str, ...]:
    """The word and its forms without an inflection: "staged" -> stag, stage."""
    return (word, *(g for suf, rep in INFLECTIONS if word.endswith(suf)
                    for g in [word[:-len(suf)] + rep] if len(g) > 2))


MODIFIER_DEPS = frozenset({"amod", "advmod", "compound", "acomp", "npadvmod", "oprd", "nmod", "nummod"})


def _is(tok: Token, word: str) -> bool:
    return tok.lemma_.lower() == word or tok.lower_ == word


def modifier_words(tok: Token) -> set[str]:
    """Lemmas and forms of the words that modify ``tok`` ("air" in "air strikes")."""
    out = set()
    for c in tok.children:
        if c.dep_ in MODIFIER_DEPS:
            out.add(c.lemma_.lower())
            out.add(c.lower_)
    return out


def has_modifiers(tok: Token, words) -> bool:
    return all(w in modifier_words(tok) for w in words)


def at_home(source: ActorMention, target: ActorMention) -> bool:
    """Is ``target`` only a place (or the country itself) in the source's own country?"""
    t = target.actor
    return bool(t.country) and t.country == source.actor.country and not t.agent and t.kind == "country"


def without_travel_at_home(found: list[FoundEvent], abroad_codes: frozenset[str]) -> list[FoundEvent]:
    """Events (of the lexicon or the model) less those of ``abroad_codes`` (lists/abroad.txt)
    whose target is only a place in the source's own country."""
    return [f for f in found if not (f.code in abroad_codes and f.source is not None and f.target is not None
                                     and at_home(f.source, f.target))]


def inline_datelines(doc: Doc) -> set[int]:
    """Tokens of datelines inside the text: "BAGHDAD (Reuters) -", "KATHMANDU, Nepal -",
    "AFP -" at the start of a sentence (headlines are often joined to the body)."""
    out: set[int] = set()
    for sent in doc.sents:
        toks = list(sent)[:12]
        i = 0
        while i < len(toks) and (toks[i].is_upper and any(ch.isalpha() for ch in toks[i].text)
                                 or toks[i].text in (",", ".")):
            i += 1
        if i == 0 or not any(t.is_upper and len(t.text) > 1 for t in toks[:i]):
            continue
        # an optional place after a comma ("KATHMANDU, Nepal") and an outlet in brackets
        j = i
        while j < len(toks) and toks[j].text not in DASHES and toks[j].text != "(" and j - i < 3 \
                and (toks[j].is_title or toks[j].text in (",", ".")):
            j += 1
        if j < len(toks) and toks[j].text == "(":
            close = next((k for k in range(j, len(toks)) if toks[k].text == ")"), None)
            if close is None:
                continue
            j = close + 1
        if j < len(toks) and toks[j].text in DASHES:
            out.update(t.i for t in toks[:j + 1])
    return out


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


def answer_accusers(found: list[FoundEvent]) -> None:
    """A denial that names no one ("Iran denied the charges") answers the last accusation
    or criticism made earlier in the article against the denier's country by someone of
    another ("The United States accused Iran of ..."): that accusation's source becomes the
    denial's target (set on the found events in place, with a note)."""
    def country(m: ActorMention) -> str | None:
        return m.actor.country or m.actor.code

    for i, e in enumerate(found):
        if not e.code.startswith(DENIAL_CODE) or e.target is not None or e.source is None:
            continue
        denier = country(e.source)
        accusation = next((a for a in reversed(found[:i]) if a.code[:2] == "11" and a.target is not None
                           and a.source is not None and country(a.target) == denier
                           and country(a.source) not in (None, denier)), None)
        if accusation is not None:
            e.target = accusation.source
            # (a copy: the events of one match share their list of notes)
            e.notes = [*e.notes, f"target: who accused them before (sentence {accusation.sentence}, "
                                 f"'{accusation.trigger.text}')"]
            e.confidence = max(0.05, e.confidence - 0.1)


def find_events(doc: Doc, mentions: list[ActorMention], contexts: list[SentenceContext],
                lexicon: Lexicon, *, offset: int = 0, statements: bool = False,
                roles: list[ActorMention] = (), other_senses: set[int] | None = None) -> list[FoundEvent]:
    """Every coded event in ``doc``; ``contexts`` gives each sentence's speaker.

    ``statements`` turns on generic statements (010) for sentences with nothing more specific.
    ``roles`` are the role phrases the actors stage could not ground ("militants"): one
    standing in an event's source or target slot is grounded in that event's context.
    ``other_senses``, when given, receives the token indices the lexicon read as a verb's
    non-event sense ("meet interest repayments"), so that the event model leaves them too.
    """
    finder = EventFinder(doc, mentions, lexicon, offset, statements, roles)
    out: list[FoundEvent] = []
    for sent, ctx in zip(doc.sents, contexts):
        out.extend(finder.sentence_events(sent, ctx))
    answer_accusers(out)
    if other_senses is not None:
        other_senses.update(finder.other_senses - {f.trigger.i for f in out})
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
