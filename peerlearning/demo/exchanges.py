"""The seed's exchanges, with the learnings, quotes and figures it reports."""

import datetime
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone

from peerlearning.accounts.models import User
from peerlearning.exchanges.models import (
    Contribution,
    ContributionKind,
    Delegation,
    Exchange,
    ExchangeVisibility,
    Format,
    Mode,
    Outcome,
    OutcomeKind,
    Registration,
    Report,
    Rule,
    SealedAuthorship,
    Status,
)
from peerlearning.exchanges.reports import draft_body
from peerlearning.network.models import Community, Organisation

GLOBAL = "un-network-global-peer-learning-exchanges"
ASIA = "asia-pacific-regional-peer-learning-platform"
MENA = "mena-peer-learning-network"
MEXICO = "mexico-local-authorities-ending-child-detention"

# What participants took away from the webinar, in our words (the coalition's list of key
# learnings is the source).
THAILAND_LEARNINGS = [
    "Ending child detention took years in Thailand: it needs a strategy and funding that last.",
    "The work was national, yet linking it to regional and global efforts is what moved things "
    "on the ground in Thailand.",
    "A coalition of many actors only works with skilled coordination and an agenda and theory "
    "of change that all share.",
    "Officials listened more readily when advocates came with solutions.",
    "Bringing in every part of government and of society opened the way to agreed answers.",
    "Local organisations drive change, so they should lead the advocacy.",
    "No model travels unchanged, but examples from elsewhere show how an initiative can be "
    "adapted to a new place.",
]

KUALA_LUMPUR_QUOTES = [
    "There is no perfect country but we can all learn from each other.",
    "It's been eye-opening and exciting to see what's been going on in other countries. To see how "
    "we are all rising to prioritise this issue.",
]


def _at(year: int, month: int, day: int, hour: int, zone: str) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=zoneinfo.ZoneInfo(zone))


def _orgs(*keys: str) -> list[Organisation]:
    found = []
    for key in keys:
        organisation = (
            Organisation.objects.filter(acronym=key).first()
            or Organisation.objects.filter(name=key).first()
            or Organisation.objects.filter(slug=key).first()
        )
        if organisation:
            found.append(organisation)
    return found


