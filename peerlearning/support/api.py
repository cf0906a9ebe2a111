"""API for support requests, offers and matches: the same visibility rule and actions as the
pages. Refusals answer 4xx with {"error": reason}."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerlearning import access
from peerlearning.accounts.models import language_choices
from peerlearning.api import WRITE_AUTH, acting_user, viewer
from peerlearning.knowledge import reading
from peerlearning.knowledge.models import Concept
from peerlearning.lib.pagination import Page
from peerlearning.network.api import context_viewer
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Country, Organisation
from peerlearning.support import actions, matching
from peerlearning.support.models import (
    Match,
    SupportKind,
    SupportOffer,
    SupportRequest,
    SupportVisibility,
    Urgency,
)

router = Router(tags=["support"])


class RequestOut(Schema):
    uuid: UUID
    title: str
    description: str
    kind: str
    topics: list[str]
    languages: list[str]
    urgency: str
    countries: list[str]
    region: str
    organisation: str | None
    community: str | None
    from_exchange_outcome: bool
    visibility: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_topics(obj: SupportRequest) -> list[str]:
        return [concept.slug for concept in obj.concepts.all()]

    @staticmethod
    def resolve_countries(obj: SupportRequest) -> list[str]:
        return [country.code for country in obj.countries.all()]

    @staticmethod
    def resolve_organisation(obj: SupportRequest) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_community(obj: SupportRequest, context: dict[str, Any]) -> str | None:
        return access.community_slug_for(context_viewer(context), obj.community)

    @staticmethod
    def resolve_from_exchange_outcome(obj: SupportRequest) -> bool:
        return obj.outcome_id is not None


class RequestIn(Schema):
    title: str
    description: str
    kind: SupportKind
    topics: list[str]
    languages: list[str]
    urgency: Urgency = Urgency.MEDIUM
    countries: list[str] = []
    region: ProgrammeRegion | None = None
    organisation: str | None = None
    visibility: SupportVisibility = SupportVisibility.NETWORK


class OfferOut(Schema):
    uuid: UUID
    title: str
    description: str
    kinds: list[str]
    topics: list[str]
    languages: list[str]
    regions: list[str]
    availability: str
    capacity: int
    organisation: str | None
    expert: str | None
    active: bool

    @staticmethod
    def resolve_topics(obj: SupportOffer) -> list[str]:
        return [concept.slug for concept in obj.concepts.all()]

    @staticmethod
    def resolve_organisation(obj: SupportOffer) -> str | None:
        return obj.organisation.slug if obj.organisation else None

    @staticmethod
    def resolve_expert(obj: SupportOffer) -> str | None:
        return obj.expert.public_name if obj.expert else None


class OfferIn(Schema):
    title: str
    description: str = ""
    kinds: list[SupportKind]
    topics: list[str]
    languages: list[str]
    regions: list[ProgrammeRegion] = []
    availability: str = ""
    capacity: int = 1
    organisation: str | None = None


Strength = Literal["strong", "good", "weak"]


def strength_of(score: int) -> Strength:
    """The score's strength as a code (the pages say it in words)."""
    if score >= matching.STRONG:
        return "strong"
    if score >= matching.GOOD:
        return "good"
    return "weak"


class RankedOffer(Schema):
    offer: OfferOut
    score: int = Field(description="0–100: how well the offer meets the request.")
    strength: Strength = Field(
        description=(
            f"strong from {matching.STRONG}, good from {matching.GOOD}, weak below: "
            "only good and strong offers are worth proposing."
        )
    )
    good: bool = Field(description=f"The score is {matching.GOOD} or more: worth proposing.")
    reasons: list[str]


class TopicsIn(Schema):
    title: str = Field("", max_length=250)
    description: str = Field("", max_length=5000)
    language: str = Field(
        "", description="The language the text is written in; the reader's language if empty."
    )


class TopicOut(Schema):
    slug: str
    label: str = Field(description="In the reader's language.")


class MatchOut(Schema):
    uuid: UUID
    request: UUID
    offer: UUID
    score: int
    reasons: list[str]
    status: str
    requester_decision: str
    offerer_decision: str
    outcome: str

    @staticmethod
    def resolve_request(obj: Match) -> UUID:
        return obj.request.uuid

    @staticmethod
    def resolve_offer(obj: Match) -> UUID:
        return obj.offer.uuid

    @staticmethod
    def resolve_reasons(obj: Match) -> list[str]:
        return matching.describe(obj.reasons, translation.get_language() or "en")


class MatchIn(Schema):
    request: UUID
    offer: UUID


class AnswerIn(Schema):
    accept: bool
    reason: str = ""


def _concepts(slugs: list[str]) -> list[Concept]:
    concepts = list(Concept.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {concept.slug for concept in concepts})
    if unknown:
        raise HttpError(400, _("Unknown topics: %(topics)s.") % {"topics": ", ".join(unknown)})
    return concepts


