"""Notifications keep the Chatham House promise: the participants of an exchange under the rule
and a follower of it are told of the exchange, their registration and its report, and no
notification page says who registered, who spoke or who said what. Every route of the
notifications app is crawled, as every persona, with every notification's address (one's own
and everyone else's), for the participants' markers."""

import re
import uuid

import pytest
from django.test import Client

from peerlearning.exchanges.models import Outcome, Report
from peerlearning.network.models import Organisation
from peerlearning.notifications import actions
from peerlearning.notifications.models import Kind, Notification
from peerlearning.tests.test_chatham_house import room, routes_of, text_of  # noqa: F401

pytestmark = pytest.mark.django_db

TITLE = "Exchange under the rule"


def tell_the_room(room, capture) -> None:  # noqa: F811
    """What the exchange's life tells its participants and its followers: the bystander (a
    member of the community, not registered) follows the exchange and its community; the
    outsider follows a co-convener, and may not see the community's exchange."""
    exchange, people, personas = room["exchange"], room["people"], room["personas"]
    follower = personas["bystander"]
    actions.follow(follower, exchange)
    actions.follow(follower, room["community"])
    actions.follow(people[1].user, exchange)
    actions.follow(personas["outsider"], Organisation.objects.get(slug="idc"))
    with capture(execute=True):
        for person in people:
            actions.notify(Kind.REGISTRATION_CONFIRMED, exchange, [person.user])
        actions.fan_out(Kind.NEW_EXCHANGE, exchange)
        actions.fan_out(Kind.REPORT_PUBLISHED, Report.objects.get(exchange=exchange))
        actions.notify(
            Kind.FOLLOW_UP_DUE,
            Outcome.objects.get(exchange=exchange, kind="follow-up"),
            [personas["facilitator"], people[0].user],
        )


def notifications_routes() -> list[str]:
    return routes_of(lambda namespace, route: namespace == "notifications")


def concrete(route: str, uuids: list[str]) -> list[str]:
    route = route.lstrip("^").rstrip("$")
    if "<uuid:uuid>" in route:
        return ["/" + route.replace("<uuid:uuid>", value) for value in uuids]
    # A parameter this crawl does not know (a token, a key): a value nobody has.
    return ["/" + re.sub(r"<(?:\w+:)?\w+>", "unknown", route)]


def test_no_notification_page_says_who_was_in_the_room(
    room,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    tell_the_room(room, django_capture_on_commit_callbacks)
    people = room["people"]
    every_marker = set().union(*(person.markers for person in people))
    uuids = [str(value) for value in Notification.objects.values_list("uuid", flat=True)]
    uuids.append(str(uuid.uuid4()))
    routes = notifications_routes()
    assert len(routes) >= 4, routes
    checked = 0
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        me = next((person for person in people if person.user == user), None)
        allowed = me.markers if me else set()
        for route in routes:
            for path in [*concrete(route, uuids), "/notifications/?unread=1"]:
                response = client.get(path)
                text = text_of(response)
                leaked = {marker for marker in every_marker - allowed if marker in text}
                assert not leaked, f"{persona} GET {path} ({response.status_code}): {leaked}"
                checked += 1
    assert checked > 100


def test_the_participant_and_the_follower_are_told_and_nobody_is_named(
    room,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """The crawl's positive control: the notifications reach the lists, about the exchange."""
    tell_the_room(room, django_capture_on_commit_callbacks)
    people, personas = room["people"], room["personas"]
    every_marker = set().union(*(person.markers for person in people))

    def list_of(user) -> str:
        client = Client()
        client.force_login(user)
        response = client.get("/notifications/")
        assert response.status_code == 200
        return response.content.decode()

    participant = list_of(people[0].user)
    assert f"Your registration for “{TITLE}” is confirmed." in participant
    # Registering followed the exchange: its report is news to its participant too.
    assert f"The report of “{TITLE}” is published." in participant
    assert f"A follow-up action for your organisation, from “{TITLE}”" in participant
    assert not {marker for marker in every_marker - people[0].markers if marker in participant}

    following_participant = list_of(people[1].user)
    assert f"The report of “{TITLE}” is published." in following_participant
    assert not {m for m in every_marker - people[1].markers if m in following_participant}

    follower = list_of(personas["bystander"])
    assert f"New exchange: “{TITLE}”." in follower
    assert f"The report of “{TITLE}” is published." in follower
    assert "Your registration" not in follower  # nobody's registration is anybody else's news
    assert not {marker for marker in every_marker if marker in follower}

    # The outsider follows a co-convener: told of the exchange, which they may not see.
    assert Notification.objects.filter(user=personas["outsider"], exchange=room["exchange"])
    assert TITLE not in list_of(personas["outsider"])

    # Opening one leads to the exchange's own pages, which the exchange crawl covers.
    client = Client()
    client.force_login(personas["bystander"])
    for notification in Notification.objects.filter(user=personas["bystander"]):
        response = client.post(f"/notifications/{notification.uuid}/open/")
        assert response.status_code == 302
        assert response["Location"].startswith("/exchanges/room-exchange/")


def test_no_notification_email_or_digest_names_anyone_of_the_room(
    room,  # noqa: F811
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    """Every e-mail the notifications send (at once, and the daily and weekly digests of
    everyone the room told) carries no marker of anyone but its recipient."""
    import datetime as dt

    from django.utils import timezone

    from peerlearning.notifications.digests import build_digests
    from peerlearning.notifications.models import EmailChoice, Frequency

    mailoutbox.clear()
    people = room["people"]
    # Half the room wants everything at once, the rest in a daily digest, one weekly.
    for index, person in enumerate(people):
        frequency = [Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY][index % 3]
        for kind in Kind.values:
            EmailChoice.objects.update_or_create(
                user=person.user, kind=kind, defaults={"frequency": frequency}
            )
    tell_the_room(room, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        build_digests(Frequency.DAILY, now=timezone.now() + dt.timedelta(days=1))
        build_digests(Frequency.WEEKLY, now=timezone.now() + dt.timedelta(days=8))
    every_marker = set().union(*(person.markers for person in people))
    told = set()
    for message in mailoutbox:
        [address] = message.to
        me = next((person for person in people if person.user.email == address), None)
        allowed = me.markers if me else set()
        text = f"{message.subject}\n{message.body}"
        leaked = {marker for marker in every_marker - allowed if marker in text}
        assert not leaked, f"e-mail to {address} «{message.subject}»: {leaked}"
        told.add(address)
    # The positive control: every participant heard of the exchange, one way or the other.
    assert {person.user.email for person in people} <= told
    assert TITLE in "".join(str(message.body) for message in mailoutbox)
