"""Filling the registry from spreadsheets (XLSX or CSV): activities, transactions and
results, with column headers in Spanish or English and an explicit mode.

- `add`: activities must be new; transactions and indicator periods are added.
- `update`: activities must exist and only the non-empty cells change them; a transaction
  is matched by its reference, an indicator period by result, indicator and start date.

The file is read first, whole, within the limits of alianza.core.uploads (checked before
it is read, streamed, refused at the first row past the limit), into plain rows
(`read_sheet`); no transaction is open while it is parsed, and a refused file writes
nothing. Then every row goes through the registry's services (`process_rows`). A preview
runs each row inside a transaction that is rolled back, so it reports exactly what the
import would; the import then writes the valid rows (each in its own transaction) and
lists the invalid ones with their row and column.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from alianza.core import uploads
from alianza.registry import content, geo, services
from alianza.registry.choices import ExecutingLevel, Instrument, Modality, SSCRole
from alianza.registry.models import Activity

if TYPE_CHECKING:
    from alianza.accounts.models import User
    from alianza.programs.models import Program
from alianza.registry.text import narratives, pick

ADD, UPDATE = "add", "update"
KINDS = ("activities", "transactions", "results")


@dataclass(frozen=True)
class Column:
    key: str
    en_text: str  # "%(country)s" stands for the registry's country's name
    es_text: str
    required: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()  # headers of earlier templates, still read

    @property
    def en(self) -> str:
        return self.en_text % {"country": geo.country_name(lang="en")}

    @property
    def es(self) -> str:
        return self.es_text % {"country": geo.country_name(lang="es")}


COLUMNS: dict[str, list[Column]] = {
    "activities": [
        Column("identifier", "IATI identifier", "Identificador IATI", True),
        Column("title_es", "Title (Spanish)", "Título (español)"),
        Column("title_en", "Title (English)", "Título (inglés)"),
        Column("description_es", "Description (Spanish)", "Descripción (español)"),
        Column("description_en", "Description (English)", "Descripción (inglés)"),
        Column(
            "reporting_org_ref",
            "Reporting organisation identifier",
            "Identificador de la organización informante",
            True,
        ),
        Column(
            "reporting_org_name",
            "Reporting organisation name",
            "Nombre de la organización informante",
        ),
        Column(
            "reporting_org_type",
            "Reporting organisation type",
            "Tipo de organización informante",
            help="IATI OrganisationType, e.g. 10",
        ),
        Column("status", "Status", "Estado", True, "IATI ActivityStatus, e.g. 2"),
        Column("start_date", "Start date", "Fecha de inicio", True, "YYYY-MM-DD"),
        Column("end_date", "End date", "Fecha de fin", help="YYYY-MM-DD"),
        Column(
            "collaboration_type",
            "Collaboration type",
            "Tipo de colaboración",
            help="8 = triangular",
        ),
        Column("instrument", "Instrument", "Instrumento", help="program, project, action"),
        Column("modality", "Modality", "Modalidad", help="bilateral, triangular, regional"),
        Column(
            "country_role",
            "Role of %(country)s",
            "Rol de %(country)s",
            help="provider, recipient, both, first_provider, second_provider",
        ),
        Column(
            "funding_org_ref",
            "Funding organisation identifier",
            "Identificador de la organización financiadora",
        ),
        Column(
            "funding_org_name",
            "Funding organisation name",
            "Nombre de la organización financiadora",
        ),
        Column(
            "implementing_org_ref",
            "Executing institution identifier",
            "Identificador de la institución ejecutora",
        ),
        Column(
            "implementing_org_name",
            "Executing institution name",
            "Nombre de la institución ejecutora",
        ),
        Column(
            "implementing_level",
            "Executing institution level",
            "Nivel de la institución ejecutora",
            help="federal, state, municipal, other",
        ),
        Column("countries", "Recipient countries", "Países receptores", help="GT:50;HN:50"),
        Column(
            "places",
            "States or regions (ISO 3166-2) or national codes",
            "Estados o regiones (ISO 3166-2) o claves nacionales",
            help="MX-CHP;MX-TAB, CL-RM; Mexico's INEGI codes: 07;27 or 07089",
            aliases=("States or municipalities (INEGI)", "Estados o municipios (INEGI)"),
        ),
        Column("sectors", "Sectors (DAC)", "Sectores (CAD)", help="15110:60;43010:40"),
        Column("currency", "Currency", "Moneda", help="USD, MXN..."),
        Column("budget", "Original budget", "Presupuesto original"),
    ],
    "transactions": [
        Column("identifier", "IATI identifier", "Identificador IATI", True),
        Column("ref", "Transaction reference", "Referencia de la transacción"),
        Column(
            "type", "Transaction type", "Tipo de transacción", True, "IATI TransactionType, e.g. 3"
        ),
        Column("date", "Date", "Fecha", True, "YYYY-MM-DD"),
        Column("value", "Value", "Valor", True),
        Column("currency", "Currency", "Moneda"),
        Column("description_es", "Description (Spanish)", "Descripción (español)"),
        Column("description_en", "Description (English)", "Descripción (inglés)"),
        Column("provider_ref", "Provider identifier", "Identificador del proveedor"),
        Column("provider_name", "Provider name", "Nombre del proveedor"),
        Column("receiver_ref", "Receiver identifier", "Identificador del receptor"),
        Column("receiver_name", "Receiver name", "Nombre del receptor"),
    ],
    "results": [
        Column("identifier", "IATI identifier", "Identificador IATI", True),
        Column("result_title_es", "Result (Spanish)", "Resultado (español)"),
        Column("result_title_en", "Result (English)", "Resultado (inglés)"),
        Column(
            "result_type", "Result type", "Tipo de resultado", help="1 output, 2 outcome, 3 impact"
        ),
        Column("indicator_title_es", "Indicator (Spanish)", "Indicador (español)"),
        Column("indicator_title_en", "Indicator (English)", "Indicador (inglés)"),
        Column("measure", "Measure", "Medida", help="1 unit, 2 percentage, 5 qualitative"),
        Column("baseline_year", "Baseline year", "Año de línea de base"),
        Column("baseline_value", "Baseline value", "Valor de línea de base"),
        Column("period_start", "Period start", "Inicio del periodo", True, "YYYY-MM-DD"),
        Column("period_end", "Period end", "Fin del periodo", True, "YYYY-MM-DD"),
        Column("target", "Target", "Meta"),
        Column("actual", "Actual", "Valor alcanzado"),
    ],
}
KIND_LABELS = {
    "activities": gettext_lazy("Activities"),
    "transactions": gettext_lazy("Transactions"),
    "results": gettext_lazy("Results"),
}


class SheetError(Exception):
    """The file cannot be read as a whole (format, headers, size)."""


@dataclass
class RowResult:
    number: int  # spreadsheet row number (header is row 1)
    identifier: str
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    outcome: str = ""  # created, updated, unchanged, invalid

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Templates -------------------------------------------------------------------------------


def headers(kind: str, lang: str) -> list[str]:
    return [getattr(c, "es" if lang == "es" else "en") for c in COLUMNS[kind]]


def template_xlsx(kind: str, lang: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(KIND_LABELS[kind])[:31]
    sheet.append(headers(kind, lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Columns")[:31])
    guide.append([_("Column"), _("Other language"), _("Required"), _("Format")])
    for column in COLUMNS[kind]:
        shown, other = (column.es, column.en) if lang == "es" else (column.en, column.es)
        guide.append([shown, other, _("yes") if column.required else "", column.help])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(kind: str, lang: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(headers(kind, lang))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- Reading ---------------------------------------------------------------------------------


def _header_map(kind: str, row: list, mode: str = ADD) -> dict[int, Column]:
    known = {}
    for column in COLUMNS[kind]:
        for name in (column.en, column.es, column.key, *column.aliases):
            known[name.strip().lower()] = column
    mapping: dict[int, Column] = {}
    unknown = []
    for index, value in enumerate(row):
        text = str(value or "").strip().lower()
        if not text:
            continue
        if text in known:
            mapping[index] = known[text]
        else:
            unknown.append(str(value))
    if unknown:
        raise SheetError(
            _("Unknown columns: %(names)s. Download the template for the expected headers.")
            % {"names": ", ".join(unknown)}
        )
    required = [c for c in COLUMNS[kind] if c.required and (mode == ADD or c.key == "identifier")]
    missing = [c for c in required if c not in mapping.values()]
    if missing:
        raise SheetError(
            _("Missing columns: %(names)s.") % {"names": ", ".join(c.en for c in missing)}
        )
    return mapping


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def max_bytes() -> int:
    return settings.SPREADSHEET_MAX_BYTES


def max_rows() -> int:
    return settings.SPREADSHEET_MAX_ROWS


def too_big(name: str, size: int) -> str:
    """The message refusing an upload over the size limit."""
    try:
        uploads.check_size(name, size, max_bytes())
    except uploads.UploadError as exc:
        return str(exc)
    return ""


def __getattr__(attribute: str):
    """MAX_ROWS and MAX_BYTES as they were (constants), now settings."""
    if attribute == "MAX_ROWS":
        return max_rows()
    if attribute == "MAX_BYTES":
        return max_bytes()
    raise AttributeError(attribute)


def _records(name: str, handle: IO[bytes]) -> Iterator[list[str]]:
    """The rows of the file as lists of text, header first, read as a stream within the
    limits of alianza.core.uploads (refused, with the file and the limit named, before any
    of it is read into memory whole)."""
    limits = uploads.Limits.from_settings()
    size = uploads.file_size(handle)
    uploads.check_size(name, size, limits.max_bytes)
    uploads.check_not_empty(name, size)
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        for row in uploads.xlsx_rows(handle, name=name, limits=limits):
            yield [_cell(v) for v in row]
    elif lowered.endswith(".csv"):
        for record in uploads.csv_records(handle, name=name, limits=limits):
            yield [c.strip() for c in record]
    else:
        raise SheetError(_("Upload an .xlsx or .csv file."))


def read_rows(
    kind: str, name: str, payload: bytes | IO[bytes], mode: str = ADD
) -> Iterator[tuple[int, dict[str, str], dict]]:
    """(row number, {column key: text}, {column key: header as written}) of each data row,
    streamed. Raises SheetError when the file is refused as a whole."""
    handle = io.BytesIO(payload) if isinstance(payload, bytes | bytearray) else payload
    rows = _records(name, handle)
    try:
        header = next(rows, None)
        if header is None:
            raise SheetError(_("%(name)s is empty.") % {"name": name})
        mapping = _header_map(kind, header, mode)
        written = {column.key: str(header[i]) for i, column in mapping.items()}
        for number, row in enumerate(rows, start=2):
            values = {column.key: (row[i] if i < len(row) else "") for i, column in mapping.items()}
            if not any(values.values()):
                continue
            yield number, values, written
    except uploads.UploadError as exc:
        raise SheetError(str(exc)) from None


@dataclass(frozen=True)
class ParsedRow:
    number: int
    values: dict[str, str]
    headers: dict[str, str]


def read_sheet(
    kind: str, name: str, payload: bytes | IO[bytes], mode: str = ADD
) -> list[ParsedRow]:
    """Every data row of the file, read and checked before anything is written (so that no
    database transaction is open while a file is parsed, and a file refused at its last
    row leaves nothing half-imported)."""
    if kind not in KINDS or mode not in (ADD, UPDATE):
        raise SheetError(_("Choose what the file holds and whether it adds or updates."))
    return [ParsedRow(*row) for row in read_rows(kind, name, payload, mode)]


# --- Rows to service data ---------------------------------------------------------------------


class RowError(Exception):
    def __init__(self, key: str, message: str):
        self.key, self.message = key, message
        super().__init__(message)


def _date(values: dict, key: str, required: bool = False) -> str:
    text = values.get(key, "")
    if not text:
        if required:
            raise RowError(key, _("Required."))
        return ""
    try:
        return datetime.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise RowError(key, _("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": text})


def _number(values: dict, key: str, required: bool = False) -> str:
    text = values.get(key, "").replace(",", "")
    if not text:
        if required:
            raise RowError(key, _("Required."))
        return ""
    try:
        return content.fmt_decimal(Decimal(text))
    except InvalidOperation:
        raise RowError(key, _("'%(value)s' is not a number.") % {"value": values.get(key)})


def _choice(values: dict, key: str, choices) -> str:
    text = values.get(key, "").strip().lower()
    if text and text not in choices.values:
        raise RowError(
            key,
            _("'%(value)s' is not one of: %(choices)s.")
            % {"value": values.get(key), "choices": ", ".join(choices.values)},
        )
    return text


def _pairs(values: dict, key: str) -> list[tuple[str, str]]:
    out = []
    for part in values.get(key, "").replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        code, _sep, percentage = part.partition(":")
        if percentage:
            try:
                percentage = content.fmt_decimal(Decimal(percentage.strip()))
            except InvalidOperation:
                raise RowError(key, _("'%(value)s' is not code:percentage.") % {"value": part})
        out.append((code.strip(), percentage))
    return out


def _activity_fields(values: dict, *, creating: bool) -> dict:
    """Service data from an activities row: every non-empty cell (all required ones when
    creating)."""
    data: dict = {}
    title = narratives(es=values.get("title_es", ""), en=values.get("title_en", ""))
    if creating and not title:
        raise RowError("title_es", _("Give a title in Spanish or English."))
    if title:
        data["title"] = title
    description = narratives(
        es=values.get("description_es", ""), en=values.get("description_en", "")
    )
    if creating and not description:
        raise RowError(
            "description_es", _("Give a description in Spanish or English (IATI requires one).")
        )
    if description:
        data["descriptions"] = [{"type": "1", "narratives": description}]
    for key in ("reporting_org_ref", "status", "collaboration_type"):
        if values.get(key):
            data[key] = values[key]
    if values.get("reporting_org_type") or creating:
        data["reporting_org_type"] = values.get("reporting_org_type") or "10"
    if values.get("reporting_org_name"):
        data["reporting_org_name"] = narratives(es=values["reporting_org_name"])
    if creating:
        for key in ("reporting_org_ref", "status"):
            if not values.get(key):
                raise RowError(key, _("Required."))
    start = _date(values, "start_date", required=creating)
    end = _date(values, "end_date")
    if start and end and end < start:
        raise RowError("end_date", _("The activity ends before it starts."))
    if start or end:
        dates = []
        if start:
            dates.append({"type": "2", "iso_date": start, "narratives": []})
        if end:
            dates.append({"type": "3", "iso_date": end, "narratives": []})
        data["activity_dates"] = dates
    for key, choices in (
        ("instrument", Instrument),
        ("modality", Modality),
        ("country_role", SSCRole),
    ):
        value = _choice(values, key, choices)
        if value:
            data[key] = value
    orgs = []
    if values.get("funding_org_ref") or values.get("funding_org_name"):
        orgs.append(
            {
                "ref": values.get("funding_org_ref", ""),
                "role": "1",
                "name": narratives(es=values.get("funding_org_name", "")),
            }
        )
    level = _choice(values, "implementing_level", ExecutingLevel)
    if values.get("implementing_org_ref") or values.get("implementing_org_name"):
        orgs.append(
            {
                "ref": values.get("implementing_org_ref", ""),
                "role": "4",
                "name": narratives(es=values.get("implementing_org_name", "")),
                "executing_level": level,
            }
        )
    if creating and not orgs:
        raise RowError(
            "implementing_org_name", _("Name at least one organisation (IATI requires one).")
        )
    if orgs:
        data["participating_orgs"] = orgs
    countries = _pairs(values, "countries")
    if countries:
        data["recipient_countries"] = [{"code": c.upper(), "percentage": p} for c, p in countries]
    places = []
    for code, _percentage in _pairs(values, "places"):
        place = _place(code)
        if place is None:
            raise RowError(
                "places",
                _(
                    "'%(code)s' is not a state or region code (ISO 3166-2, e.g. %(example)s)"
                    " nor a national code of %(country)s."
                )
                % {
                    "code": code,
                    "example": next((s.code for s in geo.subdivisions()), "MX-JAL"),
                    "country": geo.country_name(),
                },
            )
        places.append(place)
    if places:
        data["locations"] = places
    sectors = _pairs(values, "sectors")
    if sectors:
        data["sectors"] = [
            {"vocabulary": "2" if len(code) == 3 else "1", "code": code, "percentage": p}
            for code, p in sectors
        ]
    if values.get("currency"):
        data["default_currency"] = values["currency"].upper()
    budget = _number(values, "budget")
    if budget:
        if not (start and end):
            raise RowError("budget", _("A budget needs the start and end dates."))
        data["budgets"] = [
            {
                "type": "1",
                "status": "1",
                "period_start": start,
                "period_end": end,
                "value": budget,
                "currency": values.get("currency", "").upper(),
                "value_date": start,
            }
        ]
    return data


def _place(code: str) -> dict | None:
    """A location from a places cell: an ISO 3166-2 code of any country (the service
    refuses one that is not of the registry's country nor of a recipient country), or a
    national code of the registry's country (Mexico: INEGI's)."""
    found = geo.subdivision(code)
    if found is not None:
        return {"ref": found.code, "details": {"name": narratives(es=found.name_es)}}
    national = geo.national_place(code)
    if national is not None:
        ref, name = national
        return {"ref": ref, "details": {"name": narratives(es=name)} if name else {}}
    return None


def _org(values: dict, prefix: str) -> dict | None:
    ref, name = values.get(f"{prefix}_ref", ""), values.get(f"{prefix}_name", "")
    if not (ref or name):
        return None
    return {"ref": ref, "type": "", "activity_id": "", "narratives": narratives(es=name)}


def _transaction(values: dict) -> dict:
    if not values.get("type"):
        raise RowError("type", _("Required."))
    date = _date(values, "date", required=True)
    return {
        "ref": values.get("ref", ""),
        "type": values["type"],
        "date": date,
        "value": _number(values, "value", required=True),
        "currency": values.get("currency", "").upper(),
        "value_date": date,
        "description": narratives(
            es=values.get("description_es", ""), en=values.get("description_en", "")
        ),
        "provider_org": _org(values, "provider"),
        "receiver_org": _org(values, "receiver"),
    }


def _same_title(items, title: list) -> bool:
    wanted = {i["text"].strip().lower() for i in title}
    return bool(wanted & {i.get("text", "").strip().lower() for i in items or []})


def values_of(value: str) -> list[dict]:
    if not value:
        return []
    return [
        {"value": value, "locations": [], "dimensions": [], "comment": [], "document_links": []}
    ]


def _results_with_row(results: list, values: dict, mode: str) -> list:
    result_title = narratives(
        es=values.get("result_title_es", ""), en=values.get("result_title_en", "")
    )
    indicator_title = narratives(
        es=values.get("indicator_title_es", ""), en=values.get("indicator_title_en", "")
    )
    if not result_title:
        raise RowError("result_title_es", _("Give the result's title."))
    if not indicator_title:
        raise RowError("indicator_title_es", _("Give the indicator's title."))
    start = _date(values, "period_start", required=True)
    end = _date(values, "period_end", required=True)
    results = [dict(r) for r in results]
    result = next((r for r in results if _same_title(r.get("title"), result_title)), None)
    if result is None:
        if mode == UPDATE:
            raise RowError("result_title_es", _("The activity has no such result."))
        result = {
            "type": values.get("result_type") or "1",
            "aggregation_status": "",
            "title": result_title,
            "description": [],
            "document_links": [],
            "references": [],
            "indicators": [],
        }
        results.append(result)
    result["indicators"] = [dict(i) for i in result.get("indicators") or []]
    indicator = next(
        (i for i in result["indicators"] if _same_title(i.get("title"), indicator_title)), None
    )
    if indicator is None:
        if mode == UPDATE:
            raise RowError("indicator_title_es", _("The result has no such indicator."))
        indicator = {
            "measure": values.get("measure") or "1",
            "ascending": "",
            "aggregation_status": "",
            "title": indicator_title,
            "description": [],
            "document_links": [],
            "references": [],
            "baselines": [],
            "periods": [],
        }
        result["indicators"].append(indicator)
    if values.get("baseline_value") or values.get("baseline_year"):
        indicator["baselines"] = [
            {
                "year": values.get("baseline_year", ""),
                "iso_date": "",
                "value": values.get("baseline_value", ""),
                "locations": [],
                "dimensions": [],
                "comment": [],
                "document_links": [],
            }
        ]
    periods = [dict(p) for p in indicator.get("periods") or []]
    existing = next((p for p in periods if p.get("period_start") == start), None)
    if mode == ADD:
        if existing is not None:
            raise RowError(
                "period_start",
                _("The indicator already has a period starting %(date)s; use update.")
                % {"date": start},
            )
        periods.append(
            {
                "period_start": start,
                "period_end": end,
                "targets": values_of(values.get("target", "")),
                "actuals": values_of(values.get("actual", "")),
            }
        )
    else:
        if existing is None:
            raise RowError(
                "period_start",
                _("The indicator has no period starting %(date)s.") % {"date": start},
            )
        existing["period_end"] = end
        if values.get("target"):
            existing["targets"] = values_of(values["target"])
        if values.get("actual"):
            existing["actuals"] = values_of(values["actual"])
    indicator["periods"] = periods
    return results


#: Service error keys -> the spreadsheet column they concern.
ERROR_COLUMNS = {
    "iati_identifier": "identifier",
    "title": "title_es",
    "reporting_org_ref": "reporting_org_ref",
    "status": "status",
    "participating_orgs": "implementing_org_ref",
    "recipient_countries": "countries",
    "sectors": "sectors",
    "locations": "places",
    "budgets": "budget",
    "default_currency": "currency",
    "country_role": "country_role",
    "modality": "modality",
    "instrument": "instrument",
}


def _save_row(kind: str, mode: str, values: dict, *, program: Program, actor: User) -> str:
    """Write one spreadsheet row through the registry's services: add or update an activity,
    one of its transactions or one of its results; answers the outcome. Raises
    RowError (a column and its message) or the services' errors."""
    identifier = values.get("identifier", "").strip()
    if not identifier:
        raise RowError("identifier", _("Required."))
    existing = Activity.objects.filter(iati_identifier=identifier).select_related("program").first()
    if existing is not None and existing.program_id != program.pk:
        raise RowError(
            "identifier",
            _("The activity belongs to program %(code)s.") % {"code": existing.program.code}
            if existing.program is not None
            else _("The activity belongs to no program; link it to %(code)s first.")
            % {"code": program.code},
        )
    if kind == "activities":
        if mode == ADD:
            if existing is not None:
                raise RowError("identifier", _("The activity already exists; choose update."))
            data = _activity_fields(values, creating=True)
            services.activity_create(
                program=program, data={"iati_identifier": identifier, **data}, actor=actor
            )
            return services.CREATED
        if existing is None:
            raise RowError("identifier", _("No such activity; choose add."))
        return services.activity_update(
            activity=existing, data=_activity_fields(values, creating=False), actor=actor
        ).outcome
    if existing is None:
        raise RowError("identifier", _("No such activity in the registry."))
    current = content.activity_data(existing)
    if kind == "transactions":
        row = _transaction(values)
        rows = list(current["transactions"])
        match = [i for i, t in enumerate(rows) if row["ref"] and t["ref"] == row["ref"]]
        if mode == ADD:
            if match:
                raise RowError(
                    "ref",
                    _("The activity already has transaction %(ref)s; choose update.")
                    % {"ref": row["ref"]},
                )
            rows.append(row)
        else:
            if not row["ref"]:
                raise RowError("ref", _("Updating a transaction needs its reference."))
            if not match:
                raise RowError(
                    "ref", _("The activity has no transaction %(ref)s.") % {"ref": row["ref"]}
                )
            rows[match[0]] = {**rows[match[0]], **row}
        return services.activity_update(
            activity=existing, data={"transactions": rows}, actor=actor
        ).outcome
    results = _results_with_row(current["results"], values, mode)
    return services.activity_update(
        activity=existing, data={"results": results}, actor=actor
    ).outcome


