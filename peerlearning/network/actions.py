"""Writes to the network: communities, memberships, organisations. Audited; e-mails on commit."""

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peerlearning import access, derived
from peerlearning.accounts import actions as account_actions
from peerlearning.accounts import audit
from peerlearning.accounts.models import Invitation, User, language_choices
from peerlearning.lib.mail import send_templated_email
from peerlearning.lib.slugs import unique_slug
from peerlearning.lib.translations import refusal, with_translation
from peerlearning.network.models import (
    ORGANISATION_ROLES,
    PERSON_ROLES,
    Affiliation,
    AffiliationStatus,
    Community,
    CommunityInvitation,
    CommunityJoinRequest,
    CommunityVisibility,
    Country,
    Membership,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    OrganisationStatus,
    Role,
    check_website,
    email_domain,
    is_public_mail_domain,
)


class NetworkError(Exception):
    """A request that cannot be carried out; the message is translated and shown as it is."""


def _check_open(community: Community) -> None:
    """A closed sub-group keeps its history and takes nobody new."""
    if community.closed_at is not None:
        raise NetworkError(_("This sub-group is closed: it takes no new members."))


def community_changed(community: Community) -> None:
    """A community saved outside these actions (the admin): its visibility decides who finds
    its updates and its exchanges' lessons."""
    derived.schedule_search_refresh_for_community(community)


