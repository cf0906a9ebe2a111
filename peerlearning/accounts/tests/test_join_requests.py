import pytest
from django.test import Client

from peerlearning.accounts.models import AuditEntry, Invitation, JoinRequest

pytestmark = pytest.mark.django_db

REQUEST = {
    "name": "Lucía Pérez",
    "email": "lucia@example.org",
    "organisation": "Clínica Jurídica",
    "country": "MX",
    "reason": "We support children released from immigration stations.",
}


def test_a_visitor_can_request_to_join_and_administrators_hear_of_it(
    administrator, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    assert client.get("/accounts/join/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/join/", REQUEST)
    assert response.status_code == 200
    assert "lucia@example.org" in response.content.decode()
    join_request = JoinRequest.objects.get()
    assert join_request.status == "pending"
    assert [m.to for m in mailoutbox] == [[administrator.email]]
    assert "Lucía Pérez" in mailoutbox[0].subject


def test_a_request_with_errors_keeps_what_was_typed(db):
    response = Client().post(
        "/accounts/join/", {**REQUEST, "email": "lucia-at-example", "reason": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Lucía Pérez"' in body
    assert 'value="lucia-at-example"' in body
    assert "This field is required" in body
    assert JoinRequest.objects.count() == 0


def test_the_request_records_the_language_it_was_made_in(db):
    Client().post("/accounts/join/", REQUEST, HTTP_ACCEPT_LANGUAGE="es")
    assert JoinRequest.objects.get().language == "es"


class TestDecide:
    @pytest.fixture
    def join_request(self, db):
        return JoinRequest.objects.create(**REQUEST, language="es")

    def test_an_administrator_sees_pending_requests(self, admin_client, join_request):
        response = admin_client.get("/manage/join-requests/")
        assert response.status_code == 200
        assert "Lucía Pérez" in response.content.decode()

    def test_approving_sends_an_invitation_in_their_language(
        self, admin_client, join_request, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                f"/manage/join-requests/{join_request.uuid}/decide/", {"decision": "approve"}
            )
        assert response.status_code == 302
        join_request.refresh_from_db()
        assert join_request.status == "approved"
        assert Invitation.objects.get().email == "lucia@example.org"
        assert mailoutbox[0].to == ["lucia@example.org"]
        assert "/accounts/invitations/" in mailoutbox[0].body
        assert AuditEntry.objects.filter(action="join_request.approved").exists()

    def test_declining_needs_a_reason(self, admin_client, join_request):
        response = admin_client.post(
            f"/manage/join-requests/{join_request.uuid}/decide/",
            {"decision": "decline"},
            follow=True,
        )
        assert "Give a reason" in response.content.decode()
        join_request.refresh_from_db()
        assert join_request.status == "pending"

    def test_declining_tells_the_person_why(
        self, admin_client, join_request, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(
                f"/manage/join-requests/{join_request.uuid}/decide/",
                {"decision": "decline", "reason": "Please ask through your national network."},
            )
        join_request.refresh_from_db()
        assert join_request.status == "declined"
        assert "Please ask through your national network." in mailoutbox[0].body

    def test_a_request_is_decided_once(self, admin_client, join_request):
        url = f"/manage/join-requests/{join_request.uuid}/decide/"
        admin_client.post(url, {"decision": "approve"})
        response = admin_client.post(url, {"decision": "approve"}, follow=True)
        assert "already been decided" in response.content.decode()
        assert Invitation.objects.count() == 1

    def test_a_facilitator_is_refused(self, facilitator_client, join_request):
        assert facilitator_client.get("/manage/join-requests/").status_code == 403
        url = f"/manage/join-requests/{join_request.uuid}/decide/"
        assert facilitator_client.post(url, {"decision": "approve"}).status_code == 403
        join_request.refresh_from_db()
        assert join_request.status == "pending"

    def test_an_unknown_request_is_not_found_where_a_real_one_is_decided(
        self, admin_client, join_request
    ):
        url = "/manage/join-requests/00000000-0000-0000-0000-000000000000/decide/"
        assert admin_client.post(url, {"decision": "approve"}).status_code == 404
        assert Invitation.objects.count() == 0
        join_request.refresh_from_db()
        assert join_request.status == "pending"
        # The same request on a real identifier approves it.
        url = f"/manage/join-requests/{join_request.uuid}/decide/"
        assert admin_client.post(url, {"decision": "approve"}).status_code == 302
        join_request.refresh_from_db()
        assert join_request.status == "approved"
        assert Invitation.objects.count() == 1

    def test_wrong_method_is_refused(self, admin_client, join_request):
        assert (
            admin_client.get(f"/manage/join-requests/{join_request.uuid}/decide/").status_code
            == 405
        )


def test_with_htmx_only_the_decided_request_is_sent_back(admin_client, db):
    join_request = JoinRequest.objects.create(**REQUEST)
    response = admin_client.post(
        f"/manage/join-requests/{join_request.uuid}/decide/",
        {"decision": "decline", "reason": "Not a fit."},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<li class="card"')
    assert "<html" not in body
    assert "lucia@example.org has been told why" in body
    assert "Reason given: Not a fit." in body
