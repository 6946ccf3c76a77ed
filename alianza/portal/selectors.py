"""What the public pages, the open-data files and the open-data API show: every read as an
anonymous visitor makes it (`VISITOR`), whoever asks, so that nothing internal or targeted
ever reaches the portal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza import codelists
from alianza.initiatives.models import Initiative
from alianza.initiatives.querysets import InitiativeQuerySet
from alianza.initiatives.selectors import initiative_rows
from alianza.knowledge.models import KnowledgeProduct
from alianza.knowledge.querysets import ProductQuerySet
from alianza.programs.models import Program
from alianza.programs.selectors import program_overview
from alianza.registry.models import Activity
from alianza.registry.querysets import ActivityQuerySet
from alianza.registry.selectors import country_totals
from alianza.systematization.choices import CriterionValue
from alianza.systematization.figures import Figure, inline_svg
from alianza.systematization.selectors import Matrix, criteria_matrix, pick_period

#: Who the portal reads as: an anonymous visitor, whoever is signed in.
VISITOR = AnonymousUser()

#: The portal's languages, in the URL: /public/es/..., /public/en/...
LANGUAGES = ("es", "en")

#: The tabs of a program's public pages: (key, label, URL name).
SECTIONS = [
    ("program", gettext_lazy("The program"), "portal:program"),
    ("initiatives", gettext_lazy("Initiatives"), "portal:initiatives"),
    ("flagships", gettext_lazy("Flagship practices"), "portal:flagships"),
    ("products", gettext_lazy("Knowledge products"), "portal:products"),
    ("figures", gettext_lazy("Registry figures"), "portal:figures"),
    ("open_data", gettext_lazy("Open data"), "portal:open_data"),
]


def public_programs() -> QuerySet[Program]:
    return Program.objects.visible_to(VISITOR).order_by("code")


def public_program(code: str) -> Program:
    """The public program named `code`; 404 for any other (a partner's private program has
    no public pages, even for its partners)."""
    program = public_programs().filter(code=code).first()
    if program is None:
        raise Http404(_("No such program."))
    return program


def public_initiatives(program: Program) -> InitiativeQuerySet:
    return Initiative.objects.visible_to(VISITOR).filter(program=program)


def public_activities(program: Program) -> ActivityQuerySet:
    return Activity.objects.visible_to(VISITOR).filter(program=program)


def public_products(program: Program) -> ProductQuerySet:
    """Public products of the (public) program: those an anonymous visitor may see."""
    return KnowledgeProduct.objects.visible_to(VISITOR).public().filter(program=program)


def products(program: Program, queryset: ProductQuerySet | None = None) -> list[KnowledgeProduct]:
    """The public products with their files, newest first; each product's initiative is
    named (`shown_initiative`) only when the initiative is public too."""
    listed = list(
        (queryset if queryset is not None else public_products(program))
        .for_list()
        .prefetch_related("files")
        .order_by("-published_on", "-number")
    )
    public_ids = set(
        public_initiatives(program)
        .filter(pk__in=[p.initiative_id for p in listed if p.initiative_id])
        .values_list("pk", flat=True)
    )
    for product in listed:
        product.shown_initiative = (
            product.initiative if product.initiative_id in public_ids else None
        )
    return listed


# --- the pages ---------------------------------------------------------------------------


def overview(program: Program) -> dict[str, Any]:
    """The program page: partners, phases, components, and how much there is to see."""
    context = program_overview(program, VISITOR)
    for internal in ("revisions", "funding_sources", "versions"):
        context.pop(internal, None)
    matrix = flagships(program)["matrix"]
    context["counts"] = {
        "initiatives": public_initiatives(program).count(),
        "flagships": len(matrix.flagships),
        "activities": public_activities(program).count(),
        "products": public_products(program).count(),
    }
    return context


def initiatives(program: Program) -> list:
    """The public initiatives as the list page shows them (terms, periods, cost)."""
    listed = public_initiatives(program).for_list().order_by("number")
    return initiative_rows(listed)


def flagships(program: Program) -> dict[str, Any]:
    """The latest systematization period's flagships and special mentions among the public
    initiatives, each with the criteria it meets."""
    period = pick_period(program)
    matrix: Matrix = criteria_matrix(
        program, period, VISITOR, initiatives=public_initiatives(program)
    )
    rows = [
        {
            "row": row,
            "met": [
                c
                for c, value, _has, _rec in row.cells(matrix.criteria)
                if value == CriterionValue.MET
            ],
        }
        for row in matrix.rows
        if row.flagship or row.special_mention
    ]
    return {"period": period, "matrix": matrix, "rows": rows}


def registry_figures(program: Program) -> dict[str, Any]:
    """The program's public registry activities: how many, by status, by start year and by
    partner country, each as a figure drawn on the server."""
    activities = public_activities(program)
    statuses = Counter(activities.values_list("status", flat=True))
    years = Counter(d.year for d in activities.values_list("start_date", flat=True) if d)
    countries = sorted(country_totals(activities), key=lambda c: (-c["activities"], c["country"]))
    figures = [
        _bars(
            "registry-status",
            _("Registry activities by status"),
            _("Status"),
            [
                (codelists.label("ActivityStatus", s) if s else _("Not given"), n)
                for s, n in sorted(statuses.items())
            ],
        ),
        _bars(
            "registry-years",
            _("Registry activities by start year"),
            _("Year"),
            [(str(y), n) for y, n in sorted(years.items())],
        ),
        _bars(
            "registry-countries",
            _("Registry activities by partner country"),
            _("Country"),
            [
                (
                    codelists.label("Country", c["country"]) if c["known"] else c["country"],
                    c["activities"],
                )
                for c in countries[:15]
            ],
        ),
    ]
    return {"total": activities.count(), "figures": figures}


def _bars(key: str, title: str, label: str, pairs: list[tuple[str, int]]) -> Figure:
    figure = Figure(
        key=key,
        title=title,
        headers=[label, _("Activities")],
        rows=[[name, n] for name, n in pairs],
        kind="bars",
        labels=[name for name, _n in pairs],
        values=[n for _name, n in pairs],
    )
    figure.svg = inline_svg(figure) if pairs else ""  # type: ignore[attr-defined]
    return figure


# --- open data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    """One public download of a program: a file the portal serves, in one language."""

    key: str
    title: Any  # a lazy translation
    description: Any
    fmt: str
    url_name: str


DATA_FILES = (
    DataFile(
        "initiatives",
        gettext_lazy("Public initiatives"),
        gettext_lazy("Number, title, classification, execution periods and cost of each."),
        "csv",
        "portal:open_data_file",
    ),
    DataFile(
        "flagships",
        gettext_lazy("Flagship practices and their criteria"),
        gettext_lazy("The criteria each assessed public initiative meets."),
        "csv",
        "portal:open_data_file",
    ),
    DataFile(
        "products",
        gettext_lazy("Knowledge products"),
        gettext_lazy("The public products: kind, language, authors, date, licence and files."),
        "csv",
        "portal:open_data_file",
    ),
    DataFile(
        "registry-activities",
        gettext_lazy("Registry activities"),
        gettext_lazy("The program's public activities in the cooperation registry."),
        "csv",
        "portal:open_data_file",
    ),
    DataFile(
        "iati",
        gettext_lazy("IATI activity file"),
        gettext_lazy("The program and its public initiatives as IATI 2.03 XML."),
        "xml",
        "portal:open_data_iati",
    ),
)

CSV_FILES = {f.key for f in DATA_FILES if f.fmt == "csv"}


def data_file_url(program: Program, data_file: DataFile, lang: str) -> str:
    kwargs = {"lang": lang, "code": program.code}
    if data_file.url_name == "portal:open_data_file":
        kwargs["name"] = data_file.key
    return reverse(data_file.url_name, kwargs=kwargs)


def iati_unavailable(program: Program) -> str:
    """Why the program's IATI file cannot be made ("" when it can): its identifier comes
    from a partner's IATI organisation identifier."""
    from alianza.iati.contents import ExportError
    from alianza.iati.program_export import program_identifier

    try:
        program_identifier(program)
    except ExportError as exc:
        return "; ".join(message for _ref, message in exc.problems)
    return ""


