"""CSV for spreadsheets, in one place: a cell that would run as a formula is kept as text, and
a file meant for Excel starts with a byte order mark (without it, Excel reads UTF-8 as the
system's code page and Arabic or accented names come out garbled)."""

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
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


class _Line:
    """Where csv.writer writes one row at a time: the row comes back as a string."""

    def write(self, text: str) -> str:
        return text


def csv_stream_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> StreamingHttpResponse:
    """`csv_response` for a table of any length: written row by row as it is read, never held
    whole in memory."""
    writer = csv.writer(_Line())

    def lines() -> Iterator[str]:
        yield BOM + writer.writerow(header)
        for row in rows:
            yield writer.writerow(
                [spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in row]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def table_cell(value: object) -> Cell:
    """A value of a downloadable table as a CSV cell: a list of texts joined, other lists and
    mappings as JSON, booleans as true/false; numbers stay numbers (written as text, a negative
    one would be taken for a formula and quoted)."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return Decimal(str(value))
    if value is None or isinstance(value, str | int | Decimal):
        return value
    return str(value)


def table_download(
    rows: list[dict[str, object]], columns: list[str], name: str, extension: str
) -> HttpResponse:
    """A table as `name.csv` (for spreadsheets) or `name.json` (a list of objects)."""
    if extension == "csv":
        return csv_response(
            f"{name}.csv",
            columns,
            ([table_cell(row[column]) for column in columns] for row in rows),
        )
    response = JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.json")
    return response
