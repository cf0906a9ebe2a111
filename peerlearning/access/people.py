"""People, organisations and affiliations: who is seen, who speaks for an organisation, who
decides the claims to one."""

import uuid as uuid_module
from typing import Any

from django.db.models import Case, F, Q, QuerySet, When
from django.http import Http404

from peerlearning.access.roles import (
    Viewer,
    is_administrator,
    is_member,
    is_platform_facilitator,
)
from peerlearning.accounts.models import Invitation, User, Visibility
from peerlearning.network.models import (
    Affiliation,
    AffiliationStatus,
    Organisation,
    OrganisationStatus,
)

# People ----------------------------------------------------------------------------------------


def people_visible_to[QS: QuerySet[User]](queryset: QS, viewer: Viewer) -> QS:
    """Hidden profiles never appear, not even in their owner's directory; administrators see all."""
    queryset = queryset.filter(is_active=True)
    if is_administrator(viewer):
        return queryset
    if is_member(viewer):
        return queryset.filter(visibility__in=[Visibility.NETWORK, Visibility.PUBLIC])
    return queryset.filter(visibility=Visibility.PUBLIC)


def get_person_for_user(viewer: Viewer, uuid: uuid_module.UUID | str) -> User:
    person = people_visible_to(User.objects.all(), viewer).filter(uuid=uuid).first()
    if person is None:
        raise Http404
    return person


def name_search_q(text: str) -> Q:
    """People found by a name: a pseudonymous person by the pseudonym only, never by the name
    behind it."""
    return Q(pseudonym__icontains=text) | Q(pseudonym="", display_name__icontains=text)


def shown_name(prefix: str = "") -> Case:
    """The name a person is shown by, to sort on: a pseudonymous person's real name must not
    place them."""
    return Case(
        When(**{f"{prefix}pseudonym": ""}, then=F(f"{prefix}display_name")),
        default=F(f"{prefix}pseudonym"),
    )


def shown_affiliations_q() -> Q:
    """Affiliations that may be shown, and so filtered on: confirmed ones only (a claim shown
    beside a name would lend it the organisation's standing), never one hidden behind a
    pseudonym."""
    return Q(status=AffiliationStatus.CONFIRMED) & (
        Q(person__pseudonym="") | Q(shown_with_pseudonym=True)
    )


# Organisations ---------------------------------------------------------------------------------


def organisations_visible_to[QS: QuerySet[Organisation]](queryset: QS, viewer: Viewer) -> QS:
    """Every list of organisations (directory, pickers, choices, API, units of an organisation):
    those in the directory. Organisations are public bodies (who works there is governed by the
    people rule); a proposal, a refused one or a merged duplicate is in no list, not even for
    its proposer or a facilitator: until accepted, nobody can choose it or claim it."""
    return queryset.filter(status=OrganisationStatus.ACTIVE)


def organisation_name_q(text: str) -> Q:
    """Organisations found by what the directory shows of them: the name or the acronym."""
    return Q(name__icontains=text) | Q(acronym__icontains=text)


def may_see_proposal(viewer: Viewer, organisation: Organisation) -> bool:
    """A proposed or refused organisation: seen by who proposed it and by platform
    facilitators, nobody else (its address answers 404)."""
    if organisation.status not in (OrganisationStatus.PROPOSED, OrganisationStatus.REFUSED):
        return False
    if not is_member(viewer):
        return False
    return is_platform_facilitator(viewer) or organisation.proposed_by_id == viewer.pk


def get_organisation_for_user(viewer: Viewer, slug: str) -> Organisation:
    """An organisation of the directory, or a proposal its proposer or a platform facilitator
    may see; 404 for anything else (a merged one too: see `organisation_merged_into`)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    if organisation.status == OrganisationStatus.ACTIVE or may_see_proposal(viewer, organisation):
        return organisation
    raise Http404


def organisation_merged_into(viewer: Viewer, slug: str) -> Organisation | None:
    """Where the address of a merged duplicate leads: the organisation it was merged into, if
    that one is in the directory (a chain of merges is followed a few steps)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    for _step in range(5):
        if organisation is None or organisation.status != OrganisationStatus.MERGED:
            break
        organisation = organisation.merged_into
    if organisation is None or organisation.status != OrganisationStatus.ACTIVE:
        return None
    return organisation


