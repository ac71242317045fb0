"""The event lexicon: verb, noun and adjective patterns kept as data.

Pattern syntax (one entry a line, in ``eventwire/data/lexicon/*.txt``; the
full guide with examples is ``docs/lexicon.md``)::

    CODE  PATTERN  [| flag flag ...]      # comment

``PATTERN`` reads like the phrase it matches, written with lemmas:

* the first word is the trigger: a verb lemma (``visit``), or a noun
  (``noun:visit``) or an adjective (``adj:determined``);
* ``TGT`` / ``SRC`` are actor slots: after a preposition they are that
  preposition's object (``pay visit to TGT``, ``accuse TGT of``), alone the
  direct object (``visit TGT``) or the subject;
* ``to WORD`` is an embedded infinitive (``refuse to negotiate``), ``to *``
  any infinitive (``call on TGT to *``); an ``obj:WORD`` after ``to WORD`` is
  the infinitive's object (``threaten to cut obj:aid``);
* ``+WORD`` requires a modifier of the trigger (``noun:use +illegal by TGT``),
  ``-WORD`` forbids one (``noun:attack -heart``), ``-PRED`` an object
  predicate (``call TGT -PRED``: "called him a liar" is no phone call); written right after an
  object noun, ``+WORD`` is that noun's modifier (``go on obj:strike +hunger``,
  ``threaten to use obj:weapon +nuclear``);
* a particle (up, down, out, off, back, over, away, on, in) after a verb is a
  particle (``turn down TGT``, ``pull out of TGT``);
* ``obj:WORD`` is the verb's object noun (``hold obj:talk with TGT``: the
  light-verb construction "held talks with"); a preposition followed by a
  word requires that prepositional object (``threaten TGT with war``);
* any word may list alternatives with ``/``: ``condemn/denounce/decry TGT``,
  ``impose obj:sanction/embargo on/against TGT``; each combination becomes a
  pattern of its own (same code, flags and line).

Flags: ``src=speaker`` (the source is whoever asserts the sentence),
``src=trigger`` (an agent noun names its own actor: "Iraqi kidnappers of"),
``tgt=speaker``, ``tgt=required`` (no event unless a target actor is found:
for verbs with everyday senses, "attack the problem"), ``tgt=object`` (stricter:
the object itself must name an actor, "hit Gaza" but not "hit a record
trade surplus with Germany"), ``obj=actor`` (a direct object, when there is
one, must name an actor: "met the envoy", "the two met", not "meet repayments"), ``conf=0.6``
(confidence), ``recip`` (both slots are participants of one symmetric
event), ``fallback`` (a generic statement, coded 010 only when the
``statements`` option is on and nothing more specific was found in the
sentence), ``frame`` (the entry counts only when it governs another event:
"plans to visit" is an intent to meet, "plans to win" nothing).

Word lists (``lists/*.txt``) hold one word a line. ``lists/frames.txt`` is
special: ``FRAME GOVERNED CODE`` lines say what a frame word (from the
list named FRAME: "vowed to", "urged X to", "refused to") becomes when it
governs an event whose code starts with GOVERNED; the longest prefix wins.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"

PREPOSITIONS = frozenset(
    "to with of on against in into from for at over about between among toward towards "
    "by upon across through near after under within beyond behind onto amid as during before since "
    "despite around outside inside past via regarding concerning following along throughout beside".split()
)
PARTICLES = frozenset("up down out off back over away on in forward ahead aside apart together around".split())
KINDS = ("verb", "noun", "adj")
FLAGS = frozenset({"src=speaker", "src=trigger", "tgt=speaker", "tgt=required", "tgt=object", "obj=actor",
                   "recip", "fallback", "frame"})
FRAMES_FILE = "frames.txt"
FRAME_NAMES = ("intent", "refuse", "threaten", "appeal", "demand", "allege")
_CODE = re.compile(r"\d{2,4}")


# ``-PRED`` in a pattern: the verb must have no object predicate ("called him a liar")
OBJECT_PREDICATE = "PRED"


@dataclass(frozen=True)
class Slot:
    role: str  # "source" | "target"
    prep: str | None  # None: direct object (target) or subject (source)


@dataclass(frozen=True)
class Pattern:
    code: str
    kind: str  # verb | noun | adj
    lemma: str
    text: str  # the pattern as written (this alternative of it)
    origin: str  # file:line
    particle: str | None = None
    obj: str | None = None  # required object noun lemma (light verbs)
    xcomp: str | None = None  # required infinitive lemma, "*" for any
    xcomp_obj: str | None = None  # required object noun of that infinitive
    modifiers: tuple[str, ...] = ()  # "word" required modifier, "@prep[:noun[+mod...]]" required preposition
    obj_modifiers: tuple[str, ...] = ()  # required modifiers of the object noun
    xcomp_obj_modifiers: tuple[str, ...] = ()  # required modifiers of the infinitive's object
    forbidden: tuple[str, ...] = ()  # modifiers or prepositions that rule the pattern out
    slots: tuple[Slot, ...] = ()
    flags: frozenset[str] = frozenset()
    confidence: float = 0.8
    # by=AGENT: who does it when a passive names no one ("was arrested in Madrid": the
    # police of the country where it happened)
    implied_agent: str | None = None

    @functools.cached_property
    def needed_words(self) -> frozenset[str]:
        """Words (lemmas or forms) the sentence must hold for the pattern to fit, besides
        its trigger: particle, object, infinitive, required modifiers and prepositions
        ("@on:troops+foreign" needs "on", "troops" and "foreign"). A cheap test first."""
        words = [self.particle, self.obj, None if self.xcomp == "*" else self.xcomp, self.xcomp_obj,
                 *self.obj_modifiers, *self.xcomp_obj_modifiers, *self.word_modifiers]
        for prep, noun, noun_modifiers in self.required_preps:
            words.extend([prep, noun, *noun_modifiers])
        words.extend(s.prep for s in self.slots if s.prep)
        # not "to": an indirect object stands for it ("gave Tanzania a grant")
        return frozenset(w for w in words if w and w != "to")

    @functools.cached_property
    def required_preps(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """The ``@prep[:noun[+mod...]]`` modifiers as (preposition, noun or "", the noun's modifiers)."""
        out = []
        for mod in self.modifiers:
            if mod.startswith("@"):
                prep, _, noun = mod[1:].partition(":")
                noun, *noun_modifiers = noun.split("+")
                out.append((prep, noun, tuple(noun_modifiers)))
        return tuple(out)

    @functools.cached_property
    def word_modifiers(self) -> tuple[str, ...]:
        """The required modifiers that are words (not prepositions)."""
        return tuple(mod for mod in self.modifiers if not mod.startswith("@"))

    @property
    def specificity(self) -> int:
        """More constraints win when several patterns fit one trigger."""
        return (
            (self.particle is not None) * 2
            + (self.obj is not None) * 3
            + (self.xcomp is not None) * (1 if self.xcomp == "*" else 3)
            + (self.xcomp_obj is not None) * 3
            + sum(3 if ":" in m else 2 for m in self.modifiers)
            + 2 * (len(self.obj_modifiers) + len(self.xcomp_obj_modifiers))
            + sum(2 if s.prep else 1 for s in self.slots)
        )


@dataclass
class Lexicon:
    patterns: list[Pattern]
    by_trigger: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    frames: dict[tuple[str, str], str] = field(default_factory=dict)  # (frame, code prefix) -> code

    def __post_init__(self) -> None:
        for p in self.patterns:
            self.by_trigger.setdefault((p.kind, p.lemma), []).append(p)
        for plist in self.by_trigger.values():
            # most constrained first; on a tie the surer reading ("attack" as 190, not 111)
            plist.sort(key=lambda p: (-p.specificity, -p.confidence))

    def candidates(self, kind: str, lemma: str) -> list[Pattern]:
        return self.by_trigger.get((kind, lemma), [])

    def word_list(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())

    def frame_code(self, frame: str, governed: str) -> str | None:
        """What ``frame`` over an event coded ``governed`` becomes (longest prefix wins)."""
        for n in range(len(governed), 1, -1):
            code = self.frames.get((frame, governed[:n]))
            if code:
                return code
        return None


def expand_alternatives(text: str) -> list[str]:
    """``condemn/denounce TGT`` -> ``["condemn TGT", "denounce TGT"]``."""
    choices = []
    for word in text.split():
        prefix = ""
        if ":" in word and not word.startswith(("+", "-")):
            prefix, word = word.split(":", 1)
            prefix += ":"
        elif word[:1] in "+-" and len(word) > 1:
            prefix, word = word[0], word[1:]
        alts = word.split("/")
        if any(not a for a in alts):
            raise ValueError(f"empty alternative in '{prefix}{word}'")
        choices.append([prefix + a for a in alts])
    return [" ".join(combo) for combo in itertools.product(*choices)]


def parse_pattern(code: str, text: str, flags: list[str], origin: str) -> Pattern:
    """Turn one written pattern (no alternatives) into a :class:`Pattern`; raises ValueError with a reason."""
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
    particle = obj = xcomp = xcomp_obj = None
    modifiers: list[str] = []
    obj_mods: list[str] = []
    xobj_mods: list[str] = []
    last = None  # the object noun a following "+WORD" modifies: "obj", "xobj" or a modifiers index
    forbidden: list[str] = []
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
            if last == "obj":
                obj_mods.append(w[1:].lower())
            elif last == "xobj":
                xobj_mods.append(w[1:].lower())
            elif isinstance(last, int):
                modifiers[last] += "+" + w[1:].lower()
            else:
                modifiers.append(w[1:].lower())
            i += 1
            continue
        elif w == "-PRED":
            forbidden.append(OBJECT_PREDICATE)  # "call TGT -PRED": not "called him a liar"
        elif w.startswith("-") and len(w) > 1 and w[1:].isalpha():
            forbidden.append(w[1:].lower())
        elif w.startswith("obj:") and xcomp not in (None, "*") and xcomp_obj is None and len(w) > 4:
            xcomp_obj = w[4:].lower()  # "threaten to cut obj:aid": the infinitive's object
            last = "xobj"
            i += 1
            continue
        elif w.startswith("obj:"):
            if kind != "verb" or obj is not None or len(w) < 5:
                raise ValueError(f"'{w}': only one object noun, after a verb trigger")
            obj = w[4:].lower()
            last = "obj"
            i += 1
            continue
        elif w in PREPOSITIONS and nxt in ("TGT", "SRC"):
            slots.append(Slot("target" if nxt == "TGT" else "source", w))
            i += 1
        elif w in PREPOSITIONS and nxt is not None and nxt not in PREPOSITIONS \
                and (nxt.startswith("obj:") or (w != "to" and nxt.islower())):
            # a preposition with a required noun: "threaten TGT with war", "agree to obj:ceasefire"
            modifiers.append(f"@{w}:{nxt.removeprefix('obj:').lower()}")
            last = len(modifiers) - 1
            i += 2
            continue
        elif w == "to":
            if nxt is None or nxt == "*":
                xcomp = "*"
            elif nxt.isupper():
                raise ValueError(f"unknown slot '{nxt}' (use TGT or SRC)")
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
        last = None
        i += 1
    if len([s for s in slots if s.role == "target"]) > 1:
        raise ValueError("more than one TGT slot")
    confidence = 0.8
    flagset = set()
    implied_agent = None
    for f in flags:
        if f.startswith("by="):
            implied_agent = f[3:]
            if not re.fullmatch(r"[A-Z]{3}", implied_agent):
                raise ValueError(f"bad agent in '{f}' (three capital letters: by=COP)")
        elif f.startswith("conf="):
            try:
                confidence = float(f[5:])
            except ValueError:
                raise ValueError(f"bad confidence '{f}'") from None
            if not 0 < confidence <= 1:
                raise ValueError(f"confidence out of range in '{f}'")
        elif f in FLAGS:
            flagset.add(f)
        else:
            raise ValueError(f"unknown flag '{f}' (known: conf=X, by=AGENT, {', '.join(sorted(FLAGS))})")
    if "fallback" in flagset and not code.startswith("01"):
        raise ValueError("'fallback' is for statement codes (01x) only")
    return Pattern(
        code=code, kind=kind, lemma=head.lower(), text=text, origin=origin,
        particle=particle, obj=obj, xcomp=xcomp, xcomp_obj=xcomp_obj, modifiers=tuple(modifiers),
        obj_modifiers=tuple(obj_mods), xcomp_obj_modifiers=tuple(xobj_mods), forbidden=tuple(forbidden),
        slots=tuple(slots), flags=frozenset(flagset), confidence=confidence, implied_agent=implied_agent,
    )


def parse_entry(code: str, text: str, flags: list[str], origin: str) -> list[Pattern]:
    """One written entry, alternatives expanded: a pattern per combination."""
    return [parse_pattern(code, variant, flags, origin) for variant in expand_alternatives(text)]


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
            patterns.extend(parse_entry(code, text.strip(), flagtext.split(), f"{path.name}:{lineno}"))
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


def read_frames(path: Path, valid_code) -> dict[tuple[str, str], str]:
    """``lists/frames.txt``: ``FRAME GOVERNED CODE`` a line, checked line by line."""
    frames: dict[tuple[str, str], str] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 3:
            raise DataFileError(str(path), lineno, "expected 'FRAME GOVERNED CODE'")
        frame, governed, code = parts
        if frame not in FRAME_NAMES:
            raise DataFileError(str(path), lineno, f"unknown frame '{frame}' (known: {', '.join(FRAME_NAMES)})")
        if not _CODE.fullmatch(governed):
            raise DataFileError(str(path), lineno, f"governed code '{governed}' is not 2-4 digits")
        if not valid_code(code):
            raise DataFileError(str(path), lineno, f"unknown CAMEO code '{code}'")
        if (frame, governed) in frames:
            raise DataFileError(str(path), lineno, f"'{frame} {governed}' given twice")
        frames[(frame, governed)] = code
    return frames


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
    lists, frames = {}, {}
    for path in sorted((data_dir / "lists").glob("*.txt")):
        if path.name == FRAMES_FILE:
            frames = read_frames(path, valid_code)
        else:
            lists[path.stem] = read_word_list(path)
    for frame in {f for f, _ in frames}:
        if frame not in lists:
            raise DataFileError(str(data_dir / "lists" / FRAMES_FILE), None,
                                f"frame '{frame}' has no word list lists/{frame}.txt")
    return Lexicon(patterns=patterns, lists=lists, frames=frames)
