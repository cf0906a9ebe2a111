"""Synthetic data for benchmarks: organisations, people, communities at a realistic shape.

Later issues extend `generate()` with their own objects. Every row is marked synthetic (slugs and
e-mail addresses start with "bench-") so it can never be mistaken for real data.
"""

import random
import uuid
from itertools import islice

from django.db import transaction

from peerlearning.accounts.models import User
from peerlearning.network.models import (
    Affiliation,
    Community,
    Country,
    Level,
    Membership,
    Organisation,
    OrganisationMembership,
    Role,
    StakeholderType,
)

TOPICS = [
    "case management",
    "child protection",
    "legal aid",
    "screening",
    "community placement",
    "reporting conditions",
    "independent monitoring",
    "regularisation",
    "return support",
]
LANGUAGES = ["en", "es", "fr", "ar", "pt", "th", "id", "ms", "ru"]
BATCH = 2000
# The benchmark's large data set: bench/run.py measures the pages on it, bench/load.py --large
# loads the demo with it.
SIZES = {"organisations": 10_000, "people": 50_000, "communities": 2_000}
EXCHANGE_SIZES = {"exchanges": 10_000, "contributions": 500_000}


def batched(rows, size=BATCH):
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


@transaction.atomic
def generate(*, organisations: int, people: int, communities: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    countries = list(Country.objects.exclude(programme_region="").values_list("code", flat=True))
    kinds = [choice for choice, _label in StakeholderType.choices]

    for chunk in batched(
        Organisation(
            slug=f"bench-org-{i}",
            name=f"Bench organisation {i}",
            stakeholder_type=rng.choice(kinds),
        )
        for i in range(organisations)
    ):
        Organisation.objects.bulk_create(chunk)
    org_ids = list(
        Organisation.objects.filter(slug__startswith="bench-org-").values_list("pk", flat=True)
    )
    Through = Organisation.countries.through
    for chunk in batched(
        Through(organisation_id=pk, country_id=rng.choice(countries)) for pk in org_ids
    ):
        Through.objects.bulk_create(chunk, ignore_conflicts=True)

    visibilities = ["public"] * 3 + ["network"] * 6 + ["hidden"]
    for chunk in batched(
        User(
            uuid=uuid.UUID(int=rng.getrandbits(128)),
            email=f"bench-person-{i}@example.invalid",
            password="!",  # noqa: S106 - unusable: nobody signs in as a synthetic person
            display_name=f"Bench Person {i}",
            pseudonym=f"Bench Pseudonym {i}" if i % 20 == 0 else "",
            country=rng.choice(countries),
            languages=rng.sample(LANGUAGES, 2),
            expertise=rng.sample(TOPICS, 2),
            offers_expertise=i % 7 == 0,
            visibility=rng.choice(visibilities),
        )
        for i in range(people)
    ):
        User.objects.bulk_create(chunk)
    person_ids = list(
        User.objects.filter(email__startswith="bench-person-").values_list("pk", flat=True)
    )
    for chunk in batched(
        Affiliation(
            person_id=pk, organisation_id=rng.choice(org_ids), title="Officer", status="confirmed"
        )
        for pk in person_ids
    ):
        Affiliation.objects.bulk_create(chunk, ignore_conflicts=True)

    levels = [choice for choice, _label in Level.choices]
    for chunk in batched(
        Community(
            slug=f"bench-community-{i}",
            name=f"Bench community {i}",
            purpose="Synthetic.",
            level=rng.choice(levels),
            visibility="private" if i % 10 == 0 else "listed",
        )
        for i in range(communities)
    ):
        Community.objects.bulk_create(chunk)
    community_ids = list(
        Community.objects.filter(slug__startswith="bench-community-").values_list("pk", flat=True)
    )
    CountryLink = Community.countries.through
    for chunk in batched(
        CountryLink(community_id=pk, country_id=code)
        for pk in community_ids
        for code in rng.sample(countries, 3)
    ):
        CountryLink.objects.bulk_create(chunk, ignore_conflicts=True)
    for chunk in batched(
        OrganisationMembership(community_id=pk, organisation_id=org, role=Role.CO_LEAD)
        for pk in community_ids
        for org in rng.sample(org_ids, 2)
    ):
        OrganisationMembership.objects.bulk_create(chunk, ignore_conflicts=True)
    # Every person in one or two communities; the first community is the largest (5,000 people).
    largest = community_ids[0]
    rows = []
    for index, pk in enumerate(person_ids):
        role = Role.FACILITATOR if index % 50 == 0 else Role.MEMBER
        rows.append(
            Membership(
                community_id=largest if index < 5000 else rng.choice(community_ids),
                person_id=pk,
                role=role,
            )
        )
        if index % 2:
            rows.append(Membership(community_id=rng.choice(community_ids), person_id=pk))
    for chunk in batched(rows):
        Membership.objects.bulk_create(chunk, ignore_conflicts=True)
    return {
        "organisations": len(org_ids),
        "people": len(person_ids),
        "communities": len(community_ids),
        "memberships": Membership.objects.count(),
    }


@transaction.atomic
def generate_exchanges(*, exchanges: int, contributions: int, seed: int = 2) -> dict[str, int]:
    """Exchanges across the synthetic communities, with contributions, agendas and reports.

    The first exchange is the heaviest: 200 contributions turned into 200 outcomes and a report,
    300 registered participants and a 10-session agenda."""
    from datetime import timedelta

    from django.utils import timezone

    from peerlearning.exchanges.models import (
        AgendaSession,
        Contribution,
        Delegation,
        Exchange,
        Outcome,
        Registration,
        Report,
        SealedAuthorship,
    )
    from peerlearning.exchanges.reports import draft_body

    rng = random.Random(seed)
    community_ids = list(
        Community.objects.filter(slug__startswith="bench-community-").values_list("pk", flat=True)
    )
    person_ids = list(
        User.objects.filter(email__startswith="bench-person-").values_list("pk", flat=True)
    )
    now = timezone.now()
    for chunk in batched(
        Exchange(
            slug=f"bench-exchange-{i}",
            community_id=community_ids[0] if i == 0 else rng.choice(community_ids),
            title=f"Bench exchange {i}",
            format="workshop",
            mode="online",
            rule="chatham-house",
            status="held",
            visibility="network",
            time_zone="Europe/Lisbon",
            starts_at=now + timedelta(days=rng.randint(-900, 300)),
        )
        for i in range(exchanges)
    ):
        Exchange.objects.bulk_create(chunk)
    exchange_ids = list(
        Exchange.objects.filter(slug__startswith="bench-exchange-").values_list("pk", flat=True)
    )
    heaviest = Exchange.objects.get(slug="bench-exchange-0").pk
    kinds = ["practice", "challenge", "idea", "learning", "question", "support-need", "feedback"]

    def contribution_rows():
        for i in range(contributions):
            yield Contribution(
                exchange_id=heaviest if i < 200 else rng.choice(exchange_ids),
                kind=rng.choice(kinds),
                text=f"Synthetic contribution {i} about screening.",
            )

    for chunk in batched(contribution_rows(), 5000):
        Contribution.objects.bulk_create(chunk)
    first = list(Contribution.objects.filter(exchange_id=heaviest))
    SealedAuthorship.objects.bulk_create(
        SealedAuthorship(contribution=c, author_id=rng.choice(person_ids)) for c in first
    )
    Outcome.objects.bulk_create(
        Outcome(exchange_id=heaviest, kind="learning", text=c.text, position=n)
        for n, c in enumerate(first)
    )
    organisation_ids = list(
        Organisation.objects.filter(slug__startswith="bench-org-").values_list("pk", flat=True)[
            :300
        ]
    )
    delegations = Delegation.objects.bulk_create(
        Delegation(exchange_id=heaviest, organisation_id=pk) for pk in organisation_ids
    )
    Registration.objects.bulk_create(
        Registration(exchange_id=heaviest, person_id=person, delegation=delegation)
        for person, delegation in zip(person_ids[:300], delegations, strict=False)
    )
    exchange = Exchange.objects.get(pk=heaviest)
    for n in range(10):
        session = AgendaSession.objects.create(
            exchange=exchange,
            title=f"Session {n}",
            starts_at=exchange.starts_at + timedelta(hours=n),
            ends_at=exchange.starts_at + timedelta(hours=n + 1),
        )
        session.speakers.set(person_ids[n * 2 : n * 2 + 2])
    Report.objects.create(
        exchange=exchange, body=draft_body(exchange), published_at=now, summary="Synthetic."
    )
    return {"exchanges": len(exchange_ids), "contributions": Contribution.objects.count()}