EXCHANGES: list[dict[str, Any]] = [
    {
        "slug": "global-peer-learning-exchanges-2020-2022",
        "community": GLOBAL,
        "title": "Global peer learning exchanges on alternatives to detention (2020–2022)",
        "format": Format.GLOBAL_EXCHANGE,
        "rule": Rule.CHATHAM_HOUSE,
        "status": Status.HELD,
        "visibility": ExchangeVisibility.PUBLIC,
        "when_text": "2020–2022",
        "hosts": [
            "government-of-portugal",
            "government-of-thailand",
            "government-of-colombia",
            "government-of-ghana",
            "government-of-nigeria",
        ],
        "co_conveners": ["IDC", "UNHCR", "UNICEF", "United Nations Network on Migration"],
        "participation_note": "36 governments across regions, three exchanges",
        "description": "Three global peer learning exchanges hosted by the UN Network on Migration's "
        "Work Stream on Alternatives to Detention in collaboration with the governments of Portugal, "
        "Thailand, Colombia, Ghana and Nigeria, with representatives of the relevant technical and "
        "decision-making departments.",
    },
    {
        "slug": "ending-child-immigration-detention-2023-05-24",
        "community": GLOBAL,
        "title": "Global peer learning exchange: ending child immigration detention",
        "format": Format.GLOBAL_EXCHANGE,
        "rule": Rule.CHATHAM_HOUSE,
        "status": Status.HELD,
        "visibility": ExchangeVisibility.NETWORK,
        "theme": "Ending child immigration detention",
        "starts_at": _at(2023, 5, 24, 14, "UTC"),
        "ends_at": _at(2023, 5, 24, 17, "UTC"),
        "time_zone": "UTC",
        "co_conveners": ["IDC", "UNHCR", "UNICEF"],
        "description": "The first of the three exchanges planned in the UN Network on Migration "
        "Workplan 2022–2024 (Work Stream on Alternatives to Detention).",
    },
    {
        "slug": "alternatives-in-transit-settings",
        "community": GLOBAL,
        "title": "Global peer learning exchange: alternatives to detention in transit settings",
        "format": Format.GLOBAL_EXCHANGE,
        "rule": Rule.CHATHAM_HOUSE,
        "status": Status.CLOSED,
        "visibility": ExchangeVisibility.NETWORK,
        "when_text": "later in 2023",
        "theme": "Alternatives to detention in transit settings",
        "co_conveners": ["IDC", "UNHCR", "UNICEF"],
        "description": "Announced in the UN Network on Migration Workplan 2022–2024.",
    },
    {
        "slug": "preventing-pre-entry-detention",
        "community": GLOBAL,
        "title": "Global peer learning exchange: preventing pre-entry detention of migrants",
        "format": Format.GLOBAL_EXCHANGE,
        "rule": Rule.CHATHAM_HOUSE,
        "status": Status.CLOSED,
        "visibility": ExchangeVisibility.NETWORK,
        "when_text": "early 2024",
        "theme": "Prevention of pre-entry detention",
        "co_conveners": ["IDC", "UNHCR", "UNICEF"],
        "description": "Announced in the UN Network on Migration Workplan 2022–2024.",
    },
    {
        "slug": "thailand-movement-webinar-2023-02-06",
        "community": ASIA,
        "title": "Building a Movement to End Immigration Detention: Strategy, Process and Learnings "
        "from Thailand",
        "format": Format.WEBINAR,
        "mode": Mode.ONLINE,
        "rule": Rule.OPEN,
        "status": Status.REPORTED,
        "visibility": ExchangeVisibility.PUBLIC,
        "starts_at": _at(2023, 2, 6, 14, "Asia/Bangkok"),
        "time_zone": "Asia/Bangkok",
        "co_conveners": [
            "IDC",
            "HOST International",
            "Fletcher School of Global Affairs, Tufts University",
        ],
        "description": "ATD practitioners and partners in the region explored what led to Thailand's "
        "steps towards ending immigration detention of children, drawing on the Fletcher School "
        "report 'Best Interest of the Child: Ending Immigration Detention of Children in Thailand'.",
        "learnings": THAILAND_LEARNINGS,
    },
    {
        "slug": "mena-children-on-the-move-workshop-amman-2022",
        "community": MENA,
        "title": "MENA Regional Children on the Move Cross Border Continuum of Protection and Care",
        "format": Format.WORKSHOP,
        "mode": Mode.IN_PERSON,
        "place": "Amman, Jordan",
        "time_zone": "Asia/Amman",
        "rule": Rule.CHATHAM_HOUSE,
        "status": Status.HELD,
        "visibility": ExchangeVisibility.COMMUNITY,
        "when_text": "November 2022 (three days)",
        "co_conveners": ["IDC", "UNICEF MENA"],
        "participation_note": "8 government delegations from the MENA region",
        "description": "A three-day workshop closing a year-long IDC–UNICEF project on the protection "
        "of refugee and migrant children; two policy briefs were introduced.",
    },
    {
        "slug": "asia-pacific-platform-kuala-lumpur-2022",
        "community": ASIA,
        "title": "Asia Pacific Regional Peer Learning Platform meeting, Kuala Lumpur",
        "format": Format.REGIONAL_MEETING,
        "mode": Mode.IN_PERSON,
        "place": "Kuala Lumpur, Malaysia",
        "time_zone": "Asia/Kuala_Lumpur",
        "rule": Rule.CHATHAM_HOUSE,
        "status": Status.HELD,
        "visibility": ExchangeVisibility.COMMUNITY,
        "when_text": "October 2022",
        "co_conveners": ["IDC", "CPD"],
        "description": "Policy and implementing agencies of Australia, Indonesia, Malaysia, New Zealand "
        "and Thailand met with civil society and international organisations.",
        "quotes": KUALA_LUMPUR_QUOTES,
    },
    {
        "slug": "violence-against-women-and-girls-in-detention-webinar",
        "community": MENA,
        "title": "16 Days of Activism: webinar on violence against women and girls in detention",
        "format": Format.WEBINAR,
        "mode": Mode.ONLINE,
        "rule": Rule.OPEN,
        "status": Status.HELD,
        "visibility": ExchangeVisibility.PUBLIC,
        "when_text": "December 2022",
        "co_conveners": ["MADAR"],
        "description": "Coordinated by the MADAR network with civil society organisations; IDC spoke on "
        "the role of civil society in protecting migrant women and girls from violence.",
    },
    {
        "slug": "migrant-youth-leadership-workshops-comitan-2022",
        "community": MEXICO,
        "title": "Migrant Youth Leadership curriculum workshops, Comitán",
        "format": Format.TRAINING,
        "mode": Mode.IN_PERSON,
        "place": "Comitán, Mexico",
        "time_zone": "America/Mexico_City",
        "rule": Rule.CHATHAM_HOUSE,
        "status": Status.HELD,
        "visibility": ExchangeVisibility.COMMUNITY,
        "when_text": "August–September 2022",
        "co_conveners": ["IDC", "SOS Children's Villages"],
        "participation_note": "eleven adolescents (7 girls, 4 boys)",
        "description": "Curriculum workshop sessions on human rights, healing and wellbeing with young "
        "people who had been detained or were at risk of detention.",
    },
]

