"""Countries and regions: ISO 3166 names (pycountry), UN M49 regions and the programme regions.

The membership of each country is data, in data/regions.csv, with its source.
"""

import csv
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

REGIONS_CSV = Path(__file__).parent / "data" / "regions.csv"


class ProgrammeRegion(models.TextChoices):
    """The coalition's programme regions."""

    GLOBAL = "global", _("Global")
    ASIA_PACIFIC = "asia-pacific", _("Asia Pacific")
    AMERICAS = "americas", _("Americas")
    MENA = "mena", _("Middle East and North Africa")
    EUROPE = "europe", _("Europe")
    AFRICA = "africa", _("Africa")


M49_NAMES = {
    "002": _("Africa"),
    "015": _("Northern Africa"),
    "202": _("Sub-Saharan Africa"),
    "014": _("Eastern Africa"),
    "017": _("Middle Africa"),
    "018": _("Southern Africa"),
    "011": _("Western Africa"),
    "019": _("Americas"),
    "419": _("Latin America and the Caribbean"),
    "029": _("Caribbean"),
    "013": _("Central America"),
    "005": _("South America"),
    "021": _("Northern America"),
    "142": _("Asia"),
    "143": _("Central Asia"),
    "030": _("Eastern Asia"),
    "035": _("South-eastern Asia"),
    "034": _("Southern Asia"),
    "145": _("Western Asia"),
    "150": _("Europe"),
    "151": _("Eastern Europe"),
    "154": _("Northern Europe"),
    "039": _("Southern Europe"),
    "155": _("Western Europe"),
    "009": _("Oceania"),
    "053": _("Australia and New Zealand"),
    "054": _("Melanesia"),
    "057": _("Micronesia"),
    "061": _("Polynesia"),
}


@dataclass(frozen=True)
class Placement:
    iso2: str
    m49_region: str
    m49_subregion: str
    m49_intermediate_region: str
    programme_region: str


@functools.cache
def placements() -> dict[str, Placement]:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["iso2"]: Placement(**row) for row in rows}


def region_choices() -> list[tuple[str, Any]]:
    """Programme regions first, then the M49 regions and sub-regions, as filter choices."""
    programme: list[tuple[str, Any]] = [
        (value, label) for value, label in ProgrammeRegion.choices if value != "global"
    ]
    return programme + [(f"m49-{code}", name) for code, name in M49_NAMES.items()]


def countries_in(region: str) -> set[str]:
    """ISO codes of the countries in a programme region or an M49 region (`m49-<code>`)."""
    if region.startswith("m49-"):
        code = region.removeprefix("m49-")
        return {
            iso
            for iso, p in placements().items()
            if code in (p.m49_region, p.m49_subregion, p.m49_intermediate_region)
        }
    return {iso for iso, p in placements().items() if p.programme_region == region}
