import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from allauth.account.utils import perform_login
from allauth.core import ratelimit
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from peerlearning import access
from peerlearning.access import administrator_required, facilitator_required
from peerlearning.accounts import actions, audit, exports
from peerlearning.accounts.forms import (
    ROLE_CHOICES,
    AcceptInvitationForm,
    ApiTokenForm,
    AuditLogFilterForm,
    CloseAccountForm,
    DeclineForm,
    InvitationForm,
    JoinRequestForm,
    ProfileForm,
    RoleChangeForm,
)
from peerlearning.accounts.models import ApiToken, AuditEntry, Invitation, JoinRequest, User
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.lib.spreadsheets import csv_stream_response


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also keeps the choice on the account of whoever is
    signed in: their other devices and their e-mails follow it."""
    response = i18n.set_language(request)
    if request.method == "POST" and isinstance(request.user, User):
        actions.set_interface_language(request.user, request.POST.get("language", ""))
    return response


@require_http_methods(["GET", "POST"])
def join_request(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Counted per address and per client address (behind the proxies allauth trusts).
        if not ratelimit.consume(
            request, action="join_request", key=form.cleaned_data["email"].strip().lower()
        ):
            form.add_error(
                None,
                _(
                    "Too many requests to join have been sent from here or for this address. "
                    "Please try again later."
                ),
            )
            return render(request, "accounts/join_request.html", {"form": form}, status=429)
        actions.request_to_join(**form.cleaned_data, language=translation.get_language() or "en")
        return render(
            request, "accounts/join_request_sent.html", {"email": form.cleaned_data["email"]}
        )
    return render(request, "accounts/join_request.html", {"form": form})


def _join_as_member(
    request: HttpRequest, token: str, invitation: Invitation, holder: User
) -> HttpResponse:
    """A community invitation to someone who has an account: they join only by accepting it,
    signed in as themselves."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.pk != holder.pk:
        return render(request, "accounts/invitation_signed_in.html", status=409)
    if request.method == "POST":
        try:
            actions.accept_invitation_as(token, holder)
        except actions.AccountError as error:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        messages.success(request, _("You have accepted the invitation."))
        seat = invitation.community_seats.select_related("community").first()
        return redirect(seat.community if seat else "/profile/")
    return render(
        request,
        "accounts/invitation_join.html",
        {"invitation": invitation, "seats": invitation.community_seats.select_related("community")},
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        status = invitation.status if invitation else "unknown"
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"status": status},
            status=410 if invitation else 404,
        )
    holder = actions.account_for_invitation(invitation)
    if holder is not None:
        return _join_as_member(request, token, invitation, holder)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_signed_in.html", status=409)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(
                token,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
                language=translation.get_language() or "en",
            )
        except actions.AccountError as error:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        messages.success(request, _("Welcome! Your account is ready. Complete your profile below."))
        return perform_login(request, user, redirect_url="/profile/")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm.for_user(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "needs_two_factor": access.needs_two_factor(request.user)},
    )


@login_required
@require_http_methods(["GET"])
def profile_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = exports.export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-peer-learning-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile_close(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_account(request.user)
        except actions.AccountError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account is closed and your personal details erased."))
            return redirect("home")
    return render(request, "accounts/profile_close.html", {"form": form})


@facilitator_required
@require_http_methods(["GET", "POST"])
def invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None, initial={"language": translation.get_language()})
    if not access.is_administrator(request.user):
        del form.fields["as_facilitator"]
    if request.method == "POST" and form.is_valid():
        try:
            actions.invite(
                form.cleaned_data["email"],
                invited_by=request.user,
                as_facilitator=form.cleaned_data.get("as_facilitator", False),
                message=form.cleaned_data["message"],
                language=form.cleaned_data["language"],
            )
        except actions.AccountError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("accounts:invitations")
    sent = Invitation.objects.select_related("invited_by", "accepted_by")
    if not access.is_administrator(request.user):
        sent = sent.filter(invited_by=request.user)
    page = page_of(request, sent, 25)
    for invitation in page.object_list:
        shown = access.may_read_invitation_address(request.user, invitation)
        invitation.shown_address = invitation.email if shown else ""
    return render(request, "accounts/invitations.html", {"form": form, "page": page})


@facilitator_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, uuid=uuid)
    if not access.is_administrator(request.user) and invitation.invited_by_id != request.user.pk:
        raise PermissionDenied(_("You can only withdraw invitations you sent."))
    try:
        actions.revoke_invitation(invitation, by=request.user)
    except actions.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email}
        )
    return redirect("accounts:invitations")


