"""A person's export holds everything the platform keeps about them, and nobody else."""

import json
from collections import defaultdict

import pytest

from peerlearning.accounts import audit
from peerlearning.accounts.actions import create_invitation
from peerlearning.accounts.exports import EXPORTED, LEFT_OUT
from peerlearning.accounts.retention import DELETED, DETACHED, KEPT, fields_pointing_to_people
from peerlearning.accounts.retention import field_label as label_of
from peerlearning.accounts.tests.rows import give_rows
from peerlearning.exchanges.actions import answer_survey
from peerlearning.exchanges.models import Contribution, ContributionReport, SurveyResponse
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


def labels() -> set[str]:
    return {label_of(model, field.name) for model, field in fields_pointing_to_people()}


def download(person) -> tuple[str, dict]:
    response = client_for(person).get("/profile/export/")
    assert response.status_code == 200
    return response.content.decode(), json.loads(response.content)


def test_every_field_pointing_to_a_person_is_exported_or_left_out_for_a_reason():
    found = labels()
    # The walk sees foreign keys and many-to-many fields of every app, Django's and allauth's.
    assert {
        "exchanges.SealedAuthorship.author",
        "exchanges.AgendaSession.speakers",
        "account.EmailAddress.user",
        "admin.LogEntry.user",
    } <= found
    undecided = found - set(EXPORTED) - set(LEFT_OUT)
    assert not undecided, f"export these or say in LEFT_OUT why not: {sorted(undecided)}"
    assert not set(EXPORTED) & set(LEFT_OUT)
    assert not (set(EXPORTED) | set(LEFT_OUT)) - found, "a decision about a field that is gone"
    assert all(len(reason) > 40 for reason in LEFT_OUT.values())


def test_every_field_pointing_to_a_person_has_a_retention_decision():
    found = labels()
    decided = [DELETED, DETACHED, set(KEPT)]
    undecided = found - set().union(*decided)
    assert not undecided, f"decide in retention.py: {sorted(undecided)}"
    assert sum(len(group) for group in decided) == len(found), "a field decided twice or gone"
    nullable = {
        label_of(model, field.name)
        for model, field in fields_pointing_to_people()
        if getattr(field, "null", False)
    }
    assert nullable >= DETACHED, "only a field that may be empty can be detached"


def test_the_export_has_an_entry_for_every_row_about_the_person(network):
    person = make_user("exported@test.example", display_name="Exported Person", two_factor=True)
    someone_else = make_user("else@test.example", two_factor=True)
    give_rows(someone_else)
    give_rows(person)
    _text, data = download(person)
    rows_by_section: dict[str, set] = defaultdict(set)
    for model, field in fields_pointing_to_people():
        label = label_of(model, field.name)
        if label not in EXPORTED:
            continue
        held = model._default_manager.filter(**{field.name: person})
        pks = set(held.values_list("pk", flat=True))
        assert pks, f"{label}: no row of the person's, the count below would prove nothing"
        rows_by_section[EXPORTED[label]] |= {(model, pk) for pk in pks}
    for section, rows in rows_by_section.items():
        assert len(data[section]) == len(rows), section


def test_the_export_names_nobody_else_and_holds_no_secret(network):
    person = make_user("exported@test.example", display_name="Exported Person", two_factor=True)
    other = make_user(
        "zqother@test.example",
        display_name="Zqother Marker",
        pseudonym="Zqpseudonym",
        two_factor=True,
    )
    mine, theirs = give_rows(person), give_rows(other)
    sealed = "exchanges.SealedAuthorship.author"
    my_contribution = Contribution.objects.get(pk=mine[sealed].contribution_id)  # type: ignore[attr-defined]
    their_contribution = Contribution.objects.get(pk=theirs[sealed].contribution_id)  # type: ignore[attr-defined]
    # The other reported the person's contribution, the person reported the other's; they
    # spoke in one session, visited a place together, and the other gave the person a role.
    ContributionReport.objects.create(
        contribution=my_contribution, reporter=other, reason="Zqreason of the other"
    )
    ContributionReport.objects.create(
        contribution=their_contribution, reporter=person, reason="It names a town."
    )
    mine["exchanges.AgendaSession.speakers"].speakers.add(other)  # type: ignore[attr-defined]
    mine["monitoring.Visit.team"].team.add(other)  # type: ignore[attr-defined]
    audit.record(other, "role.granted", person, role="editor")

    text, data = download(person)
    assert "zq" not in text.lower()
    # What is the person's own is there: their text, what they reported, what was done to them.
    assert my_contribution.text in text
    assert their_contribution.text in text
    assert {"action": "role.granted"}.items() <= data["recorded_about_you"][0].items()
    # The markers would be seen: the other's own export holds them.
    their_text, _data = download(other)
    assert "Zqother Marker" in their_text and "Zqpseudonym" in their_text
    # No secret: no token's or second factor's stored value, no password hash.
    for label in [
        "accounts.ApiToken.user",
        "exchanges.CalendarToken.user",
        "notifications.FeedToken.user",
        "notifications.UnsubscribeLink.user",
    ]:
        assert mine[label].token_hash not in text  # type: ignore[attr-defined]
    assert person.password not in text
    assert len(data["api_tokens"]) == 1 and data["api_tokens"][0]["name"] in text


def test_an_invitation_sent_by_choosing_a_name_keeps_the_address_out(network):
    person = make_user("inviter@test.example")
    create_invitation("typed@test.example", invited_by=person)
    create_invitation("chosen-by-name@test.example", invited_by=person, address_typed=False)
    text, data = download(person)
    assert "typed@test.example" in text
    assert "chosen-by-name" not in text
    assert len(data["invitations_sent"]) == 2


def test_the_export_says_which_surveys_were_answered_never_the_answer(network):
    person, other = network.community_member, network.member
    answer_survey(
        network.exchange, person, overall=5, usefulness=4, trust=5, comment="Zqanswer words"
    )
    assert SurveyResponse.objects.filter(comment="Zqanswer words").exists()
    text, data = download(person)
    assert data["surveys_answered"] == ["Asia exchange on screening"]
    assert "Zqanswer" not in text
    assert download(other)[1]["surveys_answered"] == []
