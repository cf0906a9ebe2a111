"""The invitation letter of a delegation and the attendance certificate of a person (issue 13,
requirement 3): each for the people it names and the exchange's facilitators, naming nobody
else and nothing said. Every refusal has the download that works beside it."""

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import Exchange, Registration
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

LETTER = "/exchanges/asia-open/invitation-letter.pdf"
CERTIFICATE = "/exchanges/asia-exchange/certificate.pdf"
# 20:00 UTC is 4 a.m. the next day in Kuala Lumpur (UTC+8): the letter gives the exchange's date.
STARTS = datetime(2031, 3, 1, 20, 0, tzinfo=UTC)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_language(response) -> str:
    root: Any = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    return str(root["/Lang"])


@pytest.fixture
def delegations(network, django_capture_on_commit_callbacks):
    """asia-open, with the ministry's delegation (the community member and Amal, a pseudonym,
    registered; `waiting` on the waiting list) and HOST International's (`ngo_person`)."""
    exchange = network.open_exchange
    Exchange.objects.filter(pk=exchange.pk).update(
        capacity=3, starts_at=STARTS, ends_at=STARTS + timedelta(hours=8), place="Kuala Lumpur"
    )
    exchange.refresh_from_db()
    ngo_person = make_user("ngo@test.example", display_name="Nadia Ngo")
    waiting = make_user("waiting@test.example", display_name="Wanda Waiting")
    confirmed_affiliation(ngo_person, network.ngo)
    confirmed_affiliation(waiting, network.ministry)
    with django_capture_on_commit_callbacks(execute=True):
        for person, organisation in (
            (network.community_member, network.ministry),
            (network.pseudonymous, network.ministry),
            (ngo_person, network.ngo),
            (waiting, network.ministry),
        ):
            actions.register(exchange, person, organisation=organisation, accepted_rule=True)
        actions.contribute(exchange, network.community_member, kind="idea", text="Said Zqx here.")
    assert Registration.objects.get(exchange=exchange, person=waiting).status == "waitlisted"
    return {"exchange": exchange, "ngo_person": ngo_person, "waiting": waiting}


def test_a_registered_member_downloads_the_letter_of_their_delegation(network, delegations):
    response = client_for(network.community_member).get(LETTER)
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response)
    for expected in (
        "Letter of invitation",
        "Ministry of Interior",
        "Chandra Member",
        "Open regional meeting",
        "Asia Pacific platform",
        "Kuala Lumpur",
        "March 2, 2031",  # the exchange's own date (Asia/Kuala_Lumpur), not UTC's March 1
        "Asia/Kuala_Lumpur",
    ):
        assert expected in text, expected
    # Nobody of another delegation, nobody waiting, no real name behind a pseudonym, nothing said;
    # and not the colleague of the same delegation either (Amal, under a pseudonym): who else of
    # the ministry takes part is for the facilitators to know.
    for absent in ("Nadia Ngo", "HOST", "Wanda Waiting", "Real Name Behind", "Zqx", "@", "Amal"):
        assert absent not in text, absent


def test_the_letter_names_who_runs_the_instance_as_its_issuer(network, delegations, settings):
    settings.OPERATOR_NAME = ""
    unnamed = pdf_text(client_for(network.community_member).get(LETTER))
    assert "Issued by the Peer Learning Platform for the facilitators" in unnamed
    settings.OPERATOR_NAME = "Example Network Secretariat"
    named = pdf_text(client_for(network.community_member).get(LETTER))
    assert "run by Example Network Secretariat" in " ".join(named.split())


def test_the_letter_is_in_the_language_asked_and_arabic_reads_right_to_left(network, delegations):
    client = client_for(network.community_member)
    arabic = client.get(LETTER + "?language=ar")
    assert pdf_language(arabic) == "ar"
    assert "Chandra Member" in pdf_text(arabic)
    client.cookies["django_language"] = "es"
    assert pdf_language(client.get(LETTER)) == "es"  # the viewer's interface language
    assert pdf_language(client.get(LETTER + "?language=xx")) == "es"  # not a platform language


def test_each_delegation_gets_its_own_letter_only(network, delegations):
    ngo = client_for(delegations["ngo_person"])
    text = pdf_text(ngo.get(LETTER))
    assert "HOST International" in text and "Nadia Ngo" in text
    assert "Chandra Member" not in text and "Ministry of Interior" not in text
    # Asking for another delegation's letter gives nothing, not even that it exists.
    assert ngo.get(LETTER + "?organisation=ministry-of-interior-th").status_code == 404


