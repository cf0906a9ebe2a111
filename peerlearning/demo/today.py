"""Things to do, dated from the day the demo is loaded (issue 13, requirement 7).

Beside the seed's historical records, each persona finds work waiting on their home: an exchange
open for registration in a few weeks (Madrid time, which keeps daylight saving) with its agenda;
an invitation to it for the member; a match waiting for the answer of the person with lived
experience; a request to join for the facilitator to decide; a follow-up action due next week;
a practice in review for the editor.

Loading again adds nothing while each is still waiting; once one is no longer waiting (answered,
decided, past), a later load adds a fresh one dated from that day, so the demo stays alive."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from peerlearning import access
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import (
    AgendaSession,
    Delegation,
    Exchange,
    ExchangeInvitation,
    ExchangeVisibility,
    Format,
    Mode,
    Outcome,
    OutcomeKind,
    Rule,
    Status,
)
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.models import Concept, Practice
from peerlearning.network.models import (
    Community,
    CommunityJoinRequest,
    Country,
    Membership,
    Organisation,
    Role,
)
from peerlearning.support import actions as support_actions
from peerlearning.support import matching
from peerlearning.support.models import Match, SupportKind, SupportOffer, SupportRequest

GLOBAL = "un-network-global-peer-learning-exchanges"
ASIA = "asia-pacific-regional-peer-learning-platform"
HELD = "ending-child-immigration-detention-2023-05-24"

EXCHANGE_SLUG = "online-exchange-case-management-for-children-and-families"
EXCHANGE_ZONE = "Europe/Madrid"  # daylight saving: the wrong-hour bugs show here first
WEEKS_AHEAD = 3

SESSIONS = [
    (0, 20, "Welcome, the Chatham House Rule and the aims of the exchange", ""),
    (
        20,
        80,
        "Peers share: case management for children and families",
        "Three governments describe how case managers follow a family from the first "
        "screening to the resolution of the case, in the community rather than in detention.",
    ),
    (
        80,
        120,
        "Ideas for solutions and next steps",
        "Participants name what they would try at home and the support they would need.",
    ),
]

REQUEST_TITLE = "Training for people with lived experience who speak at peer exchanges"
OFFER_TITLE = "Technical advice and peer learning on alternatives to detention"
FOLLOW_UP = (
    "Circulate the summary of the key learnings on ending child immigration detention to the "
    "participating governments."
)
PRACTICE_ID = "demo-screening-and-referral-of-children-at-the-border"


@dataclass(frozen=True)
class Today:
    """What was added (or found still waiting)."""

    exchange: Exchange | None
    invitation: ExchangeInvitation | None
    match: Match | None
    join_request: CommunityJoinRequest | None
    follow_up: Outcome | None
    practice: Practice | None


def _person(email: str) -> User | None:
    return User.objects.filter(email=email, is_active=True).first()


@transaction.atomic
def load(today: datetime.date | None = None) -> Today:
    """Add what is not waiting any more, dated from `today` (the day of the load by default)."""
    now = (
        timezone.now()
        if today is None
        else datetime.datetime.combine(today, datetime.time(9), tzinfo=datetime.UTC)
    )
    today = today or timezone.localdate()
    exchange = _upcoming_exchange(now, today)
    return Today(
        exchange=exchange,
        invitation=_invitation(exchange, now),
        match=_match(),
        join_request=_join_request(),
        follow_up=_follow_up(today),
        practice=_practice(),
    )


def _upcoming_exchange(now: datetime.datetime, today: datetime.date) -> Exchange | None:
    community = Community.objects.filter(slug=GLOBAL).first()
    if community is None:
        return None
    waiting = (
        Exchange.objects.filter(
            slug__startswith=EXCHANGE_SLUG, status=Status.OPEN, starts_at__gt=now
        )
        .order_by("starts_at")
        .first()
    )
    if waiting is not None:
        return waiting
    zone = zoneinfo.ZoneInfo(EXCHANGE_ZONE)
    day = today + datetime.timedelta(weeks=WEEKS_AHEAD)
    starts = datetime.datetime.combine(day, datetime.time(15), tzinfo=zone)
    slug = f"{EXCHANGE_SLUG}-{day.isoformat()}"
    if Exchange.objects.filter(slug=slug).exists():
        return None  # that day's exchange was moved on by hand: leave it
    exchange = Exchange.objects.create(
        slug=slug,
        community=community,
        title="Online exchange: case management for children and families",
        description="An online peer exchange among governments, local authorities, civil "
        "society and people with lived experience on case management that keeps children and "
        "families in the community. Interpretation into Spanish, French and Arabic.",
        theme="Case management for children and families",
        format=Format.WEBINAR,
        mode=Mode.ONLINE,
        time_zone=EXCHANGE_ZONE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        languages=["en", "es", "fr", "ar"],
        interpretation=["es", "fr", "ar"],
        rule=Rule.CHATHAM_HOUSE,
        capacity=80,
        registration_opens_at=now - datetime.timedelta(days=2),
        registration_closes_at=starts - datetime.timedelta(days=2),
        visibility=ExchangeVisibility.NETWORK,
        status=Status.OPEN,
    )
    exchange.co_conveners.set(Organisation.objects.filter(acronym__in=["IDC", "UNICEF"]))
    for start, end, title, description in SESSIONS:
        AgendaSession.objects.create(
            exchange=exchange,
            starts_at=starts + datetime.timedelta(minutes=start),
            ends_at=starts + datetime.timedelta(minutes=end),
            title=title,
            description=description,
        )
    return exchange


def _invitation(exchange: Exchange | None, now: datetime.datetime) -> ExchangeInvitation | None:
    member = _person("member@example.org")
    if member is None:
        return None
    waiting = access.invitations_waiting(member, now).first()
    if waiting is not None or exchange is None:
        return waiting
    organisation = access.confirmed_organisations(member).first()
    delegation = None
    if organisation is not None:
        delegation, _created = Delegation.objects.get_or_create(
            exchange=exchange, organisation=organisation, defaults={"invited": True}
        )
    invitation, created = ExchangeInvitation.objects.get_or_create(
        exchange=exchange, person=member, defaults={"delegation": delegation}
    )
    return invitation if created else None


def _match() -> Match | None:
    """A match proposed by the coordinator for the request of the person with lived
    experience; the offering side has accepted already, so their answer settles it."""
    lived, coordinator = _person("lived@example.org"), _person("facilitator@example.org")
    if lived is None or coordinator is None:
        return None
    waiting = access.matches_awaiting(Match.objects.all(), lived).first()
    if waiting is not None:
        return waiting
    request = SupportRequest.objects.filter(title=REQUEST_TITLE, requested_by=lived).first()
    if request is None:
        concepts = list(
            Concept.objects.filter(
                slug__in=["lived-experience", "training", "alternatives-to-detention"]
            )
        )
        if not concepts:
            return None
        request = support_actions.create_request(
            by=lived,
            concepts=concepts,
            organisation=access.confirmed_organisations(lived).first(),
            title=REQUEST_TITLE,
            description="People who lived through detention are asked to speak at peer "
            "exchanges. We ask for a short training: preparing a testimony, speaking under the "
            "Chatham House Rule, and staying safe when speaking in public.",
            kind=SupportKind.TRAINING,
            languages=["ar", "en"],
            region="mena",
            language="en",
        )
    offer = (
        SupportOffer.objects.filter(title=OFFER_TITLE, active=True)
        .exclude(matches__request=request)
        .first()
    )
    if offer is None or request.is_ended:
        return None
    ranked = matching.rank_offers(request, SupportOffer.objects.filter(pk=offer.pk), limit=1)
    return Match.objects.create(
        request=request,
        offer=offer,
        score=ranked[0].score if ranked else 0,
        reasons=ranked[0].reasons if ranked else [],
        proposed_by=coordinator,
        offerer_decision="accepted",
    )


def _join_request() -> CommunityJoinRequest | None:
    """The outsider asks to join a community the facilitator facilitates."""
    facilitator, outsider = _person("facilitator@example.org"), _person("outsider@example.org")
    if facilitator is None or outsider is None:
        return None
    waiting = access.join_requests_to_decide(facilitator).first()
    if waiting is not None:
        return waiting
    facilitated = Membership.objects.filter(person=facilitator, role=Role.FACILITATOR).values(
        "community"
    )
    community = (
        Community.objects.filter(pk__in=facilitated, slug=ASIA)
        .exclude(memberships__person=outsider)
        .exclude(join_requests__person=outsider)
        .first()
    )
    if community is None:
        return None
    return CommunityJoinRequest.objects.create(
        community=community,
        person=outsider,
        message="I work with a municipality in Mexico on alternatives for families; I would "
        "like to learn from the platform's exchanges.",
    )


def _follow_up(today: datetime.date) -> Outcome | None:
    """A follow-up action of the held exchange, owned by the coordinator's organisation, due a
    week from the day of the load."""
    exchange = Exchange.objects.filter(slug=HELD).first()
    owner = Organisation.objects.filter(acronym="IDC").first()
    if exchange is None or owner is None:
        return None
    due = Outcome.objects.follow_ups_due(today + datetime.timedelta(days=14)).filter(
        exchange=exchange, due_on__gte=today
    )
    if due.exists():
        return due.first()
    outcome = Outcome.objects.create(
        exchange=exchange,
        kind=OutcomeKind.FOLLOW_UP,
        text=FOLLOW_UP,
        owner=owner,
        due_on=today + datetime.timedelta(days=7),
        status="open",
        position=Outcome.objects.filter(exchange=exchange).count(),
    )
    outcome.history.create(status="open")
    return outcome


def _practice() -> Practice | None:
    """A practice submitted by the facilitator, waiting for the editor's review."""
    facilitator, editor = _person("facilitator@example.org"), _person("editor@example.org")
    if facilitator is None or editor is None:
        return None
    waiting = access.practices_to_review(editor).first()
    if waiting is not None or Practice.objects.filter(external_id=PRACTICE_ID).exists():
        return waiting
    practice = knowledge_actions.create_practice(
        by=facilitator,
        countries=list(Country.objects.filter(code="MX")),
        external_id=PRACTICE_ID,
        title="Screening and referral of children at the border (demo draft)",
        summary="Border officials screen every child on arrival and refer them to child "
        "protection services within 24 hours, instead of to immigration facilities.",
        description="A draft written for the demo, to show how a practice is reviewed: an "
        "editor other than its author publishes it or returns it with a comment.",
        region="americas",
        target_groups=["children"],
        # A practice goes to review only with a source (the 2020 reform it rests on).
        sources=[
            {
                "url": "https://www.loc.gov/item/global-legal-monitor/2021-02-26/mexico-migration-"
                "law-amendment-requires-placing-undocumented-children-in-shelters-not-detention-"
                "centers/",
                "title": "Library of Congress Global Legal Monitor, 26 Feb 2021",
            }
        ],
    )
    practice.concepts.set(Concept.objects.filter(slug__in=["children", "screening-and-assessment"]))
    knowledge_actions.submit_practice(practice, by=facilitator)
    return practice
