"""Support test data on top of the `network` fixture: a small thesaurus, requests of each
visibility, offers, a proposed match and a waiting suggestion."""

from types import SimpleNamespace
from typing import Any

import pytest

from peerlearning.knowledge import search
from peerlearning.knowledge.models import Concept
from peerlearning.network.models import Country
from peerlearning.support import matching
from peerlearning.support.models import (
    Match,
    PeerSuggestion,
    SupportOffer,
    SupportRequest,
    SupportVisibility,
)

CONCEPTS = {
    "children": ({"en": "children", "es": "niños", "fr": "enfants", "ar": "الأطفال"}, None),
    "unaccompanied-children": (
        {
            "en": "unaccompanied children",
            "es": "niños no acompañados",
            "fr": "enfants non accompagnés",
            "ar": "الأطفال غير المصحوبين",
        },
        "children",
    ),
    "case-management": (
        {
            "en": "case management",
            "es": "gestión de casos",
            "fr": "gestion de cas",
            "ar": "إدارة الحالات",
        },
        None,
    ),
    "community-placement": (
        {
            "en": "community placement",
            "es": "acogida comunitaria",
            "fr": "placement communautaire",
            "ar": "الإيداع المجتمعي",
        },
        None,
    ),
    "advocacy": ({"en": "advocacy", "es": "incidencia", "fr": "plaidoyer", "ar": "المناصرة"}, None),
}


def concepts() -> dict[str, Concept]:
    made = {}
    for slug, (labels, _broader) in CONCEPTS.items():
        made[slug], _created = Concept.objects.get_or_create(slug=slug, defaults={"labels": labels})
    for slug, (_labels, broader) in CONCEPTS.items():
        if broader:
            made[slug].broader = made[broader]
            made[slug].save(update_fields=["broader"])
    matching.forget_thesaurus()
    search.forget_thesaurus()
    return made


def make_request(by: Any, topics: list[Concept], **fields: Any) -> SupportRequest:
    countries = fields.pop("countries", [])
    fields.setdefault("title", "A request")
    fields.setdefault("description", "What is needed.")
    fields.setdefault("kind", "site-visit")
    fields.setdefault("languages", ["en"])
    request = SupportRequest.objects.create(requested_by=by, **fields)
    request.concepts.set(topics)
    request.countries.set(Country.objects.filter(code__in=countries))
    return request


def make_offer(topics: list[Concept], **fields: Any) -> SupportOffer:
    fields.setdefault("title", "An offer")
    fields.setdefault("kinds", ["site-visit"])
    fields.setdefault("languages", ["en"])
    offer = SupportOffer.objects.create(**fields)
    offer.concepts.set(topics)
    return offer


def support_world(network: Any) -> SimpleNamespace:
    """Requests by the community member (in the ministry's name): one for the network, one
    private; HOST International's offer and the public expert's; a proposed match between the
    first request and HOST's offer; a waiting suggestion."""
    c = concepts()
    request = make_request(
        network.community_member,
        [c["unaccompanied-children"], c["community-placement"]],
        title="Community placement for unaccompanied children",
        organisation=network.ministry,
        countries=["TH"],
        region="asia-pacific",
    )
    private = make_request(
        network.community_member,
        [c["case-management"]],
        title="Private request about case management",
        organisation=network.ministry,
        visibility=SupportVisibility.PRIVATE,
    )
    community_only = make_request(
        network.facilitator,
        [c["advocacy"]],
        title="Community request on advocacy",
        community=network.asia,
        visibility=SupportVisibility.COMMUNITY,
    )
    host = make_offer(
        [c["community-placement"], c["case-management"]],
        title="HOST site visits",
        organisation=network.ngo,
        regions=["asia-pacific"],
        capacity=2,
    )
    expert = make_offer(
        [c["children"]],
        title="Advice from an expert",
        kinds=["legal-advice"],
        languages=["es"],
        expert=network.public,
        offered_by=network.public,
    )
    match = Match.objects.create(
        request=request, offer=host, score=70, proposed_by=network.facilitator
    )
    suggestion = PeerSuggestion.objects.create(
        key=f"{c['community-placement'].pk}:asia-pacific:MY-TH",
        concept=c["community-placement"],
        region="asia-pacific",
        format="bilateral",
        reasons=[
            {"code": "asked", "countries": ["MY", "TH"], "concept": c["community-placement"].pk}
        ],
        score=40,
    )
    suggestion.facing.set(Country.objects.filter(code__in=["MY", "TH"]))
    return SimpleNamespace(
        concepts=c,
        request=request,
        private=private,
        community_only=community_only,
        host=host,
        expert=expert,
        match=match,
        suggestion=suggestion,
    )


@pytest.fixture
def world(network: Any) -> SimpleNamespace:
    """The support world (requests, offers, a proposed match) on top of `network`."""
    return support_world(network)
