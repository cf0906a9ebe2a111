"""The check: a public page, its PDF report, a signed-in person's saved checks.

Nothing a visitor checks is stored: the text is read from the form, a file in memory (never on
disk: InMemoryUpload below), and the result lives only in the page and its PDF."""

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopFutureHandlers
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pdf import render_pdf
from peerlearning.terminology import actions, checking, engine, throttle
from peerlearning.terminology.files import FileRejected, text_of
from peerlearning.terminology.models import Category, Language, SavedCheck, Term

CONTEXT = 60  # characters either side of a finding in the PDF report
# The report's table lists this many findings at most (a 1 MB text can have tens of thousands:
# the page shows them all); the terms found are all explained below it.
REPORT_FINDINGS = 300
# A member keeps at most this many checks.
SAVED_CHECKS_PER_PERSON = 100


class InMemoryUpload(FileUploadHandler):
    """The one file of the form ("file") kept in memory, up to the resource limit (the rest is
    counted, not kept: the size tells files.check that the file is too large); any other file
    part is skipped unread. Nothing is written to disk."""

    kept = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.field_name != "file" or self.kept:
            raise SkipFile
        self.kept = True
        self.buffer = io.BytesIO()
        self.received = 0
        raise StopFutureHandlers

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= settings.RESOURCE_MAX_BYTES:
            self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def _languages() -> list[tuple[str, str]]:
    return [
        ("", _("Detect the language")),
        *((code, str(label)) for code, label in Language.choices),
    ]


@dataclass
class Shown:
    """A check as the page and the PDF show it: from a check just made or a saved one."""

    text: str
    language: str
    detected: bool
    spans: list[dict[str, Any]]
    terms: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def euphemisms(self) -> int:
        return self.counts[Category.EUPHEMISM]

    @property
    def plain_terms(self) -> int:
        return self.counts[Category.PLAIN]

    @property
    def language_name(self) -> str:
        return str(Language(self.language).label) if self.language in Language.values else ""

    def segments(self) -> list[tuple[str, dict[str, Any] | None]]:
        return engine.cut(self.text, ((s["start"], s["end"], s) for s in self.spans))

    @property
    def findings_not_listed(self) -> int:
        return max(0, len(self.spans) - REPORT_FINDINGS)

    def findings(self) -> list[dict[str, Any]]:
        """The first findings with a little of the text either side, for the report."""

        def squeeze(piece: str) -> str:
            return re.sub(r"\s+", " ", piece)

        return [
            {
                **span,
                "before": squeeze(self.text[max(0, span["start"] - CONTEXT) : span["start"]]),
                "words": squeeze(self.text[span["start"] : span["end"]]),
                "after": squeeze(self.text[span["end"] : span["end"] + CONTEXT]),
            }
            for span in self.spans[:REPORT_FINDINGS]
        ]


def _shown(text: str, language: str, detected: bool, spans: list[dict[str, Any]]) -> Shown:
    """One query: the sources of the terms found."""
    labels = dict(Category.choices)
    spans = [{**span, "category_label": labels.get(span["category"], "")} for span in spans]
    counts = Counter(span["category"] for span in spans)
    found = Counter((span["term"], span["category"]) for span in spans)
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for span in spans:
        first.setdefault((span["term"], span["category"]), span)
    sources = (
        dict(
            Term.objects.filter(
                language=language, term__in={term for term, _c in found}
            ).values_list("term", "sources")
        )
        if found
        else {}
    )
    terms = [
        {**first[key], "count": n, "sources": sources.get(key[0], [])}
        for key, n in sorted(found.items(), key=lambda item: (-item[1], item[0][0]))
    ]
    return Shown(text, language, detected, spans, terms, counts)


def _form(
    request: HttpRequest,
    *,
    text: str = "",
    language: str = "",
    error: str = "",
    status: int = 200,
    shown: Shown | None = None,
    file_name: str = "",
) -> HttpResponse:
    return render(
        request,
        "terminology/check.html",
        {
            "text": text,
            "language": language,
            "languages": _languages(),
            "error": error,
            "shown": shown,
            "file_name": file_name,
            "may_save": access.may_save_checks(request.user),
            "max_mb": settings.RESOURCE_MAX_BYTES // 1_000_000,
        },
        status=status,
    )


def _asked_language(request: HttpRequest) -> str:
    language = request.POST.get("lang", "").strip()
    return "" if language == "auto" else language


