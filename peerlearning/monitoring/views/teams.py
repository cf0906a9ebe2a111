"""Monitoring teams: administrators give and take the monitoring role, country by country.
Every change is audited; a person given the role without two factors must set them up before
doing anything else (TwoFactorRequiredMiddleware, through access.needs_two_factor)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from peerlearning import access
from peerlearning.accounts.models import User, country_name
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.monitoring import actions
from peerlearning.monitoring.forms import GrantMonitoringForm
from peerlearning.monitoring.models import MonitoringTeamMember
from peerlearning.network.models import Country


def _teams_page(
    request: AuthenticatedHttpRequest, form: GrantMonitoringForm, status: int = 200
) -> HttpResponse:
    seats = MonitoringTeamMember.objects.select_related("person").order_by(
        "country_id", "person__display_name", "person_id"
    )
    teams: dict[str, list[MonitoringTeamMember]] = {}
    for seat in seats:
        teams.setdefault(seat.country_id, []).append(seat)
    return render(
        request,
        "monitoring/team_list.html",
        {
            "teams": sorted(
                ((country_name(code) or code, code, members) for code, members in teams.items()),
                key=lambda team: team[0].casefold(),
            ),
            "form": form,
        },
        status=status,
    )


def _grant_form(request: AuthenticatedHttpRequest) -> GrantMonitoringForm:
    return GrantMonitoringForm(
        request.POST if request.method == "POST" else None,
        countries=list(Country.objects.all()),
    )


@access.administrator_required
@require_safe
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The members of every country's monitoring team, and the form that gives the role."""
    return _teams_page(request, _grant_form(request))


@access.administrator_required
@require_POST
def team_grant(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _grant_form(request)
    if not form.is_valid():
        return _teams_page(request, form, status=400)
    person = form.cleaned_data["person"] or (
        User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True)
        .order_by("pk")
        .first()
    )
    if person is None:
        form.add_error("email", _("No account has this address: invite the person first."))
        return _teams_page(request, form, status=400)
    country = Country.objects.get(code=form.cleaned_data["country"])
    try:
        granted = actions.grant_monitoring(person, country, by=request.user)
    except actions.MonitoringRefused as error:
        form.add_error(None, str(error))
        return _teams_page(request, form, status=400)
    names = {"name": person.public_name, "country": country.name}
    if granted:
        messages.success(
            request,
            _(
                "%(name)s is now on the monitoring team of %(country)s. Without two-factor "
                "sign-in they will have to set it up before doing anything else."
            )
            % names,
        )
    else:
        messages.info(request, _("%(name)s was already on the team of %(country)s.") % names)
    return redirect("monitoring:team_list")


@access.administrator_required
@require_POST
def team_remove(request: AuthenticatedHttpRequest, person: str, code: str) -> HttpResponse:
    seat = (
        MonitoringTeamMember.objects.select_related("person", "country")
        .filter(person__uuid=person, country_id=code.upper()[:2])
        .first()
    )
    if seat is None:
        raise Http404
    actions.remove_monitoring(seat.person, seat.country, by=request.user)
    messages.success(
        request,
        _("%(name)s is no longer on the monitoring team of %(country)s.")
        % {"name": seat.person.public_name, "country": seat.country.name},
    )
    return redirect("monitoring:team_list")
