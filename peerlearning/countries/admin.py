from django.contrib import admin
from django.http import HttpRequest

from peerlearning.countries.models import (
    CountryEvent,
    Indicator,
    IndicatorValue,
    StatisticPoint,
    StatisticSeries,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "unit", "position"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Read only: values are recorded on the editors' pages, whose action keeps the history (a
    value changed here would rewrite it without a trace)."""

    list_display = ["country", "indicator", "answer", "number", "as_of", "is_current"]
    list_filter = ["indicator", "is_current"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: IndicatorValue | None = None
    ) -> bool:
        return False


class StatisticPointInline(admin.TabularInline):
    model = StatisticPoint
    extra = 0
    fields = ("period", "value", "approximate", "source_url", "note")
    readonly_fields = ("period", "value", "approximate", "source_url", "note")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(StatisticSeries)
class StatisticSeriesAdmin(admin.ModelAdmin):
    list_display = ["external_id", "country", "unit"]
    search_fields = ["external_id", "indicator"]
    inlines = [StatisticPointInline]


@admin.register(CountryEvent)
class CountryEventAdmin(admin.ModelAdmin):
    list_display = ["country", "date", "kind", "title"]
    list_filter = ["kind"]
