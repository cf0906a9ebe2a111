"""Finding 2 of issue 10, replayed by the insiders who found it: people whose role needs two
factors, signed in with a password alone, and the API tokens that outlived their credentials.

Each refusal carries its positive control: the same person, once they have set up an
authenticator app, does the same thing.
"""

import json
import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone

from peerlearning.accounts.models import ApiToken, AuditEntry, User
from peerlearning.knowledge.models import Practice
from peerlearning.network.models import CommunityInvitation, Membership, Organisation, Role
from peerlearning.network.testing import client_for
from peerlearning.support.models import SupportRequest
from peerlearning.support.testing import support_world
from peerlearning.testing import PASSWORD, TOTP_SECRET, make_user, totp_code

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

TOTP_SET_UP = "/accounts/2fa/totp/activate/"
NEW_PRACTICE = {
    "title": "Screening at the northern border",
    "summary": "Every child is screened within a day.",
    "description": "",
    "country": "MX",
    "region": "americas",
    "target_groups": ["children"],
    "years": "2024-",
    "outcomes": "",
    "sources": "Government report | https://example.org/report",
    "language": "en",
    "practice_types": ["screening"],
    "stage": "pilot",
    "gcm_objectives": ["13"],
    "people_reached": "120",
    "compliance_rate": "",
    "cost_per_day": "",
    "place": "Tijuana",
}
NEW_ORGANISATION = {
    "name": "Thai Committee for Refugees",
    "slug": "tcr",
    "stakeholder_type": "civil-society",
}
NEW_REQUEST = {
    "title": "Training for case managers",
    "description": "For new staff.",
    "kind": "training",
    "topics": ["case-management"],
    "languages": ["en"],
}


def sign_in(email: str, *, totp_secret: str = "") -> Client:
    """Through the sign-in page (and its two-factor step), as a person does: allauth then
    knows when they last authenticated and asks no confirmation for a while."""
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    if totp_secret:
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(totp_secret)})
        assert response.status_code == 302
    return client


def reauthenticate(client: Client, path: str) -> None:
    """allauth asks for the password again before a change of the second factor."""
    response = client.get(path)
    if response.status_code == 302 and "/reauthenticate/" in response["Location"]:
        confirmed = client.post(response["Location"], {"password": PASSWORD})
        assert confirmed.status_code == 302, confirmed.content.decode()[:500]


def set_up_totp(client: Client) -> str:
    """The authenticator app, set up through allauth's page; returns its secret."""
    reauthenticate(client, TOTP_SET_UP)
    page = client.get(TOTP_SET_UP)
    assert page.status_code == 200, page.get("Location")
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode())
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{16,})"', page.content.decode())
    assert secret is not None
    response = client.post(TOTP_SET_UP, {"code": totp_code(secret.group(1))})
    assert response.status_code == 302, response.content.decode()[:800]
    return secret.group(1)


def create_token(client: Client, scope: str = "read-write", valid_days: int = 90) -> str:
    response = client.post(
        "/profile/tokens/", {"name": "my script", "scope": scope, "valid_days": valid_days}
    )
    assert response.status_code == 200, response.get("Location")
    text = response.content.decode()
    start = text.index('value="pl_') + len('value="')
    return text[start : text.index('"', start)]


