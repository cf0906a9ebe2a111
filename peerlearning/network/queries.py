"""Reads shared by the pages and the API of the network app: the directory's filters.

They read the visibility rule's helpers (pseudonyms, shown affiliations) from
peerlearning.access, which models may not import; so they live here rather than on
UserQuerySet."""

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower

from peerlearning import access
from peerlearning.accounts.models import User
from peerlearning.network.geography import countries_in
from peerlearning.network.models import Affiliation


def filter_people(queryset: QuerySet[User], filters: dict[str, str]) -> QuerySet[User]:
    """The directory's filters (q, country, region, stakeholder_type, topic, language), its
    order (by the shown name) and the affiliations it may show, as `shown_affiliations`."""
    if filters.get("q"):
        # A pseudonymous person is found by the pseudonym only, never by the name behind it.
        text = filters["q"]
        queryset = queryset.filter(access.name_search_q(text))
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"])
    if filters.get("region"):
        queryset = queryset.filter(country__in=countries_in(filters["region"]))
    if filters.get("stakeholder_type"):
        shown = Affiliation.objects.filter(
            access.shown_affiliations_q(),
            organisation__stakeholder_type=filters["stakeholder_type"],
        )
        queryset = queryset.filter(pk__in=shown.values("person"))
    if filters.get("topic"):
        queryset = queryset.filter(expertise__icontains=filters["topic"])
    if filters.get("language"):
        queryset = queryset.filter(languages__icontains=f'"{filters["language"]}"')
    return queryset.order_by(Lower(access.shown_name()), "pk").prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.filter(access.shown_affiliations_q()).select_related(
                "organisation"
            ),
            to_attr="shown_affiliations",
        )
    )
