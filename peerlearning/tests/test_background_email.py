"""Production sends e-mail from the database queue through `db_worker`; nothing is lost."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


# A real commit, as in production: the worker runs outside the request's transaction and may
# close the database connection between tasks.
@pytest.mark.django_db(transaction=True)
def test_an_invitation_waits_in_the_queue_until_the_worker_sends_it(
    database_queue, facilitator_client, mailoutbox
):
    facilitator_client.post(
        "/manage/invitations/", {"email": "queued@example.net", "language": "fr"}
    )
    assert mailoutbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, stdout=StringIO())

    assert [message.to for message in mailoutbox] == [["queued@example.net"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_nothing_is_queued_when_the_change_is_rolled_back(
    database_queue, facilitator, member, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(facilitator)
    client.post("/manage/invitations/", {"email": member.email, "language": "en"})
    assert DBTaskResult.objects.count() == 0
    # Control: the same change, committed, queues its e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/manage/invitations/", {"email": member.email, "language": "en"})
    assert DBTaskResult.objects.filter(status="READY").count() == 1
