"""The pages added for claims, roles, moderation and the thesaurus keep a bounded number of SQL
queries however many claims, people, reports or concepts there are."""

import pytest
from django.http import HttpResponse
from django.urls import path

from peerlearning.exchanges import actions as exchange_actions
from peerlearning.exchanges.models import Registration
from peerlearning.knowledge.models import Concept
from peerlearning.network import actions as network_actions
from peerlearning.network.models import Organisation
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user

pytestmark = pytest.mark.django_db


def new_person(prefix: str, **fields):
    from peerlearning.accounts.models import User

    return make_user(f"{prefix}{User.objects.count()}@test.example", **fields)


def test_the_claims_page(network):
    def grow(n):
        for i in range(n):
            organisation = Organisation.objects.create(
                slug=f"claimed-{Organisation.objects.count()}", name=f"Claimed {i}"
            )
            network_actions.claim_affiliation(new_person("claimant"), organisation, title="Adviser")

    client = client_for(network.facilitator)
    assert assert_queries_bounded(client, "/manage/affiliations/", grow)
    assert client.get("/manage/affiliations/").content.decode().count('class="card"') == 33


def test_the_roles_page(network):
    def grow(n):
        for _ in range(n):
            new_person("editor", is_editor=True, is_facilitator=True)

    assert assert_queries_bounded(client_for(network.administrator), "/accounts/roles/", grow)


def test_the_contributions_review_page(network):
    def grow(n):
        for i in range(n):
            person = new_person("participant")
            delegation = network.exchange.delegations.create(
                organisation=Organisation.objects.create(
                    slug=f"delegation-{person.pk}", name=f"Delegation {i}"
                )
            )
            Registration.objects.create(
                exchange=network.exchange, person=person, delegation=delegation
            )
            contribution = exchange_actions.contribute(
                network.exchange, person, kind="learning", text=f"As the delegate of {i}"
            )
            exchange_actions.report_contribution(
                contribution, by=network.community_member, reason="It names a delegation."
            )

    url = "/exchanges/asia-exchange/contributions/review/"
    client = client_for(network.facilitator)
    assert assert_queries_bounded(client, url, grow)
    assert client.get(url).content.decode().count("As the delegate of") == 33


def test_the_thesaurus_page_for_an_editor(network):
    def grow(n):
        for _ in range(n):
            slug = f"concept-{Concept.objects.count()}"
            Concept.objects.create(slug=slug, labels={"en": slug})

    assert assert_queries_bounded(client_for(network.facilitator), "/thesaurus/", grow)


# The check itself: a page that asks once for each organisation is caught. --------------------


def _one_query_each(request):
    pks = Organisation.objects.values_list("pk", flat=True)
    names = [Organisation.objects.get(pk=pk).name for pk in pks]
    return HttpResponse(", ".join(names))


urlpatterns = [path("one-query-each/", _one_query_each)]


@pytest.mark.urls(__name__)
def test_a_page_that_asks_once_for_each_item_fails_the_check(network):
    def grow(n):
        for _ in range(n):
            Organisation.objects.create(slug=f"grown-{Organisation.objects.count()}", name="Grown")

    with pytest.raises(AssertionError, match="queries with little data"):
        assert_queries_bounded(client_for(network.facilitator), "/one-query-each/", grow)
