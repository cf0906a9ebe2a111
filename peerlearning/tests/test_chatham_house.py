"""The proof of the Chatham House promise (DESIGN.md §4).

Every participant carries unique markers in name, pseudonym, organisation and e-mail. The test
crawls every URL of an exchange held under the rule — pages, fragments, API, calendar files, the
PDF report, error pages — as every persona, and the e-mails sent, and asserts that no marker appears
where the rule forbids it. URL patterns are enumerated, so new surfaces are covered automatically.
"""

import io
import re
import uuid
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader

from peerlearning.accounts.models import User
from peerlearning.exchanges import actions
from peerlearning.exchanges.calendars import new_calendar_token
from peerlearning.exchanges.models import Exchange, ExchangeInvitation, Outcome, Status
from peerlearning.network.models import Affiliation, Community, Membership, Organisation, Role
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

MARK = "Zqx"


@dataclass
class Participant:
    user: User
    name: str
    pseudonym: str
    organisation: str
    email: str

    @property
    def public(self) -> str:
        return self.pseudonym or self.name

    @property
    def markers(self) -> set[str]:
        return {m for m in (self.name, self.pseudonym, self.organisation, self.email) if m}


@pytest.fixture
def room(db, administrator, facilitator, outsider, mailoutbox, django_capture_on_commit_callbacks):
    community = Community.objects.create(slug="room", name="Room", purpose="p", level="regional")
    Membership.objects.create(community=community, person=facilitator, role=Role.FACILITATOR)
    bystander = make_user("bystander@test.example", display_name="Bystander")
    Membership.objects.create(community=community, person=bystander)
    idc = Organisation.objects.create(
        slug="idc", name="International Detention Coalition", stakeholder_type="civil-society"
    )
    exchange = Exchange.objects.create(
        slug="room-exchange",
        community=community,
        title="Exchange under the rule",
        format="workshop",
        mode="online",
        rule="chatham-house",
        status=Status.OPEN,
        visibility="community",
        starts_at="2030-05-24T14:00:00Z",
        ends_at="2030-05-24T17:00:00Z",
        time_zone="Europe/Lisbon",
    )
    exchange.co_conveners.set([idc])
    people = []
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(6):
            name, pseudonym = f"Name{MARK}{i}", f"Pseud{MARK}{i}" if i % 2 == 0 else ""
            email, org_name = f"mail{MARK.lower()}{i}@example.org", f"Ministry{MARK}{i}"
            user = make_user(email, display_name=name, pseudonym=pseudonym, visibility="network")
            organisation = Organisation.objects.create(
                slug=f"ministry-{i}", name=org_name, stakeholder_type="government"
            )
            Affiliation.objects.create(
                person=user,
                organisation=organisation,
                title="Director",
                shown_with_pseudonym=True,
                status="confirmed",
            )
            Membership.objects.create(community=community, person=user)
            actions.register(exchange, user, organisation=organisation, accepted_rule=True)
            actions.contribute(exchange, user, kind="learning", text=f"Learning number {i}.")
            people.append(Participant(user, name, pseudonym, org_name, email))
        # An invitation, for the pages that resend and cancel it.
        ExchangeInvitation.objects.create(exchange=exchange, person=bystander)
        actions.add_session(
            exchange,
            by=facilitator,
            speakers=[people[0].user, people[1].user],
            title="Opening",
            starts_at=exchange.starts_at,
            ends_at=exchange.ends_at,
        )
        # The rule's own failure mode: a participant names their delegation; another reports
        # it; the facilitators redact it. The original is for its author only from then on.
        identifying = actions.contribute(
            exchange,
            people[4].user,
            kind="practice",
            text=f"As the delegate of {people[4].organisation}, we release every child.",
        )
        actions.report_contribution(
            identifying, by=people[1].user, reason="It names the delegation."
        )
        actions.move_exchange(exchange, Status.CLOSED, by=facilitator)
        # "Held" only once it has ended: the exchange took place.
        Exchange.objects.filter(pk=exchange.pk).update(
            starts_at="2025-05-24T14:00:00Z", ends_at="2025-05-24T17:00:00Z"
        )
        actions.move_exchange(exchange, Status.HELD, by=facilitator)
        for person in people:
            actions.answer_survey(
                exchange, person.user, overall=4, usefulness=5, trust=5, comment="Useful and safe."
            )
        actions.add_outcome(exchange, by=facilitator, kind="learning", text="Screen early.")
        actions.add_outcome(
            exchange, by=facilitator, kind="follow-up", text="Share guidance.", owner=idc
        )
        from peerlearning.exchanges.reports import draft_body

        actions.save_report(
            exchange,
            by=facilitator,
            summary="What we learnt.",
            body=f"{draft_body(exchange)}\n\n{identifying.text}",  # quoted before the redaction
        )
        actions.moderate_contribution(
            identifying,
            by=facilitator,
            moderation="redacted",
            redacted_text="As the delegate of a ministry, we release every child.",
            reason="It names the delegation of its author.",
        )
        actions.report_contribution(
            exchange.contributions.get(text="Learning number 2."),
            by=people[1].user,
            reason="Waiting for review.",
        )
        actions.move_exchange(exchange, Status.REPORTED, by=facilitator)
    return {
        "exchange": Exchange.objects.get(pk=exchange.pk),
        "community": community,
        "people": people,
        "personas": {
            "anonymous": None,
            "outsider": outsider,
            "bystander": bystander,
            "participant": people[0].user,
            "facilitator": facilitator,
            "administrator": administrator,
        },
        "token": new_calendar_token(people[0].user),
        "invitation": ExchangeInvitation.objects.get(exchange=exchange),
        "redacted": identifying,
        "emails": list(mailoutbox),
    }


