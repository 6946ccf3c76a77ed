"""The records the access matrix requests: the conftest's cast, one record of every kind in
its program TEST, and a second, non-public program OTHER with its own coordinator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from alianza.conftest import Cast, build_cast
from alianza.core.tests.other_program import OtherProgram, build_other_program

D = datetime.date

#: The roles of the matrix, in the order the policies list them.
MATRIX_ROLES = (
    "anonymous",
    "outsider",
    "viewer",
    "editor",
    "coordinator",
    "other_coordinator",
    "superuser",
)


@dataclass
class World:
    cast: Cast
    other: OtherProgram
    records: dict = field(default_factory=dict)

    def user(self, role: str):
        return {
            "anonymous": None,
            "outsider": self.cast.users["outsider"],
            "viewer": self.cast.users["viewer_a"],
            "editor": self.cast.users["editor_a"],
            "coordinator": self.cast.users["coordinator_a"],
            "other_coordinator": self.other.coordinator,
            "superuser": self.cast.users["superuser"],
        }[role]


def build_world() -> World:
    from alianza.monitoring.models import Notification
    from alianza.monitoring.tests.conftest import add_monitoring_records
    from alianza.registry.tests.factories import make_activity
    from alianza.systematization import services as sys_services
    from alianza.systematization.tests.factories import code_interviews, systematize

    cast = build_cast()
    records = add_monitoring_records(cast)
    period = systematize(cast.program)
    coded = code_interviews(cast, period)
    coordinator = cast.users["coordinator_a"]
    recommendation = sys_services.recommendation_upsert(
        period=period,
        code="1a",
        values={"factor": coded.factor, "text_en": "Do something useful."},
        actor=coordinator,
    )
    key_action = sys_services.key_action_create(
        recommendation=recommendation,
        values={
            "description_en": "Train people",
            "owner": cast.partner_a,
            "due_date": D(2020, 6, 30),
        },
        actor=coordinator,
    )
    activity = make_activity(cast.program, "XM-TEST-1", is_public=False)
    public_activity = make_activity(cast.program, "XM-TEST-2", is_public=True)
    notification = Notification.objects.create(
        user=cast.users["viewer_a"], program=cast.program, kind="action_overdue", key="k1"
    )
    from alianza.iati.models import ImportJob
    from alianza.initiatives.tests.factories import PolicyInstrumentFactory

    ImportJob.objects.create(
        program=cast.program, created_by=coordinator, source_name="activities.xml"
    )
    records["recommendation"] = recommendation
    records["product"] = _add_product(cast)
    records |= _add_job_records(cast)
    records |= _add_staff_records(cast)
    _add_working_records(cast, records, period, coded)
    _add_deployment_records(cast, records)
    other = build_other_program()
    records |= {
        "instrument": PolicyInstrumentFactory(),
        "period": period,
        "coded": coded,
        "interview": coded.interviews[0],
        "excerpt": coded.first,
        "recommendation": recommendation,
        "key_action": key_action,
        "activity": activity,
        "public_activity": public_activity,
        "notification": notification,
    }
    return World(cast=cast, other=other, records=records)


def _add_product(cast):
    """An internal knowledge product with one file."""
    import io

    from alianza.knowledge import services as knowledge_services
    from alianza.knowledge.tests.files import pdf_bytes

    return knowledge_services.product_create(
        program=cast.program,
        data={"kind": "report", "title_en": "Internal evaluation", "dissemination": "internal"},
        files=[(io.BytesIO(pdf_bytes("Internal evaluation")), "evaluation.pdf")],
        actor=cast.users["editor_a"],
    )


def _add_job_records(cast) -> dict:
    """The editor's own things: a spreadsheet check, an export job and an API token."""
    from alianza.accounts.services import api_token_create
    from alianza.core.models import JobStatus
    from alianza.iati.models import ExportJob, ExportKind
    from alianza.registry.models import SpreadsheetJob

    editor = cast.users["editor_a"]
    sheet = SpreadsheetJob.objects.create(
        program=cast.program,
        created_by=editor,
        source_name="actividades.csv",
        kind="activities",
        mode="add",
        status=JobStatus.DONE,
    )
    export = ExportJob.objects.create(
        created_by=editor, kind=ExportKind.ACTIVITIES, filename="iati-activities.xml"
    )
    token, _key = api_token_create(user=editor, name="matrix", actor=editor)
    return {"spreadsheet_job": sheet, "export_job": export, "api_token": token}