def test_no_letter_for_those_without_a_place(network, delegations):
    assert client_for(delegations["waiting"]).get(LETTER).status_code == 404
    # While Amal holds a place, the same download works for them.
    assert "Amal" in pdf_text(client_for(network.pseudonymous).get(LETTER))
    registration = Registration.objects.get(
        exchange=delegations["exchange"], person=network.pseudonymous
    )
    actions.cancel_registration(registration, by=network.pseudonymous)
    assert client_for(network.pseudonymous).get(LETTER).status_code == 404
    # The promoted person now holds a place in the ministry's delegation: named, and served.
    text = pdf_text(client_for(delegations["waiting"]).get(LETTER))
    assert "Wanda Waiting" in text and "Amal" not in text
    for person in (network.member, network.hidden, network.outsider, network.other_facilitator):
        assert client_for(person).get(LETTER).status_code == 404, person
    assert Client().get(LETTER).status_code == 302  # a visitor is asked to sign in


def test_the_facilitators_download_the_letter_of_any_delegation(network, delegations):
    facilitator = client_for(network.facilitator)
    text = pdf_text(facilitator.get(LETTER + "?organisation=ministry-of-interior-th"))
    # The whole delegation, the pseudonymous member by the name they show.
    assert "Chandra Member" in text and "Amal" in text and "Nadia Ngo" not in text
    assert facilitator.get(LETTER + "?organisation=nowhere").status_code == 404
    other = client_for(network.other_facilitator)
    assert other.get(LETTER + "?organisation=ministry-of-interior-th").status_code == 404
    page = facilitator.get("/exchanges/asia-open/participants/").content.decode()
    assert f"{LETTER}?organisation=ministry-of-interior-th" in page
    assert f"{LETTER}?organisation=host-international" in page


def test_the_exchange_page_offers_the_letter_to_registered_members_only(network, delegations):
    page = client_for(network.community_member).get("/exchanges/asia-open/").content.decode()
    assert LETTER in page
    for person in (delegations["waiting"], network.member):
        page = client_for(person).get("/exchanges/asia-open/").content.decode()
        assert LETTER not in page


# Certificates: asia-exchange was held ten days ago; the community member attended it.


def test_an_attendee_downloads_their_certificate_after_the_exchange(network):
    response = client_for(network.community_member).get(CERTIFICATE)
    text = pdf_text(response)
    for expected in ("Certificate of attendance", "Chandra Member", "Asia exchange on screening"):
        assert expected in text, expected
    assert "Asia Pacific platform" in text
    # Nothing said, no delegation, nobody else.
    for absent in ("We screen every child", "Ministry", "Amal", "Fay Facilitator"):
        assert absent not in text, absent
    page = client_for(network.community_member).get("/exchanges/asia-exchange/").content.decode()
    assert CERTIFICATE in page


def test_a_pseudonym_stays_a_pseudonym_on_the_certificate(network):
    delegation = network.exchange.delegations.get()
    Registration.objects.create(
        exchange=network.exchange, person=network.pseudonymous, delegation=delegation
    )
    text = pdf_text(client_for(network.pseudonymous).get(CERTIFICATE))
    assert "Amal" in text
    assert "Real Name Behind" not in text and "Chandra Member" not in text


def test_no_certificate_before_the_exchange_has_ended(network):
    attendee = client_for(network.community_member)
    assert attendee.get(CERTIFICATE).status_code == 200  # the control
    # Marked held while its end is still ahead (a premature "held"): no certificate yet.
    Exchange.objects.filter(pk=network.exchange.pk).update(
        ends_at=timezone.now() + timedelta(hours=2)
    )
    assert attendee.get(CERTIFICATE).status_code == 404
    Exchange.objects.filter(pk=network.exchange.pk).update(
        ends_at=timezone.now() - timedelta(hours=2), status="closed"
    )
    assert attendee.get(CERTIFICATE).status_code == 404  # over, but not marked held
    page = attendee.get("/exchanges/asia-exchange/").content.decode()
    assert CERTIFICATE not in page


