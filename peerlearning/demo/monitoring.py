"""The demo's monitoring (data/monitoring.json): the Ciudad Juárez fire of 27 March 2023 and the
INM centre where it happened, the five recommendations the coalition addressed to Mexico after it
with their sourced steps, and a demo monitoring team for Mexico with one unpublished visit.

Each place, incident and recommendation is a fact of the seed in the project's own words, with
its public source; the team seat and the visit are demo material (the visit's report says so in
its first words). The file is checked as a whole before anything is written: an entry that is
wrong stops the load with every problem named by the entry's id.

Loading again adds only what is missing and never undoes an editor's work: a place is known by
its short name, an incident by its country, date and title or source, a recommendation by its
body, country, date, source and text (and an editor's rewording is not taken for a missing one),
a visit by its place and date. A recommendation's status history and a visit's findings are
written with it, never afterwards. The monitoring seat is given only to a demo account that this
very load created: an account someone else made under the demo's address gets no rights."""

import datetime
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.demo import DATA
from peerlearning.demo.records import DemoDataError, Reader, Source
from peerlearning.knowledge.models import Concept
from peerlearning.knowledge.thesaurus import THESAURUS_JSON
from peerlearning.monitoring.models import (
    Body,
    BodyKind,
    ChecklistItem,
    Finding,
    Implementation,
    Incident,
    IncidentKind,
    MonitorAccess,
    MonitoringTeamMember,
    Place,
    PlaceStatus,
    Recommendation,
    StatusChange,
    Verification,
    Visit,
    VisitFinding,
)
from peerlearning.network.models import Country, Organisation

MONITORING_JSON = DATA / "monitoring.json"
RECORDER = "editor@example.org"  # records and publishes the facts, as an editor would

SECTIONS = ("places", "incidents", "bodies", "recommendations", "team", "visits")
PLACE_FIELDS = {
    "id",
    "country",
    "official_name",
    "language",
    "official_type",
    "plain_type",
    "locality",
    "status",
    "monitors_have_access",
    "sources",
    "basis",
}
INCIDENT_FIELDS = {
    "id",
    "country",
    "place",
    "kinds",
    "date",
    "title",
    "summary",
    "language",
    "dead",
    "injured",
    "people_affected",
    "nationalities",
    "sources",
    "verification",
    "published",
    "basis",
}
BODY_FIELDS = {"id", "name", "kind", "organisation", "basis"}
RECOMMENDATION_FIELDS = {
    "id",
    "body",
    "country",
    "authority",
    "text",
    "language",
    "themes",
    "date",
    "source",
    "status_changes",
    "basis",
}
CHANGE_FIELDS = {"status", "date", "source", "note"}
TEAM_FIELDS = {"id", "email", "country", "basis"}
VISIT_FIELDS = {
    "id",
    "place",
    "date",
    "team",
    "report",
    "recommendations_made",
    "findings",
    "basis",
}
FINDING_FIELDS = {"item", "finding", "notes"}
WEB_ADDRESS = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    country: Country
    fields: dict[str, str]
    sources: list[Source]


@dataclass(frozen=True)
class IncidentEntry:
    id: str
    country: Country
    place: str
    kinds: list[str]
    date: datetime.date
    title: str
    summary: str
    language: str
    dead: int | None
    injured: int | None
    people_affected: int | None
    nationalities: list[dict[str, Any]]
    sources: list[Source]
    verification: str
    published: bool


@dataclass(frozen=True)
class BodyEntry:
    id: str
    name: str
    kind: str
    organisation: str


@dataclass(frozen=True)
class ChangeEntry:
    status: str
    date: datetime.date
    source: Source
    note: str


@dataclass(frozen=True)
class RecommendationEntry:
    id: str
    body: str
    country: Country
    authority: str
    text: str
    language: str
    themes: list[str]
    date: datetime.date
    source: Source
    changes: list[ChangeEntry]


@dataclass(frozen=True)
class SeatEntry:
    id: str
    email: str
    country: Country


