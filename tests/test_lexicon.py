"""The lexicon's pattern syntax and loader."""

import pytest

from eventwire.errors import DataFileError
from eventwire.knowledge.lexicon import load_lexicon, parse_pattern


def test_light_verb_pattern():
    p = parse_pattern("042", "pay obj:visit to TGT", [], "t:1")
    assert (p.kind, p.lemma, p.obj) == ("verb", "pay", "visit")
    assert p.slots[0].role == "target" and p.slots[0].prep == "to"


def test_noun_pattern_with_modifier_and_flags():
    p = parse_pattern("112", "noun:use +illegal by TGT", ["src=speaker", "conf=0.6"], "t:1")
    assert p.kind == "noun" and p.modifiers == ("illegal",)
    assert "src=speaker" in p.flags and p.confidence == 0.6


def test_infinitive_particle_and_prep_noun():
    assert parse_pattern("125", "refuse to negotiate", [], "t").xcomp == "negotiate"
    assert parse_pattern("020", "call on TGT to *", [], "t").xcomp == "*"
    p = parse_pattern("0874", "pull out of TGT", [], "t")
    assert p.particle == "out" and p.slots[0].prep == "of"
    assert parse_pattern("138", "threaten TGT with war", [], "t").modifiers == ("@with:war",)


def test_more_specific_pattern_sorts_first():
    lex = load_lexicon()
    pats = lex.candidates("verb", "refuse")
    assert pats[0].specificity >= pats[-1].specificity
    assert any(p.xcomp == "negotiate" for p in pats)


@pytest.mark.parametrize("line, reason", [
    ("042 pay visit to TGT", "obj:WORD"),
    ("999 visit TGT", "unknown CAMEO code"),
    ("042 noun:visit obj:x", "object noun"),
    ("042 visit TGT TGT", "more than one TGT"),
    ("042 visit TGT | conf=2", "confidence"),
    ("042 visit TGT | sideways", "unknown flag"),
    ("042", "expected 'CODE PATTERN'"),
])
def test_malformed_entries_name_file_and_line(tmp_path, line, reason):
    (tmp_path / "x.txt").write_text("# comment\n040 meet TGT\n" + line + "\n")
    with pytest.raises(DataFileError) as err:
        load_lexicon(tmp_path)
    assert "x.txt:3" in str(err.value) and reason in str(err.value)


def test_builtin_lexicon_covers_every_root():
    lex = load_lexicon()
    roots = {p.code[:2] for p in lex.patterns}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert len(lex.patterns) >= 500
