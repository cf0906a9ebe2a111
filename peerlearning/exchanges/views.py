import contextlib
import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.accounts.models import User
from peerlearning.exchanges import actions, life, reports
from peerlearning.exchanges.calendars import (
    calendar_user,
    has_calendar_token,
    new_calendar_token,
    revoke_calendar_tokens,
)
from peerlearning.exchanges.forms import (
    AuthorReadForm,
    ContributionForm,
    ContributionReportForm,
    ExchangeForm,
    ExchangeTranslationForm,
    FollowUpForm,
    InviteDelegationForm,
    InvitePersonForm,
    ModerationForm,
    OutcomeForm,
    ReportForm,
    ReportTranslationForm,
    SessionForm,
    SurveyForm,
)
from peerlearning.exchanges.models import (
    AgendaSession,
    Contribution,
    ContributionReport,
    Exchange,
    ExchangeInvitation,
    Moderation,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationStatus,
    Report,
    Status,
    SurveyResponse,
)
from peerlearning.exchanges.papers import joining_entry, papers_for, participant_papers
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.ical import CalendarEvent, calendar
from peerlearning.lib.pagination import page_of
from peerlearning.lib.pdf import render_pdf
from peerlearning.lib.slugs import unique_slug
from peerlearning.lib.translations import (
    platform_codes,
    translated_languages,
    version_of,
    wanted_language,
)
from peerlearning.network.models import Community
from peerlearning.notifications.actions import is_following


def _viewer_zone(request: HttpRequest) -> zoneinfo.ZoneInfo | None:
    name = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _own_registration(request: HttpRequest, exchange: Exchange) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return Registration.objects.active_for(exchange, request.user.pk)


@require_safe
def exchange_list(request: HttpRequest) -> HttpResponse:
    when = request.GET.get("when", "upcoming")
    exchanges = access.exchanges_visible_to(Exchange.objects.all(), request.user).select_related(
        "community"
    )
    if when == "past":
        exchanges = exchanges.past()
    else:
        when = "upcoming"
        exchanges = exchanges.upcoming()
    page = page_of(request, exchanges, 20)
    return render(
        request,
        "exchanges/exchange_list.html",
        {"page": page, "when": when, "query": f"when={when}"},
    )


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def exchange_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug, write=True)
    if community.closed_at is not None:
        raise PermissionDenied(_("This sub-group is closed: it takes no new exchanges."))

    def save(fields: dict[str, Any]) -> Exchange:
        return actions.create_exchange(
            by=request.user,
            community=community,
            slug=unique_slug(Exchange.objects.all(), fields["title"], fallback="exchange"),
            **fields,
        )

    return form_page(
        request,
        _exchange_form(request, community=community),
        "exchanges/exchange_form.html",
        save,
        _("The exchange is saved as a draft."),
        community=community,
    )


def _exchange_form(
    request: AuthenticatedHttpRequest,
    instance: Exchange | None = None,
    *,
    community: Community | None = None,
) -> ExchangeForm:
    """Times are typed and shown in the exchange's own time zone; a new exchange's zone is
    preset from the community's countries, or else the facilitator's own (lib/zones.py)."""
    community = community or (instance.community if instance else None)
    countries = list(community.countries.values_list("code", flat=True)) if community else []
    form = ExchangeForm(
        request.POST or None,
        instance=instance,
        countries=countries,
        profile_zone=request.user.time_zone,
    )
    name = request.POST.get("time_zone") if request.method == "POST" else None
    name = name or (instance.time_zone if instance else form.initial.get("time_zone", "UTC"))
    if name not in zoneinfo.available_timezones():
        name = "UTC"
    with timezone.override(zoneinfo.ZoneInfo(name)):
        if instance is not None:
            form.initial["hosts"] = [o.slug for o in instance.host_governments.all()]
            form.initial["co_conveners"] = [o.slug for o in instance.co_conveners.all()]
        if request.method == "POST":
            form.is_valid()
        else:
            form.initial.update(
                {
                    key: timezone.localtime(value)
                    for key, value in form.initial.items()
                    if hasattr(value, "tzinfo") and value is not None
                }
            )
    return form


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def exchange_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)

    def save(fields: dict[str, Any]) -> Exchange:
        actions.update_exchange(exchange, by=request.user, **fields)
        return exchange

    return form_page(
        request,
        _exchange_form(request, exchange),
        "exchanges/exchange_form.html",
        save,
        _("The exchange has been saved."),
        community=exchange.community,
        exchange=exchange,
    )


