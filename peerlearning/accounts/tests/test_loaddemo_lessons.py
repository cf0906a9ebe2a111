"""The demo has lessons (issue 17): the Thailand webinar's seven key learnings, made by the demo
facilitator through the same action as the page, and one lesson an editor wrote from a practice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from peerlearning.demo.exchanges import THAILAND_LEARNINGS
from peerlearning.knowledge.models import Lesson
from peerlearning.testing import built_once

pytestmark = pytest.mark.django_db


def load(**options) -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="class")
def demo(request):
    with built_once(request, load, DEBUG=True) as output:
        yield output


class TestTheDemosLessons:
    def test_the_lessons_page_shows_the_webinars_seven_learnings(self, demo):
        assert "Lessons: 8 added." in demo
        page = Client().get("/lessons/").content.decode()
        assert "No lessons yet." not in page
        for text in THAILAND_LEARNINGS:
            assert text.replace("'", "&#x27;") in page, text
        assert "From the exchange" in page
        assert "Building a Movement to End Immigration Detention" in page
        assert "Asia Pacific" in page

    def test_they_were_made_by_the_facilitator_with_region_and_concepts(self, demo):
        lessons = Lesson.objects.filter(exchange__slug="thailand-movement-webinar-2023-02-06")
        assert lessons.count() == 7
        for lesson in lessons:
            assert lesson.outcome is not None
            assert lesson.region == "asia-pacific"
            assert lesson.created_by is not None
            assert lesson.created_by.email == "facilitator@example.org"
            assert lesson.concepts.exists()
            assert not lesson.countries.exists()
        first = lessons.order_by("position").first()
        assert first is not None
        assert {"children", "alternative-care"} <= set(
            first.concepts.values_list("slug", flat=True)
        )

    def test_an_editor_wrote_one_from_a_thai_practice(self, demo):
        lesson = Lesson.objects.get(practice__external_id="th-dcy-host-partnership-2022")
        assert lesson.created_by is not None
        assert lesson.created_by.email == "editor@example.org"
        assert list(lesson.countries.values_list("code", flat=True)) == ["TH"]
        page = Client().get("/lessons/?country=TH").content.decode()
        assert lesson.text in page

    def test_search_finds_them(self, demo):
        page = Client().get("/search/?q=coalition&type=lesson").content.decode()
        assert "/lessons/#lesson-" in page
