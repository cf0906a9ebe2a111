"""Facilitators build the network: new communities and their co-leads, a community's texts,
sub-groups opened and closed — none of it in the Django admin."""

import pytest
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import Exchange
from peerlearning.network.models import (
    Community,
    CommunityJoinRequest,
    CommunityVisibility,
    Country,
    Level,
    Membership,
    Role,
)
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True


def new_community(**fields) -> dict:
    return {
        "name": "Southern Africa platform",
        "purpose": "Governments of the region learn from each other.",
        "level": Level.REGIONAL,
        "visibility": CommunityVisibility.LISTED,
        "regions": ["africa"],
        "countries": ["ZA", "BW"],
        "themes": "children, case management",
        "parent": "",
        **fields,
    }


def subgroup(network, **fields) -> Community:
    group = Community.objects.create(
        slug=fields.pop("slug", "asia-children"),
        name=fields.pop("name", "Children in Asia"),
        purpose="A working group.",
        level=Level.REGIONAL,
        parent=network.asia,
        **fields,
    )
    return group


# Creating a community -------------------------------------------------------------------------


def test_it_lets_a_platform_facilitator_create_a_community_with_co_leads(network):
    client = client_for(network.facilitator)
    page = client.get("/communities/")
    assert 'href="/communities/new/"' in page.content.decode()
    form = client.get("/communities/new/")
    assert form.status_code == 200
    # The parent is chosen among the communities the person may see, the private one included
    # for its facilitator.
    assert "Cross-regional platform" in form.content.decode()

    response = client.post(
        "/communities/new/",
        new_community(
            co_leads=[str(network.other_facilitator.uuid)],
            facilitators=[str(network.facilitator.uuid), str(network.other_facilitator.uuid)],
        ),
    )
    community = Community.objects.get(name="Southern Africa platform")
    assert (
        response.status_code == 302
        and response["Location"] == "/communities/southern-africa-platform/"
    )
    assert community.level == Level.REGIONAL and community.parent is None
    assert community.regions == ["africa"]
    assert community.themes == ["children", "case management"]
    assert sorted(community.countries.values_list("code", flat=True)) == ["BW", "ZA"]
    roles = dict(community.memberships.values_list("person__email", "role"))
    # Named as both, a co-lead is a co-lead (who facilitates too).
    assert roles == {
        network.other_facilitator.email: Role.CO_LEAD,
        network.facilitator.email: Role.FACILITATOR,
    }
    entry = AuditEntry.objects.get(action="community.created", object_id=str(community.uuid))
    assert entry.actor == network.facilitator
    page = client_for(network.other_facilitator).get("/communities/southern-africa-platform/")
    assert "Your role in this community: Co-lead." in page.content.decode()
    # A co-lead facilitates: the members page opens for them.
    assert (
        client_for(network.other_facilitator)
        .get("/communities/southern-africa-platform/members/")
        .status_code
        == 200
    )


def test_it_makes_the_address_unique(network):
    client = client_for(network.facilitator)
    fields = new_community(name="Asia Pacific", facilitators=[str(network.facilitator.uuid)])
    client.post("/communities/new/", fields)
    client.post("/communities/new/", fields)
    client.post("/communities/new/", {**fields, "name": "New"})
    slugs = set(
        Community.objects.filter(name__in=["Asia Pacific", "New"]).values_list("slug", flat=True)
    )
    assert slugs == {"asia-pacific-2", "asia-pacific-3", "new-community"}
    assert Community.objects.get(slug="asia-pacific").name == "Asia Pacific platform"


def test_it_refuses_the_new_community_form_to_all_but_platform_facilitators(network):
    before = Community.objects.count()
    fields = new_community(facilitators=[str(network.other_facilitator.uuid)])
    for person in [network.other_facilitator, network.community_member, network.outsider]:
        client = client_for(person)
        assert client.get("/communities/new/").status_code == 403
        assert client.post("/communities/new/", fields).status_code == 403
    assert client_for(None).get("/communities/new/").status_code == 302
    assert Community.objects.count() == before
    # The link is not offered either; the positive control is in the test above.
    assert (
        'href="/communities/new/"'
        not in client_for(network.other_facilitator).get("/communities/").content.decode()
    )


