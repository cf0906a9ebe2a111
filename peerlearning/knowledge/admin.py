from django.contrib import admin
from django.http import HttpRequest

from peerlearning.knowledge import actions
from peerlearning.knowledge.models import Concept, Practice, Update


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "published_on", "is_published"]
    list_filter = ["region", "is_published", "language"]
    search_fields = ["title", "byline", "body"]
    prepopulated_fields = {"slug": ["title"]}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Published or not, found or not; followers told when it is published.
        actions.item_changed(
            form.instance,
            by=request.user,
            publishing=not change or "is_published" in form.changed_data,
        )


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    """Read only: concepts are added, edited and deleted on the thesaurus's editing pages, whose
    actions refuse loops, keep what is in use, write the audit log and re-tag the documents."""

    list_display = ["slug", "broader"]
    search_fields = ["slug"]
    raw_id_fields = ["broader"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Concept | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Concept | None = None) -> bool:
        return False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "external_id", "status", "region"]
    list_filter = ["status", "region", "kind"]
    search_fields = ["title", "external_id", "summary"]
    filter_horizontal = ["countries", "concepts"]
    raw_id_fields = ["organisations"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Its status decides who finds it; followers told when it is published.
        actions.item_changed(
            form.instance, by=request.user, publishing=not change or "status" in form.changed_data
        )