@dataclass(frozen=True)
class VisitEntry:
    id: str
    place: str
    date: datetime.date
    team: list[str]
    report: str
    recommendations_made: str
    findings: list[tuple[str, str, str]]


@dataclass
class Demo:
    places: list[PlaceEntry] = field(default_factory=list)
    incidents: list[IncidentEntry] = field(default_factory=list)
    bodies: list[BodyEntry] = field(default_factory=list)
    recommendations: list[RecommendationEntry] = field(default_factory=list)
    team: list[SeatEntry] = field(default_factory=list)
    visits: list[VisitEntry] = field(default_factory=list)


def _thesaurus_slugs() -> set[str]:
    if not THESAURUS_JSON.exists():
        return set()
    with THESAURUS_JSON.open(encoding="utf-8") as handle:
        return {concept["id"] for concept in json.load(handle)["concepts"]}


class _Reader(Reader):
    """The monitoring file: places, incidents, bodies, recommendations, seats and visits."""

    def __init__(self, today: datetime.date) -> None:
        super().__init__()
        self.today = today
        self.countries = {country.code: country for country in Country.objects.all()}
        self.concepts = _thesaurus_slugs()

    def choice(self, entry: dict[str, Any], entry_id: str, name: str, choices: list[str]) -> str:
        value = entry.get(name)
        if value not in choices:
            self.problem(entry_id, f"'{name}' is {value!r}: one of {', '.join(choices)}.")
            return ""
        return str(value)

    def date(self, value: Any, entry_id: str, name: str) -> datetime.date | None:
        try:
            date = datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(entry_id, f"'{name}' is not a date written YYYY-MM-DD: {value!r}.")
            return None
        if date > self.today:
            self.problem(entry_id, f"'{name}' is in the future: {value}.")
            return None
        return date

    def count(self, entry: dict[str, Any], entry_id: str, name: str) -> int | None:
        value = entry.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(entry_id, f"'{name}' must be a whole number, 0 or more: {value!r}.")
            return None
        return value

    def country(self, code: Any, entry_id: str) -> Country | None:
        country = self.countries.get(code) if isinstance(code, str) else None
        if country is None:
            self.problem(entry_id, f"unknown country code {code!r}.")
        return country

    def source(self, value: Any, entry_id: str, *, dated: bool = False) -> Source | None:
        allowed = {"title", "url", "date"} if dated else {"title", "url"}
        if not isinstance(value, dict) or set(value) - allowed:
            self.problem(entry_id, f"a source is {{{', '.join(sorted(allowed))}}}: {value!r}.")
            return None
        title, url = value.get("title"), value.get("url")
        if not isinstance(title, str) or not title.strip():
            self.problem(entry_id, "a source has no title.")
            return None
        if not isinstance(url, str) or not url.strip():
            self.problem(entry_id, "a source has no address (url).")
            return None
        try:
            WEB_ADDRESS(url.strip())
        except ValidationError:
            self.problem(entry_id, f"a source address is not an http(s) address: {url!r}.")
            return None
        date = None
        if dated:
            date = self.date(value.get("date"), entry_id, "source date")
            if date is None:
                return None
        return Source(title=title.strip(), url=url.strip(), date=date)

    def sources(self, entry: dict[str, Any], entry_id: str, *, dated: bool) -> list[Source]:
        values = entry.get("sources")
        if not isinstance(values, list) or not values:
            self.problem(entry_id, "'sources' must list at least one source.")
            return []
        sources = [self.source(value, entry_id, dated=dated) for value in values]
        return [source for source in sources if source is not None]

    def place(self, entry: dict[str, Any], entry_id: str) -> PlaceEntry | None:
        self.fields(entry, entry_id, PLACE_FIELDS)
        country = self.country(entry.get("country"), entry_id)
        texts = {
            name: self.text(entry, entry_id, name, required=name != "locality")
            for name in ("official_name", "official_type", "plain_type", "locality", "language")
        }
        texts["status"] = self.choice(entry, entry_id, "status", PlaceStatus.values)
        texts["monitors_have_access"] = self.choice(
            entry, entry_id, "monitors_have_access", MonitorAccess.values
        )
        self.text(entry, entry_id, "basis", required=True)
        sources = self.sources(entry, entry_id, dated=False)
        if country is None or not sources:
            return None
        return PlaceEntry(id=entry_id, country=country, fields=texts, sources=sources)

    def incident(self, entry: dict[str, Any], entry_id: str) -> IncidentEntry | None:
        self.fields(entry, entry_id, INCIDENT_FIELDS)
        country = self.country(entry.get("country"), entry_id)
        kinds = entry.get("kinds")
        if (
            not isinstance(kinds, list)
            or not kinds
            or any(kind not in IncidentKind.values for kind in kinds)
        ):
            self.problem(entry_id, f"'kinds' must list some of {', '.join(IncidentKind.values)}.")
            kinds = []
        date = self.date(entry.get("date"), entry_id, "date")
        title = self.text(entry, entry_id, "title", required=True)
        summary = self.text(entry, entry_id, "summary", required=True)
        language = self.text(entry, entry_id, "language", required=True)
        place = self.text(entry, entry_id, "place", required=False)
        dead, injured = self.count(entry, entry_id, "dead"), self.count(entry, entry_id, "injured")
        affected = self.count(entry, entry_id, "people_affected")
        if affected is not None and max(dead or 0, injured or 0) > affected:
            self.problem(entry_id, "more dead or injured than people affected.")
        nationalities = self.nationalities(entry.get("nationalities", []), entry_id)
        sources = self.sources(entry, entry_id, dated=True)
        verification = self.choice(entry, entry_id, "verification", Verification.values)
        if verification == Verification.CORROBORATED and len({s.url for s in sources}) < 2:
            self.problem(entry_id, "'corroborated' needs two sources.")
        published = entry.get("published", False)
        if not isinstance(published, bool):
            self.problem(entry_id, "'published' must be true or false.")
        self.text(entry, entry_id, "basis", required=True)
        if country is None or date is None or not sources or not kinds or not verification:
            return None
        return IncidentEntry(
            id=entry_id,
            country=country,
            place=place,
            kinds=list(kinds),
            date=date,
            title=title,
            summary=summary,
            language=language,
            dead=dead,
            injured=injured,
            people_affected=affected,
            nationalities=nationalities,
            sources=sources,
            verification=verification,
            published=published is True,
        )

    def nationalities(self, values: Any, entry_id: str) -> list[dict[str, Any]]:
        """Countries, each with a count only where a source gives one (null otherwise)."""
        if not isinstance(values, list):
            self.problem(entry_id, "'nationalities' must be a list.")
            return []
        result = []
        for value in values:
            if not isinstance(value, dict) or set(value) != {"country", "count"}:
                self.problem(entry_id, f"a nationality is {{country, count}}: {value!r}.")
                continue
            count = value["count"]
            if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
                self.problem(entry_id, f"a nationality's count is a number or null: {count!r}.")
                continue
            if self.country(value["country"], entry_id) is not None:
                result.append({"country": value["country"], "count": count})
        return result

    def body(self, entry: dict[str, Any], entry_id: str) -> BodyEntry | None:
        self.fields(entry, entry_id, BODY_FIELDS)
        name = self.text(entry, entry_id, "name", required=True)
        kind = self.choice(entry, entry_id, "kind", BodyKind.values)
        organisation = self.text(entry, entry_id, "organisation", required=False)
        self.text(entry, entry_id, "basis", required=True)
        if not name or not kind:
            return None
        return BodyEntry(id=entry_id, name=name, kind=kind, organisation=organisation)

    def recommendation(
        self, entry: dict[str, Any], entry_id: str, bodies: set[str]
    ) -> RecommendationEntry | None:
        self.fields(entry, entry_id, RECOMMENDATION_FIELDS)
        body = self.text(entry, entry_id, "body", required=True)
        if body and body not in bodies:
            self.problem(entry_id, f"unknown body {body!r}: list it under 'bodies'.")
        country = self.country(entry.get("country"), entry_id)
        authority = self.text(entry, entry_id, "authority", required=True)
        text = self.text(entry, entry_id, "text", required=True)
        language = self.text(entry, entry_id, "language", required=True)
        themes = entry.get("themes", [])
        if not isinstance(themes, list) or any(theme not in self.concepts for theme in themes):
            self.problem(entry_id, f"'themes' must list concepts of the thesaurus: {themes!r}.")
            themes = []
        date = self.date(entry.get("date"), entry_id, "date")
        source = self.source(entry.get("source"), entry_id)
        changes = []
        values = entry.get("status_changes", [])
        if not isinstance(values, list):
            self.problem(entry_id, "'status_changes' must be a list.")
            values = []
        for value in values:
            if not isinstance(value, dict):
                self.problem(entry_id, f"a status change is an object: {value!r}.")
                continue
            self.fields(value, entry_id, CHANGE_FIELDS)
            status = self.choice(value, entry_id, "status", Implementation.values)
            changed_on = self.date(value.get("date"), entry_id, "status change date")
            changed_by = self.source(value.get("source"), entry_id)
            note = self.text(value, entry_id, "note", required=True)
            if status and changed_on is not None and changed_by is not None:
                changes.append(ChangeEntry(status, changed_on, changed_by, note))
        if [change.date for change in changes] != sorted(change.date for change in changes):
            self.problem(entry_id, "list the status changes oldest first.")
        self.text(entry, entry_id, "basis", required=True)
        if country is None or date is None or source is None or not text or not authority:
            return None
        return RecommendationEntry(
            id=entry_id,
            body=body,
            country=country,
            authority=authority,
            text=text,
            language=language,
            themes=list(themes),
            date=date,
            source=source,
            changes=changes,
        )

    def seat(self, entry: dict[str, Any], entry_id: str) -> SeatEntry | None:
        self.fields(entry, entry_id, TEAM_FIELDS)
        email = self.text(entry, entry_id, "email", required=True)
        country = self.country(entry.get("country"), entry_id)
        self.text(entry, entry_id, "basis", required=True)
        if not email or country is None:
            return None
        return SeatEntry(id=entry_id, email=email, country=country)

    def visit(self, entry: dict[str, Any], entry_id: str, places: set[str]) -> VisitEntry | None:
        self.fields(entry, entry_id, VISIT_FIELDS)
        place = self.text(entry, entry_id, "place", required=True)
        if place and place not in places:
            self.problem(entry_id, f"unknown place {place!r}: list it under 'places'.")
        date = self.date(entry.get("date"), entry_id, "date")
        team = entry.get("team")
        if not isinstance(team, list) or not team or not all(isinstance(e, str) for e in team):
            self.problem(entry_id, "'team' must list the team's e-mail addresses.")
            team = []
        report = self.text(entry, entry_id, "report", required=True)
        made = self.text(entry, entry_id, "recommendations_made", required=False)
        findings = []
        for value in entry.get("findings", []):
            if not isinstance(value, dict):
                self.problem(entry_id, f"a finding is an object: {value!r}.")
                continue
            self.fields(value, entry_id, FINDING_FIELDS)
            item = self.choice(value, entry_id, "item", ChecklistItem.values)
            finding = self.choice(value, entry_id, "finding", Finding.values)
            notes = self.text(value, entry_id, "notes", required=False)
            if item and finding:
                findings.append((item, finding, notes))
        items = [item for item, _finding, _notes in findings]
        if len(items) != len(set(items)):
            self.problem(entry_id, "a checklist item is given twice.")
        self.text(entry, entry_id, "basis", required=True)
        if date is None or not team or not report:
            return None
        return VisitEntry(entry_id, place, date, list(team), report, made, findings)


