"""The demo's resources where they belong (issue 17, item 5): the Fletcher School report on the
Thailand webinar's page, the two policy briefs on the Amman workshop's — that page is for the
MENA network's members, and the briefs' pages never name the workshop to anyone else."""

from io import StringIO

import pytest
from django.test import Client

from peerlearning import demo
from peerlearning.accounts.models import User
from peerlearning.network.testing import client_for
from peerlearning.testing import built_once

pytestmark = pytest.mark.django_db

THAILAND = "/exchanges/thailand-movement-webinar-2023-02-06/"
AMMAN = "/exchanges/mena-children-on-the-move-workshop-amman-2022/"
AMMAN_TITLE = "MENA Regional Children on the Move Cross Border Continuum of Protection and Care"
REPORT = "Best Interest of the Child: Ending Immigration Detention of Children in Thailand"
BRIEFS = [
    "Whole-of-Government and Whole-of-Society Approaches for children on the move",
    "Community and Family Based Alternative Care Initiatives",
]


def load_demo() -> str:
    out = StringIO()
    demo.load(out.write)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def loaded(request):
    """The whole demo, loaded once for the module; each test runs in its own savepoint."""
    with built_once(request, load_demo) as output:
        yield output


def test_the_thailand_webinar_page_shows_the_fletcher_school_report_to_everyone():
    page = Client().get(THAILAND).content.decode()
    assert 'id="linked-resources-title"' in page
    assert REPORT in page
    assert "/resources/best-interest-of-the-child-thailand/" in page
    report = Client().get("/resources/best-interest-of-the-child-thailand/").content.decode()
    assert "Belongs to" in report
    assert "/exchanges/thailand-movement-webinar-2023-02-06/" in report
    # The demo holds no copy of the report (the seed gives none): the page says so, rather than
    # leaving a reader looking for a download.
    assert "no copy of it, nor a link to one, is held here yet" in report
    assert "Download the file" not in report


def test_the_amman_workshop_page_shows_the_two_policy_briefs_to_who_may_see_it():
    administrator = client_for(User.objects.get(email="admin@example.org"))
    page = administrator.get(AMMAN).content.decode()
    for title in BRIEFS:
        assert title in page
    assert REPORT not in page  # each resource where it belongs only


def test_the_briefs_never_name_the_members_only_workshop_to_others():
    brief = "/resources/policy-brief-whole-of-government-whole-of-society/"
    for viewer in (
        Client(),
        client_for(User.objects.get(email="member@example.org")),
        client_for(User.objects.get(email="editor@example.org")),
    ):
        page = viewer.get(brief)
        assert page.status_code == 200
        assert BRIEFS[0] in page.content.decode()  # positive control: the brief is there
        assert AMMAN_TITLE not in page.content.decode()
    administrator = client_for(User.objects.get(email="admin@example.org"))
    assert AMMAN_TITLE in administrator.get(brief).content.decode()
