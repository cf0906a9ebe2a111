"""The visibility rule (DESIGN.md §9), in one place.

Lists go through `Model.objects.visible_to(user)`, which calls the functions here; single objects
are loaded through the `get_<model>_for_user()` access functions: 404 for whoever may not know the
object exists, 403 for a member who may see it but lacks the role. Every page, API endpoint,
search, export and feed uses these and nothing else.
"""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.accounts.models import User, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest, HttpResponse

    from peerlearning.network.models import Community, Organisation

    Viewer = User | AnonymousUser


def is_administrator(user: "Viewer") -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_member(user: "Viewer") -> bool:
    """Signed in to the network with an active account."""
    return bool(user.is_authenticated and user.is_active)


# People ----------------------------------------------------------------------------------------


def people_visible_to(queryset: "QuerySet[User]", viewer: "Viewer") -> "QuerySet[User]":
    """Hidden profiles never appear, not even in their owner's directory; administrators see all."""
    queryset = queryset.filter(is_active=True)
    if is_administrator(viewer):
        return queryset
    if is_member(viewer):
        return queryset.filter(visibility__in=[Visibility.NETWORK, Visibility.PUBLIC])
    return queryset.filter(visibility=Visibility.PUBLIC)


def get_person_for_user(viewer: "Viewer", uuid: Any) -> User:
    person = people_visible_to(User.objects.all(), viewer).filter(uuid=uuid).first()
    if person is None:
        raise Http404
    return person


def shown_affiliations_q() -> Q:
    """Affiliations that may be shown, and so filtered on: confirmed ones only (a claim shown
    beside a name would lend it the organisation's standing), never one hidden behind a
    pseudonym."""
    from peerlearning.network.models import AffiliationStatus

    return Q(status=AffiliationStatus.CONFIRMED) & (
        Q(person__pseudonym="") | Q(shown_with_pseudonym=True)
    )


# Organisations ---------------------------------------------------------------------------------


def organisations_visible_to(queryset: "QuerySet[Organisation]", viewer: "Viewer"):
    # Organisations are public bodies; who works there is governed by the people rule.
    return queryset


def get_organisation_for_user(viewer: "Viewer", slug: str) -> "Organisation":
    from peerlearning.network.models import Organisation

    organisation = Organisation.objects.visible_to(viewer).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def confirmed_organisations(user: "Viewer") -> "QuerySet[Organisation]":
    """The organisations a person speaks for: those of their confirmed affiliations. A claim
    gives no right; this is the one rule for every right that comes from an organisation
    (requests, offers and matches in its name, delegations, e-mails to it)."""
    from peerlearning.network.models import Affiliation, Organisation

    if not is_member(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=Affiliation.objects.confirmed().filter(person_id=user.pk).values("organisation")
    )


def spokespeople(organisation: "Organisation | int | None") -> "QuerySet[User]":
    """The active people who speak for an organisation (confirmed affiliations): whoever the
    organisation is written to."""
    from peerlearning.network.models import Affiliation

    if organisation is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        pk__in=Affiliation.objects.confirmed().filter(organisation=organisation).values("person"),
    )


def can_review_all_affiliations(user: "Viewer") -> bool:
    """Platform facilitators (the coordinators) and administrators decide any claim."""
    return is_platform_facilitator(user)


def affiliation_claims_to_decide(user: "Viewer") -> "QuerySet[Any]":
    """Claims this person may confirm or decline: every claim for coordinators; for a confirmed
    member of an organisation, the claims on that organisation (not on its parent or its
    departments). Never one's own claim. A claim hidden behind a pseudonym, or made by a person
    whose profile is hidden, only by coordinators: showing it to the organisation would tell it
    who is behind the name, or name someone who chose to be seen by nobody."""
    from peerlearning.network.models import Affiliation

    claims = Affiliation.objects.claimed().exclude(person_id=user.pk)
    if not is_member(user):
        return claims.none()
    if can_review_all_affiliations(user):
        return claims
    return claims.filter(
        Q(person__pseudonym="") | Q(shown_with_pseudonym=True),
        organisation__in=confirmed_organisations(user),
        person__visibility__in=[Visibility.NETWORK, Visibility.PUBLIC],
    )


