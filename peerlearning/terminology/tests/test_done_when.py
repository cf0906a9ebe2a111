"""Issue 16, done when: the seed's seven terms and their inflections are flagged in a Spanish
excerpt of Mexico's migration law, and left alone in a control text about a shelter for
survivors of violence — with the lexicon the platform ships."""

import pytest

from peerlearning.terminology import checking, engine, examples, lexicon_io
from peerlearning.terminology.models import ContextRule

# Articles 99 and 111 of the Ley de Migración (DOF 25-05-2011, as amended), quoted, then
# sentences in the words of the INM's press releases and of the coalition's statement.
LAW_EXCERPT = (
    "Artículo 99. Es de orden público la presentación de los extranjeros en estaciones "
    "migratorias o en lugares habilitados para ello, en tanto se determina su situación "
    "migratoria en territorio nacional. La presentación es la medida dictada por el Instituto "
    "mediante la cual se acuerda el alojamiento temporal de un extranjero que no acredita su "
    "situación migratoria para la regularización de su estancia o la asistencia para el "
    "retorno.\n"
    "Los extranjeros presentados permanecerán alojados en la estación migratoria. "
    "El Instituto Nacional de Migración rescató a 120 personas migrantes ocultas en un "
    "tractocamión; los extranjeros rescatados fueron canalizados a la estancia provisional. "
    "Durante el aseguramiento, las personas extranjeras aseguradas no pueden salir del albergue "
    "del Instituto, que las mantiene en la estación migratoria para su protección."
)
SEVEN = {
    # term: the inflected forms of the excerpt that must be flagged
    "presentación": {"presentación", "presentados"},
    "alojamiento": {"alojamiento", "alojados"},
    "rescate": {"rescató", "rescatados"},
    "canalización": {"canalizados"},
    "aseguramiento": {"aseguramiento", "aseguradas"},
    "albergue": {"albergue"},
    "protección": {"protección"},
}
CONTROL = (
    "El albergue para mujeres sobrevivientes de violencia ofrece alojamiento, protección y "
    "acompañamiento a ellas y a sus hijas e hijos. Las mujeres pueden entrar y salir "
    "libremente, y su presentación ante el juez familiar es voluntaria."
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped_lexicon() -> None:
    lexicon_io.load_file()


def flagged(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for span in checking.check(text, "es").spans:
        if span.category == engine.EUPHEMISM:
            found.setdefault(span.entry.term, set()).add(text[span.start : span.end].lower())
    return found


def test_it_flags_the_seven_terms_and_their_inflections_in_the_law(shipped_lexicon: None) -> None:
    found = flagged(LAW_EXCERPT)
    for term, forms in SEVEN.items():
        assert forms <= found.get(term, set()), (term, found.get(term))
    # The official names are flagged too, and the plain term stays plain.
    assert "estación migratoria" in found
    assert "estancia provisional" in found


def test_it_leaves_the_shelter_for_survivors_alone(shipped_lexicon: None) -> None:
    assert flagged(CONTROL) == {}
    # Positive control: the same words in the law are flagged (the lexicon is loaded).
    assert {"albergue", "alojamiento", "protección", "presentación"} <= set(flagged(LAW_EXCERPT))


def test_it_detects_the_language_of_the_excerpt(shipped_lexicon: None) -> None:
    result = checking.check(LAW_EXCERPT, None)
    assert result.language == "es" and result.detected
    assert result.euphemisms >= 14


def test_every_example_of_the_shipped_rules_passes(shipped_lexicon: None) -> None:
    rules = list(ContextRule.objects.all())
    assert len(rules) >= 20
    outcomes = [o for rule in rules for o in examples.run_rule(checking.current_lexicon(), rule)]
    assert len(outcomes) >= 40
    failing = examples.failing_examples(checking.current_lexicon(), rules)
    assert failing == [], [(o.rule, o.text) for o in failing]