def _add_staff_records(cast) -> dict:
    """A position, a specialist (without an account) with personal data and a contract
    held by partner A, the year's figures, a notice and a question."""
    from alianza.specialists.tests.factories import (
        HeadcountRecordFactory,
        NoticeFactory,
        PersonalDataFactory,
        PositionFactory,
        QuestionFactory,
        ServiceContractFactory,
        SpecialistFactory,
    )

    program = cast.program
    position = PositionFactory(program=program, code="P-001", host_institution=cast.partner_a)
    specialist = SpecialistFactory(program=program, full_name="Staff Member M")
    PersonalDataFactory(specialist=specialist)
    contract = ServiceContractFactory(
        program=program,
        reference="SC-0001",
        specialist=specialist,
        position=position,
        holder=cast.partner_a,
    )
    HeadcountRecordFactory(program=program, year=2013, headcount=40)
    return {
        "position": position,
        "specialist": specialist,
        "service_contract": contract,
        "headcount": HeadcountRecordFactory(program=program, year=2019, headcount=112),
        "notice": NoticeFactory(program=program),
        "question": QuestionFactory(program=program, specialist=specialist),
    }


def _add_working_records(cast, records, period, coded) -> None:
    """The records the API's detail routes need besides the monitoring ones."""
    from alianza.contracts.models import Payment
    from alianza.finance.tests.factories import ExchangeRateFactory
    from alianza.monitoring.models import MonitoringSettings
    from alianza.risks.models import RiskReview
    from alianza.systematization import services as sys_services
    from alianza.systematization.choices import LessonKind, ResponseKind

    coordinator = cast.users["coordinator_a"]
    ExchangeRateFactory()
    MonitoringSettings.objects.get_or_create(program=cast.program)
    RiskReview.objects.create(
        risk=records["risk"],
        reviewed_on=D(2019, 6, 1),
        reviewer=coordinator,
        institution=cast.partner_a,
        likelihood=2,
        impact=2,
    )
    Payment.objects.create(
        contract=records["contract"],
        deliverable=records["deliverable"],
        paid_on=D(2019, 4, 15),
        amount=100,
    )
    sys_services.assessment_save(
        period=period, initiative=cast.internal_initiative, items={}, actor=coordinator
    )
    sys_services.consolidated_result_create(
        period=period, initiative=cast.internal_initiative, actor=coordinator
    )
    sys_services.lesson_upsert(
        period=period,
        factor=coded.factor,
        kind=LessonKind.LESSON_LEARNED,
        number=1,
        values={"text_en": "Plan early."},
        actor=coordinator,
    )
    sys_services.management_response_set(
        recommendation=records["recommendation"],
        institution=cast.partner_a,
        response=ResponseKind.ACCEPTED,
        actor=coordinator,
    )


def _add_deployment_records(cast, records) -> None:
    """A mission to vulnerable populations whose one person's checklist is incomplete (its
    approval is refused), and a staffing scenario linked with the register's risk."""
    from alianza.deployments.tests.factories import (
        DeployedPersonFactory,
        DeploymentFactory,
        DestinationFactory,
    )
    from alianza.specialists.tests.factories import PositionFactory
    from alianza.staffing_plans.tests.factories import ScenarioFactory

    deployment = DeploymentFactory(program=cast.program, number=1)
    DestinationFactory(deployment=deployment)
    records["deployment"] = deployment
    records["deployed_person"] = DeployedPersonFactory(deployment=deployment, first_aid_on=None)
    PositionFactory(program=cast.program)
    records["scenario"] = ScenarioFactory(program=cast.program, code="A", risk=records["risk"])


# --- filling a URL pattern's parameters from the world -----------------------------------------


