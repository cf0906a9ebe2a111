"""On upgrade, existing affiliations become claims (network 0004)."""

from django.db.migrations.executor import MigrationExecutor

from peerlearning.testing import empty_database

BEFORE = [("network", "0003_field_labels")]
AFTER = [("network", "0004_affiliation_claims")]


def test_it_turns_every_existing_affiliation_into_a_claim(django_db_blocker):
    with django_db_blocker.unblock(), empty_database() as connection:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        using = connection.alias
        person = (
            old.get_model("accounts", "User")
            .objects.using(using)
            .create(email="before@test.example")
        )
        organisation = (
            old.get_model("network", "Organisation")
            .objects.using(using)
            .create(slug="old-body", name="Old body", stakeholder_type="government")
        )
        old.get_model("network", "Affiliation").objects.using(using).create(
            person_id=person.pk, organisation_id=organisation.pk, title="Director"
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        affiliation = new.get_model("network", "Affiliation").objects.using(using).get()
        assert (affiliation.status, affiliation.title) == ("claimed", "Director")
        assert affiliation.decided_by_id is None and affiliation.decided_at is None