@require_safe
def exchange_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    facilitating = access.can_facilitate(request.user, exchange.community)
    registration = _own_registration(request, exchange)
    sessions = AgendaSession.objects.filter(exchange=exchange)
    show_speakers = access.can_see_speakers(request.user, exchange)
    if show_speakers:
        sessions = sessions.prefetch_related(access.speakers_prefetch(request.user, exchange))
    version = exchange.version(wanted_language(request))
    report = Report.objects.filter(exchange=exchange, published_at__isnull=False).first()
    context = {
        "exchange": exchange,
        "version": version,
        "can_translate": access.can_translate_exchange(request.user, exchange),
        "facilitating": facilitating,
        # A community's facilitator may (no query more); a platform facilitator may be asked.
        "may_make_lessons": facilitating
        or (
            access.is_platform_facilitator(request.user)
            and access.can_make_lessons(request.user, exchange)
        ),
        "registration": registration,
        "sessions": sessions_in(list(sessions), version["language"], version["original"]),
        "show_speakers": show_speakers,
        "viewer_zone": _viewer_zone(request),
        "hosts": exchange.host_governments.all(),
        "co_conveners": exchange.co_conveners.all(),
        "participation": reports.participation(exchange),
        **life.life_context(request, exchange, facilitating),
        "can_contribute": access.can_contribute(request.user, exchange),
        "report": report,
        "session_form": SessionForm(people=life.speaker_choices(request.user))
        if facilitating
        else None,
        "papers": papers_for(request.user, exchange),
        "linked_resources": access.resources_visible_to(exchange.resources.all(), request.user),
        "invited": request.user.is_authenticated
        and ExchangeInvitation.objects.filter(
            exchange=exchange, person_id=request.user.pk
        ).exists(),
        "following": is_following(request.user, exchange),
    }
    return render(request, "exchanges/exchange_detail.html", context)


def sessions_in(
    sessions: list[AgendaSession], language: str, original: str
) -> list[tuple[AgendaSession, dict[str, str]]]:
    """The agenda in the language the exchange is shown in, session by session where one is
    translated: each session with what is shown of it (title, description, language)."""
    shown = []
    for session in sessions:
        version = session.translations.get(language)
        if isinstance(version, dict) and version.get("title"):
            texts = {"title": version["title"], "description": version.get("description", "")}
            shown.append((session, {**texts, "language": language}))
        else:
            texts = {"title": session.title, "description": session.description}
            shown.append((session, {**texts, "language": original}))
    return shown


