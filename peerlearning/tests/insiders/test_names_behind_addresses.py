"""Found by an insider's review of issue 13's change: a person chosen by the name they show must
not have their e-mail address, nor the pseudonym behind it, handed to the one who chose them.

Replayed as the facilitator who would try it, each beside its positive control."""

from datetime import timedelta

import pytest

from peerlearning.exchanges.models import AgendaSession
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

OPEN = "/exchanges/asia-open/"


def test_inviting_a_member_by_name_does_not_list_their_address(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    """Choosing Amal (a pseudonym) in the community invitation made /manage/invitations/ show
    the address behind the pseudonym to the facilitator who sent it."""
    facilitator = client_for(network.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator.post(
            "/communities/cross-regional/members/invite/",
            {"person": str(network.pseudonymous.uuid), "role": "member", "language": "en"},
        )
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[network.pseudonymous.email]]
    # An address the facilitator typed themselves, of nobody yet, stays readable to them.
    facilitator.post(
        "/communities/cross-regional/members/invite/",
        {"email": "new.person@example.net", "role": "member", "language": "en"},
    )
    page = facilitator.get("/manage/invitations/").content.decode()
    assert network.pseudonymous.email not in page
    assert "a member of the network" in page
    assert "new.person@example.net" in page  # control: the typed address is listed
    # Administrators read every address (they see the accounts anyway).
    assert (
        network.pseudonymous.email
        in client_for(network.administrator).get("/manage/invitations/").content.decode()
    )


def test_speakers_are_chosen_by_shown_name_never_by_an_address(network):
    """Speakers were typed as e-mail addresses: the answer told whether an address had an
    account, and the session page then named the person (or the pseudonym) behind it."""
    facilitator = client_for(network.facilitator)
    session = {"title": "Opening", "starts_at": "2031-03-01T09:00", "ends_at": "2031-03-01T10:00"}
    # An address is no choice at all, whether or not an account holds it: the same answer.
    answers = []
    for address in (network.pseudonymous.email, "nobody@nowhere.example"):
        response = facilitator.post(f"{OPEN}agenda/add/", {**session, "speakers": address})
        html = response.content.decode()
        answers.append((response.status_code, "is not a valid value" in html))
    assert answers == [(400, True), (400, True)]
    # A hidden profile is not offered, and cannot be forged in by its public id.
    form = facilitator.get(f"{OPEN}agenda/add/").content.decode()
    assert "Hidden Person" not in form and str(network.hidden.uuid) not in form
    forged = facilitator.post(
        f"{OPEN}agenda/add/", {**session, "speakers": str(network.hidden.uuid)}
    )
    assert forged.status_code == 400
    assert not AgendaSession.objects.filter(exchange__slug="asia-open").exists()
    # Control: the person chosen by the name they show is the speaker.
    assert "Amal" in form
    response = facilitator.post(
        f"{OPEN}agenda/add/", {**session, "speakers": str(network.pseudonymous.uuid)}
    )
    assert response.status_code == 302
    added = AgendaSession.objects.get(exchange__slug="asia-open")
    assert list(added.speakers.all()) == [network.pseudonymous]


def test_changing_a_session_keeps_the_speakers_the_facilitator_cannot_see(network):
    session = AgendaSession.objects.create(
        exchange=network.open_exchange,
        title="Opening",
        starts_at=network.open_exchange.starts_at,
        ends_at=network.open_exchange.starts_at + timedelta(hours=1),
    )
    session.speakers.set([network.hidden, network.public])
    facilitator = client_for(network.facilitator)
    path = f"{OPEN}agenda/{session.uuid}/edit/"
    form = facilitator.get(path).content.decode()
    assert "Public Person" in form and "Hidden Person" not in form
    response = facilitator.post(
        path,
        {
            "title": "Opening, shorter",
            "starts_at": "2031-03-01T09:00",
            "ends_at": "2031-03-01T09:30",
        },
    )
    assert response.status_code == 302
    # Public Person was taken off (not chosen again); the hidden speaker stays.
    assert list(session.speakers.all()) == [network.hidden]
