"""Demo support: the needs the seed names, offers from the demo organisations, the matches
the seed reports (OMCT building the capacities of the Libyan Anti-Torture Network; IDC
connecting Mexican local authorities in August 2022), and the suggestions that follow.

Requests are recorded by the demo facilitator (a coordinator) in the name of the organisation
or community the seed names; the Thai government's request is made by the demo official."""

from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from peerlearning.accounts.models import User
from peerlearning.exchanges.models import (
    Contribution,
    ContributionKind,
    Exchange,
    Outcome,
    OutcomeKind,
)
from peerlearning.knowledge.models import Concept, Practice
from peerlearning.network.models import Community, Country, Organisation
from peerlearning.support import actions, matching, suggestions
from peerlearning.support.models import (
    Match,
    MatchNote,
    MatchStatus,
    RequestEvent,
    RequestStatus,
    SupportKind,
    SupportOffer,
    SupportRequest,
    SupportVisibility,
)

K = SupportKind

# (title, kind, topics, languages, countries, region, organisation, community, created, text)
REQUESTS: list[tuple[Any, ...]] = [
    (
        "Peer exchange on alternatives to detention in transit settings",
        K.TECHNICAL_ADVICE,
        ["transit-settings", "alternatives-to-detention"],
        ["en", "es", "fr"],
        [],
        "global",
        None,
        "un-network-global-peer-learning-exchanges",
        date(2023, 6, 1),
        "The UN Network on Migration workplan plans a peer learning exchange on alternatives to "
        "detention in transit settings, after the one on ending child immigration detention. "
        "Governments of transit countries ask for technical advice and examples to prepare it.",
    ),
    (
        "Preventing pre-entry detention of migrants",
        K.PEER_EXCHANGE,
        ["pre-entry-detention", "border-procedures"],
        ["en", "fr"],
        [],
        "global",
        None,
        "un-network-global-peer-learning-exchanges",
        date(2023, 6, 1),
        "The third planned exchange of the workplan, on the prevention of pre-entry detention: "
        "governments look for peers who have kept people out of detention at the border.",
    ),
    (
        "Capacity building for documentation and advocacy in Libya",
        K.CAPACITY_BUILDING,
        ["independent-monitoring", "advocacy", "survivors-of-torture"],
        ["ar", "en"],
        ["LY"],
        "mena",
        "lan",
        None,
        date(2022, 11, 15),
        "Training matters most: groups that learn to record abuses and make their case "
        "abroad are heard. The Libyan Anti-Torture Network "
        "brings together civil society organisations documenting inhumane conditions in "
        "detention and reporting them to international bodies.",
    ),
    (
        "Training for local authorities on ending child immigration detention",
        K.TRAINING,
        ["local-authorities", "child-immigration-detention", "child-protection-system"],
        ["es"],
        ["MX"],
        "americas",
        None,
        "mexico-local-authorities-ending-child-detention",
        date(2023, 3, 1),
        "Local authorities in Mexico working to end child immigration detention ask for training "
        "on referral to child protection and community-based care.",
    ),
    (
        "Connect local authorities working on child detention in Mexico",
        K.PEER_EXCHANGE,
        ["local-authorities", "child-immigration-detention"],
        ["es"],
        ["MX"],
        "americas",
        None,
        "mexico-local-authorities-ending-child-detention",
        date(2022, 6, 1),
        "Some local authorities were not yet connected with each other; they ask to meet peers "
        "doing the same work.",
    ),
    (
        "Site visit: community placement for unaccompanied children",
        K.SITE_VISIT,
        ["community-placement", "unaccompanied-children"],
        ["en"],
        ["ID"],
        "asia-pacific",
        "government-of-indonesia",
        None,
        date(2023, 4, 20),
        "A site visit to see community placement and case management for unaccompanied children "
        "at work, to inform screening and referral after release from immigration detention.",
    ),
]

