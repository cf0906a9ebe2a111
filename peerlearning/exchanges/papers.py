"""The papers of an exchange, for the people they concern: the joining details (video link,
venue, logistics) for registered participants, the invitation letter of a registered delegation
(for visas and travel approval) and the attendance certificate of each person who attended.

Who may have each is decided in peerlearning/access/papers.py. Each paper names only the person
or the delegation it is for, and nothing said in the exchange."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.accounts.models import User
from peerlearning.exchanges import actions
from peerlearning.exchanges.forms import JoiningDetailsForm
from peerlearning.exchanges.models import Delegation, Exchange, Registration, RegistrationStatus
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pdf import render_pdf


@dataclass(frozen=True)
class Papers:
    """What the exchange's page offers a viewer: the joining details they may read, their
    delegation's invitation letter, their attendance certificate."""

    joining: Exchange | None
    may_edit_joining: bool
    letter: bool
    certificate: bool
    waiting: bool
    ended: bool


def papers_for(viewer: Any, exchange: Exchange) -> Papers:
    """Before the exchange: how to join and the letter for the journey; after it: the
    certificate (an exchange over needs no video link, and a visa no letter)."""
    own = access.is_participant(viewer, exchange)
    facilitating = access.can_facilitate(viewer, exchange.community)
    ended = exchange.status in access.HELD_STATUSES  # held, dated or not
    joining = None if ended else access.joining_details_for(viewer, exchange)
    return Papers(
        joining=joining if joining is not None and access.has_joining_details(joining) else None,
        may_edit_joining=facilitating and not ended,
        letter=own and not ended,
        certificate=access.may_download_certificate(viewer, exchange),
        waiting=not own and not facilitating and not ended,
        ended=ended,
    )


def joining_entry(exchange: Exchange, page: str, description: str) -> tuple[str, str, str]:
    """URL, LOCATION and DESCRIPTION of a participant's own calendar entry: the video link as
    its address, the venue as its place, the logistics after the description."""
    url = exchange.joining_link or page
    venue = " ".join(exchange.joining_venue.split())
    location = ", ".join(part for part in (venue, exchange.place) if part) or exchange.joining_link
    lines = [description]
    if exchange.joining_link:
        lines.append(_("Video link: %(link)s") % {"link": exchange.joining_link})
    if exchange.joining_venue:
        lines.append(_("Venue: %(venue)s") % {"venue": exchange.joining_venue})
    if exchange.joining_notes:
        lines.append(exchange.joining_notes)
    lines.append(page)
    return url, location, "\n\n".join(line for line in lines if line)


@access.facilitator_view
@require_http_methods(["GET", "POST"])
def joining_details(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    initial = {
        "joining_link": exchange.joining_link,
        "joining_venue": exchange.joining_venue,
        "joining_notes": exchange.joining_notes,
    }

    def save(fields: dict[str, Any]) -> Exchange:
        actions.update_joining_details(exchange, by=request.user, **fields)
        return exchange

    return form_page(
        request,
        JoiningDetailsForm(request.POST or None, initial=initial),
        "exchanges/joining_edit.html",
        save,
        _("The joining details are saved. Registered participants see them now."),
        exchange=exchange,
    )


def _language(request: HttpRequest, person: User | None = None) -> str:
    """The paper's language, one of the platform's: as asked (?language=); else, for a paper
    a facilitator downloads for someone else, that person's language; else the viewer's."""
    languages = dict(settings.LANGUAGES)
    asked = request.GET.get("language", "")
    if asked in languages:
        return asked
    others = person is not None and person.pk != request.user.pk
    if others and person is not None and person.preferred_language in languages:
        return person.preferred_language
    return translation.get_language() or settings.LANGUAGE_CODE


def _signatory() -> str:
    """Who issues the papers: the organisation running this instance, when configured."""
    return settings.OPERATOR_NAME


def _pdf(template: str, context: dict[str, Any], filename: str, language: str) -> HttpResponse:
    with translation.override(language):
        pdf = render_pdf(
            template,
            {
                **context,
                "signatory": _signatory(),
                "site_url": settings.SITE_URL,
                "issued_on": timezone.localdate(),
            },
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def invitation_letter(request: HttpRequest, slug: str) -> HttpResponse:
    """The letter of the viewer's own delegation, or (facilitators) of ?organisation=."""
    exchange = access.get_exchange_for_user(request.user, slug)
    delegation: Delegation = access.get_delegation_for_letter(
        request.user, exchange, request.GET.get("organisation", "")
    )
    members = access.named_in_letter(request.user, exchange, delegation)
    return _pdf(
        "exchanges/invitation_letter_pdf.html",
        {
            "exchange": exchange,
            "organisation": delegation.organisation,
            "members": members,
            "co_conveners": exchange.co_conveners.all(),
        },
        f"{exchange.slug}-invitation-{delegation.organisation.slug}.pdf",
        _language(request),
    )


@require_safe
def certificate(request: HttpRequest, slug: str) -> HttpResponse:
    """The viewer's own certificate, or (facilitators) that of ?person=<public id>."""
    exchange = access.get_exchange_for_user(request.user, slug)
    attendee: User = access.get_attendee_for_certificate(
        request.user, exchange, request.GET.get("person", "")
    )
    return _pdf(
        "exchanges/certificate_pdf.html",
        {"exchange": exchange, "attendee": attendee},
        f"{exchange.slug}-certificate.pdf",
        _language(request, attendee),
    )


@dataclass(frozen=True)
class Attendee:
    name: str
    registration: str
    absent: bool
    certificate: str


@dataclass(frozen=True)
class ParticipantPapers:
    """For the facilitators' participants page: the letter of each delegation with someone
    registered, and, once the exchange has ended, each place held: attended (with its
    certificate) or marked absent."""

    letters: list[tuple[str, str]]
    attendees: list[Attendee]


def participant_papers(exchange: Exchange) -> ParticipantPapers:
    letter = reverse("exchanges:invitation_letter", args=[exchange.slug])
    registered = (
        Registration.objects.filter(exchange=exchange, status=RegistrationStatus.REGISTERED)
        .select_related("person", "delegation__organisation")
        .order_by("delegation__organisation__name", "created_at", "pk")
    )
    letters: dict[str, tuple[str, str]] = {}
    attendees = []
    ended = access.exchange_has_ended(exchange)
    certificate_url = reverse("exchanges:certificate", args=[exchange.slug])
    for registration in registered:
        organisation = registration.delegation.organisation
        letters.setdefault(
            organisation.slug,
            (organisation.display_name, f"{letter}?organisation={organisation.slug}"),
        )
        if ended:
            person = registration.person
            attendees.append(
                Attendee(
                    name=person.public_name,
                    registration=str(registration.uuid),
                    absent=registration.absent_marked_at is not None,
                    certificate=f"{certificate_url}?person={person.uuid}",
                )
            )
    return ParticipantPapers(letters=list(letters.values()), attendees=attendees)


@access.facilitator_view
@require_POST
def attendance(request: AuthenticatedHttpRequest, slug: str, uuid: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request.user, slug, write=True)
    registration = access.get_registration_for_attendance(request.user, exchange, uuid)
    attended = request.POST.get("attended") == "yes"
    try:
        actions.mark_attendance(registration, attended=attended, by=request.user)
    except actions.ExchangeError as error:
        messages.error(request, str(error))
    else:
        done = (
            _("%(name)s is marked as having attended.")
            if attended
            else _("%(name)s is marked absent: no certificate is given for this place.")
        )
        messages.success(request, done % {"name": registration.person.public_name})
    return redirect("exchanges:participants", slug=exchange.slug)
