from types import SimpleNamespace

import pytest
from django.test import Client

from peerlearning.network.models import (
    Affiliation,
    Community,
    CommunityVisibility,
    Country,
    Level,
    Membership,
    Organisation,
    OrganisationMembership,
    Role,
    StakeholderType,
)
from peerlearning.testing import make_user, signed_in_client


def client_for(user) -> Client:
    return Client() if user is None else signed_in_client(user)


def confirmed_affiliation(person, organisation, **fields) -> Affiliation:
    """An affiliation as it stands once confirmed (claims give no right)."""
    affiliation, _created = Affiliation.objects.update_or_create(
        person=person,
        organisation=organisation,
        defaults={"status": Affiliation.Status.CONFIRMED, **fields},
    )
    return affiliation


@pytest.fixture
def network(db, _world, administrator, facilitator, outsider):
    """Two listed communities and a private one, with a member of each role.

    Built for each test; in a module that sets `SHARED_WORLD = True`, built once for the module
    and seen by each test as a fresh copy (see `_shared_world` in peerlearning/conftest.py)."""
    if _world is not None:
        return _world
    return build_network(administrator, facilitator, outsider)


def build_network(administrator, facilitator, outsider) -> SimpleNamespace:
    ministry = Organisation.objects.create(
        slug="ministry-of-interior-th",
        name="Ministry of Interior",
        stakeholder_type=StakeholderType.GOVERNMENT,
    )
    ministry.countries.set(Country.objects.filter(code="TH"))
    ngo = Organisation.objects.create(
        slug="host-international",
        name="HOST International",
        acronym="HOST",
        stakeholder_type=StakeholderType.CIVIL_SOCIETY,
    )
    ngo.countries.set(Country.objects.filter(code="AU"))

    asia = Community.objects.create(
        slug="asia-pacific", name="Asia Pacific platform", purpose="Learn.", level=Level.REGIONAL
    )
    asia.countries.set(Country.objects.filter(code__in=["TH", "MY"]))
    mena = Community.objects.create(
        slug="mena", name="MENA network", purpose="Learn.", level=Level.REGIONAL
    )
    private = Community.objects.create(
        slug="cross-regional",
        name="Cross-regional platform",
        purpose="Quietly.",
        level=Level.CROSS_REGIONAL,
        visibility=CommunityVisibility.PRIVATE,
    )
    OrganisationMembership.objects.create(community=asia, organisation=ngo, role=Role.CO_LEAD)

    community_member = make_user(
        "cm@test.example",
        display_name="Chandra Member",
        country="TH",
        languages=["en", "th"],
        expertise=["case management"],
    )
    other_member = make_user(
        "othermember@test.example", display_name="Mona Member", country="JO", languages=["ar"]
    )
    other_facilitator = make_user(
        "ofac@test.example", display_name="Omar Facilitator", two_factor=True
    )
    pseudonymous = make_user(
        "lived@test.example",
        display_name="Real Name Behind",
        pseudonym="Amal",
        country="MY",
        offers_expertise=True,
        expertise=["lived experience"],
    )
    hidden = make_user("hidden@test.example", display_name="Hidden Person", visibility="hidden")
    public = make_user(
        "public@test.example",
        display_name="Public Person",
        visibility="public",
        offers_expertise=True,
        expertise=["legal aid"],
        languages=["es"],
    )

    Membership.objects.create(community=asia, person=facilitator, role=Role.FACILITATOR)
    Membership.objects.create(community=private, person=facilitator, role=Role.FACILITATOR)
    Membership.objects.create(community=asia, person=community_member, role=Role.MEMBER)
    Membership.objects.create(community=private, person=community_member, role=Role.MEMBER)
    Membership.objects.create(community=asia, person=pseudonymous, role=Role.MEMBER)
    Membership.objects.create(community=asia, person=hidden, role=Role.MEMBER)
    Membership.objects.create(community=asia, person=public, role=Role.OBSERVER)
    Membership.objects.create(community=mena, person=other_member, role=Role.MEMBER)
    Membership.objects.create(community=mena, person=other_facilitator, role=Role.FACILITATOR)

    confirmed_affiliation(community_member, ministry, title="Director")
    confirmed_affiliation(pseudonymous, ministry, title="Adviser")

    from datetime import timedelta

    from django.utils import timezone

    from peerlearning.exchanges.models import (
        Contribution,
        Delegation,
        Exchange,
        Outcome,
        Registration,
        Report,
        SealedAuthorship,
    )

    exchange = Exchange.objects.create(
        slug="asia-exchange",
        community=asia,
        title="Asia exchange on screening",
        format="workshop",
        mode="online",
        rule="chatham-house",
        status="held",
        visibility="community",
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=9),
        time_zone="Asia/Bangkok",
    )
    delegation = Delegation.objects.create(exchange=exchange, organisation=ministry)
    Registration.objects.create(exchange=exchange, person=community_member, delegation=delegation)
    contribution = Contribution.objects.create(
        exchange=exchange, kind="practice", text="We screen every child on arrival."
    )
    SealedAuthorship.objects.create(contribution=contribution, author=community_member)
    follow_up = Outcome.objects.create(
        exchange=exchange,
        kind="follow-up",
        text="Share the guidance.",
        owner=ministry,
        status="open",
    )
    Report.objects.create(exchange=exchange, body="Learnings.\n\n• Screen early")
    open_exchange = Exchange.objects.create(
        slug="asia-open",
        community=asia,
        title="Open regional meeting",
        format="regional-meeting",
        mode="hybrid",
        rule="chatham-house",
        status="open",
        visibility="network",
        capacity=2,
        starts_at=timezone.now() + timedelta(days=30),
        time_zone="Asia/Kuala_Lumpur",
    )

    from peerlearning.knowledge.models import Practice

    published = Practice.objects.create(
        external_id="th-community-case-management",
        title="Community case management for children",
        summary="Children are released to community care with a case manager.",
        status="published",
        sources=[{"url": "https://example.org/report", "title": "Report"}],
        region="asia-pacific",
        target_groups=["children"],
        kind="programme",
    )
    published.countries.set(Country.objects.filter(code="TH"))
    Practice.objects.create(
        external_id="th-draft-practice",
        title="A draft",
        summary="Not yet.",
        status="draft",
        sources=[],
    )

    from django.core.files.base import ContentFile

    from peerlearning.knowledge.models import Resource

    for slug, withdrawn in (("testimony", None), ("withdrawn", timezone.now())):
        resource = Resource(
            slug=slug,
            title=f"Testimony {slug}",
            kind="testimony",
            consent_recorded="Given in writing.",
            consent_withdrawn_at=withdrawn,
            content_type="text/plain",
            size=5,
        )
        resource.file.save(slug, ContentFile(b"Words"), save=False)
        resource.save()

    return SimpleNamespace(
        exchange=exchange,
        open_exchange=open_exchange,
        contribution=contribution,
        follow_up=follow_up,
        asia=asia,
        mena=mena,
        private=private,
        ministry=ministry,
        ngo=ngo,
        administrator=administrator,
        facilitator=facilitator,
        outsider=outsider,
        community_member=community_member,
        member=other_member,
        other_facilitator=other_facilitator,
        pseudonymous=pseudonymous,
        hidden=hidden,
        public=public,
    )