def test_searching_for_a_participant_finds_nothing_of_the_exchange(room):
    from peerlearning.knowledge.models import Lesson
    from peerlearning.knowledge.search import reindex_all

    # Something of the exchange that search does carry, to those who may see it.
    Lesson.objects.create(exchange=room["exchange"], text="Learning number one: screen early.")
    reindex_all()
    every_marker = set().union(*(p.markers for p in room["people"]))
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for marker in sorted(every_marker):
            for path in (
                f"/search/?q={marker}",
                f"/api/v1/search?q={marker}",
                "/search/?q=Learning+number",
            ):
                text = client.get(path).content.decode()
                leaked = {m for m in every_marker if m in text and m != marker}
                assert not leaked, f"{persona} {path} shows {leaked}"
                assert "room-exchange" not in text, f"{persona} {path} reaches the exchange"
    # Control: search carries a lesson only when anyone may see its source. Made public, the
    # exchange's lesson is found by the same search, by everyone, and still names nobody.
    Exchange.objects.filter(pk=room["exchange"].pk).update(visibility="public")
    actions.exchange_changed(Exchange.objects.get(pk=room["exchange"].pk))
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for path in ("/search/?q=Learning+number", "/api/v1/search?q=Learning+number"):
            text = client.get(path).content.decode()
            assert "screen early" in text, f"{persona} {path} does not find the lesson"
            leaked = {m for m in every_marker if m in text}
            assert not leaked, f"{persona} {path} shows {leaked}"


def routes_of(wanted) -> list[str]:
    """Every URL route for which wanted(namespace, route) is true."""
    routes = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if wanted(namespace, route):
                    routes.append(route)

    walk(get_resolver().url_patterns, "", "")
    return routes


def exchange_routes() -> list[str]:
    return routes_of(
        lambda namespace, route: (
            namespace == "exchanges" or (namespace == "api" and "exchanges" in route)
        )
    )


