"""Every write and all its consequences is one action: a request or an offer made through the
API refreshes the peer suggestions exactly as one made on the page does (issue 12)."""

from types import SimpleNamespace

import pytest

from peerlearning.network.models import Organisation, StakeholderType
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.support import suggestions
from peerlearning.support.models import PeerSuggestion, SupportRequest
from peerlearning.support.testing import make_request
from peerlearning.testing import post_json

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


def test_a_request_and_an_offer_made_through_the_api_refresh_the_suggestions(
    network, world, django_capture_on_commit_callbacks
):
    advocacy = world.concepts["advocacy"]
    PeerSuggestion.objects.all().delete()
    make_request(network.facilitator, [advocacy], title="Jordan asks", countries=["JO"])
    clinic = Organisation.objects.create(
        slug="refugee-law-clinic",
        name="Refugee Law Clinic",
        stakeholder_type=StakeholderType.CIVIL_SOCIETY,
    )
    confirmed_affiliation(network.member, clinic)
    client = client_for(network.member)
    # One country asking is no suggestion yet: nothing waits before the API is used.
    assert not PeerSuggestion.objects.filter(concept=advocacy).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            client,
            "/api/v1/support/requests",
            {
                "title": "Egypt asks",
                "description": "D",
                "kind": "training",
                "topics": ["advocacy"],
                "languages": ["ar"],
                "countries": ["EG"],
            },
        )
    assert response.status_code == 201
    made = PeerSuggestion.objects.get(concept=advocacy)
    assert sorted(c.code for c in made.facing.all()) == ["EG", "JO"]
    assert clinic not in made.organisations.all()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            client,
            "/api/v1/support/offers",
            {
                "title": "Advocacy training",
                "kinds": ["training"],
                "topics": ["advocacy"],
                "languages": ["en"],
                "organisation": clinic.slug,
            },
        )
    assert response.status_code == 201
    again = PeerSuggestion.objects.get(concept=advocacy)
    assert clinic in again.organisations.all()


def test_a_refused_api_request_refreshes_nothing(
    network, world, django_capture_on_commit_callbacks, monkeypatch
):
    """The consequence belongs to the write: a refused request schedules no refresh."""
    enqueued = []
    monkeypatch.setattr(
        suggestions,
        "refresh_suggestions",
        SimpleNamespace(enqueue=lambda: enqueued.append("refresh")),
    )
    PeerSuggestion.objects.all().delete()
    request = {
        "title": "On behalf of a ministry",
        "description": "D",
        "kind": "training",
        "topics": ["advocacy"],
        "languages": ["en"],
    }
    client = client_for(network.outsider)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_json(
            client,
            "/api/v1/support/requests",
            {**request, "organisation": network.ministry.slug},
        )
    assert response.status_code == 400
    assert callbacks == []
    assert not PeerSuggestion.objects.exists()
    assert not SupportRequest.objects.filter(title=request["title"]).exists()
    assert enqueued == []
    # Control: the same request on the person's own behalf is taken and schedules the refresh.
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, "/api/v1/support/requests", request)
    assert response.status_code == 201
    assert SupportRequest.objects.filter(title=request["title"]).count() == 1
    assert enqueued == ["refresh"]
