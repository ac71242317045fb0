from eventwire.stages.language import LanguageDetector

detector = LanguageDetector()


def test_english_passes():
    d = detector.detect("Azerbaijani Foreign Minister Jeyhun Bayramov has paid a working visit to Russia.")
    assert d.english and d.lang == "en"


def test_other_languages_are_flagged():
    for text, lang in [
        ("Le ministre des Affaires étrangères a rencontré son homologue russe à Moscou mardi.", "fr"),
        ("Der Außenminister traf am Dienstag seinen russischen Amtskollegen in Moskau.", "de"),
        ("Министр иностранных дел встретился со своим российским коллегой в Москве.", "ru"),
        ("El ministro de Asuntos Exteriores se reunió con su homólogo ruso en Moscú.", "es"),
    ]:
        d = detector.detect(text)
        assert not d.english and d.lang == lang and lang in d.reason


def test_too_little_text_is_not_judged():
    assert detector.detect("12 34 --").english
    assert detector.detect("").english


# --------------------------------------------------------------------------- in the pipeline and the store
import json  # noqa: E402

from eventwire.engines.local import IngestOptions, ingest  # noqa: E402
from eventwire.pipeline import Coder, CoderConfig  # noqa: E402
from eventwire.records import Article  # noqa: E402
from eventwire.store import Store  # noqa: E402

ENGLISH = "Azerbaijani Foreign Minister Jeyhun Bayramov met his Russian counterpart Sergei Lavrov in Moscow on Tuesday."
FRENCH = ("Le ministre azerbaïdjanais des Affaires étrangères a rencontré mardi à Moscou son homologue russe "
          "Sergueï Lavrov pour discuter de la situation dans la région.")
RUSSIAN = ("Министр иностранных дел Азербайджана встретился во вторник в Москве со своим российским коллегой "
           "Сергеем Лавровым, чтобы обсудить ситуацию в регионе.")


def test_the_coder_skips_other_languages_with_the_reason():
    coder = Coder(CoderConfig(locate=False))
    articles = [Article(id=i, text=t) for i, t in (("en", ENGLISH), ("fr", FRENCH), ("ru", RUSSIAN))]
    coded = dict((a.id, (a, events)) for a, events in coder.code_articles(articles))
    assert coded["en"][0].skipped is None and coded["en"][1], "the English article is coded"
    for lang in ("fr", "ru"):
        article, events = coded[lang]
        assert events == [] and f"'{lang}'" in article.skipped
        assert any(w.startswith("not coded:") for w in article.warnings)


def test_languages_empty_codes_every_article():
    coder = Coder(CoderConfig(locate=False, languages=()))
    article, _ = next(coder.code_articles([Article(id="fr", text=FRENCH)]))
    assert article.skipped is None


def test_skipped_articles_are_recorded_in_the_store_and_not_redone(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                            for i, t in (("en", ENGLISH), ("fr", FRENCH), ("ru", RUSSIAN))), encoding="utf-8")
    options = IngestOptions(workers=1, coder=CoderConfig(locate=False))
    with Store(str(tmp_path / "s.duckdb")) as store:
        report = ingest([str(path)], store, options)
        assert (report.coded, report.not_coded, report.failed) == (1, 2, 0)
        stored = {r[0] for r in store._con.execute("SELECT article_key FROM articles").fetchall()}
        assert stored == {"en"}
        skipped = {e["article_key"]: e["message"] for e in store.errors(kind="skipped")}
        assert set(skipped) == {"fr", "ru"} and "'fr'" in skipped["fr"] and "'ru'" in skipped["ru"]
        again = ingest([str(path)], store, options)
        assert (again.coded, again.not_coded, again.skipped) == (0, 0, 3)
        assert len(store.errors(kind="skipped")) == 2
