"""Hostile input against the whole API (issue 20, part 4): schemathesis generates requests from
the OpenAPI document the site serves under /api/v1/, valid and invalid, sends them through the
real WSGI application with a real token over a populated database, and checks each answer: no
5xx, a status the document lists, a body of the documented shape, and no invalid write accepted.

Every operation of the document is exercised (asserted below, with a floor of cases per
operation), so the module cannot pass by testing nothing. Examples are derandomized and capped:
the run is the same on every machine and stays within CI's budget."""

from collections import Counter
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from peerlearning.accounts.actions import create_api_token
from peerlearning.accounts.models import ApiToken
from peerlearning.testing import built_once

SCHEMA_PATH = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Per operation and per kind of data: enough to meet each endpoint's validation and its
# happy path, few enough that the module stays under a minute on two cores.
EXAMPLES = 5
# The site compresses its answers; the in-process client reads them as sent.
PLAIN = {"Accept-Encoding": "identity"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _build() -> SimpleNamespace:
    from peerlearning.conftest import make_administrator, make_facilitator, make_outsider
    from peerlearning.countries.testing import build_countries
    from peerlearning.monitoring.testing import build_monitoring
    from peerlearning.network.testing import build_network
    from peerlearning.support.testing import support_world

    network = build_network(make_administrator(), make_facilitator(), make_outsider())
    support = support_world(network)
    countries = build_countries()
    monitoring = build_monitoring()
    # The facilitator is an editor and coordinates support: their token reaches most writes.
    _token, read_write = create_api_token(
        network.facilitator, name="fuzz", scope=ApiToken.Scope.READ_WRITE
    )
    _token, read_only = create_api_token(
        network.facilitator, name="fuzz-read", scope=ApiToken.Scope.READ
    )
    return SimpleNamespace(
        network=network,
        support=support,
        countries=countries,
        monitoring=monitoring,
        read_write=read_write,
        read_only=read_only,
    )


@pytest.fixture(scope="module")
def fuzz_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    media = tmp_path_factory.mktemp("fuzz-media")
    with built_once(request, _build, MEDIA_ROOT=media) as built:
        yield built


@pytest.fixture
def app(db: None, fuzz_world: Any) -> Iterator[WSGIHandler]:
    """Django's WSGI application, on the test's connection: as Django's test client does, the
    connection is not closed between requests (it holds the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def known_path_parameters(world: Any) -> dict[str, dict[str, str]]:
    """Path parameters naming existing objects, so that generated cases also reach the
    documents of real things (random slugs only ever meet a 404)."""
    network, support, monitoring = world.network, world.support, world.monitoring
    return {
        "/api/v1/organisations/{slug}": {"slug": network.ministry.slug},
        "/api/v1/communities/{slug}": {"slug": network.asia.slug},
        "/api/v1/communities/{slug}/members": {"slug": network.asia.slug},
        "/api/v1/communities/{slug}/members/{member_id}": {
            "slug": network.asia.slug,
            "member_id": str(network.asia.memberships.get(person=network.public).uuid),
        },
        "/api/v1/people/{person_id}": {"person_id": str(network.public.uuid)},
        "/api/v1/exchanges/{slug}": {"slug": network.exchange.slug},
        "/api/v1/exchanges/{slug}/agenda": {"slug": network.open_exchange.slug},
        "/api/v1/exchanges/{slug}/contributions": {"slug": network.exchange.slug},
        "/api/v1/exchanges/{slug}/outcomes": {"slug": network.exchange.slug},
        "/api/v1/exchanges/{slug}/report": {"slug": network.exchange.slug},
        "/api/v1/exchanges/{slug}/registration": {"slug": network.open_exchange.slug},
        "/api/v1/exchanges/{slug}/status": {"slug": network.open_exchange.slug},
        "/api/v1/exchanges/{slug}/report/publish": {"slug": network.exchange.slug},
        "/api/v1/practices/{external_id}": {"external_id": "th-community-case-management"},
        "/api/v1/support/requests/{uuid}": {"uuid": str(support.request.uuid)},
        "/api/v1/support/requests/{uuid}/offers": {"uuid": str(support.request.uuid)},
        "/api/v1/support/offers/{uuid}": {"uuid": str(support.host.uuid)},
        "/api/v1/support/matches/{uuid}": {"uuid": str(support.match.uuid)},
        "/api/v1/support/matches/{uuid}/answer": {"uuid": str(support.match.uuid)},
        "/api/v1/countries/indicators/{slug}": {"slug": world.countries.maximum.slug},
        "/api/v1/countries/{code}": {"code": "MX"},
        "/api/v1/countries/{code}/series": {"code": "MX"},
        "/api/v1/countries/{code}/values": {"code": "MX"},
        "/api/v1/monitoring/places/{slug}": {"slug": monitoring.place.slug},
        "/api/v1/monitoring/incidents/{uuid}": {"uuid": str(monitoring.fire.uuid)},
        "/api/v1/monitoring/recommendations/{uuid}": {"uuid": str(monitoring.recommendation.uuid)},
        "/api/v1/monitoring/recommendations/{uuid}/status": {
            "uuid": str(monitoring.recommendation.uuid)
        },
        "/api/v1/monitoring/visits/{uuid}": {"uuid": str(monitoring.published.uuid)},
    }


def run_operation(
    operation: Any,
    strategy: Any,
    calls: Counter[str],
    answers: Counter[tuple[str, int]],
    validate: Callable[[Any, Any], None] | None = None,
) -> None:
    """Send the strategy's cases, each in a savepoint rolled back after it (every case meets
    the same data) with throttles reset, and check each answer."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=strategy)
    def send(case: Any) -> None:
        cache.clear()
        with transaction.atomic():
            response = case.call()
            calls[operation.label] += 1
            answers[(operation.label, response.status_code)] += 1
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS)
        if validate is not None:
            validate(case, response)

    try:
        send()
    except BaseException as error:
        error.add_note(f"Operation: {operation.label}")
        raise