def test_it_refuses_a_parent_the_person_may_not_see(network):
    """A platform facilitator outside the private community cannot hang a community under it,
    and the error does not tell that it exists."""
    coordinator = make_user("coordinator@test.example", is_facilitator=True, two_factor=True)
    client = client_for(coordinator)
    form = client.get("/communities/new/").content.decode()
    assert "Cross-regional platform" not in form and "Asia Pacific platform" in form
    fields = new_community(facilitators=[str(coordinator.uuid)])
    response = client.post("/communities/new/", {**fields, "parent": "cross-regional"})
    missing = client.post("/communities/new/", {**fields, "parent": "no-such-community"})
    assert response.status_code == 400 and missing.status_code == 400
    assert "Choose a community from the list." in response.content.decode()
    assert "Cross-regional platform" not in response.content.decode()
    assert not Community.objects.filter(name=fields["name"]).exists()
    # Positive control: a listed parent is taken, and the new community is its sub-group.
    response = client.post("/communities/new/", {**fields, "parent": "asia-pacific"})
    assert response.status_code == 302
    assert Community.objects.get(name=fields["name"]).parent == network.asia


def test_it_refuses_a_community_without_anyone_to_run_it(network):
    client = client_for(network.facilitator)
    response = client.post("/communities/new/", new_community())
    assert response.status_code == 400
    assert "Name at least one co-lead or facilitator" in response.content.decode()
    # What was typed is kept.
    assert "Governments of the region learn from each other." in response.content.decode()
    assert not Community.objects.filter(name="Southern Africa platform").exists()


def test_it_refuses_a_private_community_its_creator_would_not_see(network):
    client = client_for(network.facilitator)
    fields = new_community(
        visibility=CommunityVisibility.PRIVATE, facilitators=[str(network.public.uuid)]
    )
    response = client.post("/communities/new/", fields)
    assert response.status_code == 400
    assert "name yourself among its co-leads or facilitators" in response.content.decode()
    assert not Community.objects.filter(name="Southern Africa platform").exists()
    fields["facilitators"].append(str(network.facilitator.uuid))
    assert client.post("/communities/new/", fields).status_code == 302
    community = Community.objects.get(name="Southern Africa platform")
    assert community.is_private
    # Never named to outsiders.
    assert client_for(network.outsider).get(f"/communities/{community.slug}/").status_code == 404
    listed = client_for(network.outsider).get("/communities/").content.decode()
    assert "Southern Africa platform" not in listed and community.slug not in listed
    assert community.slug in client_for(network.facilitator).get("/communities/").content.decode()


# Editing a community --------------------------------------------------------------------------


def test_it_lets_a_community_facilitator_edit_its_texts(network):
    network.asia.memberships.filter(person=network.facilitator).update(role=Role.FACILITATOR)
    facilitator = make_user(
        "asiafac@test.example", display_name="Asha Facilitator", two_factor=True
    )
    Membership.objects.create(community=network.asia, person=facilitator, role=Role.FACILITATOR)
    client = client_for(facilitator)
    form = client.get("/communities/asia-pacific/edit/").content.decode()
    assert "Learn." in form
    # Co-leads and the parent are the platform's facilitators' to set.
    assert 'name="co_leads"' not in form and 'name="parent"' not in form
    response = client.post(
        "/communities/asia-pacific/edit/",
        {
            "name": "Asia Pacific platform",
            "purpose": "Learn together, in the region.",
            "themes": "alternatives to detention",
            "regions": ["asia-pacific"],
            "countries": ["TH", "MY", "ID"],
            # Sent anyway by a hand-made form: ignored, the fields are not there.
            "co_leads": [str(facilitator.uuid)],
            "parent": "mena",
        },
    )
    assert response.status_code == 302
    network.asia.refresh_from_db()
    assert network.asia.purpose == "Learn together, in the region."
    assert network.asia.themes == ["alternatives to detention"]
    assert network.asia.regions == ["asia-pacific"]
    assert sorted(network.asia.countries.values_list("code", flat=True)) == ["ID", "MY", "TH"]
    assert network.asia.parent is None
    assert (
        Membership.objects.get(community=network.asia, person=facilitator).role == Role.FACILITATOR
    )
    assert AuditEntry.objects.filter(action="community.updated", actor=facilitator).exists()
    page = client_for(network.outsider).get("/communities/asia-pacific/").content.decode()
    assert "Learn together, in the region." in page


