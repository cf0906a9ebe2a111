"""An editor publishes an incident (audited); a monitoring team records but does not publish."""

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.monitoring.models import Incident
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db


def publish(incident) -> str:
    return f"/monitoring/incidents/{incident.uuid}/publish/"


def is_published(incident) -> bool:
    return Incident.objects.get(pk=incident.pk).published_at is not None


def test_an_editor_publishes_and_the_public_reads_it(monitoring_world):
    draft = monitoring_world.draft
    page = f"/monitoring/incidents/{draft.uuid}/"
    assert client_for(None).get(page).status_code == 404
    editor = client_for(monitoring_world.editor)
    assert b"Publish</button>" in editor.get(page).content
    response = editor.post(publish(draft))
    assert response.status_code == 302
    assert response["Location"] == page
    draft.refresh_from_db()
    assert draft.published_by == monitoring_world.editor
    assert "Qvx draft incident" in page_text(client_for(None).get(page).content)
    assert "Qvx draft incident" in page_text(client_for(None).get("/monitoring/incidents/").content)
    entry = AuditEntry.objects.get(action="incident.published")
    assert (entry.actor, entry.object_id) == (monitoring_world.editor, str(draft.uuid))
    # Publishing again changes nothing and writes no second line.
    editor.post(publish(draft))
    assert AuditEntry.objects.filter(action="incident.published").count() == 1


def test_the_monitoring_team_cannot_publish(monitoring_world):
    monitor = client_for(monitoring_world.monitor)
    page = monitor.get(f"/monitoring/incidents/{monitoring_world.draft.uuid}/")
    assert b"Publish</button>" not in page.content
    response = monitor.post(publish(monitoring_world.draft))
    assert response.status_code == 403
    assert "Only an editor can publish an incident." in page_text(response.content)
    assert not is_published(monitoring_world.draft)
    assert not AuditEntry.objects.filter(action="incident.published").exists()


def test_who_may_not_know_of_the_draft_finds_nothing(monitoring_world):
    for user in (make_user("member@test.example"), monitoring_world.other_monitor):
        assert client_for(user).post(publish(monitoring_world.draft)).status_code == 404
    visitor = client_for(None).post(publish(monitoring_world.draft))
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/")
    assert not is_published(monitoring_world.draft)
    # A member who may read a published incident still may not publish anything.
    member = client_for(make_user("other@test.example"))
    assert member.post(publish(monitoring_world.fire)).status_code == 403


def test_publishing_is_a_post(monitoring_world):
    response = client_for(monitoring_world.editor).get(publish(monitoring_world.draft))
    assert response.status_code == 405
    assert not is_published(monitoring_world.draft)