def read(path: Path = MONITORING_JSON, today: datetime.date | None = None) -> Demo:
    """The file's entries, checked; DemoDataError lists every problem by entry."""
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict) or set(data) != set(SECTIONS):
        raise DemoDataError([f"{path.name}: an object with exactly {', '.join(SECTIONS)}."])
    reader = _Reader(today or timezone.localdate())
    seen: set[str] = set()
    demo = Demo()
    demo.places = [
        place
        for entry, entry_id in reader.entries(data, "places", seen)
        if (place := reader.place(entry, entry_id)) is not None
    ]
    place_ids = {entry["id"] for entry in data["places"] if isinstance(entry, dict)}
    demo.incidents = [
        incident
        for entry, entry_id in reader.entries(data, "incidents", seen)
        if (incident := reader.incident(entry, entry_id)) is not None
    ]
    for incident in demo.incidents:
        if incident.place and incident.place not in place_ids:
            reader.problem(incident.id, f"unknown place {incident.place!r}.")
    demo.bodies = [
        body
        for entry, entry_id in reader.entries(data, "bodies", seen)
        if (body := reader.body(entry, entry_id)) is not None
    ]
    body_ids = {body.id for body in demo.bodies}
    demo.recommendations = [
        recommendation
        for entry, entry_id in reader.entries(data, "recommendations", seen)
        if (recommendation := reader.recommendation(entry, entry_id, body_ids)) is not None
    ]
    demo.team = [
        seat
        for entry, entry_id in reader.entries(data, "team", seen)
        if (seat := reader.seat(entry, entry_id)) is not None
    ]
    demo.visits = [
        visit
        for entry, entry_id in reader.entries(data, "visits", seen)
        if (visit := reader.visit(entry, entry_id, place_ids)) is not None
    ]
    places = {place.id: place for place in demo.places}
    seats = {(seat.email, seat.country.code) for seat in demo.team}
    for visit in demo.visits:
        place_entry = places.get(visit.place)
        for email in visit.team:
            # A visit is made by the team of the place's country (issue 15, bad input).
            if place_entry is not None and (email, place_entry.country.code) not in seats:
                reader.problem(visit.id, f"{email} is not in the team of the place's country.")
    if reader.problems:
        raise DemoDataError(reader.problems)
    return demo


