"""Writes of monitoring and accountability: each is an action, with its audit line; views, the
API, the admin and the demo all call these."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning import access
from peerlearning.accounts import audit
from peerlearning.accounts.models import AuditEntry, User
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Concept
from peerlearning.lib.slugs import unique_slug
from peerlearning.lib.web import is_web_address
from peerlearning.monitoring.models import (
    Body,
    ChecklistItem,
    Finding,
    Implementation,
    MonitoringTeamMember,
    Place,
    PlaceStatus,
    Recommendation,
    StatusChange,
    Visit,
    VisitFinding,
    today,
)
from peerlearning.network.models import Country, Organisation
from peerlearning.support.models import SupportRequest

# The sections below are filled by sub-domain; keep each section's actions inside it.


# Places of detention, monitoring visits and teams -----------------------------------------
# (section: places)


class MonitoringRefused(Exception):
    """A write the rules refuse, with the reason in words a person understands."""


def place_problems(
    *,
    status: str,
    opened_on: datetime.date | None,
    closed_on: datetime.date | None,
    capacity: int | None,
    latitude: Decimal | None,
    longitude: Decimal | None,
) -> dict[str, str]:
    """What is wrong with a place, by field (the form, the API and the demo ask here)."""
    problems: dict[str, str] = {}
    if closed_on is not None and status != PlaceStatus.CLOSED:
        problems["closed_on"] = _("Only a closed place has a closing date: choose “Closed”.")
    if closed_on is not None and opened_on is not None and closed_on < opened_on:
        problems["closed_on"] = _("A place cannot close before it opened.")
    if capacity is not None and capacity < 0:
        problems["capacity"] = _("Give a capacity of zero or more.")
    if (latitude is None) != (longitude is None):
        field = "longitude" if longitude is None else "latitude"
        problems[field] = _("Give both coordinates, or neither.")
    if latitude is not None and not Decimal(-90) <= latitude <= Decimal(90):
        problems["latitude"] = _("A latitude is between -90 and 90.")
    if longitude is not None and not Decimal(-180) <= longitude <= Decimal(180):
        problems["longitude"] = _("A longitude is between -180 and 180.")
    return problems


PLACE_FIELDS = (
    "official_name",
    "official_type",
    "language",
    "plain_type",
    "locality",
    "latitude",
    "longitude",
    "capacity",
    "operator",
    "status",
    "opened_on",
    "closed_on",
    "monitors_have_access",
    "sources",
)


@transaction.atomic
def save_place(place: Place | None, *, by: User, country: Country, **fields: Any) -> Place:
    """Record a new place (`place` None) or correct one. Editors and the monitoring team of its
    country; moving a place to another country needs the right in both."""
    if place is not None and not access.can_edit_place(by, place):
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))
    if not access.can_edit_place(by, country_id=country.code):
        raise PermissionDenied(_("Only editors and this country's monitoring team can do this."))
    unknown = set(fields) - set(PLACE_FIELDS)
    if unknown:
        raise TypeError(f"save_place: unknown fields {sorted(unknown)}")
    problems = place_problems(
        status=fields.get("status", PlaceStatus.OPEN),
        opened_on=fields.get("opened_on"),
        closed_on=fields.get("closed_on"),
        capacity=fields.get("capacity"),
        latitude=fields.get("latitude"),
        longitude=fields.get("longitude"),
    )
    if problems:
        raise MonitoringRefused(" ".join(problems.values()))
    operator = fields.get("operator")
    if operator is not None and not isinstance(operator, Organisation):
        raise TypeError("save_place: the operator is an Organisation")
    created = place is None
    if place is None:
        place = Place(
            slug=unique_slug(
                Place.objects.all(),
                f"{country.code} {fields.get('official_name', '')}",
                fallback="place",
            ),
            country=country,
        )
    else:
        place = Place.objects.select_for_update().get(pk=place.pk)
        # A place's visits are read by the team of its country: moved, their unpublished
        # reports would pass to another country's team.
        if country.code != place.country_id and place.visits.exists():
            raise MonitoringRefused(
                _(
                    "This place has monitoring visits: it cannot move to another country. "
                    "Record the place again under the right country."
                )
            )
        place.country = country
    for name, value in fields.items():
        setattr(place, name, value)
    place.save()
    audit.record(by, "place.created" if created else "place.changed", place, country=country.code)
    return place


def _check_team(place: Place, team: list[User]) -> None:
    outsiders = [person for person in team if not access.is_monitor_of(person, place.country_id)]
    if outsiders:
        raise MonitoringRefused(
            _(
                "Only members of the monitoring team of %(country)s can be on a visit to one of "
                "its places: %(people)s."
            )
            % {
                "country": place.country.name,
                "people": ", ".join(person.public_name for person in outsiders),
            }
        )
    if not team:
        raise MonitoringRefused(_("Name at least one member of the team."))


@transaction.atomic
def record_visit(place: Place, *, by: User, date: datetime.date, team: list[User]) -> Visit:
    """A visit to a place, by the monitoring team of the place's country: its report, findings
    and summary are written afterwards (save_visit_report)."""
    if not access.can_record_visit(by, place):
        raise PermissionDenied(_("Only the monitoring team of this country can do this."))
    if date > timezone.localdate():
        raise MonitoringRefused(_("A visit is recorded once made: give a date that has passed."))
    _check_team(place, team)
    visit = Visit.objects.create(place=place, date=date, created_by=by)
    visit.team.set(team)
    audit.record(by, "visit.recorded", visit, place=place.slug, team=len(team))
    return visit


type FindingEntry = tuple[str, str, Recommendation | None]


@transaction.atomic
def save_visit_report(
    visit: Visit,
    *,
    by: User,
    date: datetime.date,
    team: list[User],
    report: str,
    recommendations_made: str,
    summary: str,
    findings: dict[str, FindingEntry],
) -> Visit:
    """The report, the recommendations made, the public summary and the checklist: for each
    item of `findings` (by ChecklistItem), its finding, notes and the recommendation of the
    place's country it shows unmet; an item left out of `findings` is not recorded."""
    if not access.can_edit_visit(by, visit):
        raise PermissionDenied(_("Only the monitoring team of this country can do this."))
    visit = Visit.objects.select_for_update().select_related("place__country").get(pk=visit.pk)
    if date > timezone.localdate():
        raise MonitoringRefused(_("A visit is recorded once made: give a date that has passed."))
    _check_team(visit.place, team)
    if visit.is_published and not summary.strip():
        raise MonitoringRefused(
            _("This visit is published: its public summary cannot be left empty.")
        )
    for item, (finding, _notes, recommendation) in findings.items():
        if item not in ChecklistItem.values or finding not in Finding.values:
            raise MonitoringRefused(_("Choose a finding for each item from the list."))
        if recommendation is not None and recommendation.country_id != visit.place.country_id:
            raise MonitoringRefused(
                _("A finding can only cite a recommendation made to the place's country.")
            )
    visit.date = date
    visit.report = report
    visit.recommendations_made = recommendations_made
    visit.summary = summary
    visit.save(update_fields=["date", "report", "recommendations_made", "summary"])
    visit.team.set(team)
    visit.findings.exclude(item__in=list(findings)).delete()
    for item, (finding, notes, recommendation) in findings.items():
        VisitFinding.objects.update_or_create(
            visit=visit,
            item=item,
            defaults={"finding": finding, "notes": notes, "unmet_recommendation": recommendation},
        )
    audit.record(by, "visit.changed", visit, place=visit.place.slug, findings=len(findings))
    return visit


