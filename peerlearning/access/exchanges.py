"""Exchanges: seen where their community is, by their visibility; who is in the room, who
reads what was said, who moderates it."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.access.communities import MembersOnly, communities_visible_to, may_ask_to_join
from peerlearning.access.people import people_visible_to
from peerlearning.access.roles import (
    FACILITATING_ROLES,
    Viewer,
    can_edit_knowledge,
    can_facilitate,
    is_administrator,
    is_member,
)
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import (
    Exchange,
    ExchangeInvitation,
    ExchangeVisibility,
    Registration,
    RegistrationStatus,
    Report,
    Rule,
    Status,
)
from peerlearning.network.models import Community, Membership

# Fewer answers than this are never shown one by one or as a count that could name someone
# (survey texts, small numbers in reports).
SMALL_GROUP = 5


def may_see_exchange(viewer: Viewer, exchange: Exchange | None) -> bool:
    return exchange is not None and (
        exchanges_visible_to(Exchange.objects.filter(pk=exchange.pk), viewer).exists()
    )


def exchange_title_for(viewer: Viewer, exchange: Exchange) -> str:
    """An exchange named through another record: its title for whoever may see it, otherwise a
    neutral label."""
    return exchange.title if may_see_exchange(viewer, exchange) else _("a private exchange")


def is_private_exchange(exchange: Exchange) -> bool:
    """Not for the whole network: held in a private community or for its community or invitees
    only (what a signed-in member outside it may not see)."""
    return exchange.community.is_private or exchange.visibility not in (
        ExchangeVisibility.PUBLIC,
        ExchangeVisibility.NETWORK,
    )


def exchanges_visible_to[QS: QuerySet[Exchange]](queryset: QS, viewer: Viewer) -> QS:
    """Seen where its community is, by its visibility; drafts by its facilitators only."""
    if is_administrator(viewer):
        return queryset
    queryset = queryset.filter(
        community__in=communities_visible_to(Community.objects.all(), viewer)
    )
    if not is_member(viewer):
        return queryset.filter(visibility=ExchangeVisibility.PUBLIC).exclude(status=Status.DRAFT)
    memberships = Membership.objects.filter(person_id=viewer.pk)
    published = ~Q(status=Status.DRAFT) & (
        Q(visibility__in=[ExchangeVisibility.PUBLIC, ExchangeVisibility.NETWORK])
        | Q(visibility=ExchangeVisibility.COMMUNITY, community__in=memberships.values("community"))
        | Q(pk__in=ExchangeInvitation.objects.filter(person_id=viewer.pk).values("exchange"))
        | Q(pk__in=Registration.objects.filter(person_id=viewer.pk).values("exchange"))
    )
    facilitated = Q(
        community__in=memberships.filter(role__in=FACILITATING_ROLES).values("community")
    )
    return queryset.filter(published | facilitated)


def get_exchange_for_user(viewer: Viewer, slug: str, *, write: bool = False) -> Exchange:
    """404 if the viewer may not know the exchange exists; 403 if `write` and not a facilitator."""
    exchange = (
        exchanges_visible_to(Exchange.objects.all(), viewer)
        .select_related("community")
        .filter(slug=slug)
        .first()
    )
    if exchange is None:
        _refuse_hidden_exchange(viewer, slug)
        raise Http404
    if write and not can_facilitate(viewer, exchange.community):
        raise PermissionDenied(_("Only the facilitators of this exchange can do this."))
    return exchange


def can_translate_exchange(viewer: Viewer, exchange: Exchange) -> bool:
    """Translating an exchange, its agenda and its report: the knowledge base's editors and the
    facilitators of the exchange's community."""
    return can_edit_knowledge(viewer) or can_facilitate(viewer, exchange.community)


def get_exchange_to_translate(viewer: Viewer, slug: str) -> Exchange:
    """404 if the viewer may not know the exchange exists; 403 for whoever may see it but is
    neither an editor nor one of its community's facilitators."""
    exchange = get_exchange_for_user(viewer, slug)
    if not can_translate_exchange(viewer, exchange):
        raise PermissionDenied(
            _("Only editors and the facilitators of this exchange can translate it.")
        )
    return exchange


