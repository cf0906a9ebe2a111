from django.urls import path

from peerlearning.exchanges import lessons, life, papers, views

app_name = "exchanges"

E = "exchanges/<slug:slug>/"

urlpatterns = [
    path("exchanges/", views.exchange_list, name="list"),
    path("communities/<slug:slug>/exchanges/new/", views.exchange_create, name="create"),
    path("communities/<slug:slug>/follow-ups/", views.follow_up_board, name="follow_up_board"),
    path("communities/<slug:slug>/calendar.ics", views.community_ics, name="community_ics"),
    path(E, views.exchange_detail, name="detail"),
    path(E + "edit/", views.exchange_edit, name="edit"),
    path(E + "translate/", views.exchange_translate, name="translate"),
    path(E + "status/", views.exchange_status, name="status"),
    path(E + "publish/", life.exchange_publish, name="publish"),
    path(E + "registration/open/", life.registration_open, name="registration_open"),
    path(E + "registration/close/", life.registration_close, name="registration_close"),
    path(E + "held/", life.exchange_held, name="held"),
    path(E + "cancel/", life.exchange_cancel, name="cancel"),
    path(E + "archive/", life.exchange_archive, name="archive"),
    path(E + "agenda/add/", views.session_add, name="session_add"),
    path(E + "agenda/<uuid:uuid>/edit/", life.session_edit, name="session_edit"),
    path(E + "agenda/<uuid:uuid>/delete/", life.session_delete, name="session_delete"),
    path(E + "register/", views.register, name="register"),
    path(E + "register/cancel/", views.registration_cancel, name="registration_cancel"),
    path(E + "joining/", papers.joining_details, name="joining_details"),
    path(E + "invitation-letter.pdf", papers.invitation_letter, name="invitation_letter"),
    path(E + "certificate.pdf", papers.certificate, name="certificate"),
    path(E + "participants/<uuid:uuid>/attendance/", papers.attendance, name="attendance"),
    path(E + "participants/", views.participants, name="participants"),
    path(E + "participants/invite/", views.invite, name="invite"),
    path(
        E + "participants/invitations/<uuid:uuid>/resend/",
        life.invitation_resend,
        name="invitation_resend",
    ),
    path(
        E + "participants/invitations/<uuid:uuid>/cancel/",
        life.invitation_cancel,
        name="invitation_cancel",
    ),
    path(E + "contributions/", views.contributions, name="contributions"),
    path(E + "contributions/mine/", views.my_contributions, name="my_contributions"),
    path(E + "contributions/<uuid:uuid>/edit/", views.contribution_edit, name="contribution_edit"),
    path(
        E + "contributions/<uuid:uuid>/withdraw/",
        views.contribution_withdraw,
        name="contribution_withdraw",
    ),
    path(
        E + "contributions/<uuid:uuid>/author/",
        views.contribution_author,
        name="contribution_author",
    ),
    path(
        E + "contributions/<uuid:uuid>/report/",
        views.contribution_report,
        name="contribution_report",
    ),
    path(
        E + "contributions/<uuid:uuid>/moderate/",
        views.contribution_moderate,
        name="contribution_moderate",
    ),
    path(
        E + "contributions/<uuid:uuid>/reports/dismiss/",
        views.contribution_reports_dismiss,
        name="contribution_reports_dismiss",
    ),
    path(E + "contributions/review/", views.contribution_review, name="contribution_review"),
    path(E + "outcomes/", views.outcomes, name="outcomes"),
    path(E + "outcomes/<uuid:uuid>/follow-up/", views.follow_up_update, name="follow_up_update"),
    path(E + "outcomes/<uuid:uuid>/edit/", life.outcome_edit, name="outcome_edit"),
    path(E + "outcomes/<uuid:uuid>/delete/", life.outcome_delete, name="outcome_delete"),
    path(E + "lessons/", lessons.lessons_make, name="lessons_make"),  # issue 17 — lessons
    path(E + "feedback/", views.survey, name="survey"),
    path(E + "feedback/results/", views.survey_results, name="survey_results"),
    path(E + "feedback/close/", views.survey_close, name="survey_close"),
    path(E + "report/", views.report, name="report"),
    path(E + "report/edit/", views.report_edit, name="report_edit"),
    path(E + "report/preview/", views.report_preview, name="report_preview"),
    path(E + "report/publish/", views.report_publish, name="report_publish"),
    path(E + "report/translate/", views.report_translate, name="report_translate"),
    path(E + "report.pdf", views.report_pdf, name="report_pdf"),
    path(E + "calendar.ics", views.exchange_ics, name="ics"),
    path("calendar/<str:token>.ics", views.person_ics, name="person_ics"),
    path("profile/calendar/", views.calendar_settings, name="calendar_settings"),
    path("profile/calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
]
