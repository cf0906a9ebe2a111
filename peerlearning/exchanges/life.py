"""Views of an exchange's life: its stage bar and the named moves between stages, editing and
deleting agenda sessions and outcomes, resending and cancelling invitations, and previewing and
publishing the report. Each write is one action of `actions.py`; each view asks the access
package, as facilitator of the exchange's community."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from peerlearning import access
from peerlearning.accounts.models import User
from peerlearning.exchanges import actions
from peerlearning.exchanges.forms import OutcomeForm, SessionForm
from peerlearning.exchanges.models import (
    AgendaSession,
    Contribution,
    Exchange,
    ExchangeInvitation,
    Outcome,
    Stage,
    Status,
)
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest

# The stage bar: five steps; the second reads "Announced" until registration opens.
BAR = [Stage.DRAFT, Stage.OPEN, Stage.CLOSED, Stage.HELD, Stage.REPORTED]


@dataclass
class Step:
    label: str
    state: str  # "done", "current" or "next"


def stage_steps(stage: Stage) -> list[Step]:
    if stage == Stage.CANCELLED:
        return []
    position = {Stage.ANNOUNCED: 1, Stage.ARCHIVED: len(BAR)}.get(stage)
    if position is None:
        position = BAR.index(stage)
    steps = []
    for index, step in enumerate(BAR):
        label = (
            Stage.ANNOUNCED.label if step == Stage.OPEN and stage == Stage.ANNOUNCED else step.label
        )
        state = "done" if index < position else "current" if index == position else "next"
        steps.append(Step(str(label), state))
    if stage == Stage.ARCHIVED:
        steps.append(Step(str(Stage.ARCHIVED.label), "current"))
    return steps


def life_context(request: HttpRequest, exchange: Exchange, facilitating: bool) -> dict[str, Any]:
    """What the exchange page shows of the exchange's life: its stage, whether it reads as past,
    and for its facilitators the moves that make sense now."""
    now = timezone.now()
    stage = exchange.stage(now)
    context: dict[str, Any] = {
        "stage": stage,
        "stage_steps": stage_steps(stage),
        "is_past": exchange.is_past(now),
        "has_ended": exchange.has_ended(now),
        "registration_opens_at": exchange.local(exchange.registration_opens_at),
        "registration_closes_at": exchange.local(exchange.registration_closes_at),
    }
    if facilitating:
        published = exchange.status in (Status.OPEN, Status.CLOSED)
        context["moves"] = {
            "publish": exchange.status == Status.DRAFT,
            "open_registration": published
            and not exchange.has_ended(now)
            and not exchange.registration_is_open(now),
            "close_registration": exchange.registration_is_open(now),
            "held": published and exchange.has_ended(now),
            "held_waits": published and not exchange.has_ended(now),
            "cancel": exchange.can_move_to(Status.CANCELLED),
            "report": exchange.status == Status.HELD,
            "archive": exchange.status == Status.REPORTED,
        }
        context["exchange_end"] = exchange.local(exchange.end)
    return context


def _move(
    request: AuthenticatedHttpRequest,
    slug: str,
    action: Callable[..., Any],
    done: str,
) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    try:
        action(exchange, by=request.user)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(exchange)


@access.facilitator_view
@require_POST
def exchange_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _move(
        request,
        slug,
        actions.publish_exchange,
        _("The exchange is published: registration opens and closes by its dates."),
    )


@access.facilitator_view
@require_POST
def registration_open(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _move(request, slug, actions.open_registration_now, _("Registration is open."))


@access.facilitator_view
@require_POST
def registration_close(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _move(request, slug, actions.close_registration_now, _("Registration is closed."))


@access.facilitator_view
@require_POST
def exchange_held(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _move(
        request,
        slug,
        actions.mark_held,
        _("The exchange is marked as held. Record its outcomes, then write the report."),
    )


@access.facilitator_view
@require_POST
def exchange_archive(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _move(request, slug, actions.archive_exchange, _("The exchange is archived."))


def _confirm(
    request: AuthenticatedHttpRequest,
    exchange: Exchange,
    *,
    title: str,
    question: str,
    button: str,
    back: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "exchanges/confirm.html",
        {
            "exchange": exchange,
            "title": title,
            "question": question,
            "button": button,
            "back": back,
        },
        status=status,
    )


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def exchange_cancel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Asked first, on a page of its own (no JavaScript needed), then done."""
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    if request.method == "POST":
        return _move(request, slug, actions.cancel_exchange, _("The exchange is cancelled."))
    return _confirm(
        request,
        exchange,
        title=_("Cancel the exchange"),
        question=_(
            "Cancel “%(title)s”? Registration closes and it cannot be published again. "
            "Registered participants are not told by e-mail: write to them yourself."
        )
        % {"title": exchange.title},
        button=_("Yes, cancel the exchange"),
        back=exchange.get_absolute_url(),
    )


# Agenda sessions -------------------------------------------------------------------------------


