"""The support dashboard's figures: open requests by kind, topic, region and age, matches
fulfilled each quarter, matches under way and suggestions waiting. For coordinators only; the
view checks the role."""

from collections import Counter
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning.knowledge.models import Concept
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.support.models import (
    ENDED,
    Match,
    MatchStatus,
    PeerSuggestion,
    SuggestionStatus,
    SupportKind,
    SupportRequest,
)


def _age_bucket(created: Any, now: Any) -> int:
    days = (now - created).days
    return 0 if days < 30 else 1 if days < 90 else 2 if days < 365 else 3


def _fulfilled_by_quarter(now: Any) -> list[dict[str, Any]]:
    """Matches fulfilled each quarter, from the first one (five years at most; the last four
    quarters at least) to this one, with the bar heights of the chart in tens of per cent."""
    current = (now.year, (now.month - 1) // 3 + 1)
    rows = (
        Match.objects.filter(status=MatchStatus.FULFILLED, ended_at__year__gte=now.year - 5)
        .annotate(quarter=TruncQuarter("ended_at"))
        .values_list("quarter")
        .annotate(n=Count("pk"))
    )
    counts = {(start.year, (start.month - 1) // 3 + 1): n for start, n in rows if start}
    year_ago = (current[0], 1) if current[1] == 4 else (current[0] - 1, current[1] + 1)
    first = min([*counts, year_ago])
    quarters: list[dict[str, Any]] = []
    year, quarter = first
    while (year, quarter) <= current:
        quarters.append(
            {
                "label": _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year},
                "count": counts.get((year, quarter), 0),
            }
        )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    peak = max([int(q["count"]) for q in quarters] + [1])
    for item in quarters:
        item["height"] = round(10 * int(item["count"]) / peak) * 10  # CSS classes bar-0…100
    return quarters


def dashboard(language: str) -> dict[str, Any]:
    """The dashboard's context, with labels in `language` (the current one)."""
    now = timezone.now()
    open_requests = SupportRequest.objects.exclude(status__in=ENDED)
    by_kind = dict(open_requests.values_list("kind").annotate(n=Count("pk")))
    by_topic = (
        Concept.objects.filter(support_requests__in=open_requests)
        .annotate(n=Count("support_requests"))
        .order_by("-n", "slug")[:10]
    )
    by_region = Counter(
        dict(open_requests.exclude(region="").values_list("region").annotate(n=Count("pk")))
    )
    ages = Counter(
        _age_bucket(created, now) for created in open_requests.values_list("created_at", flat=True)
    )
    quarters = _fulfilled_by_quarter(now)
    in_progress = (
        Match.objects.filter(status__in=[MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS])
        .select_related("request", "offer")
        .order_by("proposed_at")[:20]
    )
    waiting = PeerSuggestion.objects.filter(status=SuggestionStatus.WAITING)
    return {
        "by_kind": [(SupportKind(k).label, n) for k, n in sorted(by_kind.items())],
        "by_topic": [(c.label(language), c.n) for c in by_topic],
        "by_region": [(ProgrammeRegion(r).label, n) for r, n in sorted(by_region.items())],
        "ages": [
            (label, ages.get(index, 0))
            for index, label in enumerate(
                [
                    _("under a month"),
                    _("one to three months"),
                    _("three months to a year"),
                    _("over a year"),
                ]
            )
        ],
        "open_total": sum(by_kind.values()),
        "quarters": quarters,
        "in_progress": in_progress,
        "waiting_count": waiting.count(),
    }
