"""Lessons (issue 17): the public list with its filters; an editor's lesson from a practice;
editing and deleting a lesson (editors, and the facilitators of the exchange it came from)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.lesson_forms import ExchangeLessonForm, LessonFilterForm, LessonForm
from peerlearning.knowledge.models import Lesson
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of


def _anchor(lesson: Lesson) -> str:
    return f"{reverse('knowledge:lesson_list')}#lesson-{lesson.uuid}"


@require_safe
def lesson_list(request: HttpRequest) -> HttpResponse:
    """Each lesson with its source (only sources the viewer may see: the list is filtered by
    them), its region or countries and its concepts; filtered by region, country, concept."""
    form = LessonFilterForm(request.GET)
    filters = form.filters()
    lessons = (
        access.lessons_visible_to(Lesson.objects.all(), request.user)
        .select_related("exchange", "practice")
        .prefetch_related("countries", "concepts")
    )
    if filters.get("region"):
        lessons = lessons.filter(region=filters["region"])
    if filters.get("country"):
        lessons = lessons.filter(countries__code=filters["country"])
    if filters.get("concept"):
        lessons = lessons.filter(concepts__slug=filters["concept"])
    page = page_of(request, lessons, 30)
    shown = [lesson.pk for lesson in page.object_list]
    editable = set(
        access.lessons_editable_by(Lesson.objects.filter(pk__in=shown), request.user).values_list(
            "pk", flat=True
        )
    )
    language = (translation.get_language() or "en").split("-")[0]
    rows = [
        {
            "lesson": lesson,
            "concepts": sorted(
                (concept.label(language) for concept in lesson.concepts.all()), key=str.casefold
            ),
            "countries": sorted(country.name for country in lesson.countries.all()),
            "editable": lesson.pk in editable,
        }
        for lesson in page.object_list
    ]
    return render(
        request,
        "knowledge/lesson_list.html",
        {"page": page, "rows": rows, "form": form, "query": filters_query(request)},
    )


@access.editor_required
@require_http_methods(["GET", "POST"])
def practice_lesson_new(request: AuthenticatedHttpRequest, external_id: str) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, external_id)

    def save(data: dict[str, Any]) -> str:
        lesson = knowledge_actions.lesson_from_practice(practice, by=request.user, **data)
        return _anchor(lesson)

    return form_page(
        request,
        LessonForm(
            request.POST if request.method == "POST" else None,
            initial={"language": practice.language},
        ),
        "knowledge/lesson_form.html",
        save,
        _("The lesson has been added."),
        practice=practice,
        countries=practice.countries.all(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    lesson = access.get_lesson_for_user(request.user, uuid, write=True)
    initial = {
        "text": lesson.text,
        "language": lesson.language,
        "concepts": [concept.slug for concept in lesson.concepts.all()],
        "region": lesson.region,
    }
    form_class = ExchangeLessonForm if lesson.exchange_id else LessonForm
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)

    def save(data: dict[str, Any]) -> str:
        knowledge_actions.edit_lesson(lesson, by=request.user, **data)
        return _anchor(lesson)

    return form_page(
        request,
        form,
        "knowledge/lesson_form.html",
        save,
        _("The lesson has been saved."),
        lesson=lesson,
        practice=lesson.practice,
        countries=lesson.countries.all(),
    )


@login_required
@require_POST
def lesson_delete(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    lesson = access.get_lesson_for_user(request.user, uuid, write=True)
    knowledge_actions.delete_lesson(lesson, by=request.user)
    messages.success(request, _("The lesson has been deleted."))
    return redirect("knowledge:lesson_list")
