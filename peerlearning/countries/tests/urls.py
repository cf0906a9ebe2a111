"""The project's URLs with the countries' exports, until the app's urls.py wires them (then
this module and the `pytest.mark.urls` that names it go)."""

from django.urls import include, path

from peerlearning.countries import exports
from peerlearning.urls import urlpatterns as project

export_patterns = [
    path(
        "countries/indicators/<slug:slug>/export.<str:extension>",
        exports.indicator_export,
        name="indicator_export",
    ),
    path(
        "countries/<str:code>/statistics.<str:extension>",
        exports.statistics_export,
        name="statistics_export",
    ),
]
urlpatterns = [path("", include((export_patterns, "countries"))), *project]
