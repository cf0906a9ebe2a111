from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.accounts.actions import AccountError
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Update
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.lib.translations import (
    base_language,
    platform_codes,
    translated_languages,
    version_of,
    wanted_language,
)
from peerlearning.network import actions
from peerlearning.network.forms import (
    AddOrganisationForm,
    AffiliationDecisionForm,
    AffiliationForm,
    CommunityCreateForm,
    CommunityEditForm,
    CommunityFilterForm,
    CommunityTranslationForm,
    DecisionForm,
    DirectoryFilterForm,
    DomainForm,
    InviteMemberForm,
    JoinCommunityForm,
    RoleForm,
    SubgroupForm,
)
from peerlearning.network.geography import countries_in
from peerlearning.network.models import (
    Affiliation,
    Community,
    CommunityJoinRequest,
    Membership,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    OrganisationStatus,
    Role,
)
from peerlearning.network.queries import filter_people
from peerlearning.notifications.actions import is_following

PAGE_SIZE = 25


# Communities -----------------------------------------------------------------------------------


@require_safe
def community_list(request: HttpRequest) -> HttpResponse:
    form = CommunityFilterForm(request.GET)
    filters = form.filters()
    communities = access.communities_visible_to(Community.objects.filtered(filters), request.user)
    communities = (
        communities.annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "organisation_memberships",
                queryset=OrganisationMembership.objects.filter(role=Role.CO_LEAD).select_related(
                    "organisation"
                ),
                to_attr="co_leads",
            ),
            "countries",
        )
        # A sub-group names the community it belongs to, for whoever may see that one.
        .select_related("parent")
        .annotate(
            parent_visible=Exists(
                access.communities_visible_to(
                    Community.objects.filter(pk=OuterRef("parent_id")), request.user
                )
            )
        )
    )
    page = page_of(request, communities, PAGE_SIZE)
    wanted = wanted_language(request)
    return render(
        request,
        "network/community_list.html",
        {
            "form": form,
            "page": page,
            "cards": [
                (
                    community,
                    community_version(community, wanted),
                    _parent_version(community, wanted),
                )
                for community in page
            ],
            "query": filters_query(request),
            "may_create": access.may_create_communities(request.user),
        },
    )


def _parent_version(community: Community, wanted: str) -> dict[str, Any] | None:
    """The community a sub-group belongs to, as the list names it: only when the list found it
    visible to the reader (`parent_visible`, annotated through the access rule)."""
    parent = community.parent
    if parent is None or not getattr(community, "parent_visible", False):
        return None
    return {**community_version(parent, wanted), "url": parent.get_absolute_url()}


def community_version(community: Community, wanted: str) -> dict[str, Any]:
    """A community's name and purpose in the reader's language when translated, else as
    written (in the community's language), with what the fallback note needs."""
    return version_of(
        {"name": community.name, "purpose": community.purpose},
        community.language,
        community.translations,
        wanted,
        "name",
    )


