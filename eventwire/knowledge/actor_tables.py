"""Actor knowledge: countries, organisations, armed groups, agent words, dated persons.

Read from the CSV files in ``eventwire/data/actors/`` (sources in ``data/NOTICE``):

* ``countries.csv``: ``iso3,name,aliases,adjectives,plurals,capitals,metonyms,ambiguous``;
  multi-valued columns are ``|``-separated; a metonym is ``text:AGENT``
  ("Kremlin:GOV"); ``ambiguous`` lists this row's forms that are also common
  names or words ("Jordan", "Georgia") and so are left out of the entity ruler;
* ``organizations.csv``: ``code,name,aliases,kind,cameo`` (kind igo|ngo|bank; cameo is
  the organisation's code in CAMEO's own actor dictionaries, e.g. IGOUNO for IGOUN);
* ``groups.csv``: ``code,country,agent,name,aliases,cameo`` (armed non-state groups);
* ``agents.csv``: ``agent,words`` (an agent may take several rows);
* ``persons.csv``: ``name,aliases,code,start,end,role``: one row per role
  period, read lazily on the first :meth:`ActorTables.lookup_person`;
* ``honorifics.txt``: words before a name that give no role ("Mr.", "Dr.");
* ``not_national.txt``: words that put a role phrase outside any one country
  ("foreign fighters", "international observers"), so the context gives it none;
* ``former_words.txt``: words that make a role a past one ("former", "ex-"): ELI;
* ``people_counts.txt``: nouns that count people ("thousands of Italians");
* ``name_particles.txt``: name words that are no surname alone ("bin", "van");
* ``anaphors.csv``: ``word,refers_to``: nouns that refer back to an earlier actor
  ("the country", "the group"), refers_to ``country`` or ``organisation``.

Lines starting with ``#`` are comments. Every row is checked when loading and
a bad one raises :class:`DataFileError` with file and line: unknown agent
codes, malformed or unknown country codes, and one name given two different
codes (within places, within demonyms, within organisations and groups, and
between places and organisations, since the entity ruler shares one space).

Names are compared after :func:`normalise`: case-folded, diacritics and curly
quotes folded, dots dropped ("U.S." == "US"), hyphens as spaces, a leading
"the" and a trailing possessive removed.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.records import Actor

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"

_COUNTRY_COLUMNS = ["iso3", "name", "aliases", "adjectives", "plurals", "capitals", "metonyms", "ambiguous"]
_ORG_COLUMNS = ["code", "name", "aliases", "kind", "cameo"]
_GROUP_COLUMNS = ["code", "country", "agent", "name", "aliases", "cameo"]
_AGENT_COLUMNS = ["agent", "words"]
_PERSON_COLUMNS = ["name", "aliases", "code", "start", "end", "role"]
_ANAPHOR_COLUMNS = ["word", "refers_to"]
_ANAPHOR_KINDS = frozenset({"country", "organisation"})
_ORG_KINDS = {"igo": "igo", "bank": "igo", "ngo": "ngo"}  # data kind -> Actor.kind
# A surname alone names someone only if few people of the table bear it: with
# more, the one meant is not the famous one we would pick.
MAX_NAMESAKES = 3

_ISO3 = re.compile(r"[A-Z]{3}")
_AGENT = re.compile(r"[A-Z]{3}")
_ORG_CODE = re.compile(r"(IGO|NGO)[A-Z0-9]+")
# Letters NFKD does not take apart.
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
                       "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i",
                       "‘": "'", "’": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'",
                       "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"})
_PUNCT = re.compile(r"[\"(),;:!?\[\]{}/]")


def fold(text: str) -> str:
    """``text`` without diacritics or typographic quotes/dashes; case is kept."""
    text = text.translate(_FOLD)
    if text.isascii():  # nearly every word of English news: nothing to decompose
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked for the same phrases over and over
def normalise(text: str) -> str:
    """The matching key for a name: "the U.S.'s" -> "us", "Élysée" -> "elysee"."""
    t = fold(text).casefold().replace("&", " and ").replace(".", "")
    t = _PUNCT.sub(" ", t).replace("-", " ")
    t = " ".join(t.split())
    if t.endswith("'s"):
        t = t[:-2]
    t = t.strip(" '")
    if t.startswith("the "):
        t = t[4:]
    return t


@dataclass(frozen=True)
class CountryEntry:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    plurals: tuple[str, ...]
    capitals: tuple[str, ...]
    metonyms: tuple[tuple[str, str], ...]  # (text, agent)


@dataclass(frozen=True)
class _Person:
    name: str
    code: str
    country: str | None
    agent: str | None
    start: date | None
    end: date | None
    role: str = ""  # as the source wrote it: "president", "Minister of Health"

    def valid_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def _rows(path: Path, columns: list[str], optional: int = 0):
    """(line number, dict) for each data row; checks the header and field count.

    The last ``optional`` columns may be missing from the header and rows.
    """
    if not path.is_file():
        raise DataFileError(str(path), None, "file not found")
    header = None
    with path.open(encoding="utf-8", newline="") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = next(csv.reader([line]))
            if header is None:
                header = fields
                if header != columns[: len(header)] or len(header) < len(columns) - optional:
                    raise DataFileError(str(path), n, f"header must be {','.join(columns)}, got {','.join(header)}")
                continue
            if len(fields) != len(header):
                raise DataFileError(str(path), n, f"expected {len(header)} fields, got {len(fields)}")
            row = dict(zip(header, (v.strip() for v in fields)))
            for c in columns[len(header):]:
                row[c] = ""
            yield n, row
    if header is None:
        raise DataFileError(str(path), None, "no header line")


def _read_words(path: Path) -> list[str]:
    """One word or phrase a line; ``#`` starts a comment."""
    if not path.is_file():
        raise DataFileError(str(path), None, "file not found")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w for w in (line.split("#", 1)[0].strip() for line in lines) if w]


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _iso_date(path: Path, n: int, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DataFileError(str(path), n, f"bad date {value!r} (want YYYY-MM-DD)") from None


class _Index:
    """normalised name -> value, refusing a name that already means something else."""

    def __init__(self, what: str):
        self.what = what
        self.values: dict[str, Any] = {}
        self.where: dict[str, str] = {}

    def add(self, text: str, value: Any, path: Path, n: int, same=lambda a, b: a == b) -> None:
        key = normalise(text)
        if not key:
            raise DataFileError(str(path), n, f"empty {self.what} name")
        old = self.values.get(key)
        if old is not None and not same(old, value):
            raise DataFileError(str(path), n, f"{self.what} {text!r} already means {_code(old)} ({self.where[key]})")
        if old is None:
            self.values[key] = value
            self.where[key] = f"{path.name}:{n}"

    def get(self, text: str) -> Any:
        return self.values.get(normalise(text))


def _code(value: Any) -> str:
    return value.code if isinstance(value, Actor) else str(value)


def _same_actor(a: Actor, b: Actor) -> bool:
    return a.code == b.code


class ActorTables:
    """Read-only lookups over the actor tables; build it with :func:`load_actor_tables`."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._agent_words: dict[str, str] = {}
        self._agent_memo: dict[str, str | None] = {}  # agent_of_phrase's answers (read-only tables)
        self._role_memo: dict[tuple, list[tuple[str, int, int]]] = {}  # role_windows' answers
        self._role_vocab: frozenset[str] | None = None  # every word of a role phrase
        self._may_be_role: dict[str, bool] = {}  # word -> whether it could be part of a role phrase
        self._longest_role: int | None = None
        self._countries: dict[str, CountryEntry] = {}
        self._places = _Index("place")
        self._demonyms = _Index("demonym")
        self._orgs = _Index("organisation")
        # our code -> CAMEO's (organisations), group name -> CAMEO's code (groups share codes)
        self._cameo_by_code: dict[str, str] = {}
        self._cameo_by_group: dict[str, str] = {}
        self._ambiguous: set[str] = set()
        self._persons: dict[str, list[_Person]] | None = None  # read on first lookup_person
        self._capitals: frozenset[str] | None = None
        self._surnames: dict[str, list[_Person]] = {}  # each word after a name's first, filled with _persons
        self.agents: set[str] = set()
        # (label, text, code) in file order, for the entity ruler
        self._ruler: list[tuple[str, str, str]] = []
        self._load_agents(data_dir / "agents.csv")
        self._load_countries(data_dir / "countries.csv")
        self._load_organizations(data_dir / "organizations.csv")
        self._load_groups(data_dir / "groups.csv")
        self._honorifics = frozenset(normalise(w) for w in _read_words(data_dir / "honorifics.txt"))
        self._name_particles = frozenset(normalise(w) for w in _read_words(data_dir / "name_particles.txt"))
        # Words that put a role phrase outside any one country ("foreign fighters").
        self.not_national = frozenset(normalise(w) for w in _read_words(data_dir / "not_national.txt"))
        # Words that make a role a past one ("former president" -> ELI).
        self.former_words = frozenset(normalise(w) for w in _read_words(data_dir / "former_words.txt"))
        # Nouns that count people: "thousands of Italians" are people, not Italy.
        self.people_counts = frozenset(normalise(w) for w in _read_words(data_dir / "people_counts.txt"))
        # Nouns that refer back to an actor named before: "the country" -> country.
        self.anaphors = self._load_anaphors(data_dir / "anaphors.csv")

    # ---- loading -------------------------------------------------------------------

    @staticmethod
    def _load_anaphors(path: Path) -> dict[str, str]:
        anaphors: dict[str, str] = {}
        for n, row in _rows(path, _ANAPHOR_COLUMNS):
            word, kind = normalise(row["word"]), row["refers_to"]
            if kind not in _ANAPHOR_KINDS:
                raise DataFileError(str(path), n, f"refers_to must be one of {', '.join(sorted(_ANAPHOR_KINDS))}, got {kind!r}")
            if not word or word in anaphors:
                raise DataFileError(str(path), n, f"word {row['word']!r} is empty or given twice")
            anaphors[word] = kind
        return anaphors

    def _load_agents(self, path: Path) -> None:
        for n, row in _rows(path, _AGENT_COLUMNS):
            agent = row["agent"]
            if not _AGENT.fullmatch(agent):
                raise DataFileError(str(path), n, f"bad agent code {agent!r}")
            self.agents.add(agent)
            for word in _split(row["words"]):
                key = normalise(word)
                old = self._agent_words.get(key)
                if old and old != agent:
                    raise DataFileError(str(path), n, f"role word {word!r} already means {old}")
                self._agent_words[key] = agent

    def _check_agent(self, path: Path, n: int, agent: str) -> str:
        if agent not in self.agents:
            raise DataFileError(str(path), n, f"unknown agent code {agent!r} (not in agents.csv)")
        return agent

    def _load_countries(self, path: Path) -> None:
        rows = []
        for n, row in _rows(path, _COUNTRY_COLUMNS, optional=1):
            iso = row["iso3"]
            if not _ISO3.fullmatch(iso):
                raise DataFileError(str(path), n, f"bad ISO3 code {iso!r}")
            if iso in self._countries:
                raise DataFileError(str(path), n, f"country {iso} given twice")
            if not row["name"]:
                raise DataFileError(str(path), n, "empty name")
            metonyms = []
            for item in _split(row["metonyms"]):
                text, sep, agent = item.rpartition(":")
                if not sep or not text.strip():
                    raise DataFileError(str(path), n, f"metonym {item!r} must be text:AGENT")
                metonyms.append((text.strip(), self._check_agent(path, n, agent.strip())))
            entry = CountryEntry(iso, row["name"], _split(row["aliases"]), _split(row["adjectives"]),
                                 _split(row["plurals"]), _split(row["capitals"]), tuple(metonyms))
            self._countries[iso] = entry
            rows.append((n, entry, _split(row["ambiguous"])))
        # Names are indexed in a second pass so that a malformed row anywhere in the
        # file is reported before a name clash it might have caused.
        for n, e, ambiguous in rows:
            country = Actor(code=e.iso3, country=e.iso3, name=e.name, kind="country")
            for text in (e.name, *e.aliases, *e.capitals):
                self._places.add(text, country, path, n, _same_actor)
                self._ruler.append(("GPE", text, e.iso3))
            for text, agent in e.metonyms:
                actor = Actor(code=e.iso3 + agent, country=e.iso3, agent=agent, name=e.name, kind="country")
                self._places.add(text, actor, path, n, _same_actor)
                self._ruler.append(("ORG", text, actor.code))
            for text in (*e.adjectives, *e.plurals):
                self._demonyms.add(text, e.iso3, path, n)
                self._ruler.append(("NORP", text, e.iso3))
            self._ambiguous.update(normalise(a) for a in ambiguous)

    def _add_org(self, path: Path, n: int, texts: tuple[str, ...], actor: Actor) -> None:
        for text in texts:
            place = self._places.get(text)
            if place is not None:
                raise DataFileError(str(path), n, f"{text!r} is already the place {place.code} ({self._places.where[normalise(text)]})")
            self._orgs.add(text, actor, path, n, _same_actor)
            self._ruler.append(("ORG", text, actor.code))

    def _load_organizations(self, path: Path) -> None:
        for n, row in _rows(path, _ORG_COLUMNS):
            code, kind = row["code"], row["kind"]
            if not _ORG_CODE.fullmatch(code):
                raise DataFileError(str(path), n, f"bad organisation code {code!r} (want IGO... or NGO...)")
            if kind not in _ORG_KINDS:
                raise DataFileError(str(path), n, f"kind must be igo, ngo or bank, got {kind!r}")
            if not row["name"]:
                raise DataFileError(str(path), n, "empty name")
            actor = Actor(code=code, name=row["name"], kind=_ORG_KINDS[kind])
            self._add_org(path, n, (row["name"], *_split(row["aliases"])), actor)
            if row["cameo"]:
                self._cameo_by_code[code] = self._check_cameo(path, n, row["cameo"], code[:3])

    def _load_groups(self, path: Path) -> None:
        for n, row in _rows(path, _GROUP_COLUMNS):
            code, country, agent = row["code"], row["country"], row["agent"]
            self._check_agent(path, n, agent)
            if country and country not in self._countries:
                raise DataFileError(str(path), n, f"unknown country code {country!r}")
            # Transnational groups have no home country and take the IMG prefix.
            if code != (country or "IMG") + agent:
                raise DataFileError(str(path), n, f"code {code!r} must be {(country or 'IMG') + agent!r}")
            if not row["name"]:
                raise DataFileError(str(path), n, "empty name")
            actor = Actor(code=code, country=country or None, agent=agent, name=row["name"], kind="group")
            self._add_org(path, n, (row["name"], *_split(row["aliases"])), actor)
            if row["cameo"]:
                self._cameo_by_group[row["name"]] = self._check_cameo(path, n, row["cameo"], None)

    @staticmethod
    def _check_cameo(path: Path, n: int, cameo: str, prefix: str | None) -> str:
        if not re.fullmatch(r"[A-Z]{6}(?:[A-Z]{3})*", cameo) or prefix and not cameo.startswith(prefix):
            raise DataFileError(str(path), n, f"bad CAMEO code {cameo!r} (want 3-letter parts"
                                f"{', starting ' + prefix if prefix else ''})")
        return cameo

    def _load_persons(self) -> dict[str, list[_Person]]:
        path = self.data_dir / "persons.csv"
        persons: dict[str, list[_Person]] = {}
        names: dict[str, tuple[str, ...]] = {}  # canonical name -> aliases, given on any of its rows
        rows = []
        org_codes = {a.code for a in self._orgs.values.values() if a.country is None}
        for n, row in _rows(path, _PERSON_COLUMNS):
            code, name = row["code"], row["name"]
            if not name:
                raise DataFileError(str(path), n, "empty name")
            if code in org_codes:
                country, agent = None, None
            else:
                country, agent = code[:3], code[3:]
                if len(code) != 6 or country not in self._countries:
                    raise DataFileError(str(path), n, f"code {code!r} must be a known ISO3 + agent or an organisation code")
                self._check_agent(path, n, agent)
            start, end = _iso_date(path, n, row["start"]), _iso_date(path, n, row["end"])
            if start and end and end < start:
                raise DataFileError(str(path), n, f"end {end} before start {start}")
            if row["aliases"]:
                names[name] = names.get(name, ()) + _split(row["aliases"])
            rows.append(_Person(name, code, country, agent, start, end, row["role"]))
        keys: dict[str, list[str]] = {}  # name as written -> its normalised forms (aliases too)
        for p in rows:
            if p.name not in keys:
                keys[p.name] = list(dict.fromkeys(normalise(t) for t in (p.name, *names.get(p.name, ()))))
            for key in keys[p.name]:
                persons.setdefault(key, []).append(p)
            # Every word after the first may be what news calls the person:
            # "Pinochet" of "Augusto Pinochet Ugarte", "Rafsanjani", "Bush".
            for word in dict.fromkeys(keys[p.name][0].split()[1:]):
                if len(word) > 2 and word not in self._name_particles:
                    self._surnames.setdefault(word, []).append(p)
        return persons

    # ---- lookups ------------------------------------------------------------------

    def country(self, iso3: str) -> CountryEntry | None:
        return self._countries.get(iso3)

    def countries(self) -> list[CountryEntry]:
        return list(self._countries.values())

    @property
    def ambiguous(self) -> frozenset[str]:
        """Normalised forms that are also common names/words ("jordan", "georgia")."""
        return frozenset(self._ambiguous)

    def is_ambiguous(self, text: str) -> bool:
        return normalise(text) in self._ambiguous

    def lookup_place_name(self, text: str) -> Actor | None:
        """Country name, alias or capital -> the country; metonym -> country + agent."""
        actor = self._places.get(text)
        return _copy(actor)

    def lookup_adjective(self, text: str) -> str | None:
        """Nationality adjective or people noun -> ISO3: "Azerbaijani", "Armenians".

        The singular of a listed plural is known too: "Briton" (Britons), "Turk" (Turks).
        """
        found = self._demonyms.get(text)
        if found is None and text[-1:].isalpha():
            found = self._demonyms.get(text + "s") or self._demonyms.get(text + "es")
        return found

    def lookup_organization(self, text: str) -> Actor | None:
        """International organisation or armed group: "NATO", "the United Nations", "Hamas"."""
        return _copy(self._orgs.get(text))

    def cameo_code(self, actor: Actor, text: str = "") -> str | None:
        """The actor's code as CAMEO's own actor dictionaries write it, where it differs
        from ours: IGOUN -> IGOUNO, IGOEU -> IGOEUREEC, Hamas PSEREB -> PSEREBHMS. An
        agent after an organisation's code is kept (IGOUNMIL -> IGOUNOMIL). None when
        the two agree (countries, persons of a country, unlisted organisations).
        ``text``, the words that named the actor, tells groups sharing a code apart."""
        code = actor.code
        if not code:
            return None
        group = actor if actor.kind == "group" else self._orgs.get(text) if text else None
        if group is not None and group.code == code and group.name in self._cameo_by_group:
            return self._cameo_by_group[group.name]
        if not code.startswith(("IGO", "NGO")):
            return None
        for cut in range(len(code), 3, -1):  # the longest listed organisation code first
            cameo, rest = self._cameo_by_code.get(code[:cut]), code[cut:]
            if cameo and len(rest) % 3 == 0 and all(rest[i:i + 3] in self.agents for i in range(0, len(rest), 3)):
                return cameo + rest
        return None

    def agent_for(self, words: str) -> str | None:
        """The agent of the longest role phrase in ``words`` (leftmost on a tie).

        "Foreign Minister" -> GOV, "troops" -> MIL, "army spokesman" -> MIL. Plural
        forms are tried as singulars ("ministers", "militias", "policemen").
        """
        tokens = normalise(words).split()
        for size in range(len(tokens), 0, -1):
            for i in range(len(tokens) - size + 1):
                agent = self._agent_of(tokens[i:i + size])
                if agent:
                    return agent
        return None

    def agent_of_phrase(self, words: str) -> str | None:
        """The agent of ``words`` if the whole of it is one role phrase ("foreign
        ministers" -> GOV), else None ("anti-insurgency crackdown" -> None)."""
        memo = self._agent_memo  # the actor stage asks for every window of every phrase
        if words not in memo:
            if len(memo) > 200_000:
                memo.clear()
            tokens = normalise(words).split()
            memo[words] = self._agent_of(tokens) if tokens else None
        return memo[words]

    def role_windows(self, words: tuple[str, ...], lemmas: tuple[str, ...], persons: tuple[bool, ...],
                     longest: int) -> list[tuple[str, int, int]]:
        """Each ``(agent, start, length)``: from each start, the longest run of ``words``
        (none of them part of a person's name) that is a role phrase; a single word may
        be one by its lemma ("ministers" -> "minister"). Memoised: the same phrases
        ("the government", "the company") come back in article after article."""
        key = (words, lemmas, persons)
        memo = self._role_memo
        if key in memo:
            return memo[key]
        found = []
        # a window holding a word that is in no role phrase cannot be one: most windows
        # are ruled out here without joining and normalising them
        possible = [self.may_be_role(w) and not p for w, p in zip(words, persons)]
        for i in range(len(words)):
            for n in range(min(longest, len(words) - i), 0, -1):
                if not all(possible[i:i + n]):
                    # a single word that is no role may still be one by its lemma ("ministers")
                    if n > 1 or persons[i] or not self.may_be_role(lemmas[i]):
                        continue
                agent = self.agent_of_phrase(" ".join(words[i:i + n]))
                if agent is None and n == 1:
                    agent = self.agent_of_phrase(lemmas[i])
                if agent:
                    found.append((agent, i, n))
                    break
        if len(memo) > 100_000:
            memo.clear()
        memo[key] = found
        return found

    def may_be_role(self, word: str) -> bool:
        """Whether ``word`` could be part of a role phrase: each of its normalised pieces
        (in some singular form) is a word of one; a word that normalises to nothing ("'s",
        "-") may be. A quick, generous test before the exact one of :meth:`agent_of_phrase`."""
        known = self._may_be_role.get(word)
        if known is None:
            if self._role_vocab is None:
                self._role_vocab = frozenset(w for phrase in self._agent_words for w in phrase.split())
            vocab = self._role_vocab
            # inside a phrase a word keeps the "'s" that normalise strips at its end ("people's army")
            known = all(piece == "the" or piece + "'s" in vocab or any(f in vocab for f in _singulars(piece))
                        for piece in normalise(word).split())
            if len(self._may_be_role) > 200_000:
                self._may_be_role.clear()
            self._may_be_role[word] = known
        return known

    def _agent_of(self, tokens: list[str]) -> str | None:
        head, last = tokens[:-1], tokens[-1]
        for form in _singulars(last):
            agent = self._agent_words.get(" ".join([*head, form]))
            if agent:
                return agent
        return None

    def is_capital(self, text: str) -> bool:
        """A capital city ("Moscow", "Washington"), which news uses for its government."""
        if self._capitals is None:
            self._capitals = frozenset(normalise(c) for e in self._countries.values() for c in e.capitals)
        return normalise(text) in self._capitals

    def is_honorific(self, word: str) -> bool:
        """A word before a name that is no role: "Mr.", "Dr."."""
        return normalise(word) in self._honorifics

    def role_words(self) -> list[str]:
        """Every role word or phrase, normalised (lower case), for matchers."""
        return sorted(self._agent_words)

    @property
    def longest_role(self) -> int:
        """Words in the longest role phrase (how far a matcher must look)."""
        if self._longest_role is None:
            self._longest_role = max((len(w.split()) for w in self._agent_words), default=1)
        return self._longest_role

    def lookup_person(self, name: str, on: date | None = None) -> Actor | None:
        """The person's actor on date ``on``; None if unknown or no role is valid then.

        Among the roles valid on ``on``, dated ones beat the undated fall-back and
        the latest start wins. If they span several countries the name is
        ambiguous (two people, one name) and None is returned. Without a date
        the person's latest role is taken.
        """
        if self._persons is None:
            self._persons = self._load_persons()
        rows = self._persons.get(normalise(name), [])
        if on is not None:
            rows = [p for p in rows if p.valid_on(on)]
        if not rows:
            return None
        one_career = on is None and len({p.name for p in rows}) == 1  # e.g. a minister turned UN official
        if len({p.country or p.code for p in rows}) > 1 and not one_career:
            return None
        return _person_actor(max(rows, key=_role_rank))

    def person_name_words(self) -> frozenset[str]:
        """Every word of every known person's name, normalised (for a cheap look at text)."""
        if self._persons is None:
            self._persons = self._load_persons()
        return frozenset(w for key in self._persons for w in key.split())

    def lookup_surname(self, surname: str, on: date | None = None, countries=(), title: str = "") -> Actor | None:
        """A person named by surname alone, as news names the famous ("Putin", "Bush").

        The namesakes with a role valid on ``on`` (any role without a date) are the
        candidates; those with a dated role beat those with only the undated
        fall-back, those whose role is the ``title`` the text gives ("President
        Bush") beat the others, and so do those of ``countries`` (the article's);
        if the article names countries, none is a candidate's and no title
        matches, the surname stays unknown. It resolves only if the candidates
        left are at most ``MAX_NAMESAKES`` persons of one country.
        """
        if self._persons is None:
            self._persons = self._load_persons()
        key = normalise(surname)
        if " " in key or len(key) < 3:
            return None
        careers: dict[str, list[_Person]] = {}
        for p in self._surnames.get(key, []):
            careers.setdefault(p.name, []).append(p)
        roles = []
        for rows in careers.values():
            valid = [p for p in rows if on is None or p.valid_on(on)]
            titled = [p for p in valid if title and normalise(p.role) == normalise(title)]
            if titled or valid:
                roles.append(max(titled or valid, key=_role_rank))
        if on is not None and any(r.start or r.end for r in roles):
            roles = [r for r in roles if r.start or r.end]
        titled = [r for r in roles if title and normalise(r.role) == normalise(title)]
        roles = titled or roles
        local = [r for r in roles if (r.country or r.code) in countries]
        if countries and not local and not titled:
            return None  # "Sadr" in a story about Iraq is no Iranian namesake
        roles = local or roles
        if not roles or len(roles) > MAX_NAMESAKES or len({r.country or r.code for r in roles}) > 1:
            return None
        return _person_actor(max(roles, key=_role_rank))

    def person_roles(self, name: str) -> list[tuple[str, str, date | None, date | None, str]]:
        """Every role row of the persons called ``name`` (full name, alias or surname):
        (name, code, start, end, role), for showing what the table knows."""
        if self._persons is None:
            self._persons = self._load_persons()
        key = normalise(name)
        rows = self._persons.get(key) or self._surnames.get(key, [])
        return [(p.name, p.code, p.start, p.end, p.role) for p in rows]

    def entity_ruler_patterns(self, nlp: Any = None) -> list[dict]:
        """spaCy EntityRuler patterns with ``id`` set to the actor code.

        Countries, aliases and capitals are GPE, adjectives and plurals NORP,
        organisations, groups and metonyms ORG. Patterns are cut into tokens by
        ``nlp``'s tokenizer (a blank English one by default) so they match what
        the pipeline sees. A one-token form must match exactly as written (a
        capitalised word also in all capitals), so "us", "un", "turkey" and "china" stay ordinary words;
        in longer forms each word matches as written, capitalised (headlines) or in capitals,
        so "the Islamic State" is a group and "an Islamic state" is not. Ambiguous forms are left to the
        statistical NER. A leading "the" is dropped; a form with diacritics is
        also matched without them.
        """
        if nlp is None:
            import spacy  # only here: the tables themselves need no spaCy

            nlp = spacy.blank("en")
        patterns, seen = [], set()
        for label, text, code in self._ruler:
            if normalise(text) in self._ambiguous:
                continue
            text = re.sub(r"^(?i:the)\s+", "", text.strip())
            for variant in dict.fromkeys([text, fold(text)]):
                tokens = [t.text for t in nlp.make_doc(variant)]
                if len(tokens) == 1:
                    shapes = [[{"ORTH": tokens[0]}]]
                    if tokens[0].istitle():  # headlines: "BAKU", but not "LeT" -> "LET"
                        shapes.append([{"ORTH": tokens[0].upper()}])
                else:  # each word as written, capitalised or in capitals: not "an Islamic state"
                    shapes = [[{"ORTH": {"IN": sorted({t, t.upper(), t[:1].upper() + t[1:]})}} for t in tokens]]
                for shape in shapes:
                    key = repr(shape)
                    if key not in seen:  # the first label given to a form wins (places first)
                        seen.add(key)
                        patterns.append({"label": label, "pattern": shape, "id": code})
        return patterns


def _role_rank(p: _Person) -> tuple:
    """Dated roles beat the undated fall-back; then the latest start, the latest end."""
    return (p.start is not None or p.end is not None, p.start or date.min, p.end or date.max)


def _person_actor(p: _Person) -> Actor:
    return Actor(code=p.code if p.country is None else p.country + p.agent,
                 country=p.country, agent=p.agent, name=p.name, kind="person")


def _singulars(word: str) -> list[str]:
    forms = [word]
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def _copy(actor: Actor | None) -> Actor | None:
    # Callers may change the Actor they get (e.g. add an agent): never hand out ours.
    if actor is None:
        return None
    return Actor(code=actor.code, country=actor.country, agent=actor.agent, name=actor.name, kind=actor.kind)


_DEFAULT: ActorTables | None = None


def load_actor_tables(data_dir: Path | None = None) -> ActorTables:
    """The tables from the package's data (cached), or from ``data_dir`` (not cached)."""
    global _DEFAULT
    if data_dir is not None:
        return ActorTables(Path(data_dir))
    if _DEFAULT is None:
        _DEFAULT = ActorTables(DATA_DIR)
    return _DEFAULT
