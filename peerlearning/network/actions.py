"""Writes to the network: communities, memberships, organisations. Audited; e-mails on commit."""

import re
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning import access, derived
from peerlearning.accounts import actions as account_actions
from peerlearning.accounts import audit
from peerlearning.accounts.models import Invitation, User
from peerlearning.lib.mail import send_templated_email
from peerlearning.lib.translations import COMMUNITY_LANGUAGE, refusal, with_translation
from peerlearning.network.models import (
    ORGANISATION_ROLES,
    PERSON_ROLES,
    Affiliation,
    AffiliationStatus,
    Community,
    CommunityInvitation,
    CommunityJoinRequest,
    Country,
    Membership,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    Role,
    check_website,
    email_domain,
    is_public_mail_domain,
)


class NetworkError(Exception):
    """A request that cannot be carried out; the message is translated and shown as it is."""


def community_changed(community: Community) -> None:
    """A community saved outside these actions (the admin): its visibility decides who finds
    its updates and its exchanges' lessons."""
    derived.schedule_search_refresh_for_community(community)


def _community_url(community: Community) -> str:
    return f"{settings.SITE_URL}{community.get_absolute_url()}"


@transaction.atomic
def invite_to_community(
    community: Community,
    *,
    by: User,
    email: str,
    role: str = Role.MEMBER,
    language: str = "en",
    chosen_by_name: bool = False,
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
        email,
        invited_by=by,
        language=holder.preferred_language,
        address_typed=not chosen_by_name,
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


def verified_email_domains(person: User) -> set[str]:
    """The domains of the person's verified addresses: an invitation accepted through its link
    proves the address; an address added later counts once its confirmation link is followed."""
    addresses = EmailAddress.objects.filter(user=person, verified=True).values_list(
        "email", flat=True
    )
    return {email_domain(address) for address in addresses}


def _confirm_by_domain(affiliation: Affiliation, *, by: User | None) -> bool:
    """Confirm a claim at once when one of the person's verified addresses is on a domain of
    the claimed organisation itself (a parent's or a department's domain does not count)."""
    domain = (
        OrganisationDomain.objects.filter(
            organisation_id=affiliation.organisation_id,
            domain__in=verified_email_domains(affiliation.person),
        )
        # Nobody decides their own claim: a domain they registered themselves confirms
        # others' claims, never theirs.
        .exclude(added_by_id=affiliation.person_id)
        .values_list("domain", flat=True)
        .first()
    )
    if domain is None:
        return False
    updated = Affiliation.objects.filter(
        pk=affiliation.pk, status=AffiliationStatus.CLAIMED
    ).update(
        status=AffiliationStatus.CONFIRMED,
        decided_at=timezone.now(),
        decided_by=None,
        confirmed_by_domain=domain,
    )
    if not updated:
        return False
    affiliation.refresh_from_db()
    audit.record(
        by,
        "affiliation.auto_confirmed",
        affiliation.organisation,
        person=str(affiliation.person.uuid),
        domain=domain,
    )
    return True


@transaction.atomic
def claim_affiliation(
    person: User, organisation: Organisation, *, title: str = "", shown_with_pseudonym: bool = False
) -> Affiliation:
    """Ask to be affiliated with an organisation. The claim gives no right until it is
    confirmed; saving an existing affiliation again changes only how it reads, except that a
    declined one becomes a claim again."""
    affiliation = (
        Affiliation.objects.select_for_update()
        .filter(person=person, organisation=organisation)
        .first()
    )
    if affiliation is None:
        try:
            with transaction.atomic():
                affiliation = Affiliation.objects.create(
                    person=person,
                    organisation=organisation,
                    title=title,
                    shown_with_pseudonym=shown_with_pseudonym,
                )
        except IntegrityError:
            raise NetworkError(_("You have claimed this organisation already.")) from None
        audit.record(person, "affiliation.claimed", organisation, title=title)
    else:
        affiliation.title = title
        affiliation.shown_with_pseudonym = shown_with_pseudonym
        fields = ["title", "shown_with_pseudonym"]
        if affiliation.status == AffiliationStatus.DECLINED:
            affiliation.status = AffiliationStatus.CLAIMED
            affiliation.claimed_at = timezone.now()
            affiliation.decided_at = None
            affiliation.decided_by = None
            fields += ["status", "claimed_at", "decided_at", "decided_by"]
            audit.record(person, "affiliation.claimed", organisation, title=title, again=True)
        else:
            audit.record(person, "affiliation.saved", organisation, title=title)
        affiliation.save(update_fields=fields)
    if affiliation.status == AffiliationStatus.CLAIMED:
        _confirm_by_domain(affiliation, by=person)
    return affiliation


@transaction.atomic
def decide_affiliations(
    claims: Iterable[Affiliation], *, by: User, confirm: bool
) -> list[Affiliation]:
    """Confirm or decline claims, one or many. Each must be one the person may decide
    (access.affiliation_claims_to_decide); one already decided is left as it is."""
    allowed = access.affiliation_claims_to_decide(by)
    status = AffiliationStatus.CONFIRMED if confirm else AffiliationStatus.DECLINED
    decided = []
    for claim in claims:
        if not allowed.filter(pk=claim.pk).exists():
            raise NetworkError(
                _("You cannot decide the claim of %(person)s.")
                % {"person": claim.person.public_name}
            )
        updated = Affiliation.objects.filter(pk=claim.pk, status=AffiliationStatus.CLAIMED).update(
            status=status, decided_by=by, decided_at=timezone.now()
        )
        if not updated:
            continue
        claim.refresh_from_db()
        audit.record(
            by,
            f"affiliation.{status}",
            claim.organisation,
            person=str(claim.person.uuid),
        )
        decided.append(claim)
    return decided


@transaction.atomic
def withdraw_affiliation(affiliation: Affiliation) -> None:
    """The person withdraws a claim, or leaves an organisation they were confirmed at."""
    action = "affiliation.removed" if affiliation.is_confirmed else "affiliation.withdrawn"
    audit.record(affiliation.person, action, affiliation.organisation, status=affiliation.status)
    affiliation.delete()


LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN_PATTERN = re.compile(
    rf"^(?=.{{4,253}}$)(?:{LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$"
)


def normalise_domain(domain: str) -> str:
    return domain.strip().lower().lstrip("@").rstrip(".")


@transaction.atomic
def add_domain(organisation: Organisation, domain: str, *, by: User) -> OrganisationDomain:
    """Register an e-mail domain for an organisation. Coordinators may register any domain;
    a confirmed member only the domain of one of their own verified addresses. Never a public
    mail service; a domain belongs to one organisation only. Pending claims of people whose
    verified address is on it are confirmed at once."""
    domain = normalise_domain(domain)
    if not DOMAIN_PATTERN.match(domain):
        raise NetworkError(_("Enter a domain name, such as example.org."))
    if is_public_mail_domain(domain):
        raise NetworkError(
            _("%(domain)s is a public mail service: anyone can have an address there.")
            % {"domain": domain}
        )
    if not access.can_manage_domains(by, organisation):
        raise NetworkError(_("Only the organisation's confirmed members can add its domains."))
    if not access.can_review_all_affiliations(by) and domain not in verified_email_domains(by):
        raise NetworkError(
            _("You can add only the domain of one of your own verified e-mail addresses.")
        )
    try:
        with transaction.atomic():
            row = OrganisationDomain.objects.create(
                organisation=organisation, domain=domain, added_by=by
            )
    except IntegrityError:
        raise NetworkError(
            _("%(domain)s is registered for an organisation already.") % {"domain": domain}
        ) from None
    audit.record(by, "organisation.domain_added", organisation, domain=domain)
    pending = Affiliation.objects.claimed().filter(
        organisation=organisation,
        person__emailaddress__verified=True,
        person__emailaddress__email__iendswith=f"@{domain}",
    )
    for claim in pending.distinct().select_related("person", "organisation"):
        _confirm_by_domain(claim, by=by)
    return row


@transaction.atomic
def remove_domain(row: OrganisationDomain, *, by: User) -> None:
    """Stop confirming new claims by this domain; affiliations it confirmed stay confirmed."""
    audit.record(by, "organisation.domain_removed", row.organisation, domain=row.domain)
    row.delete()


@transaction.atomic
def translate_community(
    community: Community, *, by: User, language: str, name: str, purpose: str
) -> Community:
    """A community's name and purpose in another language, by an editor or one of its
    facilitators. An empty name takes the translation into that language away. Communities
    are not in the search index: nothing to index again."""
    reason = refusal(language, COMMUNITY_LANGUAGE)
    if reason:
        raise NetworkError(reason)
    community.translations = with_translation(
        community.translations, language, {"name": name, "purpose": purpose}, "name"
    )
    community.save(update_fields=["translations"])
    audit.record(
        by,
        "community.translated",
        community,
        language=language,
        removed=language not in community.translations,
    )
    return community
