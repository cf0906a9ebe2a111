"""The thesaurus grows where the field's common phrasings are missing (issue 19): the gaps report
(bench/thesaurus_gaps.py) names frequent phrases that no concept covers, and the phrasings added
from it are read in Spanish, French and Arabic texts as people write them."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from django.conf import settings

from peerlearning.knowledge import search, thesaurus
from peerlearning.knowledge.models import Concept

GAPS_SCRIPT = Path(settings.BASE_DIR) / "bench" / "thesaurus_gaps.py"


@pytest.fixture(scope="module")
def gaps_script():
    spec = importlib.util.spec_from_file_location("thesaurus_gaps", GAPS_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("thesaurus_gaps", module)
    spec.loader.exec_module(module)
    return module


TINY_THESAURUS = {
    "concepts": [
        {
            "id": "case-management",
            "broader": None,
            "labels": {"en": "case management", "es": "gestión de casos"},
            "synonyms": {"es": ["manejo de casos"]},
        },
        {
            "id": "bond",
            "broader": None,
            "labels": {"en": "bond", "es": "garantía económica"},
        },
    ]
}


def _texts(gaps_script, *sentences):
    return [gaps_script.Text("es", sentence, "tiny") for sentence in sentences]


def test_it_reports_a_frequent_phrase_that_no_concept_covers(gaps_script):
    texts = _texts(
        gaps_script,
        "El gestor de casos visita a la familia cada semana.",
        "Cada gestora de casos acompaña a veinte personas.",
        "Los gestores de casos coordinan con el albergue.",
    )
    report = gaps_script.gaps(texts, TINY_THESAURUS, min_words=2)

    shown = {gap.shown: gap for gap in report["es"]}
    assert "gestor de casos" in shown
    assert shown["gestor de casos"].count == 3
    assert "gestor de casos" in shown["gestor de casos"].context.casefold()


def test_it_does_not_report_a_phrase_the_thesaurus_covers(gaps_script):
    texts = _texts(
        gaps_script,
        "La gestión de casos empieza con una entrevista.",
        "Gestión de casos en la comunidad, con un plan de vida.",
        "El manejo de casos reduce las ausencias.",
        "El manejo de casos sigue el plan de vida de cada familia.",
    )
    report = gaps_script.gaps(texts, TINY_THESAURUS, min_words=2)

    shown = {gap.shown for gap in report.get("es", [])}
    assert not shown & {"gestión de casos", "manejo de casos", "casos"}
    # Positive control: what is not a concept's mention is still counted.
    assert "plan de vida" in shown


def test_it_lists_the_concepts_without_synonyms_per_language(gaps_script):
    missing = gaps_script.without_synonyms(TINY_THESAURUS)

    assert missing["es"] == ["bond"]
    assert missing["en"] == ["case-management", "bond"]


def _token(slug: str) -> str:
    return Concept.objects.get(slug=slug).token


@pytest.fixture
def shipped(db):
    thesaurus.load()
    search.forget_thesaurus()


@pytest.mark.parametrize(
    ("language", "text", "concept"),
    [
        ("es", "Cada familia tiene un gestor de casos que la visita.", "case-management"),
        (
            "es",
            "Los menores extranjeros no acompañados viven en pisos tutelados.",
            "unaccompanied-children",
        ),
        ("es", "El albergue recibe a personas en movilidad humana.", "migrants"),
        ("fr", "Le département accueille les mineurs isolés étrangers.", "unaccompanied-children"),
        ("fr", "Des enfants en rétention, encore.", "child-immigration-detention"),
        ("ar", "يتابع مدير الحالة كل أسرة بعد الإفراج.", "case-management"),
        ("ar", "يطالب المحامون بإنهاء احتجاز طالبي اللجوء.", "immigration-detention"),
        ("en", "Five died in custody at the border last year.", "deaths-in-detention"),
    ],
)
def test_it_reads_the_fields_common_phrasings(shipped, language, text, concept):
    assert _token(concept) in search.concepts_in(text, language)


def test_it_does_not_read_a_concept_into_a_sentence_that_only_shares_a_word(shipped):
    case_management, unaccompanied = _token("case-management"), _token("unaccompanied-children")
    # Positive controls first: the phrases themselves name the concepts.
    assert case_management in search.concepts_in("Un gestor de casos por familia.", "es")
    assert unaccompanied in search.concepts_in("Deux mineurs isolés arrivent.", "fr")
    # "gestor" alone (a tax adviser, a content manager) names nothing; nor do miners who
    # happen to work alone.
    assert case_management not in search.concepts_in(
        "El gestor de contenidos publica las noticias.", "es"
    )
    assert unaccompanied not in search.concepts_in(
        "Les mineurs de fond ont travaillé isolés dans la galerie.", "fr"
    )


def test_the_shipped_thesaurus_marks_ambiguous_forms_it_holds(shipped):
    data = json.loads(thesaurus.THESAURUS_JSON.read_text(encoding="utf-8"))
    languages = {"en", "es", "fr", "ar", "pt"}

    assert set(data["field_words"]) == languages
    assert all(20 <= len(words) <= 40 for words in data["field_words"].values())
    for concept in data["concepts"]:
        forms = {
            language: {concept["labels"].get(language, ""), *texts}
            for language, texts in concept["synonyms"].items()
        }
        for language, texts in concept.get("ambiguous", {}).items():
            assert set(texts) <= forms.get(language, set()), (concept["id"], language)
    assert (
        "case management"
        in next(c for c in data["concepts"] if c["id"] == "case-management")["ambiguous"]["en"]
    )
