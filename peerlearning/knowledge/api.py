"""API for the knowledge base. Practices travel in the same format as the import and export."""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict

from peerlearning import access
from peerlearning.api import WRITE_AUTH, acting_user, check_page, viewer
from peerlearning.knowledge import search
from peerlearning.knowledge.models import Practice, SourceKind
from peerlearning.knowledge.practices_io import (
    FIELDS,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    REGIONS,
    REQUIRED,
    ImportRejected,
    export_practices,
    import_practices,
)

router = Router(tags=["knowledge"])
PAGE_SIZE = 50


# Schemas ---------------------------------------------------------------------------------------


class PracticeSource(BaseModel):
    """A source of a practice: at least its address and title; any other detail it was given
    (a plain pydantic model, so those extra details pass through)."""

    model_config = ConfigDict(extra="allow")

    url: str
    title: str


class PracticeRecord(Schema):
    """One practice in the exchange format, the same the import reads and the export writes.
    Optional fields are left out when empty."""

    id: str
    title: str
    country_iso2: str
    region: str | None = None
    years: str | None = None
    target_groups: list[str]
    summary: str
    outcomes: str | None = None
    source: list[PracticeSource]
    type: str | None = None
    language: str | None = None


class PracticeList(Schema):
    count: int
    items: list[PracticeRecord]


class SearchHit(Schema):
    type: str
    id: str
    title: str
    url: str
    snippet: str
    score: float


class FacetCount(Schema):
    value: str
    count: int


class SearchResults(Schema):
    query: str
    total: int
    # False when the query matches more than `total` documents: the hits are then the best of
    # the `total` most recently added, and `total_in_words` says so.
    total_exact: bool
    total_in_words: str
    page: int
    pages: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]]


TEXT = {"type": "string"}
# A record as the import reads it (practices_io.validate): what the API accepts, documented.
PRACTICE_IN: dict[str, Any] = {
    "title": "PracticeIn",
    "type": "object",
    "additionalProperties": False,
    "required": REQUIRED,
    "properties": {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN.pattern,
            "maxLength": 120,
            "description": "Starts with the country code in lower case, as th-name-of-practice.",
        },
        "title": {"type": "string", "minLength": 1, "maxLength": 300},
        "country_iso2": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "region": {"type": "string", "enum": ["", *REGIONS]},
        "years": TEXT,
        "target_groups": {"type": "array", "items": TEXT},
        "summary": {"type": "string", "minLength": 1},
        "outcomes": TEXT,
        "source": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["url", "title"],
                "properties": {
                    "url": {"type": "string", "pattern": "^https?://[^/?#]+"},
                    "title": {"type": "string", "minLength": 1},
                },
            },
        },
        "type": {"type": "string", "enum": ["", *SourceKind.values]},
        "language": {"type": "string", "pattern": f"(^$)|({LANGUAGE_PATTERN.pattern})"},
    },
}
if set(PRACTICE_IN["properties"]) != set(FIELDS):  # the format and its description agree
    raise ImportError("PRACTICE_IN must describe every field of the practice format")


def _record(practice: Practice) -> dict[str, Any]:
    return json.loads(next(export_practices([practice])))


@router.get("/practices", response=PracticeList, exclude_unset=True)
def list_practices(request: HttpRequest, country: str = "", region: str = "", page: int = 1) -> Any:
    """Fifty practices a page, each in the exchange format."""
    practices = access.practices_visible_to(Practice.objects.all(), viewer(request)).order_by(
        "external_id"
    )
    practices = practices.filtered({"country": country.upper(), "region": region})
    check_page(page)
    count = practices.count()
    selected = practices.prefetch_related("countries")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {"count": count, "items": [_record(practice) for practice in selected]}


@router.get("/practices/{external_id}", response=PracticeRecord, exclude_unset=True)
def get_practice(request: HttpRequest, external_id: str) -> dict[str, Any]:
    return _record(access.get_practice_for_user(viewer(request), external_id))


@router.post(
    "/practices",
    response={200: PracticeRecord, 201: PracticeRecord},
    auth=WRITE_AUTH,
    exclude_unset=True,
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": PRACTICE_IN}},
            "required": True,
        }
    },
)
def put_practice(request: HttpRequest) -> Status[dict[str, Any]]:
    """Create or update one practice, sent as one record of the exchange format."""
    if not access.can_edit_knowledge(acting_user(request)):
        raise HttpError(403, _("Only editors of the knowledge base can do this."))
    try:
        body = request.body.decode("utf-8")
        created, _updated = import_practices([body.replace("\n", " ")], by=acting_user(request))
    except UnicodeDecodeError:
        raise HttpError(400, _("The request body must be UTF-8 JSON.")) from None
    except ImportRejected as rejected:
        messages = [error.message for error in rejected.errors]
        raise HttpError(422, "; ".join(messages)) from None
    practice = Practice.objects.get(external_id=json.loads(body)["id"])
    return Status(201 if created else 200, _record(practice))


def _total_in_words(results: search.Results) -> str:
    if results.more:
        return ngettext(
            "More than %(count)s result: the best of the %(count)s most recently added are shown.",
            "More than %(count)s results: the best of the %(count)s most recently added are shown.",
            results.total,
        ) % {"count": results.total}
    return ngettext("%(count)s result", "%(count)s results", results.total) % {
        "count": results.total
    }


@router.get("/search", response=SearchResults)
def search_api(request: HttpRequest, q: str = "", type: str = "", page: int = 1) -> dict[str, Any]:  # noqa: A002
    """Search the knowledge base: each hit with its type, id (the external id where there is one),
    title, URL, snippet (HTML with <mark>) and score."""
    if not q.strip():
        raise HttpError(422, _("Give the words to search for in “q”."))
    if len(q) > search.MAX_QUERY_LENGTH:
        raise HttpError(422, _("Keep the search under 500 characters."))
    check_page(page)
    results = search.search(
        q,
        audiences=access.search_audiences(viewer(request)),
        filters={"type": type} if type else {},
        page=page,
    )
    base = request.build_absolute_uri("/").rstrip("/")
    return {
        "query": q,
        "total": results.total,
        "total_exact": not results.more,
        "total_in_words": _total_in_words(results),
        "page": results.page,
        "pages": results.pages,
        "hits": [
            {
                "type": h.kind,
                "id": h.key,
                "title": h.title,
                "url": base + h.url,
                "snippet": str(h.snippet),
                "score": h.score,
            }
            for h in results.hits
        ],
        "facets": {
            name: [{"value": v, "count": n} for v, n in values]
            for name, values in results.facets.items()
        },
    }