@administrator_required
@require_http_methods(["GET"])
def join_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", JoinRequest.Status.PENDING)
    if status not in JoinRequest.Status.values:
        status = JoinRequest.Status.PENDING
    page = page_of(request, JoinRequest.objects.filter(status=status), 25)
    return render(
        request,
        "accounts/join_requests.html",
        {
            "page": page,
            "status": status,
            "statuses": JoinRequest.Status.choices,
            "decline_form": DeclineForm(),
        },
    )


@administrator_required
@require_POST
def join_request_decide(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest, uuid=uuid)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            actions.approve_join_request(join_request, by=request.user)
            notice = _("Approved: an invitation is on its way to %(email)s.")
        elif decision == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise actions.AccountError(_("Give a reason: the person asking will receive it."))
            actions.decline_join_request(
                join_request, by=request.user, reason=form.cleaned_data["reason"]
            )
            notice = _("Declined; %(email)s has been told why.")
        else:
            raise actions.AccountError(_("Choose approve or decline."))
    except actions.AccountError as error:
        notice, level = str(error), "error"
    else:
        notice, level = notice % {"email": join_request.email}, "success"
    if request.headers.get("HX-Request"):
        # HTMX swaps just this request's card; without JavaScript the whole page reloads.
        join_request.refresh_from_db()
        context = {"join_request": join_request, "notice": notice, "notice_level": level}
        return render(request, "accounts/join_request_card.html", context)
    messages.add_message(
        request, messages.SUCCESS if level == "success" else messages.ERROR, notice
    )
    return redirect("accounts:join_requests")


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = actions.create_api_token(
            request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            valid_days=form.cleaned_data["valid_days"],
        )
        form = ApiTokenForm()
    tokens = request.user.api_tokens.active()
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "secret": secret}
    )


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    token = get_object_or_404(ApiToken, uuid=uuid, user=request.user)
    actions.revoke_api_token(token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:api_tokens")


def _people_with_roles(query: str) -> "QuerySet[User]":
    people = User.objects.filter(is_active=True)
    if query:
        people = people.filter(
            Q(display_name__icontains=query)
            | Q(pseudonym__icontains=query)
            | Q(email__icontains=query)
        )
    else:
        people = people.filter(
            Q(is_facilitator=True) | Q(is_editor=True) | Q(is_superuser=True) | Q(is_staff=True)
        )
    return people.order_by(Lower("display_name"), "pk")


@administrator_required
@require_http_methods(["GET"])
def roles(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = page_of(request, _people_with_roles(query), 50)
    return render(
        request,
        "accounts/roles.html",
        {
            "page": page,
            "search": query,
            # The pagination links carry the search as a query string.
            "query": urlencode({"q": query}) if query else "",
            "roles": [choice[0] for choice in ROLE_CHOICES],
        },
    )


@administrator_required
@require_POST
def role_change(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    person = get_object_or_404(User, uuid=uuid, is_active=True)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role and whether to give or take it."))
        return redirect("accounts:roles")
    role, granted = form.cleaned_data["role"], form.cleaned_data["granted"]
    try:
        changed = actions.set_role(person, role, granted=granted, by=request.user)
    except actions.AccountError as error:
        messages.error(request, str(error))
    else:
        label = dict(ROLE_CHOICES)[role]
        if not changed:
            notice = _("Nothing changed: %(name)s's roles were already so.")
        elif granted:
            notice = _(
                "%(name)s now has the role: %(role)s. Without two-factor sign-in they will "
                "have to set it up before doing anything else."
            )
        else:
            notice = _("%(name)s no longer has the role: %(role)s.")
        messages.success(request, notice % {"name": person.public_name, "role": label})
    return redirect(f"{reverse('accounts:roles')}?{urlencode({'q': request.POST.get('q', '')})}")


# The audit log (issue 20) ----------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50
AUDIT_CSV_HEADER = ["when", "actor", "actor_email", "action", "object_type", "object_id", "details"]


def _object_type_label(label: str) -> str:
    """A recorded kind of object ("exchanges.exchange") by its name in the reader's language."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return str(model._meta.verbose_name)


def _audit_filter_form(request: HttpRequest) -> AuditLogFilterForm:
    """The filters, offering the actions and kinds of object that are in the log (two queries
    on indexes)."""
    recorded = AuditEntry.objects.order_by()
    actions_in_log = list(recorded.order_by("action").values_list("action", flat=True).distinct())
    types = recorded.exclude(object_type="").values_list("object_type", flat=True).distinct()
    object_types = sorted(
        ((label, _object_type_label(label)) for label in types),
        key=lambda pair: pair[1].casefold(),
    )
    return AuditLogFilterForm(request.GET, actions=actions_in_log, object_types=object_types)


def _audit_entries(request: HttpRequest, form: AuditLogFilterForm) -> "QuerySet[AuditEntry]":
    """The entries the valid filters ask for, newest first, all filters combined."""
    entries = access.audit_entries_visible_to(AuditEntry.objects.all(), request.user)
    data = form.cleaned_data
    if data["person"] is not None:
        entries = access.audit_entries_of_people(entries, data["person"])
    if data["action"]:
        entries = entries.filter(action=data["action"])
    if data["object_type"]:
        entries = entries.filter(object_type=data["object_type"])
    if data["object_id"]:
        entries = entries.filter(object_id=data["object_id"])
    zone = timezone.get_current_timezone()
    if data["since"]:
        entries = entries.filter(
            created_at__gte=datetime.combine(data["since"], time.min, tzinfo=zone)
        )
    if data["until"]:
        next_day = data["until"] + timedelta(days=1)
        entries = entries.filter(created_at__lt=datetime.combine(next_day, time.min, tzinfo=zone))
    return entries.select_related("actor").order_by("-created_at", "-pk")


def _actor_of(entry: AuditEntry) -> tuple[str, str]:
    """Who did it, as the log may say: a name and an address, or why there is none."""
    if getattr(entry, "withheld", True):
        return _("not shown: it would say who wrote what"), ""
    actor = entry.actor
    if actor is None:
        return _("the platform, or an account since removed"), ""
    if actor.closed_at is not None:
        return _("a closed account"), ""
    name = actor.display_name or actor.email
    if actor.pseudonym:
        name = _("%(name)s (pseudonym: %(pseudonym)s)") % {
            "name": name,
            "pseudonym": actor.pseudonym,
        }
    return name, actor.email


def _details_of(entry: AuditEntry) -> list[tuple[str, str]]:
    if getattr(entry, "withheld", True) or not isinstance(entry.details, dict):
        return []
    return [
        (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in sorted(entry.details.items())
    ]


@access.audit_log_required
@require_http_methods(["GET"])
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _audit_filter_form(request)
    if not form.is_valid():
        context = {"form": form, "page": None, "query": ""}
        return render(request, "accounts/audit_log.html", context, status=400)
    page = page_of(request, _audit_entries(request, form), AUDIT_PAGE_SIZE)
    entries = list(page.object_list)
    # The people entries are about, by name: one query for the page.
    targets = {
        entry.object_id
        for entry in entries
        if entry.object_type == User._meta.label_lower and not entry.withheld
    }
    people = (
        {str(person.uuid): person for person in User.objects.filter(uuid__in=targets)}
        if targets
        else {}
    )
    rows = []
    for entry in entries:
        actor, email = _actor_of(entry)
        person = people.get(entry.object_id)
        rows.append(
            {
                "entry": entry,
                "actor": actor,
                "actor_email": email,
                "object_type": _object_type_label(entry.object_type) if entry.object_type else "",
                "person": (
                    None
                    if person is None
                    else _("a closed account")
                    if person.closed_at is not None
                    else person.display_name or person.email
                ),
                "details": _details_of(entry),
            }
        )
    filters = filters_query(request)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": filters,
            "filtered": bool(filters),
            "in_use": _filters_in_use(form),
        },
    )


def _filters_in_use(form: AuditLogFilterForm) -> list[tuple[str, str]]:
    """The filters applied, as the reader chose them: (label, value)."""
    in_use = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if name == "person":
            shown = form.data.get("person", "").strip()
        elif name == "object_type":
            shown = _object_type_label(value)
        elif isinstance(value, date):
            shown = value.isoformat()
        else:
            shown = str(value)
        in_use.append((str(field.label), shown))
    return in_use


@access.audit_log_required
@require_http_methods(["GET"])
def audit_log_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The entries the filters ask for, every one of them, as CSV (streamed). The export is
    itself recorded, with its filters."""
    form = _audit_filter_form(request)
    if not form.is_valid():
        context = {"form": form, "page": None, "query": ""}
        return render(request, "accounts/audit_log.html", context, status=400)
    entries = _audit_entries(request, form)
    asked = {name: str(value) for name, value in form.data.items() if name in form.fields and value}
    audit.record(request.user, "audit_log.exported", None, filters=asked)

    def rows() -> Iterator[list[str]]:
        for entry in entries.iterator(chunk_size=1000):
            actor, email = _actor_of(entry)
            details = "" if getattr(entry, "withheld", True) else entry.details
            yield [
                entry.created_at.isoformat(),
                actor,
                email,
                entry.action,
                entry.object_type,
                entry.object_id,
                json.dumps(details, ensure_ascii=False, sort_keys=True) if details else "",
            ]

    stamp = timezone.localdate().isoformat()
    return csv_stream_response(f"audit-log-{stamp}.csv", AUDIT_CSV_HEADER, rows())