def can_create_organisations(user: Viewer) -> bool:
    """Adds an organisation to the directory at once: platform facilitators (and
    administrators). Any other member proposes one (`can_propose_organisations`)."""
    return is_platform_facilitator(user)


def can_propose_organisations(user: Viewer) -> bool:
    return is_member(user)


def can_review_organisation_proposals(user: Viewer) -> bool:
    return is_platform_facilitator(user)


def own_organisation_proposals(user: Viewer) -> QuerySet[Organisation]:
    """The person's own proposals, waiting or refused (an accepted one is in the directory)."""
    if not is_member(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        proposed_by_id=user.pk,
        status__in=[OrganisationStatus.PROPOSED, OrganisationStatus.REFUSED],
    ).order_by("-created_at", "pk")


def can_merge_organisations(user: Viewer) -> bool:
    return is_platform_facilitator(user)


def confirmed_organisations(user: Viewer) -> QuerySet[Organisation]:
    """The organisations a person speaks for: those of their confirmed affiliations. A claim
    gives no right; this is the one rule for every right that comes from an organisation
    (requests, offers and matches in its name, delegations, e-mails to it)."""
    if not is_member(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=confirmed_organisation_ids(user))


def confirmed_organisation_ids(user: Viewer) -> QuerySet[Affiliation, Any]:
    """The same rule as the ids alone, for a filter (`organisation_id__in=`): one subquery
    less to build than through the organisations."""
    if not is_member(user):
        return Affiliation.objects.none().values("organisation_id")
    return Affiliation.objects.confirmed().filter(person_id=user.pk).values("organisation_id")


def spokespeople(organisation: Organisation | int | None) -> QuerySet[User]:
    """The active people who speak for an organisation (confirmed affiliations): whoever the
    organisation is written to."""
    if organisation is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        pk__in=Affiliation.objects.confirmed().filter(organisation=organisation).values("person"),
    )


def speaks_for(user: Viewer, organisation: Organisation | None) -> bool:
    """May make requests and offers in the organisation's name: people whose affiliation with
    it is confirmed (see `confirmed_organisations`)."""
    if organisation is None or not is_member(user):
        return False
    return confirmed_organisations(user).filter(pk=organisation.pk).exists()


def can_review_all_affiliations(user: Viewer) -> bool:
    """Platform facilitators (the coordinators) and administrators decide any claim."""
    return is_platform_facilitator(user)


def affiliation_claims_to_decide(user: Viewer) -> QuerySet[Affiliation]:
    """Claims this person may confirm or decline: every claim for coordinators; for a confirmed
    member of an organisation, the claims on that organisation (not on its parent or its
    departments). Never one's own claim. A claim hidden behind a pseudonym, or made by a person
    whose profile is hidden, only by coordinators: showing it to the organisation would tell it
    who is behind the name, or name someone who chose to be seen by nobody."""
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


def can_review_affiliations(user: Viewer) -> bool:
    """May open the claims page: coordinators, and whoever speaks for an organisation."""
    return can_review_all_affiliations(user) or confirmed_organisations(user).exists()


def can_manage_domains(user: Viewer, organisation: Organisation) -> bool:
    """May register and remove an organisation's e-mail domains: its confirmed members (for
    the domain of their own verified address only, checked by the action) and coordinators."""
    return can_review_all_affiliations(user) or speaks_for(user, organisation)


def may_read_invitation_address(viewer: Viewer, invitation: Invitation) -> bool:
    """An invitation's address is read by administrators, and by its sender when they typed
    it. A member chosen by the name they show is listed without it: the sender never typed it
    (it may be the one behind a pseudonym). Whether a typed address has an account is never
    told: it is shown either way."""
    return is_administrator(viewer) or invitation.address_typed
