from django.contrib import admin

from peerlearning.network import actions
from peerlearning.network.models import (
    Affiliation,
    Community,
    CommunityJoinRequest,
    Membership,
    Organisation,
    OrganisationMembership,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person"]


class OrganisationMembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "visibility", "parent"]
    list_filter = ["level", "visibility"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["countries"]
    raw_id_fields = ["parent"]
    inlines = [OrganisationMembershipInline, MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.community_changed(obj)  # its visibility decides who finds its updates and lessons


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "stakeholder_type", "is_coalition_member", "parent"]
    list_filter = ["stakeholder_type", "is_coalition_member"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["countries"]
    raw_id_fields = ["parent"]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "title", "status", "shown_with_pseudonym"]
    list_filter = ["status"]
    raw_id_fields = ["person", "organisation"]
    # Claims are decided, with an audit entry, on the claims page (/manage/affiliations/).
    readonly_fields = ["status", "claimed_at", "decided_at", "decided_by", "confirmed_by_domain"]

    def get_readonly_fields(self, request, obj=None):
        # Whose affiliation, and with which organisation, is what was claimed and decided:
        # changing either here would give someone the organisation's voice unaudited.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "person", "organisation"] if obj is not None else fields


@admin.register(CommunityJoinRequest)
class CommunityJoinRequestAdmin(admin.ModelAdmin):
    list_display = ["person", "community", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["person", "community", "decided_by"]
