"""Requirement 2 of issue 10 for the thesaurus: only editors with two factors change it, and
only through the audited editing pages — replayed by the insiders who would try another way.

Each refusal carries its positive control: the same change made the intended way is written.
"""

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.knowledge.models import Concept
from peerlearning.network.testing import client_for
from peerlearning.testing import TOTP_SECRET, make_user

pytestmark = pytest.mark.django_db

TOTP_SET_UP = "/accounts/2fa/totp/activate/"


def labels(**changes: str) -> dict[str, str]:
    data = {
        f"{kind}_{code}": "" for kind in ("label", "synonyms") for code in ["en", "es", "fr", "ar"]
    }
    return {**data, "label_en": "case management", "broader": "", **changes}


@pytest.fixture
def concept(db) -> Concept:
    return Concept.objects.create(slug="case-management", labels={"en": "case management"})


def test_a_new_editor_without_two_factors_changes_nothing_until_they_have_them(concept):
    from allauth.mfa.totp.internal.auth import TOTP

    editor = make_user("new-editor@test.example", is_editor=True)  # password alone
    client = client_for(editor)
    for path, data in [
        ("/thesaurus/case-management/edit/", labels(label_es="gestión de casos")),
        ("/thesaurus/new/", labels(label_en="screening")),
        ("/thesaurus/case-management/delete/", {}),
    ]:
        response = client.post(path, data)
        assert response.status_code == 302 and response["Location"].startswith(TOTP_SET_UP)
    concept.refresh_from_db()
    assert concept.labels == {"en": "case management"} and Concept.objects.count() == 1
    assert not AuditEntry.objects.filter(action__startswith="concept.").exists()

    TOTP.activate(editor, TOTP_SECRET)
    response = client.post("/thesaurus/case-management/edit/", labels(label_es="gestión de casos"))
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.labels["es"] == "gestión de casos"


def test_a_coordinator_who_is_not_an_editor_cannot_change_the_thesaurus(concept):
    coordinator = make_user(
        "coordinator@test.example", is_facilitator=True, is_editor=False, two_factor=True
    )
    client = client_for(coordinator)
    assert client.post("/thesaurus/case-management/edit/", labels(label_en="x")).status_code == 403
    assert client.post("/thesaurus/case-management/delete/").status_code == 403
    assert client.get(f"/admin/knowledge/concept/{concept.pk}/change/").status_code in {302, 403}
    concept.refresh_from_db()
    assert concept.labels == {"en": "case management"}


def test_an_administrator_cannot_edit_concepts_unaudited_in_the_django_admin(
    concept, administrator
):
    client = client_for(administrator)
    client.post(
        f"/admin/knowledge/concept/{concept.pk}/change/",
        {"slug": "case-management", "labels": '{"en": "renamed quietly"}', "synonyms": "{}"},
    )
    client.post(f"/admin/knowledge/concept/{concept.pk}/delete/", {"post": "yes"})
    concept.refresh_from_db()
    assert concept.labels == {"en": "case management"}
    # The intended way: the editing page, audited.
    response = client.post("/thesaurus/case-management/edit/", labels(label_en="renamed openly"))
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.labels == {"en": "renamed openly"}
    entry = AuditEntry.objects.get(action="concept.edited")
    assert entry.actor == administrator
