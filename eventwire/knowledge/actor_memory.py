"""Actors known beyond the built-in tables: the actor memory and the user's actor file.

**Actor memory** (:class:`ActorMemory`): what articles have taught. When an
article says "Azerbaijani Foreign Minister Jeyhun Bayramov", the fact
"Jeyhun Bayramov is AZEGOV" is stored with the dates it was first and last
seen and how often, so that a later article saying only "Bayramov said"
resolves to AZEGOV. The file is JSON Lines, one fact a line::

    {"name": "Jeyhun Bayramov", "code": "AZEGOV", "role": "foreign minister",
     "first_seen": "2022-12-23", "last_seen": "2023-01-10", "count": 3}

Facts are keyed by (name, code): a person seen with two roles has two lines.
Without a path given, ``eventwire actors`` uses ``eventwire-actors.jsonl`` in the
working directory (next to the database, which also lives there by default).

A fact applies to an article dated within ``MEMORY_BEFORE`` before its first
sighting and ``MEMORY_AFTER`` after its last one: people change jobs, and what
2022 taught says nothing of 1987. Among the facts that apply, the one whose
sightings span the date wins, then the nearest, then the most seen. Without an
article date the most recently seen fact wins. A surname alone ("Bayramov")
finds a fact only if one person in the memory bears it.

**User actor file** (:class:`UserActors`): CSV with the header
``name,code,aliases,start,end,kind`` (only ``name`` and ``code`` required, in
any order; ``aliases`` ``|``-separated; dates ISO, empty = open; ``kind`` one of
person, org, group, country, by default person for a code with an agent,
country for a bare country code, org for IGO/NGO and group for IMG) or YAML, a
list of mappings with the same keys (``aliases`` may be a list). Its entries override
everything, the text included. Codes are checked against the actor tables:
a known country (``AZE``), country + known agent (``AZEGOV``), or an
organisation or group code (``IGO``/``NGO``/``IMG`` + letters).

Bad input never stops the program: a malformed line, an unknown code or agent,
or an entry that contradicts an earlier one (same name, other code, dates
overlapping) is skipped with a one-line message naming the file and line, kept
in ``problems`` and logged as a warning; the rest of the file and the
built-in tables keep working.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from eventwire.knowledge.actor_tables import ActorTables, normalise
from eventwire.records import Actor

log = logging.getLogger("eventwire.actors")

DEFAULT_MEMORY = "eventwire-actors.jsonl"
MEMORY_BEFORE = timedelta(days=365)
MEMORY_AFTER = timedelta(days=730)
USER_COLUMNS = ("name", "code", "aliases", "start", "end", "kind")
USER_KINDS = ("person", "org", "group", "country")  # org/group/country are ORG/ORG/GPE to the parser
_ORG_CODE = re.compile(r"(IGO|NGO|IMG)[A-Z0-9]+")


# ------------------------------------------------------------------ actor memory

@dataclass
class Fact:
    """One thing articles said about a name."""

    name: str
    code: str
    role: str = ""
    first_seen: date | None = None
    last_seen: date | None = None
    count: int = 0

    def to_json(self) -> str:
        return json.dumps({"name": self.name, "code": self.code, "role": self.role,
                           "first_seen": _iso(self.first_seen), "last_seen": _iso(self.last_seen),
                           "count": self.count}, ensure_ascii=False)

    def applies_on(self, on: date) -> bool:
        return ((self.first_seen is None or self.first_seen - MEMORY_BEFORE <= on)
                and (self.last_seen is None or on <= self.last_seen + MEMORY_AFTER))

    def distance(self, on: date) -> int:
        """Days from ``on`` to the span of sightings (0 inside it)."""
        if self.first_seen and on < self.first_seen:
            return (self.first_seen - on).days
        if self.last_seen and on > self.last_seen:
            return (on - self.last_seen).days
        return 0


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class ActorMemory:
    """Facts learned from articles; see the module docstring for the file format."""

    facts: dict[tuple[str, str], Fact] = field(default_factory=dict)  # (normalised name, code)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None

    # -- learning ----------------------------------------------------------------
    def observe(self, name: str, code: str, on: date | None, role: str = "") -> Fact:
        """Record that an article dated ``on`` said ``name`` is ``code``."""
        key = (normalise(name), code)
        fact = self.facts.get(key)
        if fact is None:
            fact = self.facts[key] = Fact(name=name, code=code, role=role)
        fact.count += 1
        fact.role = fact.role or role
        if on is not None:
            fact.first_seen = min(fact.first_seen or on, on)
            fact.last_seen = max(fact.last_seen or on, on)
        return fact

    # -- lookup ------------------------------------------------------------------
    def lookup(self, name: str, on: date | None = None) -> Actor | None:
        key = normalise(name)
        facts = [f for (n, _), f in self.facts.items() if n == key]
        if not facts and key and " " not in key:
            facts = self._by_surname(key)
        fact = self._best(facts, on)
        if fact is None:
            return None
        return _actor(fact.code, fact.name, "person")

    def _by_surname(self, surname: str) -> list[Fact]:
        facts = [f for (n, _), f in self.facts.items() if n.split()[-1] == surname]
        return facts if len({normalise(f.name) for f in facts}) == 1 else []

    @staticmethod
    def _best(facts: list[Fact], on: date | None) -> Fact | None:
        if on is None:
            return max(facts, key=lambda f: (f.last_seen or date.min, f.count), default=None)
        facts = [f for f in facts if f.applies_on(on)]
        return min(facts, key=lambda f: (f.distance(on), -f.count), default=None)

    def find(self, name: str) -> list[Fact]:
        """Every fact about ``name`` (full name or surname), most seen first."""
        key = normalise(name)
        facts = [f for (n, _), f in self.facts.items() if n == key or n.split()[-1] == key]
        return sorted(facts, key=lambda f: -f.count)

    # -- file --------------------------------------------------------------------
    def save(self, path: str | Path | None = None) -> Path:
        """Write all facts (sorted by name) atomically: a crash leaves the old file."""
        path = Path(path or self.path or DEFAULT_MEMORY)
        tmp = path.with_name(path.name + ".tmp")
        facts = sorted(self.facts.values(), key=lambda f: (normalise(f.name), f.code))
        tmp.write_text("".join(f.to_json() + "\n" for f in facts), encoding="utf-8")
        tmp.replace(path)
        self.path = path
        return path

    def __len__(self) -> int:
        return len(self.facts)


def load_actor_memory(path: str | Path, tables: ActorTables | None = None) -> ActorMemory:
    """The memory in ``path``; an empty one if the file does not exist yet.

    A line that cannot be read is skipped and reported in ``problems``."""
    path = Path(path)
    memory = ActorMemory(path=path)
    if not path.exists():
        return memory
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        _problem(memory.problems, f"{path}: cannot read the actor memory ({err})")
        return memory
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
            name, code = str(rec["name"]).strip(), str(rec["code"]).strip()
            reason = _check_code(code, tables) if tables is not None else None
            if not name or reason:
                raise ValueError(reason or "empty name")
            fact = Fact(name, code, str(rec.get("role") or ""), _date(rec.get("first_seen")),
                        _date(rec.get("last_seen")), int(rec.get("count") or 1))
        except (ValueError, KeyError, TypeError) as err:
            what = f"missing field {err}" if isinstance(err, KeyError) else str(err)
            _problem(memory.problems, f"{path}:{n}: skipped ({what})")
            continue
        memory.facts[(normalise(name), code)] = fact
    return memory


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"bad date {value!r} (want YYYY-MM-DD)") from None


def _problem(problems: list[str], message: str) -> None:
    problems.append(message)
    log.warning("%s", message)


# ------------------------------------------------------------------ user actor file

@dataclass
class UserEntry:
    name: str
    code: str
    start: date | None
    end: date | None
    line: int
    kind: str = "person"

    def valid_on(self, on: date | None) -> bool:
        return on is None or ((self.start is None or self.start <= on) and (self.end is None or on <= self.end))

    def overlaps(self, other: UserEntry) -> bool:
        return ((self.start is None or other.end is None or self.start <= other.end)
                and (other.start is None or self.end is None or other.start <= self.end))


@dataclass
class UserActors:
    """The user's own actor entries, by normalised name (aliases included)."""

    path: Path
    by_name: dict[str, list[UserEntry]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def lookup(self, name: str, on: date | None = None) -> Actor | None:
        entries = [e for e in self.by_name.get(normalise(name), []) if e.valid_on(on)]
        if not entries:
            return None
        best = max(entries, key=lambda e: (e.start is not None or e.end is not None, e.start or date.min))
        return _actor(best.code, best.name, "igo" if best.kind == "org" else best.kind)

    def names(self) -> list[tuple[str, UserEntry]]:
        """(name as written, entry) of every entry and alias, for the entity ruler."""
        out = {}
        for key, entries in self.by_name.items():
            for e in entries:
                out.setdefault(key, (e.name if normalise(e.name) == key else key, e))
        return list(out.values())

    def ruler_patterns(self, tables: ActorTables) -> list[dict]:
        """EntityRuler patterns so that the parser sees each user name as one entity."""
        import spacy

        nlp = spacy.blank("en")
        patterns = []
        labels = {"person": "PERSON", "org": "ORG", "group": "ORG", "country": "GPE"}
        for text, entry in self.names():
            tokens = [t.text for t in nlp.make_doc(text)]
            patterns.append({"label": labels[entry.kind], "pattern": [{"LOWER": t.lower()} for t in tokens],
                             "id": entry.code})
        return patterns

    def __len__(self) -> int:
        """The number of entries (lines), not of names: aliases are not counted."""
        return len({id(e) for entries in self.by_name.values() for e in entries})


def load_user_actors(path: str | Path, tables: ActorTables) -> UserActors:
    """The user's actor file (CSV, or YAML by its .yaml/.yml extension)."""
    path = Path(path)
    user = UserActors(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        _problem(user.problems, f"{path}: cannot read the actor file ({getattr(err, 'strerror', None) or err}); "
                                "using the built-in tables only")
        return user
    rows = _yaml_rows(path, text, user.problems) if path.suffix.lower() in (".yaml", ".yml") \
        else _csv_rows(path, text, user.problems)
    for n, row in rows:
        entry = _user_entry(path, n, row, tables, user.problems)
        if entry is None:
            continue
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.split("|")]
        keys = dict.fromkeys(normalise(t) for t in [entry.name, *map(str, aliases)] if str(t).strip())
        clash = next(((k, e) for k in keys for e in user.by_name.get(k, [])
                      if e.code != entry.code and e.overlaps(entry)), None)
        if clash is not None:
            _problem(user.problems, f"{path}:{n}: skipped: {clash[0]!r} is already {clash[1].code} "
                                    f"(line {clash[1].line})")
            continue
        for k in keys:
            user.by_name.setdefault(k, []).append(entry)
    return user


def _csv_rows(path: Path, text: str, problems: list[str]):
    header = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            fields = next(csv.reader(io.StringIO(line)))
        except csv.Error as err:
            _problem(problems, f"{path}:{n}: skipped (bad CSV: {err})")
            continue
        fields = [f.strip() for f in fields]
        if header is None:
            header = [f.lower() for f in fields]
            unknown = [h for h in header if h not in USER_COLUMNS]
            if "name" not in header or "code" not in header or unknown:
                _problem(problems, f"{path}:{n}: the header must name the columns {','.join(USER_COLUMNS)} "
                                   f"(name and code required), got {','.join(fields)}; file not used")
                return
            continue
        if len(fields) != len(header):
            _problem(problems, f"{path}:{n}: skipped (expected {len(header)} fields, got {len(fields)})")
            continue
        yield n, dict(zip(header, fields))
    if header is None:
        _problem(problems, f"{path}: no header line (want {','.join(USER_COLUMNS)}); file not used")


def _yaml_rows(path: Path, text: str, problems: list[str]):
    try:
        import yaml
    except ImportError:
        _problem(problems, f"{path}: YAML actor files need the PyYAML package (pip install pyyaml); "
                           "or write the file as CSV")
        return
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        _problem(problems, f"{where}: not valid YAML ({getattr(err, 'problem', None) or err}); file not used")
        return
    if data is None:
        return
    if not isinstance(data, list):
        _problem(problems, f"{path}:1: want a list of entries (- name: ... code: ...); file not used")
        return
    for node, item in zip(root.value, data):
        n = node.start_mark.line + 1
        if not isinstance(item, dict):
            _problem(problems, f"{path}:{n}: skipped (an entry must be a mapping with name and code)")
            continue
        unknown = [k for k in item if k not in USER_COLUMNS]
        if unknown:
            _problem(problems, f"{path}:{n}: skipped (unknown field {unknown[0]!r}; "
                               f"fields are {', '.join(USER_COLUMNS)})")
            continue
        yield n, {k: ("" if v is None else v) for k, v in item.items()}


def _user_entry(path: Path, n: int, row: dict, tables: ActorTables, problems: list[str]) -> UserEntry | None:
    name, code = str(row.get("name") or "").strip(), str(row.get("code") or "").strip().upper()
    if not name or not code:
        _problem(problems, f"{path}:{n}: skipped (field {'name' if not name else 'code'} is empty)")
        return None
    reason = _check_code(code, tables)
    if reason:
        _problem(problems, f"{path}:{n}: skipped (field code: {reason})")
        return None
    try:
        start, end = _date(row.get("start")), _date(row.get("end"))
    except ValueError as err:
        _problem(problems, f"{path}:{n}: skipped (field start/end: {err})")
        return None
    if start and end and end < start:
        _problem(problems, f"{path}:{n}: skipped (end {end} is before start {start})")
        return None
    kind = str(row.get("kind") or "").strip().lower() or _default_kind(code)
    if kind not in USER_KINDS:
        _problem(problems, f"{path}:{n}: skipped (field kind: {kind!r} is not one of {', '.join(USER_KINDS)})")
        return None
    return UserEntry(name, code, start, end, n, kind)


def _default_kind(code: str) -> str:
    if _ORG_CODE.fullmatch(code):
        return "group" if code.startswith("IMG") else "org"
    return "country" if len(code) == 3 else "person"


def _check_code(code: str, tables: ActorTables) -> str | None:
    """Why ``code`` is not a usable actor code, or None if it is."""
    if _ORG_CODE.fullmatch(code):
        return None
    if not re.fullmatch(r"[A-Z]{3}([A-Z]{3})*", code):
        return f"{code!r} is not an actor code (ISO3 + agent such as AZEGOV, or IGO/NGO/IMG + name)"
    if tables.country(code[:3]) is None:
        return f"unknown country {code[:3]!r} in {code!r}"
    for i in range(3, len(code), 3):
        if code[i:i + 3] not in tables.agents:
            return f"unknown agent code {code[i:i + 3]!r} in {code!r}"
    return None


def _actor(code: str, name: str, kind: str | None) -> Actor:
    """A fresh Actor for ``code`` (callers may change it)."""
    if _ORG_CODE.fullmatch(code):
        country, agent = None, None
        kind = kind or ("group" if code.startswith("IMG") else "igo")
    else:
        country, agent = code[:3], code[3:6] or None
        kind = kind or ("person" if agent else "country")
    return Actor(code=code, country=country, agent=agent, name=name, kind=kind)