def has_input(operation: Any) -> bool:
    return bool(len(operation.body)) or any(True for _ in operation.iter_parameters())


def negatable(operation: Any) -> bool:
    """Whether invalid input can be made for the operation: a body or a query parameter, or a
    path parameter narrower than any text (a path of any text is valid for a plain string)."""
    if len(operation.body):
        return True
    for parameter in operation.iter_parameters():
        if parameter.location.value == "query":
            return True
        schema = parameter.definition.get("schema", {})
        if parameter.location.value == "path" and set(schema) - {"title", "type"}:
            return True
    return False


def schema_for(app: WSGIHandler) -> Any:
    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, app)


def operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_answers_hostile_and_valid_input_within_its_document(
    app: WSGIHandler, fuzz_world: Any
) -> None:
    schema = schema_for(app)
    known = known_path_parameters(fuzz_world)
    headers = {"Authorization": f"Bearer {fuzz_world.read_write}", **PLAIN}
    calls: Counter[str] = Counter()
    answers: Counter[tuple[str, int]] = Counter()
    labels = []
    for operation in operations(schema):
        labels.append(operation.label)
        modes = [GenerationMode.POSITIVE]
        if negatable(operation):
            modes.append(GenerationMode.NEGATIVE)
        strategies = [
            operation.as_strategy(generation_mode=mode, headers=headers) for mode in modes
        ]
        if operation.path in known:
            strategies.append(
                operation.as_strategy(
                    generation_mode=GenerationMode.POSITIVE,
                    headers=headers,
                    path_parameters=known[operation.path],
                )
            )
        for strategy in strategies:
            run_operation(operation, strategy, calls, answers)

    # Positive control: the whole document was exercised, each operation many times.
    assert len(labels) >= 50
    assert set(calls) == set(labels)
    # An operation without any input has one request to make; every other one met many.
    varied = [op.label for op in operations(schema) if has_input(op)]
    assert len(varied) >= 45
    assert min(calls[label] for label in varied) >= EXAMPLES, calls.most_common()[-5:]
    # ... over data that is there: each read of a known object was answered with it.
    reads = [op.label for op in operations(schema) if op.method.upper() == "GET"]
    assert all(answers[(label, 200)] for label in reads), [
        label for label in reads if not answers[(label, 200)]
    ]


def test_a_read_only_token_cannot_write_anything(app: WSGIHandler, fuzz_world: Any) -> None:
    schema = schema_for(app)
    known = known_path_parameters(fuzz_world)
    headers = {"Authorization": f"Bearer {fuzz_world.read_only}", **PLAIN}
    calls: Counter[str] = Counter()
    statuses: Counter[int] = Counter()

    def refused(case: Any, response: Any) -> None:
        statuses[response.status_code] += 1
        # The token is checked before the body: a read-only token is refused whatever is sent.
        assert response.status_code == 403, (case.operation.label, response.text)
        assert "read-only" in response.json()["error"]

    writes = [op for op in operations(schema) if op.method.upper() in WRITE_METHODS]
    for operation in writes:
        strategy = operation.as_strategy(
            generation_mode=GenerationMode.POSITIVE,
            headers=headers,
            path_parameters=known.get(operation.path),
        )
        run_operation(operation, strategy, calls, Counter(), refused)

    assert len(writes) >= 15
    assert set(calls) == {op.label for op in writes}
    assert statuses == {403: sum(calls.values())}