# Demo contributions under the rule, in the 24 May 2023 exchange (authors sealed).
CONTRIBUTIONS = [
    (
        "member@example.org",
        ContributionKind.PRACTICE,
        "We screen every child on arrival and refer them to child protection services instead of "
        "immigration facilities; case managers follow each child until the case is resolved.",
    ),
    (
        "member@example.org",
        ContributionKind.SUPPORT_NEED,
        "We would value a site visit to a country running family-based care for unaccompanied children.",
    ),
    (
        "lived@example.org",
        ContributionKind.LEARNING,
        "Information in a language the person understands, from the first day, changes everything.",
    ),
    (
        "lived@example.org",
        ContributionKind.CHALLENGE,
        "Alternatives are still offered as a favour, not as a right: the law must say detention is the "
        "last resort.",
    ),
]


@transaction.atomic
def load() -> int:
    created = 0
    for spec in EXCHANGES:
        spec = dict(spec)
        slug = spec.pop("slug")
        community = Community.objects.filter(slug=spec.pop("community")).first()
        hosts, conveners = spec.pop("hosts", []), spec.pop("co_conveners", [])
        learnings, quotes = spec.pop("learnings", []), spec.pop("quotes", [])
        if community is None or Exchange.objects.filter(slug=slug).exists():
            continue
        exchange = Exchange.objects.create(slug=slug, community=community, **spec)
        exchange.host_governments.set(_orgs(*hosts))
        exchange.co_conveners.set(_orgs(*conveners))
        created += 1
        for position, text in enumerate(learnings):
            Outcome.objects.create(
                exchange=exchange, kind=OutcomeKind.LEARNING, text=text, position=position
            )
        for text in quotes:
            Contribution.objects.create(
                exchange=exchange, kind=ContributionKind.FEEDBACK, text=text
            )
        if learnings:
            Report.objects.create(
                exchange=exchange,
                body=draft_body(exchange),
                published_at=timezone.now(),
                summary=spec["description"],
            )
    held = Exchange.objects.filter(slug="ending-child-immigration-detention-2023-05-24").first()
    if held is not None and not Contribution.objects.filter(exchange=held).exists():
        for email, kind, text in CONTRIBUTIONS:
            person = User.objects.filter(email=email).first()
            if person is None:
                continue
            affiliation = person.affiliations.first()
            if (
                affiliation
                and not Registration.objects.filter(exchange=held, person=person).exists()
            ):
                delegation, _ = Delegation.objects.get_or_create(
                    exchange=held, organisation=affiliation.organisation
                )
                Registration.objects.create(
                    exchange=held,
                    person=person,
                    delegation=delegation,
                    accepted_rule_at=held.starts_at,
                )
            contribution = Contribution.objects.create(exchange=held, kind=kind, text=text)
            SealedAuthorship.objects.create(contribution=contribution, author=person)
    return created
