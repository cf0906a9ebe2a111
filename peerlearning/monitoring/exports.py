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

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.http import content_disposition_header
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
from peerlearning.knowledge.models import Concept
from peerlearning.lib.spreadsheets import Cell, csv_response
from peerlearning.monitoring.models import (
    Body,
    Implementation,
    Incident,
    IncidentKind,
    Place,
    PlaceStatus,
    Recommendation,
)
from peerlearning.network.models import Country

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
INCIDENT_FILTERS = ("country", "kind", "year")
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
    queryset: QuerySet[Incident], *, country: str = "", kind: str = "", year: str = ""
) -> Any:
    if country:
        queryset = queryset.filter(country_id=_country_code(country))
    if kind:
        # Kinds are a JSON list of codes: its text holds the code between quotes.
        code = _choice("kind", kind, IncidentKind.values)
        queryset = queryset.filter(kinds__icontains=f'"{code}"')
    if year:
        if not (year.isdigit() and 1900 <= int(year) <= 9999):
            raise FilterError(_("“year” is a year such as 2023."))
        queryset = queryset.filter(date__year=int(year))
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
    return places_visible_to(Place.objects.all(), viewer).select_related("country", "operator")


def published_incidents_for(viewer: Viewer) -> QuerySet[Incident]:
    """Published incidents only, whatever the viewer: what is downloaded is public."""
    return incidents_visible_to(Incident.objects.published(), viewer).select_related(
        "country", "place"
    )


def recommendations_for(viewer: Viewer) -> QuerySet[Recommendation]:
    return (
        recommendations_visible_to(Recommendation.objects.all(), viewer)
        .select_related("country", "body", "same_as")
        .annotate(status_change_count=Count("status_changes", distinct=True))
        .prefetch_related("concepts")
    )


# Rows --------------------------------------------------------------------------------------------


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


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


def place_row(request: HttpRequest, place: Place) -> dict[str, Any]:
    return {
        "slug": place.slug,
        "url": request.build_absolute_uri(place.get_absolute_url()),
        "country_code": place.country_id,
        "country_name": place.country.name,
        "official_name": place.official_name,
        "official_type": place.official_type,
        "language": place.language,
        "plain_type": place.plain_type,
        "locality": place.locality,
        "latitude": number(place.latitude),
        "longitude": number(place.longitude),
        "capacity": place.capacity,
        "operator": place.operator.display_name if place.operator else None,
        "status": place.status,
        "opened_on": place.opened_on.isoformat() if place.opened_on else None,
        "closed_on": place.closed_on.isoformat() if place.closed_on else None,
        "monitors_have_access": place.monitors_have_access,
        "sources": sources_of(place.sources),
    }


def incident_row(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    """An incident as the public reads it: never the people it affected by name, nor who
    recorded or published it."""
    return {
        "uuid": str(incident.uuid),
        "url": request.build_absolute_uri(incident.get_absolute_url()),
        "date": incident.date.isoformat(),
        "country_code": incident.country_id,
        "country_name": incident.country.name,
        "kinds": [str(kind) for kind in incident.kinds],
        "title": incident.title,
        "summary": incident.summary,
        "language": incident.language,
        "place": incident.place.slug if incident.place else None,
        "place_name": incident.place.official_name if incident.place else None,
        "place_description": incident.place_description,
        "people_affected": incident.people_affected,
        "dead": incident.dead,
        "injured": incident.injured,
        "nationalities": nationalities_of(incident.nationalities),
        "verification": incident.verification,
        "sources": sources_of(incident.sources),
        "published_at": incident.published_at.isoformat() if incident.published_at else None,
    }


def recommendation_row(request: HttpRequest, recommendation: Recommendation) -> dict[str, Any]:
    """A recommendation with its current status and how many times it changed; never who
    recorded it. `recommendation` comes from recommendations_for() (its annotation)."""
    return {
        "uuid": str(recommendation.uuid),
        "url": request.build_absolute_uri(recommendation.get_absolute_url()),
        "date": recommendation.date.isoformat(),
        "country_code": recommendation.country_id,
        "country_name": recommendation.country.name,
        "body": recommendation.body.slug,
        "body_name": recommendation.body.name,
        "body_kind": recommendation.body.kind,
        "authority": recommendation.authority,
        "text": recommendation.text,
        "language": recommendation.language,
        "themes": [concept.slug for concept in recommendation.concepts.all()],
        "source_title": recommendation.source_title,
        "source_url": recommendation.source_url,
        "status": recommendation.status,
        "status_changes": getattr(recommendation, "status_change_count", 0),
        "same_as": str(recommendation.same_as.uuid) if recommendation.same_as else None,
    }


# Downloads ---------------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Cell:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    # Numbers (coordinates, counts) pass as numbers: written as text, a negative longitude
    # would be taken for a formula and quoted.
    return value


def _download(
    rows: list[dict[str, Any]], columns: list[str], name: str, extension: str
) -> HttpResponse:
    if extension == "csv":
        return csv_response(
            f"{name}.csv",
            columns,
            ([_csv_cell(row[column]) for column in columns] for row in rows),
        )
    response = JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.json")
    return response


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
    if reason := _unknown_parameter(request, PLACE_FILTERS):
        return _refused(reason, extension)
    try:
        places = filter_places(
            places_for(request.user),
            country=request.GET.get("country", ""),
            status=request.GET.get("status", ""),
        )
    except FilterError as error:
        return _refused(str(error), extension)
    rows = [place_row(request, place) for place in places.order_by("country_id", "slug")]
    return _download(rows, PLACE_COLUMNS, "places", extension)


@require_safe
def incidents_export(request: HttpRequest, extension: str) -> HttpResponse:
    """Published incidents, newest first, filterable by country, kind and year. Asking for
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
            country=request.GET.get("country", ""),
            kind=request.GET.get("kind", ""),
            year=request.GET.get("year", ""),
        )
    except FilterError as error:
        return _refused(str(error), extension)
    rows = [incident_row(request, incident) for incident in incidents.order_by("-date", "-pk")]
    return _download(rows, INCIDENT_COLUMNS, "incidents", extension)


@require_safe
def recommendations_export(request: HttpRequest, extension: str) -> HttpResponse:
    """Recommendations with their current status and number of status changes, filterable by
    country, body, status and theme."""
    if extension not in EXTENSIONS:
        raise Http404
    if reason := _unknown_parameter(request, RECOMMENDATION_FILTERS):
        return _refused(reason, extension)
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
    rows = [
        recommendation_row(request, recommendation)
        for recommendation in recommendations.order_by("-date", "-pk")
    ]
    return _download(rows, RECOMMENDATION_COLUMNS, "recommendations", extension)
