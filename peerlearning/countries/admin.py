"""The admin shows the countries' records and changes none of them: indicators, values,
statistics and events are recorded on the editors' pages, whose actions check the sources, keep
the values' history and write the audit log (a change here would do none of that)."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from peerlearning.countries.models import (
    CountryEvent,
    Indicator,
    IndicatorValue,
    StatisticPoint,
    StatisticSeries,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnly):
    list_display = ["slug", "kind", "unit", "position"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnly):
    list_display = ["country", "indicator", "answer", "number", "as_of", "is_current"]
    list_filter = ["indicator", "is_current"]


class StatisticPointInline(admin.TabularInline):
    model = StatisticPoint
    extra = 0
    fields = ("period", "value", "approximate", "source_url", "note")
    readonly_fields = ("period", "value", "approximate", "source_url", "note")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(StatisticSeries)
class StatisticSeriesAdmin(ReadOnly):
    list_display = ["external_id", "country", "unit"]
    search_fields = ["external_id", "indicator"]
    inlines = [StatisticPointInline]


@admin.register(CountryEvent)
class CountryEventAdmin(ReadOnly):
    list_display = ["country", "date", "kind", "title"]
    list_filter = ["kind"]
