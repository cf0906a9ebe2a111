"""Writes to support requests, offers and matches. Each is atomic, checks who may do it,
records the history and the audit trail, and sends its e-mails after commit in each
recipient's language. Refusals raise `SupportError` with a translated message; nothing is
changed then."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peerlearning import access, derived
from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import Outcome, OutcomeKind
from peerlearning.knowledge.models import Concept
from peerlearning.lib.mail import send_templated_email
from peerlearning.network.models import Country, Organisation
from peerlearning.notifications.models import Kind
from peerlearning.support import matching
from peerlearning.support.models import (
    ACTIVE_MATCH,
    ENDED,
    REQUEST_TRANSITIONS,
    Decision,
    Match,
    MatchNote,
    MatchStatus,
    RequestEvent,
    RequestStatus,
    SupportOffer,
    SupportRequest,
    SupportVisibility,
)


class SupportError(Exception):
    """A request that cannot be carried out; the message is translated and shown as it is."""


# Requests ----------------------------------------------------------------------------------


@transaction.atomic
def create_request(
    *,
    by: User,
    concepts: Iterable[Concept],
    countries: Iterable[Country] = (),
    organisation: Organisation | None = None,
    **fields: Any,
) -> SupportRequest:
    concepts = list(concepts)
    if not concepts:
        raise SupportError(_("Name at least one topic: offers are matched on topics."))
    if organisation is not None and not (
        access.speaks_for(by, organisation) or access.can_coordinate_support(by)
    ):
        raise SupportError(
            _("You can ask in the name of an organisation only if you belong to it.")
        )
    community = fields.get("community")
    if community is not None and not (
        access.community_role(by, community) or access.can_coordinate_support(by)
    ):
        raise SupportError(_("You can share a request only with a community you belong to."))
    if fields.get("visibility") == SupportVisibility.COMMUNITY and community is None:
        raise SupportError(_("Choose the community that may see the request."))
    fields.setdefault("language", (translation.get_language() or "en").split("-")[0])
    request = SupportRequest.objects.create(requested_by=by, organisation=organisation, **fields)
    request.concepts.set(concepts)
    request.countries.set(list(countries))
    matching.reread(request)  # what its text says, for matching
    RequestEvent.objects.create(request=request, status=request.status, actor=by)
    audit.record(by, "support.request_created", request)
    derived.schedule_suggestions_refresh()  # requests and offers are what suggestions are made of
    return request


@transaction.atomic
def request_from_outcome(outcome: Outcome, *, by: User, **fields: Any) -> SupportRequest:
    """A support need recorded at an exchange becomes a request, on behalf of the exchange's
    community. It keeps the link to the outcome, and nothing of who raised the need: under the
    Chatham House Rule there is nothing to keep, and the request is made by whoever turns it."""
    if outcome.kind != OutcomeKind.SUPPORT_NEED:
        raise SupportError(_("Only a support need can become a support request."))
    if not access.can_facilitate(by, outcome.exchange.community):
        raise SupportError(_("Only the community's facilitators can do this."))
    if SupportRequest.objects.filter(outcome=outcome).exists():
        raise SupportError(_("This support need is a request already."))
    if access.is_private_exchange(outcome.exchange):
        # What was raised behind closed doors stays with the community unless widened.
        fields.setdefault("visibility", SupportVisibility.COMMUNITY)
    return create_request(
        by=by,
        outcome=outcome,
        raised_at_exchange=True,
        community=outcome.exchange.community,
        **fields,
    )


def _affiliates(organisation_id: int | None) -> list[User]:
    return list(access.spokespeople(organisation_id))


def _contacts_of_request(request: SupportRequest) -> list[User]:
    """Who hears about a request's matches: whoever made it; else the people of the requesting
    organisation; else the community's facilitators."""
    if request.requested_by and request.requested_by.is_active:
        return [request.requested_by]
    if request.organisation_id:
        return _affiliates(request.organisation_id)
    if request.community_id:
        return list(
            User.objects.filter(
                memberships__community_id=request.community_id,
                memberships__role__in=access.FACILITATING_ROLES,
                is_active=True,
            )
        )
    return []


def _contacts_of_offer(offer: SupportOffer) -> list[User]:
    """The expert, whoever made the offer, and the people of the offering organisation."""
    people = [person for person in (offer.expert, offer.offered_by) if person and person.is_active]
    return list(dict.fromkeys([*people, *_affiliates(offer.organisation_id)]))


def _record(request: SupportRequest, status: str, *, by: User | None, note: str = "") -> None:
    previous, request.status = request.status, status
    request.updated_at = timezone.now()
    request.save(update_fields=["status", "updated_at"])
    RequestEvent.objects.create(request=request, status=status, note=note[:500], actor=by)
    audit.record(by, "support.request_status", request, before=previous, after=status)