def test_a_certificate_is_for_its_person_and_the_facilitators_only(network):
    attendee = network.community_member
    own = f"{CERTIFICATE}?person={attendee.uuid}"
    facilitator = client_for(network.facilitator)
    assert "Chandra Member" in pdf_text(facilitator.get(own))
    assert facilitator.get(CERTIFICATE).status_code == 404  # the facilitator did not attend
    assert "Chandra Member" in pdf_text(client_for(attendee).get(own))
    # A member of the community who did not attend, asking for the attendee's certificate.
    for person in (network.hidden, network.pseudonymous):
        client = client_for(person)
        assert client.get(own).status_code == 404
        assert client.get(CERTIFICATE).status_code == 404
    for person in (network.other_facilitator, network.outsider):
        assert client_for(person).get(own).status_code in (403, 404)
    assert Client().get(own).status_code == 302
    page = facilitator.get("/exchanges/asia-exchange/participants/").content.decode()
    assert own in page


def test_no_certificate_for_a_cancelled_or_waiting_registration(network):
    registration = Registration.objects.get(exchange=network.exchange)
    url = f"{CERTIFICATE}?person={network.community_member.uuid}"
    # Control: while the place is held, the same downloads give the certificate.
    assert "Chandra Member" in pdf_text(client_for(network.community_member).get(CERTIFICATE))
    assert "Chandra Member" in pdf_text(client_for(network.facilitator).get(url))
    for status in ("cancelled", "waitlisted"):
        Registration.objects.filter(pk=registration.pk).update(status=status)
        assert client_for(network.community_member).get(CERTIFICATE).status_code == 404
        facilitator = client_for(network.facilitator)
        assert facilitator.get(url).status_code == 404


# Attendance: everyone holding a place is taken to have attended, until the facilitators mark
# them absent after the exchange.


def attendance_url(network) -> str:
    registration = Registration.objects.get(
        exchange=network.exchange, person=network.community_member
    )
    return f"/exchanges/asia-exchange/participants/{registration.uuid}/attendance/"


def test_the_facilitators_mark_a_no_show_absent_and_no_certificate_is_given(network):
    attendee = client_for(network.community_member)
    facilitator = client_for(network.facilitator)
    response = facilitator.post(attendance_url(network), {"attended": "no"})
    assert response.status_code == 302
    assert attendee.get(CERTIFICATE).status_code == 404
    assert CERTIFICATE not in attendee.get("/exchanges/asia-exchange/").content.decode()
    page = facilitator.get("/exchanges/asia-exchange/participants/").content.decode()
    assert "Mark Chandra Member as attended" in page
    assert f"{CERTIFICATE}?person={network.community_member.uuid}" not in page
    # Taken back: the certificate is there again.
    facilitator.post(attendance_url(network), {"attended": "yes"})
    assert "Chandra Member" in pdf_text(attendee.get(CERTIFICATE))


def test_nobody_else_marks_attendance(network):
    from peerlearning.accounts.models import AuditEntry

    url = attendance_url(network)
    for person in (network.community_member, network.hidden, network.other_facilitator):
        assert client_for(person).post(url, {"attended": "no"}).status_code == 403
    assert Client().post(url, {"attended": "no"}).status_code == 302  # to sign in
    registration = Registration.objects.get(
        exchange=network.exchange, person=network.community_member
    )
    assert registration.absent_marked_at is None  # nothing was written
    assert not AuditEntry.objects.filter(action="exchange.attendance_marked").exists()
    assert client_for(network.community_member).get(CERTIFICATE).status_code == 200


def test_attendance_is_marked_only_once_the_exchange_has_ended(network):
    Exchange.objects.filter(pk=network.exchange.pk).update(
        ends_at=timezone.now() + timedelta(hours=1)
    )
    response = client_for(network.facilitator).post(attendance_url(network), {"attended": "no"})
    assert response.status_code == 302
    registration = Registration.objects.get(
        exchange=network.exchange, person=network.community_member
    )
    assert registration.absent_marked_at is None
    # The same request once it has ended marks the person absent.
    Exchange.objects.filter(pk=network.exchange.pk).update(
        ends_at=timezone.now() - timedelta(hours=1)
    )
    response = client_for(network.facilitator).post(attendance_url(network), {"attended": "no"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.absent_marked_at is not None


def test_a_certificate_is_in_its_persons_language(network):
    network.community_member.languages = ["fr", "en"]
    network.community_member.save(update_fields=["languages"])
    url = f"{CERTIFICATE}?person={network.community_member.uuid}"
    facilitator = client_for(network.facilitator)
    assert pdf_language(facilitator.get(url)) == "fr"  # the attendee's, not the facilitator's
    assert pdf_language(facilitator.get(url + "&language=ar")) == "ar"  # as asked
    attendee = client_for(network.community_member)
    attendee.cookies["django_language"] = "es"
    assert pdf_language(attendee.get(CERTIFICATE)) == "es"  # their own, as they read the site
