"""The papers of an exchange: its joining details, the invitation letter of a delegation and the
attendance certificate of a person. Each is for the people it concerns and the exchange's
facilitators, and names nobody else."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.access.exchanges import is_participant
from peerlearning.access.roles import Viewer, can_facilitate, is_member
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import (
    HELD_STATUSES,
    Delegation,
    Exchange,
    Registration,
    RegistrationStatus,
)


def can_see_joining_details(viewer: Viewer, exchange: Exchange) -> bool:
    """The video link, the venue and the logistics: for registered participants (not waiting,
    not cancelled, not merely invited) and for the facilitators who write them."""
    return is_participant(viewer, exchange) or can_facilitate(viewer, exchange.community)


def joining_details_for(viewer: Viewer, exchange: Exchange) -> Exchange | None:
    """The exchange whose joining details the viewer may read (every page, e-mail and calendar
    file asks this), or None."""
    return exchange if can_see_joining_details(viewer, exchange) else None


def has_joining_details(exchange: Exchange) -> bool:
    return bool(exchange.joining_link or exchange.joining_venue.strip() or exchange.joining_notes)


def registered_members(delegation: Delegation) -> QuerySet[Registration]:
    """Those of a delegation who hold a place (the waiting list and cancellations are not)."""
    return (
        Registration.objects.filter(delegation=delegation, status=RegistrationStatus.REGISTERED)
        .select_related("person")
        .order_by("created_at", "pk")
    )


def named_in_letter(viewer: Viewer, exchange: Exchange, delegation: Delegation) -> list[User]:
    """Who a delegation's letter names, for this viewer. The exchange's facilitators get the
    whole delegation; a member gets a letter naming themselves only: who else of their
    organisation takes part is not theirs to learn (under the rule, only facilitators see the
    participants), nor the pseudonym a colleague uses."""
    members = [registration.person for registration in registered_members(delegation)]
    if can_facilitate(viewer, exchange.community):
        return members
    return [person for person in members if person.pk == viewer.pk]


def get_delegation_for_letter(viewer: Viewer, exchange: Exchange, organisation: str) -> Delegation:
    """The delegation whose invitation letter the viewer may download: their own (they hold a
    place in it), or, for the exchange's facilitators, the one named by its organisation's
    address name. 404 otherwise, and for a delegation with nobody registered."""
    if not is_member(viewer):
        raise Http404
    delegations = Delegation.objects.filter(exchange=exchange).select_related("organisation")
    if organisation and can_facilitate(viewer, exchange.community):
        delegation = delegations.filter(organisation__slug=organisation).first()
    else:
        own = Registration.objects.filter(
            exchange=exchange, person_id=viewer.pk, status=RegistrationStatus.REGISTERED
        ).values("delegation")
        delegation = delegations.filter(pk__in=own).first()
        if delegation is not None and organisation and delegation.organisation.slug != organisation:
            delegation = None
    if delegation is None or not registered_members(delegation).exists():
        raise Http404
    return delegation


def exchange_has_ended(exchange: Exchange) -> bool:
    """Held: marked so by the facilitators and, when its dates are known, over."""
    return exchange.status in HELD_STATUSES and (exchange.end is None or exchange.has_ended())


def attended(person: User, exchange: Exchange) -> bool:
    """No roll call is taken: whoever held a place when the exchange was held attended it,
    unless the facilitators marked them absent afterwards."""
    return Registration.objects.filter(
        exchange=exchange,
        person=person,
        status=RegistrationStatus.REGISTERED,
        absent_marked_at__isnull=True,
    ).exists()


def get_attendee_for_certificate(viewer: Viewer, exchange: Exchange, person: str) -> User:
    """The person whose attendance certificate the viewer may download, once the exchange has
    ended: themselves if they attended, or, for the facilitators, any attendee named by their
    public id. 404 otherwise."""
    if not is_member(viewer) or not exchange_has_ended(exchange):
        raise Http404
    if person and can_facilitate(viewer, exchange.community):
        people = User.objects.filter(is_active=True)
        attendee = people.filter(uuid=person).first() if _is_uuid(person) else None
    elif not person or (isinstance(viewer, User) and str(viewer.uuid) == person):
        attendee = viewer if isinstance(viewer, User) else None
    else:
        attendee = None
    if attendee is None or not attended(attendee, exchange):
        raise Http404
    return attendee


def may_download_certificate(viewer: Viewer, exchange: Exchange) -> bool:
    """Offer the certificate on the exchange's page: the exchange has ended and the viewer
    attended it."""
    return (
        isinstance(viewer, User)
        and is_member(viewer)
        and exchange_has_ended(exchange)
        and attended(viewer, exchange)
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def get_registration_for_attendance(viewer: Viewer, exchange: Exchange, uuid: str) -> Registration:
    """A place held in the exchange, for its facilitators to mark absent or present once the
    exchange has ended: 403 for anyone else, 404 for no such place."""
    if not can_facilitate(viewer, exchange.community):
        raise PermissionDenied(_("Only the facilitators of this exchange can do this."))
    registration = (
        Registration.objects.filter(
            exchange=exchange, uuid=uuid, status=RegistrationStatus.REGISTERED
        )
        .select_related("person")
        .first()
    )
    if registration is None:
        raise Http404
    return registration