def test_it_refuses_editing_to_others(network):
    fields = {"name": "Taken", "purpose": "Taken over."}
    # A facilitator of another community, a member, an outsider: 403, nothing changed.
    for person in [network.other_facilitator, network.community_member, network.outsider]:
        client = client_for(person)
        assert client.get("/communities/asia-pacific/edit/").status_code == 403
        assert client.post("/communities/asia-pacific/edit/", fields).status_code == 403
    # The private community is not named to whoever is not its member.
    for person in [network.other_facilitator, network.outsider]:
        assert client_for(person).get("/communities/cross-regional/edit/").status_code == 404
    assert (
        client_for(network.community_member).get("/communities/cross-regional/edit/").status_code
        == 403
    )
    network.asia.refresh_from_db()
    assert network.asia.name == "Asia Pacific platform"
    # Positive control: its facilitator may.
    assert (
        client_for(network.facilitator).get("/communities/cross-regional/edit/").status_code == 200
    )


def test_it_refuses_a_community_as_its_own_parent_or_a_loop(network):
    group = subgroup(network)
    client = client_for(network.facilitator)
    fields = {"name": "Asia Pacific platform", "purpose": "Learn.", "countries": ["TH"]}
    # Its own parent: not even among the choices.
    response = client.post("/communities/asia-pacific/edit/", {**fields, "parent": "asia-pacific"})
    assert response.status_code == 400
    assert "Choose a community from the list." in response.content.decode()
    # Under its own sub-group: a loop.
    response = client.post("/communities/asia-pacific/edit/", {**fields, "parent": group.slug})
    assert response.status_code == 400
    assert "nor of one of its sub-groups" in response.content.decode()
    network.asia.refresh_from_db()
    assert network.asia.parent is None
    # Positive control: under another community it goes.
    response = client.post("/communities/asia-pacific/edit/", {**fields, "parent": "mena"})
    assert response.status_code == 302
    network.asia.refresh_from_db()
    assert network.asia.parent == network.mena


# Co-leads ---------------------------------------------------------------------------------------