def _organisation(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    organisation = (
        access.organisations_visible_to(Organisation.objects.all(), AnonymousUser())
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise HttpError(400, _("No organisation has this slug."))
    return organisation


def _one(queryset: Any, uuid: UUID) -> Any:
    """The item of a visible queryset with this uuid; 404 whether it is missing or hidden."""
    found = queryset.filter(uuid=uuid).first()
    if found is None:
        raise HttpError(404, _("Not found."))
    return found


def _requests(request: HttpRequest) -> Any:
    return (
        access.support_requests_visible_to(SupportRequest.objects.all(), viewer(request))
        .select_related("organisation", "community")
        .prefetch_related("concepts", "countries")
    )


@router.get("/support/requests", response=list[RequestOut])
@paginate(Page)
def list_requests(request: HttpRequest) -> Any:
    return _requests(request)


@router.get("/support/requests/{uuid}", response=RequestOut)
def get_request(request: HttpRequest, uuid: UUID) -> Any:
    return _one(_requests(request), uuid)


@router.post("/support/requests", response={201: RequestOut}, auth=WRITE_AUTH)
def create_request(request: HttpRequest, data: RequestIn) -> Status[SupportRequest]:
    user = acting_user(request)
    countries = list(Country.objects.filter(code__in=[c.upper() for c in data.countries]))
    if len(countries) != len(set(data.countries)):
        raise HttpError(400, _("Unknown country codes: use ISO codes such as MX, TH, LY."))
    try:
        created = actions.create_request(
            by=user,
            concepts=_concepts(data.topics),
            countries=countries,
            organisation=_organisation(data.organisation),
            title=data.title,
            description=data.description,
            kind=data.kind,
            languages=data.languages,
            urgency=data.urgency,
            region=data.region or "",
            visibility=data.visibility,
        )
    except actions.SupportError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _requests(request).get(pk=created.pk))


@router.get("/support/requests/{uuid}/offers", response=list[RankedOffer])
def ranked_offers(request: HttpRequest, uuid: UUID) -> list[dict[str, Any]]:
    user = viewer(request)
    found = access.get_support_request_for_user(user, uuid)
    if not access.can_coordinate_support(user):
        raise HttpError(403, _("Only coordinators can see the ranking."))
    # Offers already proposed for this request are left out, as on the request's page.
    ranked = matching.offers_with_reasons(
        found,
        access.support_offers_visible_to(SupportOffer.objects.all(), user),
        translation.get_language() or "en",
    )
    return [
        {
            "offer": item.object,
            "score": item.score,
            "strength": strength_of(item.score),
            "good": item.score >= matching.GOOD,
            "reasons": item.reasons,
        }
        for item in ranked
    ]


@router.post("/support/topics/suggest", response=list[TopicOut], auth=WRITE_AUTH)
def suggest_topics(request: HttpRequest, data: TopicsIn) -> list[dict[str, str]]:
    """The thesaurus concepts a request's or an offer's title and description name, the most
    named first: the topics the forms suggest, to confirm or change. Nothing is saved."""
    user = acting_user(request)
    reader = translation.get_language() or "en"
    language = (data.language or reader).split("-")[0]
    if language not in {code for code, _name in language_choices()}:
        raise HttpError(400, _("Unknown language: use a code such as en, es, fr or ar."))
    if not (data.title.strip() or data.description.strip()):
        raise HttpError(400, _("Send a title or a description to suggest topics from."))
    visible = set(
        access.concepts_visible_to(Concept.objects.all(), user).values_list("pk", flat=True)
    )
    return [
        {"slug": concept.slug, "label": concept.label(reader)}
        for concept in reading.suggest_topics(data.title, data.description, language)
        if concept.pk in visible
    ]


def _offers(request: HttpRequest) -> Any:
    return (
        access.support_offers_visible_to(SupportOffer.objects.all(), viewer(request))
        .select_related("organisation", "expert")
        .prefetch_related("concepts")
    )


@router.get("/support/offers", response=list[OfferOut])
@paginate(Page)
def list_offers(request: HttpRequest) -> Any:
    return _offers(request).filter(active=True)


@router.get("/support/offers/{uuid}", response=OfferOut)
def get_offer(request: HttpRequest, uuid: UUID) -> Any:
    return _one(_offers(request), uuid)


@router.post("/support/offers", response={201: OfferOut}, auth=WRITE_AUTH)
def create_offer(request: HttpRequest, data: OfferIn) -> Status[SupportOffer]:
    user = acting_user(request)
    organisation = _organisation(data.organisation)
    if not 1 <= data.capacity <= 100:
        raise HttpError(400, _("Capacity is between 1 and 100 requests."))
    try:
        offer = actions.create_offer(
            by=user,
            concepts=_concepts(data.topics),
            organisation=organisation,
            as_expert=organisation is None,
            title=data.title,
            description=data.description,
            kinds=[str(kind) for kind in data.kinds],
            languages=data.languages,
            regions=[str(region) for region in data.regions],
            availability=data.availability,
            capacity=data.capacity,
        )
    except actions.SupportError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _offers(request).get(pk=offer.pk))


def _matches(request: HttpRequest) -> Any:
    return access.matches_visible_to(Match.objects.all(), viewer(request)).select_related(
        "request", "offer"
    )


@router.get("/support/matches", response=list[MatchOut])
@paginate(Page)
def list_matches(request: HttpRequest) -> Any:
    return _matches(request)


@router.get("/support/matches/{uuid}", response=MatchOut)
def get_match(request: HttpRequest, uuid: UUID) -> Any:
    return _one(_matches(request), uuid)


@router.post("/support/matches", response={201: MatchOut}, auth=WRITE_AUTH)
def propose(request: HttpRequest, data: MatchIn) -> Status[Match]:
    user = acting_user(request)
    if not access.can_coordinate_support(user):
        raise HttpError(403, _("Only coordinators can propose a match."))
    found = access.get_support_request_for_user(user, data.request)
    offer = access.get_support_offer_for_user(user, data.offer)
    try:
        match = actions.propose_match(found, offer, by=user)
    except actions.SupportError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, match)


@router.post("/support/matches/{uuid}/answer", response=MatchOut, auth=WRITE_AUTH)
def answer(request: HttpRequest, uuid: UUID, data: AnswerIn) -> Match:
    user = acting_user(request)
    match = access.get_match_for_user(user, uuid)
    if not actions.sides_of(user, match):
        raise HttpError(403, _("Only the two sides of a match can answer it."))
    try:
        return actions.answer_match(match, by=user, accept=data.accept, reason=data.reason)
    except actions.SupportError as error:
        raise HttpError(400, str(error)) from None
