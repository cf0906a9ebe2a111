"""API of the terminology checker under /api/v1/terminology: check a text (anyone, throttled;
signed-in members at a higher rate) and read the lexicon in use. Nothing checked is stored."""

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import ValidationError

from peerlearning.access import terms_visible_to
from peerlearning.accounts.models import User
from peerlearning.api import check_page, error_response, viewer
from peerlearning.terminology import checking, throttle
from peerlearning.terminology.models import Term

router = Router(tags=["terminology"])
PAGE_SIZE = 50


class CheckIn(Schema):
    text: str
    lang: str | None = None


class SpanOut(Schema):
    start: int
    end: int
    term: str
    plain: str
    category: str
    explanation: str


class CheckOut(Schema):
    lang: str
    detected: bool
    spans: list[SpanOut]


class SourceOut(Schema):
    title: str = ""
    url: str = ""


class TermOut(Schema):
    language: str
    term: str
    forms: list[str]
    category: str
    plain: str
    explanation: str
    sources: list[SourceOut]


class TermList(Schema):
    count: int
    items: list[TermOut]


def _body(request: HttpRequest) -> CheckIn:
    """The JSON body, read here so that a malformed one is a 422 with the reason and one too
    large a 413 (not Django's bare 400)."""
    try:
        raw = request.body
    except RequestDataTooBig:
        raise HttpError(
            413,
            _("The request is too large: a text of up to %(limit)s characters can be checked.")
            % {"limit": f"{checking.MAX_TEXT_CHARACTERS:,}"},
        ) from None
    try:
        return CheckIn.model_validate(json.loads(raw))
    except (ValueError, ValidationError):
        raise HttpError(
            422,
            _('Send a JSON object: {"text": the text to check, "lang": its language or null}.'),
        ) from None


@router.post(
    "/check",
    response=CheckOut,
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": CheckIn.model_json_schema()}},
            "required": True,
        },
        "responses": {
            413: error_response(413, "The text is longer than a check takes."),
            429: error_response(429, "Too many checks for now: the answer says when to retry."),
        },
    },
)
def check_text(request: HttpRequest) -> dict[str, Any]:
    """Check a text: `lang` one of es, en, fr, pt, ar; null, absent or "auto" to tell it from the
    text. Offsets are in code points (Python string indices) into the text as sent."""
    asker = viewer(request)
    if isinstance(asker, User):
        request.user = asker
    if not throttle.allowed(request):
        raise HttpError(429, throttle.too_many())
    body = _body(request)
    language = None if body.lang in (None, "", "auto") else body.lang
    try:
        result = checking.check(body.text, language)
    except checking.CheckRefused as refused:
        raise HttpError(400, str(refused)) from None
    return {
        "lang": result.language,
        "detected": result.detected,
        "spans": [span.as_dict() for span in result.spans],
    }


@router.get("/lexicon", response=TermList)
def lexicon(request: HttpRequest, language: str = "", page: int = 1) -> dict[str, Any]:
    """The terms in use, fifty a page, by language and term; ?language= to keep one language."""
    check_page(page)
    terms = terms_visible_to(Term.objects.all(), viewer(request)).filter(is_active=True)
    if language:
        terms = terms.filter(language=language)
    terms = terms.order_by("language", "term")
    count = terms.count()
    selected = terms[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {
        "count": count,
        "items": [
            {
                "language": term.language,
                "term": term.term,
                "forms": term.forms,
                "category": term.category,
                "plain": term.plain,
                "explanation": term.explanation,
                "sources": term.sources,
            }
            for term in selected
        ],
    }
