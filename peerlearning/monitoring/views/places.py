"""Places of detention and monitoring visits. Places are public facts; a visit's report, its
findings and its team are for the monitoring team of the place's country and administrators
(every read of an unpublished report audited by the access package); anyone else reads only a
published visit's summary, never the team's names."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.accounts.models import User, country_name
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.monitoring import actions
from peerlearning.monitoring.forms import FindingForm, PlaceForm, VisitForm, VisitReportForm
from peerlearning.monitoring.models import ChecklistItem, Place, Recommendation, Visit
from peerlearning.monitoring.views import incidents
from peerlearning.network.models import Country
from peerlearning.terminology import warnings as terminology

PLACES_PER_PAGE = 50
# The place page lists the newest recommendations to its country; the tracker has them all.
PLACE_RECOMMENDATIONS = 12
# The newest visits of a place (the API's place answer keeps to as many).
PLACE_VISITS = 50


@require_safe
def place_list(request: HttpRequest) -> HttpResponse:
    """Every place, under its official name and type with the plain description beside it;
    filtered by country (`?country=MX`)."""
    viewer = request.user
    places = access.places_visible_to(Place.objects.all(), viewer)
    codes = set(places.order_by().values_list("country_id", flat=True).distinct())
    countries = sorted(
        ((code, country_name(code) or code) for code in codes),
        key=lambda pair: pair[1].casefold(),
    )
    chosen = request.GET.get("country", "").strip().upper()[:2]
    if chosen:
        places = places.filter(country_id=chosen)
    page = page_of(
        request,
        places.select_related("country").order_by("country_id", "official_name", "pk"),
        PLACES_PER_PAGE,
    )
    return render(
        request,
        "monitoring/place_list.html",
        {
            "page": page,
            "query": filters_query(request),
            "countries": countries,
            "chosen": chosen,
            "chosen_name": country_name(chosen) or chosen,
            "can_add": access.can_edit_knowledge(viewer) or access.is_monitor(viewer),
        },
    )


@require_safe
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A place: what it is, its visits as the reader may see them (a published summary without
    the team's names; unpublished ones listed only for the country's team and administrators),
    and the hooks for its published incidents and its country's recommendations."""
    viewer = request.user
    place = access.get_place_for_user(viewer, slug)
    visits = list(
        access.visits_visible_to(Visit.objects.filter(place=place), viewer)[:PLACE_VISITS]
    )
    return render(
        request,
        "monitoring/place_detail.html",
        {
            "place": place,
            "visits": visits,
            "can_edit": access.can_edit_place(viewer, place),
            "can_record_visit": access.can_record_visit(viewer, place),
            "incidents": incidents.place_incidents(viewer, place),
            "recommendations": list(
                access.recommendations_visible_to(
                    Recommendation.objects.filter(country=place.country_id), viewer
                ).select_related("body")[:PLACE_RECOMMENDATIONS]
            ),
        },
    )


def _places_countries(viewer: User) -> list[Country]:
    """The countries the person may record places in: every one for an editor, else those of
    their monitoring teams."""
    if access.can_edit_knowledge(viewer):
        return list(Country.objects.all())
    return list(access.monitored_countries(viewer))


def _place_page(request: AuthenticatedHttpRequest, place: Place | None) -> HttpResponse:
    viewer = request.user
    wanted = request.POST.get("country", "") if request.method == "POST" else ""
    if wanted and not access.can_edit_place(viewer, country_id=wanted):
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))
    initial: dict[str, Any] = {}
    if place is not None:
        initial = {
            "country": place.country_id,
            "operator": place.operator.slug if place.operator else "",
            **{
                name: getattr(place, name)
                for name in actions.PLACE_FIELDS
                if name not in ("operator",)
            },
        }
    form = PlaceForm(request.POST or None, initial=initial, countries=_places_countries(viewer))

    def save(data: dict[str, Any]) -> str:
        country = Country.objects.get(code=data.pop("country"))
        saved = actions.save_place(place, by=viewer, country=country, **data)
        # Its official type checked as a name of a place of detention: a euphemism there is
        # named to whoever saved it (a warning, not a block; the public page is unchanged).
        warnings.extend(
            terminology.warnings_for(
                {"official_type": saved.official_type}, saved.language, names_detention=True
            )
        )
        return saved.get_absolute_url()

    warnings: list[terminology.FieldWarning] = []
    response = form_page(
        request,
        form,
        "monitoring/place_form.html",
        save,
        _("The place is recorded.") if place is None else _("The place is saved."),
        refused=actions.MonitoringRefused,
        place=place,
    )
    terminology.warn_place_type(request, warnings)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def place_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (access.can_edit_knowledge(request.user) or access.is_monitor(request.user)):
        raise PermissionDenied(_("Only editors and monitoring teams can do this."))
    return _place_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    place = access.get_place_for_user(request.user, slug)
    if not access.can_edit_place(request.user, place):
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))
    return _place_page(request, place)


