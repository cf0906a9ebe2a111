from django.urls import path

from peerlearning.monitoring import exports
from peerlearning.monitoring.views import incidents, places, recommendations, teams

app_name = "monitoring"

urlpatterns = [
    # Places of detention and monitoring visits (views/places.py)
    path("monitoring/places/", places.place_list, name="place_list"),
    path("monitoring/places/new/", places.place_new, name="place_new"),
    path("monitoring/places/<slug:slug>/", places.place_detail, name="place"),
    path("monitoring/places/<slug:slug>/edit/", places.place_edit, name="place_edit"),
    path("monitoring/places/<slug:slug>/visits/new/", places.visit_new, name="visit_new"),
    path("monitoring/visits/<uuid:uuid>/", places.visit_detail, name="visit"),
    path("monitoring/visits/<uuid:uuid>/edit/", places.visit_edit, name="visit_edit"),
    path("monitoring/visits/<uuid:uuid>/publish/", places.visit_publish, name="visit_publish"),
    # Monitoring teams, given per country by administrators (views/teams.py)
    path("monitoring/teams/", teams.team_list, name="team_list"),
    path("monitoring/teams/grant/", teams.team_grant, name="team_grant"),
    path(
        "monitoring/teams/<uuid:person>/<str:code>/remove/",
        teams.team_remove,
        name="team_remove",
    ),
    # Incidents (views/incidents.py)
    path("monitoring/incidents/", incidents.incident_list, name="incident_list"),
    path("monitoring/incidents/new/", incidents.incident_new, name="incident_new"),
    path("monitoring/incidents/<uuid:uuid>/", incidents.incident_detail, name="incident"),
    path("monitoring/incidents/<uuid:uuid>/edit/", incidents.incident_edit, name="incident_edit"),
    path(
        "monitoring/incidents/<uuid:uuid>/publish/",
        incidents.incident_publish,
        name="incident_publish",
    ),
    path(
        "monitoring/incidents/<uuid:uuid>/people/new/",
        incidents.person_new,
        name="incident_person_new",
    ),
    # The recommendations tracker (views/recommendations.py)
    path(
        "monitoring/recommendations/",
        recommendations.recommendation_list,
        name="recommendation_list",
    ),
    path(
        "monitoring/recommendations/new/",
        recommendations.recommendation_new,
        name="recommendation_new",
    ),
    path(
        "monitoring/recommendations/<uuid:uuid>/",
        recommendations.recommendation_detail,
        name="recommendation",
    ),
    path(
        "monitoring/recommendations/<uuid:uuid>/edit/",
        recommendations.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "monitoring/recommendations/<uuid:uuid>/status/",
        recommendations.status_change,
        name="recommendation_status",
    ),
    path("monitoring/bodies/new/", recommendations.body_new, name="body_new"),
    # Downloads (exports.py): places, published incidents, recommendations; CSV or JSON
    path("monitoring/places.<str:extension>", exports.places_export, name="places_export"),
    path("monitoring/incidents.<str:extension>", exports.incidents_export, name="incidents_export"),
    path(
        "monitoring/recommendations.<str:extension>",
        exports.recommendations_export,
        name="recommendations_export",
    ),
]