@transaction.atomic
def move_request(request: SupportRequest, status: str, *, by: User, note: str = "") -> None:
    """Close, reopen or mark fulfilled by hand (a party or a coordinator)."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if not (access.is_request_party(by, request) or access.can_coordinate_support(by)):
        raise SupportError(_("Only those making the request or a coordinator can do this."))
    if status not in REQUEST_TRANSITIONS.get(request.status, []):
        raise SupportError(
            _("A request cannot go from “%(current)s” to “%(next)s”.")
            % {"current": request.get_status_display(), "next": RequestStatus(status).label}
        )
    _record(request, status, by=by, note=note)
    derived.schedule_suggestions_refresh()  # requests and offers are what suggestions are made of
    if status in ENDED:
        for match in request.matches.filter(status__in=ACTIVE_MATCH):
            match.status = MatchStatus.CLOSED
            match.ended_at = timezone.now()
            match.save(update_fields=["status", "ended_at"])


@transaction.atomic
def edit_request(
    request: SupportRequest,
    *,
    by: User,
    concepts: Iterable[Concept],
    countries: Iterable[Country] | None = None,
    **fields: Any,
) -> SupportRequest:
    """Change what a request says (a party or a coordinator); its status moves apart."""
    if not (access.is_request_party(by, request) or access.can_coordinate_support(by)):
        raise SupportError(_("Only those making the request or a coordinator can do this."))
    concepts = list(concepts)
    if not concepts:
        raise SupportError(_("Name at least one topic: offers are matched on topics."))
    if fields.get("visibility") == SupportVisibility.COMMUNITY and request.community_id is None:
        raise SupportError(_("Choose the community that may see the request."))
    if request.raised_at_exchange and countries:
        # Naming a country would say whose delegation raised the need: the rule forbids it.
        raise SupportError(_("A need raised at an exchange is not attributed to a country."))
    for name, value in fields.items():
        setattr(request, name, value)
    request.updated_at = timezone.now()
    request.save()
    request.concepts.set(concepts)
    matching.reread(request)
    if countries is not None:
        request.countries.set(list(countries))
    audit.record(by, "support.request_edited", request, fields=sorted(fields))
    derived.schedule_suggestions_refresh()  # requests and offers are what suggestions are made of
    return request


# Offers ------------------------------------------------------------------------------------


@transaction.atomic
def create_offer(
    *,
    by: User,
    concepts: Iterable[Concept],
    organisation: Organisation | None = None,
    as_expert: bool = False,
    **fields: Any,
) -> SupportOffer:
    concepts = list(concepts)
    if not concepts:
        raise SupportError(_("Name at least one topic: offers are matched on topics."))
    if not fields.get("kinds"):
        raise SupportError(_("Say what kind of support you offer."))
    if organisation is not None:
        if not access.speaks_for(by, organisation):
            raise SupportError(
                _("You can offer in the name of an organisation only if you belong to it.")
            )
        expert = None
    elif as_expert:
        if not by.offers_expertise:
            raise SupportError(
                _("Join the expert roster (in your profile) to offer support as an expert.")
            )
        expert = by
    else:
        raise SupportError(
            _("Offer in the name of an organisation you belong to, or as an expert.")
        )
    fields.setdefault("language", (translation.get_language() or "en").split("-")[0])
    offer = SupportOffer.objects.create(
        organisation=organisation, expert=expert, offered_by=by, **fields
    )
    offer.concepts.set(concepts)
    matching.reread(offer)  # what its text says, for matching
    audit.record(by, "support.offer_created", offer)
    derived.schedule_suggestions_refresh()  # requests and offers are what suggestions are made of
    return offer


@transaction.atomic
def edit_offer(
    offer: SupportOffer, *, by: User, concepts: Iterable[Concept], **fields: Any
) -> SupportOffer:
    if not (access.is_offer_party(by, offer) or access.can_coordinate_support(by)):
        raise SupportError(_("Only those making the offer or a coordinator can do this."))
    concepts = list(concepts)
    if not concepts:
        raise SupportError(_("Name at least one topic: offers are matched on topics."))
    if not fields.get("kinds", offer.kinds):
        raise SupportError(_("Say what kind of support you offer."))
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save()
    offer.concepts.set(concepts)
    matching.reread(offer)
    audit.record(by, "support.offer_edited", offer, fields=sorted(fields))
    derived.schedule_suggestions_refresh()  # requests and offers are what suggestions are made of
    return offer


@transaction.atomic
def set_offer_active(offer: SupportOffer, active: bool, *, by: User) -> None:
    if not (access.is_offer_party(by, offer) or access.can_coordinate_support(by)):
        raise SupportError(_("Only those making the offer or a coordinator can do this."))
    offer.active = active
    offer.save(update_fields=["active"])
    audit.record(by, "support.offer_active", offer, active=active)
    derived.schedule_suggestions_refresh()  # requests and offers are what suggestions are made of


# Matches -----------------------------------------------------------------------------------


def _mail_match(template: str, match: Match, people: Iterable[User], **context: Any) -> None:
    for person in people:
        send_templated_email(
            f"support/email/{template}",
            person,
            {"match": match, "url": f"{settings.SITE_URL}{match.get_absolute_url()}", **context},
            builder="peerlearning.support.actions.match_mail_context",
        )


def _tell_match(
    kind: Kind, template: str, match: Match, people: Iterable[User], **context: Any
) -> None:
    """What concerns these people directly: a notification each, and this e-mail to those who
    want this kind at once (the others read it in their digest, or only on the platform)."""
    derived.notify(
        kind,
        match,
        people,
        email=f"support/email/{template}",
        email_context={
            "match": match,
            "url": f"{settings.SITE_URL}{match.get_absolute_url()}",
            **context,
        },
        builder="peerlearning.support.actions.match_mail_context",
        again=True,
    )


def match_mail_context(context: dict[str, Any]) -> dict[str, Any]:
    """Run by the sending task, in the recipient's language: the match's two sides, its reasons,
    and the answering side's reason (read from the match, never carried by the task)."""
    match: Match = context["match"]
    side = context.get("answered_by")
    return {
        "request": match.request,
        "offer": match.offer,
        "reasons": matching.describe(match.reasons, translation.get_language()),
        "reason": getattr(match, f"{side}_reason") if side else "",
    }


