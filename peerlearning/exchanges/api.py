"""API for exchanges: the same rules as the pages. Contributions never carry an author."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import CharField, Value
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from peerlearning import access
from peerlearning.api import WRITE_AUTH, acting_user, viewer
from peerlearning.exchanges import actions, reports
from peerlearning.exchanges.models import (
    AgendaSession,
    Contribution,
    ContributionKind,
    Exchange,
    Outcome,
    Registration,
    RegistrationStatus,
)
from peerlearning.exchanges.models import Status as ExchangeStatus
from peerlearning.lib.pagination import Page
from peerlearning.network.models import Organisation

router = Router(tags=["exchanges"])


class ExchangeSummaryOut(Schema):
    slug: str
    title: str
    community: str
    format: str
    mode: str
    place: str
    time_zone: str
    starts_at: datetime | None
    ends_at: datetime | None
    when: str = Field(alias="when_text")
    rule: str
    status: str
    visibility: str
    capacity: int | None
    registration_open: bool
    stage: str

    @staticmethod
    def resolve_community(obj: Exchange) -> str:
        return obj.community.slug

    @staticmethod
    def resolve_registration_open(obj: Exchange) -> bool:
        return obj.registration_is_open()

    @staticmethod
    def resolve_stage(obj: Exchange) -> str:
        return obj.stage()


class ExchangeOut(ExchangeSummaryOut):
    participation: dict[str, str]

    @staticmethod
    def resolve_participation(obj: Exchange) -> dict[str, str]:
        return _participation(obj)


def _participation(exchange: Exchange) -> dict[str, str]:
    """Aggregates only, with "fewer than 5" for small groups."""
    summary = reports.participation(exchange)
    return {
        "people": summary.people,
        "governments": summary.governments,
        "organisations": summary.organisations,
        "regions": summary.regions,
    }


class SessionOut(Schema):
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    speakers: list[str] | None


class ContributionOut(Schema):
    id: UUID = Field(alias="uuid")
    kind: str
    text: str
    author: str

    @staticmethod
    def resolve_text(obj: Contribution | dict[str, Any]) -> str:
        # As redacted or hidden by the facilitators; the original is for its author only.
        return obj["text"] if isinstance(obj, dict) else obj.shown_text


class ContributionIn(Schema):
    kind: ContributionKind
    text: str = Field(min_length=1, max_length=5000)


class OutcomeOut(Schema):
    kind: str
    text: str
    owner: str | None
    due_on: date | None
    status: str

    @staticmethod
    def resolve_owner(obj: Outcome) -> str | None:
        return obj.owner.slug if obj.owner else None


class ReportOut(Schema):
    exchange: str
    summary: str
    body: str
    published_at: datetime | None
    participation: dict[str, str]


class RegistrationIn(Schema):
    organisation: str = Field(description="The slug of the organisation you represent.")
    accept_rule: bool
    interpretation_needs: str = Field("", max_length=500)
    access_needs: str = Field("", max_length=500)


class RegistrationOut(Schema):
    status: str


def _exchange(request: HttpRequest, slug: str) -> Exchange:
    return access.get_exchange_for_user(viewer(request), slug)


@router.get("/exchanges", response=list[ExchangeSummaryOut])
@paginate(Page)
def list_exchanges(request: HttpRequest) -> Any:
    return access.exchanges_visible_to(Exchange.objects.all(), viewer(request)).select_related(
        "community"
    )


@router.get("/exchanges/{slug}", response=ExchangeOut)
def get_exchange(request: HttpRequest, slug: str) -> Exchange:
    return _exchange(request, slug)


@router.get("/exchanges/{slug}/agenda", response=list[SessionOut])
def agenda(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    exchange = _exchange(request, slug)
    user = viewer(request)
    show = access.can_see_speakers(user, exchange)
    sessions = AgendaSession.objects.filter(exchange=exchange)
    if show:
        sessions = sessions.prefetch_related(access.speakers_prefetch(user, exchange))
    return [
        {
            "title": s.title,
            "description": s.description,
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
            "speakers": [p.public_name for p in s.speakers.all()] if show else None,
        }
        for s in sessions
    ]


@router.get("/exchanges/{slug}/contributions", response=list[ContributionOut])
@paginate(Page)
def list_contributions(request: HttpRequest, slug: str) -> Any:
    user = viewer(request)
    exchange = access.get_exchange_for_user(user, slug)
    if not access.can_read_contributions(user, exchange):
        raise HttpError(403, _("Contributions are for the participants of the exchange."))
    # Every contribution reads as from "a participant": the author is never joined in.
    return Contribution.objects.filter(exchange=exchange, withdrawn=False).annotate(
        author=Value(_("a participant"), output_field=CharField())
    )


@router.post("/exchanges/{slug}/contributions", response={201: ContributionOut}, auth=WRITE_AUTH)
def add_contribution(
    request: HttpRequest, slug: str, data: ContributionIn
) -> Status[dict[str, Any]]:
    user = acting_user(request)
    exchange = access.get_exchange_for_user(user, slug)
    if not access.can_contribute(user, exchange):
        raise HttpError(403, _("Contributions are closed for this exchange."))
    contribution = actions.contribute(exchange, user, kind=data.kind, text=data.text)
    return Status(
        201,
        {
            "uuid": contribution.uuid,
            "kind": contribution.kind,
            "text": contribution.text,
            "author": _("a participant"),
        },
    )


@router.get("/exchanges/{slug}/outcomes", response=list[OutcomeOut])
def list_outcomes(request: HttpRequest, slug: str) -> Any:
    user = viewer(request)
    exchange = access.get_exchange_for_user(user, slug)
    if not access.can_read_outcomes(user, exchange):
        raise HttpError(403, _("Outcomes are published with the report."))
    return Outcome.objects.filter(exchange=exchange).select_related("owner")


@router.get("/exchanges/{slug}/report", response=ReportOut)
def get_report(request: HttpRequest, slug: str) -> dict[str, Any]:
    user = viewer(request)
    exchange = access.get_exchange_for_user(user, slug)
    report = access.get_report_for_user(user, exchange)
    return {
        "exchange": exchange.slug,
        "summary": reports.without_moderated_text(exchange, report.summary),
        "body": reports.without_moderated_text(exchange, report.body),
        "published_at": report.published_at,
        "participation": _participation(exchange),
    }


@router.post("/exchanges/{slug}/registration", response={201: RegistrationOut}, auth=WRITE_AUTH)
def register(request: HttpRequest, slug: str, data: RegistrationIn) -> Status[dict[str, str]]:
    user = acting_user(request)
    exchange = access.get_exchange_for_user(user, slug)
    organisation = (
        access.organisations_visible_to(Organisation.objects.all(), user)
        .filter(slug=data.organisation)
        .first()
    )
    if organisation is None:
        raise HttpError(400, _("No organisation has this slug."))
    try:
        registration = actions.register(
            exchange,
            user,
            organisation=organisation,
            accepted_rule=data.accept_rule,
            interpretation_needs=data.interpretation_needs,
            access_needs=data.access_needs,
        )
    except actions.ExchangeError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, {"status": registration.status})


@router.delete("/exchanges/{slug}/registration", response={200: RegistrationOut}, auth=WRITE_AUTH)
def cancel(request: HttpRequest, slug: str) -> dict[str, str]:
    user = acting_user(request)
    exchange = access.get_exchange_for_user(user, slug)
    registration = Registration.objects.active_for(exchange, user.pk)
    if registration is None:
        raise HttpError(404, _("You are not registered for this exchange."))
    actions.cancel_registration(registration, by=user)
    return {"status": RegistrationStatus.CANCELLED}


class StatusIn(Schema):
    status: str = Field(description="held, cancelled, open (publish a draft), archived")


# The moves the API offers, each through its named action; "reported" goes through the report.
API_MOVES = {
    ExchangeStatus.OPEN: actions.publish_exchange,
    ExchangeStatus.HELD: actions.mark_held,
    ExchangeStatus.CANCELLED: actions.cancel_exchange,
    ExchangeStatus.ARCHIVED: actions.archive_exchange,
}


@router.post("/exchanges/{slug}/status", response=ExchangeOut, auth=WRITE_AUTH)
def move_exchange(request: HttpRequest, slug: str, data: StatusIn) -> Exchange:
    """Move an exchange on (facilitators): refused with the reason (400) when it may not go
    there yet, e.g. "held" before it has ended."""
    user = acting_user(request)
    exchange = access.get_exchange_for_user(user, slug, write=True)
    action = API_MOVES.get(data.status)  # type: ignore[call-overload]
    if action is None:
        raise HttpError(400, _("Choose a status from the list."))
    try:
        return action(exchange, by=user)
    except actions.ExchangeError as error:
        raise HttpError(400, str(error)) from None


@router.post("/exchanges/{slug}/report/publish", response=ReportOut, auth=WRITE_AUTH)
def publish_exchange_report(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Publish the report (facilitators), once the exchange is held."""
    user = acting_user(request)
    exchange = access.get_exchange_for_user(user, slug, write=True)
    try:
        actions.publish_report(exchange, by=user)
    except actions.ExchangeError as error:
        raise HttpError(400, str(error)) from None
    return get_report(request, slug)
