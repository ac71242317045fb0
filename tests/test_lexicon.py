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
    ("173 arrest TGT | by=police", "bad agent"),
    ("042", "expected 'CODE PATTERN'"),
])
def test_malformed_entries_name_file_and_line(tmp_path, line, reason):
    (tmp_path / "x.txt").write_text("# comment\n040 meet TGT\n" + line + "\n")
    with pytest.raises(DataFileError) as err:
        load_lexicon(tmp_path)
    assert "x.txt:3" in str(err.value) and reason in str(err.value)


def test_implied_agent_flag():
    from eventwire.knowledge.lexicon import parse_entry
    (p,) = parse_entry("173", "arrest TGT", ["conf=0.8", "by=COP"], "x.txt:1")
    assert p.implied_agent == "COP" and p.confidence == 0.8
    (q,) = parse_entry("173", "arrest TGT", [], "x.txt:2")
    assert q.implied_agent is None


def test_builtin_lexicon_covers_every_root():
    lex = load_lexicon()
    roots = {p.code[:2] for p in lex.patterns}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert len(lex.patterns) >= 500


# -- alternatives, object modifiers, flags ---------------------------------------------

def test_alternatives_expand_to_one_pattern_each(tmp_path):
    (tmp_path / "x.txt").write_text("111 condemn/denounce TGT\n163 impose/slap obj:sanction/embargo on/against TGT\n")
    lex = load_lexicon(tmp_path)
    texts = {p.text for p in lex.patterns}
    assert "denounce TGT" in texts and "slap obj:embargo against TGT" in texts
    assert len(lex.patterns) == 2 + 2 * 2 * 2
    assert {p.origin for p in lex.patterns} == {"x.txt:1", "x.txt:2"}


def test_plus_after_an_object_modifies_the_object():
    p = parse_pattern("142", "go on obj:strike +hunger", [], "t")
    assert p.modifiers == ("@on:strike+hunger",) and p.particle is None
    p = parse_pattern("1832", "detonate obj:bomb +car", [], "t")
    assert p.obj == "bomb" and p.obj_modifiers == ("car",) and p.modifiers == ()
    p = parse_pattern("150", "fire +test obj:missile", [], "t")
    assert p.modifiers == ("test",) and p.obj_modifiers == ()
    p = parse_pattern("1385", "threaten to use obj:weapon +nuclear", [], "t")
    assert (p.xcomp, p.xcomp_obj, p.xcomp_obj_modifiers) == ("use", "weapon", ("nuclear",))


def test_an_object_predicate_can_be_forbidden():
    from eventwire.knowledge.lexicon import OBJECT_PREDICATE
    p = parse_pattern("041", "call TGT -PRED", [], "t")
    assert p.forbidden == (OBJECT_PREDICATE,) and p.slots[0].role == "target"
    assert parse_pattern("041", "call TGT -pred", [], "t").forbidden == ("pred",)  # a word, not the marker


def test_forbidden_modifier_and_flags():
    p = parse_pattern("190", "noun:attack -heart", ["tgt=object", "conf=0.5"], "t")
    assert p.forbidden == ("heart",) and "tgt=object" in p.flags and p.confidence == 0.5
    assert "src=trigger" in parse_pattern("181", "noun:kidnapper of TGT", ["src=trigger"], "t").flags
    with pytest.raises(ValueError, match="statement codes"):
        parse_pattern("190", "say", ["fallback"], "t")


@pytest.mark.parametrize("line, reason", [
    ("111 condemn//denounce TGT", "empty alternative"),
    ("111 condemn TGT | tgt=sometimes", "unknown flag"),
    ("112 accuse TARGET", "unknown slot"),
])
def test_more_malformed_entries(tmp_path, line, reason):
    (tmp_path / "y.txt").write_text(line + "\n")
    with pytest.raises(DataFileError) as err:
        load_lexicon(tmp_path)
    assert "y.txt:1" in str(err.value) and reason in str(err.value)


@pytest.mark.parametrize("line, reason", [
    ("intent 04", "FRAME GOVERNED CODE"),
    ("wish 04 036", "unknown frame"),
    ("intent 4x 036", "2-4 digits"),
    ("intent 04 999", "unknown CAMEO code"),
])
def test_malformed_frames_name_file_and_line(tmp_path, line, reason):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "intent.txt").write_text("vow\n")
    (tmp_path / "lists" / "frames.txt").write_text("# frames\nintent 03 030\n" + line + "\n")
    with pytest.raises(DataFileError) as err:
        load_lexicon(tmp_path)
    assert "frames.txt:3" in str(err.value) and reason in str(err.value)


def test_frame_needs_its_word_list(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "frames.txt").write_text("refuse 04 125\n")
    with pytest.raises(DataFileError, match="no word list"):
        load_lexicon(tmp_path)


def test_frame_code_takes_the_longest_prefix():
    lex = load_lexicon()
    assert lex.frame_code("refuse", "046") == "125"
    assert lex.frame_code("refuse", "0841") == "1243"
    assert lex.frame_code("intent", "0874") == "0356"
    assert lex.frame_code("threaten", "163") == "1312"


def test_builtin_lexicon_is_broad():
    lex = load_lexicon()
    assert len({p.code for p in lex.patterns}) >= 200
    assert len(lex.patterns) >= 5000
    codes = {p.code for p in lex.patterns}
    for root in range(1, 21):  # every root has subcodes, not just its residual code
        assert len([c for c in codes if c.startswith(f"{root:02d}")]) >= 2, root


def test_lexicon_check_command(tmp_path):
    import subprocess
    import sys

    ok = subprocess.run([sys.executable, "-m", "eventwire.cli", "lexicon", "check"], capture_output=True, text=True)
    assert ok.returncode == 0 and "lexicon ok" in ok.stdout
    (tmp_path / "bad.txt").write_text("040 meet TGT\n042 pay visit to TGT\n")
    bad = subprocess.run([sys.executable, "-m", "eventwire.cli", "lexicon", "check", str(tmp_path)],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "bad.txt:2" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