@access.facilitator_view
@require_POST
def exchange_status(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    status = request.POST.get("status", "")
    try:
        if status not in Status.values:
            raise actions.ExchangeError(_("Choose a status from the list."))
        actions.move_exchange(exchange, status, by=request.user)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The exchange is now “%(status)s”.") % {"status": Status(status).label}
        )
    return redirect(exchange)


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def session_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Posted from the exchange page; a session refused comes back on a page of its own, with
    what was typed and why."""
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    with timezone.override(exchange.zone):
        form = SessionForm(
            request.POST if request.method == "POST" else None,
            people=life.speaker_choices(request.user),
        )
        if request.method == "POST":
            form.is_valid()  # times read in the exchange's zone

    def save(data: dict[str, Any]) -> str:
        speakers = list(data.pop("speakers"))
        actions.add_session(exchange, by=request.user, speakers=speakers, **data)
        return exchange.get_absolute_url() + "#agenda-title"

    return form_page(
        request,
        form,
        "exchanges/session_edit.html",
        save,
        _("The session has been added to the agenda."),
        refused=actions.ExchangeError,
        exchange=exchange,
        adding=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    if _own_registration(request, exchange):
        messages.info(request, _("You are registered for this exchange already."))
        return redirect(exchange)
    organisations = access.confirmed_organisations(request.user).order_by("name")
    form = _registration_form(request, organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                registration = actions.register(
                    exchange,
                    request.user,
                    organisation=form.cleaned_data["organisation"],
                    accepted_rule=form.cleaned_data["accept_rule"],
                    interpretation_needs=form.cleaned_data["interpretation_needs"],
                    access_needs=form.cleaned_data["access_needs"],
                )
            except actions.ExchangeError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                if registration.status == RegistrationStatus.REGISTERED:
                    messages.success(
                        request, _("You are registered. A confirmation is on its way.")
                    )
                else:
                    messages.info(request, _("The exchange is full: you are on the waiting list."))
                return redirect(exchange)
        else:
            status = 400
    return render(
        request,
        "exchanges/register.html",
        {"exchange": exchange, "form": form, "has_organisations": organisations.exists()},
        status=status,
    )


def _registration_form(request: HttpRequest, organisations: Any) -> Any:
    from peerlearning.exchanges.forms import RegistrationForm

    return RegistrationForm(request.POST or None, organisations=organisations)


@login_required
@require_POST
def registration_cancel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    registration = _own_registration(request, exchange)
    if registration is None:
        raise Http404
    actions.cancel_registration(registration, by=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(exchange)


@access.facilitator_view
@require_http_methods(["GET"])
def participants(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    return _participants_page(request, exchange)


def _participants_page(
    request: HttpRequest, exchange: Exchange, status: int = 200, **forms: Any
) -> HttpResponse:
    registrations = (
        Registration.objects.filter(exchange=exchange)
        .active()
        .select_related("person", "delegation__organisation")
        .order_by("status", "created_at")
    )
    context = {
        "exchange": exchange,
        "registrations": registrations,
        "delegations": exchange.delegations.select_related("organisation").order_by(
            "organisation__name"
        ),
        # Named only by a name the person shows the network: never a pseudonym or a hidden
        # profile reached through an address typed into the form.
        "invitations": exchange.invitations.select_related("person"),
        "named": set(
            access.people_visible_to(User.objects.filter(pseudonym=""), request.user)
            .filter(exchange_invitations__exchange=exchange)
            .values_list("pk", flat=True)
        ),
        "person_form": forms.get("person_form") or _invite_person_form(request),
        "delegation_form": forms.get("delegation_form") or InviteDelegationForm(),
        "paper_links": participant_papers(exchange),
    }
    return render(request, "exchanges/participants.html", context, status=status)


def _invite_person_form(request: HttpRequest, data: Any = None) -> InvitePersonForm:
    """People are chosen among those the facilitator may see, by the name they are shown by."""
    people = access.people_visible_to(User.objects.all(), request.user).order_by(
        access.shown_name(), "pk"
    )
    return InvitePersonForm(data, people=people)


@access.facilitator_view
@require_POST
def invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    if "delegation" in request.POST:
        delegation_form = InviteDelegationForm(request.POST)
        if delegation_form.is_valid():
            try:
                actions.invite_delegation(
                    exchange, delegation_form.cleaned_data["organisation"], by=request.user
                )
            except actions.ExchangeError as error:
                delegation_form.add_error("organisation", str(error))
            else:
                messages.success(request, _("The delegation is invited."))
                return redirect("exchanges:participants", slug=exchange.slug)
        return _participants_page(request, exchange, 400, delegation_form=delegation_form)
    person_form = _invite_person_form(request, request.POST)
    if person_form.is_valid():
        picked = person_form.cleaned_data["person"]
        person = picked or (
            User.objects.filter(email__iexact=person_form.cleaned_data["email"], is_active=True)
            .order_by("pk")
            .first()
        )
        # The same answer whatever the address: whether it has an account, or is invited or
        # registered already, is not the facilitator's to learn from a form.
        invited = False
        if person is not None:
            with contextlib.suppress(actions.ExchangeError):  # invited or registered already
                actions.invite_person(
                    exchange,
                    person,
                    by=request.user,
                    organisation=person_form.cleaned_data["organisation"] or None,
                )
                invited = True
        if picked is None:
            messages.success(
                request,
                _(
                    "If this address belongs to a member of the network, they are invited. "
                    "Anyone else must first be invited to the community."
                ),
            )
        elif invited:
            messages.success(request, _("%(name)s is invited.") % {"name": picked.public_name})
        else:
            messages.info(
                request,
                _("%(name)s is invited or registered already.") % {"name": picked.public_name},
            )
        return redirect("exchanges:participants", slug=exchange.slug)
    return _participants_page(request, exchange, 400, person_form=person_form)


# Contributions ---------------------------------------------------------------------------------


def _contributions(exchange: Exchange) -> Any:
    return Contribution.objects.filter(exchange=exchange, withdrawn=False)


@require_http_methods(["GET", "POST"])
def contributions(request: HttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    if not access.can_read_contributions(request.user, exchange):
        raise PermissionDenied(_("Contributions are for the participants of the exchange."))
    can_contribute = access.can_contribute(request.user, exchange)
    form = ContributionForm(request.POST or None)
    if request.method == "POST":
        if not can_contribute:
            raise PermissionDenied(_("Contributions are closed for this exchange."))
        if form.is_valid():
            actions.contribute(exchange, request.user, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(
                request, _("Thank you. Your contribution is shown as coming from a participant.")
            )
            return redirect("exchanges:contributions", slug=exchange.slug)
    moderating = access.can_moderate_contributions(request.user, exchange)
    contributions = _contributions(exchange)
    if moderating:
        contributions = contributions.annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        ).order_by("kind", "uuid")  # as Contribution.Meta.ordering, which a GROUP BY drops
    page = page_of(request, contributions, 50)
    return render(
        request,
        "exchanges/contributions.html",
        {
            "exchange": exchange,
            "page": page,
            "form": form if can_contribute else None,
            "moderating": moderating,
            "can_report": access.can_report_contributions(request.user, exchange),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def my_contributions(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    mine = actions.contributions_of(request.user, exchange)
    return render(
        request, "exchanges/my_contributions.html", {"exchange": exchange, "contributions": mine}
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    contribution = actions.own_contribution(request.user, uuid)
    # Someone else's contribution is "not found": nothing tells that it exists or whose it is.
    if contribution is None or contribution.exchange_id != exchange.pk:
        raise Http404
    if not access.can_contribute(request.user, exchange):
        raise PermissionDenied(_("Contributions are closed for this exchange."))
    form = ContributionForm(
        request.POST or None, initial={"kind": contribution.kind, "text": contribution.text}
    )
    if request.method == "POST" and form.is_valid():
        actions.edit_contribution(contribution, **form.cleaned_data)
        messages.success(request, _("Your contribution has been changed."))
        return redirect("exchanges:my_contributions", slug=exchange.slug)
    return render(
        request,
        "exchanges/contribution_edit.html",
        {"exchange": exchange, "contribution": contribution, "form": form},
    )


@login_required
@require_POST
def contribution_withdraw(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    contribution = actions.own_contribution(request.user, uuid)
    if contribution is None or contribution.exchange_id != exchange.pk:
        raise Http404
    actions.withdraw_contribution(contribution)
    messages.success(request, _("Your contribution has been withdrawn."))
    return redirect("exchanges:my_contributions", slug=exchange.slug)


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def contribution_author(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Abuse handling: an administrator, giving a reason, learns who wrote a contribution."""
    access.require_administrator(request.user)
    exchange = access.get_exchange_for_user(request.user, slug)
    contribution = get_object_or_404(Contribution, exchange=exchange, uuid=uuid)
    form = AuthorReadForm(request.POST or None)
    author, erased = None, False
    if request.method == "POST" and form.is_valid():
        try:
            author = actions.read_author(
                contribution, by=request.user, reason=form.cleaned_data["reason"]
            )
            erased = author is None
        except actions.ExchangeError as error:
            form.add_error("reason", str(error))
    return render(
        request,
        "exchanges/contribution_author.html",
        {
            "exchange": exchange,
            "contribution": contribution,
            "form": form,
            "author": author,
            "erased": erased,
            # The original of a redacted contribution is read on this path only, once audited.
            "text": contribution.text if author else contribution.shown_text,
        },
    )


