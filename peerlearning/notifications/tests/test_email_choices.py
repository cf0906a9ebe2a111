"""The page where a person chooses how often to hear by e-mail of each kind of notification."""

from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.translation import gettext

from peerlearning.network.testing import client_for, network  # noqa: F401
from peerlearning.notifications.models import EmailChoice, Frequency, Kind
from peerlearning.notifications.preferences import frequency_for

URL = "/profile/notifications/"


class _Radios(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.checked: dict[str, str] = {}
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "radio":
            name = values["name"] or ""
            if name not in self.names:
                self.names.append(name)
            if "checked" in values:
                self.checked[name] = values["value"] or ""


def _radios(response) -> _Radios:
    parser = _Radios()
    parser.feed(response.content.decode())
    return parser


def _everything(frequency: str) -> dict[str, str]:
    return dict.fromkeys(Kind.values, frequency)


def test_it_shows_each_kind_with_the_default_of_the_persona_selected(network):  # noqa: F811
    response = client_for(network.community_member).get(URL)
    assert response.status_code == 200
    radios = _radios(response)
    # Every kind, what concerns the person first, then what they follow.
    assert radios.names == Kind.values
    page = response.content.decode()
    assert page.index("What concerns me") < page.index(str(Kind.EXCHANGE_INVITATION.label))
    assert page.index("What I follow") < page.index(str(Kind.NEW_PRACTICE.label))
    assert page.index("What concerns me") < page.index("What I follow")
    assert radios.checked[Kind.MATCH_PROPOSED] == "immediately"
    assert radios.checked[Kind.NEW_PRACTICE] == "weekly"  # a member's default
    # A facilitator acts on what they follow: daily.
    radios = _radios(client_for(network.facilitator).get(URL))
    assert radios.checked[Kind.NEW_PRACTICE] == "daily"
    assert radios.checked[Kind.MATCH_PROPOSED] == "immediately"
    assert not EmailChoice.objects.exists()


def test_it_saves_only_what_was_changed(network):  # noqa: F811
    person = network.community_member
    client = client_for(person)
    chosen = {**_radios(client.get(URL)).checked, Kind.NEW_PRACTICE: "daily"}
    chosen[Kind.EXCHANGE_INVITATION] = "never"
    response = client.post(URL, chosen)
    assert response.status_code == 302 and response["Location"] == URL
    radios = _radios(client.get(URL))
    assert radios.checked[Kind.NEW_PRACTICE] == "daily"
    assert radios.checked[Kind.EXCHANGE_INVITATION] == "never"
    # The defaults kept stay defaults: they follow the persona if it changes.
    assert dict(EmailChoice.objects.filter(user=person).values_list("kind", "frequency")) == {
        Kind.NEW_PRACTICE: "daily",
        Kind.EXCHANGE_INVITATION: "never",
    }
    person.is_facilitator = True
    person.save()
    assert frequency_for(person, Kind.NEW_UPDATE) == Frequency.DAILY
    assert not EmailChoice.objects.exclude(user=person).exists()


def test_it_refuses_an_unknown_frequency_and_keeps_what_was_chosen(network):  # noqa: F811
    person = network.public
    client = client_for(person)
    chosen = {**_everything("daily"), Kind.NEW_PRACTICE: "hourly"}
    del chosen[Kind.NEW_UPDATE]
    response = client.post(URL, chosen, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    page = response.content.decode()
    with translation.override("es"):
        assert gettext("Please correct the errors below.") in page
        assert gettext("Choose how often to hear of this.") in page
        invalid = gettext(
            "Select a valid choice. %(value)s is not one of the available choices."
        ) % {"value": "hourly"}
    assert invalid in page and "hourly" in page
    radios = _radios(response)
    assert radios.checked[Kind.REPORT_PUBLISHED] == "daily"  # as chosen, not yet saved
    assert Kind.NEW_UPDATE not in radios.checked
    assert not EmailChoice.objects.filter(user=person).exists()
    # The positive control: the same choices, valid, are saved.
    chosen[Kind.NEW_PRACTICE] = chosen[Kind.NEW_UPDATE] = "daily"
    assert client.post(URL, chosen).status_code == 302
    assert EmailChoice.objects.filter(user=person, frequency="daily").count() == len(Kind)


def test_it_stops_all_notification_emails_at_once(network):  # noqa: F811
    person, other = network.community_member, network.public
    EmailChoice.objects.create(user=other, kind=Kind.NEW_PRACTICE, frequency="daily")
    client = client_for(person)
    response = client.post(URL, {"stop_all": "1"}, follow=True)
    assert "You will receive no more notification e-mails." in response.content.decode()
    assert set(_radios(response).checked.values()) == {"never"}
    assert all(frequency_for(person, kind) == Frequency.NEVER for kind in Kind)
    # Nobody else's choices change.
    assert frequency_for(other, Kind.NEW_PRACTICE) == Frequency.DAILY
    assert frequency_for(other, Kind.MATCH_PROPOSED) == Frequency.IMMEDIATELY


def test_it_is_reached_from_the_profile_and_reads_right_to_left_in_arabic(network):  # noqa: F811
    client = client_for(network.member)
    assert 'href="/profile/notifications/"' in client.get("/profile/").content.decode()
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page
    # The choices are grouped with their question, for screen readers.
    assert page.count("<fieldset") >= len(Kind) and page.count("<legend>") >= len(Kind)
    assert client_for(None).get(URL)["Location"].startswith("/accounts/login/")


PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.browser_context(**PHONE)
def test_it_is_chosen_on_a_phone_in_arabic(visit, network):  # noqa: F811
    person = network.member
    visit.sign_in(person.email)
    visit.use_language("ar")
    visit.goto(URL)
    page = visit.page
    assert page.locator("html").get_attribute("dir") == "rtl"
    with translation.override("ar"):
        kind, daily = str(Kind.NEW_PRACTICE.label), str(Frequency.DAILY.label)
        save, stop_all = gettext("Save my choices"), gettext("Stop all notification e-mails")
    page.get_by_role("group", name=kind).get_by_label(daily).check()
    page.get_by_role("button", name=save).click()
    visit.audit()
    assert page.get_by_role("group", name=kind).get_by_label(daily).is_checked()
    assert frequency_for(person, Kind.NEW_PRACTICE) == Frequency.DAILY
    visit.screenshot("chosen")
    page.get_by_role("button", name=stop_all).click()
    visit.audit()
    assert all(frequency_for(person, kind) == Frequency.NEVER for kind in Kind)
