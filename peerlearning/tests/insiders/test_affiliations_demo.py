"""Finding 1, in the demo: the loader's affiliations are confirmed ones (a claim gives no right)."""

import pytest

from peerlearning.network.models import Affiliation

pytestmark = pytest.mark.django_db


def test_the_demo_loader_creates_confirmed_affiliations(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("loaddemo", force=True, stdout=StringIO())
    assert Affiliation.objects.exists()
    assert not Affiliation.objects.exclude(status=Affiliation.Status.CONFIRMED).exists()
