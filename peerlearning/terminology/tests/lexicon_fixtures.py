"""A small lexicon for the lexicon pages' tests: two Spanish euphemisms needing their context,
a plain term, an English euphemism, and rules whose examples all pass."""

from typing import Any

from peerlearning.terminology import lexicon_io

SMALL: dict[str, Any] = {
    "terms": [
        {
            "language": "es",
            "term": "alojamiento",
            "forms": ["alojado", "alojados", "alojada", "alojadas"],
            "category": "euphemism",
            "plain": "detención",
            "explanation": (
                "Una persona extranjera alojada en una estación migratoria está detenida."
            ),
            "sources": [{"title": "Ley de Migración", "url": "https://example.org/ley"}],
            "needs_context": True,
        },
        {
            "language": "es",
            "term": "presentación",
            "forms": ["presentado", "presentada", "presentados", "presentadas"],
            "category": "euphemism",
            "plain": "detención",
            "explanation": "La «presentación» de una persona extranjera es su detención.",
            "needs_context": True,
        },
        {
            "language": "es",
            "term": "estación migratoria",
            "forms": ["estaciones migratorias"],
            "category": "plain_detention_term",
            "plain": "",
            "explanation": "El nombre oficial de un centro de detención migratoria.",
            "needs_context": False,
        },
        {
            "language": "en",
            "term": "shelter",
            "forms": ["shelters", "sheltered"],
            "category": "euphemism",
            "plain": "detention centre",
            "explanation": "A place people may not leave is a place of detention.",
            "needs_context": True,
        },
    ],
    "rules": [
        {
            "language": "es",
            "name": "Contexto migratorio",
            "kind": "requires",
            "cues": ["extranjero*", "migra*"],
            "window": 20,
            "terms": ["alojamiento", "presentación"],
            "description": "Solo cuando el texto habla de migración.",
            "must_match": ["Las personas extranjeras [alojadas] en la estación migratoria."],
            "must_not_match": ["El [alojamiento] del hotel incluye desayuno."],
        },
        {
            "language": "en",
            "name": "Immigration context",
            "kind": "requires",
            "cues": ["immigration", "migrant*"],
            "window": 10,
            "terms": [],
            "description": "",
            "must_match": ["Migrants held in the [shelter] may not leave."],
            "must_not_match": ["A shelter for women survivors of violence."],
        },
    ],
}


def load_small(**changes: Any) -> None:
    lexicon_io.load({**SMALL, **changes})