def can_review_affiliations(user: "Viewer") -> bool:
    """May open the claims page: coordinators, and whoever speaks for an organisation."""
    return can_review_all_affiliations(user) or confirmed_organisations(user).exists()


def can_manage_domains(user: "Viewer", organisation: "Organisation") -> bool:
    """May register and remove an organisation's e-mail domains: its confirmed members (for
    the domain of their own verified address only, checked by the action) and coordinators."""
    return can_review_all_affiliations(user) or speaks_for(user, organisation)


def can_manage_organisations(user: "Viewer") -> bool:
    return is_administrator(user) or bool(
        is_member(user) and (getattr(user, "is_facilitator", False) or facilitates_any(user))
    )


# Communities -----------------------------------------------------------------------------------


def communities_visible_to(queryset: "QuerySet[Community]", viewer: "Viewer"):
    """Listed communities are visible to all; private ones to their members only."""
    from peerlearning.network.models import CommunityVisibility, Membership

    if is_administrator(viewer):
        return queryset
    if not is_member(viewer):
        return queryset.filter(visibility=CommunityVisibility.LISTED)
    membership = Membership.objects.filter(community=OuterRef("pk"), person_id=viewer.pk)
    return queryset.filter(Q(visibility=CommunityVisibility.LISTED) | Q(Exists(membership)))


