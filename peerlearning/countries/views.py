"""Countries and progress: the index, a country's profile, an indicator across countries (with
its map), the comparison of two to six countries, and the editors' pages that record values,
points and events. Everything is read through the access package."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from peerlearning import access
from peerlearning.countries import actions, charts
from peerlearning.countries.forms import (
    MAX_COMPARED,
    MIN_COMPARED,
    EventForm,
    IndicatorForm,
    PointForm,
    ValueForm,
)
from peerlearning.countries.models import (
    Answer,
    CountryEvent,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    StatisticPoint,
    StatisticSeries,
)
from peerlearning.countries.periods import PeriodError, parse_period, period_label
from peerlearning.countries.timeline import entries
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.monitoring.models import Implementation, Incident, Place, Recommendation
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Country
from peerlearning.notifications.actions import is_following

# How many of a country's practices and hosted exchanges the profile lists (then a link).
PROFILE_LIST_LIMIT = 12
SVG_CACHE_SECONDS = 24 * 60 * 60
# A chart names its sources' sites under it, a few of them: the table lists every source.
MAX_HOSTS, MAX_HOST = 4, 40
# The timeline shows the newest entries; the lists of the profile and the API give the rest.
TIMELINE_LIMIT = 40


@dataclass
class SeriesView:
    series: StatisticSeries
    points: list[StatisticPoint]
    labels: dict[int, str] = field(default_factory=dict)
    chart: str = ""


def _cached_svg(render: Callable[..., str], **arguments: Any) -> str:
    """A chart or a map drawn once for the same data in the same language (drawing is the
    costly part of a page; what it shows is public, the same for everyone)."""
    parts = (
        render.__name__,
        translation.get_language(),
        [
            (name, sorted(value.items()) if isinstance(value, dict) else value)
            for name, value in sorted(arguments.items())
        ],
    )
    key = "countries-svg:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = render(**arguments)
        cache.set(key, svg, SVG_CACHE_SECONDS)
    return svg


def _rtl() -> bool:
    return bool(translation.get_language_bidi())


def _series_view(series: StatisticSeries) -> SeriesView:
    points = list(series.points.all())
    view = SeriesView(series, points)
    chart_points = []
    for point in points:
        try:
            period = parse_period(point.period)
        except PeriodError:  # an editor's period read differently since: shown as given
            view.labels[point.pk] = point.period
            continue
        view.labels[point.pk] = period_label(period)
        if point.start is not None and point.end is not None:
            chart_points.append(
                charts.ChartPoint(
                    label=view.labels[point.pk],
                    start=point.start,
                    end=point.end,
                    value=point.value,
                    approximate=point.approximate,
                )
            )
    if chart_points:
        hosts = sorted({_host(point.source_url)[:MAX_HOST] for point in points})
        if len(hosts) > MAX_HOSTS:
            more = len(hosts) - MAX_HOSTS + 1
            hosts = [
                *hosts[: MAX_HOSTS - 1],
                ngettext("%(count)s more", "%(count)s more", more) % {"count": more},
            ]
        view.chart = _cached_svg(
            charts.series_chart,
            title=series.indicator,
            unit=series.unit,
            points=tuple(chart_points),
            source_line=_("Sources: %(sources)s") % {"sources": ", ".join(hosts)},
            rtl=_rtl(),
            chart_id=f"chart-{series.external_id}",
        )
    return view


def _host(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.")


@require_safe
def country_list(request: HttpRequest) -> HttpResponse:
    """Every country the platform holds something about, by programme region; any other
    country is one choice away."""
    code = request.GET.get("country", "")
    if code:
        country = Country.objects.filter(code=code.upper()[:2]).first()
        if country is not None:
            return redirect("countries:profile", country.code)
        messages.error(request, _("There is no country with this code."))
    viewer = request.user
    values = access.indicator_values_visible_to(IndicatorValue.objects.current(), viewer)
    series = access.series_visible_to(StatisticSeries.objects.all(), viewer)
    events = access.events_visible_to(CountryEvent.objects.all(), viewer)
    countries = access.countries_visible_to(Country.objects.all(), viewer).annotate(
        has_values=Exists(values.filter(country=OuterRef("pk"))),
        has_series=Exists(series.filter(country=OuterRef("pk"))),
        has_events=Exists(events.filter(country=OuterRef("pk"))),
    )
    every = sorted(countries, key=lambda country: country.name.casefold())
    regions: dict[str, list[Country]] = {}
    for country in every:
        if country.has_values or country.has_series or country.has_events:
            regions.setdefault(country.programme_region or "", []).append(country)
    return render(
        request,
        "countries/country_list.html",
        {
            "regions": [
                (ProgrammeRegion(region).label if region else _("Other"), members)
                for region, members in sorted(regions.items(), key=lambda pair: pair[0] or "~")
            ],
            "all_countries": every,
            "indicators": access.indicators_visible_to(Indicator.objects.all(), request.user),
            "can_edit": access.can_edit_countries(request.user),
        },
    )


@require_safe
def profile(request: HttpRequest, code: str) -> HttpResponse:
    viewer = request.user
    country = access.get_country_for_user(viewer, code)
    if country.code != code:
        return redirect("countries:profile", country.code, permanent=True)
    indicators = list(access.indicators_visible_to(Indicator.objects.all(), viewer))
    current = {
        value.indicator_id: value
        for value in access.indicator_values_visible_to(
            IndicatorValue.objects.current().filter(country=country), viewer
        )
    }
    for value in current.values():
        value.indicator = next(i for i in indicators if i.pk == value.indicator_id)
    points = access.points_visible_to(StatisticPoint.objects.all(), viewer)
    series = [
        _series_view(one)
        for one in access.series_visible_to(
            StatisticSeries.objects.filter(country=country), viewer
        ).prefetch_related(Prefetch("points", queryset=points))
    ]
    events = access.events_visible_to(CountryEvent.objects.filter(country=country), viewer)
    exchanges = access.exchanges_hosted_by(viewer, country)
    practices = access.practices_of_country(viewer, country)
    practice_list = list(practices.order_by("title")[: PROFILE_LIST_LIMIT + 1])
    places = access.places_visible_to(Place.objects.filter(country=country), viewer)
    # Only published incidents, whoever reads: drafts are for the incidents' own pages.
    incidents = access.incidents_visible_to(
        Incident.objects.published().filter(country=country), viewer
    ).select_related("place")
    recommendations = access.recommendations_visible_to(
        Recommendation.objects.filter(country=country), viewer
    ).select_related("body")
    by_status = dict(recommendations.order_by().values_list("status").annotate(count=Count("pk")))
    exchange_list = list(exchanges.order_by("-starts_at")[: PROFILE_LIST_LIMIT + 1])
    return render(
        request,
        "countries/profile.html",
        {
            "country": country,
            "following": is_following(viewer, country),
            "indicator_rows": [(indicator, current.get(indicator.pk)) for indicator in indicators],
            "series_views": series,
            # Each source of the timeline read to the newest few only: a country with thousands of
            # incidents is drawn as fast as one with three.
            "timeline": entries(
                events.order_by("-date")[:TIMELINE_LIMIT],
                exchanges.order_by("-starts_at")[:TIMELINE_LIMIT],
                practices.order_by("-years")[:TIMELINE_LIMIT],
                incidents.order_by("-date")[:TIMELINE_LIMIT],
                recommendations.order_by("-date")[:TIMELINE_LIMIT],
            )[:TIMELINE_LIMIT],
            "places": list(places[: PROFILE_LIST_LIMIT + 1]),
            "incidents": list(incidents[:PROFILE_LIST_LIMIT]),
            "recommendations": list(recommendations[:PROFILE_LIST_LIMIT]),
            "recommendations_count": sum(by_status.values()),
            "implemented_count": by_status.get(Implementation.IMPLEMENTED, 0),
            "list_limit": PROFILE_LIST_LIMIT,
            "practices": practice_list[:PROFILE_LIST_LIMIT],
            "more_practices": len(practice_list) > PROFILE_LIST_LIMIT,
            "exchanges": exchange_list[:PROFILE_LIST_LIMIT],
            "support_asked": list(access.support_asked_by(viewer, country)[:PROFILE_LIST_LIMIT]),
            "support_given": list(access.support_given_by(viewer, country)[:PROFILE_LIST_LIMIT]),
            "can_edit": access.can_edit_countries(viewer),
        },
    )


@require_safe
def indicator_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "countries/indicator_list.html",
        {
            "indicators": access.indicators_visible_to(Indicator.objects.all(), request.user),
            "can_edit": access.can_edit_countries(request.user),
        },
    )


def _map_values(
    indicator: Indicator, values: list[IndicatorValue]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    if indicator.kind == IndicatorKind.ANSWER:
        keys = {value.country_id: value.answer for value in values}
        legend = [(str(choice.value), str(choice.label)) for choice in Answer]
        return keys, legend
    numbers: dict[str, Decimal] = {}
    for value in values:
        number = value.in_days() if value.in_days() is not None else value.number
        if number is not None:
            numbers[value.country_id] = number
    return charts.numeric_bins(numbers)


@require_safe
def indicator_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An indicator across countries: its definition, its map and the table behind the map."""
    viewer = request.user
    indicator = access.get_indicator_for_user(viewer, slug)
    values = list(
        access.indicator_values_visible_to(
            IndicatorValue.objects.current().filter(indicator=indicator), viewer
        ).select_related("country")
    )
    for value in values:
        value.indicator = indicator
    values.sort(key=lambda value: value.country.name.casefold())
    world = ""
    if indicator.is_mappable and values:
        keys, legend = _map_values(indicator, values)
        world = _cached_svg(
            charts.world_map,
            title=indicator.name,
            values=keys,
            legend=[*legend, ("", _("No value recorded"))],
            links={
                value.country_id: reverse("countries:profile", args=[value.country_id])
                for value in values
            },
            rtl=_rtl(),
            chart_id=f"map-{indicator.slug}",
        )
    return render(
        request,
        "countries/indicator_detail.html",
        {
            "indicator": indicator,
            "values": values,
            "map": world,
            "mappable": [i for i in Indicator.objects.all() if i.is_mappable],
            "can_edit": access.can_edit_countries(viewer),
        },
    )


