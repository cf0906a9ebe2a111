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
        Affiliation(person_id=pk, organisation_id=rng.choice(org_ids), title="Officer")
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
