from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from peerlearning.knowledge.forms import PracticeFilterForm
from peerlearning.knowledge.models import Practice, Update
from peerlearning.knowledge.practices_io import export_practices
from peerlearning.network import permissions
from peerlearning.network.geography import ProgrammeRegion, countries_in


@require_safe
def update_list(request: HttpRequest) -> HttpResponse:
    updates = Update.objects.visible_to(request.user)
    region = request.GET.get("region", "")
    if region in ProgrammeRegion.values:
        updates = updates.filter(region=region)
    else:
        region = ""
    page = Paginator(updates, 10)
    return render(
        request,
        "knowledge/update_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "regions": ProgrammeRegion.choices,
            "region": region,
        },
    )


@require_safe
def update_detail(request: HttpRequest, slug: str) -> HttpResponse:
    update = get_object_or_404(Update.objects.visible_to(request.user), slug=slug)
    return render(request, "knowledge/update_detail.html", {"update": update})


@require_safe
def practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET)
    form.is_valid()
    filters = {name: value for name, value in form.cleaned_data.items() if value}
    practices = Practice.objects.visible_to(request.user).prefetch_related("countries")
    if filters.get("q"):
        practices = practices.filter(
            Q(title__icontains=filters["q"]) | Q(summary__icontains=filters["q"])
        )
    if filters.get("country"):
        practices = practices.filter(countries=filters["country"])
    if filters.get("region"):
        practices = practices.filter(countries__in=countries_in(filters["region"])).distinct()
    if filters.get("target_group"):
        practices = practices.filter(target_groups__icontains=f'"{filters["target_group"]}"')
    if filters.get("kind"):
        practices = practices.filter(kind=filters["kind"])
    page = Paginator(practices, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/practice_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_edit": permissions.can_edit_knowledge(request.user),
        },
    )


@require_safe
def practice_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    practice = permissions.get_practice_for_user(request.user, external_id)
    return render(
        request,
        "knowledge/practice_detail.html",
        {"practice": practice, "countries": practice.countries.all()},
    )


@require_safe
def practice_export(request: HttpRequest) -> HttpResponse:
    """The visible practices in the exchange format, for anyone to take elsewhere."""
    practices = (
        Practice.objects.visible_to(request.user)
        .filter(status="published")
        .order_by("external_id")
        .prefetch_related("countries")
    )
    response = HttpResponse(
        "".join(line + "\n" for line in export_practices(practices)),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="practices.jsonl"'
    return response
