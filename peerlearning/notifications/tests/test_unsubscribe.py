"""The single-use unsubscribe link of every notification e-mail: it works signed out and in one
click from a mail client, changes only its owner's choices, once; a forged or used one changes
nothing and says so."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from peerlearning.accounts.models import hash_token
from peerlearning.knowledge.models import Practice
from peerlearning.network.testing import client_for, network  # noqa: F401
from peerlearning.notifications import actions
from peerlearning.notifications.digests import build_digests
from peerlearning.notifications.models import EmailChoice, Frequency, Kind, UnsubscribeLink
from peerlearning.notifications.preferences import choices_of, frequency_for

LINK = re.compile(r"/unsubscribe/([A-Za-z0-9_-]+)/")


def _link_in(message) -> str:
    """The link's address, the same in the body and in the List-Unsubscribe header."""
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{settings.SITE_URL}/unsubscribe/") and header.endswith("/>")
    path = header[len(settings.SITE_URL) + 1 : -1]
    assert f"{settings.SITE_URL}{path}" in message.body
    return path


def _invitation_email(network, person, capture) -> str:  # noqa: F811
    mail.outbox.clear()
    with capture(execute=True):
        actions.notify(Kind.EXCHANGE_INVITATION, network.open_exchange, [person])
    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return _link_in(message)


def _digest_email(person, capture) -> str:
    EmailChoice.objects.create(user=person, kind=Kind.NEW_PRACTICE, frequency="daily")
    practice = Practice.objects.create(
        external_id="p", title="A practice", summary="S.", status="published", sources=[]
    )
    actions.notify(Kind.NEW_PRACTICE, practice, [person])
    mail.outbox.clear()
    with capture(execute=True):
        build_digests(Frequency.DAILY, now=timezone.now() + dt.timedelta(days=1))
    [message] = mail.outbox
    return _link_in(message)


def test_it_stops_one_kind_from_an_immediate_email_signed_out(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person = network.community_member
    path = _invitation_email(network, person, django_capture_on_commit_callbacks)
    before = choices_of(person)
    visitor = Client(enforce_csrf_checks=True)  # signed out, with no CSRF token

    page = visitor.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert str(Kind.EXCHANGE_INVITATION.label) in text
    assert text.count("Stop these e-mails</button>") == 1
    # Opening the page (as link checkers and previews do) changes nothing.
    assert choices_of(person) == before
    assert UnsubscribeLink.objects.get(user=person).used_at is None

    done = visitor.post(path)
    assert done.status_code == 200
    assert "E-mails stopped" in done.content.decode()
    assert 'href="/profile/notifications/"' in done.content.decode()
    assert frequency_for(person, Kind.EXCHANGE_INVITATION) == Frequency.NEVER
    # Only that kind: the others as they were.
    after = choices_of(person)
    assert {kind: value for kind, value in after.items() if value != before[kind]} == {
        Kind.EXCHANGE_INVITATION: Frequency.NEVER
    }


def test_it_stops_every_notification_email_in_one_click_from_a_digest(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person, other = network.public, network.member
    path = _digest_email(person, django_capture_on_commit_callbacks)
    # A mail client's one-click unsubscribe (RFC 8058): a POST, no page visited, no cookie.
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert set(choices_of(person).values()) == {Frequency.NEVER}
    assert frequency_for(other, Kind.NEW_PRACTICE) == Frequency.WEEKLY  # nobody else's
    assert not EmailChoice.objects.filter(user=other).exists()


def test_it_keeps_only_a_hash_of_the_token(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person = network.community_member
    found = LINK.search(_invitation_email(network, person, django_capture_on_commit_callbacks))
    assert found is not None
    token = found[1]
    link = UnsubscribeLink.objects.get(user=person)
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert link.kind == Kind.EXCHANGE_INVITATION


def test_it_refuses_a_forged_token_changing_nothing(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person = network.member
    path = _invitation_email(network, person, django_capture_on_commit_callbacks)
    forged = f"/unsubscribe/{'A' * 43}/"
    visitor = Client()
    for response in (
        visitor.get(forged, HTTP_ACCEPT_LANGUAGE="ar"),
        visitor.post(forged, HTTP_ACCEPT_LANGUAGE="ar"),
    ):
        assert response.status_code == 404
        page = response.content.decode()
        with translation.override("ar"):
            assert gettext("This unsubscribe link is not valid") in page
        assert 'dir="rtl"' in page
    assert not EmailChoice.objects.exists()
    assert UnsubscribeLink.objects.get().used_at is None
    # The positive control: the real link works.
    assert visitor.post(path).status_code == 200
    assert frequency_for(person, Kind.EXCHANGE_INVITATION) == Frequency.NEVER


def test_it_refuses_a_link_used_already_changing_nothing(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person = network.community_member
    path = _invitation_email(network, person, django_capture_on_commit_callbacks)
    assert Client().post(path).status_code == 200
    assert frequency_for(person, Kind.EXCHANGE_INVITATION) == Frequency.NEVER
    # The person changes their mind on the preferences page; the old link must not undo it.
    actions.set_email_choices(person, {Kind.EXCHANGE_INVITATION: Frequency.IMMEDIATELY})
    for response in (Client().get(path), Client().post(path)):
        assert response.status_code == 410
        assert "This link was already used" in response.content.decode()
    assert frequency_for(person, Kind.EXCHANGE_INVITATION) == Frequency.IMMEDIATELY


def test_it_changes_only_the_owners_choices_whoever_follows_it(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    owner, signed_in = network.community_member, network.public
    path = _invitation_email(network, owner, django_capture_on_commit_callbacks)
    # Another person, signed in, follows the owner's link (a forwarded e-mail).
    assert client_for(signed_in).post(path).status_code == 200
    assert frequency_for(owner, Kind.EXCHANGE_INVITATION) == Frequency.NEVER
    assert frequency_for(signed_in, Kind.EXCHANGE_INVITATION) == Frequency.IMMEDIATELY
    assert not EmailChoice.objects.filter(user=signed_in).exists()
    # And their own link changes only their own choices.
    own = _invitation_email(network, signed_in, django_capture_on_commit_callbacks)
    assert own != path
    assert client_for(owner).post(own).status_code == 200
    assert frequency_for(signed_in, Kind.EXCHANGE_INVITATION) == Frequency.NEVER


PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.browser_context(**PHONE)
def test_it_is_one_button_on_a_phone_signed_out(
    visit,
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person = network.public
    path = _digest_email(person, django_capture_on_commit_callbacks)
    visit.use_language("es")
    visit.goto(path)
    page = visit.page
    with translation.override("es"):
        stop, done = gettext("Stop these e-mails"), gettext("E-mails stopped")
    assert page.get_by_role("button").filter(has_text=stop).count() == 1
    assert frequency_for(person, Kind.NEW_PRACTICE) == Frequency.DAILY  # only looked at
    page.get_by_role("button", name=stop).click()
    visit.audit()
    assert page.get_by_role("heading", name=done).is_visible()
    assert set(choices_of(person).values()) == {Frequency.NEVER}
