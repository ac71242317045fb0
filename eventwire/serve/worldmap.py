"""The dashboard's map: the shipped world outline (eventwire/data/world/countries.geojson,
Natural Earth) drawn as SVG paths, event places as dots. Equirectangular: x is
longitude, y is latitude, so a place needs no projection library and no tile server.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from eventwire.errors import DataFileError

OUTLINE = Path(__file__).resolve().parent.parent / "data" / "world" / "countries.geojson"
WIDTH, HEIGHT = 1000, 500  # 360 x 180 degrees, scaled


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180.0) * WIDTH / 360.0, (90.0 - lat) * HEIGHT / 180.0


@functools.lru_cache(maxsize=2)
def country_paths(path: Path = OUTLINE) -> tuple[tuple[str, str, str], ...]:
    """``(iso3, name, svg path data)`` per country, loaded once."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        features = doc["features"]
    except (OSError, ValueError, KeyError) as err:
        raise DataFileError(str(path), None, f"not a readable world outline ({err})") from None
    out = []
    for i, feature in enumerate(features):
        try:
            props, geom = feature["properties"], feature["geometry"]
            polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            d = []
            for polygon in polygons:
                for ring in polygon:
                    pts = [project(lon, lat) for lon, lat in ring]
                    d.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        except (KeyError, TypeError, ValueError) as err:
            raise DataFileError(str(path), None, f"feature {i}: bad geometry ({err})") from None
        out.append((props.get("iso3") or "", props.get("name") or "", "".join(d)))
    return tuple(out)


def dots(items: list[dict]) -> list[dict]:
    """Happenings with coordinates, as dots (x, y, and the item), one per place and
    event, the most reported drawn last (on top)."""
    out = []
    for item in items:
        lat, lon = item.get("location_lat"), item.get("location_lon")
        if lat is None or lon is None:
            continue
        x, y = project(lon, lat)
        out.append({"x": round(x, 1), "y": round(y, 1), "r": min(12.0, 3.0 + (item.get("num_mentions") or 1)),
                    "item": item})
    out.sort(key=lambda d: d["item"].get("num_mentions") or 0)
    return out
