"""The admin shows places, bodies and recommendations. Visits (their reports and teams) and the
people affected by incidents are not in it: they are for the country's monitoring team, on the
platform's audited pages (DESIGN.md §9: no admin screen may reveal more than its purpose)."""

from django.contrib import admin

from peerlearning.monitoring.models import Body, Place, Recommendation


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["official_name", "country", "official_type", "status"]
    list_filter = ["status", "country"]
    search_fields = ["official_name", "official_type", "plain_type"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["country", "body", "date", "status"]
    list_filter = ["status", "country"]
    readonly_fields = ["status"]  # changed on the platform, with its history