# (title, kinds, topics, languages, regions, organisation, availability, capacity, text)
OFFERS: list[tuple[Any, ...]] = [
    (
        "Technical advice and peer learning on alternatives to detention",
        [K.TECHNICAL_ADVICE, K.PEER_EXCHANGE, K.TRAINING, K.CAPACITY_BUILDING],
        [
            "alternatives-to-detention",
            "case-management",
            "child-immigration-detention",
            "community-placement",
            "transit-settings",
            "pre-entry-detention",
            "screening-and-assessment",
            "local-authorities",
        ],
        ["en", "es", "fr", "ar"],
        ["global"],
        "idc",
        "Remote advice; exchanges convened with the UN Network on Migration.",
        5,
        "Evidence, practices and facilitation from the coalition's research and two decades of "
        "work with governments on alternatives to immigration detention.",
    ),
    (
        "Child protection and alternative care for children on the move",
        [K.TECHNICAL_ADVICE, K.CAPACITY_BUILDING],
        ["children", "alternative-care", "family-based-care", "whole-of-government"],
        ["en", "ar", "fr"],
        ["mena"],
        "unicef-mena",
        "",
        2,
        "From the policy briefs on whole-of-government approaches and on community and "
        "family-based alternative care introduced at the Amman workshop.",
    ),
    (
        "Workshops with migrant children and young people",
        [K.TRAINING],
        ["children", "unaccompanied-children", "lived-experience", "family-based-care"],
        ["es"],
        ["americas"],
        "sos-childrens-villages",
        "Workshop series in Comitán, Chiapas",
        1,
        "The Migrant Youth Leadership curriculum, run with IDC in August–September 2022.",
    ),
    (
        "Legal advice and amicus briefs on detention",
        [K.LEGAL_ADVICE],
        ["strategic-litigation", "legal-aid", "alternatives-to-detention"],
        ["es"],
        ["americas"],
        "alaide-foppa-legal-clinic-for-refugees-iberoamericana-university",
        "",
        2,
        "The clinic supports cases before the Supreme Court and contributed to amicus briefs on "
        "detention and alternatives.",
    ),
    (
        "Building the capacities of civil society to document and report",
        [K.CAPACITY_BUILDING, K.TRAINING],
        ["independent-monitoring", "advocacy", "survivors-of-torture"],
        ["ar", "fr", "en"],
        ["mena"],
        "omct",
        "",
        3,
        "Technical and organisational capacity building for organisations documenting "
        "violations in official and unofficial detention centres.",
    ),
    (
        "Case management for children released from detention",
        [K.TRAINING, K.TECHNICAL_ADVICE, K.SITE_VISIT],
        ["case-management", "children", "community-placement", "unaccompanied-children"],
        ["en"],
        ["asia-pacific"],
        "host-international",
        "",
        2,
        "Partner of Thailand's Department of Children and Youth in the 2022 memorandum of "
        "understanding on alternatives to detention for children.",
    ),
]

# Implementing organisations the practices' own titles and the seed name.
IMPLEMENTERS = {
    "th-dcy-host-partnership-2022": ["government-of-thailand", "host-international"],
    "mx-idc-pilot-unaccompanied-children-2015": ["idc"],
}


def _concepts(slugs: list[str]) -> list[Concept]:
    return list(Concept.objects.filter(slug__in=slugs))


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@transaction.atomic
def load() -> int:
    """Add what is missing (keyed by title); return how many requests were added."""
    coordinator = User.objects.filter(email="facilitator@example.org").first()
    if coordinator is None or not Concept.objects.exists():
        return 0
    for external_id, slugs in IMPLEMENTERS.items():
        practice = Practice.objects.filter(external_id=external_id).first()
        if practice is not None and not practice.organisations.exists():
            practice.organisations.set(Organisation.objects.filter(slug__in=slugs))
    added = 0
    for (
        title,
        kind,
        topics,
        languages,
        countries,
        region,
        org,
        community,
        created,
        text,
    ) in REQUESTS:
        if SupportRequest.objects.filter(title=title).exists():
            continue
        request = actions.create_request(
            by=coordinator,
            concepts=_concepts(topics),
            countries=Country.objects.filter(code__in=countries),
            organisation=Organisation.objects.filter(slug=org).first() if org else None,
            title=title,
            description=text,
            kind=kind,
            languages=languages,
            region=region,
            community=Community.objects.filter(slug=community).first() if community else None,
            visibility=SupportVisibility.NETWORK,
        )
        SupportRequest.objects.filter(pk=request.pk).update(
            created_at=_at(created), updated_at=_at(created)
        )
        request.history.update(at=_at(created))
        added += 1
    official = User.objects.filter(email="member@example.org").first()
    thai = "Peer exchange: community placement for unaccompanied children"
    if official and not SupportRequest.objects.filter(title=thai).exists():
        actions.create_request(
            by=official,
            concepts=_concepts(["community-placement", "unaccompanied-children"]),
            countries=Country.objects.filter(code="TH"),
            organisation=Organisation.objects.filter(slug="government-of-thailand").first(),
            title=thai,
            description="We would like to learn how peers place unaccompanied children in the "
            "community with case management, instead of in immigration facilities.",
            kind=K.PEER_EXCHANGE,
            languages=["en"],
            region="asia-pacific",
            visibility=SupportVisibility.NETWORK,
        )
        added += 1
    _request_from_the_exchange(coordinator)
    for title, kinds, topics, languages, regions, org, availability, capacity, text in OFFERS:
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None or SupportOffer.objects.filter(title=title).exists():
            continue
        offer = SupportOffer.objects.create(
            title=title,
            description=text,
            kinds=[str(k) for k in kinds],
            languages=languages,
            regions=regions,
            availability=availability,
            capacity=capacity,
            organisation=organisation,
            # Recorded for the organisation: the coordinator speaks only for IDC.
            offered_by=coordinator if org == "idc" else None,
        )
        offer.concepts.set(_concepts(topics))
        matching.reread(offer)  # as the actions do: what its description says
    _matches(coordinator)
    suggestions.refresh()
    return added


