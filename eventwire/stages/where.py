"""Where an event happened: a place in the event's own clause, else (for some kinds of
event) the dateline city, else nothing.

We never guess: no place in the clause and no dateline means no location, and an actor's
country is never turned into its capital.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from eventwire.knowledge.gazetteer import Gazetteer, Place
from eventwire.records import Location

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# The small model often labels a country as an organisation ("Armenia" as ORG): such an
# entity counts when it names a country or division; an unlabelled proper noun when it
# names any known place.
FALLBACK_LABELS = {"ORG"}
# Prepositions that put an event at a place. Not "from" (origin: "returned from Moscow",
# "fired from Gaza") nor "to" (destination), except that a visit to X happens in X.
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "within", "throughout"}
VISIT_PREPS = PLACE_PREPS | {"to"}
# Event kinds that happen where the reporter files from when the text names no place:
# a meeting, a visit or a statement reported from Baku took place in Baku.
DATELINE_KINDS = {"meet", "visit", "statement"}
# Nouns a trigger governs, whose own place phrase is the event's: "protesters in Paris
# clashed", "attacked a convoy near Kabul".
GOVERNED = {"dobj", "nsubj", "nsubjpass", "attr"}


def locate_event(sent: Span, trigger: Token, gazetteer: Gazetteer, context_countries: Sequence[str],
                 dateline_place: Place | None, trigger_kind: str) -> tuple[Location | None, str]:
    """The event's location and its basis: "clause", "dateline" or "none"."""
    for tokens, sure in _clause_places(sent, trigger, trigger_kind, gazetteer.place_nouns):
        name, span = _name_and_span(tokens)
        place = gazetteer.resolve(name, context_countries, near=dateline_place)
        if not sure and (place is None or (tokens[0].ent_type_ and place.feature_class != "A")):
            continue  # unsure names must be known places; an "ORG" must be a country or division
        return _location(place, name, span), "clause"
    if trigger_kind in DATELINE_KINDS and dateline_place is not None:
        return location_from_place(dateline_place), "dateline"
    return None, "none"


def place_of(name: str, gazetteer: Gazetteer, context_countries: Sequence[str] = ()) -> Place | None:
    """The place a dateline names: "BAKU", "BAKU, Azerbaijan", "SANTA MARIA, Calif."."""
    head, region = _split_region(name, gazetteer, context_countries)
    if region is None:
        return gazetteer.resolve(head, context_countries)

    def within(p: Place) -> bool:
        return p.country == region.country and p is not region and (
            region.feature_code != "ADM1" or p.admin1 == region.admin1)

    best = gazetteer.resolve(head, [region.country])  # "OSAKA, Japan": the city, not the prefecture
    if best is not None and within(best):
        return best
    # "UNION, N.J.", "PORTLAND, Maine": the region settles which one, and that it is a place.
    inside = [p for p in gazetteer.candidates(head) if within(p)]
    return max(inside, key=lambda p: p.population) if inside else None


def resolve_place(name: str, gazetteer: Gazetteer, context_countries: Sequence[str] = ()) -> Location | None:
    """A dateline's place as a Location: resolved, or kept as text (with the country when
    the dateline names it: "HAJ OMRAN, Iraq"). None only for an empty name."""
    name = " ".join(name.split())
    if not name:
        return None
    place = place_of(name, gazetteer, context_countries)
    if place is not None:
        return location_from_place(place)
    head, region = _split_region(name, gazetteer, context_countries)
    if region is not None:
        admin1 = region.admin1 if region.feature_code == "ADM1" else None
        return Location(name=head, country=region.country, admin1=admin1)
    return Location(name=name)


def _split_region(name: str, gazetteer: Gazetteer,
                  context_countries: Sequence[str]) -> tuple[str, Place | None]:
    """ "STAMFORD, Conn." -> ("STAMFORD", Connecticut); a tail that is not a country or a
    division (or is missing) gives (head, None)."""
    head, _, tail = name.partition(",")
    head, tail = head.strip(), tail.strip()
    if not tail:
        return head, None
    region = gazetteer.resolve(tail, context_countries)
    if region is None and not tail.endswith("."):
        region = gazetteer.resolve(tail + ".", context_countries)  # "BOCA RATON, Fla"
    if region is None or region.feature_class != "A":
        return head, None
    return head, region


def _clause_places(sent: Span, trigger: Token, trigger_kind: str, place_nouns: frozenset[str]):
    """(tokens, sure) for the place phrases attached to the trigger, to nouns it governs,
    or to its head verb, nearest first. Only direct attachments: a place in another
    clause is not used."""
    preps = VISIT_PREPS if trigger_kind == "visit" else PLACE_PREPS
    anchors = [trigger]
    anchors += [c for c in trigger.children if c.dep_ in GOVERNED and c.pos_ in ("NOUN", "PROPN")]
    head = trigger.head
    if head.dep_ == "prep" and trigger.dep_ == "pobj":
        head = head.head  # "presented ... during a meeting in Geneva"
    if head is not trigger and head.pos_ in ("VERB", "AUX") and trigger.pos_ != "VERB":
        anchors.append(head)  # "a meeting was held in Geneva"
    ents = {t.i: ent for ent in sent.ents for t in ent}
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = _place_in(obj, ents, place_nouns)
                        if found is not None:
                            yield found
            elif trigger_kind == "visit" and anchor is trigger and child.dep_ == "dobj":
                found = _place_in(child, ents, place_nouns)  # "visited Moscow"
                if found is not None:
                    yield found


def _place_in(obj: Token, ents: dict, place_nouns: frozenset[str]) -> tuple[list[Token], bool] | None:
    """The name a prepositional object gives, and whether it surely is a place: a place
    entity ("Geneva", "southern Thailand", "the Lachin road") or the X of "the town of X"
    is; a proper noun the NER left unlabelled or took for an organisation may be."""
    if obj.pos_ == "NOUN" and obj.lower_ in place_nouns:
        named = [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
        if named:
            ent = ents.get(named[0].i)
            return (list(ent) if ent is not None else _proper_name(named[0])), True
    ent = ents.get(obj.i)
    if ent is not None and ent.label_ in PLACE_LABELS | FALLBACK_LABELS:
        return list(ent), ent.label_ in PLACE_LABELS
    if ent is None and obj.pos_ == "PROPN":
        return _proper_name(obj), False
    return None


def _proper_name(tok: Token) -> list[Token]:
    return [*(c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"), tok]


def _name_and_span(tokens: list[Token]) -> tuple[str, tuple[int, int]]:
    if len(tokens) > 1 and tokens[0].lower_ == "the":
        tokens = tokens[1:]  # "the Lachin road" is named "Lachin road"
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text, (start, end)  # doc.text would join every token


def location_from_place(place: Place, span: tuple[int, int] | None = None) -> Location:
    """A gazetteer place as an event location (its canonical name)."""
    return Location(name=place.name, country=place.country, admin1=place.admin1, lat=place.lat,
                    lon=place.lon, geonameid=place.geonameid, feature_class=place.feature_class,
                    span=span)


def _location(place: Place | None, name: str, span: tuple[int, int] | None) -> Location:
    # A resolved place takes its canonical name ("PEKING" -> "Beijing"; the span keeps
    # the words as written); an unresolved one keeps the text, with no coordinates.
    return Location(name=name, span=span) if place is None else location_from_place(place, span)