def concrete_paths(route: str, room) -> list[str]:
    exchange, community = room["exchange"], room["community"]
    contribution = exchange.contributions.first()
    follow_up = Outcome.objects.get(exchange=exchange, kind="follow-up")
    route = route.lstrip("^").rstrip("$")
    if route.startswith("communities/"):
        route = re.sub(r"<(slug:)?slug>", community.slug, route)
    route = re.sub(r"<(slug:)?slug>", exchange.slug, route)
    route = route.replace("<str:token>", room["token"])
    if "<uuid:uuid>" in route:
        return [
            "/" + route.replace("<uuid:uuid>", str(value))
            for value in (
                contribution.uuid,
                room["redacted"].uuid,
                follow_up.uuid,
                exchange.sessions.get().uuid,
                room["invitation"].uuid,
                uuid.uuid4(),
            )
        ]
    return ["/" + route]


def allowed_markers(persona: str, path: str, room) -> set[str]:
    """What the rule lets this persona see on this page."""
    people: list[Participant] = room["people"]
    allowed: set[str] = set()
    me = next((p for p in people if p.user == room["personas"][persona]), None)
    if me:
        allowed |= me.markers  # one's own name on one's own pages
    insiders = persona in ("participant", "facilitator", "administrator")
    if insiders and (path.endswith("/room-exchange/") or path.endswith("/agenda")):
        allowed |= {people[0].public, people[1].public}  # speakers, shown to those in the room
    if persona in ("facilitator", "administrator") and re.search(r"/agenda/[^/]+/edit/$", path):
        allowed |= {people[0].public, people[1].public}  # the speakers of the session changed
    if persona in ("facilitator", "administrator") and path.endswith("/participants/"):
        allowed |= {p.public for p in people} | {p.organisation for p in people}
    if persona in ("facilitator", "administrator") and path.endswith("/contributions/review/"):
        allowed |= {people[1].public}  # who reported a contribution: for facilitators only
    return allowed


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", errors="replace")


PICKER_OF_THE_DIRECTORY = re.compile(
    r'<div class="picker" data-picker="/pickers/(?:organisations|people)/".*?</select>', re.S
)


def without_directory_lists(text: str) -> str:
    """A picker of organisations or people (lib/pickers.py) lists, as a plain select, the whole
    directory the viewer may see anyway (/directory/): that says nothing about who took part.
    Its unchosen options are left out of the crawl; a chosen one is still read."""
    return PICKER_OF_THE_DIRECTORY.sub(
        lambda match: re.sub(r'<option value="[^"]*">[^<]*</option>', "", match.group(0)), text
    )


def test_no_marker_leaks_from_any_surface_of_an_exchange_under_the_rule(room):
    every_marker = set().union(*(p.markers for p in room["people"]))
    routes = exchange_routes()
    assert len(routes) >= 30, routes  # the crawl really covers the exchange's surfaces
    checked = 0
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for route in routes:
            for path in concrete_paths(route, room):
                response = client.get(path)
                text = without_directory_lists(text_of(response))
                leaked = {
                    m for m in every_marker - allowed_markers(persona, path, room) if m in text
                }
                assert not leaked, f"{persona} GET {path} ({response.status_code}) shows {leaked}"
                checked += 1
    assert checked > 150


def test_the_participant_list_really_shows_names_to_facilitators(room):
    """The crawl would prove nothing if markers never reached any page at all."""
    client = Client()
    client.force_login(room["personas"]["facilitator"])
    text = client.get("/exchanges/room-exchange/participants/").content.decode()
    assert all(p.public in text for p in room["people"])


