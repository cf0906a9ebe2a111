"""Every URL pattern of the project, as every persona, with the status each must get.

A new URL pattern without an entry here fails `test_every_url_pattern_has_an_entry`, so no page or
endpoint can escape the visibility rule unchecked.
"""

import json
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
# The `network` world is built once for this module; each case sees a fresh copy of it, and what
# a case changes is rolled back before the next (peerlearning/conftest.py, `_shared_world`).
SHARED_WORLD = True

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "community_member",
    "other_facilitator",
    "facilitator",
    "administrator",
]
UUID0 = "00000000-0000-0000-0000-000000000000"


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(PERSONAS)
    return dict(zip(PERSONAS, statuses, strict=True))


ALL_200 = row(200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = row(302, 200, 200, 200, 200, 200, 200)
POST_SIGNED_IN = row(302, 405, 405, 405, 405, 405, 405)  # a GET to a POST-only form action
PRIVATE = row(404, 404, 404, 200, 404, 200, 200)
FACILITATORS_403 = row(302, 403, 403, 403, 403, 200, 200)
# A community's members-only exchange (EX, in a listed community): a signed-out visitor is asked
# to sign in (302), a signed-in outsider is offered to ask to join the community (403).
MEMBERS_ONLY = row(302, 403, 403, 200, 403, 200, 200)
EXCHANGE_FACILITATORS = row(302, 403, 403, 403, 403, 200, 200)
EXCHANGE_FACILITATORS_302 = row(302, 403, 403, 403, 403, 302, 302)
OWN_ONLY = row(302, 404, 404, 200, 404, 404, 404)
EX = "/exchanges/asia-exchange/"
EDITORS = row(404, 404, 404, 404, 404, 200, 200)
NEW_PRACTICE = {
    "id": "mx-new-practice",
    "title": "A new practice",
    "country_iso2": "MX",
    "summary": "Two sentences.",
    "source": [{"url": "https://example.org", "title": "Source"}],
}

EDITORS_403 = row(302, 403, 403, 403, 403, 200, 200)
EDITORS_403_302 = row(302, 403, 403, 403, 403, 302, 302)
THESAURUS_LABELS = {
    f"{kind}_{code}": "" for kind in ("label", "synonyms") for code in ["en", "es", "fr", "ar"]
}
NEW_CONCEPT = {**THESAURUS_LABELS, "label_en": "family mentoring", "broader": ""}
EDITED_CONCEPT = {**THESAURUS_LABELS, "label_en": "screening at borders", "broader": ""}

SUPPORT_PARTIES = row(302, 404, 404, 200, 404, 200, 200)  # request party and coordinators
SUPPORT_PARTIES_302 = row(302, 404, 404, 302, 404, 302, 302)
SUPPORT_EDITORS = row(302, 403, 403, 200, 403, 200, 200)  # a network request: seen, not edited
OFFER_EDITORS = row(302, 403, 403, 403, 403, 200, 200)  # the expert is no persona here
SUPPORT_PARTIES_API = row(404, 404, 404, 200, 404, 200, 200)
COORDINATORS = row(302, 403, 403, 403, 403, 200, 200)
COORDINATORS_302 = row(302, 403, 403, 403, 403, 302, 302)
NEW_REQUEST = {
    "title": "Training for case managers",
    "description": "For new staff.",
    "kind": "training",
    "topics": ["case-management"],
    "languages": ["en"],
}
NEW_OFFER = {
    "title": "A site visit",
    "kinds": ["site-visit"],
    "topics": ["case-management"],
    "languages": ["en"],
    "organisation": "ministry-of-interior-th",
}

NEW_INDICATOR = {
    "slug": "detention-of-asylum-seekers",
    "kind": "answer",
    **{
        f"{field}_{code}": "Text"
        for field in ("name", "definition")
        for code in ["en", "es", "fr", "ar"]
    },
    "position": "70",
}
SOURCED = {"source_title": "Gazette", "source_url": "https://example.org/gazette"}
NEW_VALUE = {"answer": "yes", "as_of": "2024-01-31", **SOURCED}
NEW_EVENT = {
    "kind": "law-reform",
    "date": "2024-01-31",
    "precision": "day",
    "title": "A reform",
    "language": "en",
    **SOURCED,
}
NEW_POINT = {"period": "2023", "value": "12", "source_url": "https://example.org/figures"}

MONITORS_ONLY = row(302, 403, 403, 403, 403, 403, 403)  # a country's team: none of these
UNPUBLISHED_VISIT = row(302, 404, 404, 404, 404, 404, 200)  # the team and administrators
UNPUBLISHED_VISIT_WRITE = row(302, 404, 404, 404, 404, 404, 403)  # the team only
ADMINISTRATORS_403 = row(302, 403, 403, 403, 403, 403, 200)
DRAFT_INCIDENT = row(404, 404, 404, 404, 404, 200, 200)  # editors and the team
DRAFT_INCIDENT_API = row(404, 404, 404, 404, 404, 200, 200)

Case = tuple[str, str, dict | None, dict[str, int]]

# name -> list of (method, path, body, expected statuses). Paths use the `network` fixture's data;
# {membership} and {request} are filled in at run time.
MATRIX: dict[str, list[Case]] = {
    "home": [("get", "/", None, ALL_200)],
    "my_home": [("get", "/home/", None, SIGNED_IN), ("post", "/home/", {}, POST_SIGNED_IN)],
    "healthz": [("get", "/healthz", None, ALL_200)],
    "about": [("get", "/about/", None, ALL_200)],
    "privacy": [("get", "/privacy/", None, ALL_200)],
    "contact": [("get", "/contact/", None, ALL_200)],
    "set_language": [("post", "/i18n/setlang/", {"language": "fr", "next": "/"}, row(*[302] * 7))],
    # Suggestions of the pickers (peerlearning/pickers.py): for members; an unknown list is 404.
    "picker_suggest": [
        ("get", "/pickers/topics/?q=case", None, SIGNED_IN),
        ("get", "/pickers/countries/?q=thai", None, SIGNED_IN),
        ("get", "/pickers/languages/?q=span", None, SIGNED_IN),
        ("get", "/pickers/organisations/?q=host", None, SIGNED_IN),
        ("get", "/pickers/people/?q=member", None, SIGNED_IN),
        ("get", "/pickers/secrets/?q=a", None, row(302, 404, 404, 404, 404, 404, 404)),
        ("post", "/pickers/people/", {"q": "member"}, row(*[405] * 7)),
    ],
    "accounts:join_request": [
        ("get", "/accounts/join/", None, row(200, 302, 302, 302, 302, 302, 302))
    ],
    "accounts:invitation_accept": [("get", "/accounts/invitations/bogus/", None, row(*[404] * 7))],
    "accounts:profile": [("get", "/profile/", None, SIGNED_IN)],
    "accounts:profile_export": [("get", "/profile/export/", None, SIGNED_IN)],
    "accounts:profile_close": [("get", "/profile/close/", None, SIGNED_IN)],
    "accounts:api_tokens": [
        ("get", "/profile/tokens/", None, SIGNED_IN),
        (
            "post",
            "/profile/tokens/",
            {"name": "a script", "scope": "read-write", "valid_days": "30"},
            SIGNED_IN,
        ),
        # Longer than a year: refused by the form, the page shown again.
        (
            "post",
            "/profile/tokens/",
            {"name": "x", "scope": "read", "valid_days": "999"},
            SIGNED_IN,
        ),
    ],
    "accounts:roles": [
        ("get", "/accounts/roles/", None, row(302, 403, 403, 403, 403, 403, 200)),
        ("get", "/accounts/roles/?q=Chandra", None, row(302, 403, 403, 403, 403, 403, 200)),
    ],
    "accounts:role_change": [
        (
            "post",
            "/accounts/roles/{community_member}/",
            {"role": "editor", "granted": "give"},
            row(302, 403, 403, 403, 403, 403, 302),
        ),
        (
            "get",
            "/accounts/roles/{community_member}/",
            None,
            row(302, 403, 403, 403, 403, 403, 405),
        ),
    ],
    "accounts:api_token_revoke": [
        ("post", f"/profile/tokens/{UUID0}/revoke/", {}, row(302, 404, 404, 404, 404, 404, 404))
    ],
    "accounts:invitations": [
        ("get", "/manage/invitations/", None, row(302, 403, 403, 403, 403, 200, 200))
    ],
    "accounts:invitation_revoke": [
        ("post", f"/manage/invitations/{UUID0}/revoke/", {}, row(302, 403, 403, 403, 403, 404, 404))
    ],
    "accounts:join_requests": [
        ("get", "/manage/join-requests/", None, row(302, 403, 403, 403, 403, 403, 200))
    ],
    "accounts:join_request_decide": [
        (
            "post",
            f"/manage/join-requests/{UUID0}/decide/",
            {},
            row(302, 403, 403, 403, 403, 403, 404),
        )
    ],
    "knowledge:update_list": [("get", "/updates/", None, ALL_200)],
    "knowledge:update_detail": [("get", "/updates/no-such-update/", None, row(302, *[404] * 6))],
    "network:community_list": [("get", "/communities/", None, ALL_200)],
    "network:community_detail": [
        ("get", "/communities/asia-pacific/", None, ALL_200),
        ("get", "/communities/cross-regional/", None, row(302, 404, 404, 200, 404, 200, 200)),
    ],
    "network:community_join": [
        ("get", "/communities/asia-pacific/join/", None, POST_SIGNED_IN),
        ("post", "/communities/cross-regional/join/", {}, row(302, 404, 404, 302, 404, 302, 302)),
    ],
    "network:community_leave": [
        ("post", "/communities/cross-regional/leave/", {}, row(302, 404, 404, 302, 404, 302, 302)),
    ],
    "network:community_members": [
        ("get", "/communities/asia-pacific/members/", None, row(302, 403, 403, 403, 403, 200, 200)),
        (
            "get",
            "/communities/cross-regional/members/",
            None,
            row(302, 404, 404, 403, 404, 200, 200),
        ),
    ],
    "network:community_invite": [
        (
            "post",
            "/communities/asia-pacific/members/invite/",
            {},
            row(302, 403, 403, 403, 403, 400, 400),
        ),
        (
            "post",
            "/communities/cross-regional/members/invite/",
            {},
            row(302, 404, 404, 403, 404, 400, 400),
        ),
    ],
    "network:community_role": [
        (
            "post",
            "/communities/asia-pacific/members/{membership}/role/",
            {"role": "observer"},
            row(302, 403, 403, 403, 403, 302, 302),
        ),
        (
            "post",
            "/communities/cross-regional/members/{membership}/role/",
            {"role": "observer"},
            row(302, 404, 404, 403, 404, 302, 302),
        ),
    ],
    "network:community_add_organisation": [
        (
            "post",
            "/communities/asia-pacific/organisations/add/",
            {},
            row(302, 403, 403, 403, 403, 400, 400),
        ),
        (
            "post",
            "/communities/cross-regional/organisations/add/",
            {},
            row(302, 404, 404, 403, 404, 400, 400),
        ),
    ],
    "network:community_request_decide": [
        (
            "post",
            "/communities/asia-pacific/requests/{request}/decide/",
            {"decision": "approve"},
            row(302, 403, 403, 403, 403, 302, 302),
        ),
        (
            "post",
            f"/communities/cross-regional/requests/{UUID0}/decide/",
            {},
            row(302, 404, 404, 403, 404, 404, 404),
        ),
    ],
    "network:people_list": [("get", "/directory/people/", None, ALL_200)],
    "network:person_detail": [
        ("get", "/directory/people/{public}/", None, ALL_200),
        (
            "get",
            "/directory/people/{community_member}/",
            None,
            row(302, 200, 200, 200, 200, 200, 200),
        ),
        ("get", "/directory/people/{hidden}/", None, row(302, 404, 404, 404, 404, 404, 200)),
    ],
    "network:expert_roster": [("get", "/directory/experts/", None, ALL_200)],
    "network:organisation_list": [("get", "/directory/organisations/", None, ALL_200)],
    "network:organisation_detail": [
        ("get", "/directory/organisations/host-international/", None, ALL_200),
        ("get", "/directory/organisations/nothing/", None, row(*[404] * 7)),
    ],
    # Claims to an organisation: decided by its confirmed members (the community member speaks
    # for the ministry) and coordinators; {claim} is the outsider's claim to the ministry.
    "network:affiliation_claims": [
        ("get", "/manage/affiliations/", None, row(302, 403, 403, 200, 403, 200, 200))
    ],
    "network:affiliation_decide": [
        ("get", "/manage/affiliations/decide/", None, POST_SIGNED_IN),
        (
            "post",
            "/manage/affiliations/decide/",
            {"claims": "{claim}", "decision": "confirm"},
            row(302, 403, 403, 302, 403, 302, 302),
        ),
        (
            "post",
            "/manage/affiliations/decide/",
            {"claims": UUID0, "decision": "confirm"},
            row(302, 403, 403, 404, 403, 404, 404),
        ),
    ],
    "network:organisation_domains": [
        (
            "get",
            "/directory/organisations/ministry-of-interior-th/domains/",
            None,
            row(302, 403, 403, 200, 403, 200, 200),
        ),
        (
            "post",
            "/directory/organisations/ministry-of-interior-th/domains/",
            {"domain": "gmail.com"},
            row(302, 403, 403, 400, 403, 400, 400),
        ),
        ("get", "/directory/organisations/nothing/domains/", None, row(302, *[404] * 6)),
    ],
    "network:organisation_domain_remove": [
        (
            "post",
            f"/directory/organisations/ministry-of-interior-th/domains/{UUID0}/remove/",
            {},
            row(302, 403, 403, 404, 403, 404, 404),
        )
    ],
    "network:my_organisations": [("get", "/profile/organisations/", None, SIGNED_IN)],
    "network:my_organisation_remove": [
        (
            "post",
            f"/profile/organisations/{UUID0}/remove/",
            {},
            row(302, 404, 404, 404, 404, 404, 404),
        )
    ],
    # Exchanges (asia-exchange: held, under the Chatham House Rule, for the community's members;
    # the community member is its registered participant and wrote {contribution}).
    "exchanges:list": [("get", "/exchanges/?when=past", None, ALL_200)],
    "exchanges:create": [
        ("get", "/communities/asia-pacific/exchanges/new/", None, FACILITATORS_403)
    ],
    "exchanges:follow_up_board": [
        (
            "get",
            "/communities/asia-pacific/follow-ups/",
            None,
            row(302, 403, 403, 200, 403, 200, 200),
        ),
    ],
    "exchanges:community_ics": [
        ("get", "/communities/asia-pacific/calendar.ics", None, ALL_200),
        ("get", "/communities/cross-regional/calendar.ics", None, row(*[404] * 7)),
    ],
    "exchanges:detail": [
        ("get", f"{EX}", None, MEMBERS_ONLY),
        ("get", "/exchanges/asia-open/", None, row(302, 200, 200, 200, 200, 200, 200)),
    ],
    "exchanges:edit": [("get", f"{EX}edit/", None, EXCHANGE_FACILITATORS)],
    "exchanges:status": [
        ("post", f"{EX}status/", {"status": "reported"}, EXCHANGE_FACILITATORS_302)
    ],
    "exchanges:session_add": [
        ("get", f"{EX}agenda/add/", None, EXCHANGE_FACILITATORS),
        # Refused (nothing typed): the form again, with the reasons.
        ("post", f"{EX}agenda/add/", {}, row(302, 403, 403, 403, 403, 400, 400)),
    ],
    # The exchange's life (peerlearning/exchanges/life.py): named moves, edits, deletions.
    "exchanges:publish": [("post", f"{EX}publish/", {}, EXCHANGE_FACILITATORS_302)],
    "exchanges:registration_open": [
        ("post", f"{EX}registration/open/", {}, EXCHANGE_FACILITATORS_302)
    ],
    "exchanges:registration_close": [
        ("post", f"{EX}registration/close/", {}, EXCHANGE_FACILITATORS_302)
    ],
    "exchanges:held": [("post", f"{EX}held/", {}, EXCHANGE_FACILITATORS_302)],
    "exchanges:cancel": [
        ("get", f"{EX}cancel/", None, EXCHANGE_FACILITATORS),
        ("post", f"{EX}cancel/", {}, EXCHANGE_FACILITATORS_302),
    ],
    "exchanges:archive": [("post", f"{EX}archive/", {}, EXCHANGE_FACILITATORS_302)],
    "exchanges:session_edit": [
        ("get", f"{EX}agenda/{{session}}/edit/", None, EXCHANGE_FACILITATORS),
        (
            "post",
            f"{EX}agenda/{{session}}/edit/",
            {
                "title": "Opening, moved",
                "starts_at": "2030-01-01T10:00",
                "ends_at": "2030-01-01T11:00",
                "description": "",
            },
            EXCHANGE_FACILITATORS_302,
        ),
    ],
    "exchanges:session_delete": [
        ("get", f"{EX}agenda/{{session}}/delete/", None, EXCHANGE_FACILITATORS),
        ("post", f"{EX}agenda/{{session}}/delete/", {}, EXCHANGE_FACILITATORS_302),
    ],
    "exchanges:outcome_edit": [
        ("get", f"{EX}outcomes/{{follow_up}}/edit/", None, EXCHANGE_FACILITATORS),
        (
            "post",
            f"{EX}outcomes/{{follow_up}}/edit/",
            {"kind": "learning", "text": "Screen early."},
            EXCHANGE_FACILITATORS_302,
        ),
    ],
    "exchanges:outcome_delete": [
        ("get", f"{EX}outcomes/{{follow_up}}/delete/", None, EXCHANGE_FACILITATORS),
        ("post", f"{EX}outcomes/{{follow_up}}/delete/", {}, EXCHANGE_FACILITATORS_302),
    ],
    "exchanges:invitation_resend": [
        (
            "post",
            f"{EX}participants/invitations/{{invitation}}/resend/",
            {},
            EXCHANGE_FACILITATORS_302,
        )
    ],
    "exchanges:invitation_cancel": [
        (
            "get",
            f"{EX}participants/invitations/{{invitation}}/cancel/",
            None,
            EXCHANGE_FACILITATORS,
        ),
        (
            "post",
            f"{EX}participants/invitations/{{invitation}}/cancel/",
            {},
            EXCHANGE_FACILITATORS_302,
        ),
    ],
    "exchanges:report_preview": [("get", f"{EX}report/preview/", None, EXCHANGE_FACILITATORS)],
    "exchanges:report_publish": [("post", f"{EX}report/publish/", {}, EXCHANGE_FACILITATORS_302)],
    "exchanges:register": [("get", f"{EX}register/", None, row(302, 403, 403, 302, 403, 200, 200))],
    "exchanges:registration_cancel": [
        ("post", f"{EX}register/cancel/", {}, row(302, 403, 403, 302, 403, 404, 404)),
    ],
    # Joining details, the letter of a delegation, the certificate of an attendee (papers).
    "exchanges:joining_details": [
        ("get", f"{EX}joining/", None, EXCHANGE_FACILITATORS),
        (
            "post",
            f"{EX}joining/",
            {"joining_link": "https://meet.example.org/x"},
            EXCHANGE_FACILITATORS_302,
        ),
    ],
    "exchanges:invitation_letter": [
        # Without ?organisation=, the viewer's own delegation: facilitators hold no place.
        ("get", f"{EX}invitation-letter.pdf", None, row(302, 403, 403, 200, 403, 404, 404)),
        (
            "get",
            f"{EX}invitation-letter.pdf?organisation=ministry-of-interior-th",
            None,
            row(302, 403, 403, 200, 403, 200, 200),
        ),
    ],
    "exchanges:certificate": [
        ("get", f"{EX}certificate.pdf", None, row(302, 403, 403, 200, 403, 404, 404)),
        (
            "get",
            f"{EX}certificate.pdf?person={{community_member}}",
            None,
            row(302, 403, 403, 200, 403, 200, 200),
        ),
    ],
    "exchanges:attendance": [
        # No such place: the facilitators learn that, nobody else gets that far.
        (
            "post",
            f"{EX}participants/{UUID0}/attendance/",
            {"attended": "no"},
            row(302, 403, 403, 403, 403, 404, 404),
        ),
    ],
    "exchanges:participants": [("get", f"{EX}participants/", None, EXCHANGE_FACILITATORS)],
    "exchanges:invite": [
        ("post", f"{EX}participants/invite/", {}, row(302, 403, 403, 403, 403, 400, 400))
    ],
    "exchanges:contributions": [("get", f"{EX}contributions/", None, MEMBERS_ONLY)],
    "exchanges:my_contributions": [
        ("get", f"{EX}contributions/mine/", None, row(302, 403, 403, 200, 403, 200, 200))
    ],
    "exchanges:contribution_edit": [
        (
            "get",
            f"{EX}contributions/{{contribution}}/edit/",
            None,
            row(302, 403, 403, 200, 403, 404, 404),
        ),
    ],
    "exchanges:contribution_withdraw": [
        (
            "post",
            f"{EX}contributions/{{contribution}}/withdraw/",
            {},
            row(302, 403, 403, 302, 403, 404, 404),
        ),
    ],
    "exchanges:contribution_author": [
        (
            "get",
            f"{EX}contributions/{{contribution}}/author/",
            None,
            row(302, 403, 403, 403, 403, 403, 200),
        ),
    ],
    "exchanges:contribution_report": [
        (
            "get",
            f"{EX}contributions/{{contribution}}/report/",
            None,
            row(302, 403, 403, 200, 403, 200, 200),
        ),
        (
            "post",
            f"{EX}contributions/{{contribution}}/report/",
            {"reason": "It names a delegation."},
            row(302, 403, 403, 302, 403, 302, 302),
        ),
    ],
    "exchanges:contribution_moderate": [
        ("get", f"{EX}contributions/{{contribution}}/moderate/", None, EXCHANGE_FACILITATORS),
        (
            "post",
            f"{EX}contributions/{{contribution}}/moderate/",
            {"moderation": "hidden", "reason": "It names a delegation."},
            EXCHANGE_FACILITATORS_302,
        ),
    ],
    "exchanges:contribution_reports_dismiss": [
        (
            "post",
            f"{EX}contributions/{{contribution}}/reports/dismiss/",
            {},
            EXCHANGE_FACILITATORS_302,
        ),
    ],
    "exchanges:contribution_review": [
        ("get", f"{EX}contributions/review/", None, EXCHANGE_FACILITATORS)
    ],
    "exchanges:outcomes": [("get", f"{EX}outcomes/", None, EXCHANGE_FACILITATORS)],
    "exchanges:follow_up_update": [
        (
            "post",
            f"{EX}outcomes/{{follow_up}}/follow-up/",
            {"status": "done"},
            EXCHANGE_FACILITATORS_302,
        ),
    ],
    "exchanges:survey": [("get", f"{EX}feedback/", None, row(302, 403, 403, 200, 403, 403, 403))],
    "exchanges:survey_results": [("get", f"{EX}feedback/results/", None, EXCHANGE_FACILITATORS)],
    "exchanges:survey_close": [("post", f"{EX}feedback/close/", {}, EXCHANGE_FACILITATORS_302)],
    "exchanges:report": [("get", f"{EX}report/", None, row(302, 403, 403, 404, 403, 200, 200))],
    "exchanges:report_edit": [("get", f"{EX}report/edit/", None, EXCHANGE_FACILITATORS)],
    "exchanges:report_pdf": [
        ("get", f"{EX}report.pdf", None, row(302, 403, 403, 404, 403, 200, 200))
    ],
    "exchanges:ics": [("get", f"{EX}calendar.ics", None, MEMBERS_ONLY)],
    "exchanges:person_ics": [("get", "/calendar/not-a-token.ics", None, row(*[404] * 7))],
    "exchanges:calendar_settings": [("get", "/profile/calendar/", None, SIGNED_IN)],
    "exchanges:calendar_revoke": [("post", "/profile/calendar/revoke/", {}, row(*[302] * 7))],
    # Knowledge base: published practices are public, drafts are for editors.
    "knowledge:search": [
        ("get", "/search/?q=case+management", None, ALL_200),
        ("get", "/search/?q=" + "x" * 600, None, ALL_200),
    ],
    "knowledge:search_export": [("get", "/search/results.csv?q=children", None, ALL_200)],
    "knowledge:thesaurus": [("get", "/thesaurus/", None, ALL_200)],
    "knowledge:thesaurus_skos": [
        ("get", "/thesaurus/skos.jsonld", None, ALL_200),
        ("get", "/thesaurus/skos.ttl", None, ALL_200),
    ],
    # The thesaurus's editing pages: editors only (the facilitator persona is one); what they
    # edit is public, so others get 403, not 404.
    "knowledge:concept_new": [
        ("get", "/thesaurus/new/", None, EDITORS_403),
        ("post", "/thesaurus/new/", NEW_CONCEPT, EDITORS_403_302),
    ],
    "knowledge:concept_edit": [
        ("get", "/thesaurus/{concept}/edit/", None, EDITORS_403),
        ("post", "/thesaurus/{concept}/edit/", EDITED_CONCEPT, EDITORS_403_302),
    ],
    "knowledge:concept_delete": [
        ("get", "/thesaurus/{concept}/delete/", None, EDITORS_403),
        ("post", "/thesaurus/{concept}/delete/", {}, EDITORS_403_302),
    ],
    "knowledge:lesson_list": [("get", "/lessons/", None, ALL_200)],
    "knowledge:resource_list": [("get", "/resources/", None, ALL_200)],
    "knowledge:resource_new": [
        ("get", "/resources/new/", None, row(302, 403, 403, 403, 403, 200, 200))
    ],
    "knowledge:resource_detail": [
        ("get", "/resources/testimony/", None, ALL_200),
        ("get", "/resources/withdrawn/", None, EDITORS),
    ],
    "knowledge:resource_translate": [
        ("get", "/resources/testimony/translate/", None, row(302, 403, 403, 403, 403, 200, 200)),
        ("get", "/resources/withdrawn/translate/", None, row(302, 404, 404, 404, 404, 200, 200)),
    ],
    "knowledge:update_translate": [
        ("get", "/updates/{update}/translate/", None, row(302, 403, 403, 403, 403, 200, 200)),
    ],
    "knowledge:resource_file": [
        ("get", "/resources/testimony/file/", None, ALL_200),
        ("get", "/resources/withdrawn/file/", None, EDITORS),
    ],
    "knowledge:resource_consent_withdraw": [
        (
            "post",
            "/resources/testimony/consent/withdraw/",
            {},
            row(302, 403, 403, 403, 403, 302, 302),
        ),
    ],
    "knowledge:practice_list": [("get", "/practices/?region=asia-pacific", None, ALL_200)],
    # Issue 17: a member of a community (not an observer) drafts a practice; a signed-in person
    # without one is told why not (403). A draft is edited by its author and the editors: others
    # may not know it exists (404); a published practice is editors' (403).
    "knowledge:practice_new": [
        ("get", "/practices/new/", None, row(302, 403, 200, 200, 200, 200, 200))
    ],
    "knowledge:practice_edit": [
        ("get", "/practices/th-draft-practice/edit/", None, row(302, 404, 404, 404, 404, 200, 200)),
        (
            "get",
            "/practices/th-community-case-management/edit/",
            None,
            row(302, 403, 403, 403, 403, 200, 200),
        ),
    ],
    "knowledge:practice_review": [
        (
            "post",
            "/practices/th-draft-practice/review/",
            {"decision": "submit"},
            row(302, 403, 403, 403, 403, 302, 302),
        ),
    ],
    "knowledge:practice_translate": [
        (
            "get",
            "/practices/th-community-case-management/translate/",
            None,
            row(302, 403, 403, 403, 403, 200, 200),
        ),
    ],
    "knowledge:practice_export": [("get", "/practices/export.jsonl", None, ALL_200)],
    "knowledge:practice_detail": [
        ("get", "/practices/th-community-case-management/", None, ALL_200),
        ("get", "/practices/th-draft-practice/", None, EDITORS),
    ],
    # The API: reads follow the visibility rule, writes need a session (or token) and the role.
    # Countries and progress: public pages; the editors record values, points and events (the
    # facilitator persona is an editor; what they edit is public, so others get 403).
    "countries:list": [("get", "/countries/", None, ALL_200)],
    "countries:compare": [
        ("get", "/countries/compare/", None, ALL_200),
        ("get", "/countries/compare/?country=MX&country=TH", None, ALL_200),
        ("get", "/countries/compare/?country=MX", None, ALL_200),
        ("get", "/countries/compare/?country=XX&country=MX", None, row(*[400] * 7)),
    ],
    "countries:map": [("get", "/countries/map/", None, row(*[302] * 7))],
    "countries:indicator_list": [("get", "/countries/indicators/", None, ALL_200)],
    "countries:indicator": [
        ("get", "/countries/indicators/child-detention-prohibited/", None, ALL_200),
        ("get", "/countries/indicators/no-such-indicator/", None, row(*[404] * 7)),
    ],
    "countries:indicator_export": [
        ("get", "/countries/indicators/child-detention-prohibited/export.csv", None, ALL_200),
        ("get", "/countries/indicators/child-detention-prohibited/export.json", None, ALL_200),
    ],
    "countries:indicator_new": [
        ("get", "/countries/indicators/new/", None, EDITORS_403),
        ("post", "/countries/indicators/new/", NEW_INDICATOR, EDITORS_403_302),
    ],
    "countries:indicator_edit": [
        ("get", "/countries/indicators/presumption-of-liberty/edit/", None, EDITORS_403),
    ],
    "countries:profile": [
        ("get", "/countries/TH/", None, ALL_200),
        ("get", "/countries/XX/", None, row(*[404] * 7)),
    ],
    "countries:statistics_export": [
        ("get", "/countries/TH/statistics.csv", None, ALL_200),
        ("get", "/countries/TH/statistics.json", None, ALL_200),
    ],
    "countries:value_history": [
        ("get", "/countries/TH/indicators/presumption-of-liberty/", None, ALL_200),
    ],
    "countries:value_record": [
        ("get", "/countries/TH/indicators/presumption-of-liberty/record/", None, EDITORS_403),
        (
            "post",
            "/countries/TH/indicators/presumption-of-liberty/record/",
            NEW_VALUE,
            EDITORS_403_302,
        ),
    ],
    "countries:event_new": [
        ("get", "/countries/TH/events/new/", None, EDITORS_403),
        ("post", "/countries/TH/events/new/", NEW_EVENT, EDITORS_403_302),
    ],
    "countries:point_new": [
        ("get", "/countries/statistics/{series}/points/new/", None, EDITORS_403),
        ("post", "/countries/statistics/{series}/points/new/", NEW_POINT, EDITORS_403_302),
    ],
    "countries:point_edit": [
        ("get", "/countries/statistics/{series}/points/1/edit/", None, EDITORS_403),
        (
            "get",
            "/countries/statistics/{series}/points/99/edit/",
            None,
            row(302, *[403] * 4, 404, 404),
        ),
    ],
    # Monitoring (issue 15). No persona here is on a monitoring team: the teams' own rights are
    # tested in peerlearning/monitoring/tests; here, that nobody else has them. The facilitator
    # persona is an editor. {place}, {visit} (unpublished), {published_visit}, {incident}
    # (published), {draft_incident}, {recommendation} come from monitoring.testing.
    "monitoring:place_list": [("get", "/monitoring/places/", None, ALL_200)],
    "monitoring:place": [
        ("get", "/monitoring/places/{place}/", None, ALL_200),
        ("get", "/monitoring/places/no-such-place/", None, row(*[404] * 7)),
    ],
    "monitoring:place_new": [("get", "/monitoring/places/new/", None, EDITORS_403)],
    "monitoring:place_edit": [("get", "/monitoring/places/{place}/edit/", None, EDITORS_403)],
    "monitoring:visit_new": [
        ("get", "/monitoring/places/{place}/visits/new/", None, MONITORS_ONLY),
    ],
    "monitoring:visit": [
        ("get", "/monitoring/visits/{visit}/", None, UNPUBLISHED_VISIT),
        ("get", "/monitoring/visits/{published_visit}/", None, SIGNED_IN),
        ("get", f"/monitoring/visits/{UUID0}/", None, row(302, *[404] * 6)),
    ],
    "monitoring:visit_edit": [
        ("get", "/monitoring/visits/{visit}/edit/", None, UNPUBLISHED_VISIT_WRITE),
    ],
    "monitoring:visit_publish": [
        ("post", "/monitoring/visits/{visit}/publish/", {}, UNPUBLISHED_VISIT_WRITE),
        ("get", "/monitoring/visits/{visit}/publish/", None, row(302, *[405] * 6)),
    ],
    "monitoring:team_list": [("get", "/monitoring/teams/", None, ADMINISTRATORS_403)],
    "monitoring:team_grant": [
        (
            "post",
            "/monitoring/teams/grant/",
            {"email": "othermember@test.example", "country": "MX"},
            row(302, 403, 403, 403, 403, 403, 302),
        ),
    ],
    "monitoring:team_remove": [
        (
            "post",
            "/monitoring/teams/{monitor}/MX/remove/",
            {},
            row(302, 403, 403, 403, 403, 403, 302),
        ),
    ],
    "monitoring:incident_list": [("get", "/monitoring/incidents/", None, ALL_200)],
    "monitoring:incident": [
        ("get", "/monitoring/incidents/{incident}/", None, ALL_200),
        ("get", "/monitoring/incidents/{draft_incident}/", None, DRAFT_INCIDENT),
    ],
    "monitoring:incident_new": [("get", "/monitoring/incidents/new/", None, EDITORS_403)],
    "monitoring:incident_edit": [
        ("get", "/monitoring/incidents/{incident}/edit/", None, EDITORS_403),
    ],
    "monitoring:incident_publish": [
        (
            "post",
            "/monitoring/incidents/{draft_incident}/publish/",
            {},
            row(302, 404, 404, 404, 404, 302, 302),
        ),
    ],
    "monitoring:incident_person_new": [
        ("get", "/monitoring/incidents/{incident}/people/new/", None, MONITORS_ONLY),
    ],
    "monitoring:recommendation_list": [("get", "/monitoring/recommendations/", None, ALL_200)],
    "monitoring:recommendation": [
        ("get", "/monitoring/recommendations/{recommendation}/", None, ALL_200),
    ],
    "monitoring:recommendation_new": [
        ("get", "/monitoring/recommendations/new/", None, EDITORS_403),
    ],
    "monitoring:recommendation_edit": [
        ("get", "/monitoring/recommendations/{recommendation}/edit/", None, EDITORS_403),
    ],
    "monitoring:recommendation_status": [
        ("get", "/monitoring/recommendations/{recommendation}/status/", None, EDITORS_403),
    ],
    "monitoring:body_new": [("get", "/monitoring/bodies/new/", None, EDITORS_403)],
    "monitoring:places_export": [
        ("get", "/monitoring/places.csv", None, ALL_200),
        ("get", "/monitoring/places.json", None, ALL_200),
    ],
    "monitoring:incidents_export": [
        ("get", "/monitoring/incidents.csv", None, ALL_200),
        ("get", "/monitoring/incidents.csv?status=unpublished", None, row(*[400] * 7)),
    ],
    "monitoring:recommendations_export": [
        ("get", "/monitoring/recommendations.json", None, ALL_200),
    ],
    "api:list_places": [("get", "/api/v1/monitoring/places", None, ALL_200)],
    "api:get_place": [("get", "/api/v1/monitoring/places/{place}", None, ALL_200)],
    "api:list_incidents": [("get", "/api/v1/monitoring/incidents", None, ALL_200)],
    "api:get_incident": [
        ("get", "/api/v1/monitoring/incidents/{incident}", None, ALL_200),
        ("get", "/api/v1/monitoring/incidents/{draft_incident}", None, DRAFT_INCIDENT_API),
    ],
    "api:list_recommendations": [("get", "/api/v1/monitoring/recommendations", None, ALL_200)],
    "api:get_recommendation": [
        ("get", "/api/v1/monitoring/recommendations/{recommendation}", None, ALL_200),
    ],
    "api:post_status_change": [
        (
            "post",
            "/api/v1/monitoring/recommendations/{recommendation}/status",
            {
                "json": {
                    "status": "in-progress",
                    "date": "2024-01-31",
                    "source_title": "Gazette",
                    "source_url": "https://example.org/gazette",
                }
            },
            row(401, 403, 403, 403, 403, 201, 201),
        ),
    ],
    "api:get_visit": [
        ("get", "/api/v1/monitoring/visits/{visit}", None, row(*[404] * 6, 200)),
        ("get", "/api/v1/monitoring/visits/{published_visit}", None, ALL_200),
    ],
    "api:openapi-json": [("get", "/api/v1/openapi.json", None, ALL_200)],
    "api:openapi-view": [("get", "/api/v1/docs", None, ALL_200)],
    "api:api-root": [("get", "/api/v1/", None, row(*[404] * 7))],
    "api:list_organisations": [("get", "/api/v1/organisations", None, ALL_200)],
    # Issue 17: platform facilitators add organisations (a community's facilitator proposes one
    # on the directory's page, as any member does); a page's address is no organisation's.
    "api:create_organisation": [
        (
            "post",
            "/api/v1/organisations",
            {"json": {"name": "New body", "slug": "new-body", "stakeholder_type": "civil-society"}},
            row(401, 403, 403, 403, 403, 201, 201),
        ),
        (
            "post",
            "/api/v1/organisations",
            {"json": {"name": "New body", "slug": "propose", "stakeholder_type": "civil-society"}},
            row(401, 403, 403, 403, 403, 400, 400),
        ),
    ],
    "api:list_countries": [("get", "/api/v1/countries", None, ALL_200)],
    "api:get_country": [
        ("get", "/api/v1/countries/TH", None, ALL_200),
        ("get", "/api/v1/countries/XX", None, row(*[404] * 7)),
    ],
    "api:get_country_series": [("get", "/api/v1/countries/TH/series", None, ALL_200)],
    "api:list_indicators": [("get", "/api/v1/countries/indicators", None, ALL_200)],
    "api:get_indicator": [
        ("get", "/api/v1/countries/indicators/presumption-of-liberty", None, ALL_200),
        ("get", "/api/v1/countries/indicators/nothing", None, row(*[404] * 7)),
    ],
    "api:post_value": [
        (
            "post",
            "/api/v1/countries/TH/values",
            {"json": {"indicator": "presumption-of-liberty", **NEW_VALUE}},
            row(401, 403, 403, 403, 403, 201, 201),
        ),
    ],
    "api:get_organisation": [("get", "/api/v1/organisations/host-international", None, ALL_200)],
    "api:list_communities": [("get", "/api/v1/communities", None, ALL_200)],
    "api:get_community": [
        ("get", "/api/v1/communities/asia-pacific", None, ALL_200),
        ("get", "/api/v1/communities/cross-regional", None, PRIVATE),
    ],
    "api:list_members": [
        ("get", "/api/v1/communities/cross-regional/members", None, PRIVATE),
    ],
    "api:invite_member": [
        (
            "post",
            "/api/v1/communities/asia-pacific/members",
            {"json": {"email": "new@example.net"}},
            row(401, 403, 403, 403, 403, 202, 202),
        ),
    ],
    "api:change_member_role": [
        (
            "patch",
            "/api/v1/communities/asia-pacific/members/{membership}",
            {"json": {"role": "observer"}},
            row(401, 403, 403, 403, 403, 200, 200),
        ),
    ],
    "api:list_people": [("get", "/api/v1/people", None, ALL_200)],
    "api:list_exchanges": [("get", "/api/v1/exchanges", None, ALL_200)],
    "api:get_exchange": [("get", f"/api/v1{EX[:-1]}", None, PRIVATE)],
    "api:agenda": [("get", f"/api/v1{EX}agenda", None, PRIVATE)],
    "api:list_contributions": [("get", f"/api/v1{EX}contributions", None, PRIVATE)],
    "api:add_contribution": [
        (
            "post",
            f"/api/v1{EX}contributions",
            {"json": {"kind": "learning", "text": "Screen early."}},
            row(401, 404, 404, 201, 404, 201, 201),
        ),
    ],
    "api:list_outcomes": [("get", f"/api/v1{EX}outcomes", None, PRIVATE)],
    "api:get_report": [("get", f"/api/v1{EX}report", None, row(404, 404, 404, 404, 404, 200, 200))],
    "api:register": [
        (
            "post",
            "/api/v1/exchanges/asia-open/registration",
            {"json": {"organisation": "ministry-of-interior-th", "accept_rule": True}},
            row(401, 400, 400, 201, 400, 400, 400),
        ),
    ],
    # Moving an exchange on: facilitators only; "held" before it has ended is refused (400).
    "api:move_exchange": [
        (
            "post",
            "/api/v1/exchanges/asia-open/status",
            {"json": {"status": "held"}},
            row(401, 403, 403, 403, 403, 400, 400),
        ),
    ],
    "api:publish_exchange_report": [
        ("post", f"/api/v1{EX}report/publish", None, row(401, 404, 404, 403, 404, 200, 200)),
    ],
    "api:cancel": [
        ("delete", f"/api/v1{EX}registration", None, row(401, 404, 404, 200, 404, 404, 404)),
    ],
    "api:search_api": [
        ("get", "/api/v1/search?q=children", None, ALL_200),
        ("get", "/api/v1/search?q=", None, row(*[422] * 7)),
    ],
    "api:list_practices": [("get", "/api/v1/practices", None, ALL_200)],
    "api:get_practice": [("get", "/api/v1/practices/th-draft-practice", None, EDITORS)],
    "api:put_practice": [
        (
            "post",
            "/api/v1/practices",
            {"json": NEW_PRACTICE},
            row(401, 403, 403, 403, 403, 201, 201),
        ),
    ],
    "api:get_person": [
        ("get", "/api/v1/people/{hidden}", None, row(404, 404, 404, 404, 404, 404, 200)),
    ],
    "support:request_list": [("get", "/support/", None, SIGNED_IN)],
    "support:request_new": [("get", "/support/requests/new/", None, SIGNED_IN)],
    "support:request_detail": [
        ("get", "/support/requests/{support_request}/", None, SIGNED_IN),
        ("get", "/support/requests/{support_private}/", None, SUPPORT_PARTIES),
    ],
    "support:request_edit": [
        ("get", "/support/requests/{support_private}/edit/", None, SUPPORT_PARTIES),
        ("get", "/support/requests/{support_request}/edit/", None, SUPPORT_EDITORS),
    ],
    "support:request_move": [
        (
            "post",
            "/support/requests/{support_private}/status/",
            {"status": "closed"},
            SUPPORT_PARTIES_302,
        ),
    ],
    "support:match_propose": [
        (
            "post",
            "/support/requests/{support_request}/propose/",
            {"offer": "{support_expert}"},
            COORDINATORS_302,
        ),
    ],
    "support:from_outcome": [
        ("get", "/support/from-outcome/{support_outcome}/", None, EXCHANGE_FACILITATORS)
    ],
    "support:offer_list": [("get", "/support/offers/", None, SIGNED_IN)],
    "support:offer_new": [("get", "/support/offers/new/", None, SIGNED_IN)],
    "support:offer_detail": [("get", "/support/offers/{support_offer}/", None, SIGNED_IN)],
    "support:offer_edit": [
        ("get", "/support/offers/{support_expert}/edit/", None, OFFER_EDITORS),
    ],
    "support:offer_active": [
        ("post", "/support/offers/{support_offer}/active/", {"active": "0"}, row(*[302] * 7))
    ],
    "support:match_detail": [("get", "/support/matches/{support_match}/", None, SUPPORT_PARTIES)],
    "support:match_answer": [
        (
            "post",
            "/support/matches/{support_match}/answer/",
            {"decision": "accept"},
            SUPPORT_PARTIES_302,
        )
    ],
    "support:match_start": [
        ("post", "/support/matches/{support_match}/start/", {}, SUPPORT_PARTIES_302)
    ],
    "support:match_note": [
        ("post", "/support/matches/{support_match}/note/", {"text": "Hi"}, SUPPORT_PARTIES_302)
    ],
    "support:match_end": [
        (
            "post",
            "/support/matches/{support_match}/end/",
            {"fulfilled": "yes", "outcome": "Done."},
            SUPPORT_PARTIES_302,
        )
    ],
    "support:dashboard": [("get", "/support/dashboard/", None, COORDINATORS)],
    "support:suggestion_list": [("get", "/support/suggestions/", None, COORDINATORS)],
    "support:suggestion_refresh": [("post", "/support/suggestions/refresh/", {}, COORDINATORS_302)],
    "support:suggestion_exchange": [
        (
            "post",
            "/support/suggestions/{support_suggestion}/exchange/",
            {"community": "asia-pacific"},
            COORDINATORS_302,
        )
    ],
    "support:suggestion_dismiss": [
        ("post", "/support/suggestions/{support_suggestion}/dismiss/", {}, COORDINATORS_302)
    ],
    "api:list_requests": [("get", "/api/v1/support/requests", None, ALL_200)],
    "api:get_request": [
        ("get", "/api/v1/support/requests/{support_private}", None, SUPPORT_PARTIES_API)
    ],
    "api:create_request": [
        (
            "post",
            "/api/v1/support/requests",
            {"json": NEW_REQUEST},
            row(401, 201, 201, 201, 201, 201, 201),
        ),
        (
            "post",
            "/api/v1/support/requests",
            {"json": {**NEW_REQUEST, "topics": []}},
            row(401, 400, 400, 400, 400, 400, 400),
        ),
    ],
    "api:ranked_offers": [
        (
            "get",
            "/api/v1/support/requests/{support_request}/offers",
            None,
            row(404, 403, 403, 403, 403, 200, 200),
        )
    ],
    "api:list_offers": [("get", "/api/v1/support/offers", None, ALL_200)],
    "api:get_offer": [
        ("get", "/api/v1/support/offers/{support_offer}", None, row(404, *[200] * 6))
    ],
    "api:create_offer": [
        (
            "post",
            "/api/v1/support/offers",
            {"json": NEW_OFFER},
            row(401, 400, 400, 201, 400, 400, 400),
        )
    ],
    "api:list_matches": [("get", "/api/v1/support/matches", None, ALL_200)],
    "api:get_match": [
        ("get", "/api/v1/support/matches/{support_match}", None, SUPPORT_PARTIES_API)
    ],
    "api:propose": [
        (
            "post",
            "/api/v1/support/matches",
            {"json": {"request": "{support_request}", "offer": "{support_expert}"}},
            row(401, 403, 403, 403, 403, 201, 201),
        )
    ],
    "api:answer": [
        (
            "post",
            "/api/v1/support/matches/{support_match}/answer",
            {"json": {"accept": True}},
            row(401, 404, 404, 200, 404, 403, 403),
        )
    ],
    # Terminology (issue 16): the lexicon pages. {lex_term} and {lex_rule} are in use,
    # {lex_retired_term} and {lex_retired_rule} out of use (a small lexicon loaded by `fill`).
    # The facilitator persona is an editor.
    "terminology:lexicon": [("get", "/terminology/lexicon/", None, ALL_200)],
    "terminology:lexicon_export": [("get", "/terminology/lexicon/export.json", None, ALL_200)],
    "terminology:history": [("get", "/terminology/lexicon/history/", None, EDITORS_403)],
    "terminology:term_new": [("get", "/terminology/lexicon/terms/new/", None, EDITORS_403)],
    "terminology:term": [
        ("get", "/terminology/lexicon/terms/{lex_term}/", None, ALL_200),
        ("get", "/terminology/lexicon/terms/{lex_retired_term}/", None, EDITORS),
        ("get", f"/terminology/lexicon/terms/{UUID0}/", None, row(*[404] * 7)),
    ],
    "terminology:term_edit": [
        ("get", "/terminology/lexicon/terms/{lex_term}/edit/", None, EDITORS_403),
        (
            "get",
            "/terminology/lexicon/terms/{lex_retired_term}/edit/",
            None,
            row(302, 404, 404, 404, 404, 200, 200),
        ),
    ],
    "terminology:term_use": [
        (
            "post",
            "/terminology/lexicon/terms/{lex_term}/use/",
            {"in_use": "False", "note": "n"},
            EDITORS_403_302,
        ),
        ("get", "/terminology/lexicon/terms/{lex_term}/use/", None, POST_SIGNED_IN),
    ],
    "terminology:rule_new": [("get", "/terminology/lexicon/rules/new/", None, EDITORS_403)],
    "terminology:rule": [
        ("get", "/terminology/lexicon/rules/{lex_rule}/", None, ALL_200),
        ("get", "/terminology/lexicon/rules/{lex_retired_rule}/", None, EDITORS),
        ("get", f"/terminology/lexicon/rules/{UUID0}/", None, row(*[404] * 7)),
    ],
    "terminology:rule_edit": [
        ("get", "/terminology/lexicon/rules/{lex_rule}/edit/", None, EDITORS_403),
    ],
    "terminology:rule_use": [
        (
            "post",
            "/terminology/lexicon/rules/{lex_rule}/use/",
            {"in_use": "False", "note": "n"},
            EDITORS_403_302,
        ),
        ("get", "/terminology/lexicon/rules/{lex_rule}/use/", None, POST_SIGNED_IN),
    ],
    # Terminology (issue 16): the check. Anyone checks a text (an empty one is refused, 400) and
    # gets its PDF (POST only); saved checks are each person's own (none here: 404).
    "terminology:check": [
        ("get", "/terminology/", None, ALL_200),
        ("post", "/terminology/", {"text": "", "lang": ""}, row(*[400] * 7)),
    ],
    "terminology:report": [
        ("get", "/terminology/report/", None, row(*[405] * 7)),
        ("post", "/terminology/report/", {"text": "", "lang": ""}, row(*[400] * 7)),
    ],
    "terminology:saved_list": [("get", "/terminology/checks/", None, SIGNED_IN)],
    "terminology:save": [
        ("post", "/terminology/checks/save/", {"text": ""}, row(302, *[400] * 6)),
        ("get", "/terminology/checks/save/", None, POST_SIGNED_IN),
    ],
    "terminology:saved": [("get", f"/terminology/checks/{UUID0}/", None, row(302, *[404] * 6))],
    "terminology:saved_report": [
        ("get", f"/terminology/checks/{UUID0}/report/", None, row(302, *[404] * 6))
    ],
    "terminology:saved_delete": [
        ("post", f"/terminology/checks/{UUID0}/delete/", {}, row(302, *[404] * 6))
    ],
    "api:check_text": [
        ("post", "/api/v1/terminology/check", {"json": {"text": ""}}, row(*[400] * 7)),
        ("get", "/api/v1/terminology/check", None, row(*[405] * 7)),
    ],
    "api:lexicon": [("get", "/api/v1/terminology/lexicon", None, ALL_200)],
    # Issue 17 — communities (start)
    "network:community_new": [
        ("get", "/communities/new/", None, row(302, 403, 403, 403, 403, 200, 200)),
        ("post", "/communities/new/", {}, row(302, 403, 403, 403, 403, 400, 400)),
    ],
    "network:community_edit": [
        ("get", "/communities/asia-pacific/edit/", None, row(302, 403, 403, 403, 403, 200, 200)),
        ("get", "/communities/cross-regional/edit/", None, row(302, 404, 404, 403, 404, 200, 200)),
        ("post", "/communities/asia-pacific/edit/", {}, row(302, 403, 403, 403, 403, 400, 400)),
    ],
    "network:subgroup_new": [
        (
            "get",
            "/communities/asia-pacific/subgroups/new/",
            None,
            row(302, 403, 403, 403, 403, 200, 200),
        ),
        (
            "post",
            "/communities/cross-regional/subgroups/new/",
            {},
            row(302, 404, 404, 403, 404, 400, 400),
        ),
    ],
    # Only sub-groups close: a top-level community is refused to all, with the reason.
    "network:community_close": [
        ("get", "/communities/asia-pacific/close/", None, row(302, 403, 403, 403, 403, 403, 403)),
        (
            "post",
            "/communities/cross-regional/close/",
            {},
            row(302, 404, 404, 403, 404, 403, 403),
        ),
    ],
    # Issue 17 — communities (end)
    # Issue 17 — members submit practices (start)
    # The author's own submit: a draft others may not know exists is 404; an editor sees it
    # but submits through the review form (403); a published practice is no one's to submit.
    "knowledge:practice_submit": [
        ("get", "/practices/th-draft-practice/submit/", None, POST_SIGNED_IN),
        (
            "post",
            "/practices/th-draft-practice/submit/",
            {},
            row(302, 404, 404, 404, 404, 403, 403),
        ),
        (
            "post",
            "/practices/th-community-case-management/submit/",
            {},
            row(302, 403, 403, 403, 403, 403, 403),
        ),
    ],
    # Attaching a document: the author while it is a draft, and the editors.
    "knowledge:practice_attach": [
        (
            "get",
            "/practices/th-draft-practice/attach/",
            None,
            row(302, 404, 404, 404, 404, 200, 200),
        ),
        (
            "get",
            "/practices/th-community-case-management/attach/",
            None,
            row(302, 403, 403, 403, 403, 200, 200),
        ),
    ],
    # Issue 17 — members submit practices (end)
    # Issue 17 — translations (start)
    "exchanges:translate": [
        ("get", f"{EX}translate/", None, EXCHANGE_FACILITATORS),
        ("post", f"{EX}translate/", {"language": "es", "title": "T"}, EXCHANGE_FACILITATORS_302),
    ],
    "exchanges:report_translate": [
        ("get", f"{EX}report/translate/", None, EXCHANGE_FACILITATORS),
        (
            "post",
            f"{EX}report/translate/",
            {"language": "es", "body": "Texto."},
            EXCHANGE_FACILITATORS_302,
        ),
    ],
    "network:community_translate": [
        ("get", "/communities/asia-pacific/translate/", None, FACILITATORS_403),
        (
            "post",
            "/communities/asia-pacific/translate/",
            {"language": "es", "name": "N", "purpose": "P"},
            row(302, 403, 403, 403, 403, 302, 302),
        ),
        (
            "get",
            "/communities/cross-regional/translate/",
            None,
            row(302, 404, 404, 403, 404, 200, 200),
        ),
    ],
    # Issue 17 — translations (end)
    # Issue 17 — Updates on the platform: written by editors (facilitator, administrator) and
    # by a community's facilitators for it (other_facilitator, of MENA); {update} is the whole
    # network's, so only editors change it.
    "knowledge:update_new": [
        ("get", "/updates/new/", None, row(302, 403, 403, 403, 200, 200, 200)),
        (
            "get",
            "/updates/new/?community=asia-pacific",
            None,
            row(302, 403, 403, 403, 403, 200, 200),
        ),
        (
            "get",
            "/updates/new/?community=cross-regional",
            None,
            row(302, 403, 403, 403, 404, 200, 200),
        ),
        ("post", "/updates/new/", {"title": ""}, row(302, 403, 403, 403, 400, 400, 400)),
    ],
    "knowledge:update_drafts": [
        ("get", "/updates/drafts/", None, row(302, 403, 403, 403, 200, 200, 200)),
    ],
    "knowledge:update_edit": [
        ("get", "/updates/{update}/edit/", None, row(302, 403, 403, 403, 403, 200, 200)),
        ("get", "/updates/no-such-update/edit/", None, row(302, *[404] * 6)),
    ],
    "knowledge:update_publish": [
        (
            "post",
            "/updates/{update}/publish/",
            {"decision": "unpublish"},
            row(302, 403, 403, 403, 403, 302, 302),
        ),
        ("get", "/updates/{update}/publish/", None, POST_SIGNED_IN),
    ],
    # Issue 17 — Updates on the platform (end)
    # Issue 17 — resources managed on the platform (start)
    "knowledge:resource_edit": [
        ("get", "/resources/testimony/edit/", None, EDITORS_403),
        ("get", "/resources/withdrawn/edit/", None, EDITORS_403),
        ("get", "/resources/no-such-resource/edit/", None, row(302, 403, 403, 403, 403, 404, 404)),
        # Nothing valid posted: the form comes back with its errors.
        (
            "post",
            "/resources/testimony/edit/",
            {"title": ""},
            row(302, 403, 403, 403, 403, 400, 400),
        ),
    ],
    "knowledge:resource_publish": [
        ("post", "/resources/testimony/publish/", {"publish": "0"}, EDITORS_403_302),
        ("get", "/resources/testimony/publish/", None, row(302, 403, 403, 403, 403, 405, 405)),
    ],
    "knowledge:resource_delete": [
        ("get", "/resources/testimony/delete/", None, EDITORS_403),
        ("post", "/resources/testimony/delete/", {}, EDITORS_403_302),
        ("post", "/resources/no-such-resource/delete/", {}, row(302, 403, 403, 403, 403, 404, 404)),
    ],
    "knowledge:resource_links": [
        ("get", "/resources/testimony/links/", None, EDITORS_403),
        ("post", "/resources/testimony/links/", {}, EDITORS_403_302),
    ],
    # Issue 17 — resources managed on the platform (end)
    # Issue 17 — lessons
    # EX's key learnings made into lessons: its facilitators (an empty choice is refused, 400).
    "exchanges:lessons_make": [
        ("get", f"{EX}lessons/", None, EXCHANGE_FACILITATORS),
        ("post", f"{EX}lessons/", {}, row(302, 403, 403, 403, 403, 400, 400)),
    ],
    "knowledge:practice_lesson_new": [
        ("get", "/practices/th-community-case-management/lessons/new/", None, EDITORS_403),
    ],
    # {lesson} is a lesson of EX (seen by its community only); {practice_lesson} of a practice.
    "knowledge:lesson_edit": [
        ("get", "/lessons/{lesson}/edit/", None, row(302, 404, 404, 403, 404, 200, 200)),
        ("get", "/lessons/{practice_lesson}/edit/", None, EDITORS_403),
    ],
    "knowledge:lesson_delete": [
        ("post", "/lessons/{lesson}/delete/", {}, row(302, 404, 404, 403, 404, 302, 302)),
        ("post", "/lessons/{practice_lesson}/delete/", {}, EDITORS_403_302),
        ("get", "/lessons/{lesson}/delete/", None, POST_SIGNED_IN),
    ],
    # Issue 17 — lessons (end)
    # Issue 17 — organisations (start)
    # Platform facilitators add organisations; any member proposes one; platform facilitators
    # decide the proposals and merge duplicates (a community facilitator is no platform one).
    "network:organisation_new": [
        ("get", "/directory/organisations/new/", None, COORDINATORS),
        ("post", "/directory/organisations/new/", {}, row(302, 403, 403, 403, 403, 400, 400)),
    ],
    "network:organisation_propose": [
        ("get", "/directory/organisations/propose/", None, SIGNED_IN),
        ("post", "/directory/organisations/propose/", {}, row(302, *[400] * 6)),
    ],
    "network:organisation_proposals": [
        ("get", "/manage/organisations/proposals/", None, COORDINATORS),
    ],
    "network:organisation_decide": [
        # An organisation of the directory is no proposal to decide: 404 even for facilitators.
        (
            "post",
            "/manage/organisations/host-international/decide/",
            {"decision": "accept"},
            row(302, 403, 403, 403, 403, 404, 404),
        ),
        ("get", "/manage/organisations/host-international/decide/", None, POST_SIGNED_IN),
    ],
    "network:organisation_merge": [
        ("get", "/directory/organisations/host-international/merge/", None, COORDINATORS),
        ("get", "/directory/organisations/nothing/merge/", None, row(302, *[404] * 6)),
        (
            "post",
            "/directory/organisations/host-international/merge/",
            {"keep": "host-international", "confirm": "on"},
            row(302, 403, 403, 403, 403, 400, 400),
        ),
    ],
    # Issue 17 — organisations (end)
    # Issue 17 — polish (start)
    # The directory's own address: a public redirect to its list of people, for everyone.
    "network:directory": [("get", "/directory/", None, row(*[302] * 7))],
    # Issue 17 — polish (end)
    # Issue 18 — following (start)
    # Following is a POST from the item's page, for whoever may see the item: what one may not
    # see is not found (404), as is a kind of thing that cannot be followed.
    "notifications:follow": [
        ("get", "/follow/community/asia-pacific/", None, POST_SIGNED_IN),
        ("post", "/follow/community/asia-pacific/", {}, row(*[302] * 7)),
        ("post", "/follow/community/cross-regional/", {}, row(302, 404, 404, 302, 404, 302, 302)),
        ("post", "/follow/exchange/asia-exchange/", {}, row(302, 404, 404, 302, 404, 302, 302)),
        ("post", "/follow/exchange/asia-open/", {}, row(*[302] * 7)),
        ("post", "/follow/concept/{concept}/", {}, row(*[302] * 7)),
        ("post", "/follow/country/th/", {}, row(*[302] * 7)),
        ("post", "/follow/organisation/host-international/", {}, row(*[302] * 7)),
        ("post", "/follow/person/host-international/", {}, row(302, *[404] * 6)),
        ("post", "/follow/community/no-such-community/", {}, row(302, *[404] * 6)),
    ],
    "notifications:unfollow": [
        ("get", "/follow/community/asia-pacific/stop/", None, POST_SIGNED_IN),
        ("post", "/follow/community/asia-pacific/stop/", {}, row(*[302] * 7)),
        (
            "post",
            "/follow/community/cross-regional/stop/",
            {},
            row(302, 404, 404, 302, 404, 302, 302),
        ),
        ("post", "/follow/organisation/nothing/stop/", {}, row(302, *[404] * 6)),
    ],
    "notifications:following": [
        ("get", "/profile/following/", None, SIGNED_IN),
        ("post", "/profile/following/", {}, POST_SIGNED_IN),
    ],
    "notifications:following_unseen_stop": [
        ("get", "/profile/following/unseen/stop/", None, POST_SIGNED_IN),
        ("post", "/profile/following/unseen/stop/", {}, row(*[302] * 7)),
    ],
    # Issue 18 — following (end)
    # Issue 18 — feeds (start)
    # Feed readers cannot sign in: a public feed answers everyone alike, with what an anonymous
    # visitor may see; a private community's feed is not found, whoever asks (even its members);
    # the personal feed is reached by its secret address only.
    "notifications:updates_feed": [("get", "/feeds/updates.atom", None, ALL_200)],
    "notifications:practices_feed": [("get", "/feeds/practices.atom", None, ALL_200)],
    "notifications:reports_feed": [("get", "/feeds/reports.atom", None, ALL_200)],
    "notifications:exchanges_feed": [("get", "/feeds/exchanges.atom", None, ALL_200)],
    "notifications:community_feed": [
        ("get", "/communities/asia-pacific/feed.atom", None, ALL_200),
        ("get", "/communities/cross-regional/feed.atom", None, row(*[404] * 7)),
        ("get", "/communities/no-such-community/feed.atom", None, row(*[404] * 7)),
    ],
    "notifications:topic_feed": [
        ("get", "/topics/{concept}/feed.atom", None, ALL_200),
        ("get", "/topics/no-such-topic/feed.atom", None, row(*[404] * 7)),
    ],
    "notifications:personal_feed": [("get", "/feeds/not-a-token.atom", None, row(*[404] * 7))],
    "notifications:feed_settings": [
        ("get", "/profile/feed/", None, SIGNED_IN),
        ("post", "/profile/feed/", {}, row(*[302] * 7)),  # made, then shown once on the page
    ],
    "notifications:feed_revoke": [
        ("get", "/profile/feed/revoke/", None, POST_SIGNED_IN),
        ("post", "/profile/feed/revoke/", {}, row(*[302] * 7)),
    ],
    # Issue 18 — feeds (end)
    # Issue 18 — e-mail (start)
    # Each person's own choices: signed out, asked to sign in; a member saves theirs (an invalid
    # choice comes back with the reason, 400); "stop all" saves and goes back to the page.
    "notifications:preferences": [
        ("get", "/profile/notifications/", None, SIGNED_IN),
        ("post", "/profile/notifications/", {"stop_all": "1"}, row(*[302] * 7)),
        (
            "post",
            "/profile/notifications/",
            {"new-practice": "hourly"},
            row(302, 400, 400, 400, 400, 400, 400),
        ),
    ],
    # Public (its token is the credential): a forged token is not found, for everyone.
    "notifications:unsubscribe": [
        ("get", "/unsubscribe/not-a-real-token/", None, row(*[404] * 7)),
        ("post", "/unsubscribe/not-a-real-token/", {}, row(*[404] * 7)),
    ],
    # Issue 18 — e-mail (end)
    # Issue 18 — notification list (start)
    # One's own notifications, for everyone signed in. {notification} is the community member's
    # (about asia-exchange): anyone else's is not found (404) and nothing is changed.
    "notifications:list": [
        ("get", "/notifications/", None, SIGNED_IN),
        ("get", "/notifications/?unread=1&page=2", None, SIGNED_IN),
        ("post", "/notifications/", {}, POST_SIGNED_IN),
    ],
    "notifications:read_all": [
        ("post", "/notifications/read/", {}, row(*[302] * 7)),
        ("get", "/notifications/read/", None, POST_SIGNED_IN),
    ],
    "notifications:read": [
        ("post", "/notifications/{notification}/read/", {}, row(302, 404, 404, 302, 404, 404, 404)),
        ("post", f"/notifications/{UUID0}/read/", {}, row(302, *[404] * 6)),
        ("get", "/notifications/{notification}/read/", None, POST_SIGNED_IN),
    ],
    "notifications:open": [
        ("post", "/notifications/{notification}/open/", {}, row(302, 404, 404, 302, 404, 404, 404)),
        ("post", f"/notifications/{UUID0}/open/", {}, row(302, *[404] * 6)),
        ("get", "/notifications/{notification}/open/", None, POST_SIGNED_IN),
    ],
    # Issue 18 — notification list (end)
    # Issue 19 — coordinating support (start)
    # Topics suggested from what a request or an offer says: any signed-in member (a session or
    # a token), nothing saved; a text with nothing to read is refused with the reason (400).
    "api:suggest_topics": [
        (
            "post",
            "/api/v1/support/topics/suggest",
            {"json": {"title": "Case management", "description": "For unaccompanied children."}},
            row(401, 200, 200, 200, 200, 200, 200),
        ),
        (
            "post",
            "/api/v1/support/topics/suggest",
            {"json": {"title": "", "description": ""}},
            row(401, 400, 400, 400, 400, 400, 400),
        ),
        ("get", "/api/v1/support/topics/suggest", None, row(*[405] * 7)),
    ],
    # Issue 19 — coordinating support (end)
    # Issue 20 — audit log and CSP reports (start)
    # The audit log: administrators with two factors only (the matrix's administrator has them;
    # one without is sent to set them up, as everywhere). Read-only.
    "accounts:audit_log": [
        ("get", "/manage/audit/", None, ADMINISTRATORS_403),
        (
            "get",
            "/manage/audit/?person=Chandra&since=2020-01-01&until=2030-01-01",
            None,
            ADMINISTRATORS_403,
        ),
        ("post", "/manage/audit/", {}, row(302, 403, 403, 403, 403, 403, 405)),
    ],
    "accounts:audit_log_export": [
        ("get", "/manage/audit/entries.csv", None, ADMINISTRATORS_403),
        ("get", "/manage/audit/entries.csv?since=2030-01-01", None, ADMINISTRATORS_403),
    ],
    # Violations of the Content-Security-Policy, posted by anyone's browser (no sign-in, no
    # CSRF token, no two factors needed); a GET is refused.
    "csp_report": [
        (
            "post",
            "/csp-report/",
            {
                "json": {
                    "csp-report": {
                        "document-uri": "https://x.example/a/?b",
                        "blocked-uri": "inline",
                    }
                }
            },
            row(*[204] * 7),
        ),
        ("post", "/csp-report/", {"json": {"no": "report"}}, row(*[400] * 7)),
        ("get", "/csp-report/", None, row(*[405] * 7)),
    ],
    # Issue 20 — audit log and CSP reports (end)
}

# Third-party URL families, checked through a representative page each.
FAMILIES: dict[str, list[Case]] = {
    "allauth.": [
        ("get", "/accounts/login/", None, row(200, 302, 302, 302, 302, 302, 302)),
        ("get", "/accounts/password/change/", None, SIGNED_IN),
        ("get", "/accounts/2fa/", None, SIGNED_IN),
    ],
    "admin:": [
        ("get", "/admin/", None, row(302, 403, 403, 403, 403, 403, 200)),
        ("get", "/admin/accounts/user/", None, row(302, 403, 403, 403, 403, 403, 200)),
    ],
}


def walk(patterns, namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            module = getattr(callback, "__module__", "") or ""
            view_class = getattr(callback, "view_class", None)
            module = view_class.__module__ if view_class else module
            yield f"{namespace}{pattern.name or pattern.pattern}", module


def test_every_url_pattern_has_an_entry():
    missing = []
    checked = []
    for name, module in walk(get_resolver().url_patterns):
        if any(module.startswith(prefix) or name.startswith(prefix) for prefix in FAMILIES):
            continue
        checked.append(name)
        if name not in MATRIX:
            missing.append(f"{name} ({module})")
    assert not missing, "URL patterns with no entry in the access matrix:\n" + "\n".join(missing)
    # Not vacuous: the walk reaches the project's own patterns, known ones among them.
    assert {"home", "accounts:profile", "exchanges:detail"} <= set(checked)


def persona_user(network, persona: str):
    return None if persona == "anonymous" else getattr(network, persona)


def fill(path: str, network) -> str:
    from peerlearning.network.models import CommunityJoinRequest, Membership

    if "{membership}" in path:
        community = "cross-regional" if "cross-regional" in path else "asia-pacific"
        membership = Membership.objects.get(
            community__slug=community, person=network.community_member
        )
        path = path.replace("{membership}", str(membership.uuid))
    if "{request}" in path:
        join_request = CommunityJoinRequest.objects.create(
            community=network.asia, person=network.outsider
        )
        path = path.replace("{request}", str(join_request.uuid))
    if "{claim}" in path:
        from peerlearning.network.models import Affiliation

        claim, _created = Affiliation.objects.get_or_create(
            person=network.outsider, organisation=network.ministry
        )
        path = path.replace("{claim}", str(claim.uuid))
    if "support" in path:  # every support page and endpoint, with data to show
        from peerlearning.exchanges.models import Outcome, OutcomeKind
        from peerlearning.support.testing import support_world

        world = support_world(network)
        outcome = Outcome.objects.create(
            exchange=network.exchange, kind=OutcomeKind.SUPPORT_NEED, text="A site visit."
        )
        for key, value in {
            "support_request": world.request.uuid,
            "support_private": world.private.uuid,
            "support_offer": world.host.uuid,
            "support_expert": world.expert.uuid,
            "support_match": world.match.uuid,
            "support_suggestion": world.suggestion.pk,
            "support_outcome": outcome.uuid,
        }.items():
            path = path.replace("{" + key + "}", str(value))
    if "{place}" in path or "monitoring" in path:
        from peerlearning.monitoring.models import MonitoringTeamMember
        from peerlearning.monitoring.testing import build_monitoring

        if not MonitoringTeamMember.objects.exists():
            world = build_monitoring()
            for key, value in {
                "place": world.place.slug,
                "visit": world.unpublished.uuid,
                "published_visit": world.published.uuid,
                "incident": world.fire.uuid,
                "draft_incident": world.draft.uuid,
                "recommendation": world.recommendation.uuid,
                "monitor": world.monitor.uuid,
            }.items():
                path = path.replace("{" + key + "}", str(value))
    if "{lex_" in path:  # Terminology (issue 16): the lexicon pages
        from peerlearning.terminology.models import ContextRule, Term
        from peerlearning.terminology.tests.lexicon_fixtures import load_small

        if not Term.objects.exists():
            load_small()
            Term.objects.filter(term="shelter").update(is_active=False)
            ContextRule.objects.filter(name="Immigration context").update(is_active=False)
        for key, value in {
            "lex_term": Term.objects.get(term="alojamiento").public_id,
            "lex_retired_term": Term.objects.get(term="shelter").public_id,
            "lex_rule": ContextRule.objects.get(name="Contexto migratorio").public_id,
            "lex_retired_rule": ContextRule.objects.get(name="Immigration context").public_id,
        }.items():
            path = path.replace("{" + key + "}", str(value))
    if "{series}" in path:
        from peerlearning.countries.models import StatisticPoint, StatisticSeries

        series, _made = StatisticSeries.objects.get_or_create(
            external_id="th-people-detained",
            defaults={"country_id": "TH", "indicator": "People detained", "unit": "persons"},
        )
        StatisticPoint.objects.get_or_create(
            series=series,
            position=1,
            defaults={
                "period": "2022",
                "period_kind": "year",
                "value": 10,
                "source_url": "https://example.org/figures",
            },
        )
        path = path.replace("{series}", series.external_id)
    if "{concept}" in path:
        from peerlearning.knowledge.models import Concept

        Concept.objects.get_or_create(slug="screening", defaults={"labels": {"en": "screening"}})
        path = path.replace("{concept}", "screening")
    if "{update}" in path:
        from peerlearning.knowledge.models import Update

        Update.objects.get_or_create(slug="an-update", defaults={"title": "An update", "body": "B"})
        path = path.replace("{update}", "an-update")
    if "{session}" in path:
        from peerlearning.exchanges.models import AgendaSession

        session = AgendaSession.objects.create(
            exchange=network.exchange,
            title="Opening",
            starts_at=network.exchange.starts_at,
            ends_at=network.exchange.ends_at,
        )
        path = path.replace("{session}", str(session.uuid))
    if "{invitation}" in path:
        from peerlearning.exchanges.models import ExchangeInvitation

        invitation = ExchangeInvitation.objects.create(
            exchange=network.exchange, person=network.public
        )
        path = path.replace("{invitation}", str(invitation.uuid))
    if "lesson}" in path:  # Issue 17 — lessons
        from peerlearning.knowledge.models import Lesson, Practice

        lesson = Lesson.objects.create(exchange=network.exchange, text="Screen early.")
        practice_lesson = Lesson.objects.create(
            practice=Practice.objects.get(external_id="th-community-case-management"),
            text="Small caseloads.",
        )
        path = path.replace("{lesson}", str(lesson.uuid))
        path = path.replace("{practice_lesson}", str(practice_lesson.uuid))
    if "{notification}" in path:  # Issue 18 — notification list
        from peerlearning.notifications.models import Kind, Notification

        notification = Notification.objects.create(
            user=network.community_member,
            kind=Kind.NEW_EXCHANGE,
            key="matrix",
            exchange=network.exchange,
        )
        path = path.replace("{notification}", str(notification.uuid))
    path = path.replace("{contribution}", str(network.contribution.uuid))
    path = path.replace("{follow_up}", str(network.follow_up.uuid))
    for key in ("public", "community_member", "hidden"):
        path = path.replace("{" + key + "}", str(getattr(network, key).uuid))
    return path


def request(client, method: str, path: str, body):
    if body and "json" in body:
        return getattr(client, method)(
            path, data=json.dumps(body["json"]), content_type="application/json"
        )
    return getattr(client, method)(path, body or {})


def answers(network, people: dict, method: str, path: str, body) -> tuple[str, dict]:
    """Each person's response to one case, and its path filled in. The case's data is filled
    in once, in a savepoint rolled back after; each person's request runs in a savepoint of its
    own inside it, so each starts from the same data and what one changes is rolled back."""
    from django.db import transaction

    from peerlearning.network.testing import client_for

    with transaction.atomic():
        # Path and body are filled together: both may name the same created objects.
        filled_path, filled_body = json.loads(fill(json.dumps([path, body]), network))
        responses = {}
        for label, person in people.items():
            with transaction.atomic():
                responses[label] = request(client_for(person), method, filled_path, filled_body)
                transaction.set_rollback(True)
        transaction.set_rollback(True)
    return filled_path, responses


CASES = [(name, case) for name, cases in [*MATRIX.items(), *FAMILIES.items()] for case in cases]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}:{c[0]}:{c[1]}" for n, c in CASES])
def test_access(network, name, case, django_capture_on_commit_callbacks):
    method, path, body, expected = case
    people = {persona: persona_user(network, persona) for persona in PERSONAS}
    _filled, responses = answers(network, people, method, path, body)
    outcomes = {persona: response.status_code for persona, response in responses.items()}
    assert outcomes == expected, f"{method.upper()} {path}"


# The persona "privileged without two factors": a person whose role needs two factors (a platform
# facilitator just invited, a member just made a community facilitator) and who signed in with a
# password alone. Rather than a column in every row above, one sweep over every GET case: each must
# send them to set up an authenticator app (302), or answer 403 with {"error"} on the API, except
# the few addresses needed to set it up or leave.
NO_TWO_FACTOR_ALLOWED = {"/healthz": 200, "/accounts/2fa/": 200, "/csp-report/": 405}
# Issue 20: the browser's reports of violations of the Content-Security-Policy (the set-up pages
# have the policy too).
REPORTS_WITHOUT_TWO_FACTORS = "/csp-report/"
TOTP_SET_UP = "/accounts/2fa/totp/activate/"


def privileged_without_two_factors(network) -> dict[str, object]:
    from peerlearning.network.models import Membership, Role
    from peerlearning.testing import make_user

    platform = make_user("new-coordinator@test.example", is_facilitator=True)
    editor = make_user("new-editor@test.example", is_editor=True)
    promoted = make_user("promoted@test.example")
    Membership.objects.create(community=network.mena, person=promoted, role=Role.FACILITATOR)
    return {"platform facilitator": platform, "editor": editor, "community facilitator": promoted}


GET_CASES = [
    (name, case)
    for name, cases in [*MATRIX.items(), *FAMILIES.items()]
    for case in cases
    if case[0] == "get"
]


def test_privileged_without_two_factors_reach_nothing_but_the_set_up(network):

    from peerlearning.network.testing import client_for

    people = privileged_without_two_factors(network)
    wrong = []
    for _name, (_method, path, _body, _expected) in GET_CASES:
        filled_path, responses = answers(network, people, "get", path, None)
        for label, response in responses.items():
            if path in NO_TWO_FACTOR_ALLOWED:
                ok = response.status_code == NO_TWO_FACTOR_ALLOWED[path]
            elif path.startswith("/api/"):
                ok = response.status_code == 403 and "two-factor" in response.json()["error"]
            else:
                ok = response.status_code == 302 and response["Location"].startswith(TOTP_SET_UP)
            if not ok:
                wrong.append(f"{label}: GET {filled_path} -> {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert len(GET_CASES) > 100
    # Still allowed: switching the language, and signing out.
    client = client_for(people["platform facilitator"])
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/communities/"})
    assert response.status_code == 302 and response["Location"] == "/communities/"
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and not response["Location"].startswith(TOTP_SET_UP)
    assert client.get("/profile/")["Location"].startswith("/accounts/login/")


def test_privileged_without_two_factors_write_nothing(network):
    """The same sweep over every write of the matrix (POST, PATCH, DELETE)."""

    people = privileged_without_two_factors(network)
    writes = [
        case
        for _name, case in CASES
        if case[0] != "get" and case[1] not in ("/i18n/setlang/", REPORTS_WITHOUT_TWO_FACTORS)
    ]
    wrong = []
    for method, path, body, _expected in writes:
        filled_path, responses = answers(network, people, method, path, body)
        for label, response in responses.items():
            if path.startswith("/api/"):
                ok = response.status_code == 403 and "two-factor" in response.json()["error"]
            else:
                ok = response.status_code == 302 and response["Location"].startswith(TOTP_SET_UP)
            if not ok:
                wrong.append(f"{label}: {method.upper()} {filled_path} -> {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert len(writes) > 30


def test_the_same_people_with_two_factors_are_let_through(network):
    """The positive control: the sweep's people reach their pages once they have an
    authenticator app."""
    from allauth.mfa.totp.internal.auth import TOTP

    from peerlearning.network.testing import client_for
    from peerlearning.testing import TOTP_SECRET

    people = privileged_without_two_factors(network)
    for person in people.values():
        TOTP.activate(person, TOTP_SECRET)
    assert client_for(people["platform facilitator"]).get("/support/dashboard/").status_code == 200
    assert (
        client_for(people["editor"]).get("/api/v1/practices/th-draft-practice").status_code == 200
    )
    assert (
        client_for(people["community facilitator"]).get("/communities/mena/members/").status_code
        == 200
    )