def _incident_exists(entry: IncidentEntry) -> bool:
    """Recorded already: the same day in the same country, under the same title or citing the
    same source (an editor may have changed one of them)."""
    urls = {source.url for source in entry.sources}
    for incident in Incident.objects.filter(country=entry.country, date=entry.date):
        if incident.title == entry.title or urls & {s.get("url") for s in incident.sources}:
            return True
    return False


def _recommendations_missing(
    entries: list[RecommendationEntry], bodies: dict[str, Body]
) -> list[RecommendationEntry]:
    """The file's recommendations not yet recorded. Those of one source are known by their text;
    where an editor has reworded one, the source already holds as many as the file gives, and
    nothing is added for it."""
    groups: dict[tuple[int, str, datetime.date, str], list[RecommendationEntry]] = {}
    for entry in entries:
        key = (bodies[entry.body].pk, entry.country.code, entry.date, entry.source.url)
        groups.setdefault(key, []).append(entry)
    missing = []
    for (body, country, date, url), group in groups.items():
        recorded = Recommendation.objects.filter(
            body_id=body, country_id=country, date=date, source_url=url
        )
        texts = set(recorded.values_list("text", flat=True))
        absent = [entry for entry in group if entry.text not in texts]
        room = len(group) - recorded.count()
        missing.extend(absent[: max(room, 0)])
    return missing


