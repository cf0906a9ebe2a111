"""Downloads of monitoring data, as CSV and JSON: places of detention, published incidents and
recommendations with their implementation. Public lists, loaded through the access package in a
bounded number of queries whatever their size.

A download is a public list: incidents not yet published are never in it, whoever asks (an
editor or a monitoring team reads them on their pages, where each read is theirs), and a request
for them is refused with the reason rather than silently narrowed. People affected by an
incident, visits and who recorded what are never in any download.

As in countries/exports.py, the CSV header is a row of stable machine names in English; codes,
numbers and ISO dates are the same in every language; a list (sources, nationalities) is written
in a CSV cell as JSON text, so that a script reads it back unambiguously.
"""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from peerlearning.access.knowledge import concepts_visible_to
from peerlearning.access.monitoring import (
    bodies_visible_to,
    incidents_visible_to,
    places_visible_to,
    recommendations_visible_to,
)
from peerlearning.access.roles import Viewer
from peerlearning.accounts.models import country_name
from peerlearning.knowledge.models import Concept
from peerlearning.lib.spreadsheets import table_download
from peerlearning.monitoring.models import (
    Body,
    Implementation,
    Incident,
    IncidentKind,
    IncidentQuerySet,
    Place,
    PlaceStatus,
    Recommendation,
)
from peerlearning.network.models import Country, Organisation

EXTENSIONS = ("csv", "json")
PLACE_COLUMNS = [
    "slug",
    "url",
    "country_code",
    "country_name",
    "official_name",
    "official_type",
    "language",
    "plain_type",
    "locality",
    "latitude",
    "longitude",
    "capacity",
    "operator",
    "status",
    "opened_on",
    "closed_on",
    "monitors_have_access",
    "sources",
]
INCIDENT_COLUMNS = [
    "uuid",
    "url",
    "date",
    "country_code",
    "country_name",
    "kinds",
    "title",
    "summary",
    "language",
    "place",
    "place_name",
    "place_description",
    "people_affected",
    "dead",
    "injured",
    "nationalities",
    "verification",
    "sources",
    "published_at",
]
RECOMMENDATION_COLUMNS = [
    "uuid",
    "url",
    "date",
    "country_code",
    "country_name",
    "body",
    "body_name",
    "body_kind",
    "authority",
    "text",
    "language",
    "themes",
    "source_title",
    "source_url",
    "status",
    "status_changes",
    "same_as",
]
PLACE_FILTERS = ("country", "status")
INCIDENT_FILTERS = ("country", "kind", "year", "place")
RECOMMENDATION_FILTERS = ("country", "body", "status", "theme")


class FilterError(ValueError):
    """A filter that cannot be served, with the reason to show (400)."""


# Filters: the same for the downloads and the API -------------------------------------------------


def _country_code(code: str) -> str:
    code = code.strip().upper()
    if not Country.objects.filter(code=code).exists():
        raise FilterError(
            _("Unknown country code “%(code)s”: use an ISO code such as MX.") % {"code": code}
        )
    return code


def _choice(name: str, value: str, choices: Iterable[str]) -> str:
    allowed = list(choices)
    if value not in allowed:
        message = _("“%(name)s” takes one of: %(allowed)s.")
        raise FilterError(message % {"name": name, "allowed": ", ".join(allowed)})
    return value


def filter_places(queryset: QuerySet[Place], *, country: str = "", status: str = "") -> Any:
    if country:
        queryset = queryset.filter(country_id=_country_code(country))
    if status:
        queryset = queryset.filter(status=_choice("status", status, PlaceStatus.values))
    return queryset