@require_safe
def world_map(request: HttpRequest) -> HttpResponse:
    """The map of an indicator: the first mappable one unless another is chosen."""
    wanted = request.GET.get("indicator", "")
    indicators = [
        i
        for i in access.indicators_visible_to(Indicator.objects.all(), request.user)
        if i.is_mappable
    ]
    chosen = next(
        (i for i in indicators if i.slug == wanted), indicators[0] if indicators else None
    )
    if chosen is None:
        raise Http404
    return redirect(reverse("countries:indicator", args=[chosen.slug]) + "#map")


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """Two to six countries side by side, indicator by indicator. Countries are added one at a
    time from a list (each addition is a plain GET: it works without JavaScript) or named in the
    address (`?country=MX&country=EC`)."""
    viewer = request.user
    codes: list[str] = []
    for code in request.GET.getlist("country"):
        code = code.strip().upper()
        if code and code not in codes:
            codes.append(code)
    everyone = sorted(
        access.countries_visible_to(Country.objects.all(), viewer),
        key=lambda country: country.name.casefold(),
    )
    found = {country.code: country for country in everyone}
    unknown = [code for code in codes if code not in found]
    problem = note = ""
    if unknown:
        shown = [code[:3] for code in unknown[:6]]
        problem = _("These are not country codes: %(codes)s.") % {"codes": ", ".join(shown)}
    elif len(codes) > MAX_COMPARED:
        problem = ngettext(
            "Compare at most six countries at once: %(count)s was chosen.",
            "Compare at most six countries at once: %(count)s were chosen.",
            len(codes),
        ) % {"count": len(codes)}
    elif len(codes) < MIN_COMPARED:
        note = (
            _("Add one more country to compare.")
            if codes
            else _("Choose two to six countries to compare.")
        )
    countries = [found[code] for code in codes] if not problem else []
    rows: list[tuple[Indicator, list[IndicatorValue | None]]] = []
    if len(countries) >= MIN_COMPARED:
        indicators = list(access.indicators_visible_to(Indicator.objects.all(), viewer))
        by_key = {
            (value.indicator_id, value.country_id): value
            for value in access.indicator_values_visible_to(
                IndicatorValue.objects.current().filter(country__in=countries), viewer
            )
        }
        for indicator in indicators:
            row = [by_key.get((indicator.pk, country.code)) for country in countries]
            for value in row:
                if value is not None:
                    value.indicator = indicator
            rows.append((indicator, row))
    chosen = [
        (country, "&".join(f"country={other.code}" for other in countries if other != country))
        for country in countries
    ]
    return render(
        request,
        "countries/compare.html",
        {
            "problem": problem,
            "note": note,
            "chosen": chosen,
            "countries": countries,
            "rows": rows,
            "addable": [c for c in everyone if c not in countries]
            if len(countries) < MAX_COMPARED
            else [],
        },
        status=400 if problem else 200,
    )


