"""Finding 1, in the browser: a coordinator confirms and declines claims in bulk, without
JavaScript."""

import pytest

from peerlearning.network.models import Affiliation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.browser_context(java_script_enabled=False)
def test_a_coordinator_confirms_claims_in_bulk_without_javascript(visit, network):
    from peerlearning.testing import TOTP_SECRET

    for person in (network.outsider, network.member):
        Affiliation.objects.create(person=person, organisation=network.ministry)
    Affiliation.objects.create(person=network.public, organisation=network.ngo)
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    page = visit.page
    visit.goto("/manage/affiliations/")
    page.get_by_label("Select the claim of Otto Outsider to Ministry of Interior").check()
    page.get_by_label("Select the claim of Mona Member to Ministry of Interior").check()
    page.get_by_role("button", name="Confirm the selected claims").click()
    visit.audit()
    assert page.get_by_text("2 claims confirmed.").is_visible()
    statuses = dict(Affiliation.objects.values_list("person__email", "status"))
    assert statuses[network.outsider.email] == statuses[network.member.email] == "confirmed"
    assert statuses[network.public.email] == "claimed"
    page.get_by_role(
        "button", name="Decline the claim of Public Person to HOST International"
    ).click()
    visit.audit()
    assert Affiliation.objects.get(person=network.public).status == "declined"
