"""API for monitoring and accountability under /api/v1/monitoring: places of detention,
incidents, recommendations with their status history, and visits.

Everything is read through peerlearning/access/monitoring.py. The API never gives the people
affected by an incident (their details are for the country's monitoring team, on the
incident's page, every read audited), nor who recorded anything; a visit gives its report,
findings and team only to whoever may read the report, anyone else its published summary."""

import datetime
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from peerlearning.access.monitoring import (
    can_read_visit_report,
    get_incident_for_user,
    get_place_for_user,
    get_recommendation_for_user,
    get_visit_for_user,
    incidents_visible_to,
    recommendations_visible_to,
    status_changes_visible_to,
    visits_visible_to,
)
from peerlearning.access.roles import Viewer
from peerlearning.api import WRITE_AUTH, acting_user, check_page, viewer
from peerlearning.monitoring.actions import change_status
from peerlearning.monitoring.exports import (
    FilterError,
    filter_incidents,
    filter_places,
    filter_recommendations,
    incident_rows,
    place_rows,
    places_for,
    recommendation_rows,
    recommendations_for,
)
from peerlearning.monitoring.models import Incident, Recommendation, StatusChange, Visit

router = Router(tags=["monitoring"])
PAGE_SIZE = 50


# Schemas ---------------------------------------------------------------------------------------


class MonitoringSourceOut(Schema):
    """A source as monitoring records give it (countries.api has its own SourceOut, without
    the date: one name, one OpenAPI component)."""

    title: str = ""
    url: str = ""
    date: str | None = None


class NationalityOut(Schema):
    """A nationality of the people affected, with a count only where a source gives one."""

    country: str
    count: int | None


class PlaceOut(Schema):
    slug: str
    url: str
    country: str
    country_name: str
    official_name: str
    official_type: str
    language: str
    plain_type: str
    locality: str
    latitude: float | None
    longitude: float | None
    capacity: int | None
    operator: str | None
    status: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    monitors_have_access: str
    sources: list[MonitoringSourceOut]


class PlaceList(Schema):
    count: int
    items: list[PlaceOut]


class VisitBriefOut(Schema):
    uuid: UUID
    date: datetime.date
    published: bool


class IncidentBriefOut(Schema):
    uuid: UUID
    date: datetime.date
    title: str
    published: bool


class PlaceDetailOut(PlaceOut):
    """A place with its newest fifty visits and incidents and how many there are of each (all
    its incidents: /incidents?place={slug})."""

    visit_count: int
    visits: list[VisitBriefOut]
    incident_count: int
    incidents: list[IncidentBriefOut]


class IncidentOut(Schema):
    uuid: UUID
    url: str
    date: datetime.date
    country: str
    country_name: str
    kinds: list[str]
    title: str
    summary: str
    language: str
    place: str | None
    place_name: str | None
    place_description: str
    people_affected: int | None
    dead: int | None
    injured: int | None
    nationalities: list[NationalityOut]
    verification: str
    sources: list[MonitoringSourceOut]
    published: bool
    published_at: datetime.datetime | None


class IncidentList(Schema):
    count: int
    items: list[IncidentOut]


class IncidentDetailOut(IncidentOut):
    unmet_recommendations: list[UUID]


class RecommendationOut(Schema):
    uuid: UUID
    url: str
    date: datetime.date
    country: str
    country_name: str
    body: str
    body_name: str
    body_kind: str
    authority: str
    text: str
    language: str
    themes: list[str]
    source_title: str
    source_url: str
    status: str
    status_changes: int
    same_as: UUID | None


class RecommendationList(Schema):
    count: int
    items: list[RecommendationOut]


class StatusChangeOut(Schema):
    status: str
    date: datetime.date
    source_title: str
    source_url: str
    note: str


class RecommendationDetailOut(RecommendationOut):
    history: list[StatusChangeOut]


class StatusChangeIn(Schema):
    """A step of the implementation: `status` is one of not-started, in-progress, partly,
    implemented, regressed; the source (title and web address) is required."""

    status: str = Field(max_length=15)
    date: datetime.date
    source_title: str = Field("", max_length=300)
    source_url: str = Field("", max_length=1000)
    note: str = Field("", max_length=10_000)