def _request_from_the_exchange(coordinator: User) -> None:
    """The support need raised (under the rule) at the 24 May 2023 exchange becomes an outcome
    and then a request — with no trace of who raised it."""
    exchange = Exchange.objects.filter(slug="ending-child-immigration-detention-2023-05-24").first()
    need = (
        Contribution.objects.filter(exchange=exchange, kind=ContributionKind.SUPPORT_NEED).first()
        if exchange
        else None
    )
    if exchange is None or need is None:
        return
    outcome = Outcome.objects.filter(exchange=exchange, kind=OutcomeKind.SUPPORT_NEED).first()
    if outcome is None:
        outcome = Outcome.objects.create(
            exchange=exchange, kind=OutcomeKind.SUPPORT_NEED, text=need.text
        )
        outcome.contributions.add(need)
    if not SupportRequest.objects.filter(outcome=outcome).exists():
        actions.request_from_outcome(
            outcome,
            by=coordinator,
            concepts=_concepts(["family-based-care", "unaccompanied-children"]),
            title="Site visit: family-based care for unaccompanied children",
            description=need.text,
            kind=K.SITE_VISIT,
            languages=["en"],
            region="",
            urgency="medium",
            visibility=SupportVisibility.COMMUNITY,
        )


def _matches(coordinator: User) -> None:
    """OMCT and LAN (reported in the seed, under way); IDC connecting Mexican local authorities
    in August 2022 (fulfilled); IDC proposed for the transit settings exchange (waiting)."""
    plan = [
        (
            "Capacity building for documentation and advocacy in Libya",
            "Building the capacities of civil society to document and report",
            MatchStatus.IN_PROGRESS,
            None,
            "",
        ),
        (
            "Connect local authorities working on child detention in Mexico",
            "Technical advice and peer learning on alternatives to detention",
            MatchStatus.FULFILLED,
            date(2022, 8, 31),
            "In August 2022 IDC connected local authorities that were not previously connected.",
        ),
        (
            "Peer exchange on alternatives to detention in transit settings",
            "Technical advice and peer learning on alternatives to detention",
            MatchStatus.PROPOSED,
            None,
            "",
        ),
    ]
    for request_title, offer_title, status, ended, outcome in plan:
        request = SupportRequest.objects.filter(title=request_title).first()
        offer = SupportOffer.objects.filter(title=offer_title).first()
        if request is None or offer is None or Match.objects.filter(request=request).exists():
            continue
        ranked = matching.rank_offers(request, SupportOffer.objects.filter(pk=offer.pk), limit=1)
        accepted = status != MatchStatus.PROPOSED
        match = Match.objects.create(
            request=request,
            offer=offer,
            score=ranked[0].score if ranked else 0,
            reasons=ranked[0].reasons if ranked else [],
            status=status,
            requester_decision="accepted" if accepted else "pending",
            offerer_decision="accepted" if accepted else "pending",
            outcome=outcome,
            proposed_by=coordinator,
            proposed_at=request.created_at,
            ended_at=_at(ended) if ended else None,
        )
        if not accepted:
            continue
        steps = [RequestStatus.MATCHED, RequestStatus.IN_PROGRESS]
        if status == MatchStatus.FULFILLED:
            steps.append(RequestStatus.FULFILLED)
        for step in steps:
            RequestEvent.objects.create(
                request=request,
                status=step,
                actor=coordinator,
                at=ended and _at(ended) or timezone.now(),
            )
        SupportRequest.objects.filter(pk=request.pk).update(status=steps[-1])
        if status == MatchStatus.IN_PROGRESS:
            MatchNote.objects.create(
                match=match,
                author=coordinator,
                text="OMCT supports the network's member organisations in documenting "
                "violations and reporting them to the relevant international bodies.",
            )