def _readable_contribution(request: HttpRequest, slug: str, uuid: str) -> Any:
    exchange = access.get_exchange_for_user(request.user, slug)
    if not access.can_read_contributions(request.user, exchange):
        raise PermissionDenied(_("Contributions are for the participants of the exchange."))
    contribution = get_object_or_404(_contributions(exchange), uuid=uuid)
    return exchange, contribution


@login_required
@require_http_methods(["GET", "POST"])
def contribution_report(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    """A participant asks the facilitators to review a contribution."""
    exchange, contribution = _readable_contribution(request, slug, uuid)
    if not access.can_report_contributions(request.user, exchange):
        raise PermissionDenied(_("Contributions are for the participants of the exchange."))

    def save(data: dict[str, Any]) -> str:
        actions.report_contribution(contribution, by=request.user, reason=data["reason"])
        return reverse("exchanges:contributions", kwargs={"slug": exchange.slug})

    return form_page(
        request,
        ContributionReportForm(request.POST or None),
        "exchanges/contribution_report.html",
        save,
        _("Thank you. The facilitators will review it; only they know you reported it."),
        refused=actions.ExchangeError,
        refused_field="reason",
        exchange=exchange,
        contribution=contribution,
    )


def _moderated_exchange(request: AuthenticatedHttpRequest, slug: str) -> Exchange:
    exchange = access.get_exchange_for_user(request.user, slug)
    if not access.can_moderate_contributions(request.user, exchange):
        raise PermissionDenied(_("Only the facilitators of this exchange can do this."))
    return exchange


def _moderated_contribution(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> Any:
    exchange = _moderated_exchange(request, slug)
    return exchange, get_object_or_404(_contributions(exchange), uuid=uuid)


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def contribution_moderate(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Facilitators redact or hide a contribution that identifies someone, with a reason."""
    exchange, contribution = _moderated_contribution(request, slug, uuid)
    form = ModerationForm(
        request.POST or None,
        initial={
            "moderation": contribution.moderation or Moderation.REDACTED,
            # The facilitators start from what they may read: never the original once redacted.
            "redacted_text": contribution.shown_text
            if contribution.moderation != Moderation.HIDDEN
            else "",
        },
    )

    def save(data: dict[str, Any]) -> str:
        actions.moderate_contribution(contribution, by=request.user, **data)
        return reverse("exchanges:contribution_review", kwargs={"slug": exchange.slug})

    reasons = ContributionReport.objects.filter(
        contribution=contribution, resolved_at__isnull=True
    ).values_list("reason", flat=True)
    return form_page(
        request,
        form,
        "exchanges/contribution_moderate.html",
        save,
        _("The contribution has been changed for everyone."),
        refused=actions.ExchangeError,
        exchange=exchange,
        contribution=contribution,
        reasons=reasons,
    )


@access.facilitator_view
@require_POST
def contribution_reports_dismiss(
    request: AuthenticatedHttpRequest, slug: str, uuid: str
) -> HttpResponse:
    exchange, contribution = _moderated_contribution(request, slug, uuid)
    actions.dismiss_reports(contribution, by=request.user)
    messages.success(request, _("The reports are dismissed; the contribution stays as it is."))
    return redirect("exchanges:contribution_review", slug=exchange.slug)


@access.facilitator_view
@require_safe
def contribution_review(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The contributions participants reported, with who reported them and why: for the
    exchange's facilitators only."""
    exchange = _moderated_exchange(request, slug)
    open_reports = ContributionReport.objects.filter(resolved_at__isnull=True)
    reported = (
        _contributions(exchange)
        .filter(reports__in=open_reports)
        .distinct()
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=open_reports.select_related("reporter"),
                to_attr="open_reports",
            )
        )
    )
    moderated = _contributions(exchange).exclude(moderation=Moderation.NONE)
    return render(
        request,
        "exchanges/contribution_review.html",
        {"exchange": exchange, "reported": reported, "moderated": moderated},
    )


# Outcomes, follow-ups, survey, report ----------------------------------------------------------


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def outcomes(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)

    def save(data: dict[str, Any]) -> str:
        actions.add_outcome(
            exchange,
            by=request.user,
            kind=data["kind"],
            text=data["text"],
            contributions=list(data["contributions"]),
            owner=data["owner"] or None,
            due_on=data["due_on"],
        )
        return reverse("exchanges:outcomes", kwargs={"slug": exchange.slug})

    items = (
        Outcome.objects.filter(exchange=exchange)
        .select_related("owner", "support_request")
        .prefetch_related("history")
    )
    return form_page(
        request,
        OutcomeForm(request.POST or None, contributions=_contributions(exchange)),
        "exchanges/outcomes.html",
        save,
        _("The outcome has been added."),
        exchange=exchange,
        outcomes=items,
        follow_up_form=FollowUpForm(),
    )


@access.facilitator_view
@require_POST
def follow_up_update(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    outcome = get_object_or_404(Outcome, exchange=exchange, uuid=uuid)
    form = FollowUpForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.ExchangeError(_("Choose a status from the list."))
        actions.update_follow_up(outcome, by=request.user, **form.cleaned_data)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The follow-up action has been updated."))
    back = request.POST.get("next", "")
    return redirect(
        back if back.startswith("/communities/") else f"/exchanges/{exchange.slug}/outcomes/"
    )


@require_safe
def follow_up_board(request: HttpRequest, slug: str) -> HttpResponse:
    community = access.get_community_for_user(request.user, slug)
    access.require_community_member(request.user, community)
    exchanges = access.exchanges_visible_to(Exchange.objects.all(), request.user).filter(
        community=community
    )
    # The board waits for the report, as the outcomes page and the API do.
    readable = access.with_readable_outcomes(exchanges, request.user).values("pk")
    items = (
        Outcome.objects.filter(kind=OutcomeKind.FOLLOW_UP, exchange__in=readable)
        .exclude(status__in=["done", "dropped"])
        .select_related("exchange", "owner")
        .order_by("due_on", "pk")
    )
    today = timezone.localdate()
    return render(
        request,
        "exchanges/follow_up_board.html",
        {
            "community": community,
            "overdue": [o for o in items if o.due_on and o.due_on < today],
            "due": [o for o in items if not o.due_on or o.due_on >= today],
            "can_update": access.can_facilitate(request.user, community),
            "follow_up_form": FollowUpForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    if not access.is_participant(request.user, exchange):
        raise PermissionDenied(_("The feedback survey is for the participants."))
    if exchange.status not in (Status.HELD, Status.REPORTED):
        raise PermissionDenied(_("The feedback survey opens once the exchange has been held."))
    if exchange.survey_is_closed:
        raise PermissionDenied(_("The feedback survey is closed."))
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_survey(exchange, request.user, **form.cleaned_data)
        except actions.ExchangeError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("Thank you. Your answers are anonymous."))
        return redirect(exchange)
    return render(
        request,
        "exchanges/survey.html",
        {"exchange": exchange, "form": form},
        status=400 if form.errors else 200,
    )


@access.facilitator_view
@require_safe
def survey_results(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    answers = SurveyResponse.objects.filter(exchange=exchange)
    count = answers.count()
    # While answers come in, results compared before and after one more answer would give
    # that answer away: they are shown once the survey is closed, and from five answers only.
    shown = exchange.survey_is_closed and count >= access.SMALL_GROUP
    summary = (
        answers.aggregate(overall=Avg("overall"), usefulness=Avg("usefulness"), trust=Avg("trust"))
        if shown
        else None
    )
    comments = list(answers.exclude(comment="").values_list("comment", flat=True)) if shown else []
    return render(
        request,
        "exchanges/survey_results.html",
        {
            "exchange": exchange,
            "summary": summary,
            "comments": comments,
            "count": reports.count_label(count),
            "threshold": access.SMALL_GROUP,
            "closed": exchange.survey_is_closed,
            "can_close": exchange.status == Status.HELD and not exchange.survey_is_closed,
        },
    )


@access.facilitator_view
@require_POST
def survey_close(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    try:
        actions.close_survey(exchange, by=request.user)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The feedback survey is closed."))
    return redirect("exchanges:survey_results", slug=exchange.slug)


def _report_context(
    exchange: Exchange, report: Report, wanted: str | None = None
) -> dict[str, Any]:
    """The report as its readers see it; with `wanted`, in that language when it is
    translated (the exchange's title too, when that is), else the original with the note."""
    version = report_version(report, exchange, wanted or exchange.language)
    title = exchange.version(version["language"])
    return {
        "exchange": exchange,
        "report": report,
        "version": version,
        # The report's title is the exchange's, in the report's language when it is translated.
        "title": title["title"],
        "title_language": title["language"],
        # A quote the facilitators have since redacted reads as redacted, in any language.
        "summary": reports.without_moderated_text(exchange, version["summary"]),
        "body": reports.without_moderated_text(exchange, version["body"]),
        "participation": reports.participation(exchange),
        "hosts": exchange.host_governments.all(),
        "co_conveners": exchange.co_conveners.all(),
    }


def report_version(report: Report, exchange: Exchange, wanted: str) -> dict[str, Any]:
    return version_of(
        {"summary": report.summary, "body": report.body},
        exchange.language,
        report.translations,
        wanted,
        "body",
    )


@require_safe
def report(request: HttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    facilitating = access.can_facilitate(request.user, exchange.community)
    report = access.get_report_for_user(request.user, exchange)
    return render(
        request,
        "exchanges/report.html",
        {
            **_report_context(exchange, report, wanted_language(request)),
            "show_version_note": True,
            "facilitating": facilitating,
            "can_translate": access.can_translate_exchange(request.user, exchange),
        },
    )


@require_safe
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The report as a PDF, in each language it is translated into (`?lang=`), its interface
    in that language too; otherwise in the original."""
    exchange = access.get_exchange_for_user(request.user, slug)
    report = access.get_report_for_user(request.user, exchange)
    from django.utils import translation

    asked = request.GET.get("lang", "")
    available = translated_languages(report.translations, "body")
    language = asked if asked in available and asked in platform_codes() else exchange.language
    with translation.override(language):
        context = {
            **_report_context(exchange, report, language),
            # The day as the exchange's clock reads it (a date: templates would move a datetime).
            "report_date": timezone.localtime(
                report.published_at or report.updated_at, exchange.zone
            ).date(),
            "report_url": request.build_absolute_uri(
                reverse("exchanges:report", kwargs={"slug": exchange.slug})
            )
            + (f"?lang={language}" if language != exchange.language else ""),
        }
        pdf = render_pdf("exchanges/report_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = f"-{language}" if language != exchange.language else ""
    response["Content-Disposition"] = f'inline; filename="{exchange.slug}-report{suffix}.pdf"'
    return response


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    existing = Report.objects.filter(exchange=exchange).first()
    initial = (
        {
            # Redacted quotes stay redacted when the facilitators edit the report.
            "summary": reports.without_moderated_text(exchange, existing.summary),
            "body": reports.without_moderated_text(exchange, existing.body),
        }
        if existing
        else {"body": reports.draft_body(exchange)}
    )

    def save(data: dict[str, Any]) -> str:
        actions.save_report(exchange, by=request.user, **data)
        return reverse("exchanges:report_preview", kwargs={"slug": exchange.slug})

    return form_page(
        request,
        ReportForm(request.POST or None, initial=initial),
        "exchanges/report_edit.html",
        save,
        _("The report has been saved."),
        exchange=exchange,
        published=existing is not None and existing.published_at is not None,
    )


@access.facilitator_view
@require_safe
def report_preview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The report exactly as its readers will see it, with the rule recalled and the button
    that publishes it."""
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    report = Report.objects.filter(exchange=exchange).first()
    if report is None:
        messages.info(request, _("Write the report first: here is a draft from the outcomes."))
        return redirect("exchanges:report_edit", slug=exchange.slug)
    return render(
        request,
        "exchanges/report_preview.html",
        {
            **_report_context(exchange, report),
            "can_publish": exchange.status == Status.HELD and report.published_at is None,
            "waits_for_held": exchange.status in (Status.DRAFT, Status.OPEN, Status.CLOSED),
        },
    )


@access.facilitator_view
@require_POST
def report_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    try:
        actions.publish_report(exchange, by=request.user)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
        return redirect("exchanges:report_preview", slug=exchange.slug)
    messages.success(request, _("The report is published."))
    return redirect("exchanges:report", slug=exchange.slug)


# Translations ----------------------------------------------------------------------------------


def _said(outcome: dict[str, str]) -> Any:
    """The message shown once saved, decided by the save (saved or removed)."""
    return lazy(lambda: outcome["message"], str)()


def _asked_language(request: HttpRequest, original: str) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in platform_codes() and asked != original else ""


@login_required
@require_http_methods(["GET", "POST"])
def exchange_translate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The exchange's title, description and agenda in another language: editors and the
    facilitators of its community. `?lang=` opens an existing translation to edit."""
    exchange = access.get_exchange_to_translate(request.user, slug)
    sessions = list(AgendaSession.objects.filter(exchange=exchange))
    wanted = _asked_language(request, exchange.language)
    existing = exchange.translations.get(wanted) or {} if wanted else {}
    initial: dict[str, Any] = {"language": wanted, **existing}
    for session in sessions:
        for field, text in (session.translations.get(wanted) or {}).items() if wanted else ():
            initial[f"session_{session.uuid}_{field}"] = text
    form = ExchangeTranslationForm(
        request.POST or None, initial=initial, original=exchange.language, sessions=sessions
    )
    outcome = {"message": ""}

    def save(data: dict[str, Any]) -> str:
        translation_data = form.translation_data()
        actions.translate_exchange(exchange, by=request.user, **translation_data)
        language = translation_data["language"]
        if language in exchange.translations:
            outcome["message"] = _("The translation has been saved.")
            return f"{exchange.get_absolute_url()}?lang={language}"
        outcome["message"] = _("The translation into this language has been removed.")
        return exchange.get_absolute_url()

    return form_page(
        request,
        form,
        "exchanges/exchange_translate.html",
        save,
        _said(outcome),
        refused=actions.ExchangeError,
        refused_field="language",
        exchange=exchange,
        languages=_language_links(exchange.language, exchange.translations, "title", wanted),
        sessions=sessions,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_translate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The report's summary and text in another language, once there is a report: its words
    only, nothing about who took part."""
    exchange = access.get_exchange_to_translate(request.user, slug)
    report = access.get_report_for_user(request.user, exchange)
    wanted = _asked_language(request, exchange.language)
    existing = report.translations.get(wanted) or {} if wanted else {}
    # Redacted quotes stay redacted when a translation is edited, as when the report is.
    existing = {
        field: reports.without_moderated_text(exchange, text) for field, text in existing.items()
    }
    outcome = {"message": ""}

    def save(data: dict[str, Any]) -> str:
        actions.translate_report(report, by=request.user, **data)
        if data["language"] in report.translations:
            outcome["message"] = _("The translation has been saved.")
            return f"{reverse('exchanges:report', args=[exchange.slug])}?lang={data['language']}"
        outcome["message"] = _("The translation into this language has been removed.")
        return reverse("exchanges:report", args=[exchange.slug])

    return form_page(
        request,
        ReportTranslationForm(
            request.POST or None,
            initial={"language": wanted, **existing},
            original=exchange.language,
        ),
        "exchanges/report_translate.html",
        save,
        _said(outcome),
        refused=actions.ExchangeError,
        refused_field="language",
        exchange=exchange,
        report=report,
        summary=reports.without_moderated_text(exchange, report.summary),
        body=reports.without_moderated_text(exchange, report.body),
        languages=_language_links(exchange.language, report.translations, "body", wanted),
    )


def _language_links(
    original: str, translations: dict, key: str, wanted: str
) -> list[dict[str, Any]]:
    """The languages an item may be translated into, each saying whether it already is."""
    done = translated_languages(translations, key)
    return [
        {"code": code, "exists": code in done, "current": code == wanted}
        for code in platform_codes()
        if code != original.split("-")[0]
    ]


# Calendars -------------------------------------------------------------------------------------


def _events(
    request: HttpRequest, exchanges: Any, participant: User | None = None
) -> list[CalendarEvent]:
    """Calendar entries; a participant's own file (never a public or community feed) also
    carries the joining details of the exchanges they hold a place in."""
    base = request.build_absolute_uri("/").rstrip("/")
    events = []
    for exchange in exchanges:
        if exchange.starts_at is None:
            continue
        page = f"{base}{exchange.get_absolute_url()}"
        # Nothing about who takes part: the description and the rule only.
        description = f"{exchange.get_rule_display()}. {exchange.description}".strip()
        url, location = page, exchange.place
        if participant is not None and access.is_participant(participant, exchange):
            url, location, description = joining_entry(exchange, page, description)
        events.append(
            CalendarEvent(
                uid=f"{exchange.uuid}@peerlearning",
                title=exchange.title,
                starts_at=exchange.starts_at,
                ends_at=exchange.ends_at,
                time_zone=exchange.zone.key,
                url=url,
                location=location,
                description=description,
            )
        )
    return events


def _ics(name: str, events: list[CalendarEvent], filename: str) -> HttpResponse:
    response = HttpResponse(calendar(name, events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@require_safe
def exchange_ics(request: HttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug)
    own = request.user if isinstance(request.user, User) else None
    return _ics(exchange.title, _events(request, [exchange], own), exchange.slug)


@require_safe
def community_ics(request: HttpRequest, slug: str) -> HttpResponse:
    # Calendar apps cannot sign in: the feed holds what anyone may see.
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    community = access.get_community_for_user(anonymous, slug)
    exchanges = access.exchanges_visible_to(Exchange.objects.all(), anonymous).filter(
        community=community
    )
    return _ics(community.name, _events(request, exchanges), community.slug)


@require_safe
def person_ics(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar_user(token)
    # Like an API token, the address acts as its owner: not while their role waits for two
    # factors (TwoFactorRequiredMiddleware sees no session here).
    if user is None or access.lacks_required_two_factor(user):
        raise Http404
    registered = Registration.objects.filter(
        person=user, status=RegistrationStatus.REGISTERED
    ).values("exchange")
    exchanges = access.exchanges_visible_to(Exchange.objects.all(), user).filter(pk__in=registered)
    return _ics(_("My exchanges"), _events(request, exchanges, user), "my-exchanges")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed_url = None
    if request.method == "POST":
        token = new_calendar_token(request.user)
        feed_url = request.build_absolute_uri(f"/calendar/{token}.ics")
        messages.success(
            request, _("Your calendar address is ready; any older one no longer works.")
        )
    return render(
        request,
        "exchanges/calendar_settings.html",
        {
            "feed_url": feed_url,
            "has_feed": has_calendar_token(request.user),
        },
    )


@login_required
@require_POST
def calendar_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    revoke_calendar_tokens(request.user)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("exchanges:calendar_settings")