def filter_incidents(
    queryset: IncidentQuerySet,
    viewer: Viewer,
    *,
    country: str = "",
    kind: str = "",
    year: str = "",
    place: str = "",
) -> Any:
    if place:
        found = places_visible_to(Place.objects.filter(slug=place), viewer).first()
        if found is None:
            raise FilterError(_("Unknown place “%(place)s”.") % {"place": place})
        queryset = queryset.filter(place=found)
    if country:
        queryset = queryset.filter(country_id=_country_code(country))
    if kind:
        queryset = queryset.of_kind(_choice("kind", kind, IncidentKind.values))
    if year:
        if not (re.fullmatch(r"[0-9]{4}", year) and 1900 <= int(year) <= 9999):
            raise FilterError(_("“year” is a year such as 2023."))
        queryset = queryset.in_year(int(year))
    return queryset


def filter_recommendations(
    queryset: QuerySet[Recommendation],
    viewer: Viewer,
    *,
    country: str = "",
    body: str = "",
    status: str = "",
    theme: str = "",
) -> Any:
    if country:
        queryset = queryset.filter(country_id=_country_code(country))
    if body:
        found = bodies_visible_to(Body.objects.filter(slug=body), viewer).first()
        if found is None:
            raise FilterError(_("Unknown body “%(body)s”.") % {"body": body})
        queryset = queryset.filter(body=found)
    if status:
        queryset = queryset.filter(status=_choice("status", status, Implementation.values))
    if theme:
        concept = concepts_visible_to(Concept.objects.filter(slug=theme), viewer).first()
        if concept is None:
            raise FilterError(_("Unknown theme “%(theme)s”.") % {"theme": theme})
        queryset = queryset.filter(concepts=concept)
    return queryset


# What is read: the same for the downloads and the API --------------------------------------------


def places_for(viewer: Viewer) -> QuerySet[Place]:
    return places_visible_to(Place.objects.all(), viewer)


def published_incidents_for(viewer: Viewer) -> IncidentQuerySet:
    """Published incidents only, whatever the viewer: what is downloaded is public."""
    return incidents_visible_to(Incident.objects.published(), viewer)


def recommendations_for(viewer: Viewer) -> QuerySet[Recommendation]:
    return recommendations_visible_to(Recommendation.objects.all(), viewer).annotate(
        status_change_count=Count("status_changes", distinct=True)
    )


# Rows: read as values, not as model instances (a tenth of the time on 50,000 incidents) ---------