def open_data_files(program: Program, lang: str) -> list[dict[str, Any]]:
    """The program's public downloads, with their addresses and labels in `lang`."""
    with translation.override(lang):
        unavailable = iati_unavailable(program)
        return [
            {
                "key": f.key,
                "title": str(f.title),
                "description": str(f.description),
                "format": f.fmt,
                "language": lang,
                "url": data_file_url(program, f, lang),
                "available": not (f.key == "iati" and unavailable),
                "note": unavailable if f.key == "iati" else "",
            }
            for f in DATA_FILES
        ]


def initiatives_table(program: Program) -> tuple[list[str], list[list]]:
    from alianza.initiatives.models import ClassificationScheme
    from alianza.initiatives.selectors import cost_label

    schemes = list(ClassificationScheme.objects.filter(program=program).order_by("order", "code"))
    headers = (
        [_("Number"), _("Title"), _("Component"), _("Phase")]
        + [s.name for s in schemes]
        + [_("Execution periods"), cost_label(program.currency)]
    )
    rows = [
        [
            row.initiative.number,
            row.initiative.title,
            row.initiative.component.name if row.initiative.component else "",
            row.initiative.phase.name if row.initiative.phase else "",
        ]
        + [row.term_names(s.code) for s in schemes]
        + [row.periods, row.cost]
        for row in initiatives(program)
    ]
    return headers, rows


