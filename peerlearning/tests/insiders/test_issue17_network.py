"""Issue 17, found by the insiders' review: a closed sub-group takes nobody new."""

import pytest

from peerlearning.network.models import Community, OrganisationMembership
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True


def _subgroup(network) -> Community:
    fac = client_for(network.facilitator)
    response = fac.post(
        "/communities/asia-pacific/subgroups/new/",
        {"name": "Screening group", "purpose": "Screen.", "themes": "", "visibility": "listed"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    return Community.objects.get(name="Screening group")


def test_a_closed_subgroup_takes_no_organisation(network):
    """'A closed sub-group keeps its history and takes nobody new': no organisation either."""
    group = _subgroup(network)
    fac = client_for(network.facilitator)
    assert fac.post(f"/communities/{group.slug}/close/").status_code == 302
    group.refresh_from_db()
    assert group.closed_at is not None
    # Positive control: a person is refused.
    refused = fac.post(
        f"/communities/{group.slug}/members/invite/",
        {"email": "new@test.example", "role": "member", "language": "en", "person": ""},
    )
    assert "takes no new members" in refused.content.decode()
    answer = fac.post(
        f"/communities/{group.slug}/organisations/add/",
        {"organisation": network.ministry.slug, "role": "co-lead"},
    )
    assert "takes no new members" in answer.content.decode()
    assert not OrganisationMembership.objects.filter(
        community=group, organisation=network.ministry
    ).exists()
