"""A small lexicon of the tests of the check (not the shipped data, which changes)."""

from typing import Any

from peerlearning.terminology import lexicon_io

SOURCE = {"title": "CMDPDH, Recommendation 4", "url": "https://example.org/recommendation-4"}

LEXICON: dict[str, Any] = {
    "terms": [
        {
            "language": "es",
            "term": "presentación",
            "forms": ["presentado", "presentada", "presentados", "presentadas", "presentar"],
            "category": "euphemism",
            "plain": "detención",
            "explanation": "La “presentación” ante la autoridad migratoria es una detención.",
            "sources": [SOURCE],
        },
        {
            "language": "es",
            "term": "alojamiento",
            "forms": ["alojado", "alojados", "albergue", "albergues"],
            "category": "euphemism",
            "plain": "privación de la libertad",
            "explanation": "Alojar a extranjeros que no pueden salir es privarlos de libertad.",
            "sources": [SOURCE],
        },
        {
            "language": "es",
            "term": "estación migratoria",
            "forms": ["estaciones migratorias"],
            "category": "euphemism",
            "plain": "centro de detención migratoria",
            "explanation": "Nombre oficial de los centros de detención migratoria en México.",
            "sources": [SOURCE],
            "needs_context": False,
        },
        {
            "language": "es",
            "term": "detención",
            "forms": ["detenido", "detenida", "detenidos", "detenidas"],
            "category": "plain_detention_term",
            "plain": "detención",
            "explanation": "Nombra la privación de la libertad.",
            "needs_context": False,
        },
        {
            "language": "en",
            "term": "shelter",
            "forms": ["shelters", "sheltered"],
            "category": "euphemism",
            "plain": "detention",
            "explanation": "Holding migrants who may not leave is detention.",
        },
        {
            "language": "en",
            "term": "detention centre",
            "forms": ["detention center", "detention centres"],
            "category": "plain_detention_term",
            "plain": "detention centre",
            "explanation": "Names the place of detention plainly.",
            "needs_context": False,
        },
    ],
    "rules": [
        {
            "language": "es",
            "name": "Migración",
            "kind": "requires",
            "cues": ["extranjero", "extranjeros", "extranjera", "migratoria", "migrantes"],
            "window": 20,
        },
        {
            "language": "es",
            "name": "Violencia",
            "kind": "excludes",
            "cues": ["violencia", "víctimas"],
            "window": 10,
            "terms": ["alojamiento"],
        },
        {
            "language": "en",
            "name": "Migration",
            "kind": "requires",
            "cues": ["migrants", "immigration", "foreigners"],
            "window": 20,
        },
        {
            "language": "en",
            "name": "Violence",
            "kind": "excludes",
            "cues": ["domestic violence", "survivors"],
            "window": 10,
            "terms": ["shelter"],
        },
    ],
}

# Two euphemisms (“presentados”, “estación migratoria”), one plain term (“detenidos”); the last
# sentence is a control (“albergue” for women survivors of violence: not flagged).
SPANISH = (
    "Las personas extranjeras serán presentadas ante el Instituto y los detenidos quedarán en "
    "la estación migratoria hasta que se resuelva su situación migratoria. "
    "El albergue para mujeres víctimas de violencia abre todos los días."
)
CONTROL = "El albergue para mujeres víctimas de violencia abre todos los días y no cierra."


def load_lexicon() -> None:
    lexicon_io.load(LEXICON)
