"""A step of a recommendation's implementation: recorded by editors and the country's monitoring
team, with its date and its source; the recommendation's status is its newest step's, by date.
A step without a source, or dated in the future, is never saved; nobody else records one."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry
from peerlearning.monitoring import actions
from peerlearning.monitoring.models import Implementation, StatusChange
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db

STEP = {
    "status": "implemented",
    "date": "2024-06-30",
    "source_title": "Official Journal, reform of the Migration Law",
    "source_url": "https://example.org/dof",
    "note": "Children may no longer be held in immigration stations.",
}


def url(world) -> str:
    return f"{world.recommendation.get_absolute_url()}status/"


def steps(world):
    return StatusChange.objects.filter(recommendation=world.recommendation)


def status(world) -> str:
    world.recommendation.refresh_from_db()
    return world.recommendation.status


def test_the_countrys_team_records_a_step_that_becomes_the_status(monitoring_world):
    w = monitoring_world
    monitor = client_for(w.monitor)
    assert monitor.get(url(w)).status_code == 200
    response = monitor.post(url(w), STEP)
    assert response.status_code == 302
    assert response["Location"] == f"{w.recommendation.get_absolute_url()}#history"
    assert status(w) == Implementation.IMPLEMENTED
    step = steps(w).get(date=datetime.date(2024, 6, 30))
    assert step.recorded_by == w.monitor and step.source_url == "https://example.org/dof"
    entry = AuditEntry.objects.get(action="recommendation.status_changed")
    assert entry.actor == w.monitor and entry.object_id == str(w.recommendation.uuid)
    text = page_text(client_for(None).get(w.recommendation.get_absolute_url()).content)
    assert "Implementation Implemented" in text
    assert text.index("Official Journal") < text.index("A law")
    listed = page_text(client_for(None).get("/monitoring/recommendations/?country=MX").content)
    assert "1 recommendation, 1 implemented" in listed


def test_an_editor_records_a_step_too(monitoring_world):
    w = monitoring_world
    assert client_for(w.editor).post(url(w), {**STEP, "status": "regressed"}).status_code == 302
    assert status(w) == Implementation.REGRESSED


def test_a_step_dated_before_the_newest_goes_into_the_history_only(monitoring_world):
    w = monitoring_world
    monitor = client_for(w.monitor)
    early = {**STEP, "status": "in-progress", "date": "2020-11-11", "source_title": "2020 reform"}
    assert monitor.post(url(w), early).status_code == 302
    # The newest step (1 May 2023, partly implemented) still gives the status.
    assert status(w) == Implementation.PARTLY
    text = page_text(client_for(None).get(w.recommendation.get_absolute_url()).content)
    assert text.index("A law") < text.index("2020 reform")
    # Positive control: a newer step changes it.
    assert monitor.post(url(w), STEP).status_code == 302
    assert status(w) == Implementation.IMPLEMENTED


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"source_url": ""}, "Give the address of the source: it needs its source."),
        ({"source_title": ""}, "Give the title of the source: it needs its source."),
        ({"source_url": "", "source_title": ""}, "it needs its source"),
        ({"source_url": "ftp://example.org/x"}, "Give the source's web address"),
        ({"date": "2999-12-31"}, "The date is in the future"),
        ({"date": ""}, "This field is required."),
        ({"status": "abolished"}, "Select a valid choice."),
    ],
)
def test_a_wrong_step_is_refused_with_its_reason(monitoring_world, change, reason):
    w = monitoring_world
    monitor = client_for(w.monitor)
    response = monitor.post(url(w), {**STEP, **change})
    assert response.status_code == 400
    assert reason in page_text(response.content)
    assert STEP["note"] in response.content.decode()  # what was typed is kept
    assert steps(w).count() == 1
    assert status(w) == Implementation.PARTLY
    assert not AuditEntry.objects.filter(action="recommendation.status_changed").exists()
    # Positive control: complete, the same step is saved.
    assert monitor.post(url(w), STEP).status_code == 302
    assert steps(w).count() == 2


def test_the_action_refuses_a_step_without_a_source_or_in_the_future(monitoring_world):
    w = monitoring_world
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    for title, address, date in (
        ("", "", datetime.date(2024, 1, 1)),
        ("A", "https://example.org/a", tomorrow),
    ):
        with pytest.raises(ValidationError):
            actions.change_status(
                w.recommendation,
                by=w.editor,
                status="implemented",
                date=date,
                source_title=title,
                source_url=address,
            )
    assert steps(w).count() == 1
    assert status(w) == Implementation.PARTLY


def test_a_member_who_is_neither_editor_nor_monitor_cannot_change_a_status(
    client, monitoring_world
):
    w = monitoring_world
    member = make_user("member@test.example")
    coordinator = make_user("coord@test.example", is_facilitator=True, two_factor=True)
    for person in (member, coordinator):
        assert client_for(person).get(url(w)).status_code == 403
        assert client_for(person).post(url(w), STEP).status_code == 403
    response = client.post(url(w), STEP)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert steps(w).count() == 1 and status(w) == Implementation.PARTLY
    assert client_for(w.monitor).post(url(w), STEP).status_code == 302
    assert status(w) == Implementation.IMPLEMENTED


def test_a_monitor_of_guatemala_cannot_change_mexicos(monitoring_world):
    w = monitoring_world
    assert client_for(w.other_monitor).get(url(w)).status_code == 403
    assert client_for(w.other_monitor).post(url(w), STEP).status_code == 403
    assert steps(w).count() == 1 and status(w) == Implementation.PARTLY
    # Their own country's recommendation they can.
    guatemalan = w.recommendation
    guatemalan.pk = None
    guatemalan.uuid = uuid.uuid4()
    guatemalan.country = w.guatemala
    guatemalan.save()
    assert (
        client_for(w.other_monitor)
        .post(f"{guatemalan.get_absolute_url()}status/", STEP)
        .status_code
        == 302
    )


def test_a_monitor_without_two_factors_is_sent_to_set_them_up(monitoring_world):
    w = monitoring_world
    unprotected = make_user("new-monitor@test.example")
    unprotected.monitoring_teams.create(country=w.mexico)
    response = client_for(unprotected).post(url(w), STEP)
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    assert steps(w).count() == 1


def test_wrong_method_and_unknown_recommendation(monitoring_world):
    w = monitoring_world
    editor = client_for(w.editor)
    assert editor.put(url(w)).status_code == 405
    assert editor.delete(url(w)).status_code == 405
    missing = "/monitoring/recommendations/00000000-0000-4000-8000-000000000000/status/"
    assert editor.post(missing, STEP).status_code == 404
    assert steps(w).count() == 1
