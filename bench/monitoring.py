"""Benchmark of the monitoring pages on large synthetic data (issue 15).

    .venv/bin/python bench/monitoring.py
    DATABASE_URL=postgres://… .venv/bin/python bench/monitoring.py

Builds 10,000 places, 50,000 incidents, 20,000 recommendations with 100,000 status changes over
every country, then requests the lists, a country profile and a place page many times in-process
through Django's test client. Reports server time (p50, p95, max), SQL queries and weight (gzip,
as sent, and uncompressed). Target: p95 under 150 ms.
"""

import datetime
import os
import time
import uuid

from common import measure_pages, setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("monitoring")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from peerlearning.monitoring.models import (  # noqa: E402
    Body,
    Incident,
    Place,
    Recommendation,
    StatusChange,
)
from peerlearning.network.models import Country  # noqa: E402

PLACES, INCIDENTS, RECOMMENDATIONS, CHANGES = 10_000, 50_000, 20_000, 100_000
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
STATUSES = ["not-started", "in-progress", "partly", "implemented", "regressed"]


def generate() -> dict[str, int]:
    countries = list(Country.objects.values_list("code", flat=True))
    now = timezone.now()
    Place.objects.bulk_create(
        [
            Place(
                slug=f"bench-place-{number}",
                country_id=countries[number % len(countries)],
                official_name=f"Estación {number}",
                official_type="estación migratoria",
                plain_type="immigration detention centre",
                capacity=100 + number % 500,
                sources=[{"title": "Source", "url": "https://example.org/place"}],
            )
            for number in range(PLACES)
        ],
        batch_size=5_000,
    )
    places = dict(Place.objects.values_list("slug", "pk"))
    Incident.objects.bulk_create(
        [
            Incident(
                uuid=uuid.uuid4(),
                kinds=["death"] if number % 3 == 0 else ["abuse"],
                title=f"Incident {number}",
                summary="What happened, in a few words.",
                date=datetime.date(2000 + number % 26, 1 + number % 12, 1 + number % 28),
                country_id=countries[number % len(countries)],
                place_id=places[f"bench-place-{number % PLACES}"],
                people_affected=10,
                dead=number % 3,
                injured=number % 5,
                sources=[{"title": "Source", "url": "https://example.org/i", "date": "2020-01-01"}],
                published_at=now if number % 10 else None,
            )
            for number in range(INCIDENTS)
        ],
        batch_size=5_000,
    )
    bodies = Body.objects.bulk_create(
        [Body(slug=f"bench-body-{n}", name=f"Body {n}", kind="un-treaty-body") for n in range(40)]
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                uuid=uuid.uuid4(),
                body=bodies[number % len(bodies)],
                country_id=countries[number % len(countries)],
                authority="The ministry",
                text=f"Recommendation number {number}: release families.",
                date=datetime.date(2000 + number % 26, 6, 1),
                source_title="Source",
                source_url="https://example.org/r",
                status=STATUSES[number % len(STATUSES)],
            )
            for number in range(RECOMMENDATIONS)
        ],
        batch_size=5_000,
    )
    recommendation_ids = list(Recommendation.objects.values_list("pk", flat=True))
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                recommendation_id=recommendation_ids[number % len(recommendation_ids)],
                status=STATUSES[number % len(STATUSES)],
                date=datetime.date(2000 + number % 26, 7, 1),
                source_title="Source",
                source_url="https://example.org/s",
            )
            for number in range(CHANGES)
        ],
        batch_size=5_000,
    )
    return {
        "places": Place.objects.count(),
        "incidents": Incident.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "status changes": StatusChange.objects.count(),
    }


def main() -> None:
    vendor = connection.vendor
    if vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    if vendor == "postgresql":
        from importlib import import_module

        from django.apps import apps

        import_module("peerlearning.network.migrations.0002_countries").load_countries(apps, None)
    started = time.perf_counter()
    counts = generate()
    print(f"{vendor}: generated {counts} in {time.perf_counter() - started:.1f} s")  # noqa: T201
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    recommendation = Recommendation.objects.filter(country_id="MX").first()
    incident = Incident.objects.published().filter(country_id="MX").first()
    assert recommendation is not None and incident is not None  # noqa: S101
    pages = [
        ("places", "/monitoring/places/"),
        ("places of Mexico", "/monitoring/places/?country=MX"),
        ("place", "/monitoring/places/bench-place-140/"),
        ("incidents", "/monitoring/incidents/"),
        ("incidents, filtered", "/monitoring/incidents/?country=MX&kind=death&year=2020"),
        ("incident", incident.get_absolute_url()),
        ("recommendations", "/monitoring/recommendations/"),
        ("recommendations, filtered", "/monitoring/recommendations/?country=MX&status=partly"),
        ("recommendation", recommendation.get_absolute_url()),
        ("country profile (Mexico)", "/countries/MX/"),
    ]
    measure_pages(pages, REPEAT)


if __name__ == "__main__":
    main()