def _refuse_hidden_exchange(viewer: Viewer, slug: str) -> None:
    """A published exchange for its community's members, in a community the viewer may know
    about: a way to ask to join (`MembersOnly`). Drafts and exchanges for invitees only stay
    404 for them, as everything for whoever may not know the community exists."""
    exchange = (
        Exchange.objects.filter(
            slug=slug,
            visibility=ExchangeVisibility.COMMUNITY,
            community__in=communities_visible_to(Community.objects.all(), viewer),
        )
        .exclude(status=Status.DRAFT)
        .select_related("community")
        .first()
    )
    if exchange is not None and may_ask_to_join(viewer, exchange.community):
        raise MembersOnly(exchange.community)


def is_participant(user: Viewer, exchange: Exchange) -> bool:
    return (
        is_member(user)
        and Registration.objects.filter(
            exchange=exchange, person_id=user.pk, status=RegistrationStatus.REGISTERED
        ).exists()
    )


def can_see_speakers(user: Viewer, exchange: Exchange) -> bool:
    """Under the rule, who speaks is known to those in the room only."""
    if not exchange.is_under_rule:
        return True
    return can_facilitate(user, exchange.community) or is_participant(user, exchange)


def speakers_prefetch(user: Viewer, exchange: Exchange) -> Prefetch:
    """The sessions' speakers a viewer may be told of: the facilitators know them all; others
    only those whose profile they may see (a hidden profile is named nowhere)."""
    people = User.objects.filter(is_active=True)
    if not can_facilitate(user, exchange.community):
        people = people_visible_to(people, user)
    return Prefetch("speakers", queryset=people)


def can_contribute(user: Viewer, exchange: Exchange) -> bool:
    if exchange.status not in (Status.OPEN, Status.CLOSED, Status.HELD):
        return False
    return can_facilitate(user, exchange.community) or is_participant(user, exchange)


def get_report_for_user(viewer: Viewer, exchange: Exchange) -> Report:
    """An exchange's report: published, for whoever may see the exchange; a draft, for its
    facilitators; otherwise not found (404)."""
    report = Report.objects.filter(exchange=exchange).first()
    if report is None or (
        report.published_at is None and not can_facilitate(viewer, exchange.community)
    ):
        raise Http404
    return report


def reports_visible_to[QS: QuerySet[Report]](queryset: QS, viewer: Viewer) -> QS:
    """Every list of reports (feeds, notifications): the published reports of the exchanges the
    viewer may see. A draft is read on its own page, by its facilitators (`get_report_for_user`)."""
    return queryset.filter(
        published_at__isnull=False,
        exchange__in=exchanges_visible_to(Exchange.objects.all(), viewer).values("pk"),
    )


def can_read_contributions(user: Viewer, exchange: Exchange) -> bool:
    """What was said is for the room (participants and facilitators); once the report of an
    exchange held on the record is out, for whoever may see the exchange."""
    return (
        can_facilitate(user, exchange.community)
        or is_participant(user, exchange)
        or (exchange.status in (Status.REPORTED, Status.ARCHIVED) and not exchange.is_under_rule)
    )


def can_read_outcomes(user: Viewer, exchange: Exchange) -> bool:
    """Outcomes (follow-up actions and their owners included) are published with the report;
    before that, they are for those who may read the contributions. The API, the outcomes and
    the community's follow-up board all ask this."""
    published = Report.objects.filter(exchange=exchange, published_at__isnull=False).exists()
    return published or can_read_contributions(user, exchange)


def with_readable_outcomes(exchanges: QuerySet[Exchange], user: Viewer) -> QuerySet[Exchange]:
    """The list form of `can_read_outcomes`, in one query whatever the number of exchanges:
    those whose report is published, and those whose contributions the viewer may read."""
    if is_administrator(user):
        return exchanges
    readable = Q(report__published_at__isnull=False) | (
        Q(status__in=[Status.REPORTED, Status.ARCHIVED]) & Q(rule=Rule.OPEN)
    )
    if is_member(user):
        facilitated = Membership.objects.filter(person_id=user.pk, role__in=FACILITATING_ROLES)
        readable |= Q(community__in=facilitated.values("community"))
        readable |= Q(
            registrations__person_id=user.pk, registrations__status=RegistrationStatus.REGISTERED
        )
    return exchanges.filter(readable).distinct()


def can_report_contributions(user: Viewer, exchange: Exchange) -> bool:
    """Any signed-in reader of the contributions may ask the facilitators to review one."""
    return is_member(user) and can_read_contributions(user, exchange)


def can_moderate_contributions(user: Viewer, exchange: Exchange) -> bool:
    """Redacting or hiding a contribution, and reading who reported it: the facilitators."""
    return can_facilitate(user, exchange.community)