def community_role(user: "Viewer", community: "Community") -> str | None:
    if not is_member(user):
        return None
    from peerlearning.network.models import Membership

    return (
        Membership.objects.filter(community=community, person_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )


def can_facilitate(user: "Viewer", community: "Community") -> bool:
    from peerlearning.network.models import Role

    return is_administrator(user) or community_role(user, community) == Role.FACILITATOR


def facilitates_any(user: "Viewer") -> bool:
    if not is_member(user):
        return False
    from peerlearning.network.models import Membership, Role

    return Membership.objects.filter(person_id=user.pk, role=Role.FACILITATOR).exists()


def memberships_to_manage(community: "Community") -> "QuerySet[Any]":
    """A community's memberships as its facilitators manage them (the members page, the
    members API's writes): every active member, hidden profiles included — a facilitator must be
    able to change a role or remove a seat. No directory, public page or read API uses this."""
    return community.memberships.filter(person__is_active=True)


def get_community_for_user(viewer: "Viewer", slug: str, *, write: bool = False) -> "Community":
    """404 if the viewer may not know the community exists; 403 if `write` and not a facilitator."""
    from peerlearning.network.models import Community

    community = Community.objects.visible_to(viewer).filter(slug=slug).first()
    if community is None:
        raise Http404
    if write and not can_facilitate(viewer, community):
        raise PermissionDenied(_("Only the community's facilitators can do this."))
    return community


def may_see_community(viewer: "Viewer", community: "Community | None") -> bool:
    from peerlearning.network.models import Community

    return community is not None and (
        communities_visible_to(Community.objects.filter(pk=community.pk), viewer).exists()
    )


def community_name_for(viewer: "Viewer", community: "Community") -> str:
    """A community named through another record (a request, a suggestion, a parent): its name
    for whoever may see it, otherwise a neutral label."""
    return community.name if may_see_community(viewer, community) else _("a private community")


def community_slug_for(viewer: "Viewer", community: "Community | None") -> str | None:
    """A community's slug given through another record: none for whoever may not see it."""
    return community.slug if community and may_see_community(viewer, community) else None


# Exchanges -------------------------------------------------------------------------------------


def may_see_exchange(viewer: "Viewer", exchange: Any) -> bool:
    from peerlearning.exchanges.models import Exchange

    return exchange is not None and (
        exchanges_visible_to(Exchange.objects.filter(pk=exchange.pk), viewer).exists()
    )


def exchange_title_for(viewer: "Viewer", exchange: Any) -> str:
    """An exchange named through another record: its title for whoever may see it, otherwise a
    neutral label."""
    return exchange.title if may_see_exchange(viewer, exchange) else _("a private exchange")


def is_private_exchange(exchange: Any) -> bool:
    """Not for the whole network: held in a private community or for its community or invitees
    only (what a signed-in member outside it may not see)."""
    from peerlearning.exchanges.models import ExchangeVisibility

    return exchange.community.is_private or exchange.visibility not in (
        ExchangeVisibility.PUBLIC,
        ExchangeVisibility.NETWORK,
    )


def exchanges_visible_to(queryset: "QuerySet[Any]", viewer: "Viewer") -> "QuerySet[Any]":
    """Seen where its community is, by its visibility; drafts by its facilitators only."""
    from peerlearning.exchanges.models import (
        ExchangeInvitation,
        ExchangeVisibility,
        Registration,
        Status,
    )
    from peerlearning.network.models import Community, Membership, Role

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
    facilitated = Q(community__in=memberships.filter(role=Role.FACILITATOR).values("community"))
    return queryset.filter(published | facilitated)


def get_exchange_for_user(viewer: "Viewer", slug: str, *, write: bool = False) -> Any:
    """404 if the viewer may not know the exchange exists; 403 if `write` and not a facilitator."""
    from peerlearning.exchanges.models import Exchange

    exchange = (
        Exchange.objects.visible_to(viewer).select_related("community").filter(slug=slug).first()
    )
    if exchange is None:
        raise Http404
    if write and not can_facilitate(viewer, exchange.community):
        raise PermissionDenied(_("Only the facilitators of this exchange can do this."))
    return exchange


def is_participant(user: "Viewer", exchange: Any) -> bool:
    from peerlearning.exchanges.models import Registration, RegistrationStatus

    return (
        is_member(user)
        and Registration.objects.filter(
            exchange=exchange, person_id=user.pk, status=RegistrationStatus.REGISTERED
        ).exists()
    )


def can_see_speakers(user: "Viewer", exchange: Any) -> bool:
    """Under the rule, who speaks is known to those in the room only."""
    if not exchange.is_under_rule:
        return True
    return can_facilitate(user, exchange.community) or is_participant(user, exchange)


def speakers_prefetch(user: "Viewer", exchange: Any) -> Any:
    """The sessions' speakers a viewer may be told of: the facilitators know them all; others
    only those whose profile they may see (a hidden profile is named nowhere)."""
    from django.db.models import Prefetch

    people = User.objects.filter(is_active=True)
    if not can_facilitate(user, exchange.community):
        people = people_visible_to(people, user)
    return Prefetch("speakers", queryset=people)


def can_contribute(user: "Viewer", exchange: Any) -> bool:
    from peerlearning.exchanges.models import Status

    if exchange.status not in (Status.OPEN, Status.CLOSED, Status.HELD):
        return False
    return can_facilitate(user, exchange.community) or is_participant(user, exchange)


def get_report_for_user(viewer: "Viewer", exchange: Any) -> Any:
    """An exchange's report: published, for whoever may see the exchange; a draft, for its
    facilitators; otherwise not found (404)."""
    from peerlearning.exchanges.models import Report

    report = Report.objects.filter(exchange=exchange).first()
    if report is None or (
        report.published_at is None and not can_facilitate(viewer, exchange.community)
    ):
        raise Http404
    return report


def can_read_contributions(user: "Viewer", exchange: Any) -> bool:
    """What was said is for the room (participants and facilitators); once the report of an
    exchange held on the record is out, for whoever may see the exchange."""
    from peerlearning.exchanges.models import Status

    return (
        can_facilitate(user, exchange.community)
        or is_participant(user, exchange)
        or (exchange.status in (Status.REPORTED, Status.ARCHIVED) and not exchange.is_under_rule)
    )


def can_read_outcomes(user: "Viewer", exchange: Any) -> bool:
    """Outcomes (follow-up actions and their owners included) are published with the report;
    before that, they are for those who may read the contributions. The API, the outcomes and
    the community's follow-up board all ask this."""
    from peerlearning.exchanges.models import Report

    published = Report.objects.filter(exchange=exchange, published_at__isnull=False).exists()
    return published or can_read_contributions(user, exchange)


def can_report_contributions(user: "Viewer", exchange: Any) -> bool:
    """Any signed-in reader of the contributions may ask the facilitators to review one."""
    return is_member(user) and can_read_contributions(user, exchange)


def can_moderate_contributions(user: "Viewer", exchange: Any) -> bool:
    """Redacting or hiding a contribution, and reading who reported it: the facilitators."""
    return can_facilitate(user, exchange.community)


# Knowledge base --------------------------------------------------------------------------------


def is_platform_facilitator(user: "Viewer") -> bool:
    """The coalition's staff: the platform's facilitators, and administrators."""
    return is_administrator(user) or bool(
        is_member(user) and getattr(user, "is_facilitator", False)
    )


def is_editor(user: "Viewer") -> bool:
    """The platform's editors (a role of its own, not the coordinators'), and administrators."""
    return is_administrator(user) or bool(is_member(user) and getattr(user, "is_editor", False))


def can_edit_knowledge(user: "Viewer") -> bool:
    """Who reviews and publishes practices, resources, updates and lessons: editors."""
    return is_editor(user)


def editor_required(view: "Callable[..., HttpResponse]") -> "Callable[..., HttpResponse]":
    """A page for editors only (the thesaurus's editing pages): a signed-out visitor is sent to
    sign in, anyone else without the role gets 403 — what the page edits is public, so it is no
    secret that it exists. Two factors are required by TwoFactorRequiredMiddleware."""

    @wraps(view)
    def wrapped(request: "HttpRequest", *args: Any, **kwargs: Any) -> "HttpResponse":
        if not can_edit_knowledge(request.user):
            raise PermissionDenied(_("Only editors of the knowledge base can do this."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def practices_visible_to(queryset: "QuerySet[Any]", viewer: "Viewer") -> "QuerySet[Any]":
    """Published practices are public; drafts and those in review are for editors."""
    from peerlearning.knowledge.models import EditorialStatus

    if can_edit_knowledge(viewer):
        return queryset
    return queryset.filter(status=EditorialStatus.PUBLISHED)


def get_practice_for_user(viewer: "Viewer", external_id: str) -> Any:
    from peerlearning.knowledge.models import Practice

    practice = Practice.objects.visible_to(viewer).filter(external_id=external_id).first()
    if practice is None:
        raise Http404
    return practice


def search_audiences(user: "Viewer") -> list[str]:
    """Which indexed documents a viewer may find (SearchDocument.audience)."""
    from peerlearning.network.models import Community, CommunityVisibility

    audiences = ["public"]
    if can_edit_knowledge(user):
        audiences.append("editors")
    # Listed communities' items are indexed as public; private ones by community.
    private = communities_visible_to(Community.objects.all(), user).filter(
        visibility=CommunityVisibility.PRIVATE
    )
    audiences += [f"community:{pk}" for pk in private.values_list("pk", flat=True)]
    return audiences


def lessons_visible_to(queryset: "QuerySet[Any]", viewer: "Viewer") -> "QuerySet[Any]":
    """A lesson is seen by whoever may see the exchange or practice it came from."""
    from peerlearning.exchanges.models import Exchange
    from peerlearning.knowledge.models import Practice

    exchanges = Exchange.objects.visible_to(viewer)
    practices = Practice.objects.visible_to(viewer)
    return queryset.filter(
        (Q(exchange__isnull=True) | Q(exchange__in=exchanges))
        & (Q(practice__isnull=True) | Q(practice__in=practices))
    )


def lesson_audience(lesson: Any) -> str:
    """Who may find a lesson in search: everyone if an anonymous visitor may see its source;
    otherwise nobody ("hidden" is in no one's audiences) — the lessons page still shows it to
    those who may see its source."""
    from django.contrib.auth.models import AnonymousUser

    from peerlearning.knowledge.models import Lesson

    visible = lessons_visible_to(Lesson.objects.filter(pk=lesson.pk), AnonymousUser()).exists()
    return "public" if visible else "hidden"


def practice_audience(practice: Any) -> str:
    """Who may find a practice in search: everyone once published; editors before."""
    from peerlearning.knowledge.models import EditorialStatus

    return "public" if practice.status == EditorialStatus.PUBLISHED else "editors"


def update_audience(update: Any) -> str:
    """Who may find an update: as Update.visible_to shows it — nobody while unpublished (no
    page shows it then), a private community's members, or everyone."""
    if not update.is_published:
        return "hidden"
    if update.community is not None and update.community.is_private:
        return f"community:{update.community_id}"
    return "public"


def resource_audience(resource: Any) -> str:
    """Published resources for everyone; drafts and withdrawn testimonies for editors."""
    from peerlearning.knowledge.models import EditorialStatus

    visible = resource.status == EditorialStatus.PUBLISHED and resource.consent_withdrawn_at is None
    return "public" if visible else "editors"


def resources_visible_to(queryset: "QuerySet[Any]", viewer: "Viewer") -> "QuerySet[Any]":
    """Published resources are public; a testimony whose consent was withdrawn is for editors
    only, at once; drafts are for editors."""
    from peerlearning.knowledge.models import EditorialStatus

    if can_edit_knowledge(viewer):
        return queryset
    return queryset.filter(status=EditorialStatus.PUBLISHED, consent_withdrawn_at__isnull=True)


def get_resource_for_user(viewer: "Viewer", slug: str) -> Any:
    from peerlearning.knowledge.models import Resource

    resource = Resource.objects.visible_to(viewer).filter(slug=slug).first()
    if resource is None:
        raise Http404
    return resource


# Support and peers -----------------------------------------------------------------------------


def can_coordinate_support(user: "Viewer") -> bool:
    """Coordinators, who propose matches and act on peer suggestions: the platform's
    facilitators and administrators."""
    return is_platform_facilitator(user)


def speaks_for(user: "Viewer", organisation: "Organisation | None") -> bool:
    """May make requests and offers in the organisation's name: people whose affiliation with
    it is confirmed (see `confirmed_organisations`)."""
    if organisation is None or not is_member(user):
        return False
    return confirmed_organisations(user).filter(pk=organisation.pk).exists()


def _request_party_filter(viewer: "Viewer") -> Q:
    from peerlearning.network.models import Affiliation, Membership, Role

    affiliated = Affiliation.objects.confirmed().filter(
        person_id=viewer.pk, organisation=OuterRef("organisation")
    )
    facilitating = Membership.objects.filter(
        person_id=viewer.pk, community=OuterRef("community"), role=Role.FACILITATOR
    )
    return Q(requested_by_id=viewer.pk) | Q(Exists(affiliated)) | Q(Exists(facilitating))


def _offer_party_filter(viewer: "Viewer", prefix: str = "") -> Q:
    from peerlearning.network.models import Affiliation

    affiliated = Affiliation.objects.confirmed().filter(
        person_id=viewer.pk, organisation=OuterRef(f"{prefix}organisation")
    )
    return (
        Q(**{f"{prefix}offered_by_id": viewer.pk})
        | Q(**{f"{prefix}expert_id": viewer.pk})
        | Q(Exists(affiliated))
    )


def support_requests_visible_to(queryset: "QuerySet[Any]", viewer: "Viewer") -> "QuerySet[Any]":
    """Requests are for signed-in members: network ones for all of them, community ones for the
    community's members, private ones for those making them (and people of the requesting
    organisation, and the community's facilitators); coordinators see all."""
    from peerlearning.network.models import Membership
    from peerlearning.support.models import SupportVisibility

    if not is_member(viewer):
        return queryset.none()
    if can_coordinate_support(viewer):
        return queryset
    member = Membership.objects.filter(person_id=viewer.pk, community=OuterRef("community"))
    return queryset.filter(
        Q(visibility=SupportVisibility.NETWORK)
        | Q(visibility=SupportVisibility.COMMUNITY, community__isnull=False) & Q(Exists(member))
        | _request_party_filter(viewer)
    )


def support_requests_of(queryset: "QuerySet[Any]", user: "Viewer") -> "QuerySet[Any]":
    """The requests this person makes (or speaks for, through their organisation or as the
    community's facilitator)."""
    return queryset.filter(_request_party_filter(user)) if is_member(user) else queryset.none()


def support_offers_of(queryset: "QuerySet[Any]", user: "Viewer") -> "QuerySet[Any]":
    return queryset.filter(_offer_party_filter(user)) if is_member(user) else queryset.none()


def _uuid(value: Any) -> uuid.UUID:
    """An identifier from a form or a URL; anything that is not one is simply not found."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def get_support_request_for_user(viewer: "Viewer", uuid: Any) -> Any:
    from peerlearning.support.models import SupportRequest

    request = SupportRequest.objects.visible_to(viewer).filter(uuid=_uuid(uuid)).first()
    if request is None:
        raise Http404
    return request


def is_request_party(user: "Viewer", request: Any) -> bool:
    from peerlearning.support.models import SupportRequest

    if not is_member(user):
        return False
    return SupportRequest.objects.filter(pk=request.pk).filter(_request_party_filter(user)).exists()


def support_offers_visible_to(queryset: "QuerySet[Any]", viewer: "Viewer") -> "QuerySet[Any]":
    """Offers are for signed-in members; an expert's offer only while the expert's profile is
    visible to the network; one's own offers always; coordinators see all."""
    if not is_member(viewer):
        return queryset.none()
    if can_coordinate_support(viewer):
        return queryset
    return queryset.filter(
        Q(expert__isnull=True) | Q(expert__visibility__in=[Visibility.NETWORK, Visibility.PUBLIC])
    ) | queryset.filter(_offer_party_filter(viewer))


def get_support_offer_for_user(viewer: "Viewer", uuid: Any) -> Any:
    from peerlearning.support.models import SupportOffer

    offer = SupportOffer.objects.visible_to(viewer).filter(uuid=_uuid(uuid)).first()
    if offer is None:
        raise Http404
    return offer


def is_offer_party(user: "Viewer", offer: Any) -> bool:
    from peerlearning.support.models import SupportOffer

    if not is_member(user):
        return False
    return SupportOffer.objects.filter(pk=offer.pk).filter(_offer_party_filter(user)).exists()


def matches_awaiting(queryset: "QuerySet[Any]", user: "Viewer") -> "QuerySet[Any]":
    """Proposed matches waiting for this person's answer, on a side they belong to."""
    from peerlearning.support.models import Decision, MatchStatus, SupportRequest

    if not is_member(user):
        return queryset.none()
    requests = SupportRequest.objects.filter(_request_party_filter(user))
    return queryset.filter(status=MatchStatus.PROPOSED).filter(
        Q(request__in=requests, requester_decision=Decision.PENDING)
        | _offer_party_filter(user, "offer__") & Q(offerer_decision=Decision.PENDING)
    )


def matches_visible_to(queryset: "QuerySet[Any]", viewer: "Viewer") -> "QuerySet[Any]":
    """A match is between its two sides and the coordinators."""
    from peerlearning.support.models import SupportRequest

    if not is_member(viewer):
        return queryset.none()
    if can_coordinate_support(viewer):
        return queryset
    requests = SupportRequest.objects.filter(_request_party_filter(viewer))
    return queryset.filter(Q(request__in=requests) | _offer_party_filter(viewer, "offer__"))


def get_match_for_user(viewer: "Viewer", uuid: Any) -> Any:
    from peerlearning.support.models import Match

    match = matches_visible_to(Match.objects.all(), viewer).filter(uuid=_uuid(uuid)).first()
    if match is None:
        raise Http404
    return match