def _first_pk(model, world: World):
    """A record of `model`, of the program TEST where it has one (the first made)."""
    queryset = model._default_manager.order_by("pk")
    for path in ("program", "initiative__program", "period__program", "contract__program"):
        try:
            scoped = queryset.filter(**{path: world.cast.program})
            if scoped.exists():
                return scoped.first().pk
        except Exception:  # noqa: S112 - the model has no such path; try the next
            continue
    first = queryset.first()
    return first.pk if first is not None else 10**6


def _api_model(callback):
    cls = getattr(callback, "cls", None)
    if cls is None:
        return None
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(cls, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def kwargs_for(route, world: World) -> dict:
    """Concrete values for every parameter of `route`'s pattern (records of TEST, the
    internal ones where there is a choice)."""
    from alianza.audit.models import ChangeRecord
    from alianza.finance.models import ExchangeRate
    from alianza.iati.models import ImportJob
    from alianza.registry.models import Organisation

    records, cast = world.records, world.cast
    name, wanted = route.name, route.kwargs
    if not wanted:
        return {}
    by_view = {
        "audit:change_detail": lambda: {"pk": ChangeRecord.objects.order_by("pk").first().pk},
        "audit:object_history": lambda: {
            "app_label": "initiatives",
            "model": "initiative",
            "pk": cast.internal_initiative.pk,
        },
        "systematization:action_follow_up": lambda: {"pk": records["key_action"].pk},
        "systematization:excerpt_create": lambda: {"pk": records["interview"].pk},
        "systematization:setup_create": lambda: {"kind": "success-factors"},
        "systematization:setup_update": lambda: {
            "kind": "success-factors",
            "pk": records["recommendation"].factor.pk,
        },
        "systematization:setup_delete": lambda: {
            "kind": "success-factors",
            "pk": records["recommendation"].factor.pk,
        },
        "programs:partner_update": lambda: {"institution": cast.partner_b.code},
        "programs:partner_remove": lambda: {"institution": cast.partner_b.code},
        "systematization:figure_download": lambda: {"key": "cost-by-initiative", "fmt": "csv"},
        "systematization:report_download": lambda: {"fmt": "html"},
        "finance:budget_line_update": lambda: {"pk": records["line"].pk},
        "finance:transaction_update": lambda: {"pk": records["transaction"].pk},
        "risks:action_update": lambda: {"pk": records["risk"].actions.first().pk},
        "deployments:person_update": lambda: {"pk": records["deployed_person"].pk},
        "deployments:person_remove": lambda: {"pk": records["deployed_person"].pk},
        "governance:action_update": lambda: {"pk": records["action"].pk},
        "governance:meeting_detail": lambda: {"pk": records["meeting"].pk},
        "governance:meeting_update": lambda: {"pk": records["meeting"].pk},
        "monitoring:report_detail": lambda: {"pk": records["report"].pk},
        "monitoring:notification_read": lambda: {"pk": records["notification"].pk},
        "registry:activity_detail": lambda: {"pk": records["activity"].pk},
        "knowledge:file_download": lambda: {
            "number": records["product"].number,
            "pk": records["product"].files.first().pk,
        },
        "registry:spreadsheet_template": lambda: {"kind": "activities", "fmt": "csv"},
        "registry:vocabulary": lambda: {"name": "ssc-modality"},
        "iati:activity_quality": lambda: {"pk": records["activity"].pk},
        "iati:import_detail": lambda: {"pk": ImportJob.objects.order_by("pk").first().pk},
        "iati:import_rerun": lambda: {"pk": ImportJob.objects.order_by("pk").first().pk},
        "api:iatiimport-rerun": lambda: {"pk": ImportJob.objects.order_by("pk").first().pk},
        "iati:export_detail": lambda: {"token": records["export_job"].token},
        "iati:export_download": lambda: {"token": records["export_job"].token},
        "iati:export_rerun": lambda: {"token": records["export_job"].token},
        "api:iatiexportjob-detail": lambda: {"token": records["export_job"].token},
        "api:iatiexportjob-download": lambda: {"token": records["export_job"].token},
        "api:iatiexportjob-rerun": lambda: {"token": records["export_job"].token},
        "registry:spreadsheet_job": lambda: {"pk": records["spreadsheet_job"].pk},
        "registry:spreadsheet_job_confirm": lambda: {"pk": records["spreadsheet_job"].pk},
        "registry:spreadsheet_job_rerun": lambda: {"pk": records["spreadsheet_job"].pk},
        "accounts:token_revoke": lambda: {"pk": records["api_token"].pk},
        "finance:budget_line_delete": lambda: {"pk": records["line"].pk},
        "finance:transaction_delete": lambda: {"pk": records["transaction"].pk},
        "finance:exchange_rate_delete": lambda: {
            "pk": ExchangeRate.objects.order_by("pk").first().pk
        },
        # A program one must be a partner of to see (OTHER): the export is refused as absent.
        "iati:export_program": lambda: {"code": world.other.program.code},
        "api:iatiexport-programs": lambda: {"code": world.other.program.code},
        "iati:export_organisation": lambda: {"ref": Organisation.objects.order_by("pk")[0].ref},
        "api:iatiexport-organisations": lambda: {"ref": Organisation.objects.order_by("pk")[0].ref},
        "api:activity-detail": lambda: {"pk": records["activity"].pk},
        "api:institution-detail": lambda: {"code": cast.partner_a.code},
        "api:policyinstrument-detail": lambda: {"code": records["instrument"].code},
        "api:figure-detail": lambda: {"pk": "cost-by-initiative"},
        "api:changerecord-detail": lambda: {"pk": ChangeRecord.objects.order_by("pk")[0].pk},
    }
    values: dict = {}
    if name in by_view:
        values |= by_view[name]()
    app = name.split(":")[0]
    for key in wanted:
        if key in values:
            continue
        if key == "code":
            values[key] = cast.program.code
        elif key == "number":
            values[key] = {
                "risks": records["risk"].number,
                "governance": records["dispute"].number,
                "contracts": records["deliverable"].number,
                "deployments": records["deployment"].number,
                "knowledge": records["product"].number,
            }.get(app, cast.internal_initiative.number)
        elif key == "version":
            values[key] = "original"
        elif key == "lang":
            values[key] = "en"
        elif key == "year":
            values[key] = 2019
        elif key == "fmt" and app == "portal":
            values[key] = "html"
        elif key == "name" and app == "portal":
            values[key] = "initiatives"
        elif key == "scheme":
            values[key] = "incidence_level"
        elif key == "rec":
            values[key] = records["recommendation"].code
        elif key == "pk" and app == "contracts":
            values[key] = records["contract"].pk
        elif key == "pk" and app == "staffing_plans":
            values[key] = records["scenario"].pk
        elif key == "pk" and app == "specialists":
            kind = name.split(":")[1].split("_")[0]
            values[key] = records[
                {"contract": "service_contract", "personal": "specialist"}.get(kind, kind)
            ].pk
        elif key == "year" and app == "specialists":
            values[key] = records["headcount"].year
        elif key == "pk" and app == "systematization":
            values[key] = (records["excerpt"] if "excerpt" in name else records["interview"]).pk
        elif key == "pk" and route.is_api:
            model = _api_model(route.callback)
            values[key] = _first_pk(model, world) if model is not None else 10**6
        elif route.is_admin:
            values[key] = _admin_value(route, key, world)
        else:
            raise LookupError(f"no value for <{key}> of {name} ({route.route})")
    return values


def _admin_value(route, key: str, world: World):
    from django.contrib.contenttypes.models import ContentType

    if key == "app_label":
        return "accounts"
    if key == "url":  # the catch-all that redirects unknown admin paths
        return "nowhere/"
    if key in ("object_id", "id"):
        model_admin = getattr(route.callback, "model_admin", None)
        if model_admin is None:  # the view-on-site shortcut
            return world.cast.internal_initiative.pk
        return _first_pk(model_admin.model, world)
    if key == "content_type_id":
        return ContentType.objects.get_for_model(type(world.cast.internal_initiative)).pk
    raise LookupError(f"no value for <{key}> of {route.name} ({route.route})")
