"""A person's own data, as they download it from their profile.

Every field of every model that points to a person is either exported here (`EXPORTED`, the
section it fills) or left out for a reason given in `LEFT_OUT`: a test walks the models and
fails on a field found in neither, so a new table about people needs a decision here.

The export names nobody else. Under the Chatham House Rule a contribution carries no author and
a participant never learns who else took part; here that means: a person's own contributions
come with their text and exchange, never another contribution's author; a contribution they
reported comes without its author; no list of participants, co-speakers, reporters or team
members; an invitation sent by choosing a member's name comes without the address the sender
never typed. No secret either: tokens are listed by name and dates, never their hash.
"""

from datetime import date, datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import models
from django.utils import timezone

from peerlearning.accounts.models import ApiToken, AuditEntry, Invitation, JoinRequest, User
from peerlearning.exchanges import actions as exchange_actions
from peerlearning.exchanges.models import (
    AgendaSession,
    CalendarToken,
    ContributionReport,
    ExchangeInvitation,
    Registration,
    SurveySubmission,
    survey_marker,
)
from peerlearning.knowledge.models import Lesson, Practice, Resource, Update
from peerlearning.monitoring.models import MonitoringTeamMember, Visit
from peerlearning.network.models import CommunityJoinRequest, Organisation
from peerlearning.notifications.models import (
    FOLLOW_TARGETS,
    Digest,
    EmailChoice,
    FeedToken,
    Follow,
    Notification,
)
from peerlearning.support.models import MatchNote, SupportOffer, SupportRequest
from peerlearning.terminology.models import SavedCheck

# "app_label.Model.field" -> the export's section holding one entry per row.
EXPORTED: dict[str, str] = {
    "accounts.Invitation.invited_by": "invitations_sent",
    "accounts.Invitation.accepted_by": "invitation_accepted",
    "accounts.AuditEntry.actor": "activity",
    "accounts.ApiToken.user": "api_tokens",
    "account.EmailAddress.user": "email_addresses",
    "mfa.Authenticator.user": "two_factor_methods",
    "network.Organisation.proposed_by": "organisations_proposed",
    "network.Affiliation.person": "affiliations",
    "network.Membership.person": "communities",
    "network.CommunityJoinRequest.person": "community_requests",
    "exchanges.Registration.person": "registrations",
    "exchanges.ExchangeInvitation.person": "exchange_invitations",
    "exchanges.AgendaSession.speakers": "sessions_spoken_at",
    "exchanges.SealedAuthorship.author": "contributions",
    "exchanges.ContributionReport.reporter": "contributions_reported",
    "exchanges.CalendarToken.user": "calendar_addresses",
    "knowledge.Practice.created_by": "practices",
    "knowledge.Update.created_by": "updates",
    "knowledge.Lesson.created_by": "lessons",
    "knowledge.Resource.created_by": "resources",
    "support.SupportRequest.requested_by": "support_requests",
    "support.SupportOffer.expert": "support_offers",
    "support.SupportOffer.offered_by": "support_offers",
    "support.MatchNote.author": "match_notes",
    "monitoring.MonitoringTeamMember.person": "monitoring_teams",
    "monitoring.Visit.team": "monitoring_visits",
    "terminology.SavedCheck.owner": "terminology_checks",
    "notifications.Follow.user": "follows",
    "notifications.Notification.user": "notifications",
    "notifications.EmailChoice.user": "email_choices",
    "notifications.Digest.user": "digests",
    "notifications.FeedToken.user": "feed_addresses",
}

_ROLE_WORK = (
    "work done in a role on other people's records (a decision, a review, a recorded value): "
    "it belongs to the record's history, and the same step is in the person's `activity` "
    "where the action audits it"
)
_MONITORING = (
    "restricted monitoring records: exporting them would carry what only a country's "
    "monitoring team may read out of the team, to a person who may have left it"
)

