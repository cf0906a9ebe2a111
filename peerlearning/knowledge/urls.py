from django.urls import path

from peerlearning.knowledge import lessons, views

app_name = "knowledge"

urlpatterns = [
    path("updates/", views.update_list, name="update_list"),
    path("updates/new/", views.update_new, name="update_new"),
    path("updates/drafts/", views.update_drafts, name="update_drafts"),
    path("updates/<slug:slug>/", views.update_detail, name="update_detail"),
    path("updates/<slug:slug>/edit/", views.update_edit, name="update_edit"),
    path("updates/<slug:slug>/publish/", views.update_publish, name="update_publish"),
    path("updates/<slug:slug>/translate/", views.update_translate, name="update_translate"),
    path("search/", views.search_page, name="search"),
    path("thesaurus/", views.thesaurus_page, name="thesaurus"),
    path("thesaurus/skos.<str:extension>", views.thesaurus_skos, name="thesaurus_skos"),
    path("thesaurus/new/", views.concept_new, name="concept_new"),
    path("thesaurus/<slug:slug>/edit/", views.concept_edit, name="concept_edit"),
    path("thesaurus/<slug:slug>/delete/", views.concept_delete, name="concept_delete"),
    path("search/results.csv", views.search_export, name="search_export"),
    path("lessons/", lessons.lesson_list, name="lesson_list"),
    # Issue 17 — lessons
    path("lessons/<uuid:uuid>/edit/", lessons.lesson_edit, name="lesson_edit"),
    path("lessons/<uuid:uuid>/delete/", lessons.lesson_delete, name="lesson_delete"),
    path(
        "practices/<slug:external_id>/lessons/new/",
        lessons.practice_lesson_new,
        name="practice_lesson_new",
    ),
    # Issue 17 — lessons (end)
    path("resources/", views.resource_list, name="resource_list"),
    path("resources/new/", views.resource_new, name="resource_new"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path("resources/<slug:slug>/file/", views.resource_file, name="resource_file"),
    path("resources/<slug:slug>/translate/", views.resource_translate, name="resource_translate"),
    path(
        "resources/<slug:slug>/consent/withdraw/",
        views.resource_consent_withdraw,
        name="resource_consent_withdraw",
    ),
    path("resources/<slug:slug>/edit/", views.resource_edit, name="resource_edit"),
    path("resources/<slug:slug>/publish/", views.resource_publish, name="resource_publish"),
    path("resources/<slug:slug>/delete/", views.resource_delete, name="resource_delete"),
    path("resources/<slug:slug>/links/", views.resource_links, name="resource_links"),
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/export.jsonl", views.practice_export, name="practice_export"),
    path("practices/new/", views.practice_new, name="practice_new"),
    path("practices/<slug:external_id>/", views.practice_detail, name="practice_detail"),
    path("practices/<slug:external_id>/edit/", views.practice_edit, name="practice_edit"),
    path("practices/<slug:external_id>/review/", views.practice_review, name="practice_review"),
    path("practices/<slug:external_id>/submit/", views.practice_submit, name="practice_submit"),
    path("practices/<slug:external_id>/attach/", views.practice_attach, name="practice_attach"),
    path(
        "practices/<slug:external_id>/translate/",
        views.practice_translate,
        name="practice_translate",
    ),
]
