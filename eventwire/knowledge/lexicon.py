"""The event lexicon: verb, noun and adjective patterns kept as data.

Pattern syntax (one entry a line, in ``eventwire/data/lexicon/*.txt``)::

    CODE  PATTERN  [| flag flag ...]      # comment

``PATTERN`` reads like the phrase it matches, written with lemmas:

* the first word is the trigger: a verb lemma (``visit``), or a noun
  (``noun:visit``) or an adjective (``adj:determined``);
* ``TGT`` / ``SRC`` are actor slots: after a preposition they are that
  preposition's object (``pay visit to TGT``, ``accuse TGT of``), alone the
  direct object (``visit TGT``) or the subject;
* ``to WORD`` is an embedded infinitive (``refuse to negotiate``), ``to *``
  any infinitive (``call on TGT to *``);
* ``+WORD`` requires a modifier of the trigger (``noun:use +illegal by TGT``);
* a particle (up, down, out, off, back, over, away, on, in) after a verb is a
  particle (``turn down TGT``, ``pull out of TGT``);
* ``obj:WORD`` is the verb's object noun (``hold obj:talk with TGT``: the
  light-verb construction "held talks with"); a preposition followed by a
  word requires that prepositional object (``threaten TGT with war``).

Flags: ``src=speaker`` (the source is whoever asserts the sentence),
``tgt=speaker``, ``conf=0.6`` (confidence), ``recip`` (both slots are
participants of one symmetric event).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"

PREPOSITIONS = frozenset(
    "to with of on against in into from for at over about between among toward towards "
    "by upon across through near after under within beyond behind onto amid".split()
)
PARTICLES = frozenset("up down out off back over away on in".split())
KINDS = ("verb", "noun", "adj")


@dataclass(frozen=True)
class Slot:
    role: str  # "source" | "target"
    prep: str | None  # None: direct object (target) or subject (source)


@dataclass(frozen=True)
class Pattern:
    code: str
    kind: str  # verb | noun | adj
    lemma: str
    text: str  # the pattern as written
    origin: str  # file:line
    particle: str | None = None
    obj: str | None = None  # required object noun lemma (light verbs)
    xcomp: str | None = None  # required infinitive lemma, "*" for any
    modifiers: tuple[str, ...] = ()
    slots: tuple[Slot, ...] = ()
    flags: frozenset[str] = frozenset()
    confidence: float = 0.8

    @property
    def specificity(self) -> int:
        """More constraints win when several patterns fit one trigger."""
        return (
            (self.particle is not None) * 2
            + (self.obj is not None) * 3
            + (self.xcomp is not None) * (1 if self.xcomp == "*" else 3)
            + len(self.modifiers) * 2
            + sum(2 if s.prep else 1 for s in self.slots)
        )


@dataclass
class Lexicon:
    patterns: list[Pattern]
    by_trigger: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    lists: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p in self.patterns:
            self.by_trigger.setdefault((p.kind, p.lemma), []).append(p)
        for plist in self.by_trigger.values():
            plist.sort(key=lambda p: -p.specificity)

    def candidates(self, kind: str, lemma: str) -> list[Pattern]:
        return self.by_trigger.get((kind, lemma), [])

    def word_list(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())


def parse_pattern(code: str, text: str, flags: list[str], origin: str) -> Pattern:
    """Turn one written pattern into a :class:`Pattern`; raises ValueError with a reason."""
    words = text.split()
    if not words:
        raise ValueError("empty pattern")
    head = words[0]
    kind = "verb"
    if ":" in head:
        kind, head = head.split(":", 1)
        if kind not in KINDS:
            raise ValueError(f"unknown trigger kind '{kind}' (use noun: or adj:)")
    if not head or not head.replace("-", "").replace("_", "").isalpha():
        raise ValueError(f"trigger '{head}' is not a word")
    particle = obj = xcomp = None
    modifiers: list[str] = []
    slots: list[Slot] = []
    i = 1
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w in ("TGT", "SRC"):
            slots.append(Slot("target" if w == "TGT" else "source", None))
        elif w.startswith("+"):
            if len(w) < 2:
                raise ValueError("'+' needs a modifier word")
            modifiers.append(w[1:].lower())
        elif w.startswith("obj:"):
            if kind != "verb" or obj is not None or len(w) < 5:
                raise ValueError(f"'{w}': only one object noun, after a verb trigger")
            obj = w[4:].lower()
        elif w in PREPOSITIONS and nxt in ("TGT", "SRC"):
            slots.append(Slot("target" if nxt == "TGT" else "source", w))
            i += 1
        elif w in PREPOSITIONS and nxt is not None and (nxt.startswith("obj:") or (w != "to" and nxt.islower())):
            # a preposition with a required noun: "threaten TGT with war", "agree to obj:ceasefire"
            modifiers.append(f"@{w}:{nxt.removeprefix('obj:').lower()}")
            i += 1
        elif w == "to":
            if nxt is None or nxt == "*":
                xcomp = "*"
            else:
                xcomp = nxt.lower()
            i += 1
        elif kind == "verb" and w in PARTICLES and particle is None:
            particle = w
        elif w in PREPOSITIONS:
            # a preposition that must be present without an actor slot ("accuse TGT of")
            modifiers.append("@" + w)
        elif w.isupper():
            raise ValueError(f"unknown slot '{w}' (use TGT or SRC)")
        else:
            raise ValueError(f"cannot place word '{w}' (object nouns are written obj:WORD)")
        i += 1
    if len([s for s in slots if s.role == "target"]) > 1:
        raise ValueError("more than one TGT slot")
    confidence = 0.8
    flagset = set()
    for f in flags:
        if f.startswith("conf="):
            try:
                confidence = float(f[5:])
            except ValueError:
                raise ValueError(f"bad confidence '{f}'") from None
            if not 0 < confidence <= 1:
                raise ValueError(f"confidence out of range in '{f}'")
        elif f in ("src=speaker", "tgt=speaker", "recip"):
            flagset.add(f)
        else:
            raise ValueError(f"unknown flag '{f}'")
    return Pattern(
        code=code, kind=kind, lemma=head.lower(), text=text, origin=origin,
        particle=particle, obj=obj, xcomp=xcomp, modifiers=tuple(modifiers),
        slots=tuple(slots), flags=frozenset(flagset), confidence=confidence,
    )


def read_pattern_file(path: Path, valid_code) -> list[Pattern]:
    patterns = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        body, _, flagtext = line.partition("|")
        parts = body.split(None, 1)
        if len(parts) < 2:
            raise DataFileError(str(path), lineno, "expected 'CODE PATTERN'")
        code, text = parts
        if not valid_code(code):
            raise DataFileError(str(path), lineno, f"unknown CAMEO code '{code}'")
        try:
            patterns.append(parse_pattern(code, text.strip(), flagtext.split(), f"{path.name}:{lineno}"))
        except ValueError as err:
            raise DataFileError(str(path), lineno, str(err)) from None
    return patterns


def read_word_list(path: Path) -> frozenset[str]:
    words = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    return frozenset(words)


def load_lexicon(data_dir: Path | None = None, valid_code=None) -> Lexicon:
    """Read every ``*.txt`` pattern file and ``lists/*.txt`` word list in the lexicon folder."""
    if data_dir is None:
        return _default_lexicon()
    return _read_lexicon(data_dir, valid_code)


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return _read_lexicon(DATA_DIR, None)


def _read_lexicon(data_dir: Path, valid_code) -> Lexicon:
    if valid_code is None:
        from eventwire.knowledge.codebook import load_codebook

        codebook = load_codebook()
        valid_code = codebook.is_valid
    patterns: list[Pattern] = []
    for path in sorted(data_dir.glob("*.txt")):
        patterns.extend(read_pattern_file(path, valid_code))
    lists = {p.stem: read_word_list(p) for p in sorted((data_dir / "lists").glob("*.txt"))}
    return Lexicon(patterns=patterns, lists=lists)
