"""Datasets out of the store: GDELT 2.0 and POLECAT layouts, JSON Lines, CSV, Parquet.

One row per happening (event cluster) except JSON Lines, which writes every mention
exactly as ``eventwire code --format jsonl`` prints it (``mentions=True`` gives
CSV and Parquet one row per mention too). The GDELT and POLECAT column lists and
what fills each column are data: ``eventwire/data/formats/*.csv``.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa

from eventwire.errors import DataFileError, EventwireError
from eventwire.records import flatten

FORMATS_DIR = Path(__file__).resolve().parent.parent / "data" / "formats"
FORMATS = ("gdelt", "plover", "jsonl", "csv", "parquet")


# --------------------------------------------------------------------------- layouts (data)

@cache
def layout(name: str) -> list[tuple[str, str]]:
    """(column, value name) pairs of a layout file, in order; validated."""
    path = FORMATS_DIR / f"{name}_events.csv"
    with open(path, encoding="utf-8", newline="") as f:
        lines = [(n, ln) for n, ln in enumerate(f, 1) if ln.strip() and not ln.startswith("#")]
    if not lines or lines[0][1].strip() != "column,value":
        raise DataFileError(str(path), lines[0][0] if lines else None, "expected the header column,value")
    known = VALUES[name]
    out = []
    for n, ln in lines[1:]:
        row = next(csv.reader([ln]))
        if len(row) != 2 or not row[0].strip():
            raise DataFileError(str(path), n, "expected two fields: column,value")
        column, value = row[0].strip(), row[1].strip()
        if value and value not in known:
            raise DataFileError(str(path), n, f"unknown value {value!r} (known: {', '.join(sorted(known))})")
        out.append((column, value))
    return out


@cache
def fips_codes() -> dict[str, str]:
    path = FORMATS_DIR / "fips_countries.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader(ln for ln in f if not ln.startswith("#"))
        return {r["iso3"]: r["fips"] for r in rows}


def _day(c: dict) -> date | None:
    return c.get("event_date") or c.get("first_seen")


def _fmt(x: Any) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "1" if x else "0"
    if isinstance(x, float):
        return f"{x:.10g}"
    if isinstance(x, (date, datetime)):
        return x.isoformat()
    return str(x)


def _geo_type(c: dict) -> int | None:
    """GDELT's place types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    if c.get("location_name") is None:
        return None
    us = c.get("location_country") == "USA"
    if c.get("location_feature_class") == "P":
        return 3 if us else 4
    if c.get("location_admin1"):
        return 2 if us else 5
    return 1


def _fips(c: dict) -> str | None:
    return fips_codes().get(c.get("location_country") or "")


GDELT_VALUES: dict[str, Callable[[dict], Any]] = {
    # a stable number from the cluster id (hex): GDELT ids are integers
    "global_event_id": lambda c: int(c["cluster_id"][:15], 16),
    "day": lambda c: _day(c).strftime("%Y%m%d") if _day(c) else None,
    "month_year": lambda c: _day(c).strftime("%Y%m") if _day(c) else None,
    "year": lambda c: _day(c).year if _day(c) else None,
    # GDELT's own formula: YEAR + ((MONTH - 1) * 30 + DAY) / 365
    "fraction_date": lambda c: (f"{_day(c).year + ((_day(c).month - 1) * 30 + _day(c).day) / 365:.4f}"
                                if _day(c) else None),
    "source_code": lambda c: c["source_code"], "source_name": lambda c: c["source_name"],
    "source_country": lambda c: c["source_country"], "source_agent": lambda c: c["source_agent"],
    "target_code": lambda c: c["target_code"], "target_name": lambda c: c["target_name"],
    "target_country": lambda c: c["target_country"], "target_agent": lambda c: c["target_agent"],
    "is_root_event": lambda c: bool(c["is_root_event"]),
    "cameo": lambda c: c["cameo"], "cameo_base": lambda c: c["cameo"][:3], "cameo_root": lambda c: c["cameo_root"],
    "quad_class": lambda c: c["quad_class"], "goldstein": lambda c: c["goldstein"],
    "num_mentions": lambda c: c["num_mentions"], "num_sources": lambda c: c["num_sources"],
    "num_articles": lambda c: c["num_articles"],
    "geo_type": _geo_type, "location_name": lambda c: c["location_name"], "location_fips": _fips,
    # FIPS country + the GeoNames admin1 code (FIPS 10-4 for most countries, as GDELT's)
    "location_adm1": lambda c: (_fips(c) or "") + (c["location_admin1"] or "") if _fips(c) else None,
    "location_lat": lambda c: c["location_lat"], "location_lon": lambda c: c["location_lon"],
    "location_geonameid": lambda c: c["location_geonameid"],
    "date_added": lambda c: c["first_added"].strftime("%Y%m%d%H%M%S") if c.get("first_added") else None,
    "source_url": lambda c: c["url"] or c["article_key"],
}

