"""The practice exchange format (peerlearning/demo/data/README.md): JSON lines in, the same out.

A file is checked whole before anything is written: every invalid line is reported with its
number, and a valid file is imported in one transaction. Importing the same `id` again updates
that practice, so an import can be repeated safely.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning import derived
from peerlearning.accounts.models import User
from peerlearning.knowledge import search
from peerlearning.knowledge.models import (
    Concept,
    EditorialStatus,
    Practice,
    PracticeEvent,
    PracticeType,
    SourceKind,
    TargetGroup,
)
from peerlearning.lib.text import holds_null
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Country
from peerlearning.notifications.models import Kind

FIELDS = [
    "id",
    "title",
    "country_iso2",
    "region",
    "years",
    "target_groups",
    "summary",
    "outcomes",
    "source",
    "type",
    "language",
]
REQUIRED = ["id", "title", "country_iso2", "summary", "source"]
REGIONS = {
    "Americas": ProgrammeRegion.AMERICAS,
    "Europe": ProgrammeRegion.EUROPE,
    "Asia Pacific": ProgrammeRegion.ASIA_PACIFIC,
    "Africa": ProgrammeRegion.AFRICA,
    "MENA": ProgrammeRegion.MENA,
}
REGION_NAMES: dict[str, str] = {str(value): name for name, value in REGIONS.items()}
ID_PATTERN = re.compile(r"^[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")

# The platform's target groups, recognised in the wording a source uses (the wording is kept).
TARGET_GROUP_WORDS = [
    (TargetGroup.UNACCOMPANIED_CHILDREN, ("unaccompanied",)),
    (TargetGroup.CHILDREN, ("child", "adolescent", "minor")),
    (TargetGroup.ADOLESCENTS_YOUTH, ("adolescent", "young people", "youth")),
    (TargetGroup.FAMILIES, ("famil", "parents", "mothers")),
    (TargetGroup.PREGNANT_WOMEN, ("pregnant",)),
    (TargetGroup.WOMEN_GIRLS, ("women", "girls", "woman")),
    (TargetGroup.OLDER_PERSONS, ("older person",)),
    (TargetGroup.DISABILITIES, ("disabilit",)),
    (TargetGroup.LGBTQI, ("lgbt",)),
    (TargetGroup.STATELESS, ("stateless",)),
    (TargetGroup.ASYLUM_SEEKERS, ("asylum", "refugee claimant")),
    (TargetGroup.REFUGEES, ("refugee",)),
    (TargetGroup.FACING_REMOVAL, ("removal", "deportation", "return proceedings")),
    (TargetGroup.SURVIVORS, ("trafficking", "torture")),
    (TargetGroup.ALL_MIGRANTS, ("all people", "all migrants", "immigrants")),
]
KIND_TO_TYPES = {
    SourceKind.LEGAL_REFORM: [PracticeType.LEGAL_POLICY_REFORM],
    SourceKind.LEGAL_FRAMEWORK: [PracticeType.LEGAL_POLICY_REFORM],
    SourceKind.POLICY: [PracticeType.LEGAL_POLICY_REFORM],
    SourceKind.POLICY_REFORM: [PracticeType.LEGAL_POLICY_REFORM],
    SourceKind.COURT_RULING: [PracticeType.LEGAL_POLICY_REFORM],
}


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(Exception):
    """The file was refused whole; `errors` lists every problem by line."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def target_groups_of(wording: Iterable[str]) -> list[str]:
    found: list[str] = []
    for text in wording:
        lowered = text.lower()
        for group, words in TARGET_GROUP_WORDS:
            if any(word in lowered for word in words) and group not in found:
                found.append(group)
    return found


