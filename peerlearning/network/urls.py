from django.urls import path
from django.views.generic import RedirectView

from peerlearning.network import organisation_views, views

app_name = "network"

urlpatterns = [
    path("communities/", views.community_list, name="community_list"),
    path("communities/new/", views.community_new, name="community_new"),
    path("communities/<slug:slug>/", views.community_detail, name="community_detail"),
    path("communities/<slug:slug>/edit/", views.community_edit, name="community_edit"),
    path("communities/<slug:slug>/close/", views.community_close, name="community_close"),
    path("communities/<slug:slug>/subgroups/new/", views.subgroup_new, name="subgroup_new"),
    path("communities/<slug:slug>/join/", views.community_join, name="community_join"),
    path(
        "communities/<slug:slug>/translate/",
        views.community_translate,
        name="community_translate",
    ),
    path("communities/<slug:slug>/leave/", views.community_leave, name="community_leave"),
    path("communities/<slug:slug>/members/", views.community_members, name="community_members"),
    path(
        "communities/<slug:slug>/members/invite/", views.community_invite, name="community_invite"
    ),
    path(
        "communities/<slug:slug>/members/<uuid:uuid>/role/",
        views.community_role,
        name="community_role",
    ),
    path(
        "communities/<slug:slug>/organisations/add/",
        views.community_add_organisation,
        name="community_add_organisation",
    ),
    path(
        "communities/<slug:slug>/requests/<uuid:uuid>/decide/",
        views.community_request_decide,
        name="community_request_decide",
    ),
    # Issue 17 — polish: the directory's own address leads to its first list.
    path(
        "directory/",
        RedirectView.as_view(pattern_name="network:people_list", permanent=False),
        name="directory",
    ),
    path("directory/people/", views.people_list, name="people_list"),
    path("directory/people/<uuid:uuid>/", views.person_detail, name="person_detail"),
    path("directory/experts/", views.expert_roster, name="expert_roster"),
    path("directory/organisations/", views.organisation_list, name="organisation_list"),
    # Organisations built on the platform (issue 17): before <slug>, which would take them.
    path(
        "directory/organisations/new/",
        organisation_views.organisation_new,
        name="organisation_new",
    ),
    path(
        "directory/organisations/propose/",
        organisation_views.organisation_propose,
        name="organisation_propose",
    ),
    path(
        "directory/organisations/<slug:slug>/merge/",
        organisation_views.organisation_merge,
        name="organisation_merge",
    ),
    path(
        "manage/organisations/proposals/",
        organisation_views.organisation_proposals,
        name="organisation_proposals",
    ),
    path(
        "manage/organisations/<slug:slug>/decide/",
        organisation_views.organisation_decide,
        name="organisation_decide",
    ),
    path(
        "directory/organisations/<slug:slug>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "directory/organisations/<slug:slug>/domains/",
        views.organisation_domains,
        name="organisation_domains",
    ),
    path(
        "directory/organisations/<slug:slug>/domains/<uuid:uuid>/remove/",
        views.organisation_domain_remove,
        name="organisation_domain_remove",
    ),
    path("manage/affiliations/", views.affiliation_claims, name="affiliation_claims"),
    path("manage/affiliations/decide/", views.affiliation_decide, name="affiliation_decide"),
    path("profile/organisations/", views.my_organisations, name="my_organisations"),
    path(
        "profile/organisations/<uuid:uuid>/remove/",
        views.my_organisation_remove,
        name="my_organisation_remove",
    ),
]