@require_safe
def value_history(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """Every value a country has had for an indicator: what, from which source, when; who
    recorded it is for the editors."""
    viewer = request.user
    country = access.get_country_for_user(viewer, code)
    indicator = access.get_indicator_for_user(viewer, slug)
    values = list(
        access.indicator_values_visible_to(
            IndicatorValue.objects.filter(country=country, indicator=indicator), viewer
        ).select_related("recorded_by")
    )
    for value in values:
        value.indicator = indicator
    return render(
        request,
        "countries/value_history.html",
        {
            "country": country,
            "indicator": indicator,
            "values": values,
            "can_edit": access.can_edit_countries(viewer),
        },
    )


# The editors' pages ----------------------------------------------------------------------------


@access.editor_required
@require_http_methods(["GET", "POST"])
def indicator_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = IndicatorForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        indicator = form.save()
        return reverse("countries:indicator", args=[indicator.slug])

    return form_page(
        request, form, "countries/indicator_form.html", save, _("The indicator is defined.")
    )


@access.editor_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    indicator = access.get_indicator_for_user(request.user, slug)
    form = IndicatorForm(request.POST or None, instance=indicator)

    def save(data: dict[str, Any]) -> str:
        form.save()
        return reverse("countries:indicator", args=[indicator.slug])

    return form_page(
        request,
        form,
        "countries/indicator_form.html",
        save,
        _("The indicator is saved."),
        indicator=indicator,
    )


@access.editor_required
@require_http_methods(["GET", "POST"])
def value_record(request: AuthenticatedHttpRequest, code: str, slug: str) -> HttpResponse:
    country = access.get_country_for_user(request.user, code)
    indicator = access.get_indicator_for_user(request.user, slug)
    current = IndicatorValue.objects.current().filter(country=country, indicator=indicator).first()
    form = ValueForm(request.POST or None, indicator=indicator)

    def save(data: dict[str, Any]) -> str:
        actions.record_value(indicator, country, by=request.user, **data)
        return reverse("countries:profile", args=[country.code]) + f"#indicator-{indicator.slug}"

    return form_page(
        request,
        form,
        "countries/value_form.html",
        save,
        _("The value is recorded; the one before it stays in the history."),
        country=country,
        indicator=indicator,
        current=current,
    )


@access.editor_required
@require_http_methods(["GET", "POST"])
def event_new(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    country = access.get_country_for_user(request.user, code)
    form = EventForm(request.POST or None, initial={"language": translation.get_language()})

    def save(data: dict[str, Any]) -> str:
        actions.record_event(country, by=request.user, **data)
        return reverse("countries:profile", args=[country.code]) + "#timeline"

    return form_page(
        request,
        form,
        "countries/event_form.html",
        save,
        _("The event is on the timeline."),
        country=country,
    )


def _point_page(
    request: AuthenticatedHttpRequest, series: StatisticSeries, point: StatisticPoint
) -> HttpResponse:
    initial = (
        {
            "period": point.period,
            "value": format(point.value.normalize(), "f"),
            "approximate": point.approximate,
            "source_url": point.source_url,
            "note": point.note,
        }
        if point.pk
        else {}
    )
    form = PointForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> str:
        actions.save_point(point, by=request.user, **data)
        return reverse("countries:profile", args=[series.country_id]) + f"#{series.external_id}"

    return form_page(
        request,
        form,
        "countries/point_form.html",
        save,
        _("The point is saved."),
        series=series,
        point=point,
    )


@access.editor_required
@require_http_methods(["GET", "POST"])
def point_new(request: AuthenticatedHttpRequest, series_id: str) -> HttpResponse:
    series = access.get_series_for_user(request.user, series_id)
    return _point_page(request, series, StatisticPoint(series=series))


@access.editor_required
@require_http_methods(["GET", "POST"])
def point_edit(request: AuthenticatedHttpRequest, series_id: str, position: int) -> HttpResponse:
    series = access.get_series_for_user(request.user, series_id)
    point = (
        access.points_visible_to(StatisticPoint.objects.filter(series=series), request.user)
        .filter(position=position)
        .first()
    )
    if point is None:
        raise Http404
    return _point_page(request, series, point)
