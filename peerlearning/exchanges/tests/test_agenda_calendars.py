"""The agenda, its speakers under the rule, and the calendar files."""

from datetime import timedelta

import pytest
from django.test import Client
from icalendar import Calendar

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import (
    AgendaSession,
)
from peerlearning.network.models import Membership
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


class TestAgendaAndCalendars:
    def test_speakers_are_shown_to_participants_only_under_the_rule(self, network):
        session = AgendaSession.objects.create(
            exchange=network.exchange,
            title="Opening",
            starts_at=network.exchange.starts_at,
            ends_at=network.exchange.starts_at + timedelta(hours=1),
        )
        session.speakers.set([network.public])
        Membership.objects.create(community=network.asia, person=network.outsider)
        assert (
            "Public Person"
            not in client_for(network.outsider).get("/exchanges/asia-exchange/").content.decode()
        )
        assert (
            "Public Person"
            in client_for(network.community_member)
            .get("/exchanges/asia-exchange/")
            .content.decode()
        )

    def test_times_are_shown_in_the_exchange_and_the_viewer_time_zone(self, network):
        network.community_member.time_zone = "America/Mexico_City"
        network.community_member.save()
        text = client_for(network.community_member).get("/exchanges/asia-open/").content.decode()
        assert "(Asia/Kuala_Lumpur)" in text
        assert "America/Mexico_City" in text

    def test_the_ics_is_valid_with_time_zones_and_nothing_about_people(self, network):
        response = Client().get("/communities/asia-pacific/calendar.ics")
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        events = list(calendar.walk("VEVENT"))
        assert [str(e["summary"]) for e in events] == []  # no public exchange in this community
        network.open_exchange.visibility = "public"
        network.open_exchange.save()
        calendar = Calendar.from_ical(
            Client().get("/communities/asia-pacific/calendar.ics").content
        )
        event = next(iter(calendar.walk("VEVENT")))
        assert str(event["summary"]) == "Open regional meeting"
        assert event.decoded("dtstart").tzinfo is not None
        assert calendar.walk("VTIMEZONE")
        # A participant of the exchange in the feed: nothing of them is in it.
        actions.register(
            network.open_exchange,
            network.community_member,
            organisation=network.ministry,
            accepted_rule=True,
        )
        feed = Client().get("/communities/asia-pacific/calendar.ics").content.decode()
        assert "Open regional meeting" in feed
        assert "Chandra" not in feed and "Ministry of Interior" not in feed

    def test_a_personal_feed_works_until_revoked(self, network):
        client = client_for(network.community_member)
        text = client.post("/profile/calendar/").content.decode()
        url = text.split('id="feed" type="text" readonly value="')[1].split('"')[0]
        path = url.split("testserver")[1]
        assert "Asia exchange on screening" in Client().get(path).content.decode()
        client.post("/profile/calendar/revoke/")
        assert Client().get(path).status_code == 404
