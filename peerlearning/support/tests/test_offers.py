"""Support offers: writing, editing, listing one's own."""

import pytest

from peerlearning.network.testing import client_for
from peerlearning.support.models import (
    Match,
    SupportOffer,
)
from peerlearning.testing import post_json

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


class TestOffers:
    def test_an_offer_from_someone_who_may_not_speak_for_the_organisation_is_refused(
        self, network, world
    ):
        response = post_json(
            client_for(network.outsider),
            "/api/v1/support/offers",
            {
                "title": "HOST training",
                "kinds": ["training"],
                "topics": ["case-management"],
                "languages": ["en"],
                "organisation": network.ngo.slug,
            },
        )
        assert response.status_code == 400
        assert "only if you belong to it" in response.json()["error"]
        assert not SupportOffer.objects.filter(title="HOST training").exists()

    def test_an_expert_offer_needs_the_roster(self, network, world):
        client = client_for(network.outsider)
        data = {
            "title": "My advice",
            "kinds": ["legal-advice"],
            "concepts": ["case-management"],
            "languages": ["en"],
            "capacity": "1",
        }
        response = client.post("/support/offers/new/", data)
        assert response.status_code == 400
        assert "Join the expert roster" in response.content.decode()
        network.outsider.offers_expertise = True
        network.outsider.save()
        response = client.post("/support/offers/new/", data)
        assert response.status_code == 302
        assert SupportOffer.objects.get(title="My advice").expert == network.outsider

    def test_an_experts_offer_is_hidden_with_the_experts_profile(self, network, world):
        network.public.visibility = "hidden"
        network.public.save()
        assert client_for(network.outsider).get(world.expert.get_absolute_url()).status_code == 404
        assert client_for(network.public).get(world.expert.get_absolute_url()).status_code == 200


class TestEditing:
    def test_the_requester_edits_and_a_bad_edit_keeps_what_was_typed(self, network, world):
        client = client_for(network.community_member)
        path = f"/support/requests/{world.request.uuid}/edit/"
        form = client.get(path).content.decode()
        assert 'value="Community placement for unaccompanied children"' in form
        assert 'value="TH"' in form
        data = {
            "title": "Community placement, with guardianship",
            "description": "Updated.",
            "kind": "site-visit",
            "languages": ["en", "fr"],
            "urgency": "high",
            "countries": "TH, XX",
            "visibility": "network",
            "concepts": ["community-placement"],
        }
        response = client.post(path, data)
        assert response.status_code == 400
        assert 'value="Community placement, with guardianship"' in response.content.decode()
        world.request.refresh_from_db()
        assert world.request.title == "Community placement for unaccompanied children"
        client.post(path, {**data, "countries": "TH, MY"})
        world.request.refresh_from_db()
        assert world.request.title == "Community placement, with guardianship"
        assert world.request.languages == ["en", "fr"]
        assert sorted(c.code for c in world.request.countries.all()) == ["MY", "TH"]

    def test_someone_else_may_not_edit(self, network, world):
        path = f"/support/requests/{world.request.uuid}/edit/"
        assert client_for(network.outsider).get(path).status_code == 403
        response = client_for(network.outsider).post(path, {"title": "Hijacked"})
        assert response.status_code == 403
        world.request.refresh_from_db()
        assert world.request.title == "Community placement for unaccompanied children"

    def test_the_expert_edits_their_offer(self, network, world):
        client = client_for(network.public)
        path = f"/support/offers/{world.expert.uuid}/edit/"
        response = client.post(
            path,
            {
                "title": "Advice on children's rights",
                "kinds": ["legal-advice", "training"],
                "concepts": ["children"],
                "languages": ["es", "en"],
                "capacity": "3",
            },
        )
        assert response.status_code == 302
        world.expert.refresh_from_db()
        assert world.expert.kinds == ["legal-advice", "training"]
        assert world.expert.capacity == 3
        assert client_for(network.outsider).get(path).status_code == 403


def test_only_mine(network, world):
    client = client_for(network.community_member)
    page = client.get("/support/?mine=on&status=all").content.decode()
    assert world.request.title in page and world.private.title in page
    assert world.community_only.title not in page
    offers = client_for(network.public).get("/support/offers/?mine=on").content.decode()
    assert world.expert.title in offers and world.host.title not in offers


def test_a_malformed_offer_identifier_is_simply_not_found(network, world):
    client = client_for(network.facilitator)
    response = client.post(
        f"/support/requests/{world.request.uuid}/propose/", {"offer": "not-a-uuid"}
    )
    assert response.status_code == 404
    assert not Match.objects.exclude(pk=world.match.pk).exists()
    # The same request naming a real offer proposes the match.
    response = client.post(
        f"/support/requests/{world.request.uuid}/propose/", {"offer": str(world.expert.uuid)}
    )
    assert response.status_code == 302
    assert Match.objects.exclude(pk=world.match.pk).get().offer == world.expert
