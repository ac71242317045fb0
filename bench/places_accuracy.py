"""Resolution accuracy of the gazetteer on tests/fixtures/places.jsonl.

A case is right when the resolved country and feature class ("P" populated place, "A"
country or division) are the expected ones; for an expected null, when the name does not
resolve. Names go through ``resolve_place``, the dateline path, which also reads
"CITY, Region" forms; for a plain name it is ``Gazetteer.resolve``.

    .venv/bin/python bench/places_accuracy.py [-v]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eventwire.knowledge.gazetteer import load_gazetteer
from eventwire.stages.where import resolve_place

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "places.jsonl"


def evaluate(path: Path = FIXTURE) -> dict:
    gaz = load_gazetteer()
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = country_right = 0
    misses = []
    for case in cases:
        loc = resolve_place(case["name"], gaz, case["context"])
        country = loc.country if loc else None
        feature = loc.feature_class if loc else None
        ok_country = country == case["country"]
        ok = ok_country and (case["country"] is None or feature == case["feature_class"])
        right += ok
        country_right += ok_country
        if not ok:
            misses.append((case, country, feature, loc.name if loc else None))
    return {"cases": len(cases), "accuracy": right / len(cases),
            "country_accuracy": country_right / len(cases), "misses": misses}


def main() -> None:
    r = evaluate()
    print(f"cases: {r['cases']}")
    print(f"accuracy (country and feature class): {r['accuracy']:.3f}")
    print(f"accuracy (country only):              {r['country_accuracy']:.3f}")
    if "-v" in sys.argv:
        for case, country, feature, name in r["misses"]:
            print(f"  miss: {case['name']!r} ctx={case['context']} expected {case['country']}/"
                  f"{case['feature_class']}, got {country}/{feature} ({name})")


if __name__ == "__main__":
    main()
