import json

import pytest
from django.test import Client

from peerlearning.accounts.models import ApiToken, hash_token
from peerlearning.network.models import Membership, Organisation
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


def token_for(user) -> str:
    client = client_for(user)
    response = client.post(
        "/profile/tokens/", {"name": "report script", "scope": "read-write", "valid_days": 90}
    )
    text = response.content.decode()
    start = text.index('value="pl_') + len('value="')
    return text[start : text.index('"', start)]


def api(method: str, path: str, token: str | None = None, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    kwargs = (
        {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    )
    response = getattr(Client(), method)(f"/api/v1{path}", **kwargs, **headers)
    return response.status_code, response.json()


def names(payload) -> set[str]:
    return {person["name"] for person in payload["items"]}


def test_the_openapi_document_describes_the_endpoints(db):
    status, document = api("get", "/openapi.json")
    assert status == 200
    assert {"/api/v1/communities", "/api/v1/people", "/api/v1/organisations"} <= set(
        document["paths"]
    )


def test_a_token_reads_as_its_owner(network):
    token = token_for(network.outsider)
    # Only the token's hash is stored: the database never holds the secret itself.
    stored = ApiToken.objects.get().token_hash
    assert stored == hash_token(token) and token not in stored
    _, anonymous = api("get", "/people")
    _, signed = api("get", "/people", token)
    assert names(anonymous) == {"Public Person"}
    assert {"Chandra Member", "Amal", "Public Person"} <= names(signed)
    assert "Hidden Person" not in names(signed)


def test_people_carry_no_email_and_no_hidden_affiliation(network):
    _, payload = api("get", "/people", token_for(network.outsider))
    text = json.dumps(payload)
    # The people whose addresses end so are listed, their addresses are not.
    assert {"Chandra Member", "Fay Facilitator", "Otto Outsider"} <= names(payload)
    assert "@test.example" not in text
    assert "Real Name Behind" not in text
    amal = next(person for person in payload["items"] if person["name"] == "Amal")
    assert amal["affiliations"] == []
    # Control: a named person's affiliation to the same ministry is carried.
    chandra = next(person for person in payload["items"] if person["name"] == "Chandra Member")
    assert chandra["affiliations"] == [{"organisation": network.ministry.slug, "title": "Director"}]


def test_a_revoked_or_wrong_token_is_refused_with_a_reason(network):
    token = token_for(network.outsider)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    status, payload = api("get", "/people", token)
    assert status == 401
    assert payload == {"error": "The API token is not valid."}


def test_a_private_community_is_not_found_for_outsiders(network):
    assert api("get", "/communities/cross-regional")[0] == 404
    assert api("get", "/communities/cross-regional", token_for(network.community_member))[0] == 200
    _, listing = api("get", "/communities")
    assert "cross-regional" not in {c["slug"] for c in listing["items"]}


def test_a_facilitator_adds_a_member_by_api(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    token = token_for(network.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        status, payload = api(
            "post",
            "/communities/asia-pacific/members",
            token,
            {"email": network.outsider.email, "role": "observer"},
        )
    # Nobody joins unasked: the person is invited, and the answer names no one.
    assert status == 202
    assert payload == {"status": "invited", "member": None}
    assert not Membership.objects.filter(community=network.asia, person=network.outsider).exists()
    assert mailoutbox[-1].to == [network.outsider.email]


def test_write_errors_are_4xx_with_a_reason(network):
    token = token_for(network.facilitator)
    status, payload = api(
        "post",
        "/communities/asia-pacific/members",
        token,
        {"email": network.community_member.email},
    )
    assert status == 202  # the same answer as for anyone: membership is not told
    status, payload = api(
        "post", "/communities/asia-pacific/members", token, {"email": "not-an-email"}
    )
    assert status == 422
    assert payload["details"][0]["field"] == "email"
    status, payload = api(
        "post", "/communities/asia-pacific/members", token, {"email": "x@y.org", "role": "boss"}
    )
    assert status == 422
    own = Membership.objects.get(community=network.asia, person=network.facilitator)
    status, payload = api(
        "patch", f"/communities/asia-pacific/members/{own.uuid}", token, {"role": "member"}
    )
    assert status == 400
    assert "own role" in payload["error"]


def test_a_member_cannot_write(network):
    token = token_for(network.community_member)
    status, payload = api(
        "post", "/communities/asia-pacific/members", token, {"email": "x@example.net"}
    )
    assert status == 403
    assert "facilitators" in payload["error"]
    status, _ = api(
        "post",
        "/organisations",
        token,
        {"name": "Xy", "slug": "x-org", "stakeholder_type": "donor"},
    )
    assert status == 403


def test_a_session_write_needs_the_csrf_token(network):
    client = Client(enforce_csrf_checks=True)
    client.force_login(network.facilitator)
    response = client.post(
        "/api/v1/organisations",
        data=json.dumps({"name": "New", "slug": "new-org", "stakeholder_type": "donor"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(slug="new-org").exists()
    # The same write carrying the token the session was given is taken.
    client.get("/profile/")
    response = client.post(
        "/api/v1/organisations",
        data=json.dumps({"name": "New", "slug": "new-org", "stakeholder_type": "donor"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 201
    assert Organisation.objects.filter(slug="new-org").count() == 1


def test_a_facilitator_creates_an_organisation(network):
    token = token_for(network.facilitator)
    status, payload = api(
        "post",
        "/organisations",
        token,
        {
            "name": "Thai Committee for Refugees",
            "slug": "tcr",
            "stakeholder_type": "civil-society",
            "countries": ["th"],
        },
    )
    assert status == 201
    assert payload["countries"] == ["TH"]
    status, payload = api(
        "post",
        "/organisations",
        token,
        {"name": "Again", "slug": "tcr", "stakeholder_type": "civil-society"},
    )
    assert status == 409


def test_list_endpoints_keep_a_bounded_number_of_queries(network, django_assert_max_num_queries):
    for i in range(30):
        person = make_user(f"api{i}@test.example", visibility="public")
        Membership.objects.create(community=network.asia, person=person)
    token = token_for(network.outsider)
    for path in ["/people", "/organisations", "/communities", "/communities/asia-pacific/members"]:
        with django_assert_max_num_queries(8):
            assert api("get", path, token)[0] == 200