def _session(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> AgendaSession:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    session = get_object_or_404(AgendaSession, exchange=exchange, uuid=uuid)
    session.exchange = exchange
    return session


def speaker_choices(viewer: access.Viewer) -> QuerySet[User]:
    """Whom a facilitator may name as a speaker: the people they may see, by their shown name."""
    return access.people_visible_to(User.objects.filter(is_active=True), viewer)


def speakers_chosen(session: AgendaSession | None, chosen: list[User], viewer: User) -> list[User]:
    """The speakers chosen, and those of the session the facilitator cannot see (who are not
    offered to them, so cannot have been taken away by them)."""
    if session is None:
        return chosen
    unseen = session.speakers.exclude(pk__in=speaker_choices(viewer).values("pk"))
    return [*chosen, *unseen]


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    session = _session(request, slug, uuid)
    exchange = session.exchange
    zone = exchange.zone
    with timezone.override(zone):
        form = SessionForm(
            request.POST if request.method == "POST" else None,
            people=speaker_choices(request.user),
            initial={
                "title": session.title,
                "description": session.description,
                "starts_at": session.starts_at.astimezone(zone),
                "ends_at": session.ends_at.astimezone(zone),
                "speakers": list(session.speakers.all()),
            },
        )
        if request.method == "POST":
            form.is_valid()  # times read in the exchange's zone

    def save(data: dict[str, Any]) -> str:
        speakers = speakers_chosen(session, list(data.pop("speakers")), request.user)
        actions.edit_session(session, by=request.user, speakers=speakers, **data)
        return exchange.get_absolute_url() + "#agenda-title"

    return form_page(
        request,
        form,
        "exchanges/session_edit.html",
        save,
        _("The session has been changed."),
        refused=actions.ExchangeError,
        exchange=exchange,
        session=session,
    )


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def session_delete(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    session = _session(request, slug, uuid)
    exchange = session.exchange
    if request.method == "POST":
        actions.delete_session(session, by=request.user)
        messages.success(request, _("The session has been removed from the agenda."))
        return redirect(exchange.get_absolute_url() + "#agenda-title")
    return _confirm(
        request,
        exchange,
        title=_("Remove a session"),
        question=_("Remove “%(title)s” from the agenda? This cannot be undone.")
        % {"title": session.title},
        button=_("Yes, remove the session"),
        back=exchange.get_absolute_url() + "#agenda-title",
    )


# Outcomes --------------------------------------------------------------------------------------


def _outcome(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> Outcome:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    outcome = get_object_or_404(
        Outcome.objects.select_related("owner"), exchange=exchange, uuid=uuid
    )
    outcome.exchange = exchange
    return outcome


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def outcome_edit(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    outcome = _outcome(request, slug, uuid)
    exchange = outcome.exchange
    contributions = Contribution.objects.filter(exchange=exchange, withdrawn=False)
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        contributions=contributions,
        initial={
            "kind": outcome.kind,
            "text": outcome.text,
            "contributions": [c.uuid for c in outcome.contributions.filter(withdrawn=False)],
            "owner": outcome.owner.name if outcome.owner else "",
            "due_on": outcome.due_on,
        },
    )

    def save(data: dict[str, Any]) -> str:
        actions.edit_outcome(
            outcome,
            by=request.user,
            kind=data["kind"],
            text=data["text"],
            contributions=list(data["contributions"]),
            owner=data["owner"] or None,
            due_on=data["due_on"],
        )
        return reverse("exchanges:outcomes", kwargs={"slug": exchange.slug})

    return form_page(
        request,
        form,
        "exchanges/outcome_edit.html",
        save,
        _("The outcome has been changed."),
        refused=actions.ExchangeError,
        exchange=exchange,
        outcome=outcome,
    )


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def outcome_delete(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    outcome = _outcome(request, slug, uuid)
    exchange = outcome.exchange
    back = reverse("exchanges:outcomes", kwargs={"slug": exchange.slug})
    if request.method == "POST":
        actions.delete_outcome(outcome, by=request.user)
        messages.success(request, _("The outcome has been deleted."))
        return redirect(back)
    question = _("Delete this outcome? This cannot be undone.")
    if outcome.kind == "follow-up":
        question = _("Delete this follow-up action and its history? This cannot be undone.")
    return _confirm(
        request,
        exchange,
        title=_("Delete an outcome"),
        question=question,
        button=_("Yes, delete the outcome"),
        back=back,
    )


# Invitations -----------------------------------------------------------------------------------


def _invitation(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> ExchangeInvitation:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    invitation = get_object_or_404(
        ExchangeInvitation.objects.select_related("person"), exchange=exchange, uuid=uuid
    )
    invitation.exchange = exchange
    return invitation


@access.facilitator_view
@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    invitation = _invitation(request, slug, uuid)
    try:
        actions.resend_invitation(invitation, by=request.user)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation has been sent again."))
    return redirect("exchanges:participants", slug=invitation.exchange.slug)


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def invitation_cancel(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    invitation = _invitation(request, slug, uuid)
    exchange = invitation.exchange
    back = reverse("exchanges:participants", kwargs={"slug": exchange.slug})
    if request.method == "POST":
        actions.cancel_invitation(invitation, by=request.user)
        messages.success(request, _("The invitation is cancelled."))
        return redirect(back)
    return _confirm(
        request,
        exchange,
        title=_("Cancel an invitation"),
        question=_(
            "Cancel this invitation? The person is not told; if the exchange is for invitees "
            "only, they no longer see it unless they registered."
        ),
        button=_("Yes, cancel the invitation"),
        back=back,
    )