@transaction.atomic
def propose_match(request: SupportRequest, offer: SupportOffer, *, by: User) -> Match:
    if not access.can_coordinate_support(by):
        raise SupportError(_("Only coordinators can propose a match."))
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.is_ended:
        raise SupportError(
            _("This request is “%(status)s”: reopen it before proposing a match.")
            % {"status": request.get_status_display()}
        )
    if not offer.active:
        raise SupportError(_("This offer has been withdrawn."))
    if Match.objects.filter(request=request, offer=offer).exists():
        raise SupportError(_("This offer has been proposed for this request already."))
    ranked = matching.rank_offers(request, SupportOffer.objects.filter(pk=offer.pk), limit=1)
    score, reasons = (ranked[0].score, ranked[0].reasons) if ranked else (0, [])
    match = Match.objects.create(
        request=request, offer=offer, score=score, reasons=reasons, proposed_by=by
    )
    told = proposal_recipients(match)
    audit.record(
        by,
        "support.match_proposed",
        match,
        told={side: [person.pk for person in people] for side, people in told.items()},
    )
    _tell_match(
        Kind.MATCH_PROPOSED,
        "match_proposed",
        match,
        dict.fromkeys([*told["request"], *told["offer"]]),
    )
    return match


def proposal_recipients(match: Match) -> dict[str, list[User]]:
    """Who is written to about a proposed match, side by side ("request", "offer"): active
    people with an address (a claimant whose affiliation is not confirmed speaks for nobody).
    A side with nobody is not told — what the coordinator is shown must say so."""

    def reachable(people: Iterable[User]) -> list[User]:
        return [person for person in dict.fromkeys(people) if person.is_active and person.email]

    return {
        "request": reachable(_contacts_of_request(match.request)),
        "offer": reachable(_contacts_of_offer(match.offer)),
    }


def sides_of(user: User, match: Match) -> list[str]:
    sides = []
    if access.is_request_party(user, match.request):
        sides.append("request")
    if access.is_offer_party(user, match.offer):
        sides.append("offer")
    return sides


@transaction.atomic
def answer_match(match: Match, *, by: User, accept: bool, reason: str = "") -> Match:
    """One side accepts or declines. Declining needs a reason; both accepting makes the request
    matched."""
    match = Match.objects.select_for_update().select_related("request", "offer").get(pk=match.pk)
    sides = sides_of(by, match)
    if not sides:
        raise SupportError(_("Only the two sides of a match can answer it."))
    if match.status != MatchStatus.PROPOSED:
        raise SupportError(
            _("This match is “%(status)s”: it has been answered.")
            % {"status": match.get_status_display()}
        )
    if not accept and not reason.strip():
        raise SupportError(
            _("Say why you decline: the other side and the coordinator learn from it.")
        )
    decision = Decision.ACCEPTED if accept else Decision.DECLINED
    for side in sides:
        setattr(match, f"{'requester' if side == 'request' else 'offerer'}_decision", decision)
        setattr(match, f"{'requester' if side == 'request' else 'offerer'}_reason", reason[:500])
    if not accept:
        match.status = MatchStatus.DECLINED
        match.ended_at = timezone.now()
    elif match.requester_decision == match.offerer_decision == Decision.ACCEPTED:
        match.status = MatchStatus.ACCEPTED
        if match.request.status == RequestStatus.OPEN:
            _record(match.request, RequestStatus.MATCHED, by=by)
    match.save()
    audit.record(by, "support.match_answered", match, accept=accept, sides=sides)
    told = answer_recipients(match, by=by, sides=sides)
    _tell_match(
        Kind.MATCH_ANSWERED,
        "match_answered",
        match,
        list(dict.fromkeys([*told["other_side"], *told["coordinator"]])),
        accepted=accept,
        answered_by="requester" if "request" in sides else "offerer",
    )
    return match


