from django.urls import path

from peerlearning.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("updates/", views.update_list, name="update_list"),
    path("updates/<slug:slug>/", views.update_detail, name="update_detail"),
]
