"""The demo's monitoring (issue 15, item 7): the Ciudad Juárez fire published with its source,
the five recommendations the coalition addressed to Mexico with their status history, and one
unpublished visit that only the demo monitoring team (and, by the rules, an administrator)
reaches; loading again adds nothing and undoes no editor's work."""

import datetime
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.validators import URLValidator

from peerlearning import demo
from peerlearning.access.monitoring import (
    can_read_visit_report,
    incidents_visible_to,
    visits_visible_to,
)
from peerlearning.accounts.models import User
from peerlearning.countries.models import IndicatorValue
from peerlearning.demo import accounts
from peerlearning.demo import monitoring as demo_monitoring
from peerlearning.monitoring.models import (
    Incident,
    MonitoringTeamMember,
    Place,
    Recommendation,
    StatusChange,
    Visit,
    VisitFinding,
)
from peerlearning.testing import built_once

pytestmark = pytest.mark.django_db

WEB_ADDRESS = URLValidator(schemes=["http", "https"])
STATEMENT = (
    "https://idcoalition.org/news/human-lives-are-at-risk-in-migration-governance-systems-"
    "that-center-immigration-detention/"
)
MONITOR = "monitor@example.org"


def load_demo() -> str:
    out = StringIO()
    demo.load(out.write)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def loaded(request):
    """The whole demo, loaded once for the module; each test runs in its own savepoint."""
    with built_once(request, load_demo) as output:
        yield output


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Place,
            Incident,
            Recommendation,
            StatusChange,
            MonitoringTeamMember,
            Visit,
            VisitFinding,
        )
    )


def the_fire() -> Incident:
    return Incident.objects.get(country_id="MX", date=datetime.date(2023, 3, 27))


def the_visit() -> Visit:
    return Visit.objects.get(place__slug="mx-ciudad-juarez-inm")


def idc_to_mexico():
    return Recommendation.objects.filter(
        country_id="MX", body__name="International Detention Coalition"
    ).order_by("pk")


def test_the_fire_is_published_with_its_source_at_its_place():
    fire = the_fire()
    assert fire.is_published
    assert fire in incidents_visible_to(Incident.objects.all(), AnonymousUser())
    assert (fire.dead, fire.injured, fire.people_affected) == (38, 29, None)
    assert set(fire.kinds) == {"fire", "death", "injury"}
    # The nationalities the source names, and no count it does not give.
    assert {n["country"] for n in fire.nationalities} == {"GT", "HN", "SV", "EC", "VE"}
    assert all(n["count"] is None for n in fire.nationalities)
    assert fire.verification == "reported"  # one source, not an official one
    [source] = fire.sources
    assert (source["url"], source["date"]) == (STATEMENT, "2023-04-04")
    assert "Human Lives Are At Risk" in source["title"]
    assert fire.place is not None and fire.place.locality == "Ciudad Juárez, Chihuahua"
    assert fire.place.plain_type.startswith("immigration detention centre")
    assert fire.place.sources[0]["url"] == STATEMENT
    assert fire.published_by == User.objects.get(email="editor@example.org")


def test_the_57_facilities_stay_a_figure_of_the_country_not_places():
    value = IndicatorValue.objects.current().get(
        country_id="MX", indicator__slug="official-places-of-detention"
    )
    assert value.number == 57
    assert list(Place.objects.filter(country_id="MX").values_list("slug", flat=True)) == [
        "mx-ciudad-juarez-inm"
    ]


def test_five_recommendations_to_mexico_by_the_coalition_with_their_history():
    recommendations = list(idc_to_mexico())
    assert len(recommendations) == 5
    body = recommendations[0].body
    assert body.kind == "coalition"
    assert body.organisation is not None and body.organisation.acronym == "IDC"
    for recommendation in recommendations:
        assert recommendation.date == datetime.date(2023, 4, 4)
        assert recommendation.source_url == STATEMENT
        assert "Human Lives Are At Risk" in recommendation.source_title
        assert recommendation.authority == "Government of Mexico"
        assert recommendation.concepts.exists()
    by_status = {r.text[:40]: r.status for r in recommendations}
    assert sorted(by_status.values()) == ["not-started"] * 4 + ["partly"]
    liberty = next(r for r in recommendations if r.status == "partly")
    assert "presumption in favour of liberty" in liberty.text
    steps = list(liberty.status_changes.order_by("date"))
    assert [(s.date, s.status) for s in steps] == [
        (datetime.date(2020, 11, 11), "partly"),
        (datetime.date(2023, 3, 15), "partly"),
    ]
    assert "loc.gov" in steps[0].source_url and "children" in steps[0].note
    assert "scjn.gob.mx" in steps[1].source_url and "36 hours" in steps[1].note
    for step in steps:
        WEB_ADDRESS(step.source_url)
        assert step.source_title.strip()
    others = [r for r in recommendations if r is not liberty]
    assert not StatusChange.objects.filter(recommendation__in=others).exists()


