"""The audit log's page for administrators (issue 20): newest first, filters that combine and
stay in the form, a CSV of exactly the filtered entries, for administrators with two factors
only — and nothing on it that would say who wrote a contribution or answered a survey."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peerlearning.accounts import actions as account_actions
from peerlearning.accounts import audit
from peerlearning.accounts.models import AuditEntry, User
from peerlearning.exchanges import actions as exchange_actions
from peerlearning.exchanges.models import Exchange, SurveyResponse
from peerlearning.network.models import Community, Membership, Role
from peerlearning.testing import assert_queries_bounded, make_user

pytestmark = pytest.mark.django_db

PAGE = "/manage/audit/"
CSV = "/manage/audit/entries.csv"


def entry(actor, action, target=None, *, at=None, **details) -> AuditEntry:
    made = audit.record(actor, action, target, **details)
    if at is not None:
        AuditEntry.objects.filter(pk=made.pk).update(created_at=at)
    return made


def listed(response) -> list[tuple[str, str]]:
    """The entries a page lists: each one's action and the text of its card."""
    assert response.status_code == 200, response.content
    cards = response.content.decode().split('class="audit-action" dir="ltr">')[1:]
    return [(card.split("</code>")[0], card.split("</li>\n  \n")[0]) for card in cards]


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.streaming, "the export is streamed"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel reads UTF-8 with a byte order mark"
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def people(db):
    return {
        "rosa": make_user("rosa@ministry.example", display_name="Rosa Ramírez"),
        "karim": make_user("karim@ngo.example", display_name="Karim Haddad", pseudonym="K."),
    }


def test_it_lists_entries_newest_first_with_who_what_and_when(admin_client, people):
    now = timezone.now()
    entry(people["rosa"], "profile.updated", people["rosa"], at=now - timedelta(days=2))
    entry(people["karim"], "api_token.revoked_all", people["karim"], at=now - timedelta(days=1))
    entry(None, "exchange.promoted", at=now)
    response = admin_client.get(PAGE)
    assert [action for action, _card in listed(response)] == [
        "exchange.promoted",
        "api_token.revoked_all",
        "profile.updated",
    ]
    page = response.content.decode()
    assert "Rosa Ramírez" in page and "rosa@ministry.example" in page
    assert "Karim Haddad (pseudonym: K.)" in page
    assert "the platform, or an account since removed" in page
    assert "3 entries" in page


def test_it_is_paginated_and_the_pages_keep_the_filters(admin_client, people):
    for _ in range(55):
        entry(people["rosa"], "profile.updated", people["rosa"])
    entry(people["karim"], "profile.updated", people["karim"])
    page = admin_client.get(PAGE, {"person": "rosa"}).content.decode()
    assert "55 entries" in page
    assert "Page 1 of 2" in page
    assert "?person=rosa&amp;page=2" in page
    second = listed(admin_client.get(PAGE, {"person": "rosa", "page": 2}))
    assert len(second) == 5
    assert not [card for _action, card in second if "Karim" in card]


def test_every_filter_narrows_and_they_combine(admin_client, people):
    rosa, karim = people["rosa"], people["karim"]
    community = Community.objects.create(slug="c", name="Community", purpose="p", level="global")
    old = timezone.now() - timedelta(days=40)
    entry(rosa, "community.joined", community, via="invitation")
    entry(rosa, "community.left", community, at=old)
    entry(karim, "community.joined", community)
    entry(rosa, "profile.updated", rosa)

    def shown(**filters) -> set[tuple[str, str]]:
        return {
            (action, who)
            for action, card in listed(admin_client.get(PAGE, filters))
            for who in ("Rosa", "Karim")
            if who in card
        }

    everything = shown()
    assert len(everything) == 4
    assert shown(person="rosa@ministry") == {
        ("community.joined", "Rosa"),
        ("community.left", "Rosa"),
        ("profile.updated", "Rosa"),
    }
    assert shown(person="HADDAD") == {("community.joined", "Karim")}
    assert shown(action="community.joined") == {
        ("community.joined", "Rosa"),
        ("community.joined", "Karim"),
    }
    assert shown(person="rosa", action="community.joined") == {("community.joined", "Rosa")}
    assert shown(object_type="network.community", person="rosa") == {
        ("community.joined", "Rosa"),
        ("community.left", "Rosa"),
    }
    assert shown(object_type="accounts.user", object_id=str(rosa.uuid).upper()) == {
        ("profile.updated", "Rosa")
    }
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert ("community.left", "Rosa") not in shown(since=since)
    assert shown(until=until) == {("community.left", "Rosa")}
    assert shown(person="nobody-of-that-name") == set()