def _check_in_directory(organisation: Organisation) -> None:
    """A proposed, refused or merged organisation is nobody's to choose."""
    if organisation.status != OrganisationStatus.ACTIVE:
        raise NetworkError(
            _("%(name)s is not in the directory.") % {"name": organisation.display_name}
        )


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
    _check_open(community)
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
    for seat in CommunityInvitation.objects.filter(
        invitation=invitation, community__closed_at__isnull=True
    ).select_related("community"):
        Membership.objects.get_or_create(
            community=seat.community, person=person, defaults={"role": seat.role}
        )
        derived.follow(person, seat.community)
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
    _check_open(community)
    _check_in_directory(organisation)
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
    _check_open(community)
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
        memberships__community=community,
        memberships__role__in=access.FACILITATING_ROLES,
        is_active=True,
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
    if approve:
        _check_open(join_request.community)
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
        derived.follow(person, community)
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
    if leaving.role not in access.FACILITATING_ROLES:
        return
    others = Membership.objects.filter(
        community=community, role__in=access.FACILITATING_ROLES
    ).exclude(pk=leaving.pk)
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
    if role not in [Role.CO_LEAD, *PERSON_ROLES]:
        raise NetworkError(_("A person can be a co-lead, a facilitator, a member or an observer."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if Role.CO_LEAD in (role, membership.role) and not access.may_create_communities(by):
        raise NetworkError(_("Only the platform's facilitators appoint or remove co-leads."))
    if role not in access.FACILITATING_ROLES:
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


# Organisations built on the platform: created by facilitators, proposed by members, merged ----


# Addresses of the directory's own pages (/directory/organisations/new/, …/propose/).
RESERVED_ORGANISATION_SLUGS = ("new", "propose")


def _free_slug(name: str, acronym: str = "") -> str:
    """An address name for a new organisation, from its name (a name without Latin letters,
    from the acronym), never one of the directory's own pages."""
    text = name if slugify(name) else acronym
    slug = unique_slug(Organisation.objects.all(), text, fallback="organisation")
    if slug in RESERVED_ORGANISATION_SLUGS:
        slug = unique_slug(Organisation.objects.all(), f"{text} organisation")
    return slug


@transaction.atomic
def build_organisation(
    *,
    by: User,
    propose: bool,
    name: str,
    stakeholder_type: str,
    acronym: str = "",
    countries: Iterable[Country] = (),
    parent: Organisation | None = None,
    website: str = "",
    description: str = "",
    name_translations: dict[str, str] | None = None,
    is_coalition_member: bool = False,
    slug: str = "",
) -> Organisation:
    """A new organisation: in the directory at once when a platform facilitator creates it, or
    proposed (`propose`) and waiting for a facilitator's decision. Raises NetworkError for a
    parent outside the directory or a name the directory has already, ValidationError for a
    website that is not an http(s) address."""
    name, acronym = " ".join(name.split()), " ".join(acronym.split())
    if not propose and not access.can_create_organisations(by):
        raise NetworkError(_("Only platform facilitators add organisations; propose it instead."))
    check_website(website)
    directory = access.organisations_visible_to(Organisation.objects.all(), by)
    if parent is not None and not directory.filter(pk=parent.pk).exists():
        raise NetworkError(_("Choose the organisation it belongs to from the directory."))
    same = directory.filter(name__iexact=name).first()
    if same is not None:
        raise NetworkError(_("%(name)s is in the directory already.") % {"name": same.display_name})
    organisation = Organisation.objects.create(
        slug=slug or _free_slug(name, acronym),
        name=name,
        acronym=acronym,
        stakeholder_type=stakeholder_type,
        parent=parent,
        website=website,
        description=description.strip(),
        name_translations={k: v for k, v in (name_translations or {}).items() if v.strip()},
        # Being a coalition member is the coalition's to say, never the proposer's.
        is_coalition_member=is_coalition_member and not propose,
        status=OrganisationStatus.PROPOSED if propose else OrganisationStatus.ACTIVE,
        proposed_by=by if propose else None,
    )
    organisation.countries.set(countries)
    audit.record(by, "organisation.proposed" if propose else "organisation.created", organisation)
    return organisation


@transaction.atomic
def decide_organisation_proposal(
    organisation: Organisation, *, by: User, accept: bool, reason: str = ""
) -> Organisation:
    """Accept a proposal (it joins the directory) or refuse it with a reason sent to the
    proposer. Nobody decides their own proposal."""
    reason = reason.strip()
    if organisation.proposed_by_id == by.pk:
        raise NetworkError(_("You proposed this organisation: another facilitator decides it."))
    if not access.can_review_organisation_proposals(by):
        raise NetworkError(_("Only platform facilitators decide proposed organisations."))
    if not accept and not reason:
        raise NetworkError(_("Give a reason: the person who proposed it will receive it."))
    status = OrganisationStatus.ACTIVE if accept else OrganisationStatus.REFUSED
    updated = Organisation.objects.filter(
        pk=organisation.pk, status=OrganisationStatus.PROPOSED
    ).update(status=status, decided_by=by, decision_reason="" if accept else reason)
    if not updated:
        raise NetworkError(_("This proposal has already been decided."))
    organisation.refresh_from_db()
    audit.record(by, "organisation.accepted" if accept else "organisation.refused", organisation)
    if organisation.proposed_by is not None:
        send_templated_email(
            "network/email/organisation_decided",
            organisation.proposed_by,
            {
                "organisation": organisation,
                "accepted": accept,
                "url": f"{settings.SITE_URL}{organisation.get_absolute_url()}",
            },
        )
    return organisation


def _reverse_relations(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key that points to `model`, from every app: hidden ones (`related_name`
    "+") and the tables behind many-to-many fields included, so a relation added later is
    moved too."""
    return [
        relation.field
        for relation in model._meta.get_fields(include_hidden=True)
        if isinstance(relation, models.ManyToOneRel) and not relation.field.many_to_many
    ]


def relation_label(field: models.ForeignKey[Any, Any]) -> str:
    """What a link is, for a person: "exchanges (co-conveners)", "affiliations"."""
    model = field.model
    if model is Organisation:
        own = {
            "parent": _("its departments and units"),
            "merged_into": _("duplicates merged into it"),
        }
        return str(own.get(field.name, field.verbose_name))
    source: Any = model._meta.auto_created
    if source:  # the table behind a many-to-many field
        for m2m in source._meta.many_to_many:
            if m2m.remote_field.through is model:
                if source is Organisation:
                    return str(m2m.verbose_name)  # its own countries
                return _("%(things)s (%(link)s)") % {
                    "things": source._meta.verbose_name_plural,
                    "link": m2m.verbose_name,
                }
    if model is OrganisationMembership:
        return _("seats in communities")
    if field.name == "organisation":
        return str(model._meta.verbose_name_plural)
    return _("%(things)s (%(link)s)") % {
        "things": model._meta.verbose_name_plural,
        "link": field.verbose_name,
    }


def organisation_links(organisation: Organisation) -> list[tuple[str, int]]:
    """What points to an organisation, relation by relation (those with rows): what a merge
    moves."""
    found = []
    for field in _reverse_relations(Organisation):
        count = field.model._base_manager.filter(**{field.name: organisation}).count()
        if count:
            found.append((relation_label(field), count))
    return found


def _rank(row: models.Model) -> int:
    """Of two rows a merge would make one, the one kept ranks higher: a confirmed affiliation
    over a claim, a co-lead's seat over a member's; otherwise the kept organisation's."""
    if isinstance(row, Affiliation):
        statuses: list[str] = [
            AffiliationStatus.DECLINED,
            AffiliationStatus.CLAIMED,
            AffiliationStatus.CONFIRMED,
        ]
        return statuses.index(row.status) + 1 if row.status in statuses else 0
    if isinstance(row, OrganisationMembership):
        order: list[str] = [Role.OBSERVER, Role.MEMBER, Role.CO_LEAD]
        return order.index(row.role) + 1 if row.role in order else 0
    return 0


def _unique_partners(field: models.ForeignKey[Any, Any]) -> list[list[str]]:
    """For each uniqueness rule of the field's table that includes the field, the other
    fields of the rule: two rows equal on them cannot point to the same row."""
    meta = field.model._meta
    rules = [list(fields) for fields in meta.unique_together]
    rules += [
        list(constraint.fields)
        for constraint in meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    partners = [
        [name for name in rule if name != field.name] for rule in rules if field.name in rule
    ]
    if field.unique:
        partners.append([])
    return partners


def _repoint(
    field: models.ForeignKey[Any, Any], old: models.Model, new: models.Model, moved: Counter[str]
) -> None:
    """Every row whose `field` points to `old` points to `new`; where a uniqueness rule would
    make two rows one, the higher-ranked stays and takes the other's links."""
    manager = field.model._base_manager
    rows = manager.filter(**{field.name: old})
    partners = _unique_partners(field)
    key = f"{field.model._meta.label}.{field.name}"
    if not partners:
        count = rows.update(**{field.name: new})
        if count:
            moved[key] += count
        return
    for row in list(rows):
        clash = None
        for names in partners:
            meta: Any = field.model._meta
            values = {name: getattr(row, meta.get_field(name).attname) for name in names}
            clash = manager.filter(**{field.name: new}, **values).exclude(pk=row.pk).first()
            if clash is not None:
                break
        if clash is not None and _rank(row) <= _rank(clash):
            _absorb(row, into=clash, moved=moved)
        else:
            if clash is not None:
                _absorb(clash, into=row, moved=moved)
            manager.filter(pk=row.pk).update(**{field.name: new})
        moved[key] += 1


def _absorb(loser: models.Model, *, into: models.Model, moved: Counter[str]) -> None:
    """Two rows become one: the loser's links move to the one kept, then it goes."""
    for field in _reverse_relations(type(loser)):
        _repoint(field, loser, into, moved)
    type(loser)._base_manager.filter(pk=loser.pk).delete()


def _descends_from(organisation: Organisation, ancestor: Organisation) -> bool:
    """Is `organisation` a department of `ancestor`, at any depth?"""
    seen: set[int] = set()
    current = organisation.parent
    while current is not None and current.pk not in seen:
        if current.pk == ancestor.pk:
            return True
        seen.add(current.pk)
        current = current.parent
    return False


def check_merge(duplicate: Organisation, keep: Organisation) -> None:
    """Raises NetworkError, with the reason, for a merge that cannot be done."""
    if duplicate.pk == keep.pk:
        raise NetworkError(_("An organisation cannot be merged into itself."))
    if duplicate.status != OrganisationStatus.ACTIVE:
        raise NetworkError(_("Only an organisation of the directory can be merged."))
    if keep.status != OrganisationStatus.ACTIVE:
        raise NetworkError(
            _("%(name)s is not in the directory (%(status)s): merge into another one.")
            % {"name": keep.name, "status": keep.get_status_display()}
        )
    if _descends_from(keep, duplicate):
        raise NetworkError(
            _(
                "%(kept)s is a department of %(duplicate)s: an organisation cannot be merged "
                "into one of its own departments."
            )
            % {"kept": keep.display_name, "duplicate": duplicate.display_name}
        )


@transaction.atomic
def merge_organisations(duplicate: Organisation, keep: Organisation, *, by: User) -> dict[str, int]:
    """Make a duplicate one with the organisation kept: every link to the duplicate, from every
    app, moves to it; its names in other languages, countries and blank details are added; the
    duplicate stays as a merged record whose address leads to the one kept. Returns what moved,
    by relation."""
    rows = Organisation.objects.select_for_update().in_bulk([duplicate.pk, keep.pk])
    duplicate, keep = rows[duplicate.pk], rows[keep.pk]
    check_merge(duplicate, keep)
    moved: Counter[str] = Counter()
    for field in _reverse_relations(Organisation):
        _repoint(field, duplicate, keep, moved)
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    keep.name_translations = {**duplicate.name_translations, **keep.name_translations}
    for name in ("acronym", "website", "description"):
        if not getattr(keep, name):
            setattr(keep, name, getattr(duplicate, name))
    keep.is_coalition_member = keep.is_coalition_member or duplicate.is_coalition_member
    parent = duplicate.parent
    if (
        keep.parent is None
        and parent is not None
        and parent.pk != keep.pk
        and not _descends_from(parent, keep)
    ):
        keep.parent = parent
    keep.save(
        update_fields=[
            "name_translations",
            "acronym",
            "website",
            "description",
            "is_coalition_member",
            "parent",
        ]
    )
    duplicate.status = OrganisationStatus.MERGED
    duplicate.merged_into = keep
    duplicate.parent = None
    duplicate.decided_by = by
    duplicate.save(update_fields=["status", "merged_into", "parent", "decided_by"])
    audit.record(by, "organisation.merged", keep, duplicate=duplicate.slug, moved=dict(moved))
    return dict(moved)


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
    _check_in_directory(organisation)
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


# Building the network: communities, their co-leads, sub-groups ---------------------------------

# Addresses under /communities/ that a community's slug must never take.
RESERVED_SLUGS = {"new"}


def _community_slug(name: str) -> str:
    slug = unique_slug(Community.objects.all(), name, fallback="community")
    if slug in RESERVED_SLUGS:
        slug = unique_slug(Community.objects.all(), f"{name} community", fallback="community")
    return slug


def _check_parent(community: Community | None, parent: Community | None, *, by: User) -> None:
    """A parent the person may see, open, and never the community itself or one of its own
    sub-groups (a loop)."""
    if parent is None:
        return
    if not access.parents_open_to(by).filter(pk=parent.pk).exists():
        raise NetworkError(_("Choose a community from the list."))
    if community is None:
        return
    ancestor: Community | None = parent
    seen: set[int] = set()
    while ancestor is not None and ancestor.pk not in seen:
        if ancestor.pk == community.pk:
            raise NetworkError(
                _("A community cannot be a sub-group of itself, nor of one of its sub-groups.")
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


def _check_language(language: object) -> None:
    """The language a community's texts are written in: one of those the forms offer."""
    if language not in {code for code, _name in language_choices()}:
        raise NetworkError(_("Choose the language of the name and purpose from the list."))


def _seat(community: Community, person: User, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        community=community, person=person, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def create_community(
    *,
    by: User,
    name: str,
    purpose: str,
    level: str,
    visibility: str,
    language: str = "en",
    parent: Community | None = None,
    regions: list[str] | None = None,
    countries: Iterable[Country] = (),
    themes: list[str] | None = None,
    co_leads: Iterable[User] = (),
    facilitators: Iterable[User] = (),
) -> Community:
    """A community at any level, by a platform facilitator, with its co-leads and facilitators
    (a co-lead named as a facilitator too is a co-lead)."""
    if not access.may_create_communities(by):
        raise NetworkError(_("Only the platform's facilitators create communities."))
    _check_language(language)
    _check_parent(None, parent, by=by)
    leads = list(dict.fromkeys(co_leads))
    others = [person for person in dict.fromkeys(facilitators) if person not in leads]
    if not leads and not others:
        raise NetworkError(_("Name at least one co-lead or facilitator: they run the community."))
    if visibility == CommunityVisibility.PRIVATE and by not in [*leads, *others]:
        raise NetworkError(
            _(
                "A private community is invisible to whoever is not its member: name yourself "
                "among its co-leads or facilitators."
            )
        )
    community = Community.objects.create(
        slug=_community_slug(name),
        name=name,
        purpose=purpose,
        language=language,
        level=level,
        visibility=visibility,
        parent=parent,
        regions=list(regions or []),
        themes=list(themes or []),
    )
    community.countries.set(countries)
    for person in leads:
        _seat(community, person, Role.CO_LEAD)
    for person in others:
        _seat(community, person, Role.FACILITATOR)
    audit.record(
        by,
        "community.created",
        community,
        parent=parent.slug if parent else None,
        co_leads=[str(person.uuid) for person in leads],
        facilitators=[str(person.uuid) for person in others],
    )
    return community


@transaction.atomic
def update_community(
    community: Community,
    *,
    by: User,
    countries: Iterable[Country] | None = None,
    co_leads: Iterable[User] | None = None,
    **fields: object,
) -> Community:
    """A community's texts (name, purpose, the language they are written in, themes, regions)
    and countries, by its facilitators; its co-leads and parent (`co_leads`, `parent`) by the
    platform's facilitators only. A translation into the language it now says it is written in
    is kept (never shown while that is its language), so changing the language back loses
    nothing."""
    if not access.can_build_community(by, community):
        raise NetworkError(
            _("Only the community's facilitators and the platform's facilitators can do this.")
        )
    allowed = {"name", "purpose", "language", "themes", "regions", "parent"}
    if set(fields) - allowed:
        raise NetworkError(_("Only the community's texts, countries and regions can be changed."))
    if "language" in fields:
        _check_language(fields["language"])
    platform = access.may_create_communities(by)
    if "parent" in fields:
        if not platform:
            raise NetworkError(_("Only the platform's facilitators move a community."))
        parent = fields["parent"]
        assert parent is None or isinstance(parent, Community)  # noqa: S101 - narrows the type
        if parent is not None and parent.pk != community.parent_id:
            _check_parent(community, parent, by=by)
        elif parent is None and community.parent_id and community.closed_at:
            raise NetworkError(_("A closed sub-group stays where it was closed."))
    for name, value in fields.items():
        setattr(community, name, value)
    community.save(update_fields=list(fields))
    if countries is not None:
        community.countries.set(countries)
    if co_leads is not None:
        set_co_leads(community, co_leads, by=by)
    changed = [*fields, *(["countries"] if countries is not None else [])]
    audit.record(by, "community.updated", community, fields=sorted(changed))
    return community


@transaction.atomic
def set_co_leads(community: Community, people: Iterable[User], *, by: User) -> None:
    """Appoint the people named as the community's co-leads; a co-lead no longer named stays a
    facilitator (their seat is not taken away unasked). The platform's facilitators only."""
    if not access.may_create_communities(by):
        raise NetworkError(_("Only the platform's facilitators appoint or remove co-leads."))
    wanted = list(dict.fromkeys(people))
    current = Membership.objects.select_for_update().filter(community=community, role=Role.CO_LEAD)
    for membership in current:
        if membership.person not in wanted:
            membership.role = Role.FACILITATOR
            membership.save(update_fields=["role"])
            audit.record(
                by,
                "community.role_changed",
                community,
                person=str(membership.person.uuid),
                before=Role.CO_LEAD,
                after=Role.FACILITATOR,
            )
    for person in wanted:
        before = (
            Membership.objects.filter(community=community, person=person)
            .values_list("role", flat=True)
            .first()
        )
        if before == Role.CO_LEAD:
            continue
        _seat(community, person, Role.CO_LEAD)
        audit.record(
            by,
            "community.role_changed",
            community,
            person=str(person.uuid),
            before=before,
            after=Role.CO_LEAD,
        )


@transaction.atomic
def create_subgroup(
    parent: Community,
    *,
    by: User,
    name: str,
    purpose: str,
    visibility: str,
    language: str = "en",
    themes: list[str] | None = None,
) -> Community:
    """A sub-group of a community, by its facilitators: at the community's level, and facilitated
    by whoever creates it."""
    if not access.can_build_community(by, parent):
        raise NetworkError(
            _("Only the community's facilitators and the platform's facilitators can do this.")
        )
    if parent.closed_at is not None:
        raise NetworkError(_("This sub-group is closed: nothing new starts in it."))
    _check_language(language)
    subgroup = Community.objects.create(
        slug=_community_slug(name),
        name=name,
        purpose=purpose,
        language=language,
        level=parent.level,
        visibility=visibility,
        parent=parent,
        themes=list(themes or []),
    )
    _seat(subgroup, by, Role.FACILITATOR)
    derived.follow(by, subgroup)
    audit.record(by, "community.subgroup_created", subgroup, parent=parent.slug)
    return subgroup


@transaction.atomic
def close_community(community: Community, *, by: User) -> Community:
    """Close a sub-group: it keeps its pages, members and history, and takes no new members
    nor exchanges. Requests waiting to join it are declined with the reason. There is no
    reopening (yet)."""
    if not access.can_close_community(by, community):
        raise NetworkError(
            _(
                "Only the facilitators of the sub-group or of the community it belongs to can "
                "close it."
            )
        )
    if community.parent_id is None:
        raise NetworkError(_("A top-level community cannot be closed: only sub-groups are closed."))
    now = timezone.now()
    if not Community.objects.filter(pk=community.pk, closed_at__isnull=True).update(closed_at=now):
        raise NetworkError(_("This sub-group is closed already."))
    community.closed_at = now
    waiting = CommunityJoinRequest.objects.filter(
        community=community, status=CommunityJoinRequest.Status.PENDING
    )
    for join_request in waiting.select_related("person"):
        decide_join_request(
            join_request, by=by, approve=False, reason=_("The sub-group has closed.")
        )
    audit.record(by, "community.closed", community)
    return community


@transaction.atomic
def translate_community(
    community: Community, *, by: User, language: str, name: str, purpose: str
) -> Community:
    """A community's name and purpose in another language, by an editor or one of its
    facilitators. An empty name takes the translation into that language away. Communities
    are not in the search index: nothing to index again."""
    reason = refusal(language, community.language)
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
