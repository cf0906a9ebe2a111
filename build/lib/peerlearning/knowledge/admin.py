from django.contrib import admin

from peerlearning.knowledge.models import Update


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "published_on", "is_published"]
    list_filter = ["region", "is_published", "language"]
    search_fields = ["title", "byline", "body"]
    prepopulated_fields = {"slug": ["title"]}
