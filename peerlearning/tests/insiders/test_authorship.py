"""Insiders replaying what they found (issue 10): an administrator hunting authors (finding 3),
a facilitator differencing a survey (finding 5), a member reading another exchange's follow-ups
before its report (finding 6). Each test is written as that person tried it, and fails if any
of it works again; each carries the positive control that shows the surface really was looked at.
"""

import re
import uuid
from pathlib import Path

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges import actions
from peerlearning.exchanges.models import Contribution, Registration, SurveyResponse
from peerlearning.network.models import Affiliation, Membership
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

EX = "/exchanges/asia-exchange/"


def _main(page: str) -> str:
    """The page's own content, without the per-request token of the sign-out form."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.split("<main")[1])


def _participants(network, count: int) -> list:
    """More participants of the held exchange, each writing one contribution."""
    people = []
    delegation = network.exchange.delegations.get()
    for i in range(count):
        person = make_user(f"writer{i}@test.example", display_name=f"Writer {i}")
        Membership.objects.create(community=network.asia, person=person)
        Affiliation.objects.create(person=person, organisation=network.ministry)
        Registration.objects.create(exchange=network.exchange, person=person, delegation=delegation)
        actions.contribute(network.exchange, person, kind="learning", text=f"Said by {i}.")
        people.append(person)
    return people


class TestAnAdministratorHuntingAuthors:
    def test_the_user_delete_preview_lists_and_counts_no_authorship(self, network):
        writers = _participants(network, 3)
        admin = client_for(network.administrator)
        # Calibration: the administrator writes one contribution and opens their own preview.
        actions.contribute(network.exchange, network.administrator, kind="idea", text="Mine.")
        previews = {}
        for person in [*writers, network.community_member, network.administrator, network.hidden]:
            response = admin.get(f"/admin/accounts/user/{person.pk}/delete/")
            assert response.status_code == 200
            previews[person] = response.content.decode()
        for person, page in previews.items():
            # The preview really lists what goes with the person (positive control) ...
            assert "Are you sure you want to delete" in page
            assert "attributed to nobody" in page  # the same neutral line for everyone
            # ... but nothing of what they wrote: no row, no number, no count.
            assert "sealed" not in page.lower(), person.email
            assert "authorship" not in page.lower().replace("any record of who wrote them", ""), (
                person.email
            )
        registered = previews[network.community_member]
        assert "Registration" in registered  # cascaded rows are still listed

        def summary(page: str) -> str:
            return page.split("<h2>")[1].split("</ul>")[0] if "<h2>" in page else ""

        # Whoever wrote something or nothing, the summary counts the same kinds of rows.
        assert "Contribution" not in summary(previews[network.community_member])
        assert summary(previews[network.hidden]).count("<li>") <= summary(
            previews[network.administrator]
        ).count("<li>")

    def test_the_exchange_delete_preview_names_no_sealed_row(self, network):
        from peerlearning.exchanges.models import Exchange

        writers = _participants(network, 2)
        other = Exchange.objects.create(
            slug="another", community=network.asia, title="Another", format="webinar"
        )
        for writer in writers:
            actions.contribute(other, writer, kind="learning", text=f"By {writer.public_name}")
        page = (
            client_for(network.administrator)
            .get(f"/admin/exchanges/exchange/{other.pk}/delete/")
            .content.decode()
        )
        assert "Are you sure you want to delete" in page
        assert "Contributions: 2" in page  # the preview lists what goes with it
        assert "sealed" not in page.lower()
        change = client_for(network.administrator).get(
            f"/admin/exchanges/exchange/{other.pk}/change/"
        )
        assert change.status_code == 200
        assert 'name="survey_closed_at"' not in change.content.decode()  # not reopened here

    def test_the_outcomes_form_shows_no_sequential_id_and_no_writing_order(self, network):
        writers = _participants(network, 4)
        facilitator = client_for(network.administrator)
        mine = actions.contribute(
            network.exchange, network.administrator, kind="learning", text="Cal."
        )
        page = facilitator.get(f"{EX}outcomes/").content.decode()
        values = re.findall(r'name="contributions" value="([^"]+)"', page)
        contributions = Contribution.objects.filter(exchange=network.exchange)
        assert len(values) == contributions.count() == len(writers) + 2  # every one is offered
        # Each is chosen by its random uuid: calibrating with one's own tells nothing of others.
        assert all(uuid.UUID(value) for value in values)
        assert str(mine.uuid) in values
        ids = {str(pk) for pk in contributions.values_list("pk", flat=True)}
        assert not ids & set(values)
        assert not re.search(r'value="\d+"[^>]*name="contributions"', page)
        # Offered by kind and uuid, never in the order they were written.
        expected = [str(c.uuid) for c in contributions.order_by("kind", "uuid")]
        assert values == expected
        # Choosing by uuid works (and an integer id is refused, writing nothing).
        response = facilitator.post(
            f"{EX}outcomes/",
            {"kind": "learning", "text": "From an id.", "contributions": [str(mine.pk)]},
        )
        assert response.status_code == 400
        assert not network.exchange.outcomes.filter(text="From an id.").exists()
        facilitator.post(
            f"{EX}outcomes/",
            {"kind": "learning", "text": "From a uuid.", "contributions": [str(mine.uuid)]},
        )
        assert list(network.exchange.outcomes.get(text="From a uuid.").contributions.all()) == [
            mine
        ]

    def test_authorship_is_read_only_on_the_audited_path(self, network):
        admin = client_for(network.administrator)
        contribution = network.contribution
        url = f"{EX}contributions/{contribution.uuid}/author/"
        page = admin.get(url).content.decode()
        assert network.community_member.public_name not in page
        assert not AuditEntry.objects.filter(action="contribution.author_read").exists()
        page = admin.post(url, {"reason": "A complaint of abuse was received."}).content.decode()
        assert network.community_member.public_name in page
        assert AuditEntry.objects.filter(
            action="contribution.author_read", actor=network.administrator
        ).exists()

    def test_no_module_reads_sealed_authorship_outside_the_actions(self):
        """Reading who wrote what goes through exchanges.actions (the author's own list and the
        audited read); a new reader elsewhere must be a deliberate change to this list."""
        root = Path(__file__).resolve().parents[2]
        allowed = {
            "exchanges/models.py",  # the model
            "exchanges/actions.py",  # contribute, contributions_of, read_author
            "exchanges/admin.py",  # leaves it out of deletion previews
            "demo/exchanges.py",  # writes the demo's sealed rows
            "network/testing.py",  # writes the test world's sealed rows
            "access/audit.py",  # names it to withhold audit entries about it; never reads it
            "accounts/exports.py",  # names the field it covers; reads via contributions_of
            "accounts/retention.py",  # deletes a closed account's rows after the period
        }
        readers = {
            str(path.relative_to(root))
            for path in root.rglob("*.py")
            if "SealedAuthorship" in path.read_text()
            and "tests" not in path.parts
            and "migrations" not in path.parts
        }
        assert readers <= allowed, readers - allowed


class TestAFacilitatorDifferencingTheSurvey:
    def _answer(self, network, people, overall: int, comment: str) -> None:
        for person in people:
            actions.answer_survey(
                network.exchange, person, overall=overall, usefulness=3, trust=3, comment=comment
            )

    def test_one_more_answer_teaches_nothing_while_the_survey_is_open(self, network):
        people = _participants(network, 6)
        facilitator = client_for(network.facilitator)
        results = f"{EX}feedback/results/"
        self._answer(network, people[:5], 4, "Fine.")
        before = facilitator.get(results).content.decode()
        self._answer(network, people[5:], 1, "The room was not safe for me.")
        after = facilitator.get(results).content.decode()
        assert "The room was not safe for me." not in after
        assert "Fine." not in before
        assert _main(before).replace("Answers: 5.", "") == _main(after).replace("Answers: 6.", "")
        # Closing (audited) shows the results, from five answers; no answer comes after.
        response = facilitator.post(f"{EX}feedback/close/")
        assert response.status_code == 302
        assert AuditEntry.objects.filter(action="exchange.survey_closed").exists()
        closed = facilitator.get(results).content.decode()
        assert "The room was not safe for me." in closed
        assert "3.5 / 5" in closed  # (5 × 4 + 1) / 6
        late = make_user("late@test.example")
        Registration.objects.create(
            exchange=network.exchange, person=late, delegation=network.exchange.delegations.get()
        )
        Membership.objects.create(community=network.asia, person=late)
        response = client_for(late).post(
            f"{EX}feedback/", {"overall": 1, "usefulness": 1, "trust": 1, "comment": "Late."}
        )
        assert response.status_code == 403
        assert SurveyResponse.objects.count() == 6
        with pytest.raises(actions.ExchangeError):
            actions.answer_survey(
                network.exchange, late, overall=1, usefulness=1, trust=1, comment="Late."
            )
        assert SurveyResponse.objects.count() == 6

    def test_a_closed_survey_shows_nothing_below_five_answers(self, network):
        people = _participants(network, 4)
        self._answer(network, people, 2, "Only four of us.")
        facilitator = client_for(network.facilitator)
        facilitator.post(f"{EX}feedback/close/")
        page = facilitator.get(f"{EX}feedback/results/").content.decode()
        assert "fewer than 5" in page
        assert "Only four of us." not in page
        assert "/ 5</dd>" not in page

    def test_publishing_the_report_closes_the_survey(self, network):
        people = _participants(network, 5)
        self._answer(network, people, 5, "Useful.")
        facilitator = client_for(network.facilitator)
        assert "Useful." not in facilitator.get(f"{EX}feedback/results/").content.decode()
        facilitator.post(f"{EX}status/", {"status": "reported"})
        network.exchange.refresh_from_db()
        assert network.exchange.status == "reported"
        assert "Useful." in facilitator.get(f"{EX}feedback/results/").content.decode()
        assert client_for(people[0]).get(f"{EX}feedback/").status_code == 403

    def test_a_member_cannot_close_the_survey(self, network):
        response = client_for(network.community_member).post(f"{EX}feedback/close/")
        assert response.status_code == 403
        network.exchange.refresh_from_db()
        assert network.exchange.survey_closed_at is None
        assert client_for(network.community_member).get(f"{EX}feedback/").status_code == 200


class TestAMemberReadingTheBoardBeforeTheReport:
    BOARD = "/communities/asia-pacific/follow-ups/"

    def test_the_board_waits_for_the_report(self, network):
        bystander = make_user("bystander@test.example", display_name="Bystander")
        Membership.objects.create(community=network.asia, person=bystander)
        # The exchange is held, its report drafted and not published: the API and the
        # outcomes refuse this member its follow-up actions; the board must too.
        api = client_for(bystander).get("/api/v1/exchanges/asia-exchange/outcomes")
        assert api.status_code == 403
        board = client_for(bystander).get(self.BOARD)
        assert board.status_code == 200
        assert "Share the guidance." not in board.content.decode()
        assert "Ministry of Interior" not in board.content.decode()
        # Its participants and facilitators see it before the report ...
        for insider in (network.community_member, network.facilitator):
            assert "Share the guidance." in client_for(insider).get(self.BOARD).content.decode()
        # ... and every member once it is published.
        client_for(network.facilitator).post(f"{EX}status/", {"status": "reported"})
        page = client_for(bystander).get(self.BOARD).content.decode()
        assert "Share the guidance." in page
        assert "Ministry of Interior" in page
        assert (
            client_for(bystander).get("/api/v1/exchanges/asia-exchange/outcomes").status_code == 200
        )