POLECAT_VALUES: dict[str, Callable[[dict], Any]] = {
    "event_id": lambda c: c["cluster_id"], "event_date": lambda c: c["event_date"],
    "plover_type": lambda c: c["plover_type"], "plover_mode": lambda c: c["plover_mode"],
    "goldstein": lambda c: c["goldstein"], "quad_class": lambda c: c["quad_class"],
    "source_name": lambda c: c["source_name"], "source_country": lambda c: c["source_country"],
    "source_agent": lambda c: c["source_agent"], "source_text": lambda c: c["source_text"],
    "target_name": lambda c: c["target_name"], "target_country": lambda c: c["target_country"],
    "target_agent": lambda c: c["target_agent"], "target_text": lambda c: c["target_text"],
    "location_name": lambda c: c["location_name"],
    "location_city": lambda c: c["location_name"] if c["location_feature_class"] == "P" else None,
    "location_admin1": lambda c: c["location_admin1"], "location_country": lambda c: c["location_country"],
    "location_lat": lambda c: c["location_lat"], "location_lon": lambda c: c["location_lon"],
    "location_geonameid": lambda c: c["location_geonameid"], "location_text": lambda c: c["location_text"],
    "location_feature_class": lambda c: c["location_feature_class"],
    "outlet": lambda c: c["outlet"], "first_seen": lambda c: c["first_seen"],
    "language": lambda c: "en", "coder": lambda c: c["coder"],
}

VALUES = {"gdelt": GDELT_VALUES, "polecat": POLECAT_VALUES}


def layout_row(name: str, cluster: dict[str, Any]) -> list[str]:
    values = VALUES[name]
    return [_fmt(values[v](cluster)) if v else "" for _, v in layout(name)]


# --------------------------------------------------------------------------- writing

CLUSTER_COLUMNS_DROPPED = ("block_key",)


def export(store, out, fmt: str, filters=None, mentions: bool = False, header: bool | None = None) -> int:
    """Write ``fmt`` to ``out`` (a path, or a text stream; Parquet needs a path)."""
    if fmt not in FORMATS:
        raise EventwireError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, (str, Path)):
            raise EventwireError("Parquet needs a file: give --output FILE.parquet")
        return _parquet(store, str(out), filters, mentions)
    if isinstance(out, (str, Path)):
        try:
            with open(out, "w", encoding="utf-8", newline="") as f:
                return _text(store, f, fmt, filters, mentions, header)
        except OSError as err:
            raise EventwireError(f"{out}: cannot write ({err.strerror or err})") from None
    return _text(store, out or sys.stdout, fmt, filters, mentions, header)


def _text(store, f, fmt: str, filters, mentions: bool, header: bool | None) -> int:
    n = 0
    if fmt == "jsonl":
        for d in store.mentions(filters):
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt in ("gdelt", "plover"):
        name = "gdelt" if fmt == "gdelt" else "polecat"
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        if header if header is not None else name == "polecat":  # GDELT's files have none, POLECAT's do
            w.writerow([c for c, _ in layout(name)])
        for chunk in store.happenings(filters):
            for c in chunk:
                w.writerow([_clean(v) for v in layout_row(name, c)])
                n += 1
        return n
    w = csv.writer(f, lineterminator="\n")
    if mentions:
        for i, d in enumerate(store.mentions(filters)):
            row = flatten(d)
            if i == 0 and header is not False:
                w.writerow(list(row))
            w.writerow([_fmt(v) for v in row.values()])
            n += 1
        return n
    for chunk in store.happenings(filters):
        for c in chunk:
            row = {k: v for k, v in c.items() if k not in CLUSTER_COLUMNS_DROPPED}
            if n == 0 and header is not False:
                w.writerow(list(row))
            w.writerow([_fmt(v) for v in row.values()])
            n += 1
    return n


def _clean(value: str) -> str:
    """Tab-separated layouts: no tab or line break inside a field."""
    return " ".join(value.split()) if any(ch in value for ch in "\t\r\n") else value


def _parquet(store, path: str, filters, mentions: bool) -> int:
    import pyarrow.parquet as pq

    from eventwire.store.frames import EVENT_SCHEMA, event_row

    n = 0
    try:
        if mentions:
            with pq.ParquetWriter(path, EVENT_SCHEMA) as writer:
                for rows in _batches(store.mentions(filters), event_row):
                    writer.write_table(pa.Table.from_pylist(rows, schema=EVENT_SCHEMA))
                    n += len(rows)
            return n
        reader = store.happenings_arrow(filters)
        keep = [name for name in reader.schema.names if name not in CLUSTER_COLUMNS_DROPPED]
        schema = pa.schema([reader.schema.field(name) for name in keep])
        with pq.ParquetWriter(path, schema) as writer:
            for batch in reader:
                writer.write_batch(batch.select(keep))
                n += batch.num_rows
    except OSError as err:
        raise EventwireError(f"{path}: cannot write ({err})") from None
    return n


def _batches(records, convert, size: int = 5000):
    rows = []
    for d in records:
        rows.append(convert(d))
        if len(rows) == size:
            yield rows
            rows = []
    if rows:
        yield rows
