from django.contrib import admin
from django.urls import include, path

from peerlearning import pickers, views
from peerlearning.accounts.views import set_language
from peerlearning.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.my_home, name="my_home"),
    path("healthz", views.healthz, name="healthz"),
    path("csp-report/", views.csp_report, name="csp_report"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("pickers/<slug:source>/", pickers.suggest, name="picker_suggest"),
    path("", include("peerlearning.accounts.urls")),
    path("", include("peerlearning.knowledge.urls")),
    path("", include("peerlearning.network.urls")),
    path("", include("peerlearning.exchanges.urls")),
    path("", include("peerlearning.support.urls")),
    path("", include("peerlearning.countries.urls")),
    path("", include("peerlearning.monitoring.urls")),
    path("", include("peerlearning.terminology.urls")),
    path("", include("peerlearning.notifications.urls")),
    path("api/v1/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "peerlearning.views.server_error"