LEFT_OUT: dict[str, str] = {
    "accounts.JoinRequest.decided_by": _ROLE_WORK + "; the request is the requester's data",
    "network.Organisation.decided_by": _ROLE_WORK,
    "network.Affiliation.decided_by": _ROLE_WORK + "; the claim is the claimant's data",
    "network.OrganisationDomain.added_by": _ROLE_WORK + "; a domain is the organisation's",
    "network.CommunityJoinRequest.decided_by": _ROLE_WORK,
    "knowledge.PracticeEvent.actor": _ROLE_WORK + "; the person's own practices are exported",
    "knowledge.UpdateEvent.actor": _ROLE_WORK + "; the person's own updates are exported",
    "support.RequestEvent.actor": _ROLE_WORK + "; the person's own requests are exported",
    "support.Match.proposed_by": _ROLE_WORK + "; a match pairs other people's request and offer",
    "support.PeerSuggestion.decided_by": _ROLE_WORK,
    "countries.IndicatorValue.recorded_by": _ROLE_WORK + "; the values are public, with sources",
    "countries.StatisticPoint.changed_by": _ROLE_WORK + "; the values are public, with sources",
    "countries.CountryEvent.recorded_by": _ROLE_WORK + "; the events are public, with sources",
    "terminology.Revision.author": _ROLE_WORK + "; the lexicon is the editors' shared work",
    "monitoring.MonitoringTeamMember.granted_by": _ROLE_WORK,
    "monitoring.Visit.created_by": _MONITORING + "; the visits the person was on are exported",
    "monitoring.Incident.recorded_by": _MONITORING,
    "monitoring.Incident.published_by": _MONITORING,
    "monitoring.AffectedPerson.recorded_by": _MONITORING + ", and names third parties",
    "monitoring.Recommendation.recorded_by": _MONITORING,
    "monitoring.StatusChange.recorded_by": _MONITORING,
    "notifications.UnsubscribeLink.user": (
        "single-use links inside e-mails already sent: a token hash and a kind, nothing the "
        "person wrote; what they changed through one is in `email_choices`"
    ),
    "admin.LogEntry.user": (
        "the admin site's change history: it names the objects an administrator changed "
        "(other people's records among them), the platform's record rather than the person's"
    ),
}


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _contributions(user: User) -> list[dict[str, Any]]:
    """Their own, withdrawn ones too (the platform still holds them), as they wrote them; the
    moderation says how others read them. Reports about them are the facilitators' only."""
    own = exchange_actions.contributions_of(user, withdrawn=True)
    return [
        {
            "exchange": c.exchange.title,
            "kind": c.kind,
            "text": c.text,
            "written_on": _when(c.created_on),
            "withdrawn": c.withdrawn,
            "moderation": c.moderation,
            "shown_as": c.shown_text if c.moderation else c.text,
        }
        for c in own.select_related("exchange")
    ]


def _surveys_answered(user: User) -> list[str]:
    """That they answered, from the keyed marker: the answer itself is kept unlinked from
    everyone, so it cannot be found again, by them or anybody."""
    exchanges = SurveySubmission.objects.values_list("exchange_id", "exchange__title").distinct()
    titles = dict(exchanges)
    markers = {survey_marker(exchange_id, user.pk): exchange_id for exchange_id in titles}
    answered = SurveySubmission.objects.filter(marker__in=markers).values_list("marker", flat=True)
    return sorted(titles[markers[marker]] for marker in answered)