def test_the_unpublished_visit_is_reached_only_by_the_demo_monitoring_team():
    visit = the_visit()
    assert not visit.is_published and not visit.summary
    assert visit.report.startswith("DEMONSTRATION TEXT")
    assert visit.findings.count() == 10
    assert [person.email for person in visit.team.all()] == [MONITOR]
    reached = {
        persona.email
        for persona in accounts.PERSONAS
        if visits_visible_to(
            Visit.objects.filter(pk=visit.pk), User.objects.get(email=persona.email)
        )
    }
    # The team of Mexico, and an administrator (who sees every report, by the rules).
    assert reached == {MONITOR, "admin@example.org"}
    assert not visits_visible_to(Visit.objects.filter(pk=visit.pk), AnonymousUser()).exists()
    monitor = User.objects.get(email=MONITOR)
    outsider = User.objects.get(email="outsider@example.org")  # from Mexico, not on the team
    assert can_read_visit_report(monitor, visit)
    assert not can_read_visit_report(outsider, visit)
    assert MonitoringTeamMember.objects.get(person=monitor).country_id == "MX"
    assert MonitoringTeamMember.objects.filter(person__email__endswith="@example.org").count() == 1


def test_the_monitor_has_two_factors_like_the_facilitators(loaded):
    from peerlearning.testing import has_totp

    assert has_totp(User.objects.get(email=MONITOR))
    assert "monitoring team, Mexico" in loaded
    assert "Monitoring: 9 place(s), incident(s), recommendation(s)" in loaded


def test_loading_again_adds_nothing():
    before = counts()
    assert demo_monitoring.load(new_accounts={MONITOR}) == 0
    assert demo_monitoring.load() == 0
    assert counts() == before


def test_an_editors_work_is_kept_and_only_what_is_missing_is_added():
    fire = the_fire()
    fire.title = "Ciudad Juárez: fire in an immigration detention centre"
    fire.published_at = None  # an editor withdrew it
    fire.save()
    reworded = idc_to_mexico().first()
    assert reworded is not None
    reworded.text = "Reworded by an editor."
    reworded.save()
    before = counts()
    assert demo_monitoring.load() == 0
    assert counts() == before
    fire.refresh_from_db()
    assert not fire.is_published
    assert idc_to_mexico().filter(text="Reworded by an editor.").exists()


def test_what_is_missing_is_added_back_with_its_history():
    """The positive control of the test above: a deleted recommendation and incident are
    missing, and come back as the file gives them."""
    liberty = idc_to_mexico().get(status="partly")
    text = liberty.text
    liberty.delete()
    the_fire().delete()
    assert demo_monitoring.load() == 2
    back = idc_to_mexico().get(text=text)
    assert back.status == "partly" and back.status_changes.count() == 2
    assert the_fire().is_published and the_fire().place == Place.objects.get()


def test_an_account_the_load_did_not_create_is_given_no_seat():
    """Someone who made an account under the demo's address before the load gets no right."""
    MonitoringTeamMember.objects.all().delete()
    the_visit().delete()
    assert demo_monitoring.load() == 0
    assert not MonitoringTeamMember.objects.exists()
    assert not Visit.objects.exists()  # no one on a team to have made it
    assert demo_monitoring.load(new_accounts={MONITOR}) == 2  # the seat, then the visit
    assert MonitoringTeamMember.objects.get().person.email == MONITOR
    assert the_visit().team.get().email == MONITOR


def write_file(tmp_path: Path, **changes: Any) -> Path:
    data = json.loads(demo_monitoring.MONITORING_JSON.read_text(encoding="utf-8"))
    for section, entries in changes.items():
        data[section] = entries
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_wrong_file_is_refused_whole_with_every_problem_named(tmp_path):
    data = json.loads(demo_monitoring.MONITORING_JSON.read_text(encoding="utf-8"))
    fire = dict(data["incidents"][0], id="no-source", sources=[], date="2023-03-28")
    future = dict(data["incidents"][0], id="future", date="2999-01-01", title="Other")
    crowded = dict(data["incidents"][0], id="crowded", people_affected=10, title="Crowded")
    unsourced = dict(data["recommendations"][0], id="unsourced", source={"title": "x"})
    stranger = dict(data["visits"][0], id="stranger", team=["member@example.org"])
    path = write_file(
        tmp_path,
        incidents=[fire, future, crowded],
        recommendations=[unsourced],
        visits=[stranger],
    )
    before = counts()
    with pytest.raises(demo_monitoring.DemoDataError) as error:
        demo_monitoring.load(path, new_accounts={MONITOR})
    problems = "\n".join(error.value.problems)
    assert "no-source: 'sources' must list at least one source." in problems
    assert "future: 'date' is in the future" in problems
    assert "crowded: more dead or injured than people affected." in problems
    assert "unsourced: a source has no address (url)." in problems
    assert "stranger: member@example.org is not in the team of the place's country." in problems
    assert counts() == before
    # Positive control: the file as it is loads (adding nothing, all being there).
    assert demo_monitoring.load(write_file(tmp_path)) == 0
