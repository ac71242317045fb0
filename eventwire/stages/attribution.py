"""Attribution: the outlet that reports, the source it cites, and who speaks.

Entry point: :func:`attribute`. It finds

* outlets: the article's metadata source or dateline outlet ("(Reuters)"),
  and report clauses in the text (", Trend reports citing Azerbaijani MFA",
  "according to Reuters", "told AFP"). An outlet's words are returned as
  blocked spans: an outlet is never an event actor;
* the cited source: the actor named after "citing" or "according to";
* each sentence's speaker: the subject of its reporting verb ("Bayramov
  stressed ...", '"...," the minister said'), a pronoun there ("he said")
  being the last named speaker; for agentless reports ("it was noted that
  ...") the cited source, else the last named speaker; a sentence that goes
  on quoting is still the last speaker's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from eventwire.records import ActorMention

DATA = Path(__file__).resolve().parent.parent / "data" / "attribution"
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
QUOTES = frozenset('"\u201c\u2018\'')


@dataclass(frozen=True)
class AttributionLexicon:
    outlets: frozenset[str]  # outlet names as written (matched case-sensitively in text)
    reporting_verbs: frozenset[str]  # lemmas
    report_clause: re.Pattern

    @functools.cached_property
    def outlet_names(self) -> re.Pattern:
        """Any outlet name, as written, the longest first (a search over the text is
        cheaper than a look at every token)."""
        names = sorted(self.outlets, key=len, reverse=True)
        return re.compile("|".join(re.escape(n) for n in names) or r"(?!)")


@functools.lru_cache(maxsize=1)
def load_attribution_lexicon(data_dir: Path = DATA) -> AttributionLexicon:
    def words(name: str) -> frozenset[str]:
        lines = (data_dir / name).read_text(encoding="utf-8").splitlines()
        return frozenset(x.split("#", 1)[0].strip() for x in lines if x.split("#", 1)[0].strip())

    outlets = words("outlets.txt")
    verbs = words("reporting_verbs.txt")
    report_words = "|".join(sorted(words("report_clause_verbs.txt")))
    # ", Trend reports citing Azerbaijani MFA." / ", Reuters reported."
    clause = re.compile(
        r"(?:^|[,;]\s*|\b(?:as|the)\s+)"
        r"(?P<outlet>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s+"
        rf"(?:{report_words})\b"
        r"(?:,?\s+citing\s+(?P<cited>[^.;]+))?"
    )
    return AttributionLexicon(outlets, {v.lower() for v in verbs}, clause)


@dataclass
class SentenceAttribution:
    speaker: ActorMention | None = None
    speaker_how: str = ""


@dataclass
class ArticleAttribution:
    outlet: str | None = None
    cited: ActorMention | None = None
    blocked: list[tuple[int, int]] = field(default_factory=list)  # outlet spans (article offsets)
    sentences: list[SentenceAttribution] = field(default_factory=list)


def find_outlets(doc: Doc, lex: AttributionLexicon, offset: int, known_outlet: str | None,
                 text: str | None = None) -> ArticleAttribution:
    """First pass, before actors: outlet names and the spans that must not become actors.
    ``text``: the doc's text when the caller has it (``doc.text`` joins every token)."""
    result = ArticleAttribution(outlet=known_outlet)
    text = doc.text if text is None else text
    for sent in doc.sents:
        for m in lex.report_clause.finditer(text[sent.start_char:sent.end_char]):  # sent.text
            name = m.group("outlet")
            if not _is_outlet(name, lex, doc, sent.start_char + m.start("outlet")):
                continue
            start = sent.start_char + m.start("outlet") + offset
            result.blocked.append((start, start + len(name)))
            result.outlet = result.outlet or name
    # "according to Reuters", "told AFP", "(AP)": a name of one to three whole words
    for m in lex.outlet_names.finditer(text):
        span = doc.char_span(m.start(), m.end())
        if span is not None and len(span) <= 3:
            result.blocked.append((m.start() + offset, m.end() + offset))
            result.outlet = result.outlet or m.group()
    return result


