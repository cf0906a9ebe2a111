"""Writes of monitoring and accountability: each is an action, with its audit line; views, the
API, the admin and the demo all call these."""

# The sections below are filled by sub-domain; keep each section's actions inside it.


# Places of detention, monitoring visits and teams -----------------------------------------
# (section: places)


# End of section: places -------------------------------------------------------------------


# Incidents and the people they affected ---------------------------------------------------
# (section: incidents)

import datetime  # noqa: E402
from typing import Any  # noqa: E402

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from peerlearning import access  # noqa: E402
from peerlearning.accounts import audit  # noqa: E402
from peerlearning.accounts.models import User  # noqa: E402
from peerlearning.lib.web import is_web_address  # noqa: E402
from peerlearning.monitoring.models import (  # noqa: E402
    AffectedPerson,
    Incident,
    IncidentKind,
    Place,
    Recommendation,
    Verification,
    today,
)
from peerlearning.network.models import Country  # noqa: E402

INCIDENT_FIELDS = (
    "kinds",
    "title",
    "summary",
    "language",
    "date",
    "place",
    "place_description",
    "people_affected",
    "dead",
    "injured",
    "nationalities",
    "sources",
    "verification",
)


def incident_problems(
    country: Country,
    *,
    kinds: list[str],
    date: datetime.date | None,
    place: Place | None,
    place_description: str,
    people_affected: int | None,
    dead: int | None,
    injured: int | None,
    sources: list[dict[str, str]],
    verification: str,
    nationalities: list[dict[str, Any]] | None = None,
    **_other: Any,
) -> dict[str, str]:
    """What is wrong with an incident, by field, in words a recorder understands (the form, the
    API and the demo all ask here)."""
    problems: dict[str, str] = {}
    nationalities = nationalities or []
    if not kinds:
        problems["kinds"] = _("Say what happened: choose at least one.")
    elif any(kind not in IncidentKind.values for kind in kinds):
        problems["kinds"] = _("Choose among the kinds listed.")
    if date is not None and date > today():
        problems["date"] = _("The date is in the future: give the date it happened.")
    if place is not None and place.country_id != country.code:
        problems["place"] = _(
            "This place is in %(other)s, not in %(country)s: choose one of %(country)s’s places "
            "or describe where."
        ) % {"other": place.country.name, "country": country.name}
    if place is None and not place_description.strip():
        problems["place_description"] = _(
            "Choose the place of detention, or describe where it happened."
        )
    for number, name in ((injured, "injured"), (dead, "dead")):
        if number is not None and people_affected is not None and number > people_affected:
            problems[name] = {
                "injured": _(
                    "More people injured (%(count)s) than affected (%(affected)s): the people "
                    "affected include the injured."
                ),
                "dead": _(
                    "More people dead (%(count)s) than affected (%(affected)s): the people "
                    "affected include the dead."
                ),
            }[name] % {"count": number, "affected": people_affected}
    counted = sum(entry.get("count") or 0 for entry in nationalities)
    if people_affected is not None and counted > people_affected:
        problems["nationalities"] = _(
            "The nationalities count %(count)s people, more than the %(affected)s affected."
        ) % {"count": counted, "affected": people_affected}
    if not sources:
        problems["sources"] = _("Give at least one source: an incident is recorded from sources.")
    for source in sources:
        if not is_web_address(source.get("url")):
            problems["sources"] = _("Give each source’s web address, starting with https://.")
    if verification not in Verification.values:
        problems["verification"] = _("Choose one of the verification levels listed.")
    return problems


def _check_incident(country: Country, fields: dict[str, Any]) -> None:
    if "kinds" in fields:  # each kind once, in the order of the list of kinds
        given = set(fields["kinds"])
        unknown = [kind for kind in fields["kinds"] if kind not in IncidentKind.values]
        fields["kinds"] = [kind for kind in IncidentKind.values if kind in given] + unknown
    problems = incident_problems(country, **fields)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def record_incident(
    *,
    by: User,
    country: Country,
    unmet_recommendations: "list[Recommendation] | None" = None,
    **fields: Any,
) -> Incident:
    """An incident recorded by an editor or the country's monitoring team; public once an
    editor publishes it."""
    if not access.can_record_incident(by, country.code):
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))
    fields = {name: fields[name] for name in INCIDENT_FIELDS if name in fields}
    _check_incident(country, fields)
    incident = Incident.objects.create(country=country, recorded_by=by, **fields)
    incident.unmet_recommendations.set(_same_country(country, unmet_recommendations or []))
    audit.record(by, "incident.recorded", incident, country=country.code)
    return incident


@transaction.atomic
def update_incident(
    incident: Incident,
    *,
    by: User,
    unmet_recommendations: "list[Recommendation] | None" = None,
    **fields: Any,
) -> Incident:
    if not access.can_edit_incident(by, incident):
        raise PermissionDenied(_("Once published, an incident is corrected by an editor."))
    fields = {name: fields[name] for name in INCIDENT_FIELDS if name in fields}
    _check_incident(incident.country, fields)
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.save(update_fields=list(fields))
    if unmet_recommendations is not None:
        incident.unmet_recommendations.set(_same_country(incident.country, unmet_recommendations))
    audit.record(by, "incident.edited", incident, fields=sorted(fields))
    return incident


def _same_country(country: Country, recommendations: "list[Recommendation]") -> list:
    """An incident shows unmet only what was recommended to its own country."""
    return [r for r in recommendations if r.country_id == country.code]


@transaction.atomic
def publish_incident(incident: Incident, *, by: User) -> bool:
    """An editor publishes an incident; False when it already was."""
    if not access.can_publish_incident(by):
        raise PermissionDenied(_("Only an editor can publish an incident."))
    now = timezone.now()
    published = Incident.objects.filter(pk=incident.pk, published_at__isnull=True).update(
        published_at=now, published_by=by
    )
    if not published:
        return False
    incident.published_at, incident.published_by = now, by
    audit.record(by, "incident.published", incident, country=incident.country_id)
    return True


@transaction.atomic
def record_affected_person(
    incident: Incident,
    *,
    by: User,
    name: str,
    details: str,
    source_title: str,
    source_url: str,
) -> AffectedPerson:
    """A person named by a public source, kept for the country's monitoring team only."""
    if not access.can_read_affected_people(by, incident):
        raise PermissionDenied(_("Only this country's monitoring team can do this."))
    if not source_title.strip() or not is_web_address(source_url):
        raise ValidationError(
            _(
                "A person is recorded only when a public source names them: give its title "
                "and address."
            )
        )
    person = AffectedPerson.objects.create(
        incident=incident,
        name=name,
        details=details,
        source_title=source_title,
        source_url=source_url,
        recorded_by=by,
    )
    audit.record(by, "incident.person_recorded", incident, person=str(person.uuid))
    return person


# End of section: incidents ----------------------------------------------------------------


# Recommendations and their implementation -------------------------------------------------
# (section: recommendations)


# End of section: recommendations ----------------------------------------------------------
