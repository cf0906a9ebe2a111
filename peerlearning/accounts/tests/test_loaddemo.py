import re
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from peerlearning.accounts.models import User
from peerlearning.knowledge.models import Update
from peerlearning.testing import built_once

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True  # as on a developer's machine, where `make demo` runs


def load(**options) -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out, **options)
    return out.getvalue()


def test_a_second_run_adds_nothing_and_keeps_what_users_changed():
    load()
    Update.objects.filter(title__contains="Thailand").update(title="Edited by an editor")
    User.objects.filter(email="member@example.org").update(display_name="Changed name")
    User.objects.create_user("someone@example.net", "x", display_name="Created by a user")
    load(add_to_existing=True)
    assert Update.objects.count() == 11  # ten posts and a draft
    assert Update.objects.filter(title="Edited by an editor").exists()
    assert User.objects.get(email="member@example.org").display_name == "Changed name"
    assert User.objects.count() == 8
    assert Authenticator.objects.filter(type="totp").count() == 4


def test_make_run_loads_the_demo_on_a_debug_off_server_with_force(settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("loaddemo", "--force", stdout=out)
    assert "member@example.org" in out.getvalue()
    assert Update.objects.count() == 11  # ten posts and a draft


@pytest.fixture(scope="class")
def demo(request):
    """One run of the loader, kept for the class that asks for it; returns what it printed."""
    with built_once(request, load, DEBUG=True) as output:
        yield output


class TestOneLoad:
    """Read-only checks of one run of the loader on an empty database: it runs once for the
    class (a few seconds), each test reading it inside its own rolled-back savepoint."""

    def test_it_loads_the_seed_updates_and_the_demo_accounts(self, demo):
        output = demo
        assert Update.objects.count() == 11  # ten posts and a draft
        statement = Update.objects.get(title__startswith="Human Lives Are At Risk")
        assert str(statement.published_on) == "2023-04-04"
        assert "Ciudad Juarez" in statement.body
        assert "500x500" not in "".join(Update.objects.values_list("body", flat=True))
        thailand = Update.objects.get(title__contains="Thailand")
        assert thailand.region == "asia-pacific"
        assert "6th February 2023" in thailand.body
        assert set(User.objects.values_list("email", flat=True)) == {
            "admin@example.org",
            "facilitator@example.org",
            "editor@example.org",
            "member@example.org",
            "lived@example.org",
            "monitor@example.org",
            "outsider@example.org",
        }
        assert "peerlearning-demo" in output
        assert "PEERLEARNINGDEMOFACILITA" in output

    def test_the_demo_roles_are_right(self, demo):
        admin = User.objects.get(email="admin@example.org")
        facilitator = User.objects.get(email="facilitator@example.org")
        lived = User.objects.get(email="lived@example.org")
        assert admin.is_superuser and admin.is_staff
        assert facilitator.is_facilitator and not facilitator.is_superuser
        assert lived.public_name == "Amal"
        assert Authenticator.objects.filter(user__in=[admin, facilitator], type="totp").count() == 2
        assert User.objects.get(email="member@example.org").check_password("peerlearning-demo")

    def test_each_update_is_a_short_summary_that_links_to_its_public_source(self, demo, client):
        for update in Update.objects.all():
            sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", update.body) if s]
            assert 3 <= len(sentences) <= 6, (update.title, len(sentences))
            assert update.source.startswith("International Detention Coalition, https://")
        page = client.get(f"/updates/{Update.objects.get(title__startswith='Human Lives').slug}/")
        assert b'href="https://idcoalition.org/"' in page.content
        assert b"444,439 detentions" in page.content

    def test_it_loads_the_seed_communities_with_their_organisations_and_personas(self, demo):
        from peerlearning.network.models import Community, Membership, Organisation

        assert Community.objects.count() == 6
        asia = Community.objects.get(slug="asia-pacific-regional-peer-learning-platform")
        assert sorted(c.code for c in asia.countries.all()) == ["AU", "ID", "MY", "NZ", "TH"]
        leads = {
            m.organisation.acronym for m in asia.organisation_memberships.filter(role="co-lead")
        }
        assert leads == {"IDC", "CPD"}
        mena = Community.objects.get(slug="mena-peer-learning-network")
        assert mena.countries.count() == 8
        assert Community.objects.get(slug="europe-mena-horn-of-africa-platform").is_private
        parent = Organisation.objects.get(acronym="LAN").parent
        assert parent is not None and parent.acronym == "OMCT"
        roles = {(m.person.email, m.role) for m in Membership.objects.filter(community=asia)}
        assert ("facilitator@example.org", "facilitator") in roles
        assert ("member@example.org", "member") in roles
        assert not Membership.objects.filter(person__email="outsider@example.org").exists()
        load()
        assert Community.objects.count() == 6
