"""The exchange form without guessing: the time zone preset and named readably, the report
language chosen from the platform's languages, organisations and languages by name, and what
was chosen kept when the form comes back with an error."""

import re
from datetime import datetime

import pytest

from peerlearning.exchanges.models import Exchange
from peerlearning.lib import zones
from peerlearning.network.models import Membership, Role
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True
NEW = "/communities/asia-pacific/exchanges/new/"


def selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)" selected>', select.group(1))


def test_a_new_exchange_starts_in_the_community_s_zone_with_its_zones_first(network):
    page = client_for(network.facilitator).get(NEW).content.decode()
    # Asia Pacific: Malaysia and Thailand. Malaysia comes first (by code); its capital's zone.
    assert selected(page, "time_zone") == ["Asia/Kuala_Lumpur"]
    likely = re.search(r'<optgroup label="Likely for this community">(.*?)</optgroup>', page, re.S)
    assert likely
    assert ">Bangkok, Thailand (UTC+7)</option>" in likely.group(1)
    assert ">Kuala Lumpur, Malaysia (UTC+8)</option>" in likely.group(1)
    assert "Europe/Madrid" not in likely.group(1)
    assert "Madrid, Spain (UTC+1)" in page or "Madrid, Spain (UTC+2)" in page  # all the others


def test_a_community_without_countries_takes_the_facilitator_s_own_zone(network):
    network.facilitator.time_zone = "America/Mexico_City"
    network.facilitator.save(update_fields=["time_zone"])
    Membership.objects.create(
        community=network.mena, person=network.facilitator, role=Role.FACILITATOR
    )
    page = client_for(network.facilitator).get("/communities/mena/exchanges/new/")
    text = page.content.decode()
    assert selected(text, "time_zone") == ["America/Mexico_City"]
    assert "Mexico City, Mexico (UTC\u22126)" in text


def test_the_report_language_is_one_of_the_platform_s_languages(network):
    client = client_for(network.facilitator)
    page = client.get(NEW).content.decode()
    report = re.search(r'<select name="language"[^>]*>(.*?)</select>', page, re.S)
    assert report
    assert re.findall(r">([^<]+)</option>", report.group(1)) == [
        "English",
        "Español",
        "Français",
        "العربيّة",
    ]
    response = client.post(NEW, {**_exchange(), "language": "xx"})
    assert response.status_code == 400
    assert not Exchange.objects.filter(title="Peer exchange on screening").exists()
    assert client.post(NEW, _exchange()).status_code == 302  # positive control
    assert Exchange.objects.get(title="Peer exchange on screening").language == "es"


def test_what_was_chosen_is_kept_when_the_form_comes_back_with_an_error(network):
    response = client_for(network.facilitator).post(NEW, {**_exchange(), "title": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert selected(page, "hosts") == ["ministry-of-interior-th"]
    # Without JavaScript, a multi-select lists what is chosen first, in view.
    hosts = re.search(
        r'<select name="hosts"[^>]*>\s*<optgroup label="Chosen">(.*?)</optgroup>', page
    )
    assert hosts
    assert hosts.group(1) == (
        '<option value="ministry-of-interior-th" selected>Ministry of Interior</option>'
    )
    assert selected(page, "co_conveners") == ["host-international"]
    assert selected(page, "languages") == ["es", "ar"] or selected(page, "languages") == [
        "ar",
        "es",
    ]
    assert selected(page, "time_zone") == ["Asia/Bangkok"]
    assert not Exchange.objects.filter(description="Two days.").exists()


def test_organisations_and_languages_are_saved_from_the_names_chosen(network):
    client = client_for(network.facilitator)
    assert client.post(NEW, _exchange()).status_code == 302
    exchange = Exchange.objects.get(title="Peer exchange on screening")
    assert [o.name for o in exchange.host_governments.all()] == ["Ministry of Interior"]
    assert [o.name for o in exchange.co_conveners.all()] == ["HOST International"]
    assert sorted(exchange.languages) == ["ar", "es"]
    assert exchange.time_zone == "Asia/Bangkok"
    starts = exchange.local(exchange.starts_at)
    assert starts is not None
    assert starts.hour == 9


def _exchange() -> dict[str, object]:
    return {
        "title": "Peer exchange on screening",
        "description": "Two days.",
        "format": "workshop",
        "time_zone": "Asia/Bangkok",
        "starts_at": "2031-03-02T09:00",
        "ends_at": "2031-03-02T17:00",
        "languages": ["es", "ar"],
        "language": "es",
        "rule": "chatham-house",
        "visibility": "community",
        "hosts": ["ministry-of-interior-th"],
        "co_conveners": ["host-international"],
    }


class TestZones:
    def test_a_country_with_several_zones_starts_in_its_capital_s(self):
        assert zones.preset_zone(["AU"]) == "Australia/Sydney"
        assert zones.preset_zone(["BR"]) == "America/Sao_Paulo"
        assert zones.preset_zone(["MX"]) == "America/Mexico_City"  # first listed
        assert zones.preset_zone(["TH"]) == "Asia/Bangkok"  # its only zone

    def test_the_facilitator_s_zone_wins_when_it_is_one_of_the_community_s(self):
        assert zones.preset_zone(["MY", "TH"], "Asia/Bangkok") == "Asia/Bangkok"
        assert zones.preset_zone(["MY", "TH"], "Europe/Paris") == "Asia/Kuala_Lumpur"
        assert zones.preset_zone([], "Europe/Paris") == "Europe/Paris"
        assert zones.preset_zone([], "") == "UTC"

    def test_offsets_read_as_people_write_them(self):
        winter = datetime(2031, 1, 15, 12, tzinfo=zones.zoneinfo.ZoneInfo("UTC"))
        summer = datetime(2031, 7, 15, 12, tzinfo=zones.zoneinfo.ZoneInfo("UTC"))
        assert zones.offset_label("Asia/Kolkata", winter) == "UTC+5:30"
        assert zones.offset_label("America/Mexico_City", winter) == "UTC\u22126"
        assert zones.offset_label("Europe/Madrid", winter) == "UTC+1"
        assert zones.offset_label("Europe/Madrid", summer) == "UTC+2"
        assert zones.offset_label("UTC", winter) == "UTC"