class FindingOut(Schema):
    item: str
    finding: str
    notes: str
    unmet_recommendation: UUID | None


class VisitOut(Schema):
    """A visit. `report`, `recommendations_made`, `findings` and `team` are null for whoever
    may not read the report: they read the published summary only."""

    uuid: UUID
    url: str
    place: str
    place_name: str
    country: str
    date: datetime.date
    published: bool
    published_at: datetime.datetime | None
    summary: str
    report: str | None
    recommendations_made: str | None
    findings: list[FindingOut] | None
    team: list[str] | None


# Shapes ----------------------------------------------------------------------------------------


def _renamed(row: dict[str, Any]) -> dict[str, Any]:
    """A download's row as the API gives it (`country` is the code, as elsewhere in the API)."""
    row = dict(row)
    row["country"] = row.pop("country_code")
    return row


def _incidents(request: HttpRequest, incidents: QuerySet[Incident]) -> list[dict[str, Any]]:
    return [
        {**_renamed(row), "published": row["published_at"] is not None}
        for row in incident_rows(request, incidents)
    ]


def _page(queryset: QuerySet[Any], page: int) -> tuple[int, QuerySet[Any]]:
    check_page(page)
    return queryset.count(), queryset[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


def _filtered(build: Any, *args: Any, **filters: str) -> Any:
    try:
        return build(*args, **filters)
    except FilterError as error:
        raise HttpError(400, str(error)) from None


# Places ----------------------------------------------------------------------------------------


@router.get("/places", response=PlaceList)
def list_places(
    request: HttpRequest, country: str = "", status: str = "", page: int = 1
) -> dict[str, Any]:
    """Places of detention, fifty a page by country, filterable by country and status."""
    places = _filtered(
        filter_places, places_for(viewer(request)), country=country, status=status
    ).order_by("country_id", "slug")
    count, selected = _page(places, page)
    return {"count": count, "items": [_renamed(row) for row in place_rows(request, selected)]}


@router.get("/places/{slug}", response=PlaceDetailOut)
def get_place(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A place with the visits and incidents the reader may know of (a visit's content is read
    at /visits/{uuid})."""
    who = viewer(request)
    place = get_place_for_user(who, slug)
    [row] = place_rows(request, places_for(who).filter(pk=place.pk))
    visits = visits_visible_to(Visit.objects.filter(place=place), who).order_by("-date", "-pk")
    incidents = incidents_visible_to(Incident.objects.filter(place=place), who).order_by(
        "-date", "-pk"
    )
    return {
        **_renamed(row),
        "visit_count": visits.count(),
        "visits": [
            {"uuid": visit.uuid, "date": visit.date, "published": visit.is_published}
            for visit in visits[:PAGE_SIZE]
        ],
        "incident_count": incidents.count(),
        "incidents": [
            {
                "uuid": incident.uuid,
                "date": incident.date,
                "title": incident.title,
                "published": incident.is_published,
            }
            for incident in incidents[:PAGE_SIZE]
        ],
    }


# Incidents -------------------------------------------------------------------------------------


@router.get("/incidents", response=IncidentList)
def list_incidents(
    request: HttpRequest,
    country: str = "",
    kind: str = "",
    year: str = "",
    place: str = "",
    page: int = 1,
) -> dict[str, Any]:
    """Published incidents, newest first, filterable by country, kind, year and place (its
    slug); editors and the country's monitoring team also find those not yet published
    (`published` false)."""
    who = viewer(request)
    incidents = _filtered(
        filter_incidents,
        incidents_visible_to(Incident.objects.all(), who),
        who,
        country=country,
        kind=kind,
        year=year,
        place=place,
    ).order_by("-date", "-pk")
    count, selected = _page(incidents, page)
    return {"count": count, "items": _incidents(request, selected)}


@router.get("/incidents/{uuid}", response=IncidentDetailOut)
def get_incident(request: HttpRequest, uuid: str) -> dict[str, Any]:
    """An incident with the recommendations it shows unmet. Never the people it affected."""
    who = viewer(request)
    incident = get_incident_for_user(who, uuid)
    unmet = recommendations_visible_to(incident.unmet_recommendations.all(), who)
    [row] = _incidents(request, Incident.objects.filter(pk=incident.pk))
    return {
        **row,
        "unmet_recommendations": [one.uuid for one in unmet.order_by("-date", "-pk")],
    }


# Recommendations -------------------------------------------------------------------------------


@router.get("/recommendations", response=RecommendationList)
def list_recommendations(
    request: HttpRequest,
    country: str = "",
    body: str = "",
    status: str = "",
    theme: str = "",
    page: int = 1,
) -> dict[str, Any]:
    """Recommendations, newest first, with their current status and number of changes;
    filterable by country, body (its slug), status and theme (a thesaurus concept's slug)."""
    who = viewer(request)
    recommendations = _filtered(
        filter_recommendations,
        recommendations_for(who),
        who,
        country=country,
        body=body,
        status=status,
        theme=theme,
    ).order_by("-date", "-pk")
    count, selected = _page(recommendations, page)
    return {
        "count": count,
        "items": [_renamed(row) for row in recommendation_rows(request, selected, who)],
    }


def _recommendation_detail(
    request: HttpRequest, who: Viewer, recommendation: Recommendation
) -> dict[str, Any]:
    [row] = recommendation_rows(request, recommendations_for(who).filter(pk=recommendation.pk), who)
    history = status_changes_visible_to(
        StatusChange.objects.filter(recommendation=recommendation), who
    ).order_by("-date", "-pk")
    return {
        **_renamed(row),
        "history": [
            {
                "status": change.status,
                "date": change.date,
                "source_title": change.source_title,
                "source_url": change.source_url,
                "note": change.note,
            }
            for change in history
        ],
    }


@router.get("/recommendations/{uuid}", response=RecommendationDetailOut)
def get_recommendation(request: HttpRequest, uuid: str) -> dict[str, Any]:
    """A recommendation with its status history, newest first: each change with its date,
    source and note (never who recorded it)."""
    who = viewer(request)
    return _recommendation_detail(request, who, get_recommendation_for_user(who, uuid))


@router.post(
    "/recommendations/{uuid}/status", response={201: RecommendationDetailOut}, auth=WRITE_AUTH
)
def post_status_change(
    request: HttpRequest, uuid: str, data: StatusChangeIn
) -> Status[dict[str, Any]]:
    """Record a step of a recommendation's implementation (editors and the monitoring team of
    its country, by a write token or the session): its status, date and source, and a note.
    Without a source, dated in the future or with an unknown status, it is refused with the
    reason (400) and nothing is saved. Answers the recommendation with its history."""
    user = acting_user(request)
    recommendation = get_recommendation_for_user(user, uuid, write=True)
    change_status(
        recommendation,
        by=user,
        status=data.status,
        date=data.date,
        source_title=data.source_title,
        source_url=data.source_url,
        note=data.note,
    )
    return Status(201, _recommendation_detail(request, user, recommendation))


# Visits ----------------------------------------------------------------------------------------


@router.get("/visits/{uuid}", response=VisitOut)
def get_visit(request: HttpRequest, uuid: str) -> dict[str, Any]:
    """A visit: its report, findings and team for the country's monitoring team and
    administrators (a read of an unpublished report is audited); anyone else reads the
    published summary without the team's names, and a visit not published is not found."""
    who = viewer(request)
    visit = get_visit_for_user(who, uuid)
    shape: dict[str, Any] = {
        "uuid": visit.uuid,
        "url": request.build_absolute_uri(visit.get_absolute_url()),
        "place": visit.place.slug,
        "place_name": visit.place.official_name,
        "country": visit.place.country_id,
        "date": visit.date,
        "published": visit.is_published,
        "published_at": visit.published_at,
        "summary": visit.summary if visit.is_published else "",
        "report": None,
        "recommendations_made": None,
        "findings": None,
        "team": None,
    }
    if not can_read_visit_report(who, visit):
        return shape
    findings = visit.findings.select_related("unmet_recommendation")
    return {
        **shape,
        "summary": visit.summary,
        "report": visit.report,
        "recommendations_made": visit.recommendations_made,
        "findings": [
            {
                "item": finding.item,
                "finding": finding.finding,
                "notes": finding.notes,
                "unmet_recommendation": (
                    finding.unmet_recommendation.uuid if finding.unmet_recommendation else None
                ),
            }
            for finding in findings
        ],
        "team": sorted(person.public_name for person in visit.team.all()),
    }
