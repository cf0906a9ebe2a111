"""Countries and progress: indicators, their values, statistics and timelines are public (they
are sourced facts); the editors record them. What a profile gathers from other apps goes through
those apps' rules, and never says who took part in an exchange under the rule: a country appears
beside an exchange only as one of its hosts, as the exchange page names them."""

from django.db.models import Q, QuerySet
from django.http import Http404

from peerlearning.access.exchanges import exchanges_visible_to
from peerlearning.access.knowledge import practices_visible_to
from peerlearning.access.roles import Viewer, can_edit_knowledge
from peerlearning.access.support import support_offers_visible_to, support_requests_visible_to
from peerlearning.countries.models import (
    CountryEvent,
    Indicator,
    IndicatorValue,
    StatisticPoint,
    StatisticSeries,
)
from peerlearning.exchanges.models import Exchange, Status
from peerlearning.knowledge.models import Practice
from peerlearning.network.models import Country
from peerlearning.support.models import SupportOffer, SupportRequest


def can_edit_countries(viewer: Viewer) -> bool:
    """Who defines indicators and records values, statistics and timeline events: the editors
    (and administrators), with two factors (required of the role by the middleware)."""
    return can_edit_knowledge(viewer)


def countries_visible_to[QS: QuerySet[Country]](queryset: QS, viewer: Viewer) -> QS:
    """Every country has a public profile."""
    return queryset


def get_country_for_user(viewer: Viewer, code: str) -> Country:
    country = (
        countries_visible_to(Country.objects.all(), viewer).filter(code=code.upper()).first()
        if len(code) == 2
        else None
    )
    if country is None:
        raise Http404
    return country


def indicators_visible_to[QS: QuerySet[Indicator]](queryset: QS, viewer: Viewer) -> QS:
    return queryset


def get_indicator_for_user(viewer: Viewer, slug: str) -> Indicator:
    indicator = indicators_visible_to(Indicator.objects.all(), viewer).filter(slug=slug).first()
    if indicator is None:
        raise Http404
    return indicator


def indicator_values_visible_to[QS: QuerySet[IndicatorValue]](queryset: QS, viewer: Viewer) -> QS:
    """Values and their history, with their sources, are public; who recorded a value is shown
    to the editors only (a page shows `recorded_by` only when `can_edit_countries`)."""
    return queryset


def series_visible_to[QS: QuerySet[StatisticSeries]](queryset: QS, viewer: Viewer) -> QS:
    return queryset


def points_visible_to[QS: QuerySet[StatisticPoint]](queryset: QS, viewer: Viewer) -> QS:
    return queryset


def get_series_for_user(viewer: Viewer, external_id: str) -> StatisticSeries:
    series = (
        series_visible_to(StatisticSeries.objects.all(), viewer)
        .select_related("country")
        .filter(external_id=external_id)
        .first()
    )
    if series is None:
        raise Http404
    return series


def events_visible_to[QS: QuerySet[CountryEvent]](queryset: QS, viewer: Viewer) -> QS:
    return queryset


def practices_of_country(viewer: Viewer, country: Country) -> QuerySet[Practice]:
    """The practices of this country the viewer may read (published ones, for most)."""
    return practices_visible_to(Practice.objects.filter(countries=country), viewer)


def exchanges_hosted_by(viewer: Viewer, country: Country) -> QuerySet[Exchange]:
    """Exchanges a government of this country hosted, as the viewer may see them; never those
    it only took part in (a participant's country would tell who was in the room)."""
    hosted = Exchange.objects.filter(host_governments__countries=country).exclude(
        status=Status.DRAFT
    )
    return exchanges_visible_to(hosted, viewer).distinct()


def support_asked_by(viewer: Viewer, country: Country) -> QuerySet[SupportRequest]:
    """Support requests for this country that the viewer may see, except those made from an
    exchange's support need (even once its outcome is gone): listed under a country, such a
    request would say that the country raised it in the room."""
    return support_requests_visible_to(
        SupportRequest.objects.filter(countries=country, raised_at_exchange=False), viewer
    ).distinct()


def support_given_by(viewer: Viewer, country: Country) -> QuerySet[SupportOffer]:
    """Offers of support by organisations of this country, as the viewer may see them."""
    return support_offers_visible_to(
        SupportOffer.objects.filter(Q(organisation__countries=country), active=True), viewer
    ).distinct()
