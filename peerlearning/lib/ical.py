"""iCalendar (RFC 5545) files and feeds, with time zones."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    time_zone: str
    url: str
    location: str = ""
    description: str = ""


def calendar(name: str, events: Iterable[CalendarEvent]) -> bytes:
    import zoneinfo

    cal = Calendar()
    cal.add("prodid", "-//Peer Learning Platform//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for item in events:
        zone = zoneinfo.ZoneInfo(item.time_zone)
        event = Event()
        event.add("uid", item.uid)
        event.add("summary", item.title)
        event.add("dtstart", item.starts_at.astimezone(zone))
        if item.ends_at:
            event.add("dtend", item.ends_at.astimezone(zone))
        event.add("dtstamp", item.starts_at)
        event.add("url", item.url)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
