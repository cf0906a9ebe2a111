"""The matching engine, on small lexicons written here: forms, folding, Arabic prefixes, context
windows, exclusions, overlaps and offsets in code points."""

from peerlearning.terminology import engine
from peerlearning.terminology.engine import EUPHEMISM, EXCLUDES, PLAIN, REQUIRES, Entry, Rule

ALOJAMIENTO = Entry(
    "aloj", "es", "alojamiento", ("alojados", "alojada"), EUPHEMISM, "detención", "…"
)
ESTACION = Entry(
    "est", "es", "estación migratoria", ("estaciones migratorias",), EUPHEMISM, "centro", "…", False
)
DETENCION = Entry("det", "es", "detención", ("detenidos",), PLAIN, "detención", "…", False)
CENTRO = Entry("cen", "es", "centro de detención", (), PLAIN, "centro de detención", "…", False)
MIGRATION = Rule("mig", "es", "contexto", REQUIRES, ("migra*", "extranjer*"), 10)
HOTELS = Rule("hot", "es", "hoteles", EXCLUDES, ("hotel*", "turistas"), 5, frozenset({"aloj"}))
LEXICON = engine.Lexicon([ALOJAMIENTO, ESTACION, DETENCION, CENTRO], [MIGRATION, HOTELS])


def found(text: str, lexicon: engine.Lexicon = LEXICON, language: str = "es") -> list[str]:
    return [text[s.start : s.end] for s in lexicon.check(text, language)]


def test_it_flags_a_form_only_near_a_cue_of_its_rule() -> None:
    assert found("Los extranjeros alojados esperan.") == ["alojados"]
    far = "Los extranjeros " + "esperan mucho tiempo " * 5 + "y siguen alojados."
    assert found(far) == []


def test_it_leaves_a_form_alone_near_an_excluding_word() -> None:
    assert found("Los turistas extranjeros alojados en el hotel.") == []
    # Positive control: without the hotel the same sentence is flagged.
    assert found("Los extranjeros alojados en la sala.") == ["alojados"]


def test_it_flags_a_name_that_needs_no_context_anywhere() -> None:
    assert found("Visitamos las Estaciones Migratorias del sur.") == ["Estaciones Migratorias"]


def test_it_folds_case_and_accents() -> None:
    assert found("LA ESTACION MIGRATORIA") == ["ESTACION MIGRATORIA"]
    decomposed = "estacio\u0301n migratoria"
    assert found(decomposed) == [decomposed]


def test_it_lets_the_longest_of_overlapping_candidates_win() -> None:
    text = "Un centro de detención para extranjeros."
    spans = LEXICON.check(text, "es")
    assert [(text[s.start : s.end], s.entry.key) for s in spans] == [("centro de detención", "cen")]


def test_it_counts_offsets_in_code_points() -> None:
    text = "🙂 مرحبا — los extranjeros alojados"
    (span,) = LEXICON.check(text, "es")
    assert text[span.start : span.end] == "alojados"
    assert span.start == text.index("alojados")


def test_it_matches_only_the_forms_listed() -> None:
    assert found("Las personas migrantes alojadas.") == []  # "alojadas" is not a form
    assert found("Las personas migrantes alojada.") == ["alojada"]


def test_it_sets_arabic_prefixes_and_vowel_marks_aside() -> None:
    shelter = Entry("iwa", "ar", "مراكز الإيواء", ("مركز إيواء",), EUPHEMISM, "مراكز الاحتجاز", "…")
    migration = Rule("m", "ar", "هجرة", REQUIRES, ("مهاجر*",), 10)
    lexicon = engine.Lexicon([shelter], [migration])
    text = "نُقل المُهاجرون إلى ومراكز الإيواء"
    assert found(text, lexicon, "ar") == ["ومراكز الإيواء"]
    assert found("افتتحت البلدية مركز إيواء للعائلات", lexicon, "ar") == []


def test_a_rule_limited_to_some_terms_leaves_the_others_alone() -> None:
    # The hotels rule is limited to "alojamiento": the station is still flagged near a hotel.
    assert found("El hotel junto a la estación migratoria.") == ["estación migratoria"]


def test_a_language_without_terms_finds_nothing() -> None:
    assert LEXICON.check("detention centre", "en") == []


def test_it_tells_languages_apart() -> None:
    assert engine.detect_language("Los extranjeros fueron alojados en la estación.") == "es"
    assert engine.detect_language("The migrants were held at the removal centre.") == "en"
    assert engine.detect_language("Les étrangers sont placés en rétention.") == "fr"
    assert engine.detect_language("Os estrangeiros ficaram retidos no aeroporto.") == "pt"
    assert engine.detect_language("نُقل المهاجرون إلى مراكز الإيواء") == "ar"
    assert engine.detect_language("12345") is None


def test_an_excluding_word_counts_in_the_terms_own_clause_only() -> None:
    text = "Los extranjeros quedan alojados en la sala. Turistas del hotel vecino."
    assert found(text) == ["alojados"]
    # Positive control: in the same sentence the excluding word keeps the term unflagged.
    assert found("Los extranjeros quedan alojados en la sala, turistas del hotel vecino.") == []


def test_a_star_after_a_short_stem_matches_too() -> None:
    short = Rule("s", "es", "corto", REQUIRES, ("ex*",), 10)
    lexicon = engine.Lexicon([ALOJAMIENTO], [short])
    assert found("Los extranjeros alojados.", lexicon) == ["alojados"]
    assert found("Los turistas alojados.", lexicon) == []


def test_a_long_word_is_folded_without_being_remembered() -> None:
    long_word = "Á" * 5000
    assert engine.fold(long_word) == "a" * 5000
    assert engine._fold.cache_info().currsize < 50_001
