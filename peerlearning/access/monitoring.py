"""Monitoring and accountability: places and recommendations are public facts; incidents are
public once an editor publishes them; a visit's report is for the monitoring team of the
place's country and administrators until the team publishes its summary, which is then public
without the team's names; the personal details of people affected by an incident are for that
country's team only. Every read of an unpublished report or of personal details is audited."""

import uuid as uuid_module

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.access.roles import Viewer, can_edit_knowledge, is_administrator, is_member
from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.monitoring.models import (
    AffectedPerson,
    Body,
    Incident,
    MonitoringTeamMember,
    Place,
    Recommendation,
    StatusChange,
    Visit,
    VisitFinding,
)
from peerlearning.network.models import Country


def monitored_countries(viewer: Viewer) -> QuerySet[Country]:
    """The countries whose monitoring team the viewer is in (two factors are required of the
    role by the middleware before anything is done)."""
    if not is_member(viewer):
        return Country.objects.none()
    return Country.objects.filter(monitors__person_id=viewer.pk)


def is_monitor_of(viewer: Viewer, country_id: str) -> bool:
    return bool(
        is_member(viewer)
        and MonitoringTeamMember.objects.filter(person_id=viewer.pk, country_id=country_id).exists()
    )


def is_monitor(viewer: Viewer) -> bool:
    return bool(
        is_member(viewer) and MonitoringTeamMember.objects.filter(person_id=viewer.pk).exists()
    )


def can_grant_monitoring(viewer: Viewer) -> bool:
    """Administrators give the monitoring role, per country."""
    return is_administrator(viewer)


# Places ------------------------------------------------------------------------------------


def places_visible_to[QS: QuerySet[Place]](queryset: QS, viewer: Viewer) -> QS:
    return queryset


def get_place_for_user(viewer: Viewer, slug: str) -> Place:
    place = places_visible_to(Place.objects.all(), viewer).filter(slug=slug).first()
    if place is None:
        raise Http404
    return place


def can_edit_place(viewer: Viewer, place: Place | None = None, country_id: str = "") -> bool:
    """Editors, and the monitoring team of the place's country."""
    if can_edit_knowledge(viewer):
        return True
    country = place.country_id if place is not None else country_id
    return bool(country) and is_monitor_of(viewer, country)


# Visits ------------------------------------------------------------------------------------


def visits_visible_to[QS: QuerySet[Visit]](queryset: QS, viewer: Viewer) -> QS:
    """Published visits (their summary) for everyone; unpublished ones for the monitoring team
    of the place's country and administrators."""
    if is_administrator(viewer):
        return queryset
    published = Q(published_at__isnull=False)
    if not is_member(viewer):
        return queryset.filter(published)
    return queryset.filter(published | Q(place__country__in=monitored_countries(viewer)))


def can_read_visit_report(viewer: Viewer, visit: Visit) -> bool:
    """The full report, the findings and the team's names: the country's team and
    administrators, published or not; everyone else reads the published summary only."""
    return is_administrator(viewer) or is_monitor_of(viewer, visit.place.country_id)


def can_record_visit(viewer: Viewer, place: Place) -> bool:
    """The monitoring team of the place's country records visits to it (not an administrator,
    not another country's team: a visit on a place of another country is refused)."""
    return is_monitor_of(viewer, place.country_id)


def can_edit_visit(viewer: Viewer, visit: Visit) -> bool:
    """The country's monitoring team records and publishes its visits."""
    return is_monitor_of(viewer, visit.place.country_id)


def get_visit_for_user(viewer: Viewer, uuid: object, *, write: bool = False) -> Visit:
    """404 for whoever may not know the visit exists; 403 to write without the role. Every read
    of an unpublished report is written to the audit log."""
    visit = (
        visits_visible_to(Visit.objects.select_related("place"), viewer)
        .filter(uuid=_uuid(uuid))
        .first()
    )
    if visit is None:
        raise Http404
    if write and not can_edit_visit(viewer, visit):
        raise PermissionDenied(_("Only the monitoring team of this country can do this."))
    if not visit.is_published and isinstance(viewer, User):
        audit.record(viewer, "visit.report_read", visit, place=visit.place.slug)
    return visit


# Incidents ---------------------------------------------------------------------------------


def incidents_visible_to[QS: QuerySet[Incident]](queryset: QS, viewer: Viewer) -> QS:
    """Published incidents for everyone; those not yet published for the editors (who publish
    them) and the monitoring team of their country."""
    if can_edit_knowledge(viewer):
        return queryset
    published = Q(published_at__isnull=False)
    if not is_member(viewer):
        return queryset.filter(published)
    return queryset.filter(published | Q(country__in=monitored_countries(viewer)))