@transaction.atomic
def publish_visit(visit: Visit, *, by: User) -> bool:
    """Make the visit's summary public (without the team's names). Returns whether it was
    published now (False when it already was)."""
    if not access.can_edit_visit(by, visit):
        raise PermissionDenied(_("Only the monitoring team of this country can do this."))
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.is_published:
        return False
    if not visit.summary.strip():
        raise MonitoringRefused(
            _("Write the public summary first: it is what everyone will read of this visit.")
        )
    visit.published_at = timezone.now()
    visit.save(update_fields=["published_at"])
    audit.record(by, "visit.published", visit, place=visit.place.slug)
    return True


@transaction.atomic
def grant_monitoring(person: User, country: Country, *, by: User) -> bool:
    """Give a person the monitoring role for one country (administrators). A person without
    two factors must set them up before doing anything else (TwoFactorRequiredMiddleware).
    Returns whether anything changed."""
    if not access.can_grant_monitoring(by):
        raise PermissionDenied(_("Only an administrator can do this."))
    if not person.is_active:
        raise MonitoringRefused(_("This account is closed."))
    if person.pk == by.pk:
        # A seat opens the names of people affected: no administrator gives it to themselves.
        raise MonitoringRefused(
            _("Another administrator must give you a seat on a monitoring team.")
        )
    made_by_them = AuditEntry.objects.filter(
        actor=by,
        object_id=str(person.uuid),
        action__in=["account.created_by_administrator", "account.password_set_by_administrator"],
    )
    if made_by_them.exists():
        # Nor to an account they made or whose password they set: they could sign in as it.
        raise MonitoringRefused(
            _(
                "You made this account or set its password: another administrator must give it "
                "a seat on a monitoring team."
            )
        )
    _seat, created = MonitoringTeamMember.objects.get_or_create(
        person=person, country=country, defaults={"granted_by": by}
    )
    if created:
        audit.record(by, "monitoring.granted", person, country=country.code)
    return created


