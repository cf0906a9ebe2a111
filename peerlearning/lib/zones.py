"""Time zones named as people know them: "Mexico City, Mexico (UTC−6)", the likely ones first.

A country's zones come from the tz database's zone.tab (shipped with tzdata). Where a country has
several, the one preset is its capital's (CAPITAL_ZONES) or else the first zone.tab lists for it
(the most populous region, in the tz database's own order).
"""

import functools
import zoneinfo
from collections.abc import Callable, Iterable
from datetime import datetime
from importlib import resources

from django.utils import timezone
from django.utils.translation import gettext

# Countries with several zones whose first zone.tab row is not the capital's.
CAPITAL_ZONES = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CY": "Asia/Nicosia",
    "FM": "Pacific/Pohnpei",
    "RU": "Europe/Moscow",
    "UZ": "Asia/Tashkent",
}
UTC = "UTC"


@functools.cache
def _zone_table() -> tuple[tuple[str, str], ...]:
    """(country code, zone) rows of zone.tab, in its order."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("ascii")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - system tzdata only
        with open("/usr/share/zoneinfo/zone.tab", encoding="ascii") as table:
            text = table.read()
    rows = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coordinates, zone, *_comment = line.split("\t")
        rows.append((code, zone))
    return tuple(rows)


def zones_of(country: str) -> list[str]:
    """The zones of a country (ISO code), the capital's first."""
    zones = [zone for code, zone in _zone_table() if code == country.upper()]
    capital = CAPITAL_ZONES.get(country.upper())
    if capital in zones:
        zones.remove(capital)
        zones.insert(0, capital)
    return zones


@functools.cache
def country_of_zone() -> dict[str, str]:
    return {zone: code for code, zone in _zone_table()}


def all_zones() -> list[str]:
    """The zones people choose from: one per area of zone.tab, and UTC (no old aliases)."""
    return [UTC, *sorted({zone for _code, zone in _zone_table()})]


def is_zone(name: str) -> bool:
    return name in zoneinfo.available_timezones()


def likely_zones(countries: Iterable[str], *also: str) -> list[str]:
    """The zones of these countries (each country's preset first), then `also`, without
    repeats."""
    found: list[str] = []
    for code in countries:
        found.extend(zones_of(code))
    found.extend(name for name in also if name and is_zone(name))
    return list(dict.fromkeys(found))


def preset_zone(countries: Iterable[str], profile_zone: str = "") -> str:
    """The zone a new exchange starts with: the community's country's (its capital's, if it
    has several); for a community of several countries, the facilitator's own zone when it is
    one of theirs, else the first country's; with no country, the facilitator's zone; else
    UTC."""
    codes = list(countries)
    presets = [zones_of(code)[0] for code in codes if zones_of(code)]
    if profile_zone and profile_zone in likely_zones(codes):
        return profile_zone
    if presets:
        return presets[0]
    if profile_zone and is_zone(profile_zone):
        return profile_zone
    return UTC


def offset_label(name: str, at: datetime | None = None) -> str:
    """UTC, UTC+7, UTC−6, UTC+5:30 (with a true minus sign)."""
    offset = (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(name: str, country_name: Callable[[str], str], at: datetime | None = None) -> str:
    """ "Mexico City, Mexico (UTC−6)": the city, its country in the reader's language, the
    offset now."""
    if name == UTC:
        return "UTC"
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    code = country_of_zone().get(name, "")
    country = country_name(code) if code else ""
    if not country or country == city:
        return gettext("%(city)s (%(offset)s)") % {"city": city, "offset": offset_label(name, at)}
    return gettext("%(city)s, %(country)s (%(offset)s)") % {
        "city": city,
        "country": country,
        "offset": offset_label(name, at),
    }


def zone_choices(
    likely: list[str],
    country_name: Callable[[str], str],
    *,
    likely_label: str,
    others_label: str,
    keep: str = "",
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices: the likely zones first, then every zone by its readable name. `keep` is
    a stored zone not in the list (an old alias), offered so that it is not lost."""
    now = timezone.now()
    labelled = [(name, zone_label(name, country_name, now)) for name in all_zones()]
    if keep and keep not in {name for name, _label in labelled} and is_zone(keep):
        labelled.append((keep, keep.replace("_", " ")))
    labelled.sort(key=lambda pair: pair[1].casefold())
    by_name = dict(labelled)
    first = [(name, by_name.get(name) or zone_label(name, country_name, now)) for name in likely]
    rest = [pair for pair in labelled if pair[0] not in set(likely)]
    groups = [(others_label, rest)]
    if first:
        groups.insert(0, (likely_label, first))
    return groups
