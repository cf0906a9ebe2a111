"""Who may move an exchange on, change or delete its sessions and outcomes, resend or cancel its
invitations, and publish its report: the facilitators of its community, with two factors. Each
write below is tried as everyone else who could try it — signed out, an outsider, a member of
the community, a facilitator of another community, a facilitator of this one who has not set up
two factors — and must be refused with nothing written; the facilitator then does it (the
positive control)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import (
    AgendaSession,
    Exchange,
    ExchangeInvitation,
    Outcome,
    Report,
    Status,
)
from peerlearning.network.models import Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

OPEN = "/exchanges/asia-open/"
HELD = "/exchanges/asia-exchange/"


@dataclass
class Write:
    """A write: how to prepare it (returns the path and body), and what it changes."""

    prepare: Callable[[Any], tuple[str, dict[str, Any] | None]]
    state: Callable[[Any], Any]
    api: bool = False
    before: Callable[[Any], None] | None = None  # brings the exchange to where the write fits


def ended(network) -> None:
    moment = timezone.now() - timedelta(hours=2)
    Exchange.objects.filter(pk=network.open_exchange.pk).update(
        starts_at=moment - timedelta(hours=2), ends_at=moment
    )


def exchange_state(slug: str) -> Callable[[Any], Any]:
    return lambda network: Exchange.objects.filter(slug=slug).values_list(
        "status", "registration_opens_at", "registration_closes_at"
    )[0]


def session(network) -> AgendaSession:
    return AgendaSession.objects.get_or_create(
        exchange=network.open_exchange,
        title="Opening",
        defaults={
            "starts_at": network.open_exchange.starts_at,
            "ends_at": network.open_exchange.starts_at + timedelta(hours=1),
        },
    )[0]


def invitation(network) -> ExchangeInvitation:
    return ExchangeInvitation.objects.get_or_create(
        exchange=network.open_exchange,
        person=network.public,
        defaults={"created_at": timezone.now() - timedelta(days=2)},  # may be sent again
    )[0]


def sessions(network) -> list:
    return list(AgendaSession.objects.values_list("title", "starts_at"))


def outcomes(network) -> list:
    return list(Outcome.objects.values_list("kind", "text").order_by("pk"))


def invitations(network) -> list:
    return list(ExchangeInvitation.objects.values_list("uuid", "sent_at"))


def report_state(network) -> Any:
    return (
        Report.objects.filter(exchange=network.exchange).values_list("published_at")[0],
        Exchange.objects.get(pk=network.exchange.pk).status,
    )


def drafted(network) -> None:
    Exchange.objects.filter(pk=network.open_exchange.pk).update(status=Status.DRAFT)


def closed_by_date(network) -> None:
    Exchange.objects.filter(pk=network.open_exchange.pk).update(
        registration_closes_at=timezone.now() - timedelta(days=1)
    )


def reported(network) -> None:
    Exchange.objects.filter(pk=network.exchange.pk).update(status=Status.REPORTED)


WRITES: dict[str, Write] = {
    "publish": Write(
        lambda n: (f"{OPEN}publish/", {}), exchange_state("asia-open"), before=drafted
    ),
    "open registration": Write(
        lambda n: (f"{OPEN}registration/open/", {}),
        exchange_state("asia-open"),
        before=closed_by_date,
    ),
    "close registration": Write(
        lambda n: (f"{OPEN}registration/close/", {}), exchange_state("asia-open")
    ),
    "mark as held": Write(
        lambda n: (f"{OPEN}held/", {}), exchange_state("asia-open"), before=ended
    ),
    "cancel": Write(lambda n: (f"{OPEN}cancel/", {}), exchange_state("asia-open")),
    "archive": Write(
        lambda n: (f"{HELD}archive/", {}), exchange_state("asia-exchange"), before=reported
    ),
    "edit a session": Write(
        lambda n: (
            f"{OPEN}agenda/{session(n).uuid}/edit/",
            {
                "title": "Moved",
                "starts_at": "2031-01-01T10:00",
                "ends_at": "2031-01-01T11:00",
                "description": "",
            },
        ),
        sessions,
    ),
    "delete a session": Write(lambda n: (f"{OPEN}agenda/{session(n).uuid}/delete/", {}), sessions),
    "edit an outcome": Write(
        lambda n: (
            f"{HELD}outcomes/{n.follow_up.uuid}/edit/",
            {"kind": "learning", "text": "Rewritten."},
        ),
        outcomes,
    ),
    "delete an outcome": Write(
        lambda n: (f"{HELD}outcomes/{n.follow_up.uuid}/delete/", {}), outcomes
    ),
    "resend an invitation": Write(
        lambda n: (f"{OPEN}participants/invitations/{invitation(n).uuid}/resend/", {}),
        invitations,
    ),
    "cancel an invitation": Write(
        lambda n: (f"{OPEN}participants/invitations/{invitation(n).uuid}/cancel/", {}),
        invitations,
    ),
    "publish the report": Write(lambda n: (f"{HELD}report/publish/", {}), report_state),
    "API: mark as held": Write(
        lambda n: ("/api/v1/exchanges/asia-open/status", {"status": "held"}),
        exchange_state("asia-open"),
        api=True,
        before=ended,
    ),
    "API: publish the report": Write(
        lambda n: ("/api/v1/exchanges/asia-exchange/report/publish", {}),
        report_state,
        api=True,
    ),
}


def post(client, path: str, body: dict[str, Any] | None, api: bool):
    if api:
        return client.post(path, data=body or {}, content_type="application/json")
    return client.post(path, body or {})


def refused_people(network) -> dict[str, Any]:
    unready = make_user("unready-facilitator@test.example")  # no authenticator app yet
    Membership.objects.create(community=network.asia, person=unready, role=Role.FACILITATOR)
    return {
        "signed out": None,
        "outsider": network.outsider,
        "member of the community": network.community_member,
        "facilitator of another community": network.other_facilitator,
        "facilitator without two factors": unready,
    }


@pytest.mark.parametrize("name", list(WRITES))
def test_only_the_communitys_facilitators_with_two_factors_write(network, name):
    write = WRITES[name]
    if write.before is not None:
        write.before(network)
    path, body = write.prepare(network)
    before = write.state(network)
    audit_before = AuditEntry.objects.count()
    for label, person in refused_people(network).items():
        response = post(client_for(person), path, body, write.api)
        if person is None:
            expected = {401} if write.api else {302}
        elif label == "facilitator without two factors":
            expected = {403} if write.api else {302}
        else:
            expected = {403, 404}
        assert response.status_code in expected, f"{name} as {label}: {response.status_code}"
        if response.status_code == 302:
            location = response["Location"]
            assert location.startswith(("/accounts/login/", "/accounts/2fa/")), location
        assert write.state(network) == before, f"{name} as {label} changed something"
    assert AuditEntry.objects.count() == audit_before
    # The positive control: the facilitator of the community does it.
    response = post(client_for(network.facilitator), path, body, write.api)
    assert response.status_code in (200, 302), f"{name}: {response.status_code}"
    assert write.state(network) != before, f"{name}: the facilitator changed nothing"
    assert AuditEntry.objects.count() > audit_before


@pytest.mark.parametrize(
    "path",
    [
        f"{OPEN}cancel/",
        f"{HELD}report/preview/",
        f"{HELD}outcomes/{{follow_up}}/edit/",
        f"{HELD}outcomes/{{follow_up}}/delete/",
    ],
)
def test_the_confirmation_and_preview_pages_are_the_facilitators_too(network, path):
    path = path.replace("{follow_up}", str(network.follow_up.uuid))
    for label, person in refused_people(network).items():
        status = client_for(person).get(path).status_code
        assert status in (302, 403, 404), f"{path} as {label}: {status}"
    assert client_for(network.facilitator).get(path).status_code == 200


def test_an_outcome_or_session_of_another_exchange_is_not_found_through_this_one(network):
    """A facilitator of the community cannot reach another community's items by pasting
    their address under an exchange they facilitate."""
    from peerlearning.network.models import Community

    other = Exchange.objects.create(
        slug="mena-exchange",
        community=Community.objects.get(slug="mena"),
        title="MENA",
        format="workshop",
        status=Status.HELD,
    )
    foreign = Outcome.objects.create(exchange=other, kind="learning", text="Theirs.")
    facilitator = client_for(network.facilitator)
    assert facilitator.get(f"{HELD}outcomes/{foreign.uuid}/edit/").status_code == 404
    assert facilitator.post(f"{HELD}outcomes/{foreign.uuid}/delete/").status_code == 404
    assert Outcome.objects.filter(pk=foreign.pk).exists()
    # Their own facilitator reaches it under its own exchange.
    ofac = client_for(network.other_facilitator)
    assert ofac.get(f"/exchanges/mena-exchange/outcomes/{foreign.uuid}/edit/").status_code == 200
