"""The admin shows places, bodies and recommendations and changes none of them: they are
recorded on the platform's pages, whose actions check who may, keep the history and write the
audit log (moving a place in the admin would hand its visits' reports to another country's
team). Visits and the people affected by incidents are not in it at all: they are for the
country's monitoring team, on the platform's audited pages (DESIGN.md §9)."""

from django.contrib import admin

from peerlearning.countries.admin import ReadOnly
from peerlearning.monitoring.models import Body, Place, Recommendation


@admin.register(Place)
class PlaceAdmin(ReadOnly):
    list_display = ["official_name", "country", "official_type", "status"]
    list_filter = ["status", "country"]
    search_fields = ["official_name", "official_type", "plain_type"]


@admin.register(Body)
class BodyAdmin(ReadOnly):
    list_display = ["name", "kind"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnly):
    list_display = ["country", "body", "date", "status"]
    list_filter = ["status", "country"]
    exclude = ["recorded_by"]
