from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import (
    AgendaSession,
    Exchange,
    Outcome,
    Registration,
    Report,
    SealedAuthorship,
)


def without_rows_of(model: type[Model], deleted: tuple[Any, ...]) -> tuple[Any, ...]:
    """The admin's deletion preview, `ModelAdmin.get_deleted_objects()`, without the rows of an
    unregistered model whose `__str__` is the same for every row: each is shown as
    "<verbose name>: <str>", so its lines are struck out and its count dropped."""
    to_delete, model_count, perms_needed, protected = deleted
    opts = model._meta
    line = f"{capfirst(opts.verbose_name)}: {model()}"

    def strip(items: list[Any]) -> list[Any]:
        return [strip(item) if isinstance(item, list) else item for item in items if item != line]

    model_count = {
        name: count
        for name, count in model_count.items()
        if str(name) != str(opts.verbose_name_plural)
    }
    return strip(to_delete), model_count, perms_needed, protected


def without_sealed_authorship(deleted: tuple[Any, ...]) -> tuple[Any, ...]:
    """The deletion preview without the sealed authorship rows it would list and count: a
    person's preview would otherwise tell how many contributions they wrote, and an exchange's
    which rows go with which."""
    return without_rows_of(SealedAuthorship, deleted)


def authorship_note() -> str:
    """Said on every person's deletion preview, whether they wrote anything or not."""
    return _(
        "Contributions to exchanges stay, attributed to nobody; any record of who wrote them "
        "is deleted with the account."
    )


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
    # A closed survey is not reopened (answers would differ); the status moves only through the
    # exchange page's named moves, which guard it ("held" once it has ended) and audit it.
    readonly_fields = ["survey_closed_at", "status"]
    inlines = [SessionInline]

    def get_deleted_objects(self, objs, request):
        return without_sealed_authorship(super().get_deleted_objects(objs, request))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.exchange_changed(obj)  # its visibility decides who finds its lessons


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
