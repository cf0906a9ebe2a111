"""Re-reading issue 18: what is no longer true is taken back; a title is read in the reader's
language where an editor translated it; an e-mail's subject is plain text."""

from django.core import mail
from django.test import Client
from django.utils import translation

from peerlearning.exchanges import actions as exchange_actions
from peerlearning.exchanges.models import Exchange
from peerlearning.network.testing import network  # noqa: F401
from peerlearning.notifications import actions
from peerlearning.notifications.describe import describe
from peerlearning.notifications.models import Kind, Notification


def test_it_takes_back_the_confirmation_of_a_cancelled_registration(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person = network.community_member
    exchange = network.open_exchange
    with django_capture_on_commit_callbacks(execute=True):
        registration = exchange_actions.register(
            exchange, person, organisation=network.ministry, accepted_rule=True
        )
    told = Notification.objects.filter(user=person, kind=Kind.REGISTRATION_CONFIRMED)
    assert told.count() == 1  # the positive control: it was said
    with django_capture_on_commit_callbacks(execute=True):
        exchange_actions.cancel_registration(registration, by=person)
    assert not told.exists()
    # Other notifications stay.
    actions.notify(Kind.NEW_EXCHANGE, exchange, [person])
    assert Notification.objects.filter(user=person).count() == 1


def test_it_names_an_item_by_its_translated_title_in_the_readers_language(network):  # noqa: F811
    exchange = network.open_exchange
    Exchange.objects.filter(pk=exchange.pk).update(
        translations={"es": {"title": "Reunión regional abierta"}}
    )
    actions.notify(Kind.NEW_EXCHANGE, exchange, [network.community_member])
    notification = Notification.objects.select_related("exchange").get()
    with translation.override("es"):
        assert "Reunión regional abierta" in describe(notification).headline
    with translation.override("fr"):  # no French version: as written
        assert "Open regional meeting" in describe(notification).headline
    client = Client()
    client.force_login(network.community_member)
    client.cookies["django_language"] = "es"
    assert "Reunión regional abierta" in client.get("/notifications/").content.decode()


def test_an_emails_subject_is_plain_text(network, django_capture_on_commit_callbacks):  # noqa: F811
    exchange = network.open_exchange
    Exchange.objects.filter(pk=exchange.pk).update(title='Rights & "detention"')
    exchange.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(Kind.EXCHANGE_INVITATION, exchange, [network.community_member])
    [message] = mail.outbox
    assert 'Rights & "detention"' in message.subject
    assert "&amp;" not in message.subject and "&quot;" not in message.subject


def test_it_sets_a_title_apart_in_a_right_to_left_headline(network):  # noqa: F811
    actions.notify(Kind.NEW_EXCHANGE, network.open_exchange, [network.community_member])
    notification = Notification.objects.select_related("exchange").get()
    with translation.override("ar"):
        assert "\u2068Open regional meeting\u2069" in describe(notification).headline
    with translation.override("es"):  # left to right: nothing added
        headline = describe(notification).headline
    assert "Open regional meeting" in headline and "\u2068" not in headline


def test_a_digest_to_someone_working_in_another_language_is_in_the_platforms(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    import datetime as dt

    from django.utils import timezone

    from peerlearning.notifications.digests import build_digests
    from peerlearning.notifications.models import Frequency
    from peerlearning.testing import make_user

    person = make_user("portuguese@test.example", languages=["pt"])
    control = make_user("spanish@test.example", languages=["es"])
    for someone in (person, control):
        actions.notify(Kind.NEW_EXCHANGE, network.open_exchange, [someone])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        build_digests(Frequency.WEEKLY, now=timezone.now() + dt.timedelta(days=8))
    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    assert languages == {person.email: "en", control.email: "es"}


def test_a_follow_up_due_is_told_to_no_spokesperson_who_may_not_see_its_exchange(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    import datetime as dt

    from django.utils import timezone

    from peerlearning.network.testing import confirmed_affiliation
    from peerlearning.testing import make_user

    due = network.follow_up  # the ministry's, at the Asia exchange (its community's only)
    due.due_on = timezone.localdate() + dt.timedelta(days=3)
    due.save(update_fields=["due_on"])
    exchange_actions.publish_report(network.exchange, by=network.facilitator)
    stranger = make_user("far-away@test.example")  # speaks for the ministry, not in Asia
    confirmed_affiliation(stranger, network.ministry)
    with django_capture_on_commit_callbacks(execute=True):
        exchange_actions.tell_follow_ups_due()
    told = set(Notification.objects.filter(kind=Kind.FOLLOW_UP_DUE).values_list("user", flat=True))
    assert network.community_member.pk in told  # the control: a spokesperson in the room
    assert stranger.pk not in told
