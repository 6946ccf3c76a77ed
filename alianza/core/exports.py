"""Tabular exports: the rows a page shows, as CSV or XLSX, in the page's language."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe_cell(value):
    """Neutralise spreadsheet formulas in text cells (CSV/Excel injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # BOM, so that spreadsheet programs read UTF-8 accents right
    writer = csv.writer(response)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else _safe_cell(v) for v in row])
    return response


def sheet_title(title: str) -> str:
    """A title a spreadsheet accepts: none of []:*?/\\ and at most 31 characters."""
    text = " ".join(re.sub(r"[\[\]:*?/\\]", " ", str(title)).split())
    return text[:31].strip() or "-"


def write_sheet(sheet, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Fill an openpyxl sheet: a bold header row, typed cells, formulas neutralised."""
    sheet.title = sheet_title(title)
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, Decimal | int | float | date) or value is None:
                values.append(value)
            else:
                values.append(_safe_cell(str(value)))
        sheet.append(values)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)


def xlsx_response(
    filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    workbook = Workbook()
    write_sheet(workbook.active, sheet_title, headers, rows)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
