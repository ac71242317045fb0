"""The CAMEO/PLOVER codebook data files and their loader."""

import csv
import shutil
from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.knowledge.codebook import DATA_DIR, CameoCode, load_codebook

PLOVER_TYPES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
QUAD_BY_ROOT = {**dict.fromkeys(range(1, 5), 1), **dict.fromkeys(range(5, 9), 2),
                **dict.fromkeys(range(9, 14), 3), **dict.fromkeys(range(14, 21), 4)}


@pytest.fixture(scope="module")
def book():
    return load_codebook()


def test_default_load_is_cached(book):
    assert load_codebook() is book


def test_counts_and_roots(book):
    codes = book.codes()
    assert len(codes) >= 280
    assert [c.code for c in codes] == sorted(c.code for c in codes)
    roots = [c.code for c in codes if len(c.code) == 2]
    assert roots == [f"{i:02d}" for i in range(1, 21)]
    for c in codes:
        assert c.root == c.code[:2]
        assert c.quad_class == QUAD_BY_ROOT[int(c.root)], c.code
        assert -10 <= c.goldstein <= 10
        assert c.name and c.name.isascii() and c.name[0].isupper(), c.code


def test_known_codes(book):
    visit = book.get("042")
    assert isinstance(visit, CameoCode)
    assert "visit" in visit.name.lower()
    assert visit.goldstein == 1.9 and visit.quad_class == 1 and visit.root == "04"
    force = book.get("190")
    assert force.quad_class == 4 and force.goldstein == -10.0
    assert "1041" in book and book.is_valid("0233")
    assert book.get("044").name == "Meet at a third location"  # GDELT's mis-encoded name is not used
    assert book.get("016").goldstein == -2.0  # GDELT's value, not ICEWS's -5


def test_unknown_codes(book):
    for bad in ("999", "42", "0420", "", "04 2"):
        assert bad not in book and not book.is_valid(bad)
    assert 42 not in book
    with pytest.raises(KeyError):
        book.get("999")


def test_plover_types(book):
    types = book.plover_types()
    assert [t.name for t in types] == PLOVER_TYPES
    by_name = {t.name: t for t in types}
    assert by_name["CONSULT"].modes == ("visit", "third-party", "multilateral", "phone")
    assert "targeted" in by_name["ASSAULT"].modes
    assert by_name["AGREE"].modes == ()
    assert all(t.definition for t in types)


@pytest.mark.parametrize("code,plover_type,mode", [
    ("042", "CONSULT", "visit"),
    ("043", "CONSULT", "visit"),
    ("112", "ACCUSE", "disapprove"),
    ("190", "ASSAULT", None),
    ("0233", "REQUEST", "assist"),  # CAMEO 02 appeals are dropped by PLOVER; we use REQUEST
    ("173", "COERCE", "arrest"),
    ("091", "ACCUSE", "investigate"),  # old INVESTIGATE
    ("1041", "REQUEST", "change"),  # old DEMAND
    ("0841", "RETREAT", "release"),
    ("0811", "CONCEDE", None),
    ("163", "SANCTION", "discontinue"),
    ("186", "ASSAULT", "targeted"),  # crosswalk's 'assassinate'
])
def test_crosswalk(book, code, plover_type, mode):
    c = book.get(code)
    assert (c.plover_type, c.plover_mode) == (plover_type, mode)


def test_every_code_maps_or_is_a_documented_null(book):
    modes = {t.name: t.modes for t in book.plover_types()}
    notes = {r["cameo"]: r["note"] for r in csv.DictReader(open(DATA_DIR / "cameo_plover.csv", encoding="utf-8"))}
    nulls = []
    for c in book.codes():
        if c.plover_type is None:
            assert c.plover_mode is None and notes[c.code], c.code
            nulls.append(c.code)
        else:
            assert c.plover_type in PLOVER_TYPES
            assert c.plover_mode is None or c.plover_mode in modes[c.plover_type], c.code
    # only CAMEO 01 statements lack a PLOVER type, and not all of them
    assert nulls and all(code.startswith("01") for code in nulls)
    assert book.get("010").plover_type is None


def _copy_data(tmp_path: Path) -> Path:
    for name in ("cameo_codes.csv", "plover_types.csv", "cameo_plover.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _replace_line(path: Path, startswith: str, new: str) -> int:
    """Replace the line starting with ``startswith``; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(startswith):
            lines[i] = new + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return i + 1
    raise AssertionError(f"no line starting {startswith!r} in {path}")


def test_copied_data_loads(tmp_path):
    book = load_codebook(_copy_data(tmp_path))
    assert book is not load_codebook() and len(book.codes()) == len(load_codebook().codes())


@pytest.mark.parametrize("file,startswith,new,reason", [
    ("cameo_codes.csv", "042,", "04x,Make a visit,04,1,1.9,,", "not 2 to 4 digits"),
    ("cameo_codes.csv", "042,", "042,Make a visit,05,1,1.9,,", "does not match code"),
    ("cameo_codes.csv", "042,", "042,Make a visit,04,1,11.9,,", "outside [-10, 10]"),
    ("cameo_codes.csv", "042,", "042,Make a visit,04,5,1.9,,", "quad_class"),
    ("cameo_codes.csv", "042,", "042,Make a visit,04,1,high,,", "not a number"),
    ("cameo_codes.csv", "042,", "042,Make a visit,04,1", "expected 7 fields"),
    ("cameo_plover.csv", "042,", "042,CHAT,visit,", "not a PLOVER type"),
    ("cameo_plover.csv", "042,", "042,CONSULT,stroll,", "not a mode of CONSULT"),
    ("cameo_plover.csv", "042,", "042,,,", "no note saying why"),
    ("cameo_plover.csv", "042,", "999,CONSULT,,", "not a code in cameo_codes.csv"),
    ("plover_types.csv", "CONSULT,visit,", "CONSULT,Visit Here,a visit", "not a lower-case word"),
])
def test_malformed_line_names_file_and_line(tmp_path, file, startswith, new, reason):
    data = _copy_data(tmp_path)
    line = _replace_line(data / file, startswith, new)
    with pytest.raises(DataFileError) as err:
        load_codebook(data)
    assert Path(err.value.path).name == file
    assert err.value.line == line
    assert reason in err.value.reason
    assert f"{file}:{line}:" in str(err.value)


def test_missing_crosswalk_row_is_an_error(tmp_path):
    data = _copy_data(tmp_path)
    xw = data / "cameo_plover.csv"
    xw.write_text("".join(l for l in xw.read_text(encoding="utf-8").splitlines(keepends=True)
                          if not l.startswith("1041,")), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cameo_codes\.csv:\d+: code 1041 has no row"):
        load_codebook(data)


def test_bad_header_and_missing_file(tmp_path):
    data = _copy_data(tmp_path)
    _replace_line(data / "plover_types.csv", "type,", "kind,mode,definition")
    with pytest.raises(DataFileError, match=r"plover_types\.csv:1: header"):
        load_codebook(data)
    (data / "plover_types.csv").unlink()
    with pytest.raises(DataFileError, match="cannot read"):
        load_codebook(data)
