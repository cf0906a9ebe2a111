"""Issue 17, found re-reading the change: the edit form of a community keeps what its editor may
not choose (a private parent, a hidden co-lead); a co-lead finds a facilitator's buttons on
their home; closed sub-groups are left out of the API's list as of the page's; the merge page
names every kind of link in the reader's language."""

import pytest
from django.test import Client
from django.utils import timezone, translation

from peerlearning.network import actions
from peerlearning.network.models import Community, Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    """A platform facilitator who is no member of the private community."""
    return make_user("coord@test.example", is_facilitator=True, two_factor=True)


def _texts(community: Community, **changes) -> dict:
    return {
        "name": community.name,
        "purpose": community.purpose,
        "language": community.language,
        "themes": "",
        "regions": [],
        "countries": [],
        **changes,
    }


def test_saving_a_subgroup_keeps_a_parent_its_editor_may_not_see(network, coordinator):
    group = Community.objects.create(
        slug="screening-circle",
        name="Screening circle",
        purpose="Screening.",
        level="regional",
        parent=network.private,
    )
    form = client_for(coordinator).get("/communities/screening-circle/edit/").content.decode()
    assert network.private.name not in form  # the private parent is not named to them
    response = client_for(coordinator).post(
        "/communities/screening-circle/edit/", _texts(group, name="Screening group", parent="")
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Screening group"
    assert group.parent_id == network.private.pk  # not moved to the top level
    # Control: a parent they may choose is changed by the same form.
    client_for(coordinator).post(
        "/communities/screening-circle/edit/", _texts(group, parent=network.asia.slug)
    )
    group.refresh_from_db()
    assert group.parent_id == network.asia.pk


def test_saving_a_community_keeps_a_co_lead_whose_profile_is_hidden(network, coordinator):
    Membership.objects.update_or_create(
        community=network.asia, person=network.hidden, defaults={"role": Role.CO_LEAD}
    )
    form = client_for(coordinator).get("/communities/asia-pacific/edit/").content.decode()
    assert f'value="{network.hidden.uuid}" selected' in form
    response = client_for(coordinator).post(
        "/communities/asia-pacific/edit/",
        _texts(network.asia, co_leads=[str(network.hidden.uuid)], parent=""),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    role = Membership.objects.get(community=network.asia, person=network.hidden).role
    assert role == Role.CO_LEAD


def test_a_co_lead_finds_a_facilitators_buttons_on_their_home(network):
    lead = make_user("lead@test.example", two_factor=True)
    Membership.objects.create(community=network.asia, person=lead, role=Role.CO_LEAD)
    home = client_for(lead).get("/home/").content.decode()
    assert "/communities/asia-pacific/exchanges/new/" in home or "New exchange" in home
    assert "/communities/asia-pacific/members/" in home
    # Control: a member has neither.
    member_home = client_for(network.community_member).get("/home/").content.decode()
    assert "/communities/asia-pacific/members/" not in member_home


def test_the_api_leaves_closed_subgroups_out_unless_asked(network):
    Community.objects.create(
        slug="closed-circle",
        name="Closed circle",
        purpose="Done.",
        level="regional",
        parent=network.asia,
        closed_at=timezone.now(),
    )
    listed = Client().get("/api/v1/communities").content.decode()
    assert "closed-circle" not in listed
    assert "closed-circle" in Client().get("/api/v1/communities?closed=true").content.decode()
    assert "closed-circle" not in Client().get("/communities/").content.decode()
    assert "closed-circle" in Client().get("/communities/?closed=on").content.decode()


def test_the_merge_page_names_every_link_in_the_readers_language(db):
    from peerlearning.exchanges.models import Delegation
    from peerlearning.support.models import PeerSuggestion

    fields = {
        "delegation": Delegation._meta.get_field("organisation"),
        "suggestion": PeerSuggestion.organisations.through._meta.get_field("organisation"),
    }
    with translation.override("es"):
        labels = {key: actions.relation_label(field) for key, field in fields.items()}
    assert labels["delegation"] == "delegaciones", labels
    assert "organisations" not in labels["suggestion"], labels
