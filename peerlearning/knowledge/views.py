from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from peerlearning.knowledge.models import Update
from peerlearning.network.geography import ProgrammeRegion


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
