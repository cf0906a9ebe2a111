"""Defects found reviewing the merged work on issue 10, replayed as the insider who would try
them. Each refusal has its positive control."""

import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from peerlearning.accounts import actions as account_actions
from peerlearning.accounts.models import User
from peerlearning.exchanges.calendars import new_calendar_token
from peerlearning.network.models import Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.testing import PASSWORD, TOTP_SECRET, make_user
from peerlearning.tests.insiders.test_two_factors import set_up_totp, sign_in

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


def _patch_role(client: Client, path: str, role: str, authorization: str = ""):
    response = client.patch(
        f"/api/v1{path}",
        data=json.dumps({"role": role}),
        content_type="application/json",
        headers={"Authorization": authorization} if authorization else None,
    )
    return response.status_code, response.json()


def test_a_bogus_bearer_token_does_not_let_a_session_without_two_factors_write(network):
    """A member made community facilitator, signed in with a password alone, sends a made-up
    `Authorization: Bearer` header with their session: the middleware took the caller for
    anonymous (the token is unknown), while the API fell back to the session and wrote."""
    insider = sign_in(network.community_member.email)
    promoted = Membership.objects.get(community=network.asia, person=network.community_member)
    client_for(network.facilitator).post(
        f"/communities/asia-pacific/members/{promoted.uuid}/role/", {"role": "facilitator"}
    )
    pseudonymous = Membership.objects.get(community=network.asia, person=network.pseudonymous)
    path = f"/communities/asia-pacific/members/{pseudonymous.uuid}"

    for header in ("Bearer pl_made-up", "Bearer x", "bearer revoked-or-expired"):
        status, payload = _patch_role(insider, path, "observer", header)
        assert status in (401, 403), payload
        pseudonymous.refresh_from_db()
        assert pseudonymous.role == Role.MEMBER

    set_up_totp(insider)  # positive control: with two factors, the session writes
    status, payload = _patch_role(insider, path, "observer")
    assert status == 200 and payload["role"] == "observer"
    assert TOTP_SECRET  # (the fixture's administrators sign in with it)


def test_the_last_administrator_cannot_close_their_account(administrator):
    """The roles page keeps an administrator from taking their own status; closing the account
    took it all the same, and left the platform with no administrator."""
    admin = sign_in(administrator.email, totp_secret=TOTP_SECRET)
    response = admin.post("/profile/close/", {"password": PASSWORD})
    assert response.status_code == 200
    assert "last administrator" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.is_superuser

    # Positive control: with a second administrator, the first may leave.
    make_user("second.admin@test.example", two_factor=True, is_staff=True, is_superuser=True)
    response = admin.post("/profile/close/", {"password": PASSWORD})
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert not administrator.is_active and not administrator.is_superuser


def test_a_closed_account_keeps_no_editor_role(network):
    """Closing an account takes every role away, the editor's too: an account reopened in the
    admin would otherwise be an editor again, with no entry on the roles page."""
    editor = make_user("editor@test.example", two_factor=True, is_editor=True)
    client = sign_in(editor.email, totp_secret=TOTP_SECRET)
    # Control: open, the account holds the role and an editor's page opens for it.
    assert User.objects.get(pk=editor.pk).is_editor
    assert client.get("/practices/new/").status_code == 200
    assert client.post("/profile/close/", {"password": PASSWORD}).status_code == 302
    editor.refresh_from_db()
    assert not editor.is_active
    assert not editor.is_editor
    # Another editor's role is untouched by it.
    assert User.objects.get(pk=network.facilitator.pk).is_editor