class Addresses:
    """The absolute address of each record, its URL pattern reversed once per request:
    reversing it for each row took most of the time of a 50,000-row download."""

    SENTINEL = "00000000-0000-4000-8000-00000000beef"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.templates: dict[str, str] = {}

    def of(self, name: str, key: object) -> str:
        if name not in self.templates:
            path = reverse(name, args=[self.SENTINEL])
            self.templates[name] = self.request.build_absolute_uri(path)
        return self.templates[name].replace(self.SENTINEL, str(key))


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def iso(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def sources_of(sources: object) -> list[dict[str, str]]:
    """Sources as stored (a list of {title, url, date}), keeping only their text fields: a
    malformed entry never breaks a download."""
    if not isinstance(sources, list):
        return []
    return [
        {key: str(source[key]) for key in ("title", "url", "date") if source.get(key)}
        for source in sources
        if isinstance(source, dict)
    ]


def nationalities_of(nationalities: object) -> list[dict[str, Any]]:
    """[{country, count}]: a count only where a source gives one (null otherwise)."""
    if not isinstance(nationalities, list):
        return []
    return [
        {
            "country": str(item.get("country", "")),
            "count": item["count"] if isinstance(item.get("count"), int) else None,
        }
        for item in nationalities
        if isinstance(item, dict)
    ]


def _organisation_name(name: str | None, translations: object) -> str | None:
    """An organisation's name in the reader's language (Organisation.display_name)."""
    if name is None:
        return None
    return Organisation(name=name, name_translations=translations or {}).display_name


PLACE_FIELDS = (
    "slug",
    "country_id",
    "official_name",
    "official_type",
    "language",
    "plain_type",
    "locality",
    "latitude",
    "longitude",
    "capacity",
    "operator__name",
    "operator__name_translations",
    "status",
    "opened_on",
    "closed_on",
    "monitors_have_access",
    "sources",
)


def place_rows(request: HttpRequest, places: QuerySet[Place]) -> list[dict[str, Any]]:
    addresses = Addresses(request)
    return [
        {
            "slug": place["slug"],
            "url": addresses.of("monitoring:place", place["slug"]),
            "country_code": place["country_id"],
            "country_name": country_name(place["country_id"]) or place["country_id"],
            "official_name": place["official_name"],
            "official_type": place["official_type"],
            "language": place["language"],
            "plain_type": place["plain_type"],
            "locality": place["locality"],
            "latitude": number(place["latitude"]),
            "longitude": number(place["longitude"]),
            "capacity": place["capacity"],
            "operator": _organisation_name(
                place["operator__name"], place["operator__name_translations"]
            ),
            "status": place["status"],
            "opened_on": iso(place["opened_on"]),
            "closed_on": iso(place["closed_on"]),
            "monitors_have_access": place["monitors_have_access"],
            "sources": sources_of(place["sources"]),
        }
        for place in places.values(*PLACE_FIELDS)
    ]


INCIDENT_FIELDS = (
    "uuid",
    "date",
    "country_id",
    "kinds",
    "title",
    "summary",
    "language",
    "place__slug",
    "place__official_name",
    "place_description",
    "people_affected",
    "dead",
    "injured",
    "nationalities",
    "verification",
    "sources",
    "published_at",
)


def incident_rows(request: HttpRequest, incidents: QuerySet[Incident]) -> list[dict[str, Any]]:
    """Incidents as the public reads them: never the people they affected by name, nor who
    recorded or published them (those fields are simply not read)."""
    addresses = Addresses(request)
    return [
        {
            "uuid": str(incident["uuid"]),
            "url": addresses.of("monitoring:incident", incident["uuid"]),
            "date": iso(incident["date"]),
            "country_code": incident["country_id"],
            "country_name": country_name(incident["country_id"]) or incident["country_id"],
            "kinds": [str(kind) for kind in incident["kinds"] or []],
            "title": incident["title"],
            "summary": incident["summary"],
            "language": incident["language"],
            "place": incident["place__slug"],
            "place_name": incident["place__official_name"],
            "place_description": incident["place_description"],
            "people_affected": incident["people_affected"],
            "dead": incident["dead"],
            "injured": incident["injured"],
            "nationalities": nationalities_of(incident["nationalities"]),
            "verification": incident["verification"],
            "sources": sources_of(incident["sources"]),
            "published_at": (
                incident["published_at"].isoformat() if incident["published_at"] else None
            ),
        }
        for incident in incidents.values(*INCIDENT_FIELDS)
    ]


RECOMMENDATION_FIELDS = (
    "pk",
    "uuid",
    "date",
    "country_id",
    "body__slug",
    "body__name",
    "body__kind",
    "authority",
    "text",
    "language",
    "source_title",
    "source_url",
    "status",
    "status_change_count",
    "same_as__uuid",
)


def recommendation_rows(
    request: HttpRequest, recommendations: QuerySet[Recommendation], viewer: Viewer
) -> list[dict[str, Any]]:
    """Recommendations with their current status and how many times it changed (from
    recommendations_for(), which counts them); never who recorded them."""
    addresses = Addresses(request)
    found = list(recommendations.values(*RECOMMENDATION_FIELDS))
    themes: dict[int, list[str]] = {one["pk"]: [] for one in found}
    links = Recommendation.concepts.through.objects.filter(
        recommendation_id__in=list(themes),
        concept__in=concepts_visible_to(Concept.objects.all(), viewer),
    ).order_by("concept__slug")
    for recommendation_id, slug in links.values_list("recommendation_id", "concept__slug"):
        themes[recommendation_id].append(slug)
    return [
        {
            "uuid": str(one["uuid"]),
            "url": addresses.of("monitoring:recommendation", one["uuid"]),
            "date": iso(one["date"]),
            "country_code": one["country_id"],
            "country_name": country_name(one["country_id"]) or one["country_id"],
            "body": one["body__slug"],
            "body_name": one["body__name"],
            "body_kind": one["body__kind"],
            "authority": one["authority"],
            "text": one["text"],
            "language": one["language"],
            "themes": themes[one["pk"]],
            "source_title": one["source_title"],
            "source_url": one["source_url"],
            "status": one["status"],
            "status_changes": one["status_change_count"],
            "same_as": str(one["same_as__uuid"]) if one["same_as__uuid"] else None,
        }
        for one in found
    ]


# Downloads ---------------------------------------------------------------------------------------


def _refused(reason: str, extension: str) -> HttpResponse:
    """A download that cannot be given: the reason, in the format asked for, with 400."""
    if extension == "json":
        return JsonResponse(
            {"error": reason}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return HttpResponse(reason, status=400, content_type="text/plain; charset=utf-8")


def _unknown_parameter(request: HttpRequest, allowed: tuple[str, ...]) -> str:
    """The reason to refuse a parameter the download does not take (an attempt to widen it is
    answered, never ignored), or ""."""
    for name in request.GET:
        if name not in allowed:
            return _("“%(name)s” is not a filter of this download; it takes: %(allowed)s.") % {
                "name": name,
                "allowed": ", ".join(allowed),
            }
    return ""


@require_safe
def places_export(request: HttpRequest, extension: str) -> HttpResponse:
    """Every place of detention with its country, official and plain types, locality,
    coordinates, capacity, operator, status and dates, monitors' access and sources."""
    if extension not in EXTENSIONS:
        raise Http404
    try:
        places = filter_places(
            places_for(request.user),
            country=request.GET.get("country", ""),
            status=request.GET.get("status", ""),
        )
    except FilterError as error:
        return _refused(str(error), extension)
    rows = place_rows(request, places.order_by("country_id", "slug"))
    return table_download(rows, PLACE_COLUMNS, "places", extension)


@require_safe
def incidents_export(request: HttpRequest, extension: str) -> HttpResponse:
    """Published incidents, newest first, filterable by country, kind, year and place. Asking for
    any other (`?status=unpublished`, `?drafts=1`…) is refused with the reason."""
    if extension not in EXTENSIONS:
        raise Http404
    status = request.GET.get("status") or "published"
    if status != "published":
        return _refused(
            _(
                "A download holds published incidents only: incidents not yet published are "
                "never downloaded, whoever asks."
            ),
            extension,
        )
    if reason := _unknown_parameter(request, (*INCIDENT_FILTERS, "status")):
        return _refused(reason, extension)
    try:
        incidents = filter_incidents(
            published_incidents_for(request.user),
            request.user,
            country=request.GET.get("country", ""),
            kind=request.GET.get("kind", ""),
            year=request.GET.get("year", ""),
            place=request.GET.get("place", ""),
        )
    except FilterError as error:
        return _refused(str(error), extension)
    rows = incident_rows(request, incidents.order_by("-date", "-pk"))
    return table_download(rows, INCIDENT_COLUMNS, "incidents", extension)


@require_safe
def recommendations_export(request: HttpRequest, extension: str) -> HttpResponse:
    """Recommendations with their current status and number of status changes, filterable by
    country, body, status and theme."""
    if extension not in EXTENSIONS:
        raise Http404
    try:
        recommendations = filter_recommendations(
            recommendations_for(request.user),
            request.user,
            country=request.GET.get("country", ""),
            body=request.GET.get("body", ""),
            status=request.GET.get("status", ""),
            theme=request.GET.get("theme", ""),
        )
    except FilterError as error:
        return _refused(str(error), extension)
    rows = recommendation_rows(request, recommendations.order_by("-date", "-pk"), request.user)
    return table_download(rows, RECOMMENDATION_COLUMNS, "recommendations", extension)
