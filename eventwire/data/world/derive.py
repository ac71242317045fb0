"""Derive countries.geojson (the dashboard map's world outline) from Natural Earth's
1:110m admin-0 countries as shipped inside the geopandas 0.14.4 wheel
(geopandas/datasets/naturalearth_lowres/, public domain).

Run once, offline, by hand (not at run time):

    pip download --no-deps geopandas==0.14.4 -d /tmp/gp
    python eventwire/data/world/derive.py /tmp/gp/geopandas-0.14.4-py3-none-any.whl

Reads the shapefile and its dBase table with the standard library only, keeps
each country's ISO3 code, name and polygons, rounds coordinates to 0.1 degree
(plenty for a world map a screen wide) and drops points that rounding repeats.
"""

from __future__ import annotations

import json
import struct
import sys
import zipfile
from pathlib import Path

BASE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parent / "countries.geojson"


def read_dbf(data: bytes) -> list[dict[str, str]]:
    n, header_len, record_len = struct.unpack("<xxxxIHH", data[:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(n):
        rec, at, row = data[header_len + i * record_len: header_len + (i + 1) * record_len], 1, {}
        for name, size in fields:
            row[name] = rec[at:at + size].decode("utf-8", "replace").strip()
            at += size
        rows.append(row)
    return rows


def read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    shapes, pos = [], 100
    while pos < len(data):
        _, length = struct.unpack(">II", data[pos:pos + 8])
        rec = data[pos + 8: pos + 8 + 2 * length]
        pos += 8 + 2 * length
        (kind,) = struct.unpack("<i", rec[:4])
        if kind != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", rec[44:44 + 4 * n_parts])) + [n_points]
        at = 44 + 4 * n_parts
        points = [struct.unpack("<dd", rec[at + 16 * k: at + 16 * k + 16]) for k in range(n_points)]
        shapes.append([points[parts[i]:parts[i + 1]] for i in range(n_parts)])
    return shapes


def simplify(ring):
    out = []
    for x, y in ring:
        p = [round(x, 1), round(y, 1)]
        if not out or out[-1] != p:
            out.append(p)
    return out if len(out) >= 4 else None


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        shp, dbf = z.read(BASE + ".shp"), z.read(BASE + ".dbf")
    features = []
    for row, rings in zip(read_dbf(dbf), read_shp(shp)):
        polys = [r for r in map(simplify, rings) if r]
        if not polys:
            continue
        features.append({"type": "Feature", "properties": {"iso3": row.get("iso_a3"), "name": row.get("name")},
                         "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in polys]}})
    doc = {"type": "FeatureCollection",
           "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4 "
                     "naturalearth_lowres; rounded to 0.1 degree by eventwire/data/world/derive.py",
           "features": features}
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(features)} countries to {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