def get_incident_for_user(viewer: Viewer, uuid: object, *, write: bool = False) -> Incident:
    incident = (
        incidents_visible_to(Incident.objects.select_related("place", "country"), viewer)
        .filter(uuid=_uuid(uuid))
        .first()
    )
    if incident is None:
        raise Http404
    if write and not can_edit_incident(viewer, incident):
        if can_record_incident(viewer, incident.country_id):
            raise PermissionDenied(_("Once published, an incident is corrected by an editor."))
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))
    return incident


def can_record_incident(viewer: Viewer, country_id: str) -> bool:
    return can_edit_knowledge(viewer) or is_monitor_of(viewer, country_id)


def can_edit_incident(viewer: Viewer, incident: Incident) -> bool:
    """Editors; the country's monitoring team while the incident is not yet published (a change
    to a published incident would reach the public without an editor's review)."""
    if can_edit_knowledge(viewer):
        return True
    return not incident.is_published and is_monitor_of(viewer, incident.country_id)


def can_publish_incident(viewer: Viewer) -> bool:
    """An editor publishes an incident."""
    return can_edit_knowledge(viewer)


def can_read_affected_people(viewer: Viewer, incident: Incident) -> bool:
    """Personal details: the monitoring team of the incident's country, and nobody else (not
    an editor, not an administrator)."""
    return is_monitor_of(viewer, incident.country_id)


def affected_people_for(viewer: Viewer, incident: Incident) -> list[AffectedPerson]:
    """The people affected, for the country's team only; each read is audited."""
    if not can_read_affected_people(viewer, incident):
        return []
    people = list(incident.people.all())
    if people and isinstance(viewer, User):
        audit.record(viewer, "incident.people_read", incident, count=len(people))
    return people


# Recommendations ---------------------------------------------------------------------------


def bodies_visible_to[QS: QuerySet[Body]](queryset: QS, viewer: Viewer) -> QS:
    return queryset


def recommendations_visible_to[QS: QuerySet[Recommendation]](queryset: QS, viewer: Viewer) -> QS:
    return queryset


def status_changes_visible_to[QS: QuerySet[StatusChange]](queryset: QS, viewer: Viewer) -> QS:
    return queryset


def get_recommendation_for_user(
    viewer: Viewer, uuid: object, *, write: bool = False
) -> Recommendation:
    recommendation = (
        recommendations_visible_to(Recommendation.objects.select_related("body", "country"), viewer)
        .filter(uuid=_uuid(uuid))
        .first()
    )
    if recommendation is None:
        raise Http404
    if write and not can_track_recommendations(viewer, recommendation.country_id):
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))
    return recommendation


def can_track_recommendations(viewer: Viewer, country_id: str) -> bool:
    """Editors and the country's monitoring team record recommendations and their status."""
    return can_edit_knowledge(viewer) or is_monitor_of(viewer, country_id)


def may_record_recommendations(viewer: Viewer) -> bool:
    """Whoever tracks the recommendations of at least one country: editors and monitoring
    teams (which country is checked on saving, can_track_recommendations)."""
    return can_edit_knowledge(viewer) or is_monitor(viewer)


def unmet_findings_for(viewer: Viewer, recommendation: Recommendation) -> list[VisitFinding]:
    """The visit findings that cite the recommendation as unmet, only from visits whose full
    report the viewer may read (can_read_visit_report); nothing of the others. Reading the
    findings of an unpublished report is a read of that report: audited, once per visit."""
    findings = list(
        VisitFinding.objects.filter(unmet_recommendation=recommendation)
        .select_related("visit__place")
        .order_by("-visit__date", "visit__pk", "item")
    )
    readable: dict[int, bool] = {}
    shown = []
    for finding in findings:
        visit = finding.visit
        if visit.pk not in readable:
            readable[visit.pk] = can_read_visit_report(viewer, visit)
            if readable[visit.pk] and not visit.is_published and isinstance(viewer, User):
                audit.record(
                    viewer,
                    "visit.report_read",
                    visit,
                    place=visit.place.slug,
                    through=str(recommendation.uuid),
                )
        if readable[visit.pk]:
            shown.append(finding)
    return shown


def _uuid(value: object) -> str:
    """An identifier from a URL or a form; anything that is not one is simply not found."""
    try:
        return str(uuid_module.UUID(str(value)))
    except ValueError:
        return "00000000-0000-0000-0000-000000000000"
