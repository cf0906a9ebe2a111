"""On upgrade, existing affiliations become claims (network 0004)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("network", "0003_field_labels")]
AFTER = [("network", "0004_affiliation_claims")]


@pytest.mark.django_db(transaction=True)
def test_it_turns_every_existing_affiliation_into_a_claim():
    from peerlearning.network.models import Organisation
    from peerlearning.testing import make_user

    person = make_user("before@test.example")
    organisation = Organisation.objects.create(
        slug="old-body", name="Old body", stakeholder_type="government"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("network", "Affiliation")
    old.objects.create(person_id=person.pk, organisation_id=organisation.pk, title="Director")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("network", "Affiliation")
        affiliation = new.objects.get()
        assert (affiliation.status, affiliation.title) == ("claimed", "Director")
        assert affiliation.decided_by_id is None and affiliation.decided_at is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
