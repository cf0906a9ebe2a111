"""Lessons are made where they are learnt (issue 17): an exchange's key learnings made into
lessons in one step by its facilitators; an editor's lesson from a practice; editing and
deleting; the lessons page with its sources, places, concepts and filters; search."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import Exchange, Outcome, Report
from peerlearning.knowledge.models import Concept, Lesson, Practice, SearchDocument, SearchFacet
from peerlearning.knowledge.search import forget_thesaurus
from peerlearning.network.models import Country, Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

LEARNINGS = [
    "Ending detention takes years: a lasting strategy and funding.",
    "Linking national work to regional efforts moved things on the ground.",
    "A coalition needs skilled coordination and a shared agenda.",
    "Officials listen when advocates bring solutions.",
    "Every part of government and society opened the way.",
    "Local organisations should lead the advocacy.",
    "Examples from elsewhere show how to adapt an initiative.",
]


@pytest.fixture
def webinar(network):
    """A Thailand-like webinar of the Asia Pacific community: public, its report out, seven key
    learnings and a follow-up action."""
    network.asia.regions = ["asia-pacific"]
    network.asia.save(update_fields=["regions"])
    exchange = Exchange.objects.create(
        slug="movement-webinar",
        community=network.asia,
        title="Building a movement to end detention",
        format="webinar",
        mode="online",
        rule="open",
        status="reported",
        visibility="public",
        language="fr",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30),
        time_zone="Asia/Bangkok",
    )
    for position, text in enumerate(LEARNINGS):
        Outcome.objects.create(exchange=exchange, kind="learning", text=text, position=position)
    Outcome.objects.create(exchange=exchange, kind="follow-up", text="Write to the ministry.")
    Report.objects.create(exchange=exchange, body="Learnings.", published_at=timezone.now())
    for slug, label in [("children", "children"), ("alternative-care", "alternative care")]:
        Concept.objects.get_or_create(
            slug=slug, defaults={"labels": {"en": label, "ar": f"{label} (ar)"}}
        )
    forget_thesaurus()
    return exchange


def learnings_of(exchange) -> list[Outcome]:
    return list(Outcome.objects.filter(exchange=exchange, kind="learning").order_by("position"))


def make(client, exchange, outcomes, **data):
    body = {"outcomes": [str(o) for o in outcomes], "region": "asia-pacific", **data}
    return client.post(f"/exchanges/{exchange.slug}/lessons/", body)


def community_facilitator(network):
    """A facilitator of the Asia Pacific community only: no platform role, no editor."""
    person = make_user("cfac@test.example", display_name="Cora Facilitator", two_factor=True)
    Membership.objects.create(community=network.asia, person=person, role=Role.FACILITATOR)
    return person


class TestMakingLessons:
    def test_a_facilitator_makes_three_of_seven_and_anyone_reads_them(
        self, network, webinar, django_capture_on_commit_callbacks
    ):
        client = client_for(network.facilitator)
        page = client.get(f"/exchanges/{webinar.slug}/lessons/").content.decode()
        assert all(text in page for text in LEARNINGS)
        assert "Write to the ministry." not in page  # a follow-up is no key learning
        assert 'value="asia-pacific" selected' in page  # the community's region, chosen
        chosen = learnings_of(webinar)[:3]
        with django_capture_on_commit_callbacks(execute=True):
            response = make(
                client, webinar, [o.uuid for o in chosen], concepts=["children", "alternative-care"]
            )
        assert response.status_code == 302
        lessons = Lesson.objects.filter(exchange=webinar).order_by("position")
        assert [lesson.text for lesson in lessons] == LEARNINGS[:3]
        for lesson, outcome in zip(lessons, chosen, strict=True):
            assert lesson.outcome == outcome
            assert lesson.language == "fr"  # the report's language
            assert lesson.region == "asia-pacific"
            assert lesson.created_by == network.facilitator
            assert set(lesson.concepts.values_list("slug", flat=True)) == {
                "children",
                "alternative-care",
            }
            assert not lesson.countries.exists()  # never where who said it comes from
        assert AuditEntry.objects.filter(action="lesson.created").count() == 3
        assert SearchDocument.objects.filter(kind="lesson", audience="public").count() == 3

        # The page shows the three as done, with a link, and offers the four others.
        page = client.get(f"/exchanges/{webinar.slug}/lessons/").content.decode()
        assert page.count("See the lesson") == 3
        assert page.count('name="outcomes"') == 4
        for lesson in lessons:
            assert f"/lessons/#lesson-{lesson.uuid}" in page

        anonymous = Client().get("/lessons/").content.decode()
        for text in LEARNINGS[:3]:
            assert text in anonymous
        assert LEARNINGS[3] not in anonymous
        assert "From the exchange" in anonymous
        assert webinar.title in anonymous
        assert "Asia Pacific" in anonymous  # the region
        assert "alternative care" in anonymous  # the concepts, labelled
        # Found by search, in any language through its concepts.
        found = Client().get("/search/?q=coalition+coordination").content.decode()
        assert f"/lessons/#lesson-{lessons[2].uuid}" in found

    def test_concepts_are_labelled_in_the_readers_language(self, network, webinar):
        make(
            client_for(network.facilitator),
            webinar,
            [learnings_of(webinar)[0].uuid],
            concepts=["alternative-care"],
        )
        page = Client().get("/lessons/", headers={"accept-language": "ar"}).content.decode()
        assert "alternative care (ar)" in page

    def test_choosing_none_makes_nothing(self, network, webinar):
        response = make(client_for(network.facilitator), webinar, [])
        assert response.status_code == 400
        assert "Choose at least one key learning." in response.content.decode()
        assert not Lesson.objects.exists()

    def test_a_forged_outcome_is_refused_and_nothing_is_made(self, network, webinar):
        client = client_for(network.facilitator)
        mine = learnings_of(webinar)[0]
        foreign = Outcome.objects.create(
            exchange=network.exchange, kind="learning", text="Secret learning of another room."
        )
        follow_up = Outcome.objects.get(exchange=webinar, kind="follow-up")
        for forged in (foreign.uuid, follow_up.uuid, "not-a-uuid", network.follow_up.uuid):
            response = make(client, webinar, [mine.uuid, forged])
            assert response.status_code == 400, forged
            text = response.content.decode()
            assert "Only the key learnings of this exchange can be made into lessons." in text
            assert "Secret learning of another room." not in text
        assert not Lesson.objects.exists()

    def test_a_learning_made_twice_is_one_lesson(self, network, webinar):
        client = client_for(network.facilitator)
        first = learnings_of(webinar)[0]
        assert make(client, webinar, [first.uuid]).status_code == 302
        response = make(client, webinar, [first.uuid])  # the form sent again
        assert response.status_code == 400
        assert "lessons already" in response.content.decode()
        second = learnings_of(webinar)[1]
        assert make(client, webinar, [first.uuid, second.uuid]).status_code == 302
        assert Lesson.objects.count() == 2

    def test_a_community_facilitator_may_a_member_and_other_facilitators_may_not(
        self, network, webinar
    ):
        path = f"/exchanges/{webinar.slug}/lessons/"
        assert client_for(community_facilitator(network)).get(path).status_code == 200
        assert client_for(network.administrator).get(path).status_code == 200
        assert client_for(network.community_member).get(path).status_code == 403
        assert client_for(network.other_facilitator).get(path).status_code == 403
        assert Client().get(path).status_code == 302
        learning = learnings_of(webinar)[0]
        for person in (network.community_member, network.other_facilitator, network.outsider):
            assert make(client_for(person), webinar, [learning.uuid]).status_code == 403
        assert not Lesson.objects.exists()

    def test_another_communitys_facilitator_does_not_learn_a_hidden_exchange_exists(self, network):
        hidden = Exchange.objects.create(
            slug="private-room",
            community=network.private,
            title="Private room",
            format="workshop",
            mode="online",
            status="held",
            visibility="community",
            starts_at=timezone.now() - timedelta(days=3),
            time_zone="UTC",
        )
        learning = Outcome.objects.create(exchange=hidden, kind="learning", text="Quiet.")
        other = client_for(network.other_facilitator)
        assert other.get("/exchanges/private-room/lessons/").status_code == 404
        assert make(other, hidden, [learning.uuid]).status_code == 404
        assert (
            client_for(network.facilitator).get("/exchanges/private-room/lessons/").status_code
            == 200
        )

    def test_a_platform_facilitator_outside_the_community_once_the_report_is_out(
        self, network, webinar
    ):
        coordinator = make_user("coord@test.example", is_facilitator=True, two_factor=True)
        client = client_for(coordinator)
        assert client.get(f"/exchanges/{webinar.slug}/lessons/").status_code == 200
        assert (
            "Turn key learnings into lessons"
            in client.get(webinar.get_absolute_url()).content.decode()
        )
        assert make(client, webinar, [learnings_of(webinar)[0].uuid]).status_code == 302
        edit = f"/lessons/{Lesson.objects.get().uuid}/edit/"
        assert edit in client.get("/lessons/").content.decode()
        assert client.get(edit).status_code == 200
        # Before the report is out, the key learnings are the room's: not theirs to make.
        Report.objects.filter(exchange=webinar).update(published_at=None)
        Exchange.objects.filter(pk=webinar.pk).update(status="held")
        assert client.get(f"/exchanges/{webinar.slug}/lessons/").status_code == 403
        assert edit not in client.get("/lessons/").content.decode()
        # Nor theirs to read: a lesson is read by who may read the exchange's outcomes.
        assert client.get(edit).status_code == 404

    def test_the_exchange_page_links_to_it_for_those_who_may(self, network, webinar):
        link = f"/exchanges/{webinar.slug}/lessons/"
        assert (
            link in client_for(network.facilitator).get(webinar.get_absolute_url()).content.decode()
        )
        for person in (network.community_member, network.other_facilitator, None):
            assert link not in client_for(person).get(webinar.get_absolute_url()).content.decode()
        outcomes = client_for(network.facilitator).get(f"/exchanges/{webinar.slug}/outcomes/")
        assert link in outcomes.content.decode()


class TestMembersOnly:
    def test_lessons_of_a_members_only_exchange_are_for_those_who_may_see_it(
        self, network, django_capture_on_commit_callbacks
    ):
        learning = Outcome.objects.create(
            exchange=network.exchange, kind="learning", text="Quokkas screen every arrival."
        )
        # The report is out: the key learnings are the community's to read.
        Report.objects.update_or_create(
            exchange=network.exchange, defaults={"body": "Report.", "published_at": timezone.now()}
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert (
                make(client_for(network.facilitator), network.exchange, [learning.uuid]).status_code
                == 302
            )
        for person in (None, network.outsider, network.member, network.other_facilitator):
            client = client_for(person)
            assert "Quokkas" not in client.get("/lessons/").content.decode()
            assert "screen every arrival" not in client.get("/search/?q=quokkas").content.decode()
            api = client.get("/api/v1/search?q=quokkas").content.decode()
            assert "screen every arrival" not in api
            assert network.exchange.title not in client.get("/lessons/").content.decode()
        # Control: the community's members read it on the lessons page.
        member_page = client_for(network.community_member).get("/lessons/").content.decode()
        assert "Quokkas screen every arrival." in member_page
        assert network.exchange.title in member_page
        # Made public, everyone finds it.
        from peerlearning.exchanges import actions as exchange_actions

        Exchange.objects.filter(pk=network.exchange.pk).update(visibility="public")
        exchange_actions.exchange_changed(Exchange.objects.get(pk=network.exchange.pk))
        assert "screen every arrival" in Client().get("/search/?q=quokkas").content.decode()
        assert "screen every arrival" in Client().get("/api/v1/search?q=quokkas").content.decode()


class TestFromAPractice:
    def test_an_editor_writes_a_lesson_carrying_the_practices_countries(
        self, network, django_capture_on_commit_callbacks
    ):
        practice = Practice.objects.get(external_id="th-community-case-management")
        Concept.objects.get_or_create(
            slug="case-management", defaults={"labels": {"en": "case management"}}
        )
        path = f"/practices/{practice.external_id}/lessons/new/"
        client = client_for(network.facilitator)  # an editor
        assert "Thailand" in client.get(path).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                path,
                {
                    "text": "Small caseloads keep children out of detention.",
                    "language": "en",
                    "concepts": ["case-management"],
                },
            )
        assert response.status_code == 302
        lesson = Lesson.objects.get(practice=practice)
        assert list(lesson.countries.values_list("code", flat=True)) == ["TH"]
        assert lesson.region == "asia-pacific"
        assert lesson.created_by == network.facilitator
        page = Client().get("/lessons/").content.decode()
        assert "Small caseloads keep children out of detention." in page
        assert "From the practice" in page and practice.title in page
        assert "Thailand" in page
        facets = set(
            SearchFacet.objects.filter(document__key=str(lesson.uuid)).values_list("name", "value")
        )
        assert {("country", "TH"), ("region", "asia-pacific"), ("type", "lesson")} <= facets
        found = Client().get("/search/?q=caseloads&country=TH").content.decode()
        assert f"/lessons/#lesson-{lesson.uuid}" in found
        elsewhere = Client().get("/search/?q=caseloads&country=MX").content.decode()
        assert f"/lessons/#lesson-{lesson.uuid}" not in elsewhere

    def test_only_editors_write_one(self, network):
        path = "/practices/th-community-case-management/lessons/new/"
        body = {"text": "A lesson.", "language": "en"}
        for person in (
            network.community_member,
            network.other_facilitator,
            community_facilitator(network),
        ):
            assert client_for(person).post(path, body).status_code == 403
        assert Client().post(path, body).status_code == 302
        assert not Lesson.objects.exists()
        # A draft practice is no one's to know of but the editors'.
        assert (
            client_for(network.facilitator)
            .get("/practices/th-draft-practice/lessons/new/")
            .status_code
            == 200
        )
        assert (
            client_for(network.member).get("/practices/th-draft-practice/lessons/new/").status_code
            == 403
        )

    def test_an_empty_lesson_is_refused(self, network):
        path = "/practices/th-community-case-management/lessons/new/"
        response = client_for(network.facilitator).post(path, {"text": "", "language": "en"})
        assert response.status_code == 400
        assert not Lesson.objects.exists()


class TestEditAndDelete:
    def test_the_exchanges_facilitators_edit_and_delete_its_lessons(
        self, network, webinar, django_capture_on_commit_callbacks
    ):
        facilitator = community_facilitator(network)  # not an editor
        client = client_for(facilitator)
        make(client, webinar, [learnings_of(webinar)[0].uuid])
        lesson = Lesson.objects.get()
        edit = f"/lessons/{lesson.uuid}/edit/"
        assert LEARNINGS[0] in client.get(edit).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                edit,
                {
                    "text": "Lasting strategy, lasting funding.",
                    "language": "en",
                    "region": "global",
                    "concepts": ["children"],
                },
            )
        assert response.status_code == 302
        lesson.refresh_from_db()
        assert (lesson.text, lesson.language, lesson.region) == (
            "Lasting strategy, lasting funding.",
            "en",
            "global",
        )
        assert SearchDocument.objects.get(key=str(lesson.uuid)).body == lesson.text
        # The list offers the change to them, not to a member.
        assert edit in client.get("/lessons/").content.decode()
        assert edit not in client_for(network.community_member).get("/lessons/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/lessons/{lesson.uuid}/delete/").status_code == 302
        assert not Lesson.objects.exists()
        assert not SearchDocument.objects.filter(kind="lesson").exists()
        assert Outcome.objects.filter(exchange=webinar, kind="learning").count() == 7
        assert AuditEntry.objects.filter(action="lesson.deleted").exists()

    def test_who_may_not_edit_or_delete(self, network, webinar):
        make(client_for(network.facilitator), webinar, [learnings_of(webinar)[0].uuid])
        exchange_lesson = Lesson.objects.get()
        practice_lesson = Lesson.objects.create(
            practice=Practice.objects.get(external_id="th-community-case-management"),
            text="A practice's lesson.",
        )
        body = {"text": "Changed.", "language": "en"}
        for person in (network.community_member, network.other_facilitator, network.outsider):
            client = client_for(person)
            for lesson in (exchange_lesson, practice_lesson):
                assert client.get(f"/lessons/{lesson.uuid}/edit/").status_code == 403
                assert client.post(f"/lessons/{lesson.uuid}/edit/", body).status_code == 403
                assert client.post(f"/lessons/{lesson.uuid}/delete/").status_code == 403
        # The exchange's facilitator is no editor of a practice's lesson.
        own = client_for(community_facilitator(network))
        assert own.post(f"/lessons/{practice_lesson.uuid}/edit/", body).status_code == 403
        # A lesson of a source one may not see is not found.
        hidden = Lesson.objects.create(exchange=network.exchange, text="Hidden.")
        assert client_for(network.outsider).get(f"/lessons/{hidden.uuid}/edit/").status_code == 404
        assert Lesson.objects.filter(text="Changed.").count() == 0
        # An editor may edit the practice's lesson.
        editor = client_for(network.facilitator)
        assert editor.post(f"/lessons/{practice_lesson.uuid}/edit/", body).status_code == 302


class TestTheList:
    def test_filters_by_region_country_and_concept(self, network, webinar):
        make(
            client_for(network.facilitator),
            webinar,
            [learnings_of(webinar)[0].uuid],
            concepts=["children"],
        )
        practice = Practice.objects.get(external_id="th-community-case-management")
        other = Lesson.objects.create(
            practice=practice, text="Caseloads matter.", region="asia-pacific"
        )
        other.countries.set(Country.objects.filter(code="TH"))
        europe = Lesson.objects.create(
            practice=practice, text="Europe learns too.", region="europe"
        )
        client = Client()
        page = client.get("/lessons/?region=asia-pacific").content.decode()
        assert LEARNINGS[0] in page and "Caseloads matter." in page
        assert "Europe learns too." not in page
        page = client.get("/lessons/?country=TH").content.decode()
        assert "Caseloads matter." in page and LEARNINGS[0] not in page
        page = client.get("/lessons/?concept=children").content.decode()
        assert LEARNINGS[0] in page and "Caseloads matter." not in page
        assert europe.text not in client.get("/lessons/?concept=alternative-care").content.decode()
        assert (
            "No lesson matches."
            in client.get("/lessons/?concept=alternative-care").content.decode()
        )
        # An unknown filter value is ignored, never an error.
        assert client.get("/lessons/?region=atlantis&concept=zzz").status_code == 200

    def test_the_list_takes_a_bounded_number_of_queries(
        self, network, webinar, django_assert_max_num_queries
    ):
        practice = Practice.objects.get(external_id="th-community-case-management")
        concepts = list(Concept.objects.all())
        for n in range(40):
            lesson = Lesson.objects.create(
                exchange=webinar if n % 2 else None,
                practice=None if n % 2 else practice,
                text=f"Lesson {n}.",
                region="asia-pacific",
            )
            lesson.concepts.set(concepts)
            if not n % 2:
                lesson.countries.set(Country.objects.filter(code__in=["TH", "MY"]))
        for person in (None, network.facilitator, community_facilitator(network)):
            client = client_for(person)
            with django_assert_max_num_queries(16):
                response = client.get("/lessons/")
            assert response.content.decode().count('<li id="lesson-') == 30
