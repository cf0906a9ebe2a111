from django.urls import path

from peerlearning.countries import exports, views

app_name = "countries"

urlpatterns = [
    path("countries/", views.country_list, name="list"),
    path("countries/compare/", views.compare, name="compare"),
    path("countries/map/", views.world_map, name="map"),
    path("countries/indicators/", views.indicator_list, name="indicator_list"),
    path("countries/indicators/new/", views.indicator_new, name="indicator_new"),
    path("countries/indicators/<slug:slug>/", views.indicator_detail, name="indicator"),
    path("countries/indicators/<slug:slug>/edit/", views.indicator_edit, name="indicator_edit"),
    path(
        "countries/indicators/<slug:slug>/export.<str:extension>",
        exports.indicator_export,
        name="indicator_export",
    ),
    path("countries/statistics/<slug:series_id>/points/new/", views.point_new, name="point_new"),
    path(
        "countries/statistics/<slug:series_id>/points/<int:position>/edit/",
        views.point_edit,
        name="point_edit",
    ),
    path("countries/<str:code>/", views.profile, name="profile"),
    path("countries/<str:code>/events/new/", views.event_new, name="event_new"),
    path(
        "countries/<str:code>/statistics.<str:extension>",
        exports.statistics_export,
        name="statistics_export",
    ),
    path(
        "countries/<str:code>/indicators/<slug:slug>/",
        views.value_history,
        name="value_history",
    ),
    path(
        "countries/<str:code>/indicators/<slug:slug>/record/",
        views.value_record,
        name="value_record",
    ),
]
