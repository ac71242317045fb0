"""The CAMEO and PLOVER codebook, read from three data files in ``eventwire/data``.

* ``cameo_codes.csv``: every CAMEO event code (roots included) with its name,
  root, quad class and Goldstein value;
* ``plover_types.csv``: the 16 PLOVER event types, each a row with an empty
  mode followed by one row per mode;
* ``cameo_plover.csv``: one row per CAMEO code giving its PLOVER type and mode.
  An empty type means "no PLOVER equivalent" (emitted as null) and must say
  why in the ``note`` column.

Every row is checked when loading; a bad one raises ``DataFileError`` naming
the file and line, so a broken data file fails at start-up, not mid-run.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CODES_FILE = "cameo_codes.csv"
TYPES_FILE = "plover_types.csv"
CROSSWALK_FILE = "cameo_plover.csv"

_CODE_COLUMNS = ["code", "name", "root", "quad_class", "goldstein", "goldstein_source_note", "description"]
_TYPE_COLUMNS = ["type", "mode", "definition"]
_CROSSWALK_COLUMNS = ["cameo", "plover_type", "plover_mode", "note"]


@dataclass(frozen=True)
class CameoCode:
    code: str  # always a string: "042", "0233", "19"
    name: str
    root: str  # the two-digit cue category, "04"
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float
    plover_type: str | None  # None: PLOVER has no equivalent (CAMEO 01 statements)
    plover_mode: str | None
    description: str = ""


@dataclass(frozen=True)
class PloverType:
    name: str
    definition: str
    modes: tuple[str, ...]


class Codebook:
    """Read-only lookups over the loaded codes; build it with ``load_codebook``."""

    def __init__(self, codes: dict[str, CameoCode], plover_types: list[PloverType]):
        self._codes = dict(sorted(codes.items()))
        self._types = tuple(plover_types)

    def get(self, code: str) -> CameoCode:
        """The entry for ``code``; ``KeyError`` when CAMEO has no such code."""
        return self._codes[code]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._codes

    def codes(self) -> list[CameoCode]:
        return list(self._codes.values())

    def plover_types(self) -> list[PloverType]:
        return list(self._types)

    def is_valid(self, code: str) -> bool:
        return code in self


def load_codebook(data_dir: Path | None = None) -> Codebook:
    """The codebook from the package's data (cached), or from ``data_dir`` (not cached)."""
    if data_dir is None:
        return _default_codebook()
    return _load(Path(data_dir))


@functools.lru_cache(maxsize=1)
def _default_codebook() -> Codebook:
    return _load(DATA_DIR)


def _load(data_dir: Path) -> Codebook:
    codes_path = data_dir / CODES_FILE
    codes = _read_codes(codes_path)
    types = _read_types(data_dir / TYPES_FILE)
    crosswalk = _read_crosswalk(data_dir / CROSSWALK_FILE, codes, types)
    entries = {}
    for code, (line, name, quad, goldstein, description) in codes.items():
        if code not in crosswalk:
            raise DataFileError(str(codes_path), line, f"code {code} has no row in {CROSSWALK_FILE}")
        plover_type, plover_mode = crosswalk[code]
        entries[code] = CameoCode(code, name, code[:2], quad, goldstein, plover_type, plover_mode, description)
    return Codebook(entries, list(types.values()))