def _coordinator_told(match: Match, by: User) -> list[User]:
    coordinator = match.proposed_by
    if coordinator and coordinator.is_active and coordinator.email and coordinator != by:
        return [coordinator]
    return []


def answer_recipients(match: Match, *, by: User, sides: list[str]) -> dict[str, list[User]]:
    """Who is written to when `by` answers a match for `sides`: the people of the other side
    ("other_side", none if `by` speaks for both or nobody there can be reached) and the
    coordinator who proposed it ("coordinator"). What the person is told must say the same."""
    others = [
        *(_contacts_of_request(match.request) if "request" not in sides else []),
        *(_contacts_of_offer(match.offer) if "offer" not in sides else []),
    ]
    return {
        "other_side": [
            person
            for person in dict.fromkeys(others)
            if person != by and person.is_active and person.email
        ],
        "coordinator": _coordinator_told(match, by),
    }


def _may_follow(user: User, match: Match) -> bool:
    return bool(sides_of(user, match)) or access.can_coordinate_support(user)


@transaction.atomic
def start_match(match: Match, *, by: User) -> Match:
    match = Match.objects.select_for_update().select_related("request").get(pk=match.pk)
    if not _may_follow(by, match):
        raise SupportError(_("Only the two sides of a match or a coordinator can do this."))
    if match.status != MatchStatus.ACCEPTED:
        raise SupportError(_("Work can start once both sides have accepted."))
    match.status = MatchStatus.IN_PROGRESS
    match.save(update_fields=["status"])
    if match.request.status in (RequestStatus.OPEN, RequestStatus.MATCHED):
        if match.request.status == RequestStatus.OPEN:
            _record(match.request, RequestStatus.MATCHED, by=by)
        _record(match.request, RequestStatus.IN_PROGRESS, by=by)
    audit.record(by, "support.match_started", match)
    return match


@transaction.atomic
def add_note(match: Match, *, by: User, text: str) -> MatchNote:
    if not _may_follow(by, match):
        raise SupportError(_("Only the two sides of a match or a coordinator can do this."))
    if match.status not in (MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS):
        raise SupportError(_("Notes follow a match once both sides have accepted it."))
    if not text.strip():
        raise SupportError(_("Write the note."))
    return MatchNote.objects.create(match=match, author=by, text=text.strip())


@transaction.atomic
def end_match(match: Match, *, by: User, fulfilled: bool, outcome: str) -> Match:
    """Close the support with its outcome. Fulfilled support fulfils the request."""
    match = Match.objects.select_for_update().select_related("request", "offer").get(pk=match.pk)
    if not _may_follow(by, match):
        raise SupportError(_("Only the two sides of a match or a coordinator can do this."))
    if match.status not in (MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS):
        raise SupportError(_("Only an accepted match can be closed with an outcome."))
    if not outcome.strip():
        raise SupportError(_("Describe the outcome: what was done, and what changed."))
    match.status = MatchStatus.FULFILLED if fulfilled else MatchStatus.CLOSED
    match.outcome = outcome.strip()
    match.ended_at = timezone.now()
    match.save(update_fields=["status", "outcome", "ended_at"])
    request = SupportRequest.objects.select_for_update().get(pk=match.request_id)
    if fulfilled and request.status not in ENDED:
        if request.status in (RequestStatus.OPEN, RequestStatus.MATCHED):
            _record(request, RequestStatus.IN_PROGRESS, by=by)
        _record(request, RequestStatus.FULFILLED, by=by, note=outcome)
        derived.schedule_suggestions_refresh()  # a fulfilled request no longer says it is faced
    audit.record(by, "support.match_ended", match, fulfilled=fulfilled)
    people = [*_contacts_of_request(request), *_contacts_of_offer(match.offer)]
    _mail_match("match_ended", match, [p for p in dict.fromkeys(people) if p != by])
    return match