def test_a_redacted_contribution_is_read_as_redacted_and_its_reporter_named_to_facilitators(
    room,
):
    """The crawl would prove nothing if the original and the reporter reached no page at all."""
    people, original = room["people"], room["redacted"].text
    redacted = "As the delegate of a ministry, we release every child."
    author = Client()
    author.force_login(people[4].user)
    mine = author.get("/exchanges/room-exchange/contributions/mine/").content.decode()
    assert original in mine  # its author still reads what they wrote
    assert redacted in mine
    facilitator = Client()
    facilitator.force_login(room["personas"]["facilitator"])
    review = facilitator.get("/exchanges/room-exchange/contributions/review/").content.decode()
    assert people[1].public in review
    assert "Waiting for review." in review
    bystander = Client()
    bystander.force_login(room["personas"]["bystander"])
    for client, path in (
        (facilitator, "/exchanges/room-exchange/contributions/"),
        (facilitator, "/api/v1/exchanges/room-exchange/contributions"),
        (bystander, "/exchanges/room-exchange/report/"),
        (bystander, "/api/v1/exchanges/room-exchange/report"),
        (bystander, "/exchanges/room-exchange/report.pdf"),
    ):
        text = " ".join(text_of(client.get(path)).split())
        assert redacted in text, path
        assert original not in text, path
    # The reporter is not named to the author of the contribution.
    for path in ("contributions/", "contributions/mine/", "contributions/review/"):
        page = author.get(f"/exchanges/room-exchange/{path}").content.decode()
        assert people[1].public not in page, path


def test_the_report_gives_aggregates_only(room):
    text = Client().get("/api/v1/exchanges/room-exchange/report")
    assert text.status_code == 404  # community visibility: not for anonymous visitors
    client = Client()
    client.force_login(room["personas"]["bystander"])
    page = client.get("/exchanges/room-exchange/report/").content.decode()
    assert "6 people; 6 governments; 6 organisations" in page
    pdf = text_of(client.get("/exchanges/room-exchange/report.pdf"))
    assert "Screen early." in pdf
    assert "6 people" in pdf


def test_e_mails_name_nobody_but_their_recipient(room):
    assert room["emails"], "the flow sends confirmations"
    for message in room["emails"]:
        recipient = next(p for p in room["people"] if p.email in message.to)
        others = set().union(*(p.markers for p in room["people"] if p is not recipient))
        text = message.subject + message.body
        assert not {m for m in others if m in text}, message.subject


def test_a_small_group_is_said_as_fewer_than_five(room):
    exchange = room["exchange"]
    from peerlearning.exchanges.models import Registration

    Registration.objects.filter(exchange=exchange).exclude(person=room["people"][0].user).delete()
    client = Client()
    client.force_login(room["personas"]["bystander"])
    page = client.get("/exchanges/room-exchange/report/").content.decode()
    assert "fewer than 5 people; fewer than 5 governments" in page
    assert "Ministry" + MARK not in page


def test_reading_an_author_is_for_administrators_and_audited(room):
    from peerlearning.accounts.models import AuditEntry

    contribution = room["exchange"].contributions.get(text="Learning number 0.")  # person 0's
    url = f"/exchanges/room-exchange/contributions/{contribution.uuid}/author/"
    facilitator = Client()
    facilitator.force_login(room["personas"]["facilitator"])
    assert (
        facilitator.post(url, {"reason": "A complaint of abuse was received."}).status_code == 403
    )
    admin = Client()
    admin.force_login(room["personas"]["administrator"])
    response = admin.post(url, {"reason": "short"})
    assert "at least a sentence" in response.content.decode()
    assert not AuditEntry.objects.filter(action="contribution.author_read").exists()
    response = admin.post(url, {"reason": "A complaint of abuse was received."})
    assert room["people"][0].public in response.content.decode()
    entry = AuditEntry.objects.get(action="contribution.author_read")
    assert entry.actor == room["personas"]["administrator"]
    assert entry.details == {"reason": "A complaint of abuse was received."}


