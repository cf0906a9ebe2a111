"""CSV for spreadsheets, in one place: a cell that would run as a formula is kept as text, and
a file meant for Excel starts with a byte order mark (without it, Excel reads UTF-8 as the
system's code page and Arabic or accented names come out garbled)."""

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

type Cell = str | int | float | Decimal | None


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet would read as a formula (=HYPERLINK(…), +cmd…) is kept as text by
    a leading quote (OWASP, CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> HttpResponse:
    """A CSV download for Excel and the others: UTF-8 with a byte order mark, every text cell
    made safe (numbers are written by the platform, never by a person: they pass as they are)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in row])
    return response