# Visits ------------------------------------------------------------------------------------


def _country_team(country_id: str) -> Any:
    return User.objects.filter(is_active=True, monitoring_teams__country_id=country_id).order_by(
        "display_name", "pk"
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A visit to the place, by its country's monitoring team; the report follows."""
    place = access.get_place_for_user(request.user, slug)
    if not access.can_record_visit(request.user, place):
        raise PermissionDenied(_("Only the monitoring team of this country can do this."))
    form = VisitForm(
        request.POST or None,
        initial={"team": [request.user.uuid]},
        people=_country_team(place.country_id),
    )

    def save(data: dict[str, Any]) -> str:
        visit = actions.record_visit(
            place, by=request.user, date=data["date"], team=list(data["team"])
        )
        return reverse("monitoring:visit_edit", args=[visit.uuid])

    return form_page(
        request,
        form,
        "monitoring/visit_new.html",
        save,
        _("The visit is recorded: write its report and checklist."),
        refused=actions.MonitoringRefused,
        place=place,
    )


@login_required
@require_safe
def visit_detail(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    visit = access.get_visit_for_user(viewer, uuid)
    full = access.can_read_visit_report(viewer, visit)
    context: dict[str, Any] = {
        "visit": visit,
        "place": visit.place,
        "full": full,
        "can_edit": access.can_edit_visit(viewer, visit),
    }
    if full:
        context["team"] = list(visit.team.order_by("display_name", "pk"))
        findings = {
            finding.item: finding
            for finding in visit.findings.select_related("unmet_recommendation__body")
        }
        context["checklist"] = [(item.label, findings.get(item.value)) for item in ChecklistItem]
    return render(request, "monitoring/visit_detail.html", context)


def _finding_forms(
    visit: Visit, data: Any, recommendations: list[Recommendation]
) -> list[FindingForm]:
    existing = {finding.item: finding for finding in visit.findings.all()}
    forms = []
    for item in ChecklistItem.values:
        found = existing.get(item)
        initial = (
            {
                "finding": found.finding,
                "notes": found.notes,
                "unmet_recommendation": str(found.unmet_recommendation.uuid)
                if found.unmet_recommendation
                else "",
            }
            if found is not None
            else {}
        )
        forms.append(FindingForm(data, item=item, recommendations=recommendations, initial=initial))
    return forms


def _visit_edit_page(
    request: AuthenticatedHttpRequest, visit: Visit, *, problem: str = ""
) -> HttpResponse:
    data = request.POST if request.method == "POST" and not problem else None
    form = VisitReportForm(
        data,
        initial={
            "date": visit.date,
            "team": [person.uuid for person in visit.team.all()],
            "report": visit.report,
            "recommendations_made": visit.recommendations_made,
            "summary": visit.summary,
        },
        people=_country_team(visit.place.country_id),
    )
    recommendations = list(
        access.recommendations_visible_to(
            Recommendation.objects.filter(country_id=visit.place.country_id), request.user
        )
        .select_related("body")
        .order_by("-date", "pk")
    )
    finding_forms = _finding_forms(visit, data, recommendations)
    if data is not None and form.is_valid() and all(f.is_valid() for f in finding_forms):
        findings = {f.item: entry for f in finding_forms if (entry := f.entry()) is not None}
        try:
            actions.save_visit_report(
                visit,
                by=request.user,
                date=form.cleaned_data["date"],
                team=list(form.cleaned_data["team"]),
                report=form.cleaned_data["report"],
                recommendations_made=form.cleaned_data["recommendations_made"],
                summary=form.cleaned_data["summary"],
                findings=findings,
            )
        except actions.MonitoringRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report is saved."))
            return redirect("monitoring:visit", uuid=visit.uuid)
    failed = bool(problem) or (
        data is not None and (bool(form.errors) or any(f.errors for f in finding_forms))
    )
    return render(
        request,
        "monitoring/visit_edit.html",
        {
            "visit": visit,
            "place": visit.place,
            "form": form,
            "finding_forms": finding_forms,
            "problem": problem,
        },
        status=400 if failed else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    visit = access.get_visit_for_user(request.user, uuid, write=True)
    return _visit_edit_page(request, visit)


@login_required
@require_POST
def visit_publish(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    visit = access.get_visit_for_user(request.user, uuid, write=True)
    try:
        published = actions.publish_visit(visit, by=request.user)
    except actions.MonitoringRefused as error:
        return _visit_edit_page(request, visit, problem=str(error))
    if published:
        messages.success(
            request, _("The summary is public, without the team's names; the report is not.")
        )
    else:
        messages.info(request, _("This visit was already published."))
    return redirect("monitoring:visit", uuid=visit.uuid)