def test_a_support_need_raised_under_the_rule_leaves_no_trace_in_support(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    """A participant raises a need; it becomes an outcome, a support request, a match: no page,
    API answer or e-mail of support names the participant or their ministry."""
    from peerlearning.knowledge.models import Concept
    from peerlearning.support import actions as support_actions
    from peerlearning.support import suggestions

    exchange, facilitator = room["exchange"], room["personas"]["facilitator"]
    raiser = room["people"][3]
    need = actions.contribute(
        exchange, raiser.user, kind="support-need", text="Training for our case managers."
    )
    topic = Concept.objects.create(slug="case-management", labels={"en": "case management"})
    idc = Organisation.objects.get(slug="idc")
    Affiliation.objects.create(person=facilitator, organisation=idc, status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = actions.add_outcome(
            exchange, by=facilitator, kind="support-need", text=need.text, contributions=[need]
        )
        request = support_actions.request_from_outcome(
            outcome,
            by=facilitator,
            concepts=[topic],
            title="Training for case managers",
            description=need.text,
            kind="training",
            languages=["en"],
            visibility="network",
        )
        offer = support_actions.create_offer(
            by=facilitator,
            concepts=[topic],
            organisation=idc,
            kinds=["training"],
            languages=["en"],
            title="IDC training",
        )
        match = support_actions.propose_match(request, offer, by=facilitator)
        suggestions.refresh()
    mailoutbox_after = mailoutbox[len(room["emails"]) :]
    routes = routes_of(
        lambda namespace, route: (
            namespace == "support" or (namespace == "api" and "support" in route)
        )
    )
    assert len(routes) >= 25, routes
    every_marker = set().union(*(p.markers for p in room["people"]))
    checked = 0
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for route in routes:
            values = [request.uuid, offer.uuid, match.uuid, outcome.uuid, uuid.uuid4()]
            paths = (
                ["/" + route.replace("<uuid:uuid>", str(value)) for value in values]
                if "<uuid:uuid>" in route
                else ["/" + route.replace("<int:pk>", "1")]
            )
            for path in paths:
                response = client.get(path)
                text = without_directory_lists(text_of(response))
                leaked = {
                    m for m in every_marker - allowed_markers(persona, path, room) if m in text
                }
                assert not leaked, f"{persona} GET {path} ({response.status_code}) shows {leaked}"
                checked += 1
    assert checked > 100
    assert mailoutbox_after, "the match proposal sent no e-mail: nothing was checked"
    for message in mailoutbox_after:
        text = f"{message.subject}\n{message.body}\n{message.to}"
        assert not {m for m in every_marker if m in text}, message.subject


def test_no_marker_leaks_from_the_translations_of_an_exchange_under_the_rule(room):
    """Issue 17: the exchange, its agenda and its report translated — the translation of the
    report made before a quote was redacted, quoting it — and read in that language, on the
    page, in the PDF and on the pages that translate them, as every persona."""
    from peerlearning.exchanges.models import Report

    exchange, facilitator = room["exchange"], room["personas"]["facilitator"]
    report = Report.objects.get(exchange=exchange)
    session = exchange.sessions.get()
    actions.translate_exchange(
        exchange,
        by=facilitator,
        language="es",
        title="Intercambio bajo la regla",
        description="Sin nombres.",
        sessions={session: {"title": "Apertura", "description": ""}},
    )
    quoted = room["redacted"].text  # names the delegation: redacted since
    actions.translate_report(
        report, by=facilitator, language="es", summary="Lo aprendido.", body=f"Texto.\n\n{quoted}"
    )
    every_marker = set().union(*(p.markers for p in room["people"]))
    paths = [
        "/exchanges/room-exchange/?lang=es",
        "/exchanges/room-exchange/report/?lang=es",
        "/exchanges/room-exchange/report.pdf?lang=es",
        "/exchanges/room-exchange/translate/?lang=es",
        "/exchanges/room-exchange/report/translate/?lang=es",
        # The community's page lists its members, as its directory does: not an exchange's
        # surface. The page translating it shows its name and purpose only.
        "/communities/room/translate/",
    ]
    seen_translated = False
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.get(path)
            text = text_of(response)
            allowed = allowed_markers(persona, path.split("?")[0], room)
            leaked = {m for m in every_marker - allowed if m in text}
            assert not leaked, f"{persona} GET {path} ({response.status_code}) shows {leaked}"
            seen_translated |= response.status_code == 200 and "Texto." in text
    assert seen_translated  # the crawl read the translation somewhere