def _follow_target(follow: Follow) -> dict[str, str]:
    for name in FOLLOW_TARGETS:
        target = getattr(follow, name)
        if target is not None:
            return {"type": name, "name": str(target)}
    return {"type": "", "name": ""}


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about a person, as they may download it."""
    support_offers = SupportOffer.objects.filter(
        models.Q(expert=user) | models.Q(offered_by=user)
    ).select_related("organisation")
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "name": user.display_name,
            "pseudonym": user.pseudonym,
            "languages": user.languages,
            "interface_language": user.interface_language,
            "country": user.country,
            "expertise": user.expertise,
            "visibility": user.visibility,
            "time_zone": user.time_zone,
            "offers_expertise": user.offers_expertise,
            "availability": user.availability,
            "facilitator": user.is_facilitator,
            "editor": user.is_editor,
            "administrator": user.is_superuser,
            "joined": user.date_joined.isoformat(),
            "last_sign_in": _when(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_methods": [
            {
                "type": auth.type,
                "created": _when(auth.created_at),
                "last_used": _when(auth.last_used_at),
            }
            for auth in Authenticator.objects.filter(user=user)
        ],
        "api_tokens": [
            {
                "name": token.name,
                "scope": token.scope,
                "created": _when(token.created_at),
                "expires": _when(token.expires_at),
                "last_used": _when(token.last_used_at),
                "revoked": _when(token.revoked_at),
            }
            for token in ApiToken.objects.filter(user=user)
        ],
        "calendar_addresses": [
            {"created": _when(token.created_at), "revoked": _when(token.revoked_at)}
            for token in CalendarToken.objects.filter(user=user)
        ],
        "feed_addresses": [
            {"created": _when(token.created_at), "revoked": _when(token.revoked_at)}
            for token in FeedToken.objects.filter(user=user)
        ],
        "request_to_join": [
            {
                "name": request.name,
                "organisation": request.organisation,
                "country": request.country,
                "reason": request.reason,
                "sent": _when(request.created_at),
                "status": request.status,
                "decided": _when(request.decided_at),
                "reason_for_declining": request.decline_reason,
            }
            for request in JoinRequest.objects.filter(email__iexact=user.email)
        ],
        "invitation_accepted": [
            {"sent": _when(inv.created_at), "accepted": _when(inv.accepted_at)}
            for inv in Invitation.objects.filter(accepted_by=user)
        ],
        "invitations_sent": [
            {
                # Chosen by the name a member shows, the address was never the sender's to read.
                "email": inv.email if inv.address_typed else "",
                "created": _when(inv.created_at),
                "status": inv.status,
            }
            for inv in Invitation.objects.filter(invited_by=user)
        ],
        "affiliations": [
            {
                "organisation": a.organisation.name,
                "title": a.title,
                "shown_with_pseudonym": a.shown_with_pseudonym,
                "status": a.status,
                "claimed": _when(a.claimed_at),
            }
            for a in user.affiliations.select_related("organisation")
        ],
        "organisations_proposed": [
            {"name": o.name, "status": o.status, "proposed": _when(o.created_at)}
            for o in Organisation.objects.filter(proposed_by=user)
        ],
        "communities": [
            {"community": m.community.name, "role": m.role, "joined": _when(m.joined_at)}
            for m in user.memberships.select_related("community")
        ],
        "community_requests": [
            {
                "community": r.community.name,
                "message": r.message,
                "status": r.status,
                "sent": _when(r.created_at),
                "decided": _when(r.decided_at),
                "reason": r.reason,
            }
            for r in CommunityJoinRequest.objects.filter(person=user).select_related("community")
        ],
        "registrations": [
            {
                "exchange": r.exchange.title,
                "delegation": r.delegation.organisation.name,
                "status": r.status,
                "interpretation_needs": r.interpretation_needs,
                "access_needs": r.access_needs,
                "accepted_rule": _when(r.accepted_rule_at),
                "registered": _when(r.created_at),
                "cancelled": _when(r.cancelled_at),
                "marked_absent": _when(r.absent_marked_at),
            }
            for r in Registration.objects.filter(person=user).select_related(
                "exchange", "delegation__organisation"
            )
        ],
        "exchange_invitations": [
            {"exchange": i.exchange.title, "invited": _when(i.created_at)}
            for i in ExchangeInvitation.objects.filter(person=user).select_related("exchange")
        ],
        "sessions_spoken_at": [
            {"exchange": s.exchange.title, "session": s.title, "starts": _when(s.starts_at)}
            for s in AgendaSession.objects.filter(speakers=user).select_related("exchange")
        ],
        "contributions": _contributions(user),
        "contributions_reported": [
            {
                "contribution": r.contribution.shown_text,
                "reason": r.reason,
                "reported": _when(r.created_at),
                "resolved": _when(r.resolved_at),
            }
            for r in ContributionReport.objects.filter(reporter=user).select_related("contribution")
        ],
        "surveys_answered": _surveys_answered(user),
        "practices": [
            {"title": p.title, "status": p.status, "created": _when(p.created_at)}
            for p in Practice.objects.filter(created_by=user)
        ],
        "updates": [
            {"title": u.title, "published": u.is_published, "created": _when(u.created_at)}
            for u in Update.objects.filter(created_by=user)
        ],
        "lessons": [
            {"text": lesson.text, "created": _when(lesson.created_at)}
            for lesson in Lesson.objects.filter(created_by=user)
        ],
        "resources": [
            {"title": r.title, "status": r.status, "created": _when(r.created_at)}
            for r in Resource.objects.filter(created_by=user)
        ],
        "support_requests": [
            {
                "title": r.title,
                "description": r.description,
                "status": r.status,
                "created": _when(r.created_at),
            }
            for r in SupportRequest.objects.filter(requested_by=user)
        ],
        "support_offers": [
            {
                "title": o.title,
                "description": o.description,
                "as_expert": o.expert_id == user.pk,
                "active": o.active,
                "created": _when(o.created_at),
            }
            for o in support_offers
        ],
        "match_notes": [
            {"text": note.text, "written": _when(note.at)}
            for note in MatchNote.objects.filter(author=user)
        ],
        "monitoring_teams": [
            {"country": seat.country.name, "since": _when(seat.granted_at)}
            for seat in MonitoringTeamMember.objects.filter(person=user).select_related("country")
        ],
        "monitoring_visits": [
            {"date": _when(visit.date)} for visit in Visit.objects.filter(team=user)
        ],
        "terminology_checks": [
            {"title": c.title, "language": c.language, "text": c.text, "saved": _when(c.created_at)}
            for c in SavedCheck.objects.filter(owner=user)
        ],
        "follows": [
            {**_follow_target(f), "since": _when(f.created_at)}
            for f in Follow.objects.filter(user=user).select_related(*FOLLOW_TARGETS)
        ],
        "notifications": [
            # The kind and dates: the item is named on the notifications page, to whoever may
            # still see it.
            {"kind": n.kind, "created": _when(n.created_at), "read": _when(n.read_at)}
            for n in Notification.objects.filter(user=user)
        ],
        "email_choices": [
            {"kind": c.kind, "frequency": c.frequency}
            for c in EmailChoice.objects.filter(user=user)
        ],
        "digests": [
            {"frequency": d.frequency, "period": d.period, "sent": _when(d.sent_at)}
            for d in Digest.objects.filter(user=user)
        ],
        "activity": [
            {"when": _when(entry.created_at), "action": entry.action}
            for entry in AuditEntry.objects.filter(actor=user)
        ],
        "recorded_about_you": [
            # What others did to the account (a role given, say), without who did it.
            {"when": _when(entry.created_at), "action": entry.action}
            for entry in AuditEntry.objects.filter(
                object_type=User._meta.label_lower, object_id=str(user.uuid)
            ).exclude(actor=user)
        ],
    }
