from django.contrib import admin

from peerlearning.exchanges.models import AgendaSession, Exchange, Outcome, Registration, Report


class SessionInline(admin.TabularInline):
    model = AgendaSession
    extra = 0
    filter_horizontal = ["speakers"]


@admin.register(Exchange)
class ExchangeAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "format", "rule", "status", "starts_at"]
    list_filter = ["status", "rule", "format", "mode"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["community"]
    filter_horizontal = ["host_governments", "co_conveners"]
    inlines = [SessionInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from peerlearning.knowledge.search import refresh_exchange

        refresh_exchange(obj)  # its visibility decides who finds its lessons


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["exchange", "person", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["exchange", "person", "delegation"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["exchange", "kind", "status", "due_on"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["exchange", "owner"]
    exclude = ["contributions"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["exchange", "published_at"]
    raw_id_fields = ["exchange"]
