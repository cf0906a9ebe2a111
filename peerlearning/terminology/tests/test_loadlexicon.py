"""`manage.py loadlexicon`: a good file loaded and counted; a bad one refused whole, every error
printed with its place; run again, everything is unchanged."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from peerlearning.terminology.models import ContextRule, Term

pytestmark = pytest.mark.django_db

GOOD = {
    "terms": [
        {
            "language": "es",
            "term": "presentación",
            "forms": ["presentado", "presentada", "presentados", "presentadas"],
            "category": "euphemism",
            "plain": "detención",
            "explanation": "Encubre la detención de personas extranjeras.",
        },
        {
            "language": "en",
            "term": "detention centre",
            "category": "plain_detention_term",
            "explanation": "Names detention plainly.",
            "needs_context": False,
        },
    ],
    "rules": [
        {
            "language": "es",
            "name": "Contexto migratorio",
            "kind": "requires",
            "cues": ["migra*"],
            "terms": ["presentación"],
        }
    ],
}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("loadlexicon", "--file", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_loads_a_good_file_and_counts_what_it_created(tmp_path):
    out, _err = run(write(tmp_path, GOOD))
    assert "3 created, 0 changed, 0 unchanged" in out
    assert set(Term.objects.values_list("term", flat=True)) == {"presentación", "detention centre"}
    rule = ContextRule.objects.get()
    assert [t.term for t in rule.terms.all()] == ["presentación"]


def test_it_run_again_changes_nothing_and_says_so(tmp_path):
    path = write(tmp_path, GOOD)
    run(path)
    out, _err = run(path)
    assert "0 created, 0 changed, 3 unchanged" in out
    assert Term.objects.count() == 2
    # Positive control: one term changed in the file is counted as changed.
    changed = json.loads(json.dumps(GOOD))
    changed["terms"][0]["plain"] = "privación de la libertad"
    out, _err = run(write(tmp_path, changed))
    assert "0 created, 1 changed, 2 unchanged" in out
    assert Term.objects.get(term="presentación").plain == "privación de la libertad"


def test_a_bad_file_loads_nothing_and_names_every_error_with_its_place(tmp_path):
    bad = json.loads(json.dumps(GOOD))
    bad["terms"][1]["category"] = "word"  # term 2
    bad["terms"].append({"language": "xx", "term": "albergue", "category": "euphemism"})  # 3
    bad["rules"][0]["terms"] = ["rescate"]  # rule 1 names a term not in the lexicon
    path = write(tmp_path, bad)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("loadlexicon", "--file", str(path), stdout=StringIO(), stderr=err)
    printed = err.getvalue()
    assert "term 2: the category must be one of" in printed
    assert "term 3: the language must be one of" in printed
    assert "term 3: the explanation is missing" in printed
    assert "rule 1: it names the term “rescate”, which is not in the lexicon" in printed
    assert "term 1:" not in printed
    # All or nothing: not even the good first term was written.
    assert not Term.objects.exists()
    assert not ContextRule.objects.exists()


def test_a_file_that_is_not_there_or_not_json_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="1 error"):
        run(write(tmp_path, "x"))  # JSON, but a string: not a lexicon
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="not a JSON document"):
        run(tmp_path / "broken.json")
    with pytest.raises(CommandError, match="missing.json"):
        run(tmp_path / "missing.json")
    assert not Term.objects.exists()


def test_it_loads_the_shipped_file_by_default():
    out = StringIO()
    call_command("loadlexicon", stdout=out, stderr=StringIO())
    assert "created" in out.getvalue()
    assert Term.objects.exists()