def flagships_table(program: Program) -> tuple[list[str], list[list]]:
    data = flagships(program)
    matrix = data["matrix"]
    headers = (
        [_("Number"), _("Initiative")]
        + [f"{c.number}. {c.name}" for c in matrix.criteria]
        + [_("Criteria met"), _("Flagship"), _("Special mention")]
    )
    rows = [
        [row.initiative.number, row.initiative.title]
        + [_value_label(value) for _c, value, _has, _rec in row.cells(matrix.criteria)]
        + [
            row.criteria_met,
            _("Yes") if row.flagship else _("No"),
            _("Yes") if row.special_mention else _("No"),
        ]
        for row in matrix.assessed
    ]
    return headers, rows


def _value_label(value: str | None) -> str:
    if value is None:
        return ""
    return str(dict(CriterionValue.choices).get(value, value))


def activities_table(program: Program) -> tuple[list[str], list[list]]:
    headers = [_("IATI identifier"), _("Title"), _("Status"), _("Start"), _("End")]
    rows = [
        [
            a.iati_identifier,
            a.display_title,
            codelists.label("ActivityStatus", a.status) if a.status else "",
            a.start_date,
            a.end_date,
        ]
        for a in public_activities(program).order_by("iati_identifier")
    ]
    return headers, rows


def products_table(
    program: Program, absolute: Callable[[str], str] = str
) -> tuple[list[str], list[list]]:
    headers = [
        _("Number"),
        _("Title"),
        _("Kind of product"),
        _("Language"),
        _("Date"),
        _("Authors"),
        _("Institutions"),
        _("Initiative"),
        _("Licence"),
        _("Link"),
        _("Files"),
    ]
    rows = []
    for p in products(program):
        initiative = p.shown_initiative  # type: ignore[attr-defined]
        files = [
            absolute(
                reverse(
                    "knowledge:file_download",
                    kwargs={"code": program.code, "number": p.number, "pk": f.pk},
                )
            )
            for f in p.files.all()
        ]
        rows.append(
            [
                p.number,
                p.title,
                p.get_kind_display(),
                p.get_language_display(),
                p.date_display,
                "; ".join(line.strip() for line in p.authors.splitlines() if line.strip()),
                "; ".join(str(i) for i in p.institutions.all()),
                f"{initiative.number}. {initiative.title}" if initiative else "",
                p.get_licence_display(),
                p.link,
                " ".join(files),
            ]
        )
    return headers, rows


TABLES = {
    "products": products_table,
    "initiatives": initiatives_table,
    "flagships": flagships_table,
    "registry-activities": activities_table,
}
