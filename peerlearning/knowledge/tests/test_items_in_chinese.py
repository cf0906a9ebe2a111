"""An item written in Chinese (the pickers offer zh-hans, whose base "zh" Django does not name)
is read like any other: its page names its language, rather than failing (found at issue 17)."""

import pytest
from django.test import Client

from peerlearning.knowledge.models import Practice, Resource, Update

pytestmark = pytest.mark.django_db


def test_a_practice_an_update_and_a_resource_in_chinese_are_read(network):
    practice = Practice.objects.create(
        external_id="cn-community-release",
        title="Community release in Hong Kong",
        summary="Release into the community while a claim is decided.",
        language="zh-hans",
        status="published",
        sources=[{"title": "Source", "url": "https://example.org/source"}],
    )
    Update.objects.create(slug="zh-update", title="An update", body="Text.", language="zh-hans")
    Resource.objects.create(slug="zh-report", title="A report", kind="report", language="zh-hans")
    for path in (practice.get_absolute_url(), "/updates/zh-update/", "/resources/zh-report/"):
        page = Client().get(path)
        assert page.status_code == 200, path
        assert "Simplified Chinese" in page.content.decode(), path  # the note names it
    assert Client().get("/resources/").status_code == 200
