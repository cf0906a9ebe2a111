"""A rule's examples run against a compiled lexicon: bracketed words must (or must not) be
flagged as a euphemism; an example without brackets speaks of the whole text."""

from peerlearning.terminology import engine
from peerlearning.terminology.examples import (
    MUST_MATCH,
    MUST_NOT_MATCH,
    failing_examples,
    run_example,
    run_rule,
    unbracket,
)
from peerlearning.terminology.models import ContextRule

ALOJAMIENTO = engine.Entry(
    key="a",
    language="es",
    term="alojamiento",
    forms=("alojado", "alojada", "alojadas"),
    category=engine.EUPHEMISM,
    plain="detención",
    explanation="",
)
ESTACION = engine.Entry(
    key="e",
    language="es",
    term="estación migratoria",
    forms=(),
    category=engine.PLAIN,
    plain="",
    explanation="",
    needs_context=False,
)
MIGRATION = engine.Rule(
    key="r", language="es", name="Contexto", kind=engine.REQUIRES, cues=("extranjer*",), window=5
)
LEXICON = engine.Lexicon([ALOJAMIENTO, ESTACION], [MIGRATION])


def rule(**fields) -> ContextRule:
    return ContextRule(language="es", name="Contexto", kind="requires", **fields)


def test_it_removes_the_brackets_and_keeps_where_they_were():
    text, marked = unbracket("Las [personas] extranjeras [alojadas] aquí.")
    assert text == "Las personas extranjeras alojadas aquí."
    assert [text[a:b] for a, b in marked] == ["personas", "alojadas"]
    assert unbracket("Sin corchetes.") == ("Sin corchetes.", ())


def test_it_passes_a_must_match_example_whose_bracketed_word_is_flagged():
    outcome = run_example(LEXICON, "es", "Extranjeras [alojadas] en el lugar.", MUST_MATCH)
    assert outcome.passed
    assert outcome.text == "Extranjeras alojadas en el lugar."
    assert [outcome.text[s.start : s.end] for s in outcome.flagged] == ["alojadas"]
    # Negative: the same word without its context is not flagged, so the example fails.
    failed = run_example(LEXICON, "es", "Huéspedes [alojadas] en el hotel.", MUST_MATCH)
    assert not failed.passed
    assert failed.flagged == ()


def test_it_fails_a_must_match_example_when_only_another_word_is_flagged():
    outcome = run_example(
        LEXICON, "es", "[Personas] extranjeras alojadas en la estación.", MUST_MATCH
    )
    assert not outcome.passed
    assert [outcome.text[s.start : s.end] for s in outcome.euphemisms] == ["alojadas"]


def test_it_wants_some_euphemism_in_a_must_match_example_without_brackets():
    assert run_example(LEXICON, "es", "Extranjeras alojadas aquí.", MUST_MATCH).passed
    # A plain term flagged is not a euphemism: the example fails.
    plain_only = run_example(LEXICON, "es", "La estación migratoria de Tapachula.", MUST_MATCH)
    assert [s.category for s in plain_only.flagged] == [engine.PLAIN]
    assert not plain_only.passed


def test_it_passes_a_must_not_match_example_whose_bracketed_word_is_left_alone():
    assert run_example(LEXICON, "es", "Huéspedes [alojadas] en el hotel.", MUST_NOT_MATCH).passed
    flagged = run_example(LEXICON, "es", "Extranjeras [alojadas] aquí.", MUST_NOT_MATCH)
    assert not flagged.passed


def test_it_counts_a_bracketed_span_as_flagged_when_a_euphemism_overlaps_it():
    # Only part of the flagged word is bracketed: it still overlaps.
    outcome = run_example(LEXICON, "es", "Extranjeras aloj[adas] aquí.", MUST_MATCH)
    assert outcome.passed
    # Brackets next to the flagged word, not over it: no overlap.
    beside = run_example(LEXICON, "es", "Extranjeras alojadas [aquí].", MUST_MATCH)
    assert not beside.passed


def test_it_wants_no_euphemism_anywhere_in_a_must_not_match_example_without_brackets():
    # A plain term may be flagged: it is not a euphemism.
    outcome = run_example(
        LEXICON, "es", "La estación migratoria, alojadas en hotel.", MUST_NOT_MATCH
    )
    assert outcome.passed
    assert [s.category for s in outcome.flagged] == [engine.PLAIN]
    assert not run_example(LEXICON, "es", "Extranjeras alojadas.", MUST_NOT_MATCH).passed


def test_it_runs_a_rules_examples_and_lists_the_failing_ones_of_a_language():
    good = rule(
        must_match=["Extranjeras [alojadas] aquí."],
        must_not_match=["Huéspedes [alojadas] en el hotel."],
    )
    bad = rule(must_match=["Huéspedes [alojadas] en el hotel."], must_not_match=[])
    outcomes = run_rule(LEXICON, good)
    assert [(o.expected, o.passed) for o in outcomes] == [
        (MUST_MATCH, True),
        (MUST_NOT_MATCH, True),
    ]
    assert failing_examples(LEXICON, [good]) == []
    failing = failing_examples(LEXICON, [good, bad])
    assert [(o.rule, o.text, o.passed) for o in failing] == [
        ("Contexto", "Huéspedes alojadas en el hotel.", False)
    ]


def test_it_cuts_the_text_at_what_was_flagged_for_highlighting():
    outcome = run_example(LEXICON, "es", "Extranjeras [alojadas] aquí.", MUST_MATCH)
    assert [(piece, span is not None) for piece, span in outcome.segments()] == [
        ("Extranjeras ", False),
        ("alojadas", True),
        (" aquí.", False),
    ]
