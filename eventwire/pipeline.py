"""The coding pipeline: the one place where the flow reads top to bottom.

    article -> admit (size limits, language: skip with reason) -> screen -> parse -> outlets -> actors -> attribution -> events -> time -> place -> Event records
                                                                                                                      -> claims -> Claim records

Engines (local pool, Spark) and faces (CLI, API) call only :class:`Coder`.
A ``Coder`` owns every loaded resource (spaCy pipeline, lexicon, tables,
gazetteer); build one per process or worker and reuse it.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from eventwire import CODER_NAME
from eventwire.knowledge.actor_memory import load_actor_memory, load_user_actors
from eventwire.knowledge.actor_tables import load_actor_tables
from eventwire.knowledge.codebook import load_codebook
from eventwire.knowledge.lexicon import load_lexicon, read_word_list
from eventwire.records import ActorMention, Article, Attribution, Claim, Event, Location, Trigger
from eventwire.stages import when, where
from eventwire.stages.actors import PersonMemory, resolve_mentions
from eventwire.stages.attribution import attribute, find_outlets, load_attribution_lexicon
from eventwire.stages.claims import find_claims, load_claim_lexicon
from eventwire.stages.counterparts import add_counterpart_targets
from eventwire.stages.events import (SCHEDULED_ROOTS, FoundEvent, SentenceContext, collapse_restatements,
                                     find_events, without_travel_at_home)
from eventwire.stages.language import LanguageDetector
from eventwire.stages.nlp import build_nlp, unwrap_names
from eventwire.stages.read import article_from_text
from eventwire.stages.references import code_referenced_agreements
from eventwire.stages.screen import SentenceScreen, build_screen

STAND_INS = Path(__file__).resolve().parent / "data" / "actors" / "stand_ins.txt"


@dataclass
class CoderConfig:
    min_confidence: float = 0.0
    locate: bool = True  # resolve event places (loads the gazetteer on first use)
    # texts spaCy parses at once; peak memory grows with it (500 stories: 8 -> 573 MB, 32 -> 669,
    # 64 -> 785) while the time barely moves past 32 (bench/throughput.py)
    batch_size: int = 32
    statements: bool = False  # code generic statements (010) where nothing more specific is said
    # code earlier, dated agreements a sentence names ("the tripartite statement of November 10, 2020")
    referenced_agreements: bool = True
    actor_memory: str | None = None  # JSON Lines of actors learned from articles (eventwire actors learn)
    user_actors: str | None = None  # the user's actor file (CSV or YAML): overrides every other source
    # Blank, before the parse, sentences that name no actor and have no trigger word
    # (stages/screen.py): they cannot give an event; skipping them saves parse time.
    skip_sentences: bool = True
    coder: str = "hybrid"  # lexicon | model | hybrid: who finds events (hybrid measures best: docs/model.md)
    # Articles in other languages are skipped with the reason (Article.skipped); () codes every article.
    languages: tuple[str, ...] = ("en",)
    # Limits, so that one giant or broken document cannot take the machine down. Text past
    # max_article_chars is cut off (with a warning); a "sentence" longer than max_sentence_chars
    # (a table, a list, text without punctuation) is not coded (with a warning).
    max_article_chars: int = 100_000  # ~15,000 words: longer than nearly any news story
    max_sentence_chars: int = 2_000
    # Roots whose events, when their sentence names no target, take the article's other
    # party (stages/counterparts.py); () turns this off. Not assaults and mass violence
    # (18, 20): their victims are where they struck, not the story's other party.
    counterpart_roots: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 20) if i != 18)


@dataclass
class CodedArticle:
    """One article's coding: its events and the claims made in it."""

    article: Article
    events: list[Event]
    claims: list[Claim]


