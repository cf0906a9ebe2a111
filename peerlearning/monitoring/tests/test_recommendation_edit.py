"""Editors and the country's monitoring team record recommendations and correct them; editors
add the bodies that make them. Nobody else can, a monitor only for their own country, and a
recommendation without a source, dated in the future or grouped with another country's is never
saved."""

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Concept
from peerlearning.monitoring.models import Body, Implementation, Recommendation
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db

NEW = "/monitoring/recommendations/new/"
GOOD = {
    "body": "idc",
    "country": "MX",
    "authority": "Congress of the Union",
    "text": "Prohibit by law the detention of asylum seekers.",
    "language": "en",
    "date": "2024-05-02",
    "source_title": "Coalition statement",
    "source_url": "https://example.org/coalition",
}


def read(response) -> str:
    return page_text(response.content)


def recorded():
    return Recommendation.objects.filter(text=GOOD["text"])


@pytest.fixture
def themes(monitoring_world):
    return Concept.objects.create(slug="asylum", labels={"en": "asylum"})


def test_an_editor_records_a_recommendation_that_the_tracker_shows(monitoring_world, themes):
    editor = client_for(monitoring_world.editor)
    assert editor.get(NEW).status_code == 200
    response = editor.post(NEW, {**GOOD, "concepts": ["asylum"]})
    assert response.status_code == 302
    recommendation = recorded().get()
    assert response["Location"] == recommendation.get_absolute_url()
    assert recommendation.status == Implementation.NOT_STARTED
    assert recommendation.recorded_by == monitoring_world.editor
    assert list(recommendation.concepts.all()) == [themes]
    assert AuditEntry.objects.filter(
        action="recommendation.recorded", object_id=str(recommendation.uuid)
    ).exists()
    text = read(client_for(None).get("/monitoring/recommendations/?theme=asylum"))
    assert "Prohibit by law the detention of asylum seekers." in text
    assert "Congress of the Union" in text


def test_a_monitor_records_for_their_country_and_not_for_another(monitoring_world):
    w = monitoring_world
    # A monitor of Guatemala cannot record a recommendation to Mexico.
    assert client_for(w.other_monitor).post(NEW, GOOD).status_code == 403
    assert not recorded().exists()
    # Positive controls: for Guatemala they can; Mexico's team records Mexico's.
    assert client_for(w.other_monitor).post(NEW, {**GOOD, "country": "GT"}).status_code == 302
    assert recorded().get().country_id == "GT"
    assert client_for(w.monitor).post(NEW, GOOD).status_code == 302
    assert recorded().filter(country="MX").count() == 1


def test_only_editors_and_monitors_record(client, monitoring_world):
    member = make_user("member@test.example")
    coordinator = make_user("coord@test.example", is_facilitator=True, two_factor=True)
    for person in (member, coordinator):
        assert client_for(person).get(NEW).status_code == 403
        assert client_for(person).post(NEW, GOOD).status_code == 403
    response = client.post(NEW, GOOD)  # a visitor is asked to sign in
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # A monitor without two factors is sent to set them up first.
    unprotected = make_user("new-monitor@test.example")
    unprotected.monitoring_teams.create(country=monitoring_world.mexico)
    response = client_for(unprotected).post(NEW, GOOD)
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    assert not recorded().exists()
    assert client_for(monitoring_world.editor).put(NEW).status_code == 405
    assert client_for(monitoring_world.editor).post(NEW, GOOD).status_code == 302


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"source_url": ""}, "Give the address of the source: it needs its source."),
        ({"source_title": ""}, "Give the title of the source: it needs its source."),
        ({"source_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"date": "2999-01-01"}, "The date is in the future"),
        ({"body": "nobody"}, "Select a valid choice."),
        ({"same_as": "https://elsewhere.example/nothing"}, "No recommendation of the tracker"),
    ],
)
def test_a_wrong_recommendation_is_refused_with_its_reason(monitoring_world, change, reason):
    editor = client_for(monitoring_world.editor)
    response = editor.post(NEW, {**GOOD, **change})
    assert response.status_code == 400
    assert reason in read(response)
    assert "Prohibit by law the detention of asylum seekers." in response.content.decode()
    assert not recorded().exists()
    assert editor.post(NEW, GOOD).status_code == 302


def test_the_same_recommendation_is_grouped_under_the_first_of_its_country(monitoring_world):
    w = monitoring_world
    first = w.recommendation
    editor = client_for(w.editor)
    response = editor.post(
        NEW, {**GOOD, "same_as": f"https://platform.example{first.get_absolute_url()}"}
    )
    assert response.status_code == 302
    repeat = recorded().get()
    assert repeat.same_as == first
    # Naming the repeat groups the next one under the first one too.
    text = {**GOOD, "text": "Prohibit it again.", "same_as": str(repeat.uuid)}
    assert editor.post(NEW, text).status_code == 302
    assert Recommendation.objects.get(text="Prohibit it again.").same_as == first
    # Another country's recommendation is not the same one.
    response = editor.post(
        NEW, {**GOOD, "text": "For Guatemala.", "country": "GT", "same_as": str(first.uuid)}
    )
    assert response.status_code == 400
    assert "That recommendation was made to another country." in read(response)
    assert not Recommendation.objects.filter(text="For Guatemala.").exists()


