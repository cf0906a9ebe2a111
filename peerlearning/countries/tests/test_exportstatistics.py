"""`manage.py exportstatistics [FILE]` writes back the format importstatistics reads."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from peerlearning.countries.actions import save_point
from peerlearning.countries.models import StatisticPoint, StatisticSeries
from peerlearning.countries.statistics_io import import_statistics
from peerlearning.demo import STATISTICS_JSONL

pytestmark = pytest.mark.django_db


def records(lines) -> dict[str, dict]:
    return {record["id"]: record for record in map(json.loads, lines) if record}


def test_it_writes_the_demo_file_back_record_for_record(tmp_path):
    call_command("importstatistics", str(STATISTICS_JSONL), stdout=StringIO())
    exported = tmp_path / "out.jsonl"
    call_command("exportstatistics", str(exported))
    original = STATISTICS_JSONL.read_text(encoding="utf-8").splitlines()
    again = exported.read_text(encoding="utf-8").splitlines()
    assert records(again) == records(original)
    # Keys in the format's order; `approximate` only when true, `note` only when written.
    by_id = {json.loads(line)["id"]: line for line in original}
    for line in again:
        record = json.loads(line)
        assert list(record) == list(json.loads(by_id[record["id"]]))
        for point, given in zip(
            record["series"], json.loads(by_id[record["id"]])["series"], strict=True
        ):
            assert list(point) == list(given)
    # 128.88 is written as the file wrote it, and a whole number as an integer.
    text = exported.read_text(encoding="utf-8")
    assert '"value": 128.88,' in text and '"value": 240269,' in text


def test_the_export_imports_again_unchanged(tmp_path):
    call_command("importstatistics", str(STATISTICS_JSONL), stdout=StringIO())
    before = set(StatisticPoint.objects.values_list("series__external_id", "period", "value"))
    out = StringIO()
    call_command("exportstatistics", stdout=out)
    lines = out.getvalue().splitlines()
    # Written to standard output when no file is named: 20 lines, one a series.
    assert len(lines) == 20
    StatisticSeries.objects.all().delete()
    assert import_statistics(lines) == (20, 0)
    after = set(StatisticPoint.objects.values_list("series__external_id", "period", "value"))
    assert after == before


def test_a_point_an_editor_added_is_exported_with_its_source(tmp_path):
    import_statistics(
        [
            json.dumps(
                {
                    "id": "mx-facilities",
                    "country_iso2": "MX",
                    "indicator": "Official immigration detention facilities",
                    "unit": "places",
                    "series": [{"period": "2012", "value": 35, "source_url": "https://a.example"}],
                }
            )
        ]
    )
    series = StatisticSeries.objects.get()
    save_point(
        StatisticPoint(series=series),
        by=None,
        period="2022",
        value=Decimal("57"),
        source_url="https://b.example/bulletin",
        approximate=True,
        note="INM 2022 bulletin",
    )
    out = StringIO()
    call_command("exportstatistics", "-", stdout=out)
    (record,) = records(out.getvalue().splitlines()).values()
    assert record["series"] == [
        {"period": "2012", "value": 35, "source_url": "https://a.example"},
        {
            "period": "2022",
            "value": 57,
            "source_url": "https://b.example/bulletin",
            "approximate": True,
            "note": "INM 2022 bulletin",
        },
    ]
    assert "sources" not in record and "notes" not in record
