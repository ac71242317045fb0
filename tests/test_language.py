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