def api(method: str, path: str, token: str | None = None, body=None, client=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
    response = getattr(client or Client(), method)(f"/api/v1{path}", **kwargs, **headers)
    return response.status_code, response.json()


def is_sent_to_set_up(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(TOTP_SET_UP)


def refused_for_two_factors(status: int, payload: dict) -> bool:
    return status == 403 and "two-factor" in payload["error"]


def accept_invitation_as_facilitator(admin_client: Client, mailoutbox, capture) -> Client:
    with capture(execute=True):
        admin_client.post(
            "/manage/invitations/",
            {"email": "new.coordinator@example.net", "language": "en", "as_facilitator": "on"},
        )
    link = re.search(r"http://\S+(/accounts/invitations/\S+/)", mailoutbox[-1].body)
    assert link is not None
    client = Client()
    response = client.post(
        link.group(1),
        {"display_name": "Nadia", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    return client


# The newly invited facilitator -----------------------------------------------------------------


def test_a_newly_invited_facilitator_reaches_nothing_until_two_factors_are_set_up(
    network, admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    world = support_world(network)
    insider = accept_invitation_as_facilitator(
        admin_client, mailoutbox, django_capture_on_commit_callbacks
    )
    person = User.objects.get(email="new.coordinator@example.net")
    assert person.is_facilitator
    # The administrator also makes them an editor, on the roles page.
    admin_client.post(f"/accounts/roles/{person.uuid}/", {"role": "editor", "granted": "give"})
    person.refresh_from_db()
    assert person.is_editor
    private = f"/support/requests/{world.private.uuid}/"
    pages = [
        "/practices/new/",
        "/practices/th-draft-practice/edit/",
        "/resources/new/",
        "/support/dashboard/",
        "/support/suggestions/",
        private,
        "/profile/",
        "/admin/",
    ]
    for path in pages:
        assert is_sent_to_set_up(insider.get(path)), path
    assert "Community placement" not in insider.get(private, follow=True).content.decode()
    assert is_sent_to_set_up(insider.post("/practices/new/", NEW_PRACTICE))
    assert not Practice.objects.filter(title=NEW_PRACTICE["title"]).exists()
    # Through the API, by session: 403 with the reason, nothing written.
    status, payload = api("post", "/organisations", body=NEW_ORGANISATION, client=insider)
    assert refused_for_two_factors(status, payload)
    status, payload = api("get", f"/support/requests/{world.private.uuid}", client=insider)
    assert refused_for_two_factors(status, payload)
    assert not Organisation.objects.filter(slug="tcr").exists()

    # The positive control: the same person, with an authenticator app, does all of it.
    set_up_totp(insider)
    for path in pages[:-1]:
        assert insider.get(path).status_code == 200, path
    assert insider.post("/practices/new/", NEW_PRACTICE).status_code == 302
    assert Practice.objects.filter(title=NEW_PRACTICE["title"]).exists()
    status, _payload = api("post", "/organisations", body=NEW_ORGANISATION, client=insider)
    assert status == 201


def test_a_token_made_before_the_role_creates_no_organisation_until_two_factors(
    network, django_capture_on_commit_callbacks
):
    """A member makes a personal token, is then made a platform facilitator: the token acts
    with the new role only once two factors are set up."""
    person = make_user("coordinator-to-be@test.example")
    client = sign_in(person.email)
    token = create_token(client)
    admin = sign_in(network.administrator.email, totp_secret=TOTP_SECRET)
    admin.post(f"/accounts/roles/{person.uuid}/", {"role": "facilitator", "granted": "give"})

    status, payload = api("post", "/organisations", token, NEW_ORGANISATION)
    assert refused_for_two_factors(status, payload)
    status, payload = api("get", "/people", token)  # reads too: nothing but the set-up
    assert refused_for_two_factors(status, payload)
    assert not Organisation.objects.filter(slug="tcr").exists()

    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        set_up_totp(client)
    # Setting up the second factor revoked the old token; a new one works.
    assert api("post", "/organisations", token, NEW_ORGANISATION)[0] == 401
    status, _payload = api("post", "/organisations", create_token(client), NEW_ORGANISATION)
    assert status == 201


# The member promoted to community facilitator --------------------------------------------------


def test_a_member_made_community_facilitator_changes_no_role_and_adds_no_one(network):
    insider = sign_in(network.community_member.email)
    token = create_token(insider)  # made as a member, before the promotion
    community_facilitator = client_for(network.facilitator)
    promoted = Membership.objects.get(community=network.asia, person=network.community_member)
    response = community_facilitator.post(
        f"/communities/asia-pacific/members/{promoted.uuid}/role/", {"role": "facilitator"}
    )
    assert response.status_code == 302
    promoted.refresh_from_db()
    assert promoted.role == Role.FACILITATOR

    pseudonymous = Membership.objects.get(community=network.asia, person=network.pseudonymous)
    change = f"/communities/asia-pacific/members/{pseudonymous.uuid}"
    for client, secret in ((insider, None), (None, token)):
        status, payload = api("patch", change, secret, {"role": "observer"}, client=client)
        assert refused_for_two_factors(status, payload)
        status, payload = api(
            "post",
            "/communities/asia-pacific/members",
            secret,
            {"email": "public@test.example"},
            client=client,
        )
        assert refused_for_two_factors(status, payload)
    response = insider.post(
        f"/communities/asia-pacific/members/{pseudonymous.uuid}/role/", {"role": "observer"}
    )
    assert is_sent_to_set_up(response)
    pseudonymous.refresh_from_db()
    assert pseudonymous.role == Role.MEMBER
    assert (
        not Membership.objects.filter(community=network.asia, person=network.public)
        .exclude(role=Role.OBSERVER)
        .exists()
    )
    assert Membership.objects.filter(community=network.asia).count() == 5

    set_up_totp(insider)
    status, payload = api("patch", change, body={"role": "observer"}, client=insider)
    assert status == 200 and payload["role"] == "observer"
    status, payload = api(
        "post",
        "/communities/mena/members",
        body={"email": "hidden@test.example"},
        client=sign_in(network.other_facilitator.email, totp_secret=TOTP_SECRET),
    )
    # Adding by e-mail invites (the person consents by accepting): the seat is offered.
    assert status == 202 and payload["status"] == "invited" and payload["member"] is None
    assert CommunityInvitation.objects.filter(
        community__slug="mena", invitation__email="hidden@test.example"
    ).exists()


# The last authenticator ------------------------------------------------------------------------


def test_the_last_authenticator_of_a_facilitator_cannot_be_removed(network):
    insider = sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    reauthenticate(insider, "/accounts/2fa/totp/deactivate/")
    page = insider.get("/accounts/2fa/totp/deactivate/")
    assert "Your role needs two-factor sign-in" in page.content.decode()
    response = insider.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert "Your role needs two-factor sign-in" in response.content.decode()
    assert Authenticator.objects.filter(user=network.facilitator, type="totp").exists()

    # A member, whose role needs none, may remove theirs.
    member = make_user("careful.member@test.example", two_factor=True)
    client = sign_in(member.email, totp_secret=TOTP_SECRET)
    reauthenticate(client, "/accounts/2fa/totp/deactivate/")
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=member, type="totp").exists()


def test_recovery_codes_alone_do_not_count_as_two_factors(network):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    person = make_user("codes.only@test.example", is_facilitator=True)
    RecoveryCodes.activate(person)
    assert is_sent_to_set_up(client_for(person).get("/support/dashboard/"))


# Tokens ----------------------------------------------------------------------------------------


def test_a_token_stops_working_when_the_password_changes(network):
    member = make_user("scripted@test.example")
    client = sign_in(member.email)
    token = create_token(client)
    assert api("get", "/people", token)[0] == 200
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-passphrase",
            "password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    status, payload = api("get", "/people", token)
    assert status == 401 and payload["error"]
    assert AuditEntry.objects.filter(action="api_token.revoked_all", details__reason="password")


def test_a_token_stops_working_when_the_second_factor_is_added_or_removed(
    network, django_capture_on_commit_callbacks
):
    member = make_user("scripted@test.example")
    client = sign_in(member.email)
    before = create_token(client)
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        secret = set_up_totp(client)
    assert api("get", "/people", before)[0] == 401
    after = create_token(client)
    assert api("get", "/people", after)[0] == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/2fa/recovery-codes/generate/").status_code == 302
    assert api("get", "/people", after)[0] == 401
    again = create_token(client)
    assert api("get", "/people", again)[0] == 200
    client = sign_in(member.email, totp_secret=secret)
    reauthenticate(client, "/accounts/2fa/totp/deactivate/")
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert api("get", "/people", again)[0] == 401


def test_a_read_only_token_cannot_write(network):
    support_world(network)
    client = sign_in(network.community_member.email)
    read_only = create_token(client, scope="read")
    before = SupportRequest.objects.count()
    status, payload = api("post", "/support/requests", read_only, NEW_REQUEST)
    assert status == 403 and "read-only" in payload["error"]
    assert SupportRequest.objects.count() == before
    assert api("get", "/support/requests", read_only)[0] == 200
    status, _payload = api("post", "/support/requests", create_token(client), NEW_REQUEST)
    assert status == 201
    assert SupportRequest.objects.count() == before + 1
    page = client.get("/profile/tokens/").content.decode()
    assert "read only" in page and "read and write" in page and "expires" in page


def test_an_expired_token_is_refused_and_none_lives_beyond_a_year(network):
    client = sign_in(network.outsider.email)
    token = create_token(client, valid_days=7)
    assert api("get", "/people", token)[0] == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    status, payload = api("get", "/people", token)
    assert status == 401 and payload["error"]
    response = client.post(
        "/profile/tokens/", {"name": "forever", "scope": "read", "valid_days": 3650}
    )
    assert 'value="pl_' not in response.content.decode()
    assert not ApiToken.objects.filter(name="forever").exists()
    create_token(client, valid_days=365)
    assert ApiToken.objects.get(revoked_at=None, expires_at__gt=timezone.now()).expires_at < (
        timezone.now() + timedelta(days=366)
    )


# The roles page --------------------------------------------------------------------------------


def test_only_an_administrator_gives_roles(network):
    coordinator = client_for(network.facilitator)
    assert coordinator.get("/accounts/roles/").status_code == 403
    response = coordinator.post(
        f"/accounts/roles/{network.facilitator.uuid}/", {"role": "administrator", "granted": "give"}
    )
    assert response.status_code == 403
    network.facilitator.refresh_from_db()
    assert not network.facilitator.is_superuser

    admin = client_for(network.administrator)
    page = admin.get("/accounts/roles/?q=Chandra").content.decode()
    assert "Chandra Member" in page and "Make editor" in page
    admin.post(
        f"/accounts/roles/{network.facilitator.uuid}/", {"role": "administrator", "granted": "give"}
    )
    network.facilitator.refresh_from_db()
    assert network.facilitator.is_superuser and network.facilitator.is_staff


def test_role_changes_are_audited_and_an_administrator_keeps_their_own_status(network):
    admin = client_for(network.administrator)
    person = network.community_member
    admin.post(f"/accounts/roles/{person.uuid}/", {"role": "editor", "granted": "give"})
    admin.post(f"/accounts/roles/{person.uuid}/", {"role": "editor", "granted": "take"})
    entries = AuditEntry.objects.filter(object_id=str(person.uuid), action__startswith="role.")
    assert [(e.action, e.actor, e.details) for e in entries.order_by("created_at", "pk")] == [
        ("role.granted", network.administrator, {"role": "editor"}),
        ("role.removed", network.administrator, {"role": "editor"}),
    ]
    response = admin.post(
        f"/accounts/roles/{network.administrator.uuid}/",
        {"role": "administrator", "granted": "take"},
        follow=True,
    )
    assert "cannot remove your own administrator status" in response.content.decode()
    network.administrator.refresh_from_db()
    assert network.administrator.is_superuser


def test_a_person_made_editor_must_set_up_two_factors_first(network):
    admin = client_for(network.administrator)
    person = network.community_member
    client = sign_in(person.email)
    assert client.get("/practices/th-draft-practice/").status_code == 404
    admin.post(f"/accounts/roles/{person.uuid}/", {"role": "editor", "granted": "give"})
    assert is_sent_to_set_up(client.get("/practices/th-draft-practice/"))
    set_up_totp(client)
    assert client.get("/practices/th-draft-practice/").status_code == 200


def test_a_coordinator_is_not_an_editor(network):
    """Platform facilitators coordinate; publishing the knowledge base is the editors' role."""
    coordinator = make_user("coordinator@test.example", is_facilitator=True, two_factor=True)
    client = client_for(coordinator)
    assert client.get("/support/dashboard/").status_code == 200
    assert client.get("/practices/th-draft-practice/").status_code == 404
    assert client.get("/practices/new/").status_code == 403
    editor = make_user("editor@test.example", is_editor=True, two_factor=True)
    assert client_for(editor).get("/practices/new/").status_code == 200
    assert client_for(editor).get("/support/dashboard/").status_code == 403
