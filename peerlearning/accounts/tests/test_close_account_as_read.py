"""After an account is closed, readers find what the person said, never who they were."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from peerlearning.accounts.models import User
from peerlearning.exchanges.actions import answer_survey, close_survey
from peerlearning.exchanges.models import Delegation, Registration
from peerlearning.network.testing import client_for
from peerlearning.testing import PASSWORD, make_user, page_text

pytestmark = pytest.mark.django_db

EXCHANGE = "/exchanges/asia-exchange/"
PAGES = ["", "contributions/", "participants/", "outcomes/", "feedback/results/"]


def close(person) -> None:
    response = client_for(person).post("/profile/close/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.get(pk=person.pk).is_active


def read(client, path: str) -> str:
    response = client.get(EXCHANGE + path)
    assert response.status_code == 200, path
    return response.content.decode()


def long_ago(person, settings) -> None:
    """The retention period has passed since closing, and the daily run has been."""
    User.objects.filter(pk=person.pk).update(
        closed_at=timezone.now() - timedelta(days=settings.CLOSED_ACCOUNT_RETENTION_DAYS + 1)
    )
    call_command("applyretention", stdout=StringIO())


def test_a_closed_accounts_contributions_stay_from_a_participant(network, settings):
    author = network.community_member  # Chandra Member, of the Ministry of Interior
    facilitator = client_for(network.facilitator)
    reader = network.pseudonymous
    Registration.objects.create(
        exchange=network.exchange, person=reader, delegation=network.exchange.delegations.first()
    )
    assert "Chandra Member" in read(facilitator, "participants/")  # a name a page would show

    close(author)

    for client in [facilitator, client_for(reader)]:
        contributions = page_text(read(client, "contributions/"))
        assert "We screen every child on arrival." in contributions
        assert "a participant" in contributions
    for path in PAGES:
        page = read(facilitator, path)
        assert "Chandra" not in page and "cm@test.example" not in page, path

    long_ago(author, settings)
    assert "We screen every child on arrival." in read(client_for(reader), "contributions/")


def test_a_closed_accounts_survey_answers_stay_anonymous(network, settings):
    exchange, delegation = network.exchange, network.exchange.delegations.first()
    people = [make_user(f"p{n}@test.example", display_name=f"Plain Person {n}") for n in range(4)]
    leaving = make_user("zara@test.example", display_name="Zara Closing")
    for n, person in enumerate([*people, leaving]):
        Registration.objects.create(exchange=exchange, person=person, delegation=delegation)
        answer_survey(exchange, person, overall=4, usefulness=4, trust=5, comment=f"Said {n}.")
    close_survey(exchange, by=network.facilitator)
    facilitator = client_for(network.facilitator)
    assert "Zara Closing" in read(facilitator, "participants/")

    close(leaving)

    for path in PAGES:
        assert "Zara" not in read(facilitator, path), path
    results = page_text(read(facilitator, "feedback/results/"))
    assert all(f"Said {n}." in results for n in range(5))

    long_ago(leaving, settings)
    results = page_text(read(facilitator, "feedback/results/"))
    assert all(f"Said {n}." in results for n in range(5))


def test_a_closed_accounts_place_goes_to_the_waiting_list(network):
    exchange = network.open_exchange  # two places
    delegation = Delegation.objects.create(exchange=exchange, organisation=network.ministry)
    leaving, staying, waiting = (make_user(f"{name}@test.example") for name in "lsw")
    for person in (leaving, staying):
        Registration.objects.create(
            exchange=exchange, person=person, delegation=delegation, access_needs="Step-free"
        )
    Registration.objects.create(
        exchange=exchange, person=waiting, delegation=delegation, status="waitlisted"
    )

    close(leaving)

    statuses = dict(Registration.objects.filter(exchange=exchange).values_list("person", "status"))
    assert statuses == {leaving.pk: "cancelled", staying.pk: "registered", waiting.pk: "registered"}
    needs = dict(
        Registration.objects.filter(exchange=exchange).values_list("person", "access_needs")
    )
    assert needs[leaving.pk] == "" and needs[staying.pk] == "Step-free"