def _rows(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row, after checking the header is exactly ``columns``."""
    try:
        f = path.open(encoding="utf-8", newline="")
    except OSError as e:
        raise DataFileError(str(path), None, f"cannot read: {e.strerror}") from None
    with f:
        reader = csv.reader(f)
        try:
            if next(reader, None) != columns:
                raise DataFileError(str(path), 1, f"header must be: {','.join(columns)}")
            for row in reader:
                if not row:  # a blank line
                    continue
                if len(row) != len(columns):
                    raise DataFileError(str(path), reader.line_num,
                                        f"expected {len(columns)} fields, found {len(row)}")
                yield reader.line_num, dict(zip(columns, (v.strip() for v in row)))
        except UnicodeDecodeError:
            raise DataFileError(str(path), None, "not valid UTF-8") from None
        except csv.Error as e:
            raise DataFileError(str(path), reader.line_num, f"malformed CSV: {e}") from None


def _read_codes(path: Path) -> dict[str, tuple[int, str, int, float, str]]:
    """code -> (line, name, quad class, Goldstein value, description)."""
    out: dict[str, tuple[int, str, int, float, str]] = {}
    for line, r in _rows(path, _CODE_COLUMNS):
        code = r["code"]
        # digits as text: a spreadsheet round trip that drops the leading zero must fail here
        if not re.fullmatch(r"[0-9]{2,4}", code):
            raise DataFileError(str(path), line, f"code {code!r} is not 2 to 4 digits")
        if code in out:
            raise DataFileError(str(path), line, f"duplicate code {code}")
        if r["root"] != code[:2]:
            raise DataFileError(str(path), line, f"root {r['root']!r} does not match code {code}")
        if not r["name"]:
            raise DataFileError(str(path), line, f"code {code} has no name")
        try:
            goldstein = float(r["goldstein"])
        except ValueError:
            raise DataFileError(str(path), line, f"goldstein {r['goldstein']!r} is not a number") from None
        if not -10.0 <= goldstein <= 10.0:  # also rejects nan
            raise DataFileError(str(path), line, f"goldstein {goldstein} is outside [-10, 10]")
        if r["quad_class"] not in ("1", "2", "3", "4"):
            raise DataFileError(str(path), line, f"quad_class {r['quad_class']!r} is not 1-4")
        out[code] = (line, r["name"], int(r["quad_class"]), goldstein, r["description"])
    if not out:
        raise DataFileError(str(path), None, "no codes")
    # A code belongs to its root's quad class, so the root must be listed and agree.
    for code, (line, _, quad, _, _) in out.items():
        root = out.get(code[:2])
        if root is None:
            raise DataFileError(str(path), line, f"root {code[:2]} of code {code} is not listed")
        if root[2] != quad:
            raise DataFileError(str(path), line, f"quad_class {quad} differs from root {code[:2]}'s {root[2]}")
    return out


def _read_types(path: Path) -> dict[str, PloverType]:
    definitions: dict[str, str] = {}
    modes: dict[str, list[str]] = {}
    for line, r in _rows(path, _TYPE_COLUMNS):
        name, mode = r["type"], r["mode"]
        if not re.fullmatch(r"[A-Z]+", name):
            raise DataFileError(str(path), line, f"type {name!r} is not an upper-case word")
        if not r["definition"]:
            raise DataFileError(str(path), line, "empty definition")
        if not mode:
            if name in definitions:
                raise DataFileError(str(path), line, f"duplicate type {name}")
            definitions[name], modes[name] = r["definition"], []
        elif name not in definitions:
            raise DataFileError(str(path), line, f"mode {mode!r} comes before its type row {name}")
        elif not re.fullmatch(r"[a-z]+(-[a-z]+)*", mode):
            raise DataFileError(str(path), line, f"mode {mode!r} is not a lower-case word")
        elif mode in modes[name]:
            raise DataFileError(str(path), line, f"duplicate mode {name} {mode}")
        else:
            modes[name].append(mode)
    if not definitions:
        raise DataFileError(str(path), None, "no PLOVER types")
    return {name: PloverType(name, d, tuple(modes[name])) for name, d in definitions.items()}


def _read_crosswalk(path: Path, codes: dict, types: dict[str, PloverType]) -> dict[str, tuple[str | None, str | None]]:
    """CAMEO code -> (PLOVER type, mode); None where empty."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for line, r in _rows(path, _CROSSWALK_COLUMNS):
        code, plover_type, mode = r["cameo"], r["plover_type"] or None, r["plover_mode"] or None
        if code not in codes:
            raise DataFileError(str(path), line, f"{code!r} is not a code in {CODES_FILE}")
        if code in out:
            raise DataFileError(str(path), line, f"duplicate row for code {code}")
        if plover_type is None:
            if mode:
                raise DataFileError(str(path), line, f"mode {mode!r} without a type")
            if not r["note"]:  # a null must be a decision, not an omission
                raise DataFileError(str(path), line, f"code {code} has no PLOVER type and no note saying why")
        elif plover_type not in types:
            raise DataFileError(str(path), line, f"{plover_type!r} is not a PLOVER type in {TYPES_FILE}")
        elif mode and mode not in types[plover_type].modes:
            raise DataFileError(str(path), line, f"{mode!r} is not a mode of {plover_type}")
        out[code] = (plover_type, mode)
    return out
