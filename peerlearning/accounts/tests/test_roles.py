"""Roles on upgrade and in the admin: the editor role is given to every platform facilitator by
the migration; the admin shows roles but leaves changing them to the audited roles page."""

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from peerlearning.accounts import actions
from peerlearning.accounts.models import ApiToken, User
from peerlearning.testing import empty_database, make_user


def test_the_upgrade_makes_platform_facilitators_editors_and_gives_old_tokens_an_expiry(
    django_db_blocker,
):
    before = [("accounts", "0006_field_labels")]
    after = [("accounts", "0008_token_expiry_required")]
    with django_db_blocker.unblock(), empty_database() as connection:
        using = connection.alias
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        users = old.get_model("accounts", "User").objects.using(using)
        coordinator = users.create(email="c@test.example", is_facilitator=True)
        member = users.create(email="m@test.example")
        old.get_model("accounts", "ApiToken").objects.using(using).create(
            user=coordinator, name="script", token_hash="x" * 64
        )

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        users = new.get_model("accounts", "User").objects.using(using)
        assert users.get(pk=coordinator.pk).is_editor
        assert not users.get(pk=member.pk).is_editor
        token = new.get_model("accounts", "ApiToken").objects.using(using).get()
        # Existing scripts keep their rights, for 90 days.
        assert token.scope == "read-write"
        assert 89 <= (token.expires_at - timezone.now()).days <= 90


@pytest.mark.django_db
def test_the_admin_shows_roles_but_does_not_change_them(admin_client, administrator):
    person = make_user("someone@test.example")
    page = admin_client.get(f"/admin/accounts/user/{person.pk}/change/").content.decode()
    assert 'name="is_editor"' not in page and 'name="is_superuser"' not in page
    assert "editor" in page.lower()


@pytest.mark.django_db
def test_a_password_given_in_the_admin_ends_the_persons_tokens(admin_client):
    person = make_user("someone@test.example")
    token, _secret = actions.create_api_token(person, name="script")
    response = admin_client.post(
        f"/admin/accounts/user/{person.pk}/password/",
        {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert User.objects.get(pk=person.pk).check_password("a-new-long-passphrase")
    assert not ApiToken.objects.active().exists()
