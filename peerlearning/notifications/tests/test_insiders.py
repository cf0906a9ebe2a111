"""Insiders (issue 18 review): a role used without two factors is told nothing by e-mail; an
unsubscribe page, whose address is its secret, is kept by no cache."""

import datetime as dt

from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from peerlearning.exchanges.models import Exchange
from peerlearning.network.models import Membership, Role
from peerlearning.network.testing import network  # noqa: F401
from peerlearning.notifications import actions
from peerlearning.notifications.digests import build_digests
from peerlearning.notifications.emails import unsubscribe_context
from peerlearning.notifications.models import Frequency, Kind, Notification
from peerlearning.testing import make_user


def _invited_only_exchange(community) -> Exchange:
    return Exchange.objects.create(
        slug="quiet-meeting",
        community=community,
        title="Quiet meeting of two ministries",
        format="workshop",
        status="open",
        visibility="invited",
        starts_at=timezone.now() + dt.timedelta(days=20),
    )


def test_it_emails_nothing_to_a_facilitator_without_two_factors_until_they_set_them_up(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    without = make_user("new-facilitator@test.example")
    with_two = make_user("seasoned-facilitator@test.example", two_factor=True)
    for person in (without, with_two):
        Membership.objects.create(community=network.mena, person=person, role=Role.FACILITATOR)
        actions.follow(person, network.mena)
    exchange = _invited_only_exchange(network.mena)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.fan_out(Kind.NEW_EXCHANGE, exchange)
        build_digests(Frequency.DAILY, now=timezone.now() + dt.timedelta(days=1))
    told = {address for message in mail.outbox for address in message.to}
    # Control: the facilitator with two factors hears of it (in a daily digest, their default).
    assert with_two.email in told
    assert "Quiet meeting of two ministries" in "".join(
        str(message.body) for message in mail.outbox if message.to == [with_two.email]
    )
    assert without.email not in told
    # Untold, not lost: it waits for an e-mail after the set-up.
    assert Notification.objects.filter(user=without, emailed_at__isnull=True).count() == 1


def test_an_unsubscribe_page_is_kept_by_no_cache(network):  # noqa: F811
    url = unsubscribe_context(network.community_member, "")["unsubscribe_url"]
    response = Client().get(url.removeprefix(settings.SITE_URL), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "gzip" not in response.get("Content-Encoding", "")
    # Control: a public page seen by a visitor stays cacheable.
    assert "no-store" not in Client().get("/about/").get("Cache-Control", "")
