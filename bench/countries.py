"""Benchmark of the countries pages on large synthetic data (issue 14).

    .venv/bin/python bench/countries.py
    DATABASE_URL=postgres://… .venv/bin/python bench/countries.py

Builds every country with 30 indicators, 30 years of values each (the history: 225,000 values),
five statistics series of 30 points and 30 timeline events; then requests a profile, the map of
a yes/no indicator and of a numeric one, and a comparison of six countries many times in-process
through Django's test client. Reports server time (p50, p95, max), the SQL queries of each page,
and its weight: the HTML as sent (gzip, as the server compresses it) and uncompressed. Targets:
p95 under 150 ms; the map page at most 100 KB and a profile at most 60 KB transferred.
"""

import datetime
import os
import time
from decimal import Decimal

from common import measure_pages, setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("countries")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from peerlearning.countries.models import (  # noqa: E402
    CountryEvent,
    Indicator,
    IndicatorValue,
    PeriodKind,
    StatisticPoint,
    StatisticSeries,
)
from peerlearning.network.models import Country  # noqa: E402

INDICATORS, YEARS, SERIES, EVENTS = 30, 30, 5, 30
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
FIRST_YEAR = 1995


def generate() -> dict[str, int]:
    languages = ("en", "es", "fr", "ar")
    indicators = list(Indicator.objects.all())
    for number in range(len(indicators), INDICATORS):
        kind = "answer" if number % 2 else "number"
        indicators.append(
            Indicator(
                slug=f"bench-indicator-{number}",
                kind=kind,
                unit="days" if kind == "number" else "",
                position=100 + number,
                **{f"name_{code}": f"Indicator {number} ({code})" for code in languages},
                **{
                    f"definition_{code}": f"What indicator {number} measures." for code in languages
                },
            )
        )
    Indicator.objects.bulk_create([i for i in indicators if i.pk is None])
    indicators = list(Indicator.objects.all())
    countries = list(Country.objects.all())
    now = timezone.now()
    values: list[IndicatorValue] = []
    for country in countries:
        for indicator in indicators:
            for year in range(YEARS):
                answer = ("yes", "partial", "no")[(year + len(country.code)) % 3]
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        country=country,
                        answer=answer if indicator.kind == "answer" else "",
                        number=Decimal(year + 10) if indicator.kind == "number" else None,
                        unit=indicator.unit if indicator.kind == "number" else "",
                        as_of=datetime.date(FIRST_YEAR + year, 6, 30),
                        source_title=f"Source of {FIRST_YEAR + year}",
                        source_url=f"https://example.org/{country.code}/{indicator.slug}/{year}",
                        is_current=year == YEARS - 1,
                        recorded_at=now - datetime.timedelta(days=YEARS - year),
                    )
                )
        if len(values) > 50_000:
            IndicatorValue.objects.bulk_create(values, batch_size=5_000)
            values = []
    IndicatorValue.objects.bulk_create(values, batch_size=5_000)
    series = StatisticSeries.objects.bulk_create(
        [
            StatisticSeries(
                external_id=f"{country.code.lower()}-bench-{number}",
                country=country,
                indicator=f"People counted by measure {number}",
                unit="persons",
                sources=[{"url": "https://example.org/stats", "title": "Statistics office"}],
            )
            for country in countries
            for number in range(SERIES)
        ]
    )
    points = [
        StatisticPoint(
            series=one,
            position=year + 1,
            period=str(FIRST_YEAR + year),
            period_kind=PeriodKind.YEAR,
            start=datetime.date(FIRST_YEAR + year, 1, 1),
            end=datetime.date(FIRST_YEAR + year, 12, 31),
            value=Decimal(1000 + year * 37),
            approximate=year % 7 == 0,
            source_url=f"https://example.org/stats/{FIRST_YEAR + year}",
        )
        for one in series
        for year in range(YEARS)
    ]
    StatisticPoint.objects.bulk_create(points, batch_size=5_000)
    CountryEvent.objects.bulk_create(
        [
            CountryEvent(
                country=country,
                kind="law-reform",
                date=datetime.date(FIRST_YEAR + number, 3, 1),
                title=f"Reform number {number}",
                source_title="Gazette",
                source_url="https://example.org/gazette",
            )
            for country in countries
            for number in range(EVENTS)
        ],
        batch_size=5_000,
    )
    return {
        "countries": len(countries),
        "indicators": len(indicators),
        "values": IndicatorValue.objects.count(),
        "points": len(points),
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
        import_module(
            "peerlearning.countries.migrations.0002_starting_indicators"
        ).add_starting_set(apps, None)
    started = time.perf_counter()
    counts = generate()
    print(f"{vendor}: generated {counts} in {time.perf_counter() - started:.1f} s")  # noqa: T201
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    six = "&".join(f"country={code}" for code in ("MX", "EC", "TH", "GB", "ZA", "JP"))
    pages = [
        ("profile (Mexico)", "/countries/MX/"),
        ("profile, in Arabic", "/countries/MX/"),
        ("map, yes/no indicator", "/countries/indicators/child-detention-prohibited/"),
        ("map, numeric indicator", "/countries/indicators/maximum-detention-period/"),
        ("comparison of six", f"/countries/compare/?{six}"),
        ("countries", "/countries/"),
        ("value history", "/countries/MX/indicators/maximum-detention-period/"),
    ]
    measure_pages(pages, REPEAT, language={"profile, in Arabic": "ar"})


if __name__ == "__main__":
    main()
