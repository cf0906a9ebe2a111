"""The recommendations tracker: who recommended what to which authority of which country, and
how far it has been implemented. The list and a recommendation's page are public; editors and
the country's monitoring team record recommendations and each step of their implementation.
Everything a recommendation's page names through another record (incidents, visit findings,
exchanges, support requests) is read through the access package."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from peerlearning import access
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.monitoring import actions
from peerlearning.monitoring.forms import (
    BodyForm,
    RecommendationFilterForm,
    RecommendationForm,
    StatusChangeForm,
)
from peerlearning.monitoring.models import Implementation, Recommendation
from peerlearning.terminology import warnings as terminology

PAGE_SIZE = 25


def _status_link(request: HttpRequest, status: str) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params["status"] = status
    return params.urlencode()


@require_safe
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """By country, by body, by theme, by status: a plain GET form. The counts by status are of
    every recommendation the filters select; the same recommendation made by several bodies is
    one row, under the first one made ("also made by")."""
    viewer = request.user
    form = RecommendationFilterForm(request.GET, viewer=viewer)
    filters = form.filters()
    matching = access.recommendations_visible_to(Recommendation.objects.all(), viewer)
    if filters.get("country"):
        matching = matching.filter(country_id=filters["country"])
    if filters.get("body"):
        matching = matching.filter(body__slug=filters["body"])
    if filters.get("theme"):
        matching = matching.filter(concepts__slug=filters["theme"])
    by_status = dict(
        matching.order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    if filters.get("status"):
        matching = matching.filter(status=filters["status"])
    total = (
        sum(by_status.values())
        if not filters.get("status")
        else by_status.get(filters["status"], 0)
    )
    implemented = (
        by_status.get(Implementation.IMPLEMENTED, 0)
        if filters.get("status") in (None, Implementation.IMPLEMENTED)
        else 0
    )
    repeats = access.recommendations_visible_to(
        Recommendation.objects.select_related("body"), viewer
    ).order_by("date", "pk")
    # A repeat is its own row only when the first one made is not among those selected.
    rows = (
        matching.exclude(same_as__in=matching.values("pk"))
        .select_related("body", "country", "same_as__body")
        .prefetch_related(Prefetch("repeated_by", queryset=repeats))
    )
    page = page_of(request, rows, PAGE_SIZE)
    summary = ngettext(
        "%(count)s recommendation, %(implemented)s implemented",
        "%(count)s recommendations, %(implemented)s implemented",
        total,
    ) % {"count": total, "implemented": implemented}
    statuses = [
        (value, label, by_status.get(value, 0), _status_link(request, value))
        for value, label in Implementation.choices
    ]
    return render(
        request,
        "monitoring/recommendation_list.html",
        {
            "form": form,
            "page": page,
            "query": filters_query(request),
            "summary": summary,
            "statuses": statuses,
            "chosen_status": filters.get("status", ""),
            "can_record": access.may_record_recommendations(viewer),
            "can_add_body": access.can_edit_knowledge(viewer),
        },
    )


# A recommendation's page lists at most this many steps, incidents, exchanges… of each kind.
LIST_LIMIT = 100


@require_safe
def recommendation_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    recommendation = access.get_recommendation_for_user(viewer, uuid)
    can_track = access.can_track_recommendations(viewer, recommendation.country_id)
    history = access.status_changes_visible_to(
        recommendation.status_changes.order_by("-date", "-pk"), viewer
    )
    if can_track:  # who recorded a step is for the editors and the country's team
        history = history.select_related("recorded_by")
    visible = access.recommendations_visible_to(
        Recommendation.objects.select_related("body"), viewer
    )
    first = (
        visible.filter(pk=recommendation.same_as_id).first()
        if recommendation.same_as_id is not None
        else None
    )
    group_root = first or recommendation
    also = visible.filter(same_as=group_root).exclude(pk=recommendation.pk).order_by("date", "pk")
    return render(
        request,
        "monitoring/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "concepts": list(recommendation.concepts.all()),
            "history": list(history[:LIST_LIMIT]),
            "first": first,
            "also": list(also[:LIST_LIMIT]),
            "incidents": list(
                access.incidents_visible_to(
                    recommendation.incidents.select_related("place"), viewer
                ).order_by("-date", "-pk")[:LIST_LIMIT]
            ),
            "findings": access.unmet_findings_for(viewer, recommendation),
            "exchanges": list(
                access.exchanges_visible_to(recommendation.exchanges.all(), viewer).order_by(
                    "-starts_at", "title"
                )[:LIST_LIMIT]
            ),
            "support_requests": list(
                access.support_requests_visible_to(recommendation.support_requests.all(), viewer)[
                    :LIST_LIMIT
                ]
            ),
            "linked_resources": access.resources_visible_to(recommendation.resources.all(), viewer),
            "can_track": can_track,
            "status_form": StatusChangeForm(initial={"status": recommendation.status})
            if can_track
            else None,
        },
    )


def _text_warnings(
    request: HttpRequest, recommendation: Recommendation | None
) -> list[terminology.FieldWarning]:
    """The recommendation's text checked for terminology that hides detention, in the language
    of the text (as posted, else as saved): a warning for whoever writes it, never a block."""
    label = str(RecommendationForm.base_fields["text"].label)
    if request.method == "POST":
        text, language = request.POST.get("text", ""), request.POST.get("language", "")
    elif recommendation is not None:
        text, language = recommendation.text, recommendation.language
    else:
        return []
    return terminology.warnings_for({"text": text}, language, labels={"text": label})


def _require_tracker(viewer: access.Viewer, country_code: str) -> None:
    if not access.can_track_recommendations(viewer, country_code):
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request.user
    if not access.may_record_recommendations(viewer):
        raise PermissionDenied(_("Only editors and monitoring teams can do this."))
    countries = list(access.monitored_countries(viewer).values_list("code", flat=True))
    initial = {
        "language": translation.get_language(),
        "body": request.GET.get("body", ""),
        "country": request.GET.get("country", "") or (countries[0] if len(countries) == 1 else ""),
    }
    form = RecommendationForm(request.POST or None, viewer=viewer, initial=initial)

    def save(data: dict[str, Any]) -> str:
        _require_tracker(viewer, data["country"].code)
        return actions.save_recommendation(None, by=viewer, **data).get_absolute_url()

    warnings = _text_warnings(request, None)
    response = form_page(
        request,
        form,
        "monitoring/recommendation_form.html",
        save,
        _("The recommendation is recorded."),
        warnings=warnings,
    )
    if response.status_code == 302:
        terminology.warn(request, warnings)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    recommendation = access.get_recommendation_for_user(viewer, uuid, write=True)
    form = RecommendationForm(request.POST or None, viewer=viewer, recommendation=recommendation)

    def save(data: dict[str, Any]) -> str:
        # Moved to another country, it must be one the person tracks too.
        _require_tracker(viewer, data["country"].code)
        return actions.save_recommendation(recommendation, by=viewer, **data).get_absolute_url()

    warnings = _text_warnings(request, recommendation)
    response = form_page(
        request,
        form,
        "monitoring/recommendation_form.html",
        save,
        _("The recommendation is saved."),
        recommendation=recommendation,
        warnings=warnings,
    )
    if response.status_code == 302:
        terminology.warn(request, warnings)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def status_change(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    recommendation = access.get_recommendation_for_user(viewer, uuid, write=True)
    form = StatusChangeForm(request.POST or None, initial={"status": recommendation.status})

    def save(data: dict[str, Any]) -> str:
        actions.change_status(recommendation, by=viewer, **data)
        return recommendation.get_absolute_url() + "#history"

    return form_page(
        request,
        form,
        "monitoring/recommendation_status_form.html",
        save,
        _("The step is recorded in the history."),
        recommendation=recommendation,
    )


@access.editor_required
@require_http_methods(["GET", "POST"])
def body_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BodyForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        body = actions.create_body(by=request.user, **data)
        return reverse("monitoring:recommendation_new") + f"?body={body.slug}"

    return form_page(
        request, form, "monitoring/body_form.html", save, _("The body is added to the list.")
    )
