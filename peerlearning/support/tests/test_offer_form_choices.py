"""The offer form offers only what the person may choose: one not on the expert roster offers in
an organisation's name, never "myself" to be refused after sending."""

import pytest

from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

MYSELF = "— myself, as an expert of the roster —"


def form_of(user):
    response = client_for(user).get("/support/offers/new/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_not_on_the_roster_offers_in_their_organisations_name(network):
    assert not network.community_member.offers_expertise
    page = form_of(network.community_member)
    assert MYSELF not in page
    # The first organisation is what a browser sends when nothing else is chosen.
    select = '<select name="organisation" id="id_organisation">'
    first = f'{select}\n  <option value="{network.ministry.pk}">'
    assert first in page
    # Control: the roster's expert still may offer as themselves.
    network.community_member.offers_expertise = True
    network.community_member.save(update_fields=["offers_expertise"])
    assert MYSELF in form_of(network.community_member)
