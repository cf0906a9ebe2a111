"""An exchange's key learnings made into lessons, in one step (issue 17)."""

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from peerlearning import access
from peerlearning.exchanges.models import Exchange, Outcome, OutcomeKind
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.lesson_forms import LessonsFromOutcomesForm
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Country


def initial_region(exchange: Exchange) -> str:
    """The community's first programme region, or else the host governments' region (a region
    only: the lessons never name the countries)."""
    for region in exchange.community.regions or []:
        if region in ProgrammeRegion.values:
            return str(region)
    regions = (
        Country.objects.filter(organisation__hosted_exchanges=exchange)
        .exclude(programme_region="")
        .values_list("programme_region", flat=True)
        .order_by("programme_region")
        .distinct()
    )
    return regions.first() or ""


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def lessons_make(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_lessons(request.user, slug)
    learnings = list(
        Outcome.objects.filter(exchange=exchange, kind=OutcomeKind.LEARNING)
        .select_related("lesson")
        .order_by("position", "pk")
    )

    def made(outcome: Outcome) -> Any:
        return getattr(outcome, "lesson", None)

    waiting = [outcome for outcome in learnings if made(outcome) is None]
    form = LessonsFromOutcomesForm(
        request.POST if request.method == "POST" else None,  # none chosen is still a choice
        learnings=[(str(outcome.uuid), outcome.text) for outcome in waiting],
        initial={"region": initial_region(exchange)},
    )

    def save(data: dict[str, Any]) -> str:
        knowledge_actions.lessons_from_outcomes(
            exchange,
            by=request.user,
            outcomes=data["outcomes"],
            region=data["region"],
            concepts=data["concepts"],
        )
        return reverse("exchanges:lessons_make", kwargs={"slug": exchange.slug})

    return form_page(
        request,
        form,
        "exchanges/lessons_make.html",
        save,
        _("The lessons have been made: they are on the lessons page."),
        refused=knowledge_actions.LessonError,
        refused_field="outcomes",
        exchange=exchange,
        made_already=[
            (outcome, made(outcome)) for outcome in learnings if made(outcome) is not None
        ],
        waiting=waiting,
    )
