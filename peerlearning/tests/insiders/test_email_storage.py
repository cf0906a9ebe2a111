"""Finding 7: with the database task queue, e-mail bodies and their links sat in clear in stored
task rows for 14 days, shown in the admin; an administrator could take over an account with a
password-reset link read there. Replayed as that administrator reading the queue."""

import re
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peerlearning.accounts.models import Invitation, JoinRequest, User
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def stored_queue() -> str:
    """Everything the queue's table holds, as an administrator reading it would see it."""
    return serializers.serialize("json", DBTaskResult.objects.all())


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, stdout=StringIO())


def test_a_password_reset_link_is_never_stored(database_queue, member, mailoutbox):
    Client().post("/accounts/password/reset/", {"email": member.email})
    assert DBTaskResult.objects.count() == 1
    queued = stored_queue()
    assert "/accounts/password/reset/key/" not in queued
    assert mailoutbox == []

    run_worker()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    [message] = mailoutbox
    assert message.to == [member.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body)
    assert link, message.body
    key = link.group(1).rstrip("/").rsplit("/", 1)[-1]
    stored = stored_queue()
    for secret in (link.group(1), key, key.split("-", 1)[1], message.body.strip()[:40]):
        assert secret not in stored

    # Positive control: the link sent works.
    client = Client()
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(
        form_path, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")


def test_an_invitation_link_and_message_are_never_stored(
    database_queue, facilitator_client, mailoutbox
):
    personal = "Dear Amal, the Bangkok dialogue needs your voice"
    facilitator_client.post(
        "/manage/invitations/",
        {"email": "amal@example.net", "language": "fr", "message": personal},
    )
    queued = stored_queue()
    assert personal not in queued
    assert "/accounts/invitations/" not in queued

    run_worker()

    [message] = mailoutbox
    assert personal in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/invitations/(\S+)/)", message.body)
    assert link, message.body
    stored = stored_queue()
    assert link.group(2) not in stored
    assert personal not in stored
    assert "/accounts/invitations/" not in stored

    # Positive control: the link sent creates the account.
    client = Client()
    assert client.get(link.group(1)).status_code == 200
    response = client.post(
        link.group(1),
        {
            "display_name": "Amal",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="amal@example.net").exists()


def test_sending_an_invitation_again_cancels_the_old_link(
    database_queue, facilitator_client, mailoutbox
):
    for _ in range(2):
        facilitator_client.post(
            "/manage/invitations/", {"email": "amal@example.net", "language": "en"}
        )
        run_worker()
    first, second = (
        re.findall(r"https?://[^/\s]+(/accounts/invitations/\S+/)", m.body)[0] for m in mailoutbox
    )
    assert first != second
    assert Client().get(first).status_code in (404, 410)
    assert Client().get(second).status_code == 200
    assert Invitation.objects.pending().count() == 1


def test_a_request_to_join_reaches_administrators_without_storing_its_text(
    database_queue, administrator, mailoutbox
):
    reason = "I was detained for nine months and now advise the ministry"
    Client().post(
        "/accounts/join/",
        {
            "name": "Lucía Pérez",
            "email": "lucia@example.org",
            "organisation": "Clínica Jurídica",
            "country": "MX",
            "reason": reason,
        },
    )
    assert reason not in stored_queue()
    assert "Lucía" not in stored_queue()
    run_worker()
    assert reason in mailoutbox[0].body
    assert reason not in stored_queue()


@pytest.mark.django_db
class TestPersonalTextStaysInItsRow:
    """Every e-mail carrying what someone wrote — a reason, a message — is queued by reference:
    the queue holds the row's id, the e-mail the text."""

    def test_a_reason_for_declining_a_match(
        self, database_queue, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        from peerlearning.support.testing import support_world

        world = support_world(network)
        reason = "Their minister is under investigation, we cannot host them"
        with django_capture_on_commit_callbacks(execute=True):
            client_for(network.community_member).post(
                f"/support/matches/{world.match.uuid}/answer/",
                {"decision": "decline", "reason": reason},
            )
        assert DBTaskResult.objects.exists()
        assert reason not in stored_queue()

    def test_a_message_asking_to_join_a_community(
        self, database_queue, network, django_capture_on_commit_callbacks
    ):
        message = "I left the ministry last month and work with survivors now"
        with django_capture_on_commit_callbacks(execute=True):
            client_for(network.member).post("/communities/asia-pacific/join/", {"message": message})
        assert DBTaskResult.objects.exists()
        assert message not in stored_queue()
        assert network.member.public_name not in stored_queue()

    def test_a_reason_for_declining_a_request_to_join(
        self, database_queue, admin_client, django_capture_on_commit_callbacks
    ):
        join_request = JoinRequest.objects.create(
            name="Lucía Pérez", email="lucia@example.org", reason="Hello", language="es"
        )
        reason = "Your organisation was suspended by the coalition in 2024"
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(
                f"/manage/join-requests/{join_request.uuid}/decide/",
                {"decision": "decline", "reason": reason},
            )
        assert DBTaskResult.objects.exists()
        assert reason not in stored_queue()


@pytest.mark.django_db
def test_the_upgrade_forgets_bodies_queued_by_the_earlier_version():
    import importlib

    from django.apps import apps as current_apps

    migration = importlib.import_module(
        "peerlearning.support.migrations.0004_forget_stored_email_bodies"
    )
    common = {"status": "SUCCESSFUL", "backend_name": "default", "queue_name": "default"}
    legacy = DBTaskResult.objects.create(
        task_path="peerlearning.lib.mail.send_email",
        args_kwargs={"args": [], "kwargs": {"body": "http://x/accounts/password/reset/key/1-a/"}},
        run_after=timezone.now(),
        **common,
    )
    other = DBTaskResult.objects.create(
        task_path="peerlearning.support.suggestions.refresh_suggestions",
        args_kwargs={"args": [], "kwargs": {}},
        run_after=timezone.now(),
        **common,
    )
    migration.forget_bodies(current_apps, None)
    assert not DBTaskResult.objects.filter(pk=legacy.pk).exists()
    assert DBTaskResult.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_an_address_confirmation_key_is_made_by_the_sending_task(
    database_queue, member, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from allauth.account.adapter import get_adapter
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from django.test import RequestFactory

    address = EmailAddress.objects.create(user=member, email="second@example.net", verified=False)
    request = RequestFactory().get("/")
    with django_capture_on_commit_callbacks(execute=True):
        get_adapter(request).send_confirmation_mail(
            request, EmailConfirmationHMAC(address), signup=False
        )
    key = EmailConfirmationHMAC(address).key
    assert key not in stored_queue()
    assert "confirm-email" not in stored_queue()
    assert mailoutbox == []

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from peerlearning.accounts.adapter import send_account_link

    [row] = DBTaskResult.objects.all()
    send_account_link.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    [message] = mailoutbox
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
    assert link, message.body
    client = Client()
    client.force_login(member)
    client.post(link.group(1))
    address.refresh_from_db()
    assert address.verified