def test_two_administrators_taking_each_others_role_at_once_leave_one(administrator):
    """Two administrators open the roles page and each takes the other's role. The second
    request was answered with the giver's status as loaded when it began: both went through
    and the platform had no administrator left. Replayed with the second request's stale user."""
    other = make_user(
        "second.admin@test.example", two_factor=True, is_staff=True, is_superuser=True
    )
    as_loaded_by_the_second_request = User.objects.get(pk=other.pk)

    first = sign_in(administrator.email, totp_secret=TOTP_SECRET)
    response = first.post(
        f"/accounts/roles/{other.uuid}/", {"role": "administrator", "granted": "take"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert not other.is_superuser  # control: an administrator takes another's role

    with pytest.raises(account_actions.AccountError):
        account_actions.set_role(
            administrator, "administrator", granted=False, by=as_loaded_by_the_second_request
        )
    administrator.refresh_from_db()
    assert administrator.is_superuser and administrator.is_staff


def test_the_sent_invitations_do_not_tell_which_addresses_have_accounts(
    facilitator_client, member, mailoutbox, django_capture_on_commit_callbacks
):
    """A coordinator invites an address, then looks at the list of invitations sent: the form
    answered the same, but the list showed the address only when it had no account."""
    stranger = "nobody.yet@example.net"
    for email in (member.email, stranger):
        with django_capture_on_commit_callbacks(execute=True):
            response = facilitator_client.post(
                "/manage/invitations/", {"email": email, "language": "en"}
            )
        assert response.status_code == 302
    facilitator_client.get("/manage/invitations/")  # shows (and uses up) the notices
    page = facilitator_client.get("/manage/invitations/").content.decode()
    assert stranger in page  # control: the stranger's invitation is listed
    assert member.email in page
    # The account holder is still only told they have an account: no link to accept anything.
    to_member = [m for m in mailoutbox if m.to == [member.email]]
    assert len(to_member) == 1 and "/accounts/invitations/" not in to_member[0].body
    assert "/accounts/login/" in to_member[0].body


def test_the_members_page_does_not_promise_to_add_people_at_once(network):
    """The page told facilitators that a person already in the network "is added at once":
    since nobody joins unasked, a facilitator relying on it thinks a colleague has joined."""
    page = client_for(network.facilitator).get("/communities/asia-pacific/members/")
    text = page.content.decode()
    assert page.status_code == 200 and "Invite a person" in text  # control: the form is there
    assert "added at once" not in text
    assert "Nobody is added without accepting" in text


def test_inviting_to_an_exchange_by_e_mail_does_not_unmask_a_pseudonym(network):
    """A community facilitator types a real person's e-mail address into the exchange's
    invitation form: the answer told whether the address had an account, and the list of
    invitations then showed the pseudonym (or the hidden profile's name) behind it."""
    facilitator = client_for(network.facilitator)
    invite = "/exchanges/asia-open/participants/invite/"
    answers = []
    for email in (network.pseudonymous.email, network.hidden.email, "nobody@example.net"):
        response = facilitator.post(invite, {"email": email}, follow=True)
        assert response.status_code == 200
        answers.append("Nobody in the network has this address" in response.content.decode())
    assert answers == [False, False, False]
    # The list of invitations (the form below it offers the network's members by shown name,
    # with no address beside them).
    page = invitations_listed(facilitator)
    assert "Amal" not in page
    assert "Hidden Person" not in page

    # Control: a person who shows their own name to the network is listed by it.
    facilitator.post(invite, {"email": network.public.email})
    assert "Public Person" in invitations_listed(facilitator)


def invitations_listed(client) -> str:
    page = client.get("/exchanges/asia-open/participants/").content.decode()
    return page.split('id="invite-person-title"', 1)[1].split("</ul>", 1)[0]


def test_the_organisation_page_title_carries_no_markup(network):
    """A confirmed member opening their organisation's page saw the domains link's markup in
    the browser tab (it had been merged into the page's <title>)."""
    for user in (network.pseudonymous, network.outsider):  # confirmed member; control
        page = client_for(user).get("/directory/organisations/ministry-of-interior-th/")
        text = page.content.decode()
        title = text[text.index("<title>") : text.index("</title>")]
        assert "<p>" not in title and "E-mail domains" not in title
    member_page = client_for(network.pseudonymous).get(
        "/directory/organisations/ministry-of-interior-th/"
    )
    assert "/domains/" in member_page.content.decode()  # the link is still in the page


def test_a_calendar_feed_made_before_a_role_waits_for_two_factors(network):
    """Every token acting as an account whose role needs two factors stops until they are set
    up — the API's do; the personal calendar address made as a member kept serving the
    person's private exchanges after they were made community facilitator."""
    person = network.community_member  # registered for the exchange of a private community
    token = new_calendar_token(person)
    assert Client().get(f"/calendar/{token}.ics").status_code == 200  # as a member
    promoted = Membership.objects.get(community=network.asia, person=person)
    client_for(network.facilitator).post(
        f"/communities/asia-pacific/members/{promoted.uuid}/role/", {"role": "facilitator"}
    )
    response = Client().get(f"/calendar/{token}.ics")
    assert response.status_code == 404
    assert b"Asia exchange on screening" not in response.content

    TOTP.activate(person, TOTP_SECRET)  # control: with two factors the address serves again
    response = Client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200 and b"Asia exchange on screening" in response.content


def test_the_admin_cannot_move_a_confirmed_affiliation_to_another_person_unaudited(network):
    """The admin's affiliation form kept the status read-only but let the person and the
    organisation be changed: a confirmed affiliation handed to someone else made them speak
    for the organisation with no claim, no decision and no audit entry."""
    from peerlearning.network.models import Affiliation

    admin = sign_in(network.administrator.email, totp_secret=TOTP_SECRET)
    confirmed = Affiliation.objects.get(person=network.pseudonymous, status="confirmed")
    url = f"/admin/network/affiliation/{confirmed.pk}/change/"
    page = admin.get(url)
    assert page.status_code == 200  # control: the administrator reads it
    admin.post(
        url,
        {
            "person": network.outsider.pk,
            "organisation": confirmed.organisation_id,
            "title": "Minister",
            "shown_with_pseudonym": "",
        },
    )
    confirmed.refresh_from_db()
    assert confirmed.person == network.pseudonymous
    assert not Affiliation.objects.filter(person=network.outsider, status="confirmed").exists()


def test_an_invitation_to_a_holder_leaves_their_community_invitation_standing(network):
    """Listing a holder's invitation as any other must not cancel the invitation to a
    community they were sent: they still join by accepting it."""
    from peerlearning.accounts.models import Invitation

    client_for(network.facilitator).post(
        "/communities/asia-pacific/members/invite/",
        {"email": network.outsider.email, "role": "member", "language": "en"},
    )
    seat = Invitation.objects.get(email=network.outsider.email)
    coordinator = sign_in(network.administrator.email, totp_secret=TOTP_SECRET)
    coordinator.post("/manage/invitations/", {"email": network.outsider.email, "language": "en"})
    seat.refresh_from_db()
    assert seat.status == "pending"
    assert Invitation.objects.filter(email=network.outsider.email).count() == 2


MINISTRY_DOMAINS = "/directory/organisations/ministry-of-interior-th/domains/"


def test_a_coordinator_cannot_confirm_their_own_claim_by_registering_their_domain(network):
    """Nobody decides their own claim — yet a coordinator who claimed a government, then
    registered their own mail domain as the government's, was confirmed at once by it (and
    the same the other way round: the domain first, then the claim)."""
    from peerlearning.network.models import Affiliation

    coordinator = client_for(network.facilitator)  # facilitator@test.example
    coordinator.post("/profile/organisations/", {"organisation": "Ministry of Interior"})
    response = coordinator.post(MINISTRY_DOMAINS, {"domain": "test.example"})
    assert response.status_code == 302
    own = Affiliation.objects.get(person=network.facilitator)
    assert own.status == Affiliation.Status.CLAIMED
    # Withdrawn and claimed again once the domain is there: still only a claim.
    coordinator.post(f"/profile/organisations/{own.uuid}/remove/")
    coordinator.post("/profile/organisations/", {"organisation": "Ministry of Interior"})
    assert Affiliation.objects.get(person=network.facilitator).status == Affiliation.Status.CLAIMED

    # Control: the domain confirms someone else's claim at once.
    other = client_for(network.outsider)  # outsider@test.example
    other.post("/profile/organisations/", {"organisation": "Ministry of Interior"})
    assert Affiliation.objects.get(person=network.outsider).status == "confirmed"
