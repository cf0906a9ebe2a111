from django.urls import path

from peerlearning.support import views

app_name = "support"

urlpatterns = [
    path("support/", views.request_list, name="request_list"),
    path("support/requests/new/", views.request_new, name="request_new"),
    path("support/requests/<uuid:uuid>/", views.request_detail, name="request_detail"),
    path("support/requests/<uuid:uuid>/edit/", views.request_edit, name="request_edit"),
    path("support/requests/<uuid:uuid>/status/", views.request_move, name="request_move"),
    path("support/requests/<uuid:uuid>/propose/", views.match_propose, name="match_propose"),
    path("support/from-outcome/<uuid:uuid>/", views.request_from_outcome, name="from_outcome"),
    path("support/offers/", views.offer_list, name="offer_list"),
    path("support/offers/new/", views.offer_new, name="offer_new"),
    path("support/offers/<uuid:uuid>/", views.offer_detail, name="offer_detail"),
    path("support/offers/<uuid:uuid>/edit/", views.offer_edit, name="offer_edit"),
    path("support/offers/<uuid:uuid>/active/", views.offer_active, name="offer_active"),
    path("support/matches/<uuid:uuid>/", views.match_detail, name="match_detail"),
    path("support/matches/<uuid:uuid>/answer/", views.match_answer, name="match_answer"),
    path("support/matches/<uuid:uuid>/start/", views.match_start, name="match_start"),
    path("support/matches/<uuid:uuid>/note/", views.match_note, name="match_note"),
    path("support/matches/<uuid:uuid>/end/", views.match_end, name="match_end"),
    path("support/dashboard/", views.dashboard, name="dashboard"),
    path("support/suggestions/", views.suggestion_list, name="suggestion_list"),
    path("support/suggestions/refresh/", views.suggestion_refresh, name="suggestion_refresh"),
    path(
        "support/suggestions/<int:pk>/exchange/",
        views.suggestion_exchange,
        name="suggestion_exchange",
    ),
    path(
        "support/suggestions/<int:pk>/dismiss/",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
]