class Coder:
    """Codes articles into events. ``Coder().code_text("...")`` is the shortest use."""

    def __init__(self, config: CoderConfig | None = None):
        self.config = config or CoderConfig()
        self.codebook = load_codebook()
        self.lexicon = load_lexicon()
        self.tables = load_actor_tables()
        self.attribution_lexicon = load_attribution_lexicon()
        self.claim_lexicon = load_claim_lexicon()
        self.stand_ins = read_word_list(STAND_INS)
        # Bad lines in these files are skipped with a warning, never fatal.
        self.user_actors = load_user_actors(self.config.user_actors, self.tables) if self.config.user_actors else None
        self.actor_memory = load_actor_memory(self.config.actor_memory, self.tables) if self.config.actor_memory else None
        user_patterns = self.user_actors.ruler_patterns(self.tables) if self.user_actors else []
        self.ruler_patterns = user_patterns + self.tables.entity_ruler_patterns()
        self.nlp = build_nlp(self.ruler_patterns)
        # spaCy refuses texts over nlp.max_length; ours are cut to max_article_chars first
        self.nlp.max_length = max(self.nlp.max_length, self.config.max_article_chars + 1)

    @functools.cached_property
    def language(self) -> LanguageDetector:
        return LanguageDetector(languages=self.config.languages)

    @functools.cached_property
    def screen(self) -> SentenceScreen:
        """The look before the parse (config ``skip_sentences``), built on first use."""
        extra = when.happening_nouns() | self.attribution_lexicon.reporting_verbs \
            | frozenset(self.claim_lexicon.verbs) | frozenset(self.claim_lexicon.nouns)
        return build_screen(self.nlp, self.lexicon, self.tables, self.gazetteer, extra, self.ruler_patterns)

    @functools.cached_property
    def event_model(self):
        """The trained event model (``coder`` model or hybrid), loaded on first use."""
        from eventwire.model.component import EventModel

        return EventModel.load()

    @functools.cached_property
    def gazetteer(self):
        from eventwire.knowledge.gazetteer import load_gazetteer

        return load_gazetteer()

    def load_resources(self) -> "Coder":
        """Load now what the coder otherwise loads on first use (the gazetteer, the
        sentence screen, the event model, the language detector), so that a worker's
        start-up, not its first articles, pays for them."""
        self.gazetteer  # the actor stage needs it for every article
        self.language
        if self.config.skip_sentences:
            self.screen
        if self.config.coder != "lexicon":
            self.event_model
        return self

    # -- entry points ----------------------------------------------------------
    def code_text(self, text: str, article_date: date | None = None, article_id: str = "text") -> list[Event]:
        """The events of one text, read as a file's would be (a leading dateline such as
        "LIMA, June 2 -" is a dateline, not an actor)."""
        return self.code_article(article_from_text(text, article_id, article_date))

    def code_article(self, article: Article) -> list[Event]:
        return next(self.code_articles([article]))[1]

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """``(article, events)`` pairs, from :meth:`code_documents` without the claims step."""
        for coded in self.code_documents(articles, claims=False):
            yield coded.article, coded.events

    def code_documents(self, articles: Iterable[Article], *, claims: bool = True) -> Iterator[CodedArticle]:
        """Batched: spaCy parses many bodies at once (the dominant cost). ``claims=False``
        codes events only, through :meth:`code_doc`. A skipped article (see :meth:`admit`)
        comes back in its place with no events."""
        stream = ((self.admit(a), a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=self.config.batch_size):
            if article.skipped:
                yield CodedArticle(article, [], [])
            elif claims:
                yield self.code_document(article, doc)
            else:
                yield CodedArticle(article, self.code_doc(article, doc), [])

    def actor_mentions(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list]]:
        """Each article's actor mentions, without events (``eventwire actors learn``)."""
        stream = ((self.admit(a), a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=self.config.batch_size):
            yield article, [] if article.skipped else self.find_actors(article, doc)[1]

    # -- the flow ----------------------------------------------------------------
    def admit(self, article: Article) -> str:
        """The first step: limits and language. The body to parse; "" for an article
        that is skipped (``article.skipped`` says why, and a warning too)."""
        limit = self.config.max_article_chars
        if len(article.text) > limit:
            article.warnings.append(f"article cut to its first {limit:,} characters "
                                    f"(it has {len(article.text):,}; max_article_chars)")
            article.text = article.text[:limit]
            article.body_start = min(article.body_start, limit)
        body = article.text[article.body_start:]
        if self.config.languages and not article.skipped:
            decision = self.language.detect(body)
            if not decision.english:
                article.skipped = decision.reason
        if article.skipped:
            article.warnings.append(f"not coded: {article.skipped}")
            return ""
        if self.config.skip_sentences:
            body, article.unparsed_sentences = self.screen.screen(body)
        return unwrap_names(body)

    def find_actors(self, article: Article, doc):
        """Outlets first (an outlet is never an actor), then the actor mentions, then the
        role phrases ("militants") the article's context could not ground: only the
        events stage may ground those, in one event's own context."""
        known_outlet = article.source or (article.dateline.outlet if article.dateline else None)
        outlets = find_outlets(doc, self.attribution_lexicon, article.body_start, known_outlet,
                               self.parsed_text(article))
        blocked = list(outlets.blocked)
        if article.dateline is not None and article.dateline.span[0] >= article.body_start:
            blocked.append(article.dateline.span)  # a dateline after a headline names no actor
        mentions = resolve_mentions(doc, self.tables, article.date, offset=article.body_start, memory=PersonMemory(),
                                    stand_ins=self.stand_ins, blocked=blocked,
                                    user_actors=self.user_actors, actor_memory=self.actor_memory,
                                    dateline=article.dateline.text if article.dateline else None,
                                    keep_roles=True, places=self.gazetteer)
        roles = [m for m in mentions if m.how == "role"]
        return outlets, [m for m in mentions if m.how != "role"], roles

    @staticmethod
    def parsed_text(article: Article) -> str | None:
        """The text the doc was parsed from, when it is the article's own (the screen blanked
        nothing in it): saves ``doc.text``, which joins every token again."""
        return None if article.unparsed_sentences else unwrap_names(article.text[article.body_start:])

    def code_doc(self, article: Article, doc) -> list[Event]:
        return self.code_document(article, doc, claims=False).events

    def code_document(self, article: Article, doc, claims: bool = True) -> CodedArticle:
        offset = article.body_start
        outlets, mentions, roles = self.find_actors(article, doc)
        attribution = attribute(doc, mentions, outlets, self.attribution_lexicon, offset, self.parsed_text(article))
        contexts = [SentenceContext(i, s.speaker) for i, s in enumerate(attribution.sentences)]
        other_senses: set[int] = set()
        found = find_events(doc, mentions, contexts, self.lexicon, offset=offset,
                            statements=self.config.statements, roles=roles, other_senses=other_senses)
        if self.config.coder != "lexicon":
            found = self.event_model.apply(self.config.coder, doc, mentions, found, offset, other_senses)
        found = without_travel_at_home(found, self.lexicon.word_list("abroad"))
        if self.config.counterpart_roots:
            add_counterpart_targets(found, doc, mentions, frozenset(self.config.counterpart_roots))
        if self.config.referenced_agreements:
            found += code_referenced_agreements(
                doc, mentions, found, article_date=article.date, offset=offset,
                dateline_date=article.dateline.date if article.dateline else None)
        sentences = list(doc.sents)
        too_long = self.overlong_sentences(article, sentences)
        found = [f for f in found if f.sentence not in too_long]
        countries = [c for c, _ in Counter(m.actor.country for m in mentions if m.actor.country).most_common()]
        dateline_place = self.dateline_place(article, countries)
        events = []
        for f in found:
            decision = self.date_of(f, sentences[f.sentence], article)
            self.announced(f, decision)
            event = self.make_event(article, f, sentences[f.sentence], offset)
            self.add_date(event, decision)
            self.add_place(event, f, sentences[f.sentence], countries, dateline_place)
            speaker = attribution.sentences[f.sentence]
            event.attribution = Attribution(
                outlet=attribution.outlet,
                cited=attribution.cited.actor.code if attribution.cited else None,
                cited_text=attribution.cited.text if attribution.cited else None,
                speaker=speaker.speaker.actor.code if speaker.speaker and speaker.speaker_how.startswith("subject") else None,
                speaker_text=speaker.speaker.text if speaker.speaker and speaker.speaker_how.startswith("subject") else None,
            )
            if event.confidence >= self.config.min_confidence:
                events.append(event)
        events = collapse_restatements(events)
        found_claims = self.code_claims(article, doc, mentions, contexts, attribution, events) if claims else []
        found_claims = [c for c in found_claims if c.sentence not in too_long]
        return CodedArticle(article, events, found_claims)

    def overlong_sentences(self, article: Article, sentences) -> set[int]:
        """Sentences past max_sentence_chars: run-on text (tables, lists, no punctuation)
        whose parse is not to be trusted; they are not coded, with a warning."""
        limit = self.config.max_sentence_chars
        too_long = {i for i, s in enumerate(sentences) if len(s.text) > limit}
        if too_long:
            article.warnings.append(f"{len(too_long)} sentence(s) over {limit:,} characters not coded "
                                    "(max_sentence_chars)")
        return too_long

    def code_claims(self, article: Article, doc, mentions, contexts, attribution, events: list[Event]) -> list[Claim]:
        """Claims come after events: each links to the events coded from its words."""
        offset = article.body_start
        claims = find_claims(doc, mentions, contexts, events, self.claim_lexicon, offset=offset,
                             article_id=article.id, outlet=attribution.outlet, cited=attribution.cited)
        sentences = list(doc.sents)
        for claim in claims:
            trigger = doc.char_span(claim.trigger.span[0] - offset, claim.trigger.span[1] - offset,
                                    alignment_mode="expand")
            decision = when.date_event(sentences[claim.sentence], trigger.root, article.date)
            claim.date, claim.date_basis, claim.date_text = decision.date, decision.basis, decision.text
            claim.claimant = self.with_cameo_code(claim.claimant)
            claim.proposition.subject = self.with_cameo_code(claim.proposition.subject)
        return claims

    def with_cameo_code(self, m: ActorMention | None) -> ActorMention | None:
        """The mention with its actor's code in CAMEO's own dictionaries (IGOUNO for IGOUN),
        on a copy: mentions are shared between events."""
        cameo = self.tables.cameo_code(m.actor, m.text) if m is not None else None
        return m if cameo is None else replace(m, actor=replace(m.actor, cameo_code=cameo))

    def make_event(self, article: Article, f: FoundEvent, sent, offset: int) -> Event:
        entry = self.codebook.get(f.code)
        # the body is article.text from offset (doc.text would rebuild the whole text per event)
        trigger_text = article.text[f.trigger_span[0] + offset:f.trigger_span[1] + offset]
        return Event(
            article_id=article.id,
            sentence=f.sentence,
            cameo=f.code,
            cameo_name=entry.name,
            quad_class=entry.quad_class,
            goldstein=entry.goldstein,
            plover_type=entry.plover_type,
            plover_mode=entry.plover_mode,
            trigger=Trigger(trigger_text, (f.trigger_span[0] + offset, f.trigger_span[1] + offset),
                            pattern=f"{f.code} {f.pattern.text}", pattern_source=f.pattern.origin),
            evidence=self.evidence(article, sent, offset),
            source=self.with_cameo_code(f.source),
            target=self.with_cameo_code(f.target),
            reciprocal=f.reciprocal,
            confidence=f.confidence,
            coder=CODER_NAME,
            notes=list(f.notes),
        )

    @staticmethod
    def evidence(article: Article, sent, offset: int) -> str:
        """The sentence as the article writes it: from its first to its last word in the
        doc (blanked sentences around it are whitespace there), taken from the article
        itself, in case the screen blanked a piece inside it."""
        words = [t for t in sent if not t.is_space]
        if not words:
            return ""
        return article.text[words[0].idx + offset:words[-1].idx + len(words[-1].text) + offset].strip()

    @staticmethod
    def date_of(f: FoundEvent, sent, article: Article) -> when.DateDecision:
        dateline_date = article.dateline.date if article.dateline else None
        return when.date_event(sent, f.trigger, article.date, dateline_date=dateline_date)

    def announced(self, f: FoundEvent, decision: when.DateDecision) -> None:
        """A meeting or visit the clause dates after the report ("meets Putin on June 10",
        "leaves for Moscow on June 9") has not happened: it is announced, an intent (03x),
        as "will meet" is in the events stage (which sees only relative date words)."""
        if decision.planned is None or f.code[:2] not in SCHEDULED_ROOTS or f.code.startswith(("03", "13")):
            return
        code = self.lexicon.frame_code("intent", f.code)
        if code:
            f.notes = [*f.notes, f"planned for {decision.planned.isoformat()} ('{decision.planned_text}'): "
                                 f"intent {code}"]
            f.code = code

    @staticmethod
    def add_date(event: Event, decision: when.DateDecision) -> None:
        event.date, event.date_basis = decision.date, decision.basis
        event.date_granularity, event.date_text = decision.granularity, decision.text
        event.past_reference = decision.past_reference
        event.notes.append(decision.explain())

    def add_place(self, event: Event, f: FoundEvent, sent, countries: list[str], dateline_place) -> None:
        if not self.config.locate:
            return
        kind = "meet" if f.code.startswith("04") and f.code != "041" else "other"
        location, basis = where.locate_event(sent, f.trigger, self.gazetteer, countries, dateline_place, kind)
        if location is not None and location.span is not None:
            location.span = (location.span[0] + event.trigger.span[0] - f.trigger_span[0],
                             location.span[1] + event.trigger.span[0] - f.trigger_span[0])
        if basis == "dateline" and not self.dateline_is_host(f, location):
            location, basis = None, "none"
        if location is None and f.code == "042" and f.target is not None and f.target.actor.country:
            # a visit happens in the country visited
            place = self.gazetteer.country(f.target.actor.country)
            if place is not None:
                location, basis = where.location_from_place(place), "visit destination"
        event.location, event.location_basis = location, basis

    def dateline_is_host(self, f: FoundEvent, location: Location | None) -> bool:
        """A dateline city places only events hosted in its country (reporters travel)."""
        if location is None or location.country is None:
            return False
        hosts = {f.source.actor.country if f.code == "043" and f.source else None,
                 f.target.actor.country if f.code == "042" and f.target else None}
        return location.country in hosts

    def dateline_place(self, article: Article, countries: list[str]):
        if not self.config.locate or article.dateline is None or not article.dateline.place:
            return None
        return self.gazetteer.resolve(article.dateline.place.title(), countries)
