"""Incidents: the list (published ones for everyone; not yet published ones, marked, for the
editors and the country's monitoring team), an incident's page, recording and correcting one,
publishing it (editors), and the people affected named by a public source (the country's
monitoring team only, every read audited). Everything is read through the access package."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.accounts.models import country_name
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.monitoring import actions
from peerlearning.monitoring.forms import AffectedPersonForm, IncidentFilterForm, IncidentForm
from peerlearning.monitoring.models import Incident, Place, Recommendation
from peerlearning.network.models import Country

PAGE_SIZE = 25
PLACE_LIMIT = 50  # on a place's page; the list filtered by country has them all


class Refused(Exception):
    """An action's refusal, in words, for the form page."""


def _refused_in_words(save: Any) -> Any:
    """The action's own checks (the same as the form's, so rarely reached) read as sentences."""

    def saving(data: dict[str, Any]) -> Any:
        try:
            return save(data)
        except ValidationError as error:
            raise Refused(" ".join(error.messages)) from error

    return saving


def place_incidents(viewer: access.Viewer, place: Place) -> list[Incident]:
    """The incidents at a place, for its page: published ones, and for the editors and the
    country's team those not yet published (marked). Never their people affected."""
    return list(
        access.incidents_visible_to(Incident.objects.filter(place=place), viewer)
        .select_related("country", "place")
        .order_by("-date", "-pk")[:PLACE_LIMIT]
    )


@require_safe
def incident_list(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    visible = access.incidents_visible_to(Incident.objects.all(), viewer)
    # One probe of the (country, date) index per country, rather than a scan of every incident.
    countries = list(Country.objects.filter(Exists(visible.filter(country=OuterRef("pk")))))
    form = IncidentFilterForm(request.GET, countries=countries)
    filters = form.filters()
    incidents = visible
    if filters.get("country"):
        incidents = incidents.filter(country_id=filters["country"])
    if filters.get("kind"):
        incidents = incidents.of_kind(filters["kind"])
    if filters.get("year"):
        incidents = incidents.in_year(filters["year"])
    # The page's rows are chosen by sorting their keys alone, then read whole (sorting whole
    # rows of tens of thousands of incidents is what costs).
    page = page_of(request, incidents.values_list("pk", flat=True), PAGE_SIZE)
    rows = Incident.objects.filter(pk__in=list(page.object_list)).select_related("country", "place")
    by_key = {incident.pk: incident for incident in rows}
    page.object_list = [by_key[key] for key in page.object_list if key in by_key]
    return render(
        request,
        "monitoring/incident_list.html",
        {
            "form": form,
            "page": page,
            "query": filters_query(request),
            "filtered": bool(filters),
            "can_record": access.can_edit_knowledge(viewer) or access.is_monitor(viewer),
        },
    )


@require_safe
def incident_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    incident = access.get_incident_for_user(viewer, uuid)
    team = access.can_read_affected_people(viewer, incident)
    recommendations = access.recommendations_visible_to(
        incident.unmet_recommendations.select_related("body"), viewer
    )
    nationalities = [
        (country_name(entry.get("country", "")) or entry.get("country", ""), entry.get("count"))
        for entry in incident.nationalities
    ]
    return render(
        request,
        "monitoring/incident_detail.html",
        {
            "incident": incident,
            "nationalities": nationalities,
            "recommendations": list(recommendations),
            # Personal details: the country's team only, each read audited (access module).
            "people": access.affected_people_for(viewer, incident) if team else [],
            "is_team": team,
            "can_edit": access.can_edit_incident(viewer, incident),
            "can_publish": access.can_publish_incident(viewer) and not incident.is_published,
        },
    )


def _recordable_countries(request: AuthenticatedHttpRequest) -> list[Country]:
    user = request.user
    if access.can_edit_knowledge(user):
        countries = list(Country.objects.all())
    else:
        countries = list(access.monitored_countries(user))
    return sorted(countries, key=lambda country: country.name.casefold())


def _incident_form(
    request: AuthenticatedHttpRequest, country: Country, incident: Incident | None = None
) -> IncidentForm:
    places = list(
        access.places_visible_to(Place.objects.filter(country=country), request.user).order_by(
            "official_name"
        )
    )
    recommendations = list(
        access.recommendations_visible_to(
            Recommendation.objects.filter(country=country), request.user
        ).select_related("body")
    )
    initial: dict[str, Any] = {"language": translation.get_language()}
    if incident is not None:
        initial = {
            "title": incident.title,
            "kinds": incident.kinds,
            "date": incident.date,
            "place": incident.place.slug if incident.place else "",
            "place_description": incident.place_description,
            "summary": incident.summary,
            "language": incident.language,
            "people_affected": incident.people_affected,
            "dead": incident.dead,
            "injured": incident.injured,
            "nationalities": incident.nationalities,
            "sources": incident.sources,
            "verification": incident.verification,
            "unmet_recommendations": [
                str(uuid) for uuid in incident.unmet_recommendations.values_list("uuid", flat=True)
            ],
        }
    return IncidentForm(
        request.POST or None,
        initial=initial,
        country=country,
        places=places,
        recommendations=recommendations,
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The country first (a plain GET form, or the only one a monitor records for), then the
    incident, with that country's places to choose from."""
    countries = _recordable_countries(request)
    if not countries:
        raise PermissionDenied(_("Only editors and monitoring teams record incidents."))
    code = (request.GET.get("country") or "").strip().upper()
    if not code and len(countries) == 1:
        code = countries[0].code
    if not code:
        return render(request, "monitoring/incident_country.html", {"countries": countries})
    country = next((c for c in countries if c.code == code), None)
    if country is None:
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))
    form = _incident_form(request, country)

    def save(data: dict[str, Any]) -> str:
        incident = actions.record_incident(by=request.user, country=country, **data)
        return incident.get_absolute_url()

    return form_page(
        request,
        form,
        "monitoring/incident_form.html",
        _refused_in_words(save),
        _("The incident is recorded. An editor publishes it."),
        refused=Refused,
        country=country,
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    incident = access.get_incident_for_user(request.user, uuid, write=True)
    form = _incident_form(request, incident.country, incident)

    def save(data: dict[str, Any]) -> str:
        actions.update_incident(incident, by=request.user, **data)
        return incident.get_absolute_url()

    return form_page(
        request,
        form,
        "monitoring/incident_form.html",
        _refused_in_words(save),
        _("The incident is saved."),
        refused=Refused,
        country=incident.country,
        incident=incident,
    )


@login_required
@require_POST
def incident_publish(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    incident = access.get_incident_for_user(request.user, uuid)
    if not access.can_publish_incident(request.user):
        raise PermissionDenied(_("Only an editor can publish an incident."))
    if actions.publish_incident(incident, by=request.user):
        messages.success(request, _("The incident is published."))
    else:
        messages.info(request, _("The incident was already published."))
    return redirect(incident.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    """A person affected, named by a public source: recorded by the country's monitoring team,
    and shown to it alone."""
    incident = access.get_incident_for_user(request.user, uuid)
    if not access.can_read_affected_people(request.user, incident):
        raise PermissionDenied(_("Only this country's monitoring team can do this."))
    form = AffectedPersonForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        actions.record_affected_person(incident, by=request.user, **data)
        return reverse("monitoring:incident", args=[incident.uuid]) + "#people"

    return form_page(
        request,
        form,
        "monitoring/incident_person_form.html",
        _refused_in_words(save),
        _("The person is recorded, visible to this country's monitoring team only."),
        refused=Refused,
        incident=incident,
    )