def _is_outlet(name: str, lex: AttributionLexicon, doc: Doc, char: int) -> bool:
    if name in lex.outlets:
        return True
    # an unknown name that reports and is not a known actor: "Trend reports"
    span = doc.char_span(char, char + len(name), alignment_mode="expand")
    if span is None:
        return False
    return all(t.ent_type_ not in ("GPE", "NORP", "PERSON") for t in span) and span.root.pos_ == "PROPN"


def attribute(doc: Doc, mentions: list[ActorMention], found: ArticleAttribution,
              lex: AttributionLexicon, offset: int, text: str | None = None) -> ArticleAttribution:
    """Second pass, after actors: the cited source and each sentence's speaker
    (``text`` as for :func:`find_outlets`)."""
    by_start = sorted(mentions, key=lambda m: m.span)
    text = doc.text if text is None else text
    for sent in doc.sents:
        for m in lex.report_clause.finditer(text[sent.start_char:sent.end_char]):  # sent.text
            if m.group("cited") and found.cited is None:
                s = sent.start_char + m.start("cited") + offset
                e = sent.start_char + m.end("cited") + offset
                found.cited = next((x for x in by_start if s <= x.span[0] < e and x.actor.code), None)
        for tok in sent:
            if found.cited is None and tok.lower_ == "according" and tok.i + 2 < len(doc):
                s = doc[tok.i + 2].idx + offset
                e = sent.end_char + offset
                found.cited = next((x for x in by_start if s <= x.span[0] < e and x.actor.code), None)
    last_speaker: ActorMention | None = None
    head_of = {m.head: m for m in mentions}
    for sent in doc.sents:
        sa = SentenceAttribution()
        verb = _reporting_verb(sent, lex)
        if verb is not None:
            passive = any(c.dep_ == "auxpass" for c in verb.children)
            subj = next((c for c in verb.children if c.dep_ in ("nsubj",) or
                         (passive and c.dep_ == "agent")), None)
            if subj is not None and subj.dep_ == "agent":
                subj = next((o for o in subj.children if o.dep_ == "pobj"), None)
            mention = head_of.get(subj.i) if subj is not None else None
            if mention is not None and mention.actor.code:
                sa.speaker, sa.speaker_how = mention, f"subject of '{verb.text}'"
                last_speaker = mention
            elif subj is not None and subj.lower_ in SPEAKER_PRONOUNS and last_speaker is not None:
                # '"We will never surrender," he said.': the speaker met before
                sa.speaker, sa.speaker_how = last_speaker, f"subject of '{verb.text}': '{subj.text}', the last speaker"
            elif passive or (subj is not None and subj.lower_ == "it"):
                fallback = found.cited or last_speaker
                if fallback is not None:
                    sa.speaker, sa.speaker_how = fallback, f"agentless '{verb.text}': cited source"
        elif last_speaker is not None and _opens_quote(sent):
            # a quotation going on in the next sentence is still the last speaker's
            sa.speaker, sa.speaker_how = last_speaker, "quotation continues"
        if sa.speaker is None and found.cited is not None:
            sa.speaker, sa.speaker_how = found.cited, "article's cited source"
        found.sentences.append(sa)
    return found


def _reporting_verb(sent, lex: AttributionLexicon):
    """The verb that reports the sentence: its root ("Bayramov stressed ..."), or a speech
    verb hanging on the root as a parenthetical ('"...," he said, "..."')."""
    root = sent.root
    if root.lemma_.lower() in lex.reporting_verbs:
        return root
    for c in root.children:
        if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in lex.reporting_verbs \
                and any(g.dep_ == "nsubj" for g in c.children) and c.i > root.i:
            return c
    return None


def _opens_quote(sent) -> bool:
    return sent.text.lstrip()[:1] in QUOTES
