"""API for organisations, communities, members and people, under the one visibility rule."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerlearning import access
from peerlearning.accounts.actions import AccountError
from peerlearning.accounts.models import User
from peerlearning.api import WRITE_AUTH, acting_user, viewer
from peerlearning.lib.pagination import Page
from peerlearning.network import actions
from peerlearning.network.geography import countries_in
from peerlearning.network.models import (
    Affiliation,
    Community,
    Country,
    Level,
    Membership,
    Organisation,
    OrganisationMembership,
    Role,
    StakeholderType,
)
from peerlearning.network.queries import filter_people

router = Router(tags=["network"])


def context_viewer(context: dict[str, Any]) -> Any:
    """Who is reading, from a schema resolver's context (a related record's name is shown only
    to whoever may see it); worked out once a request."""
    request = context["request"]
    if not hasattr(request, "_name_viewer"):
        request._name_viewer = viewer(request)
    return request._name_viewer


# Schemas ---------------------------------------------------------------------------------------


class OrganisationOut(Schema):
    slug: str
    name: str
    acronym: str
    stakeholder_type: StakeholderType
    countries: list[str]
    parent: str | None
    website: str
    coalition_member: bool

    @staticmethod
    def resolve_countries(obj: Organisation) -> list[str]:
        return [country.code for country in obj.countries.all()]

    @staticmethod
    def resolve_parent(obj: Organisation) -> str | None:
        return obj.parent.slug if obj.parent_id and obj.parent else None

    @staticmethod
    def resolve_name(obj: Organisation) -> str:
        return obj.display_name

    @staticmethod
    def resolve_coalition_member(obj: Organisation) -> bool:
        return obj.is_coalition_member


class OrganisationIn(Schema):
    name: str = Field(min_length=2, max_length=250)
    slug: str = Field(pattern=r"^[a-z0-9-]{2,120}$")
    acronym: str = Field("", max_length=30)
    stakeholder_type: StakeholderType
    countries: list[str] = []
    website: str = Field("", max_length=200)
    coalition_member: bool = False


class AffiliationOut(Schema):
    organisation: str
    title: str

    @staticmethod
    def resolve_organisation(obj: Affiliation) -> str:
        return obj.organisation.slug


class PersonOut(Schema):
    uuid: UUID
    name: str
    country: str
    languages: list[str]
    expertise: list[str]
    offers_expertise: bool
    availability: str
    affiliations: list[AffiliationOut]

    @staticmethod
    def resolve_name(obj: User) -> str:
        return obj.public_name

    @staticmethod
    def resolve_affiliations(obj: User) -> list[Affiliation]:
        return list(getattr(obj, "shown_affiliations", []))


class CommunityOut(Schema):
    slug: str
    name: str
    purpose: str
    language: str  # of the name and purpose
    level: Level
    visibility: str
    since: str
    countries: list[str]
    regions: list[str]
    themes: list[str]
    parent: str | None
    co_leads: list[str]

    @staticmethod
    def resolve_countries(obj: Community) -> list[str]:
        return [country.code for country in obj.countries.all()]

    @staticmethod
    def resolve_parent(obj: Community, context: dict[str, Any]) -> str | None:
        return access.community_slug_for(context_viewer(context), obj.parent)

    @staticmethod
    def resolve_co_leads(obj: Community) -> list[str]:
        return [m.organisation.slug for m in getattr(obj, "co_lead_memberships", [])]


class MemberOut(Schema):
    id: UUID
    person: PersonOut
    role: Role

    @staticmethod
    def resolve_id(obj: Membership) -> UUID:
        return obj.uuid


class OrganisationMemberOut(Schema):
    organisation: str
    role: Role

    @staticmethod
    def resolve_organisation(obj: OrganisationMembership) -> str:
        return obj.organisation.slug


class MembersOut(Schema):
    people: list[MemberOut]
    organisations: list[OrganisationMemberOut]
    unlisted_people: int


class InviteIn(Schema):
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    role: Role = Role.MEMBER
    language: str = Field("en", pattern="^(en|es|fr|ar)$")


class InviteOut(Schema):
    status: str
    member: MemberOut | None = None


class RoleIn(Schema):
    role: Role


class DirectoryFilters(Schema):
    q: str = ""
    country: str = ""
    region: str = ""
    stakeholder_type: str = ""
    topic: str = ""
    language: str = ""


# Organisations ---------------------------------------------------------------------------------


def _organisations() -> Any:
    return Organisation.objects.select_related("parent").prefetch_related("countries")


@router.get("/organisations", response=list[OrganisationOut])
@paginate(Page)
def list_organisations(request: HttpRequest, filters: Query[DirectoryFilters]) -> Any:
    organisations = access.organisations_visible_to(_organisations(), viewer(request))
    if filters.q:
        organisations = organisations.filter(name__icontains=filters.q)
    if filters.country:
        organisations = organisations.filter(countries=filters.country.upper())
    if filters.region:
        organisations = organisations.filter(countries__in=countries_in(filters.region)).distinct()
    if filters.stakeholder_type:
        organisations = organisations.filter(stakeholder_type=filters.stakeholder_type)
    return organisations


@router.get("/organisations/{slug}", response=OrganisationOut)
def get_organisation(request: HttpRequest, slug: str) -> Organisation:
    access.get_organisation_for_user(viewer(request), slug)
    return _organisations().get(slug=slug)


@router.post("/organisations", response={201: OrganisationOut}, auth=WRITE_AUTH)
def create_organisation(request: HttpRequest, data: OrganisationIn) -> Status[Organisation]:
    user = request.user
    if not access.can_create_organisations(user):
        # Any other member proposes one on the directory's page, for a facilitator to decide.
        raise HttpError(403, _("Only platform facilitators add organisations."))
    if data.slug in actions.RESERVED_ORGANISATION_SLUGS:
        raise HttpError(400, _("This address name is taken by a page of the directory."))
    if Organisation.objects.filter(slug=data.slug).exists():
        raise HttpError(409, _("An organisation with this slug exists already."))
    fields = data.dict()
    try:
        # The directory's one way in, as on its page: a name it has already, refused.
        organisation = actions.build_organisation(
            by=acting_user(request),
            propose=False,
            countries=Country.objects.filter(
                code__in=[code.upper() for code in fields.pop("countries")]
            ),
            is_coalition_member=fields.pop("coalition_member"),
            **fields,
        )
    except ValidationError as error:
        raise HttpError(400, " ".join(str(m) for m in error.messages)) from None
    except actions.NetworkError as error:
        raise HttpError(409, str(error)) from None
    return Status(201, _organisations().get(pk=organisation.pk))


# Communities -----------------------------------------------------------------------------------


def _communities(user: Any) -> Any:
    return (
        access.communities_visible_to(Community.objects.all(), user)
        .select_related("parent")
        .prefetch_related(
            "countries",
            Prefetch(
                "organisation_memberships",
                queryset=OrganisationMembership.objects.filter(role=Role.CO_LEAD).select_related(
                    "organisation"
                ),
                to_attr="co_lead_memberships",
            ),
        )
    )


@router.get("/communities", response=list[CommunityOut])
@paginate(Page)
def list_communities(
    request: HttpRequest, level: str = "", region: str = "", closed: bool = False
) -> Any:
    """Closed sub-groups are left out unless `closed=true`, as on the communities page."""
    return _communities(viewer(request)).filtered(
        {"level": level, "region": region, "closed": closed}
    )


@router.get("/communities/{slug}", response=CommunityOut)
def get_community(request: HttpRequest, slug: str) -> Community:
    community = access.get_community_for_user(viewer(request), slug)
    return _communities(viewer(request)).get(pk=community.pk)


def _member_queryset(community: Community, user: Any, *, manage: bool = False) -> Any:
    """Members as the reader may see them; as a facilitator manages them when `manage`."""
    shown = Affiliation.objects.filter(access.shown_affiliations_q()).select_related("organisation")
    members = (
        access.memberships_to_manage(community)
        if manage
        else access.members_visible_to(community, user)
    )
    return (
        members.select_related("person")
        .prefetch_related(
            Prefetch("person__affiliations", queryset=shown, to_attr="shown_affiliations")
        )
        .order_by("joined_at")
    )


@router.get("/communities/{slug}/members", response=MembersOut)
def list_members(request: HttpRequest, slug: str) -> dict[str, Any]:
    user = viewer(request)
    community = access.get_community_for_user(user, slug)
    people = list(_member_queryset(community, user))
    return {
        "people": people,
        "organisations": list(community.organisation_memberships.select_related("organisation")),
        "unlisted_people": community.memberships.count() - len(people),
    }


@router.post(
    "/communities/{slug}/members", response={201: InviteOut, 202: InviteOut}, auth=WRITE_AUTH
)
def invite_member(request: HttpRequest, slug: str, data: InviteIn) -> Status[dict[str, Any]]:
    community = access.get_community_for_user(request.user, slug, write=True)
    try:
        actions.invite_to_community(
            community,
            by=acting_user(request),
            email=data.email,
            role=data.role,
            language=data.language,
        )
    except (actions.NetworkError, AccountError) as error:
        raise HttpError(400, str(error)) from None
    # The same answer whether the address has an account or not: nobody joins unasked.
    return Status(202, {"status": "invited"})


@router.patch("/communities/{slug}/members/{member_id}", response=MemberOut, auth=WRITE_AUTH)
def change_member_role(
    request: HttpRequest, slug: str, member_id: UUID, data: RoleIn
) -> Membership:
    community = access.get_community_for_user(request.user, slug, write=True)
    membership = Membership.objects.filter(community=community, uuid=member_id).first()
    if membership is None:
        raise HttpError(404, _("Not found."))
    try:
        actions.change_role(community, membership, data.role, by=acting_user(request))
    except actions.NetworkError as error:
        raise HttpError(400, str(error)) from None
    return _member_queryset(community, request.user, manage=True).get(pk=membership.pk)


# People ----------------------------------------------------------------------------------------


@router.get("/people", response=list[PersonOut])
@paginate(Page)
def list_people(request: HttpRequest, filters: Query[DirectoryFilters]) -> Any:
    people = access.people_visible_to(User.objects.all(), viewer(request))
    return filter_people(people, filters.dict())


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: UUID) -> User:
    person = access.get_person_for_user(viewer(request), person_id)
    return filter_people(User.objects.filter(pk=person.pk), {}).get()
