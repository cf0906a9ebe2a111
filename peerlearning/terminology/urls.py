from django.urls import path

from peerlearning.terminology.views import checks, lexicon

app_name = "terminology"

urlpatterns = [
    # The check, for anyone (views/checks.py): GET the form, POST a text or a file.
    path("terminology/", checks.check, name="check"),
    # The PDF report of a check that was not stored: POST the text and its language again.
    path("terminology/report/", checks.report, name="report"),
    # A signed-in person's saved checks
    path("terminology/checks/", checks.saved_list, name="saved_list"),
    path("terminology/checks/save/", checks.save, name="save"),
    path("terminology/checks/<uuid:uuid>/", checks.saved_detail, name="saved"),
    path("terminology/checks/<uuid:uuid>/report/", checks.saved_report, name="saved_report"),
    path("terminology/checks/<uuid:uuid>/delete/", checks.saved_delete, name="saved_delete"),
    # The lexicon (views/lexicon.py): public to read, editors change it.
    path("terminology/lexicon/", lexicon.lexicon, name="lexicon"),
    path("terminology/lexicon/export.json", lexicon.lexicon_export, name="lexicon_export"),
    path("terminology/lexicon/history/", lexicon.history, name="history"),
    path("terminology/lexicon/terms/new/", lexicon.term_new, name="term_new"),
    path("terminology/lexicon/terms/<uuid:uuid>/", lexicon.term_detail, name="term"),
    path("terminology/lexicon/terms/<uuid:uuid>/edit/", lexicon.term_edit, name="term_edit"),
    path("terminology/lexicon/terms/<uuid:uuid>/use/", lexicon.term_use, name="term_use"),
    path("terminology/lexicon/rules/new/", lexicon.rule_new, name="rule_new"),
    path("terminology/lexicon/rules/<uuid:uuid>/", lexicon.rule_detail, name="rule"),
    path("terminology/lexicon/rules/<uuid:uuid>/edit/", lexicon.rule_edit, name="rule_edit"),
    path("terminology/lexicon/rules/<uuid:uuid>/use/", lexicon.rule_use, name="rule_use"),
]
