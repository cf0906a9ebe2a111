"""The name of a person affected by an incident never reaches the place's page, whoever reads
it; the incident itself does, once published."""

import pytest

from peerlearning.monitoring.testing import PERSON_MARKER
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

PLACE = "/monitoring/places/mx-siglo-xxi/"


def test_no_one_reads_a_named_person_on_the_place_page(monitoring_world, administrator):
    for user in (
        None,
        make_user("member@test.example"),
        monitoring_world.editor,
        administrator,
        monitoring_world.other_monitor,
    ):
        response = client_for(user).get(PLACE)
        assert response.status_code == 200, user
        assert PERSON_MARKER.encode() not in response.content, user
        # The positive control: the published incident is on the page.
        assert b"Fire in an immigration station" in response.content, user
