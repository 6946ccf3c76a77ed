# ruff: noqa: E501
"""Spreadsheets: templates in both languages, add and update modes, a preview that saves
nothing, and a file with bad rows that imports the good ones and lists the bad ones by row
and column."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from alianza.audit.models import ChangeRecord
from alianza.registry import spreadsheets
from alianza.registry.models import Activity, Transaction
from alianza.registry.tests.factories import make_activity

pytestmark = pytest.mark.django_db

HEAD_ES = "Identificador IATI,Título (español),Descripción (español),Identificador de la organización informante,Estado,Fecha de inicio,Fecha de fin,Modalidad,Rol de México,Nombre de la institución ejecutora,Nivel de la institución ejecutora,Países receptores,Estados o municipios (INEGI),Sectores (CAD),Moneda,Presupuesto original"
GOOD = "MX-1,Formación,Cursos,MX-AMX,2,2019-01-01,2019-12-31,bilateral,provider,Gobierno de Chiapas,state,GT:100,07;27004,15110:100,USD,5000"
BAD_DATE = "MX-2,Otra,Algo,MX-AMX,2,2019-02-30,,bilateral,provider,SEP,federal,GT,,,USD,"
BAD_ROLE = "MX-3,Otra,Algo,MX-AMX,2,2019-01-01,,bilateral,donor,SEP,federal,GT,,,USD,"
BAD_PLACE = "MX-4,Otra,Algo,MX-AMX,2,2019-01-01,,bilateral,provider,SEP,federal,GT,99,,USD,"


def sheet(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def process(cast, payload, *, kind="activities", mode="add", name="f.csv", commit=True):
    return spreadsheets.process(
        kind, mode, name, payload, program=cast.program, actor=cast.users["editor_a"], commit=commit
    )


def test_template_headers_follow_the_language(cast):
    spanish = next(
        csv.reader(io.StringIO(spreadsheets.template_csv("transactions", "es").decode("utf-8-sig")))
    )
    english = openpyxl.load_workbook(
        io.BytesIO(spreadsheets.template_xlsx("transactions", "en"))
    ).active
    assert spanish[:3] == [
        "Identificador IATI",
        "Referencia de la transacción",
        "Tipo de transacción",
    ]
    assert [c.value for c in english[1]][:3] == [
        "IATI identifier",
        "Transaction reference",
        "Transaction type",
    ]


def test_bad_rows_are_listed_by_row_and_column_and_good_rows_import(cast):
    rows = process(cast, sheet(HEAD_ES, GOOD, BAD_DATE, BAD_ROLE, BAD_PLACE))
    assert [(r.number, r.ok) for r in rows] == [(2, True), (3, False), (4, False), (5, False)]
    assert rows[1].errors[0][0] == "Fecha de inicio" and "2019-02-30" in rows[1].errors[0][1]
    assert rows[2].errors[0][0] == "Rol de México" and "donor" in rows[2].errors[0][1]
    assert rows[3].errors[0][0] == "Estados o municipios (INEGI)"
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["MX-1"]


def test_an_imported_row_becomes_a_full_activity(cast):
    process(cast, sheet(HEAD_ES, GOOD))
    activity = Activity.objects.get()
    assert activity.country_role == "provider" and activity.modality == "bilateral"
    places = activity.locations.values_list("subdivision", "national_code", "municipality")
    assert sorted(places) == [("MX-CHP", "07", ""), ("MX-TAB", "27", "27004")]
    assert activity.participating_orgs.get().executing_level == "state"
    assert activity.budgets.get().value == 5000


def test_preview_saves_nothing(cast):
    rows = process(cast, sheet(HEAD_ES, GOOD), commit=False)
    assert rows[0].ok and rows[0].outcome == "created"
    assert not Activity.objects.exists()
    assert not ChangeRecord.objects.filter(action__startswith="registry").exists()


def test_add_mode_refuses_an_existing_activity(cast):
    make_activity(cast.program, "MX-1")
    rows = process(cast, sheet(HEAD_ES, GOOD))
    assert rows[0].errors == [("Identificador IATI", "The activity already exists; choose update.")]


def test_update_mode_changes_only_the_filled_cells(cast):
    make_activity(cast.program, "MX-1")
    rows = process(
        cast, sheet("IATI identifier,Role of Mexico,Status", "MX-1,recipient,3"), mode="update"
    )
    assert rows[0].outcome == "updated"
    activity = Activity.objects.get()
    assert (activity.country_role, activity.status, activity.modality) == (
        "recipient",
        "3",
        "bilateral",
    )


def test_update_mode_refuses_a_missing_activity(cast):
    rows = process(cast, sheet("IATI identifier,Status", "MX-9,3"), mode="update")
    assert rows[0].errors == [("IATI identifier", "No such activity; choose add.")]


def test_transactions_are_added_then_updated_by_reference(cast):
    make_activity(cast.program, "MX-1")
    head = "IATI identifier,Transaction reference,Transaction type,Date,Value,Currency"
    process(cast, sheet(head, "MX-1,T-1,3,2019-03-01,250,USD"), kind="transactions")
    assert Transaction.objects.count() == 2
    rows = process(
        cast, sheet(head, "MX-1,T-1,3,2019-03-01,300,USD"), kind="transactions", mode="update"
    )
    assert rows[0].ok
    assert Transaction.objects.get(ref="T-1").value == 300


def test_transaction_row_with_a_bad_value_names_the_column(cast):
    make_activity(cast.program, "MX-1")
    head = "Identificador IATI,Tipo de transacción,Fecha,Valor"
    rows = process(cast, sheet(head, "MX-1,3,2019-03-01,mucho"), kind="transactions")
    assert rows[0].errors == [("Valor", "'mucho' is not a number.")]


def test_results_rows_build_indicators_and_periods(cast):
    make_activity(cast.program, "MX-1")
    head = (
        "IATI identifier,Result (English),Indicator (English),Period start,Period end,Target,Actual"
    )
    process(
        cast,
        sheet(
            head,
            "MX-1,Trained staff,People trained,2019-01-01,2019-12-31,100,80",
            "MX-1,Trained staff,People trained,2020-01-01,2020-12-31,120,",
        ),
        kind="results",
    )
    result = Activity.objects.get().results[0]
    periods = result["indicators"][0]["periods"]
    assert [(p["period_start"], p["targets"][0]["value"]) for p in periods] == [
        ("2019-01-01", "100"),
        ("2020-01-01", "120"),
    ]
    assert periods[0]["actuals"][0]["value"] == "80"


def test_xlsx_upload_reads_dates_and_numbers(cast):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEAD_ES.split(","))
    row = GOOD.split(",")
    import datetime

    row[5] = datetime.datetime(2019, 1, 1)
    row[15] = 5000.0
    workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = process(cast, buffer.getvalue(), name="f.xlsx")
    assert rows[0].ok, rows[0].errors
    assert Activity.objects.get().start_date.isoformat() == "2019-01-01"


def test_unknown_headers_refuse_the_file(cast):
    with pytest.raises(spreadsheets.SheetError, match="Unknown columns: Colour"):
        process(cast, sheet("IATI identifier,Colour", "MX-1,red"))


def test_spreadsheet_page_previews_then_imports_the_valid_rows(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = cast.client("editor_a")
    upload = io.BytesIO(sheet(HEAD_ES, GOOD, BAD_ROLE))
    upload.name = "actividades.csv"
    sent = client.post(
        "/registry/spreadsheets/",
        {"program": cast.program.pk, "kind": "activities", "mode": "add", "file": upload},
    )
    assert sent.status_code == 302 and not Activity.objects.exists()
    preview = client.get(sent["Location"])
    assert preview.context["valid"] == 1 and preview.context["invalid"] == 1
    assert preview.context["can_confirm"] and not Activity.objects.exists()
    done = client.post(sent["Location"] + "confirm/")
    assert done.status_code == 302
    page = client.get(sent["Location"])
    assert page.context["imported"] and page.context["valid"] == 1
    assert page.context["invalid"] == 1
    assert "Rol de México" in page.content.decode()
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["MX-1"]
