"""Registrations racing for the last places, committed from fifty threads (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import (
    Exchange,
    Registration,
)
from peerlearning.network.testing import confirmed_affiliation
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_twenty_places(network):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises every write anyway")
    Exchange.objects.filter(pk=network.open_exchange.pk).update(capacity=20)
    people = [make_user(f"race{i}@test.example") for i in range(50)]
    for person in people:
        confirmed_affiliation(person, network.ngo)
    barrier = threading.Barrier(50)
    errors = []

    def attempt(person):
        from django.db import connections

        try:
            barrier.wait()
            actions.register(
                network.open_exchange, person, organisation=network.ngo, accepted_rule=True
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    registrations = Registration.objects.filter(exchange=network.open_exchange)
    assert registrations.filter(status="registered").count() == 20
    assert registrations.filter(status="waitlisted").count() == 30