def _is_web_address(url: str) -> bool:
    """An http or https address with a host ("http://[" is none: urlsplit refuses it)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def validate(record: Any, known_countries: set[str]) -> list[str]:
    """Every problem of one record, in words an editor understands."""
    if not isinstance(record, dict):
        return [_("each line must be one JSON object")]
    if holds_null(record):
        return [_("the line holds a null character (\\u0000): remove it")]
    problems = []
    unknown = sorted(set(record) - set(FIELDS))
    if unknown:
        problems.append(_("unknown field(s): %(fields)s") % {"fields": ", ".join(unknown)})
    for name in REQUIRED:
        if not record.get(name):
            problems.append(_("“%(field)s” is required") % {"field": name})
    for name in [
        "id",
        "title",
        "country_iso2",
        "region",
        "years",
        "summary",
        "outcomes",
        "type",
        "language",
    ]:
        if name in record and not isinstance(record[name], str):
            problems.append(_("“%(field)s” must be text") % {"field": name})
    if problems:
        return problems
    code = record["country_iso2"]
    if code not in known_countries:
        problems.append(_("“%(code)s” is not an ISO 3166-1 alpha-2 country code") % {"code": code})
    if not ID_PATTERN.match(record["id"]) or not record["id"].startswith(code.lower() + "-"):
        problems.append(
            _("“id” must be a slug that starts with the country code, like %(example)s")
            % {"example": f"{code.lower()}-name-of-the-practice"}
        )
    if len(record["id"]) > 120 or len(record["title"]) > 300:
        problems.append(_("“id” or “title” is too long"))
    if record.get("region") and record["region"] not in REGIONS:
        problems.append(_("“region” must be one of %(regions)s") % {"regions": ", ".join(REGIONS)})
    if record.get("type") and record["type"] not in SourceKind.values:
        problems.append(
            _("“type” must be one of %(types)s") % {"types": ", ".join(SourceKind.values)}
        )
    if record.get("language") and not LANGUAGE_PATTERN.match(record["language"]):
        problems.append(_("“language” must be a BCP 47 code such as en or es-MX"))
    groups = record.get("target_groups", [])
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        problems.append(_("“target_groups” must be a list of text"))
    sources = record["source"]
    if not isinstance(sources, list) or not sources:
        problems.append(_("“source” must be a list with at least one {url, title}"))
    else:
        for number, source in enumerate(sources, start=1):
            url = source.get("url") if isinstance(source, dict) else None
            if not isinstance(source, dict) or not source.get("title") or not isinstance(url, str):
                problems.append(_("source %(number)s needs a url and a title") % {"number": number})
            elif not _is_web_address(url):
                problems.append(
                    _("source %(number)s: “%(url)s” is not a web address")
                    % {"number": number, "url": url}
                )
    return problems


def parse(lines: Iterable[str]) -> list[dict[str, Any]]:
    """Read and check every line; raise ImportRejected listing all problems, or return records."""
    known = set(Country.objects.values_list("code", flat=True))
    records: list[dict[str, Any]] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(
                LineError(number, _("not valid JSON (%(detail)s)") % {"detail": error.msg})
            )
            continue
        problems = validate(record, known)
        if not problems and record["id"] in seen:
            problems = [
                _("“%(id)s” appears already on line %(line)s")
                % {"id": record["id"], "line": seen[record["id"]]}
            ]
        errors.extend(LineError(number, problem) for problem in problems)
        if not problems:
            seen[record["id"]] = number
            records.append(record)
    if errors:
        raise ImportRejected(errors)
    if not records:
        raise ImportRejected([LineError(0, _("the file holds no practice"))])
    return records


@transaction.atomic
def import_practices(
    lines: Iterable[str], *, update_existing: bool = True, by: User | None = None
) -> tuple[int, int]:
    """Import a whole file, or nothing. Returns (created, updated). With update_existing off,
    practices already there are left as they are (the demo must not undo an editor's work).

    A file imported on the server (`importpractices`, the demo) is a curated source: a new
    practice comes in published. One sent by a person through the API (`by`) comes in waiting
    for review by another editor, as a practice written on its page does: nobody publishes
    their own practice alone."""
    records = parse(lines)
    if not update_existing:
        existing = set(Practice.objects.values_list("external_id", flat=True))
        records = [record for record in records if record["id"] not in existing]
    created = updated = 0
    imported: list[Practice] = []
    published: list[Practice] = []  # new, from a curated file: their followers are told
    concepts = {concept.token: concept for concept in Concept.objects.all()}
    now = timezone.now()
    countries = {
        c.code: c for c in Country.objects.filter(code__in={r["country_iso2"] for r in records})
    }
    for record in records:
        wording = record.get("target_groups", [])
        kind = record.get("type", "")
        values = {
            "title": record["title"].strip(),
            "summary": record["summary"].strip(),
            "region": REGIONS.get(record.get("region", ""), ""),
            "years": record.get("years", ""),
            "target_groups_as_given": wording,
            "target_groups": target_groups_of(wording),
            "outcomes": record.get("outcomes", ""),
            "sources": record["source"],
            "kind": kind,
            "practice_types": KIND_TO_TYPES.get(kind, []),
            "stage": "pilot" if kind == SourceKind.PILOT else "",
            "language": record.get("language", "en"),
            "updated_at": now,
        }
        # An existing practice keeps its editorial status: an import never publishes a draft or
        # skips a review.
        practice, made = Practice.objects.update_or_create(
            external_id=record["id"],
            defaults=values,
            create_defaults={
                **values,
                "status": EditorialStatus.IN_REVIEW if by else EditorialStatus.PUBLISHED,
                "created_by": by,
            },
        )
        if by is not None:
            # Its history says who sent it: a person who changed a practice's text through the
            # API does not review it (access.practice_submitters), as on its page.
            actions = (
                (PracticeEvent.Action.CREATED, PracticeEvent.Action.SUBMITTED)
                if made
                else (PracticeEvent.Action.EDITED,)
            )
            for action in actions:
                PracticeEvent.objects.create(practice=practice, actor=by, action=action)
        practice.countries.set([countries[record["country_iso2"]]])
        # Tag with the thesaurus concepts the text names, so a search in any language finds it.
        tags = search.concepts_in(f"{practice.title}\n{practice.summary}", practice.language)
        practice.concepts.set([concepts[token] for token in tags if token in concepts])
        imported.append(practice)
        if made and practice.status == EditorialStatus.PUBLISHED:
            published.append(practice)
        created, updated = created + made, updated + (not made)
    search.index(search.practice_entry(practice) for practice in imported)
    for practice in published:
        derived.announce(Kind.NEW_PRACTICE, practice)
    return created, updated


def export_practices(practices: Iterable[Practice]) -> Iterator[str]:
    """One JSON line a practice, in the same format the import reads."""
    for practice in practices:
        codes = [country.code for country in practice.countries.all()]
        record: dict[str, Any] = {
            "id": practice.external_id,
            "title": practice.title,
            "country_iso2": codes[0] if codes else "",
        }
        if practice.region in REGION_NAMES:
            record["region"] = REGION_NAMES[practice.region]
        if practice.years:
            record["years"] = practice.years
        record["target_groups"] = practice.target_groups_as_given
        record["summary"] = practice.summary
        if practice.outcomes:
            record["outcomes"] = practice.outcomes
        record["source"] = practice.sources
        if practice.kind:
            record["type"] = practice.kind
        if practice.language != "en":
            record["language"] = practice.language
        yield json.dumps(record, ensure_ascii=False)