def test_the_person_filter_finds_what_was_done_about_them_too(admin_client, administrator, people):
    rosa, karim = people["rosa"], people["karim"]
    entry(administrator, "role.granted", rosa, role="editor")
    entry(administrator, "exchange.person_invited", None, person=str(rosa.uuid))
    entry(administrator, "role.granted", karim, role="editor")
    cards = listed(admin_client.get(PAGE, {"person": "Ramírez"}))
    assert [action for action, _card in cards] == ["exchange.person_invited", "role.granted"]
    assert all("Ada Admin" in card for _action, card in cards)
    assert "Rosa Ramírez" in cards[1][1]  # the person the role was given to, by name
    assert not [card for _action, card in cards if "Karim" in card]


def test_the_form_keeps_what_was_typed_and_explains_errors(admin_client, people):
    entry(people["rosa"], "profile.updated", people["rosa"])
    response = admin_client.get(
        PAGE,
        {
            "person": "rosa",
            "action": "profile.updated",
            "since": "2026-03-10",
            "until": "2026-03-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The end of the period comes before its start." in page
    assert 'value="rosa"' in page
    assert '<option value="profile.updated" selected>' in page
    assert 'value="2026-03-10"' in page and 'value="2026-03-01"' in page
    assert "audit-heading" not in page, "no list wider than the one asked for"
    # An action that is in no entry is not offered, and refused if typed into the address.
    response = admin_client.get(PAGE, {"action": "exchange.nothing"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    # Control: the same filters in order are accepted.
    response = admin_client.get(PAGE, {"person": "rosa", "action": "profile.updated"})
    assert response.status_code == 200
    assert "1 entry" in response.content.decode()


def test_too_many_people_matching_is_an_error_not_a_guess(admin_client):
    for number in range(51):
        make_user(f"same{number}@test.example", display_name="Same Name")
    response = admin_client.get(PAGE, {"person": "same name"})
    assert response.status_code == 400
    assert "More than 50 people match" in response.content.decode()
    User.objects.filter(email="same0@test.example").delete()
    assert admin_client.get(PAGE, {"person": "same name"}).status_code == 200


def test_a_closed_account_has_no_name_left_to_find_or_show(admin_client, people):
    rosa = people["rosa"]
    entry(rosa, "profile.updated", rosa)
    account_actions.close_account(rosa)
    page = admin_client.get(PAGE).content.decode()
    assert "a closed account" in page
    assert "Rosa" not in page and "closed-" not in page
    assert "No entry matches." in admin_client.get(PAGE, {"person": "closed"}).content.decode()
    # Its entries are still found by the object they are about.
    found = admin_client.get(PAGE, {"object_type": "accounts.user", "object_id": str(rosa.uuid)})
    assert "account.closed" in found.content.decode()
    assert "profile.updated" in found.content.decode()


def test_the_export_holds_exactly_the_filtered_entries(admin_client, people):
    rosa, karim = people["rosa"], people["karim"]
    for number in range(60):  # more than a page
        entry(rosa, "profile.updated", rosa, fields=[f"field {number}"])
    entry(karim, "profile.updated", karim)
    entry(rosa, "api_token.revoked_all", rosa)
    filters = {"person": "rosa", "action": "profile.updated"}
    rows = csv_rows(admin_client.get(CSV, filters))
    assert len(rows) == 60
    assert list(rows[0]) == [
        "when", "actor", "actor_email", "action", "object_type", "object_id", "details"
    ]  # fmt: skip
    assert {row["actor_email"] for row in rows} == {"rosa@ministry.example"}
    assert rows[0]["details"] == '{"fields": ["field 59"]}'  # newest first
    assert datetime.fromisoformat(rows[0]["when"]) >= datetime.fromisoformat(rows[-1]["when"])
    # The page says how many, and links to the same filters.
    page = admin_client.get(PAGE, filters).content.decode()
    assert "60 entries" in page
    assert f"{CSV}?person=rosa&amp;action=profile.updated" in page
    # The export is itself in the log, with what it asked for.
    exported = AuditEntry.objects.get(action="audit_log.exported")
    assert exported.details == {"filters": filters}
    # Control: without filters, everything (and the export's own entry).
    assert len(csv_rows(admin_client.get(CSV))) == 62 + 1 + 1


def test_the_export_keeps_formulas_as_text(admin_client, people):
    community = Community.objects.create(slug="c", name="C", purpose="p", level="global")
    for prefix in "=+-@":
        entry(people["rosa"], f"{prefix}cmd|' /C calc'!A0", community, reason=f"{prefix}1+1")
    make_user("=evil@test.example", display_name='=HYPERLINK("http://x")')
    evil = User.objects.get(email="=evil@test.example")
    entry(evil, "profile.updated", evil)
    rows = csv_rows(admin_client.get(CSV))
    cells = [cell for row in rows for cell in row.values()]
    assert not [cell for cell in cells if cell and cell[0] in "=+-@"], (
        "a cell would run as a formula"
    )
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'=evil@test.example" in cells


def test_an_invalid_filter_exports_nothing(admin_client, people):
    entry(people["rosa"], "profile.updated", people["rosa"])
    response = admin_client.get(CSV, {"since": "not a date"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert not AuditEntry.objects.filter(action="audit_log.exported").exists()


def test_only_administrators_with_two_factors_may_read_it(people, facilitator, administrator):
    entry(people["rosa"], "profile.updated", people["rosa"])
    assert Client().get(PAGE)["Location"].startswith("/accounts/login/")
    assert Client().get(CSV)["Location"].startswith("/accounts/login/")
    staff = make_user("staff@test.example", two_factor=True, is_staff=True)
    editor = make_user("editor@test.example", two_factor=True, is_editor=True)
    for person in (people["rosa"], facilitator, staff, editor):
        client = Client()
        client.force_login(person)
        assert client.get(PAGE).status_code == 403, person
        assert client.get(CSV).status_code == 403, person
        assert "Rosa" not in client.get(PAGE).content.decode()
    # An administrator without two factors is sent to set them up, and reads nothing.
    unprotected = make_user("new-admin@test.example", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(unprotected)
    for address in (PAGE, CSV):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    # Control: the administrator with two factors reads it; a write is refused.
    client = Client()
    client.force_login(administrator)
    assert "Rosa Ramírez" in client.get(PAGE).content.decode()
    assert client.post(PAGE).status_code == 405


def test_administrators_find_it_in_their_menu(admin_client, facilitator_client):
    assert f'href="{PAGE}"' in admin_client.get("/").content.decode()
    assert f'href="{PAGE}"' not in facilitator_client.get("/").content.decode()


def test_its_query_count_does_not_grow_with_the_log(admin_client, people):
    community = Community.objects.create(slug="c", name="C", purpose="p", level="global")

    def grow(times: int) -> None:
        for number in range(times):
            person = make_user(f"grow{number}-{AuditEntry.objects.count()}@test.example")
            entry(person, "profile.updated", person)
            entry(person, "community.joined", community)
            entry(None, f"kind.{number}", people["rosa"], person=str(person.uuid))

    assert_queries_bounded(admin_client, PAGE, grow)
    assert_queries_bounded(admin_client, f"{PAGE}?person=Ramírez&object_type=accounts.user", grow)
    assert_queries_bounded(admin_client, f"{PAGE}?action=profile.updated&since=2000-01-01", grow)


def test_the_exports_query_count_does_not_grow_with_the_log(admin_client, people):
    def queries_of_export() -> int:
        with CaptureQueriesContext(connection) as context:
            rows = csv_rows(admin_client.get(CSV))
        assert rows
        return len(context.captured_queries)

    for number in range(20):
        entry(people["rosa"], "profile.updated", people["rosa"], number=number)
    small = queries_of_export()
    karim = people["karim"]
    AuditEntry.objects.bulk_create(  # more than one chunk of the iterator
        AuditEntry(actor=karim, action="profile.updated", details={"number": number})
        for number in range(2500)
    )
    assert queries_of_export() == small


# Sealed authorship and survey answers ------------------------------------------------------------


@pytest.fixture
def room(db, facilitator, people):
    community = Community.objects.create(slug="room", name="Room", purpose="p", level="global")
    Membership.objects.create(community=community, person=facilitator, role=Role.FACILITATOR)
    exchange = Exchange.objects.create(
        slug="room-exchange",
        community=community,
        title="Under the rule",
        format="workshop",
        mode="online",
        rule="chatham-house",
        status="held",
        visibility="community",
        starts_at="2025-05-24T14:00:00Z",
        ends_at="2025-05-24T17:00:00Z",
        time_zone="Europe/Lisbon",
    )
    rosa, karim = people["rosa"], people["karim"]
    contribution = exchange_actions.contribute(exchange, rosa, kind="learning", text="Said.")
    exchange_actions.report_contribution(contribution, by=karim, reason="It names someone.")
    exchange_actions.moderate_contribution(
        contribution,
        by=facilitator,
        moderation="hidden",
        reason="It names a delegation.",
    )
    exchange_actions.answer_survey(
        exchange, rosa, overall=5, usefulness=5, trust=5, comment="Safe."
    )
    return {"exchange": exchange, "contribution": contribution, "author": rosa, "reporter": karim}


def test_no_entry_says_who_wrote_a_contribution_or_answered_the_survey(admin_client, room):
    """As the actions write the log today: the facilitator who moderated and the participant who
    reported are named (administrators read both on the review page); the author is not."""
    contribution = room["contribution"]
    on_it = admin_client.get(
        PAGE, {"object_type": "exchanges.contribution", "object_id": str(contribution.uuid)}
    ).content.decode()
    assert "contribution.moderated" in on_it and "Fay Facilitator" in on_it
    assert "contribution.reported" in on_it and "Karim Haddad" in on_it
    assert "Rosa" not in on_it and "rosa@" not in on_it
    of_author = admin_client.get(PAGE, {"person": "rosa"}).content.decode()
    assert str(contribution.uuid) not in of_author
    assert "No entry matches." in of_author
    export = csv_rows(admin_client.get(CSV))
    assert not [row for row in export if "rosa" in row["actor_email"]]


def test_an_entry_that_would_pair_an_author_with_their_words_is_withheld(admin_client, room):
    """Should an action ever record the author's own act on a sealed object — or name one in the
    details of an entry about something else — the page, the person filter and the export say
    neither who nor what."""
    author, contribution = room["author"], room["contribution"]
    answer = SurveyResponse.objects.get()
    entry(author, "contribution.edited", contribution, kind="learning")
    entry(author, "exchange.contributed", room["exchange"], contribution=str(contribution.uuid))
    entry(author, "exchange.survey_answered", answer, overall=5)
    page = admin_client.get(PAGE).content.decode()
    for action in ("contribution.edited", "exchange.contributed", "exchange.survey_answered"):
        assert action in page  # the entries are there…
    assert page.count("not shown: it would say who wrote what") == 3  # …without their actor
    assert "Rosa" not in page and "rosa@" not in page
    assert f'<code dir="ltr">contribution</code>: <bdi>{contribution.uuid}' not in page
    # Searching for the author finds none of them: finding them would say whose they are.
    of_author = admin_client.get(PAGE, {"person": "Ramírez"}).content.decode()
    assert "No entry matches." in of_author
    rows = csv_rows(admin_client.get(CSV))
    withheld = [row for row in rows if row["action"] in ("contribution.edited",
                                                           "exchange.contributed",
                                                           "exchange.survey_answered")]  # fmt: skip
    assert len(withheld) == 3
    assert all(row["actor_email"] == "" and row["details"] == "" for row in withheld)
    assert not [row for row in rows if "Rosa" in row["actor"] or "rosa@" in row["actor_email"]]
    # Control: the same person's entry on something not sealed is shown and found.
    entry(author, "profile.updated", author)
    of_author = admin_client.get(PAGE, {"person": "Ramírez"}).content.decode()
    assert "profile.updated" in of_author and "Rosa Ramírez" in of_author
    assert "1 entry" in of_author


def test_entries_before_and_after_a_date_use_the_days_of_the_site(admin_client, people, settings):
    settings.TIME_ZONE = "Asia/Bangkok"  # UTC+7
    late = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # 2 March in Bangkok
    entry(people["rosa"], "profile.updated", people["rosa"], at=late)
    on_first = admin_client.get(PAGE, {"since": "2026-03-01", "until": "2026-03-01"})
    on_second = admin_client.get(PAGE, {"since": "2026-03-02", "until": "2026-03-02"})
    assert "No entry matches." in on_first.content.decode()
    assert "1 entry" in on_second.content.decode()
