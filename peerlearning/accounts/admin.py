from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts import actions, audit
from peerlearning.accounts.models import AuditEntry, Invitation, JoinRequest, User


class PasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit: bool = True) -> Any:
        user = super().save(commit)
        # A password given here, as anywhere, ends the person's API tokens.
        actions.revoke_api_tokens(user, reason="password")
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "pseudonym",
        "is_facilitator",
        "is_editor",
        "is_superuser",
        "is_active",
    ]
    list_filter = ["is_facilitator", "is_editor", "is_superuser", "is_active", "visibility"]
    search_fields = ["email", "display_name", "pseudonym"]
    change_password_form = PasswordChangeForm
    # Roles are given and taken on the roles page (/accounts/roles/), where each change is
    # audited and the last administrator cannot demote themselves.
    readonly_fields = [
        "uuid",
        "date_joined",
        "last_login",
        "closed_at",
        "is_facilitator",
        "is_editor",
        "is_staff",
        "is_superuser",
    ]
    fieldsets = [
        (None, {"fields": ["uuid", "email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "pseudonym",
                    "languages",
                    "country",
                    "expertise",
                    "visibility",
                ]
            },
        ),
        (
            _("Roles"),
            {"fields": ["is_active", "is_facilitator", "is_editor", "is_staff", "is_superuser"]},
        ),
        (_("Dates"), {"fields": ["date_joined", "last_login", "closed_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]
    filter_horizontal = ()

    def user_change_password(self, request, id, form_url=""):
        """An administrator may set a person's password (one lost, an account made for someone),
        but not that of a monitoring team member — it would open the names of people affected
        to whoever set it — and every password set here is written to the audit log."""
        from django.contrib.admin.utils import unquote
        from django.core.exceptions import PermissionDenied

        from peerlearning import access

        person = self.get_object(request, unquote(id))
        if person is not None and access.is_monitor(person):
            raise PermissionDenied(
                _("A monitoring team member sets their own password (“Forgot your password?”).")
            )
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and person is not None:
            audit.record(request.user, "account.password_set_by_administrator", person)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            audit.record(request.user, "account.created_by_administrator", obj)

    def get_deleted_objects(self, objs, request):
        # Sealed authorship is named nowhere, counted nowhere: one line, the same for everyone.
        from peerlearning.exchanges.admin import authorship_note, without_sealed_authorship

        to_delete, model_count, perms_needed, protected = without_saved_checks(
            without_sealed_authorship(super().get_deleted_objects(objs, request))
        )
        return (
            [*to_delete, authorship_note(), saved_checks_note()],
            model_count,
            perms_needed,
            protected,
        )


def without_saved_checks(deleted: tuple[Any, ...]) -> tuple[Any, ...]:
    """The deletion preview without a person's saved terminology checks (their titles and
    their number are theirs alone, administrators included)."""
    from peerlearning.exchanges.admin import without_rows_of
    from peerlearning.terminology.models import SavedCheck

    return without_rows_of(SavedCheck, deleted)


def saved_checks_note() -> str:
    """Said on every person's deletion preview, whether they saved checks or not."""
    return str(_("Any terminology checks the person saved are deleted with the account."))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email"]
    readonly_fields = [
        "uuid",
        "token_hash",
        "created_at",
        "accepted_at",
        "accepted_by",
        "invited_by",
    ]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "organisation"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "action"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