def test_it_lets_a_platform_facilitator_appoint_and_remove_co_leads(network):
    client = client_for(network.facilitator)
    fields = {
        "name": "Asia Pacific platform",
        "purpose": "Learn.",
        "countries": ["TH"],
        "co_leads": [str(network.public.uuid)],
    }
    assert client.post("/communities/asia-pacific/edit/", fields).status_code == 302
    seat = Membership.objects.get(community=network.asia, person=network.public)
    assert seat.role == Role.CO_LEAD
    # Removed, the co-lead keeps facilitating: their seat is not taken away unasked.
    assert (
        client.post("/communities/asia-pacific/edit/", {**fields, "co_leads": []}).status_code
        == 302
    )
    seat.refresh_from_db()
    assert seat.role == Role.FACILITATOR
    # The role page offers co-lead to a platform facilitator.
    response = client.post(
        f"/communities/asia-pacific/members/{seat.uuid}/role/", {"role": Role.CO_LEAD}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.role == Role.CO_LEAD
    assert (
        AuditEntry.objects.filter(action="community.role_changed", details__after="co-lead").count()
        == 2
    )


def test_it_refuses_a_community_facilitator_the_co_lead_role(network):
    """Insider: a community's facilitator cannot make themself nor anyone co-lead, nor demote
    a co-lead."""
    ofac = network.other_facilitator
    helper = Membership.objects.get(community=network.mena, person=network.member)
    client = client_for(ofac)
    page = client.get("/communities/mena/members/").content.decode()
    # Co-lead is offered for the organisations (a community's own business), never for people.
    assert page.count('value="co-lead"') == 1
    platform_page = client_for(network.facilitator).get("/communities/asia-pacific/members/")
    assert platform_page.content.decode().count('value="co-lead"') > 1
    response = client.post(
        f"/communities/mena/members/{helper.uuid}/role/", {"role": Role.CO_LEAD}, follow=True
    )
    assert "Only the platform" in response.content.decode()
    helper.refresh_from_db()
    assert helper.role == Role.MEMBER
    own = Membership.objects.get(community=network.mena, person=ofac)
    client.post(f"/communities/mena/members/{own.uuid}/role/", {"role": Role.CO_LEAD})
    own.refresh_from_db()
    assert own.role == Role.FACILITATOR
    # A co-lead appointed by the platform is not the community facilitator's to demote.
    helper.role = Role.CO_LEAD
    helper.save(update_fields=["role"])
    client.post(f"/communities/mena/members/{helper.uuid}/role/", {"role": Role.MEMBER})
    helper.refresh_from_db()
    assert helper.role == Role.CO_LEAD
    # Nor through the edit form's co-leads field, which is not theirs.
    client.post(
        "/communities/mena/edit/",
        {"name": "MENA network", "purpose": "Learn.", "co_leads": [str(ofac.uuid)]},
    )
    own.refresh_from_db()
    assert own.role == Role.FACILITATOR
    assert not ofac.is_facilitator


# Sub-groups -------------------------------------------------------------------------------------


def test_it_lets_a_community_facilitator_open_a_sub_group(network):
    ofac = network.other_facilitator
    client = client_for(ofac)
    page = client.get("/communities/mena/").content.decode()
    assert 'href="/communities/mena/subgroups/new/"' in page
    response = client.post(
        "/communities/mena/subgroups/new/",
        {
            "name": "Jordan working group",
            "purpose": "Case management in Jordan.",
            "themes": "case management",
            "visibility": CommunityVisibility.LISTED,
        },
    )
    group = Community.objects.get(name="Jordan working group")
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.parent == network.mena and group.level == network.mena.level
    assert group.memberships.get().person == ofac
    assert group.memberships.get().role == Role.FACILITATOR
    assert AuditEntry.objects.filter(action="community.subgroup_created", actor=ofac).exists()
    parent = client_for(network.outsider).get("/communities/mena/").content.decode()
    assert "Jordan working group" in parent


def test_it_refuses_a_sub_group_in_another_community(network):
    fields = {"name": "Taken over", "purpose": "No.", "visibility": CommunityVisibility.LISTED}
    for person in [network.other_facilitator, network.community_member, network.outsider]:
        response = client_for(person).post("/communities/asia-pacific/subgroups/new/", fields)
        assert response.status_code == 403
    assert (
        client_for(network.other_facilitator)
        .post("/communities/cross-regional/subgroups/new/", fields)
        .status_code
        == 404
    )
    assert not Community.objects.filter(name="Taken over").exists()
    assert (
        client_for(network.facilitator)
        .post("/communities/asia-pacific/subgroups/new/", fields)
        .status_code
        == 302
    )


def test_it_keeps_a_private_sub_group_from_outsiders(network):
    client_for(network.facilitator).post(
        "/communities/asia-pacific/subgroups/new/",
        {"name": "Quiet circle", "purpose": "Shh.", "visibility": CommunityVisibility.PRIVATE},
    )
    group = Community.objects.get(name="Quiet circle")
    for address in ["", "edit/", "close/", "subgroups/new/", "members/"]:
        assert (
            client_for(network.community_member)
            .get(f"/communities/{group.slug}/{address}")
            .status_code
            == 404
        )
    parent = client_for(network.community_member).get("/communities/asia-pacific/").content.decode()
    assert "Quiet circle" not in parent
    assert (
        "Quiet circle"
        in client_for(network.facilitator).get("/communities/asia-pacific/").content.decode()
    )


# Closing a sub-group ----------------------------------------------------------------------------


def test_it_closes_a_sub_group_which_keeps_its_history(network):
    group = subgroup(network)
    Membership.objects.create(
        community=group, person=network.other_facilitator, role=Role.FACILITATOR
    )
    Membership.objects.create(community=group, person=network.public, role=Role.MEMBER)
    waiting = CommunityJoinRequest.objects.create(community=group, person=network.outsider)
    client = client_for(network.other_facilitator)
    page = client.get(f"/communities/{group.slug}/close/")
    assert page.status_code == 200
    assert "1 request to join is waiting" in page.content.decode()
    response = client.post(f"/communities/{group.slug}/close/")
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.closed_at is not None
    waiting.refresh_from_db()
    assert waiting.status == CommunityJoinRequest.Status.DECLINED
    assert waiting.reason == "The sub-group has closed."
    assert AuditEntry.objects.filter(action="community.closed", object_id=str(group.uuid)).exists()

    shown = client_for(network.public).get(f"/communities/{group.slug}/").content.decode()
    assert "Closed on" in shown and "Leave this community" in shown
    # No new members: no form to ask, and a request sent anyway is refused.
    outsider = client_for(network.member)
    assert "Ask to join" not in outsider.get(f"/communities/{group.slug}/").content.decode()
    outsider.post(f"/communities/{group.slug}/join/", {"message": "Hello"})
    assert not CommunityJoinRequest.objects.filter(community=group, person=network.member).exists()
    # No new exchanges.
    facilitator = client_for(network.other_facilitator)
    assert "New exchange" not in facilitator.get(f"/communities/{group.slug}/").content.decode()
    assert facilitator.get(f"/communities/{group.slug}/exchanges/new/").status_code == 403
    assert not Exchange.objects.filter(community=group).exists()
    # The parent lists it under the closed ones; the list hides it unless asked.
    parent = client_for(network.outsider).get("/communities/asia-pacific/").content.decode()
    assert "Closed sub-groups" in parent and group.name in parent
    assert group.name not in client_for(network.outsider).get("/communities/").content.decode()
    assert (
        group.name in client_for(network.outsider).get("/communities/?closed=on").content.decode()
    )
    # Closing again says so; nothing changes.
    closed_at = group.closed_at
    client.post(f"/communities/{group.slug}/close/")
    group.refresh_from_db()
    assert group.closed_at == closed_at


def test_it_lets_the_parents_facilitator_close_a_sub_group(network):
    group = subgroup(network)
    assert (
        client_for(network.facilitator).post(f"/communities/{group.slug}/close/").status_code == 302
    )
    group.refresh_from_db()
    assert group.closed_at is not None


def test_it_refuses_closing_to_others_and_a_top_level_community(network):
    group = subgroup(network)
    for person in [network.other_facilitator, network.community_member, network.outsider]:
        assert client_for(person).post(f"/communities/{group.slug}/close/").status_code == 403
    group.refresh_from_db()
    assert group.closed_at is None
    response = client_for(network.facilitator).post("/communities/asia-pacific/close/")
    assert response.status_code == 403
    assert "A top-level community cannot be closed" in response.content.decode()
    network.asia.refresh_from_db()
    assert network.asia.closed_at is None


def test_it_refuses_an_exchange_in_a_closed_sub_group_through_the_action(network):
    from peerlearning.exchanges import actions as exchange_actions

    group = subgroup(network, closed_at=timezone.now())
    with pytest.raises(exchange_actions.ExchangeError):
        exchange_actions.create_exchange(
            by=network.facilitator, community=group, slug="late", title="Late"
        )
    assert not Exchange.objects.filter(slug="late").exists()


# Bounded queries --------------------------------------------------------------------------------


def test_it_lists_many_communities_and_sub_groups_in_bounded_queries(
    network, django_assert_max_num_queries
):
    client = client_for(network.facilitator)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/communities/?closed=on").status_code == 200
            assert client.get("/communities/asia-pacific/").status_code == 200
        return len(queries)

    few = count()
    for number in range(30):
        group = Community.objects.create(
            slug=f"group-{number}",
            name=f"Group {number}",
            purpose="A group.",
            level=Level.REGIONAL,
            parent=network.asia,
            closed_at=timezone.now() if number % 3 == 0 else None,
        )
        group.countries.set(Country.objects.filter(code__in=["TH", "MY"]))
        Membership.objects.create(community=group, person=network.public, role=Role.CO_LEAD)
    with django_assert_max_num_queries(few):
        count()