def _too_large(request: HttpRequest) -> HttpResponse | None:
    """A body larger than a file and a text together is refused before it is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.RESOURCE_MAX_BYTES + 8 * checking.MAX_TEXT_CHARACTERS:
        return HttpResponse(
            _("The request is too large: send one file of at most %(mb)s MB.")
            % {"mb": settings.RESOURCE_MAX_BYTES // 1_000_000},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    return None


def in_memory(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Files read in memory only (set before the CSRF check reads the form); the posted text
    kept out of error reports."""

    @csrf_exempt
    @sensitive_post_parameters("text")
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _too_large(request)
        if refused is not None:
            return refused
        request.upload_handlers = [InMemoryUpload(request)]
        return csrf_protect(view)(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@in_memory
def check(request: HttpRequest) -> HttpResponse:
    return _check(request)


def _check(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form(request)
    text = request.POST.get("text", "")
    language = _asked_language(request)
    if not throttle.allowed(request):
        return _form(request, text=text, language=language, error=throttle.too_many(), status=429)
    upload = request.FILES.get("file")
    file_name = ""
    try:
        if upload is not None:
            file_name = upload.name or ""
            text = text_of(upload)
        result = checking.check(text, language or None)
    except (FileRejected, checking.CheckRefused) as refused:
        kept = request.POST.get("text", "")
        return _form(request, text=kept, language=language, error=str(refused), status=400)
    shown = _shown(
        result.text, result.language, result.detected, [s.as_dict() for s in result.spans]
    )
    return _form(request, text=result.text, language=language, shown=shown, file_name=file_name)


def _pdf_response(shown: Shown, title: str, filename: str) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        pdf = render_pdf(
            "terminology/report_pdf.html",
            {
                "shown": shown,
                "title": title,
                "checked_on": timezone.localdate(),
                "site_url": settings.SITE_URL,
            },
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename() -> str:
    return f"terminology-check-{timezone.localdate().isoformat()}.pdf"


@require_POST
@in_memory
def report(request: HttpRequest) -> HttpResponse:
    """The PDF of a check not stored: the text and its language posted again."""
    text = request.POST.get("text", "")
    language = _asked_language(request)
    if not throttle.allowed(request):
        return _form(request, text=text, language=language, error=throttle.too_many(), status=429)
    try:
        result = checking.check(text, language or None)
    except checking.CheckRefused as refused:
        return _form(request, text=text, language=language, error=str(refused), status=400)
    shown = _shown(
        result.text, result.language, result.detected, [s.as_dict() for s in result.spans]
    )
    return _pdf_response(shown, _("Terminology check"), _filename())


@login_required
@require_safe
def saved_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    checks = access.saved_checks_visible_to(SavedCheck.objects.all(), request.user).only(
        "public_id", "title", "language", "file_name", "created_at", "spans"
    )
    return render(request, "terminology/saved_list.html", {"checks": checks})


@login_required
@require_POST
@in_memory
def save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Check the text again and keep it, with what was found, for its owner alone."""
    text = request.POST.get("text", "")
    language = _asked_language(request)
    title = request.POST.get("title", "").strip()[:200]
    file_name = request.POST.get("file_name", "").strip()[:255]
    if not access.may_save_checks(request.user):
        return _form(
            request,
            text=text,
            language=language,
            status=403,
            error=_("Only members can save a check."),
        )
    if not throttle.allowed(request):
        return _form(request, text=text, language=language, error=throttle.too_many(), status=429)
    kept = access.saved_checks_visible_to(SavedCheck.objects.all(), request.user).count()
    if kept >= SAVED_CHECKS_PER_PERSON:
        return _form(
            request,
            text=text,
            language=language,
            status=400,
            error=_(
                "You keep %(count)s saved checks, the most one person may keep: delete some "
                "on “My saved checks” and save this one again."
            )
            % {"count": kept},
        )
    try:
        result = checking.check(text, language or None)
    except checking.CheckRefused as refused:
        return _form(request, text=text, language=language, error=str(refused), status=400)
    if not title:
        title = file_name or _("Check of %(date)s") % {"date": timezone.localdate().isoformat()}
    saved = actions.save_check(request.user, result, title=title, file_name=file_name)
    return redirect("terminology:saved", uuid=saved.public_id)


def _shown_saved(saved: SavedCheck) -> Shown:
    return _shown(saved.text, saved.language, False, list(saved.spans))


@login_required
@require_safe
def saved_detail(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    saved = access.get_saved_check_for_user(request.user, uuid)
    return render(
        request, "terminology/saved_detail.html", {"saved": saved, "shown": _shown_saved(saved)}
    )


@login_required
@require_safe
def saved_report(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    saved = access.get_saved_check_for_user(request.user, uuid)
    if not throttle.allowed(request):
        return HttpResponse(
            throttle.too_many(), status=429, content_type="text/plain; charset=utf-8"
        )
    filename = f"terminology-check-{saved.created_at.date().isoformat()}.pdf"
    return _pdf_response(_shown_saved(saved), saved.title, filename)


@login_required
@require_http_methods(["GET", "POST"])
def saved_delete(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    saved = access.get_saved_check_for_user(request.user, uuid)
    if request.method == "POST":
        actions.delete_check(request.user, saved)
        return redirect("terminology:saved_list")
    return render(request, "terminology/saved_delete.html", {"saved": saved})
