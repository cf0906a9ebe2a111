from django.urls import path

from peerlearning.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("updates/", views.update_list, name="update_list"),
    path("updates/<slug:slug>/", views.update_detail, name="update_detail"),
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/export.jsonl", views.practice_export, name="practice_export"),
    path("practices/<slug:external_id>/", views.practice_detail, name="practice_detail"),
]
