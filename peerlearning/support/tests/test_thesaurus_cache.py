"""Matching caches the concepts it reads texts with. A cache that outlives the concepts it
holds gives a request concepts that no longer exist (PostgreSQL refuses them at commit; SQLite
would keep them silently): a thesaurus loaded again, or a concept saved, must be seen."""

import pytest
from django.db import transaction

from peerlearning.knowledge import thesaurus
from peerlearning.knowledge.models import Concept
from peerlearning.support import matching

pytestmark = pytest.mark.django_db


def _ids_in_the_cache_that_exist() -> tuple[set[int], set[int]]:
    cached = set(matching._ids_by_token().values())
    return cached, set(Concept.objects.filter(pk__in=cached).values_list("pk", flat=True))


def test_a_thesaurus_loaded_again_after_a_rollback_leaves_no_concept_of_the_first_load():
    with transaction.atomic():
        thesaurus.load()
        cached, existing = _ids_in_the_cache_that_exist()
        assert cached and cached == existing  # control: read from the concepts of this load
        transaction.set_rollback(True)
    thesaurus.load()  # the concepts again, under new ids
    cached, existing = _ids_in_the_cache_that_exist()
    assert len(cached) == Concept.objects.count()
    assert cached == existing


def test_a_concept_saved_outside_the_thesaurus_file_is_read_at_once():
    thesaurus.load()
    before = matching._ids_by_token()
    concept = Concept.objects.create(slug="zebra-crossings", labels={"en": "Zebra crossings"})
    assert concept.token not in before  # control: the cache was made without it
    assert matching._ids_by_token()[concept.token] == concept.pk
    concept.delete()
    assert concept.token not in matching._ids_by_token()
