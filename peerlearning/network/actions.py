"""Writes to the network: communities, memberships, organisations. Audited; e-mails on commit."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning.accounts import actions as account_actions
from peerlearning.accounts import audit
from peerlearning.accounts.models import Invitation, User
from peerlearning.lib.mail import send_templated_email
from peerlearning.network.models import (
    ORGANISATION_ROLES,
    PERSON_ROLES,
    Affiliation,
    Community,
    CommunityInvitation,
    CommunityJoinRequest,
    Country,
    Membership,
    Organisation,
    OrganisationMembership,
    Role,
    check_website,
)


class NetworkError(Exception):
    """A request that cannot be carried out; the message is translated and shown as it is."""


def _community_url(community: Community) -> str:
    return f"{settings.SITE_URL}{community.get_absolute_url()}"


@transaction.atomic
def invite_to_community(
    community: Community, *, by: User, email: str, role: str = Role.MEMBER, language: str = "en"
) -> Invitation | None:
    """Invite someone by e-mail to the community. Nobody is added without accepting: a person
    with an account gets a link to accept signed in; a new one, an invitation to create their
    account (which gives the seat). The facilitator is told the same whatever the address —
    whether it has an account, or is a member already, is not theirs to learn from a form."""
    if role not in PERSON_ROLES:
        raise NetworkError(_("A person can be a facilitator, a member or an observer."))
    email = email.strip().lower()
    holder = User.objects.filter(email__iexact=email).first()
    if holder is None:
        invitation = account_actions.invite(email, invited_by=by, language=language)
        if invitation is not None:
            CommunityInvitation.objects.create(
                invitation=invitation, community=community, role=role
            )
            audit.record(by, "community.invited", community, email=email, role=role)
        return invitation
    if (
        not holder.is_active
        or Membership.objects.filter(community=community, person=holder).exists()
    ):
        audit.record(by, "community.invited_no_effect", community, person=str(holder.uuid))
        return None
    invitation = account_actions.create_invitation(
        email, invited_by=by, language=holder.preferred_language
    )
    seat = CommunityInvitation.objects.create(invitation=invitation, community=community, role=role)
    audit.record(by, "community.invited", community, person=str(holder.uuid), role=role)
    send_templated_email(
        "network/email/community_invitation",
        holder,
        {"invitation": invitation, "seat": seat},
        builder="peerlearning.accounts.actions.invitation_mail_context",
    )
    return invitation


def join_from_invitation(invitation: Invitation, person: User) -> None:
    """Called when an invited person accepts (creating their account, or signed in to the one
    they have): give them their seats; a request of theirs to join is answered by it."""
    for seat in CommunityInvitation.objects.filter(invitation=invitation).select_related(
        "community"
    ):
        Membership.objects.get_or_create(
            community=seat.community, person=person, defaults={"role": seat.role}
        )
        CommunityJoinRequest.objects.filter(
            community=seat.community, person=person, status=CommunityJoinRequest.Status.PENDING
        ).update(
            status=CommunityJoinRequest.Status.APPROVED,
            decided_by=invitation.invited_by,
            decided_at=timezone.now(),
        )
        audit.record(person, "community.joined", seat.community, via="invitation")


@transaction.atomic
def add_organisation(
    community: Community, organisation: Organisation, *, by: User, role: str = Role.MEMBER
) -> OrganisationMembership:
    if role not in ORGANISATION_ROLES:
        raise NetworkError(_("An organisation can be a co-lead, a member or an observer."))
    membership, created = OrganisationMembership.objects.get_or_create(
        community=community, organisation=organisation, defaults={"role": role}
    )
    if not created:
        raise NetworkError(
            _("%(name)s is already in this community.") % {"name": organisation.display_name}
        )
    audit.record(
        by, "community.organisation_added", community, organisation=organisation.slug, role=role
    )
    return membership


@transaction.atomic
def request_to_join(
    community: Community, person: User, *, message: str = ""
) -> CommunityJoinRequest:
    if community.is_private:
        raise NetworkError(_("This community takes members by invitation only."))
    if Membership.objects.filter(community=community, person=person).exists():
        raise NetworkError(_("You are already a member of this community."))
    try:
        with transaction.atomic():
            join_request = CommunityJoinRequest.objects.create(
                community=community, person=person, message=message
            )
    except IntegrityError:
        raise NetworkError(_("Your request is already waiting for a facilitator.")) from None
    audit.record(person, "community.join_requested", community)
    facilitators = User.objects.filter(
        memberships__community=community, memberships__role=Role.FACILITATOR, is_active=True
    )
    for facilitator in facilitators:
        send_templated_email(
            "network/email/join_requested",
            facilitator,
            {
                "community": community,
                "join_request": join_request,
                "url": f"{_community_url(community)}members/",
            },
        )
    return join_request


@transaction.atomic
def decide_join_request(
    join_request: CommunityJoinRequest, *, by: User, approve: bool, reason: str = ""
) -> CommunityJoinRequest:
    if not approve and not reason.strip():
        raise NetworkError(_("Give a reason: the person asking will receive it."))
    status = (
        CommunityJoinRequest.Status.APPROVED if approve else CommunityJoinRequest.Status.DECLINED
    )
    updated = CommunityJoinRequest.objects.filter(
        pk=join_request.pk, status=CommunityJoinRequest.Status.PENDING
    ).update(status=status, decided_by=by, decided_at=timezone.now(), reason=reason.strip())
    if not updated:
        raise NetworkError(_("This request has already been decided."))
    join_request.refresh_from_db()
    community, person = join_request.community, join_request.person
    if approve:
        Membership.objects.get_or_create(community=community, person=person)
    audit.record(by, f"community.request_{status}", community, person=str(person.uuid))
    send_templated_email(
        "network/email/join_decided",
        person,
        {
            "community": community,
            "join_request": join_request,
            "approved": approve,
            "url": _community_url(community),
        },
    )
    return join_request


def _check_facilitators_remain(community: Community, leaving: Membership) -> None:
    if leaving.role != Role.FACILITATOR:
        return
    others = Membership.objects.filter(community=community, role=Role.FACILITATOR).exclude(
        pk=leaving.pk
    )
    if not others.exists():
        raise NetworkError(
            _("A community needs at least one facilitator. Make someone else a facilitator first.")
        )


@transaction.atomic
def leave_community(community: Community, person: User) -> None:
    membership = (
        Membership.objects.select_for_update().filter(community=community, person=person).first()
    )
    if membership is None:
        raise NetworkError(_("You are not a member of this community."))
    _check_facilitators_remain(community, membership)
    membership.delete()
    audit.record(person, "community.left", community)


@transaction.atomic
def change_role(community: Community, membership: Membership, role: str, *, by: User) -> Membership:
    if membership.person_id == by.pk:
        raise NetworkError(_("You cannot change your own role. Ask another facilitator."))
    if role not in PERSON_ROLES:
        raise NetworkError(_("A person can be a facilitator, a member or an observer."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if role != Role.FACILITATOR:
        _check_facilitators_remain(community, membership)
    previous, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    audit.record(
        by,
        "community.role_changed",
        community,
        person=str(membership.person.uuid),
        before=previous,
        after=role,
    )
    return membership


@transaction.atomic
def create_organisation(
    *, by: User, countries: list[str] | None = None, **fields: object
) -> Organisation:
    """Raises ValidationError for a website that is not an http(s) address."""
    check_website(str(fields.get("website") or ""))
    organisation = Organisation.objects.create(**fields)
    if countries:
        organisation.countries.set(Country.objects.filter(code__in=countries))
    audit.record(by, "organisation.created", organisation)
    return organisation


@transaction.atomic
def affiliate(
    person: User, organisation: Organisation, *, title: str = "", shown_with_pseudonym: bool = False
) -> Affiliation:
    affiliation, created = Affiliation.objects.update_or_create(
        person=person,
        organisation=organisation,
        defaults={"title": title, "shown_with_pseudonym": shown_with_pseudonym},
    )
    audit.record(person, "affiliation.saved" if not created else "affiliation.added", organisation)
    return affiliation


@transaction.atomic
def remove_affiliation(affiliation: Affiliation) -> None:
    audit.record(affiliation.person, "affiliation.removed", affiliation.organisation)
    affiliation.delete()