def test_only_exchanges_the_recorder_may_see_can_be_linked_and_hidden_links_are_kept(
    monitoring_world, network
):
    w = monitoring_world
    hidden = Exchange.objects.get(slug="asia-exchange")  # the asia community's members only
    open_one = Exchange.objects.get(slug="asia-open")
    editor = client_for(w.editor)
    new_page = editor.get(NEW).content.decode()
    assert open_one.title in new_page and hidden.title not in new_page
    response = editor.post(NEW, {**GOOD, "exchanges": ["asia-exchange"]})
    assert response.status_code == 400
    assert not recorded().exists()
    assert editor.post(NEW, {**GOOD, "exchanges": ["asia-open"]}).status_code == 302
    recommendation = recorded().get()
    # Someone who may see it linked the community's exchange; the editor's edit keeps it.
    recommendation.exchanges.add(hidden)
    edit = f"{recommendation.get_absolute_url()}edit/"
    assert hidden.title not in editor.get(edit).content.decode()
    response = editor.post(edit, {**GOOD, "authority": "The Senate", "exchanges": []})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.authority == "The Senate"
    assert list(recommendation.exchanges.all()) == [hidden]


def test_the_countrys_team_and_editors_correct_a_recommendation(monitoring_world):
    w = monitoring_world
    edit = f"{w.recommendation.get_absolute_url()}edit/"
    page = client_for(w.monitor).get(edit)
    assert page.status_code == 200
    assert "End the use of immigration detention for children." in page.content.decode()
    changed = {
        **GOOD,
        "text": "End the use of immigration detention for children and families.",
        "authority": "National Migration Institute",
    }
    assert client_for(w.monitor).post(edit, changed).status_code == 302
    w.recommendation.refresh_from_db()
    assert w.recommendation.text.endswith("children and families.")
    # Its status follows its history, not the form.
    assert w.recommendation.status == Implementation.PARTLY
    assert AuditEntry.objects.filter(
        action="recommendation.edited", actor=w.monitor, object_id=str(w.recommendation.uuid)
    ).exists()


def test_nobody_else_corrects_it(client, monitoring_world):
    w = monitoring_world
    edit = f"{w.recommendation.get_absolute_url()}edit/"
    changed = {**GOOD, "text": "Changed by someone else."}
    for person in (make_user("member@test.example"), w.other_monitor):
        assert client_for(person).get(edit).status_code == 403
        assert client_for(person).post(edit, changed).status_code == 403
    assert client.post(edit, changed).status_code == 302  # sign in first
    # Mexico's team cannot move it to a country it does not monitor.
    assert client_for(w.monitor).post(edit, {**changed, "country": "GT"}).status_code == 403
    missing = "/monitoring/recommendations/00000000-0000-4000-8000-000000000000/edit/"
    assert client_for(w.editor).get(missing).status_code == 404
    assert client_for(w.editor).delete(edit).status_code == 405
    w.recommendation.refresh_from_db()
    assert w.recommendation.text == "End the use of immigration detention for children."
    assert w.recommendation.country_id == "MX"


def test_a_recommendation_with_repeats_stays_the_first_one(monitoring_world):
    w = monitoring_world
    other = Recommendation.objects.create(
        body=w.body,
        country=w.mexico,
        authority="INM",
        text="Another one.",
        date=w.recommendation.date,
        source_title="S",
        source_url="https://example.org/s",
    )
    Recommendation.objects.create(
        body=w.body,
        country=w.mexico,
        authority="INM",
        text="A repeat.",
        date=w.recommendation.date,
        source_title="S",
        source_url="https://example.org/s",
        same_as=w.recommendation,
    )
    edit = f"{w.recommendation.get_absolute_url()}edit/"
    data = {
        **GOOD,
        "text": w.recommendation.text,
        "same_as": other.get_absolute_url(),
    }
    response = client_for(w.editor).post(edit, data)
    assert response.status_code == 400
    assert "Other recommendations are grouped under this one" in read(response)
    w.recommendation.refresh_from_db()
    assert w.recommendation.same_as is None


def test_an_editor_adds_a_body(client, monitoring_world):
    url = "/monitoring/bodies/new/"
    data = {"name": "Inter-American Commission on Human Rights", "kind": "regional"}
    for person in (monitoring_world.monitor, make_user("member@test.example")):
        assert client_for(person).post(url, data).status_code == 403
    assert client.post(url, data).status_code == 302
    assert not Body.objects.filter(kind="regional").exists()
    editor = client_for(monitoring_world.editor)
    assert editor.put(url).status_code == 405
    response = editor.post(url, data)
    assert response.status_code == 302
    body = Body.objects.get(kind="regional")
    assert response["Location"] == f"{NEW}?body={body.slug}"
    assert body.slug == "inter-american-commission-on-human-rights"
    assert (
        "Inter-American Commission on Human Rights"
        in editor.get(response["Location"]).content.decode()
    )
    # The same body twice is refused.
    response = editor.post(url, data)
    assert response.status_code == 400
    assert "This body is already in the list." in read(response)
    assert Body.objects.filter(kind="regional").count() == 1