@require_safe
def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug)
    viewer = request.user
    role = access.community_role(viewer, community)
    organisations = list(
        community.organisation_memberships.select_related("organisation").order_by(
            "organisation__name"
        )
    )
    listed = (
        access.members_visible_to(community, viewer)
        .select_related("person")
        .order_by(Case(When(role__in=access.FACILITATING_ROLES, then=0), default=1), "joined_at")
    )
    total_members = community.memberships.count()
    members_page = page_of(request, listed, 50)
    pending_request = (
        role is None
        and viewer.is_authenticated
        and CommunityJoinRequest.objects.filter(
            community=community, person=viewer, status=CommunityJoinRequest.Status.PENDING
        ).exists()
    )
    subgroups = list(
        access.communities_visible_to(Community.objects.all(), viewer)
        .filter(parent=community)
        .order_by("name")
    )
    version = community_version(community, wanted_language(request))
    context = {
        "community": community,
        # The fallback note reads `title`, as for every translated item.
        "version": {**version, "title": version["name"]},
        "can_translate": access.can_translate_community(viewer, community),
        "role": role,
        "role_label": Role(role).label if role else "",
        "can_facilitate": access.can_facilitate(viewer, community),
        "co_leads": [m for m in organisations if m.role == Role.CO_LEAD],
        "organisations": [m for m in organisations if m.role != Role.CO_LEAD],
        "subgroups": [group for group in subgroups if group.closed_at is None],
        "closed_subgroups": [group for group in subgroups if group.closed_at is not None],
        "can_build": access.can_build_community(viewer, community),
        "can_close": community.parent_id is not None
        and community.closed_at is None
        and access.can_close_community(viewer, community),
        "parent": (
            access.communities_visible_to(Community.objects.all(), viewer)
            .filter(pk=community.parent_id)
            .first()
            if community.parent_id
            else None
        ),
        "countries": community.countries.all(),
        "members": members_page,
        "unlisted_members": total_members - members_page.paginator.count,
        "updates": access.updates_visible_to(Update.objects.all(), viewer).filter(
            community=community
        )[:10],
        "upcoming": access.exchanges_visible_to(Exchange.objects.all(), viewer)
        .select_related("community")
        .filter(community=community)
        .upcoming()[:10],
        "past": access.exchanges_visible_to(Exchange.objects.all(), viewer)
        .select_related("community")
        .filter(community=community)
        .past()[:10],
        "pending_request": pending_request,
        "join_form": JoinCommunityForm(),
        "following": is_following(viewer, community),
    }
    return render(request, "network/community_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def community_translate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A community's name and purpose in another language: editors and its facilitators.
    `?lang=` opens an existing translation to edit."""
    community = access.get_community_to_translate(request.user, slug)
    asked = request.GET.get("lang", "")
    original = base_language(community.language)
    wanted = asked if asked in platform_codes() and asked != original else ""
    existing = community.translations.get(wanted) or {} if wanted else {}
    outcome = {"message": ""}

    def save(data: dict[str, Any]) -> str:
        actions.translate_community(community, by=request.user, **data)
        if data["language"] in community.translations:
            outcome["message"] = _("The translation has been saved.")
            return f"{community.get_absolute_url()}?lang={data['language']}"
        outcome["message"] = _("The translation into this language has been removed.")
        return community.get_absolute_url()

    done = translated_languages(community.translations, "name")
    return form_page(
        request,
        CommunityTranslationForm(
            request.POST or None,
            initial={"language": wanted, **existing},
            original=original,
        ),
        "network/community_translate.html",
        save,
        # The message once saved says what the save did (saved, or removed).
        lazy(lambda: outcome["message"], str)(),
        refused=actions.NetworkError,
        refused_field="language",
        community=community,
        original_language=original,
        languages=[
            {"code": code, "exists": code in done, "current": code == wanted}
            for code in platform_codes()
            if code != original
        ],
    )


@login_required
@require_POST
def community_join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug)
    form = JoinCommunityForm(request.POST)
    # Asked from a members-only page (an exchange of the community): back to that page.
    back = request.POST.get("next", "")
    if not (
        back.startswith("/")
        and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        back = ""
    if form.is_valid():
        try:
            actions.request_to_join(community, request.user, message=form.cleaned_data["message"])
        except actions.NetworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your request to join %(name)s is waiting for its facilitators. You will be "
                    "able to open this page once one of them accepts it; your home shows the "
                    "request meanwhile."
                )
                % {"name": community.name}
                if back
                else _("Your request has been sent to the facilitators."),
            )
    return redirect(back or community)


@login_required
@require_POST
def community_leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug)
    try:
        actions.leave_community(community, request.user)
    except actions.NetworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have left %(name)s.") % {"name": community.name})
    return redirect("network:community_list" if community.is_private else community)


def _members_page(
    request: AuthenticatedHttpRequest, community: Community, **forms: Any
) -> HttpResponse:
    memberships = (
        access.memberships_to_manage(community)
        .select_related("person")
        .order_by(
            Case(When(role__in=access.FACILITATING_ROLES, then=0), default=1),
            # By the name shown: a pseudonymous person's real name must not place them.
            Lower(access.shown_name("person__")),
            "pk",
        )
    )
    appoints_co_leads = access.may_create_communities(request.user)
    context = {
        "community": community,
        "page": page_of(request, memberships, 50),
        "requests": community.join_requests.filter(
            status=CommunityJoinRequest.Status.PENDING
        ).select_related("person"),
        "organisations": community.organisation_memberships.select_related("organisation"),
        "invite_form": forms.get("invite_form")
        or _invite_member_form(request, initial={"language": translation.get_language()}),
        "organisation_form": forms.get("organisation_form") or AddOrganisationForm(),
        "roles": [
            (r.value, r.label)
            for r in (Role.CO_LEAD, Role.FACILITATOR, Role.MEMBER, Role.OBSERVER)
            if r != Role.CO_LEAD or appoints_co_leads
        ],
        "appoints_co_leads": appoints_co_leads,
    }
    return render(
        request, "network/community_members.html", context, status=forms.get("status", 200)
    )


@access.facilitator_view
@require_safe
def community_members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug, write=True)
    return _members_page(request, community)


def _invite_member_form(request: HttpRequest, data: Any = None, **kwargs: Any) -> InviteMemberForm:
    """People are chosen among those the facilitator may see, by the name they are shown by."""
    people = access.people_visible_to(User.objects.all(), request.user).order_by(
        access.shown_name(), "pk"
    )
    return InviteMemberForm(data, people=people, **kwargs)


@access.facilitator_view
@require_POST
def community_invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug, write=True)
    form = _invite_member_form(request, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        try:
            actions.invite_to_community(
                community,
                by=request.user,
                **{**data, "email": person.email if person else data["email"]},
                chosen_by_name=person is not None,
            )
        except (actions.NetworkError, AccountError) as error:
            form.add_error("person" if person else "email", str(error))
        else:
            if person is not None:
                # Named as the network sees them: their address is not the facilitator's to read.
                messages.success(
                    request,
                    _("%(name)s is invited, unless already a member.")
                    % {"name": person.public_name},
                )
            else:
                messages.success(request, _("An invitation has been sent to %(email)s.") % data)
            return redirect("network:community_members", slug=community.slug)
    return _members_page(request, community, invite_form=form, status=400)


@access.facilitator_view
@require_POST
def community_add_organisation(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug, write=True)
    form = AddOrganisationForm(request.POST)
    if form.is_valid():
        try:
            actions.add_organisation(
                community,
                form.cleaned_data["organisation"],
                by=request.user,
                role=form.cleaned_data["role"],
            )
        except actions.NetworkError as error:
            form.add_error("organisation", str(error))
        else:
            messages.success(request, _("The organisation has been added."))
            return redirect("network:community_members", slug=community.slug)
    return _members_page(request, community, organisation_form=form, status=400)


@access.facilitator_view
@require_POST
def community_role(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug, write=True)
    membership = get_object_or_404(Membership, community=community, uuid=uuid)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
    else:
        try:
            actions.change_role(community, membership, form.cleaned_data["role"], by=request.user)
        except actions.NetworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The role has been changed."))
    return redirect("network:community_members", slug=community.slug)


@access.facilitator_view
@require_POST
def community_request_decide(
    request: AuthenticatedHttpRequest, slug: str, uuid: str
) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug, write=True)
    join_request = get_object_or_404(CommunityJoinRequest, community=community, uuid=uuid)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
    else:
        try:
            actions.decide_join_request(
                join_request,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except actions.NetworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The request has been answered."))
    return redirect("network:community_members", slug=community.slug)


# Directory -------------------------------------------------------------------------------------


def _directory(request: HttpRequest, template: str, *, experts: bool = False) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, user=request.user)
    filters = form.filters()
    people: QuerySet[User] = access.people_visible_to(User.objects.all(), request.user)
    if experts:
        people = people.filter(offers_expertise=True)
    people = filter_people(people, filters)
    return render(
        request,
        template,
        {
            "form": form,
            "page": page_of(request, people, PAGE_SIZE),
            "query": filters_query(request),
        },
    )


@require_safe
def people_list(request: HttpRequest) -> HttpResponse:
    return _directory(request, "network/people_list.html")


@require_safe
def expert_roster(request: HttpRequest) -> HttpResponse:
    return _directory(request, "network/expert_roster.html", experts=True)


@require_safe
def person_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    person = access.get_person_for_user(request.user, uuid)
    affiliations = list(
        person.affiliations.filter(access.shown_affiliations_q()).select_related("organisation")
    )
    communities = access.communities_visible_to(Community.objects.all(), request.user).filter(
        memberships__person=person
    )
    return render(
        request,
        "network/person_detail.html",
        {"person": person, "affiliations": affiliations, "communities": communities},
    )


@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, user=request.user)
    filters = form.filters()
    organisations = access.organisations_visible_to(Organisation.objects.all(), request.user)
    if filters.get("q"):
        organisations = organisations.filter(
            Q(name__icontains=filters["q"]) | Q(acronym__iexact=filters["q"])
        )
    if filters.get("country"):
        organisations = organisations.filter(countries=filters["country"])
    if filters.get("region"):
        organisations = organisations.filter(
            countries__in=countries_in(filters["region"])
        ).distinct()
    if filters.get("stakeholder_type"):
        organisations = organisations.filter(stakeholder_type=filters["stakeholder_type"])
    organisations = organisations.select_related("parent").prefetch_related("countries")
    page = page_of(request, organisations, PAGE_SIZE)
    # Two of the same name on a page are told apart by their address.
    names = Counter(organisation.name.casefold() for organisation in page.object_list)
    for organisation in page.object_list:
        organisation.has_namesake = names[organisation.name.casefold()] > 1
    return render(
        request,
        "network/organisation_list.html",
        {
            "can_create": access.can_create_organisations(request.user),
            "can_propose": access.can_propose_organisations(request.user),
            "can_review": access.can_review_organisation_proposals(request.user),
            "form": form,
            "page": page,
            "query": filters_query(request),
        },
    )


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = access.get_organisation_for_user(request.user, slug)
    except Http404:
        # A merged duplicate's address leads to the organisation kept.
        kept = access.organisation_merged_into(request.user, slug)
        if kept is None:
            raise
        return redirect(kept)
    people = (
        Affiliation.objects.filter(access.shown_affiliations_q(), organisation=organisation)
        .filter(person__in=access.people_visible_to(User.objects.all(), request.user))
        .select_related("person")[:100]
    )
    context = {
        "organisation": organisation,
        "units": access.organisations_visible_to(organisation.units.all(), request.user),
        "countries": organisation.countries.all(),
        "communities": access.communities_visible_to(Community.objects.all(), request.user).filter(
            organisation_memberships__organisation=organisation
        ),
        "people": people,
        "can_manage_domains": access.can_manage_domains(request.user, organisation),
        "can_merge": access.can_merge_organisations(request.user)
        and organisation.status == OrganisationStatus.ACTIVE,
        "following": is_following(request.user, organisation),
    }
    return render(request, "network/organisation_detail.html", context)


# A person's own organisations -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_organisations(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AffiliationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                affiliation = actions.claim_affiliation(request.user, **form.cleaned_data)
            except actions.NetworkError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                if affiliation.is_confirmed:
                    messages.success(request, _("Your organisation has been saved."))
                else:
                    messages.success(
                        request,
                        _(
                            "Your request has been sent. Until a confirmed member of the "
                            "organisation or a coordinator confirms it, you cannot act in its name."
                        ),
                    )
                return redirect("network:my_organisations")
        else:
            status = 400
    affiliations = request.user.affiliations.select_related("organisation").order_by(
        "organisation__name"
    )
    return render(
        request,
        "network/my_organisations.html",
        {
            "form": form,
            "affiliations": affiliations,
            "can_review": access.can_review_affiliations(request.user),
            "own_proposals": access.own_organisation_proposals(request.user),
        },
        status=status,
    )


@login_required
@require_POST
def my_organisation_remove(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    affiliation = get_object_or_404(Affiliation, uuid=uuid, person=request.user)
    actions.withdraw_affiliation(affiliation)
    messages.success(request, _("Removed."))
    return redirect("network:my_organisations")


# Claims to an organisation, and its e-mail domains ----------------------------------------------


def _claims_page(
    request: AuthenticatedHttpRequest, form: AffiliationDecisionForm, status: int = 200
) -> HttpResponse:
    claims = (
        access.affiliation_claims_to_decide(request.user)
        .select_related("person", "organisation")
        .order_by("claimed_at", "pk")
    )
    return render(
        request,
        "network/affiliation_claims.html",
        {
            "form": form,
            "page": page_of(request, claims, 100),
            "query": filters_query(request),
            "sees_all": access.can_review_all_affiliations(request.user),
        },
        status=status,
    )


@login_required
@require_safe
def affiliation_claims(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Claims to an organisation waiting for a decision: for its confirmed members, and for
    coordinators (all claims)."""
    if not access.can_review_affiliations(request.user):
        raise PermissionDenied(
            _("Only confirmed members of an organisation and coordinators decide claims.")
        )
    return _claims_page(request, AffiliationDecisionForm())


@login_required
@require_POST
def affiliation_decide(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm or decline one claim or several (the checked ones)."""
    if not access.can_review_affiliations(request.user):
        raise PermissionDenied(
            _("Only confirmed members of an organisation and coordinators decide claims.")
        )
    form = AffiliationDecisionForm(request.POST)
    if not form.is_valid():
        return _claims_page(request, form, status=400)
    uuids = set(form.cleaned_data["claims"])
    claims = list(
        access.affiliation_claims_to_decide(request.user)
        .filter(uuid__in=uuids)
        .select_related("person", "organisation")
    )
    if len(claims) != len(uuids):
        # A claim decided meanwhile, or one this person may not decide: nothing is written.
        raise Http404
    confirm = form.cleaned_data["decision"] == "confirm"
    decided = actions.decide_affiliations(claims, by=request.user, confirm=confirm)
    if confirm:
        message = ngettext(
            "%(count)d claim confirmed.", "%(count)d claims confirmed.", len(decided)
        )
    else:
        message = ngettext("%(count)d claim declined.", "%(count)d claims declined.", len(decided))
    messages.success(request, message % {"count": len(decided)})
    return redirect("network:affiliation_claims")


def _domain_organisation(request: AuthenticatedHttpRequest, slug: str) -> Organisation:
    organisation = access.get_organisation_for_user(request.user, slug)
    if not access.can_manage_domains(request.user, organisation):
        raise PermissionDenied(
            _("Only the organisation's confirmed members and coordinators manage its domains.")
        )
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def organisation_domains(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _domain_organisation(request, slug)
    form = DomainForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.add_domain(organisation, form.cleaned_data["domain"], by=request.user)
            except actions.NetworkError as error:
                form.add_error("domain", str(error))
                status = 400
            else:
                messages.success(request, _("The domain has been added."))
                return redirect("network:organisation_domains", slug=organisation.slug)
        else:
            status = 400
    return render(
        request,
        "network/organisation_domains.html",
        {
            "organisation": organisation,
            "domains": organisation.domains.all(),
            "form": form,
            "sees_all": access.can_review_all_affiliations(request.user),
            "own_domains": sorted(actions.verified_email_domains(request.user)),
        },
        status=status,
    )


@login_required
@require_POST
def organisation_domain_remove(
    request: AuthenticatedHttpRequest, slug: str, uuid: str
) -> HttpResponse:
    organisation = _domain_organisation(request, slug)
    row = get_object_or_404(OrganisationDomain, organisation=organisation, uuid=uuid)
    actions.remove_domain(row, by=request.user)
    messages.success(request, _("The domain has been removed."))
    return redirect("network:organisation_domains", slug=organisation.slug)


# Building the network --------------------------------------------------------------------------


def _posted(request: HttpRequest) -> Any:
    """The form's data when posted, even empty (an empty form is refused, not shown afresh)."""
    return request.POST if request.method == "POST" else None


def _interface_language() -> str:
    """What a new community's texts are taken to be written in until the form says otherwise:
    the language the person reads the platform in."""
    return base_language(translation.get_language() or "")


def _people_to_choose(request: HttpRequest) -> QuerySet[User]:
    """People are chosen among those the person may see, by the name they are shown by."""
    return access.people_visible_to(User.objects.all(), request.user).order_by(
        access.shown_name(), "pk"
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_platform_facilitator(request.user)
    form = CommunityCreateForm(
        _posted(request),
        people=_people_to_choose(request),
        parents=access.parents_open_to(request.user),
        initial={"facilitators": [request.user], "language": _interface_language()},
    )

    def save(fields: dict[str, Any]) -> Community:
        return actions.create_community(by=request.user, **fields)

    return form_page(
        request,
        form,
        "network/community_form.html",
        save,
        _("The community has been created."),
        refused=actions.NetworkError,
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_to_build(request.user, slug)
    platform = access.may_create_communities(request.user)
    initial: dict[str, Any] = {
        "name": community.name,
        "purpose": community.purpose,
        "language": community.language,
        "themes": community.themes,
        "regions": community.regions,
        "countries": list(community.countries.values_list("code", flat=True)),
    }
    if platform:
        initial["co_leads"] = list(
            community.memberships.filter(role=Role.CO_LEAD).values_list("person__uuid", flat=True)
        )
        initial["parent"] = community.parent.slug if community.parent else ""
    parents = access.parents_open_to(request.user).exclude(pk=community.pk)
    co_leads = User.objects.filter(memberships__community=community, memberships__role=Role.CO_LEAD)
    form = CommunityEditForm(
        _posted(request),
        initial=initial,
        platform=platform,
        # The co-leads in place are choices too, whoever may see their profiles: an editor
        # must not lose one by saving the form.
        people=User.objects.filter(
            Q(pk__in=_people_to_choose(request).values("pk")) | Q(pk__in=co_leads.values("pk"))
        ).order_by(access.shown_name(), "pk"),
        parents=parents,
    )
    # A parent the person may not choose (private to them, or closed) is not offered: saving
    # the form leaves it in place, rather than reading its absence as "none".
    parent_kept = (
        community.parent_id is not None and not parents.filter(pk=community.parent_id).exists()
    )

    def save(fields: dict[str, Any]) -> Community:
        if parent_kept and fields.get("parent") is None:
            fields.pop("parent", None)
        return actions.update_community(community, by=request.user, **fields)

    return form_page(
        request,
        form,
        "network/community_form.html",
        save,
        _("The community has been saved."),
        refused=actions.NetworkError,
        community=community,
    )


@login_required
@require_http_methods(["GET", "POST"])
def subgroup_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    parent = access.get_community_to_build(request.user, slug)
    if parent.closed_at is not None:
        raise PermissionDenied(_("This sub-group is closed: nothing new starts in it."))

    def save(fields: dict[str, Any]) -> Community:
        return actions.create_subgroup(parent, by=request.user, **fields)

    return form_page(
        request,
        SubgroupForm(_posted(request), initial={"language": _interface_language()}),
        "network/community_form.html",
        save,
        _("The sub-group has been created; you are its facilitator."),
        refused=actions.NetworkError,
        parent=parent,
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_close(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_to_close(request.user, slug)
    if community.closed_at is not None:
        messages.info(request, _("This sub-group is closed already."))
        return redirect(community)
    if request.method == "POST":
        try:
            actions.close_community(community, by=request.user)
        except actions.NetworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The sub-group has been closed."))
        return redirect(community)
    return render(
        request,
        "network/community_close.html",
        {
            "community": community,
            "pending": community.join_requests.filter(
                status=CommunityJoinRequest.Status.PENDING
            ).count(),
        },
    )
