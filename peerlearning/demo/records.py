"""What the demo's data files share: reading entries by id, collecting every problem instead of
stopping at the first, and sources as title and web address (countries.json, monitoring.json)."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class DemoDataError(ValueError):
    """The data file is wrong; `problems` names each wrong entry."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    date: datetime.date | None = None

    def as_json(self) -> dict[str, str]:
        entry = {"title": self.title, "url": self.url}
        if self.date is not None:
            entry["date"] = self.date.isoformat()
        return entry


class Reader:
    """Reads a file's entries, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, entry_id: str, message: str) -> None:
        self.problems.append(f"{entry_id}: {message}")

    def fields(self, entry: dict[str, Any], entry_id: str, allowed: set[str]) -> None:
        unknown = sorted(set(entry) - allowed)
        if unknown:
            self.problem(entry_id, f"unknown field(s): {', '.join(unknown)}.")

    def text(self, entry: dict[str, Any], entry_id: str, name: str, *, required: bool) -> str:
        value = entry.get(name, "")
        if not isinstance(value, str):
            self.problem(entry_id, f"'{name}' must be a text.")
            return ""
        if required and not value.strip():
            self.problem(entry_id, f"'{name}' is missing.")
        return value.strip()

    def entries(
        self, data: dict[str, Any], section: str, seen: set[str]
    ) -> Iterator[tuple[dict[str, Any], str]]:
        """The section's entries with their ids; an entry without an id, or an id used twice
        (in any section), is a problem."""
        entries = data[section]
        if not isinstance(entries, list):
            self.problems.append(f"'{section}' must be a list.")
            return
        for position, entry in enumerate(entries, start=1):
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(entry_id, str) or not entry_id.strip():
                self.problems.append(f"{section} entry {position}: it has no 'id'.")
                continue
            if entry_id in seen:
                self.problem(entry_id, "this id is used twice.")
            seen.add(entry_id)
            yield entry, entry_id
