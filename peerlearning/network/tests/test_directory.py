import pytest
from django.test import Client

from peerlearning.network.models import Affiliation, Country, Organisation
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitors_see_public_profiles_only(network):
    text = page(Client(), "/directory/people/")
    assert "Public Person" in text
    assert "Chandra Member" not in text
    assert "Amal" not in text


def test_a_hidden_profile_never_appears(network):
    # Control: the same pages list a fellow member of the same community, visible to the network.
    for user in [network.outsider, network.facilitator, network.hidden]:
        listing = page(client_for(user), "/directory/people/")
        assert "Chandra Member" in listing
        assert "Hidden Person" not in listing
    community = page(client_for(network.outsider), "/communities/asia-pacific/")
    assert "Chandra Member" in community
    assert "Hidden Person" not in community


def test_a_pseudonymous_person_appears_only_under_the_pseudonym(network):
    client = client_for(network.outsider)
    listing = page(client, "/directory/people/")
    assert "Amal" in listing
    assert "Real Name Behind" not in listing
    # The organisation would link back to the person: hidden unless they choose.
    profile = page(client, f"/directory/people/{network.pseudonymous.uuid}/")
    assert "Ministry of Interior" not in profile
    assert "lived@test.example" not in profile
    assert "Amal" not in page(client, "/directory/organisations/ministry-of-interior-th/")


def test_searching_the_real_name_does_not_find_the_pseudonym(network):
    text = page(client_for(network.outsider), "/directory/people/?q=Real+Name")
    assert "Amal" not in text
    assert "Amal" in page(client_for(network.outsider), "/directory/people/?q=ama")


def test_filtering_on_a_hidden_affiliation_reveals_nothing(network):
    text = page(client_for(network.outsider), "/directory/people/?stakeholder_type=government")
    assert "Chandra Member" in text
    assert "Amal" not in text


def test_a_person_may_choose_to_show_an_affiliation_under_the_pseudonym(network):
    Affiliation.objects.filter(person=network.pseudonymous).update(shown_with_pseudonym=True)
    text = page(client_for(network.outsider), f"/directory/people/{network.pseudonymous.uuid}/")
    assert "Adviser, Ministry of Interior" in text


def test_directory_pages_show_no_email_address(network):
    client = client_for(network.facilitator)
    # Each page shows a person whose address ends so: the address would be there if shown.
    for url, person in [
        ("/directory/people/", "Chandra Member"),
        ("/directory/experts/", "Public Person"),
        (f"/directory/people/{network.community_member.uuid}/", "Chandra Member"),
        ("/directory/organisations/ministry-of-interior-th/", "Chandra Member"),
        ("/communities/asia-pacific/", "Chandra Member"),
    ]:
        text = page(client, url)
        assert person in text, url
        assert "@test.example" not in text, url


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("country=TH", "Chandra Member", "Mona Member"),
        ("region=mena", "Mona Member", "Chandra Member"),
        ("region=m49-145", "Mona Member", "Chandra Member"),
        ("language=th", "Chandra Member", "Mona Member"),
        ("topic=case+manag", "Chandra Member", "Public Person"),
        ("stakeholder_type=civil-society", "No one", "Chandra Member"),
    ],
)
def test_people_filters(network, query, found, not_found):
    text = page(client_for(network.outsider), f"/directory/people/?{query}")
    if found != "No one":
        assert found in text
    assert not_found not in text


def test_invalid_filters_are_ignored_not_an_error(network):
    assert page(Client(), "/directory/people/?country=ZZ&region=nowhere&language=xx&page=abc")


def test_the_expert_roster_lists_those_who_offer_expertise(network):
    text = page(client_for(network.outsider), "/directory/experts/")
    assert "Public Person" in text
    assert "Amal" in text
    assert "Chandra Member" not in text
    assert "legal aid" in text


def test_organisations_are_filtered_by_type_and_region(network):
    text = page(Client(), "/directory/organisations/?stakeholder_type=government")
    assert "Ministry of Interior" in text
    assert "HOST International" not in text
    text = page(Client(), "/directory/organisations/?region=m49-053")
    assert "HOST International" in text
    assert "Ministry of Interior" not in text


def test_a_department_inside_a_ministry(network):
    Organisation.objects.create(
        slug="immigration-bureau",
        name="Immigration Bureau",
        stakeholder_type="government",
        parent=network.ministry,
    )
    assert "Part of" in page(Client(), "/directory/organisations/immigration-bureau/")
    assert "Immigration Bureau" in page(
        Client(), "/directory/organisations/ministry-of-interior-th/"
    )


def test_directory_queries_do_not_grow(network):
    def grow(n):
        for i in range(n):
            person = make_user(
                f"grow{Organisation.objects.count()}-{i}@test.example",
                visibility="public",
                offers_expertise=True,
            )
            organisation = Organisation.objects.create(
                slug=f"org-{Organisation.objects.count()}",
                name=f"Org {i}",
                stakeholder_type="academic",
            )
            organisation.countries.set(Country.objects.filter(code="TH"))
            Affiliation.objects.create(
                person=person, organisation=organisation, title="Researcher", status="confirmed"
            )

    client = client_for(network.outsider)
    for url in [
        "/directory/people/",
        "/directory/experts/",
        "/directory/organisations/",
        "/directory/people/?region=asia-pacific&stakeholder_type=academic",
    ]:
        assert assert_queries_bounded(client, url, grow) <= 10, url


class TestMyOrganisations:
    def test_a_person_adds_and_removes_an_organisation(self, network):
        client = client_for(network.outsider)
        response = client.post(
            "/profile/organisations/", {"organisation": "HOST", "title": "Case worker"}
        )
        assert response.status_code == 302
        affiliation = Affiliation.objects.get(person=network.outsider)
        assert affiliation.title == "Case worker"
        client.post(f"/profile/organisations/{affiliation.uuid}/remove/")
        assert not Affiliation.objects.filter(person=network.outsider).exists()

    def test_an_unknown_organisation_keeps_what_was_typed(self, network):
        response = client_for(network.outsider).post(
            "/profile/organisations/", {"organisation": "Nowhere Institute", "title": "Fellow"}
        )
        text = response.content.decode()
        assert "No organisation is called" in text
        assert 'value="Fellow"' in text

    def test_nobody_removes_someone_elses(self, network):
        affiliation = Affiliation.objects.get(person=network.community_member)
        response = client_for(network.outsider).post(
            f"/profile/organisations/{affiliation.uuid}/remove/"
        )
        assert response.status_code == 404
        assert Affiliation.objects.filter(pk=affiliation.pk).exists()
