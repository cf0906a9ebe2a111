import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry, Invitation, User, hash_token
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


def invite(client, email="new.person@example.net", **extra):
    return client.post("/manage/invitations/", {"email": email, "language": "en", **extra})


def link_in(message) -> str:
    match = re.search(r"http://\S+/accounts/invitations/(\S+)/", message.body)
    assert match, message.body
    return f"/accounts/invitations/{match.group(1)}/"


class TestSendInvitation:
    def test_it_sends_an_invitation_by_email(
        self, facilitator_client, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(facilitator_client, message="Welcome to the Asia Pacific platform")
        assert response.status_code == 302
        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == ["new.person@example.net"]
        assert "Welcome to the Asia Pacific platform" in mailoutbox[0].body
        assert "Fay Facilitator" in mailoutbox[0].body
        invitation = Invitation.objects.get()
        # The link carries the token; only its hash is stored.
        token = link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[-1]
        assert invitation.token_hash == hash_token(token) != token
        assert AuditEntry.objects.filter(action="invitation.sent").count() == 1

    def test_it_writes_the_invitation_in_the_chosen_language(
        self, facilitator_client, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            invite(facilitator_client, language="es")
        assert "invita" in mailoutbox[0].subject.lower()

    def test_it_does_not_tell_whether_an_address_has_an_account(
        self, facilitator_client, member, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(facilitator_client, email=member.email, message="kept text")
        assert response.status_code == 302
        assert (
            "already has an account"
            not in facilitator_client.get(response["Location"]).content.decode()
        )
        # The invitation is listed as any other (its absence would tell), but no link is made
        # or sent: the account holder is told they have an account.
        assert Invitation.objects.count() == 1
        assert "/accounts/invitations/" not in mailoutbox[0].body
        assert [m.to for m in mailoutbox] == [[member.email]]
        assert "/accounts/login/" in mailoutbox[0].body
        assert "kept text" not in mailoutbox[0].body

    def test_it_refuses_an_invalid_address_and_keeps_what_was_typed(self, facilitator_client):
        response = invite(facilitator_client, email="not-an-address", message="Hola")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Enter a valid email address" in body
        assert 'value="not-an-address"' in body
        assert "Hola" in body
        assert Invitation.objects.count() == 0

    def test_it_replaces_a_pending_invitation_to_the_same_address(self, facilitator_client):
        invite(facilitator_client)
        invite(facilitator_client)
        statuses = sorted(i.status for i in Invitation.objects.all())
        assert statuses == ["pending", "revoked"]

    def test_a_facilitator_cannot_invite_a_facilitator_where_an_administrator_can(
        self, facilitator_client, admin_client
    ):
        invite(facilitator_client, as_facilitator="on")
        assert Invitation.objects.get().as_facilitator is False
        # The same request from an administrator does make a facilitator's invitation.
        invite(admin_client, email="second.person@example.net", as_facilitator="on")
        assert Invitation.objects.get(email="second.person@example.net").as_facilitator is True

    def test_an_administrator_can_invite_a_facilitator(self, admin_client):
        invite(admin_client, as_facilitator="on")
        assert Invitation.objects.get().as_facilitator is True

    def test_a_member_is_refused_where_a_facilitator_invites(
        self, member_client, facilitator_client, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assert member_client.get("/manage/invitations/").status_code == 403
            assert invite(member_client).status_code == 403
        assert Invitation.objects.count() == 0
        assert mailoutbox == []
        # The same request from a facilitator is accepted and sends the invitation.
        with django_capture_on_commit_callbacks(execute=True):
            assert facilitator_client.get("/manage/invitations/").status_code == 200
            assert invite(facilitator_client).status_code == 302
        assert Invitation.objects.count() == 1
        assert [m.to for m in mailoutbox] == [["new.person@example.net"]]

    def test_anonymous_is_sent_to_sign_in(self, db):
        response = Client().get("/manage/invitations/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_a_facilitator_without_two_factor_must_set_it_up_first(self, db):
        user = make_user("fresh@test.example", is_facilitator=True)
        client = Client()
        client.force_login(user)
        response = client.get("/manage/invitations/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/totp/activate/")
        assert invite(client).status_code == 302
        assert Invitation.objects.count() == 0

    def test_wrong_method_is_refused(self, facilitator_client):
        assert facilitator_client.put("/manage/invitations/").status_code == 405

    def test_a_facilitator_can_withdraw_their_invitation(self, facilitator_client):
        invite(facilitator_client)
        invitation = Invitation.objects.get()
        response = facilitator_client.post(f"/manage/invitations/{invitation.uuid}/revoke/")
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert invitation.status == "revoked"

    def test_a_facilitator_cannot_withdraw_someone_elses(self, facilitator_client, administrator):
        other = Invitation.objects.create(
            email="x@example.net",
            token_hash="x" * 64,
            invited_by=administrator,
            expires_at=Invitation.default_expiry(),
        )
        response = facilitator_client.post(f"/manage/invitations/{other.uuid}/revoke/")
        assert response.status_code == 403
        other.refresh_from_db()
        assert other.status == "pending"


class TestAcceptInvitation:
    @pytest.fixture
    def link(self, facilitator_client, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invite(facilitator_client)
        return link_in(mailoutbox[-1])

    def test_it_creates_the_account_and_signs_in(self, link):
        client = Client()
        assert client.get(link).status_code == 200
        response = client.post(
            link,
            {
                "display_name": "Nadia",
                "password1": "a-long-new-passphrase",
                "password2": "a-long-new-passphrase",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == "/profile/"
        user = User.objects.get(email="new.person@example.net")
        assert user.display_name == "Nadia"
        assert client.get("/profile/").status_code == 200
        assert Invitation.objects.get().status == "accepted"

    def test_the_link_works_once(self, link):
        data = {
            "display_name": "Nadia",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
        }
        Client().post(link, data)
        response = Client().get(link)
        assert response.status_code == 410
        assert "already been used" in response.content.decode()

    def test_an_expired_link_gets_a_clear_page(self, link):
        Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        response = Client().get(link)
        assert response.status_code == 410
        assert "expired" in response.content.decode()

    def test_a_withdrawn_link_gets_a_clear_page(self, link):
        Invitation.objects.update(revoked_at=timezone.now())
        response = Client().post(link, {"display_name": "Nadia"})
        assert response.status_code == 410
        assert User.objects.filter(email="new.person@example.net").count() == 0

    def test_an_unknown_link_gets_a_clear_page_where_a_real_one_opens(self, link):
        response = Client().get("/accounts/invitations/not-a-real-token/")
        assert response.status_code == 404
        assert "not valid" in response.content.decode()
        response = Client().get(link)
        assert response.status_code == 200
        assert "not valid" not in response.content.decode()

    def test_a_weak_or_mismatched_password_keeps_the_name(self, link):
        client = Client()
        response = client.post(
            link, {"display_name": "Nadia", "password1": "short", "password2": "short"}
        )
        assert response.status_code == 200
        assert 'value="Nadia"' in response.content.decode()
        assert "too short" in response.content.decode()
        response = client.post(
            link,
            {
                "display_name": "Nadia",
                "password1": "a-long-new-passphrase",
                "password2": "another-long-one",
            },
        )
        assert "differ" in response.content.decode()
        assert not User.objects.filter(email="new.person@example.net").exists()

    def test_an_invited_facilitator_becomes_one(
        self, admin_client, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            invite(admin_client, email="fac@example.net", as_facilitator="on")
        Client().post(
            link_in(mailoutbox[-1]),
            {
                "display_name": "F",
                "password1": "a-long-new-passphrase",
                "password2": "a-long-new-passphrase",
            },
        )
        assert User.objects.get(email="fac@example.net").is_facilitator