class _Rollback(Exception):
    pass


def process(
    kind: str,
    mode: str,
    name: str,
    payload: bytes | IO[bytes],
    *,
    program,
    actor,
    commit: bool,
    skip: Container[int] = (),
    on_row: Callable[[RowResult], None] | None = None,
) -> list[RowResult]:
    """Check (commit=False) or import (commit=True) every row; invalid rows are reported
    with their row number and column, and never stop the valid ones. The whole file is
    read and checked first; only then are rows written.

    Rows whose number is in `skip` are passed over (a job's rerun: done already). `on_row`
    is told each row's result; for a row imported, inside the row's own transaction, so
    that the row and the job's record of it are saved together or not at all."""
    rows = read_sheet(kind, name, payload, mode)
    return process_rows(
        kind, mode, rows, program=program, actor=actor, commit=commit, skip=skip, on_row=on_row
    )


def process_rows(
    kind: str,
    mode: str,
    rows: list[ParsedRow],
    *,
    program,
    actor,
    commit: bool,
    skip: Container[int] = (),
    on_row: Callable[[RowResult], None] | None = None,
) -> list[RowResult]:
    """Check or import rows already read by `read_sheet` (each in its own transaction)."""
    if kind not in KINDS or mode not in (ADD, UPDATE):
        raise SheetError(_("Choose what the file holds and whether it adds or updates."))
    results = []
    for parsed in rows:
        number, values, written = parsed.number, parsed.values, parsed.headers
        if number in skip:
            continue
        result = RowResult(number=number, identifier=values.get("identifier", ""))
        results.append(result)

        def header(key: str, written=written) -> str:
            return written.get(key) or key

        try:
            with transaction.atomic():
                result.outcome = _save_row(kind, mode, values, program=program, actor=actor)
                if not commit:
                    raise _Rollback
                if on_row is not None:
                    on_row(result)
        except _Rollback:
            pass
        except RowError as exc:
            result.errors.append((header(exc.key), exc.message))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                column = header(ERROR_COLUMNS.get(key, key))
                result.errors += [(column, m) for m in messages]
        except PermissionDenied as exc:
            result.errors.append(("", str(exc)))
        if result.errors:
            result.outcome = "invalid"
        if on_row is not None and not (commit and result.ok):
            on_row(result)
    return results


__all__ = ["pick"]