@transaction.atomic
def load(path: Path = MONITORING_JSON, *, new_accounts: Collection[str] = ()) -> int:
    """Record what is missing; return how many places, incidents, recommendations, team seats
    and visits were added. `new_accounts`: the demo accounts this load created, the only ones
    that may be given a monitoring seat."""
    demo = read(path)
    recorder = User.objects.filter(email=RECORDER).first()
    now = timezone.now()
    added = 0

    places: dict[str, Place] = {}
    for place_entry in demo.places:
        place = Place.objects.filter(slug=place_entry.id).first()
        if place is None:
            place = Place.objects.create(
                slug=place_entry.id,
                country=place_entry.country,
                sources=[source.as_json() for source in place_entry.sources],
                **place_entry.fields,
            )
            added += 1
        places[place_entry.id] = place

    for incident_entry in demo.incidents:
        if _incident_exists(incident_entry):
            continue
        Incident.objects.create(
            kinds=incident_entry.kinds,
            title=incident_entry.title,
            summary=incident_entry.summary,
            language=incident_entry.language,
            date=incident_entry.date,
            country=incident_entry.country,
            place=places.get(incident_entry.place),
            people_affected=incident_entry.people_affected,
            dead=incident_entry.dead,
            injured=incident_entry.injured,
            nationalities=incident_entry.nationalities,
            sources=[source.as_json() for source in incident_entry.sources],
            verification=incident_entry.verification,
            recorded_by=recorder,
            published_at=now if incident_entry.published else None,
            published_by=recorder if incident_entry.published else None,
        )
        added += 1

    bodies: dict[str, Body] = {}
    for body_entry in demo.bodies:
        body = (
            Body.objects.filter(slug=body_entry.id).first()
            or Body.objects.filter(name__iexact=body_entry.name).first()
        )
        if body is None:
            organisation = (
                Organisation.objects.filter(name=body_entry.organisation).first()
                if body_entry.organisation
                else None
            )
            body = Body.objects.create(
                slug=body_entry.id,
                name=body_entry.name,
                kind=body_entry.kind,
                organisation=organisation,
            )
        bodies[body_entry.id] = body

    for entry in _recommendations_missing(demo.recommendations, bodies):
        status = entry.changes[-1].status if entry.changes else Implementation.NOT_STARTED
        recommendation = Recommendation.objects.create(
            body=bodies[entry.body],
            country=entry.country,
            authority=entry.authority,
            text=entry.text,
            language=entry.language,
            date=entry.date,
            source_title=entry.source.title,
            source_url=entry.source.url,
            status=status,
            recorded_by=recorder,
        )
        recommendation.concepts.set(Concept.objects.filter(slug__in=entry.themes))
        for change in entry.changes:
            StatusChange.objects.create(
                recommendation=recommendation,
                status=change.status,
                date=change.date,
                source_title=change.source.title,
                source_url=change.source.url,
                note=change.note,
                recorded_by=recorder,
            )
        added += 1

    administrator = User.objects.filter(is_superuser=True, email="admin@example.org").first()
    for seat in demo.team:
        person = User.objects.filter(email=seat.email).first()
        if person is None or seat.email not in new_accounts:
            continue
        _seat, created = MonitoringTeamMember.objects.get_or_create(
            person=person, country=seat.country, defaults={"granted_by": administrator}
        )
        if created:  # as the teams page would write it
            audit.record(administrator, "monitoring.granted", person, country=seat.country.code)
        added += created

    for visit_entry in demo.visits:
        place = places[visit_entry.place]
        if Visit.objects.filter(place=place, date=visit_entry.date).exists():
            continue
        # Only members of the place's country's team: no one else is written into a report.
        team = list(
            User.objects.filter(
                email__in=visit_entry.team, monitoring_teams__country=place.country
            ).order_by("pk")
        )
        if not team:
            continue
        visit = Visit.objects.create(
            place=place,
            date=visit_entry.date,
            report=visit_entry.report,
            recommendations_made=visit_entry.recommendations_made,
            created_by=team[0],
        )
        visit.team.set(team)
        audit.record(team[0], "visit.recorded", visit, place=place.slug)
        VisitFinding.objects.bulk_create(
            VisitFinding(visit=visit, item=item, finding=finding, notes=notes)
            for item, finding, notes in visit_entry.findings
        )
        added += 1
    return added
