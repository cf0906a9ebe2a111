"""A small world of countries data for the tests: Mexico with sourced values, a series with two
sources for one period, an approximate point and an undated one, and a timeline event."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from peerlearning.accounts.models import User
from peerlearning.countries import actions
from peerlearning.countries.models import (
    Answer,
    EventKind,
    Indicator,
    Instrument,
    PeriodKind,
    StatisticPoint,
    StatisticSeries,
    Unit,
)
from peerlearning.network.models import Country
from peerlearning.testing import make_user

SOURCE = {"source_title": "Official Gazette", "source_url": "https://www.dof.gob.mx/reform"}


def build_countries(editor: User | None = None) -> SimpleNamespace:
    editor = editor or make_user("editor@test.example", is_editor=True, two_factor=True)
    mexico = Country.objects.get(code="MX")
    children = Indicator.objects.get(slug="child-detention-prohibited")
    maximum = Indicator.objects.get(slug="maximum-detention-period")
    places = Indicator.objects.get(slug="official-places-of-detention")
    earlier = actions.record_value(
        maximum,
        mexico,
        by=editor,
        as_of=datetime.date(2011, 5, 25),
        number=Decimal(15),
        unit=Unit.DAYS,
        instrument=Instrument.LAW,
        source_title="Migration Law 2011",
        source_url="https://example.org/migration-law-2011",
    )
    current = actions.record_value(
        maximum,
        mexico,
        by=editor,
        as_of=datetime.date(2024, 1, 1),
        number=Decimal(36),
        unit=Unit.HOURS,
        instrument=Instrument.COURT_RULING,
        source_title="Supreme Court ruling",
        source_url="https://example.org/scjn-36-hours",
    )
    prohibited = actions.record_value(
        children,
        mexico,
        by=editor,
        as_of=datetime.date(2020, 11, 11),
        since=datetime.date(2021, 1, 11),
        answer=Answer.YES,
        instrument=Instrument.LAW,
        source_title=SOURCE["source_title"],
        source_url=SOURCE["source_url"],
    )
    facilities = actions.record_value(
        places,
        mexico,
        by=editor,
        as_of=datetime.date(2022, 12, 31),
        number=Decimal(57),
        source_title="INM statistical bulletin 2022",
        source_url="https://example.org/inm-2022",
    )
    series = StatisticSeries.objects.create(
        external_id="mx-detentions",
        country=mexico,
        indicator="People presented to the migration authority per year",
        unit="persons (events)",
        sources=[{"url": "https://example.org/upm", "title": "UPM"}],
    )
    rows = [
        (
            "2012",
            PeriodKind.YEAR,
            (2012, 1, 1),
            (2012, 12, 31),
            88506,
            False,
            "https://a.example/1",
        ),
        (
            "2015",
            PeriodKind.YEAR,
            (2015, 1, 1),
            (2015, 12, 31),
            198000,
            True,
            "https://b.example/2",
        ),
        (
            "2015",
            PeriodKind.YEAR,
            (2015, 1, 1),
            (2015, 12, 31),
            200000,
            True,
            "https://c.example/3",
        ),
        (
            "2022",
            PeriodKind.YEAR,
            (2022, 1, 1),
            (2022, 12, 31),
            444439,
            False,
            "https://d.example/4",
        ),
        (
            "12 April (year not stated)",
            PeriodKind.TEXT,
            None,
            None,
            12,
            False,
            "https://e.example/5",
        ),
    ]
    for position, (period, kind, start, end, value, approximate, url) in enumerate(rows, 1):
        StatisticPoint.objects.create(
            series=series,
            position=position,
            period=period,
            period_kind=kind,
            start=datetime.date(*start) if start else None,
            end=datetime.date(*end) if end else None,
            value=Decimal(value),
            approximate=approximate,
            source_url=url,
        )
    event = actions.record_event(
        mexico,
        by=editor,
        kind=EventKind.LAW_REFORM,
        date=datetime.date(2020, 11, 11),
        precision="day",
        title="Reform ends the immigration detention of children",
        **SOURCE,
    )
    return SimpleNamespace(
        editor=editor,
        mexico=mexico,
        children=children,
        maximum=maximum,
        places=places,
        earlier=earlier,
        current=current,
        prohibited=prohibited,
        facilities=facilities,
        series=series,
        event=event,
    )


@pytest.fixture
def country_world(db) -> SimpleNamespace:
    return build_countries()