@transaction.atomic
def remove_monitoring(person: User, country: Country, *, by: User) -> bool:
    """Take the monitoring role for one country away (administrators). The visits the person
    made keep their team; the person no longer reads their reports."""
    if not access.can_grant_monitoring(by):
        raise PermissionDenied(_("Only an administrator can do this."))
    removed, _kinds = MonitoringTeamMember.objects.filter(person=person, country=country).delete()
    if removed:
        audit.record(by, "monitoring.removed", person, country=country.code)
    return bool(removed)


# End of section: places -------------------------------------------------------------------


# Incidents and the people they affected ---------------------------------------------------
# (section: incidents)

import datetime  # noqa: E402
from typing import Any  # noqa: E402

from django.db import transaction  # noqa: E402

from peerlearning.accounts.models import User  # noqa: E402
from peerlearning.monitoring.models import (  # noqa: E402
    AffectedPerson,
    Incident,
    IncidentKind,
    Place,
    Verification,
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


def source_problems(source_title: str, source_url: str) -> dict[str, str]:
    """What is missing from a source, by field (recommendations and status changes need one)."""
    problems: dict[str, str] = {}
    if not source_title.strip():
        problems["source_title"] = _("Give the title of the source: it needs its source.")
    if not source_url.strip():
        problems["source_url"] = _("Give the address of the source: it needs its source.")
    elif not is_web_address(source_url.strip()):
        problems["source_url"] = _("Give the source's web address, starting with https://.")
    return problems


def date_problems(date: datetime.date | None) -> dict[str, str]:
    if date is not None and date > today():
        return {"date": _("The date is in the future: give the date it happened.")}
    return {}


def grouping_problems(
    recommendation: Recommendation | None,
    same_as: Recommendation | None,
    country_id: str,
) -> dict[str, str]:
    """The same recommendation made by several bodies points to the first one made: one of the
    same country, not itself, and not one that others already point to."""
    if same_as is None:
        return {}
    if country_id and same_as.country_id != country_id:
        return {"same_as": _("That recommendation was made to another country.")}
    if recommendation is not None and recommendation.pk:
        if same_as.pk == recommendation.pk or same_as.same_as_id == recommendation.pk:
            return {"same_as": _("A recommendation cannot be the same as itself.")}
        if recommendation.repeated_by.exists():
            return {
                "same_as": _(
                    "Other recommendations are grouped under this one: it stays the first one."
                )
            }
    return {}


def _kept_hidden[T: (Exchange, SupportRequest)](
    current: Iterable[T], visible: Iterable[int]
) -> list[T]:
    shown = set(visible)
    return [item for item in current if item.pk not in shown]


@transaction.atomic
def save_recommendation(
    recommendation: Recommendation | None,
    *,
    by: User | None,
    body: Body,
    country: Country,
    authority: str,
    text: str,
    language: str,
    date: datetime.date,
    source_title: str,
    source_url: str,
    concepts: Iterable[Concept] = (),
    same_as: Recommendation | None = None,
    exchanges: Iterable[Exchange] = (),
    support_requests: Iterable[SupportRequest] = (),
) -> Recommendation:
    """Record a recommendation, or correct one. Its status is not written here: it follows
    its status changes (`change_status`). Links to exchanges and support requests that `by`
    may not see are kept as they are (`by` chooses among those it sees). Raises
    ValidationError (by field) and saves nothing when the source or the date is wrong."""
    if same_as is not None and same_as.same_as_id is not None:
        same_as = same_as.same_as
    problems = {
        **source_problems(source_title, source_url),
        **date_problems(date),
        **grouping_problems(recommendation, same_as, country.code),
    }
    if problems:
        raise ValidationError(problems)
    creating = recommendation is None
    if recommendation is None:
        recommendation = Recommendation(recorded_by=by)
    else:
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    recommendation.body = body
    recommendation.country = country
    recommendation.authority = authority.strip()
    recommendation.text = text.strip()
    recommendation.language = language
    recommendation.date = date
    recommendation.source_title = source_title.strip()
    recommendation.source_url = source_url.strip()
    recommendation.same_as = same_as
    recommendation.save()
    recommendation.concepts.set(list(concepts))
    exchanges, support_requests = list(exchanges), list(support_requests)
    if not creating and by is not None:
        exchanges += _kept_hidden(
            recommendation.exchanges.all(),
            access.exchanges_visible_to(Exchange.objects.all(), by).values_list("pk", flat=True),
        )
        support_requests += _kept_hidden(
            recommendation.support_requests.all(),
            access.support_requests_visible_to(SupportRequest.objects.all(), by).values_list(
                "pk", flat=True
            ),
        )
    recommendation.exchanges.set(exchanges)
    recommendation.support_requests.set(support_requests)
    audit.record(
        by,
        "recommendation.recorded" if creating else "recommendation.edited",
        recommendation,
        country=country.code,
        body=body.slug,
    )
    return recommendation


@transaction.atomic
def change_status(
    recommendation: Recommendation,
    *,
    by: User | None,
    status: str,
    date: datetime.date,
    source_title: str,
    source_url: str,
    note: str = "",
) -> StatusChange:
    """A step of a recommendation's implementation, with its date and source. The
    recommendation's status is its newest step's, by date: a step recorded late, dated before
    the newest, goes into the history without changing it. Raises ValidationError (by field)
    and saves nothing without a source, for a date in the future or an unknown status."""
    problems = {**source_problems(source_title, source_url), **date_problems(date)}
    if status not in Implementation.values:
        problems["status"] = _("Choose one of the statuses listed.")
    if problems:
        raise ValidationError(problems)
    # Two steps recorded at once: the row lock makes the second wait, then see the first.
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    change = StatusChange.objects.create(
        recommendation=recommendation,
        status=status,
        date=date,
        source_title=source_title.strip(),
        source_url=source_url.strip(),
        note=note.strip(),
        recorded_by=by,
    )
    newest = recommendation.status_changes.order_by("-date", "-pk").values_list("status", flat=True)
    current = newest.first() or status
    if recommendation.status != current:
        recommendation.status = current
        recommendation.save(update_fields=["status"])
    audit.record(
        by,
        "recommendation.status_changed",
        recommendation,
        status=status,
        date=date.isoformat(),
        current=current,
    )
    return change


@transaction.atomic
def create_body(*, by: User | None, name: str, kind: str) -> Body:
    """A body that makes recommendations (editors add them)."""
    body = Body.objects.create(
        slug=unique_slug(Body.objects.all(), name, fallback="body", length=100),
        name=name.strip(),
        kind=kind,
    )
    audit.record(by, "recommendation.body_created", body, name=body.name)
    return body


# End of section: recommendations ----------------------------------------------------------
