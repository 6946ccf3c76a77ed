"""The report's tables and figures, rebuilt from the records and drawn on the server.

Each figure is its data (headers and rows, the CSV download) plus a chart of it, drawn
with matplotlib's object API on the Agg/SVG backends (no global state, no display):

- `scheme-<code>`: initiatives by the terms of a classification scheme (PROCAP: Table 6
  by support dimension, Figure 6 by incidence, dissemination scope);
- `cost-by-initiative`: cost of each initiative, sorted (Figure 7);
- `cost-by-<code>`: cost by the terms of a scheme (Figure 8, by support dimension);
- `criteria-matrix`: initiatives by criteria, flagships highlighted (Figure 9);
- `lessons-by-factor`: lessons learned and good practices by factor (Table 7).

Titles and labels are in the active language. A program's own report numbering (PROCAP's
"Figure 9") is its data (`ReportNumber`): a program without any gets plain titles.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alianza.initiatives.models import ClassificationScheme
from alianza.initiatives.selectors import cost_label, scheme_table
from alianza.systematization.choices import CriterionValue

FORMATS = ("svg", "png", "csv", "xlsx")
MET_COLOR, NOT_MET_COLOR, NA_COLOR, PENDING_COLOR = "#1b7f4b", "#f1d4d4", "#c9c9c9", "#f0ad4e"
BAR_COLOR, FLAGSHIP_COLOR = "#2c5d8f", "#d98e04"


@dataclass
class Figure:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    kind: str  # "bars", "matrix", "stacked"
    labels: list[str] = field(default_factory=list)
    values: list = field(default_factory=list)
    series: dict[str, list[int]] = field(default_factory=dict)
    highlight: set[int] = field(default_factory=set)
    money: bool = False
    #: The currency of a money figure's values (the program's).
    currency: str = ""
    note: str = ""
    matrix: object = None
    #: The number the program's own report gives it ("Figure 9"), empty for plain titles.
    report_label: str = ""
    short_title: str = ""  # the sheet's name in the report's XLSX, when the title is long

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _scheme_figure(scheme, initiatives) -> Figure:
    table = scheme_table(scheme, initiatives)
    rows = [
        [
            ("  " * row.depth) + row.term.name,
            row.count,
            "; ".join(str(i.number) for i in row.initiatives),
        ]
        for row in table.rows
    ]
    note = scheme.source_note or ""
    if table.classified_total != table.total:
        note = (
            note
            + " "
            + _("%(n)s of %(total)s initiatives have no term in this scheme.")
            % {"n": table.total - table.classified_total, "total": table.total}
        ).strip()
    return Figure(
        key=f"scheme-{scheme.code}",
        title=_("Initiatives by %(scheme)s") % {"scheme": scheme.name},
        short_title=scheme.name,
        headers=[scheme.name, _("Initiatives"), _("Initiative numbers")],
        rows=rows if table.total else [],
        kind="bars",
        labels=[("— " if r.depth else "") + r.term.name for r in table.rows],
        values=[r.count for r in table.rows],
        note=note,
    )


def _cost_by_initiative(initiatives, currency: str) -> Figure:
    """Costs in the program's `currency`; an initiative whose cost cannot be converted is
    named in the note with the missing rate, not counted as zero."""
    ranked = sorted(
        (i for i in initiatives if getattr(i, "cost", None) is not None),
        key=lambda i: (-i.cost, i.number),
    )
    unknown = [i for i in initiatives if getattr(i, "cost_missing", None)]
    missing = [i for i in initiatives if getattr(i, "cost", None) is None and i not in unknown]
    notes = []
    if missing:
        notes.append(
            _("No cost record: %(list)s.")
            % {"list": ", ".join(f"{i.number}. {i.title}" for i in missing)}
        )
    for i in unknown:
        notes.append(" ".join(i.cost_missing))
    paths = sorted({path for i in ranked for path in getattr(i, "cost_paths", [])})
    if paths:
        notes.append(_("Converted: %(paths)s.") % {"paths": "; ".join(paths)})
    total = sum((i.cost for i in ranked), Decimal("0"))
    return Figure(
        key="cost-by-initiative",
        title=_("Cost of the initiatives (%(currency)s), highest first") % {"currency": currency},
        headers=[_("Number"), _("Initiative"), cost_label(currency)],
        rows=[[i.number, i.title, i.cost.quantize(Decimal("0.01"))] for i in ranked]
        + ([["", _("Total"), total.quantize(Decimal("0.01"))]] if ranked else []),
        kind="bars",
        labels=[f"{i.number}. {i.title}" for i in ranked],
        values=[i.cost for i in ranked],
        money=True,
        currency=currency,
        note=" ".join(notes),
    )


def _cost_by_scheme(scheme, initiatives, currency: str) -> Figure:
    from alianza.systematization.selectors import _leaf_terms

    table = scheme_table(scheme, initiatives)
    leaves = {t.pk for t in _leaf_terms(scheme)}
    rows = [r for r in table.rows if r.term.pk in leaves]
    return Figure(
        key=f"cost-by-{scheme.code}",
        title=_("Cost of the initiatives (%(currency)s) by %(scheme)s")
        % {"currency": currency, "scheme": scheme.name},
        headers=[scheme.name, _("Initiatives"), cost_label(currency)],
        rows=[[r.term.name, r.count, r.cost] for r in rows] if table.total else [],
        kind="bars",
        labels=[r.term.name for r in rows],
        values=[r.cost or Decimal("0") for r in rows],
        money=True,
        currency=currency,
        note=_(
            "Sum of the costs of the initiatives of each term, in %(currency)s (records in "
            "other currencies converted with the rates of their value dates)."
        )
        % {"currency": currency},
    )


def _value_label(value: str | None) -> str:
    """A criterion's value as people read it ("Met"), not its code ("met")."""
    if not value:
        return ""
    try:
        return str(CriterionValue(value).label)
    except ValueError:
        return value


def _matrix_figure(matrix) -> Figure:
    criteria = matrix.criteria
    headers = [_("Number"), _("Initiative")] + [f"{c.number}. {c.name}" for c in criteria]
    headers += [_("Criteria met"), _("Flagship"), _("Special mention")]
    rows = []
    for row in matrix.rows:
        rows.append(
            [row.initiative.number, row.initiative.title]
            + [_value_label(row.values.get(c.pk)) for c in criteria]
            + [
                row.criteria_met if row.assessed else "",
                _("yes") if row.flagship else "",
                _("yes") if row.special_mention else "",
            ]
        )
    note = ""
    if any(row.reconstructed for row in matrix.rows):
        note = _(
            "Values marked as reconstructed were inferred from the narrative of the source, "
            "not scored cell by cell."
        )
    return Figure(
        key="criteria-matrix",
        title=_("Analysis matrix: initiatives by good-practice criteria"),
        headers=headers,
        rows=rows if matrix.rows and matrix.criteria else [],
        kind="matrix",
        highlight={i for i, r in enumerate(matrix.rows) if r.flagship},
        note=note,
        matrix=matrix,
    )


def _lessons_figure(table) -> Figure:
    rows = []
    for group in table:
        for lesson in group.lessons + group.good_practices:
            rows.append(
                [
                    group.factor.name,
                    lesson.get_kind_display(),
                    lesson.text,
                    "; ".join(str(i.number) for i in lesson.initiatives.all()),
                ]
            )
    return Figure(
        key="lessons-by-factor",
        title=_("Lessons learned and good practices by success factor"),
        headers=[_("Success factor"), _("Kind"), _("Text"), _("Initiatives")],
        rows=rows,
        kind="stacked",
        labels=[g.factor.name for g in table],
        series={
            _("Lessons learned"): [len(g.lessons) for g in table],
            _("Good practices"): [len(g.good_practices) for g in table],
        },
    )


def program_figures(program, period, user, initiatives=None) -> list[Figure]:
    """Every figure of the program, from the initiatives the user may see (or those
    given) and the period's systematization records."""
    from alianza.systematization.selectors import (
        criteria_matrix,
        lessons_by_factor,
        visible_initiatives,
    )

    base = initiatives if initiatives is not None else visible_initiatives(user, program)
    listed = list(base.for_list().order_by("number"))
    schemes = list(
        ClassificationScheme.objects.filter(program=program)
        .prefetch_related("terms")
        .order_by("order", "code")
    )
    figures = [_scheme_figure(s, listed) for s in schemes]
    figures.append(_cost_by_initiative(listed, program.currency))
    balance = period.criteria_set.balance_scheme if period else None
    cost_scheme = next(
        (s for s in schemes if balance is not None and s.pk == balance.pk),
        schemes[0] if schemes else None,
    )
    if cost_scheme is not None:
        figures.append(_cost_by_scheme(cost_scheme, listed, program.currency))
    figures.append(_matrix_figure(criteria_matrix(program, period, user, initiatives=base)))
    figures.append(_lessons_figure(lessons_by_factor(program, period, user)))
    return number_figures(program, figures)


def number_figures(program, figures: list[Figure]) -> list[Figure]:
    """The figures with the numbers (and titles) the program's own report gives them."""
    from alianza.systematization.selectors import report_numbers

    numbers = report_numbers(program)
    for figure in figures:
        numbered = numbers.get(figure.key)
        if numbered is not None:
            figure.report_label = numbered.label
            figure.title = numbered.title or figure.title
    return figures


def find_figure(figures: list[Figure], key: str) -> Figure | None:
    return next((f for f in figures if f.key == key), None)


# --- drawing ----------------------------------------------------------------------------------


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _money(value) -> str:
    return f"{Decimal(value):,.2f}"


def _draw_bars(fig, figure: Figure) -> None:
    labels = [_short(label) for label in figure.labels] or [_("No data")]
    values = [float(v) for v in figure.values] or [0.0]
    height = max(2.5, 0.38 * len(labels) + 1.4)
    fig.set_size_inches(10, height)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    bars = ax.barh(positions, values, color=BAR_COLOR)
    ax.set_yticks(positions, labels, fontsize=8)
    top = max(values) if values else 0
    for bar, value in zip(bars, figure.values or [0], strict=False):
        text = _money(value) if figure.money else str(value)
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            text,
            va="center",
            fontsize=8,
        )
    ax.set_xlim(0, top * 1.2 if top else 1)
    ax.spines[["top", "right"]].set_visible(False)
    if figure.money:
        ax.set_xlabel(figure.currency)
    else:
        ax.xaxis.get_major_locator().set_params(integer=True)


def _draw_matrix(fig, figure: Figure) -> None:
    from matplotlib.patches import Patch, Rectangle

    matrix = figure.matrix
    criteria, rows = matrix.criteria, matrix.rows
    fig.set_size_inches(max(8, 0.45 * len(criteria) + 6.5), max(2.5, 0.36 * len(rows) + 2.2))
    ax = fig.add_subplot()
    colors = {
        CriterionValue.MET: MET_COLOR,
        CriterionValue.NOT_MET: NOT_MET_COLOR,
        CriterionValue.NOT_ASSESSABLE: NA_COLOR,
        None: PENDING_COLOR,
    }
    n = len(rows)
    for y, row in enumerate(rows):
        top = n - 1 - y
        if row.flagship:
            ax.add_patch(
                Rectangle((-0.5, top - 0.5), len(criteria) + 1, 1, color=FLAGSHIP_COLOR, alpha=0.25)
            )
        for x, criterion in enumerate(criteria):
            if criterion.pk not in row.values:
                continue
            ax.add_patch(
                Rectangle(
                    (x - 0.4, top - 0.4),
                    0.8,
                    0.8,
                    facecolor=colors[row.values[criterion.pk]],
                    edgecolor="white",
                    hatch="//" if criterion.pk in row.reconstructed else None,
                    hatchcolor="#ffffff99",
                    linewidth=0.5,
                )
            )
        count = "—" if not row.assessed else str(row.criteria_met)
        ax.text(len(criteria), top, count, va="center", ha="center", fontsize=8, weight="bold")
    labels = []
    for row in rows:
        label = _short(f"{row.initiative.number}. {row.initiative.title}", 55)
        if row.flagship:
            label = "★ " + label
        elif row.special_mention:
            label = "◆ " + label
        labels.append(label)
    ax.set_yticks(list(range(n))[::-1], labels, fontsize=7)
    ax.set_xticks(
        list(range(len(criteria) + 1)),
        [str(c.number) + ("" if c.counts_toward_threshold else "*") for c in criteria] + [_("Met")],
        fontsize=7,
    )
    ax.xaxis.tick_top()
    ax.set_xlim(-0.5, len(criteria) + 0.5)
    ax.set_ylim(-0.5, n - 0.5)
    ax.set_aspect("auto")
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    legend = [
        Patch(color=MET_COLOR, label=_("Met")),
        Patch(color=NOT_MET_COLOR, label=_("Not met")),
        Patch(color=NA_COLOR, label=_("Not assessable")),
        Patch(color=PENDING_COLOR, label=_("Assessors disagree")),
        Patch(color=FLAGSHIP_COLOR, alpha=0.25, label="★ " + _("Flagship")),
        Patch(facecolor=MET_COLOR, hatch="//", hatchcolor="#ffffff99", label=_("Reconstructed")),
    ]
    if any(not c.counts_toward_threshold for c in criteria):
        legend.append(Patch(color="white", label="* " + _("not counted")))
    ax.legend(
        handles=legend,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=len(legend),
        fontsize=7,
        frameon=False,
    )


def _draw_stacked(fig, figure: Figure) -> None:
    labels = figure.labels or [_("No data")]
    fig.set_size_inches(9, max(2.5, 0.45 * len(labels) + 1.5))
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    left = [0] * len(labels)
    for (name, values), color in zip(figure.series.items(), [BAR_COLOR, MET_COLOR], strict=False):
        values = values or [0] * len(labels)
        ax.barh(positions, values, left=left, color=color, label=name)
        left = [a + b for a, b in zip(left, values, strict=False)]
    ax.set_yticks(positions, [_short(label, 40) for label in labels], fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)


def render(figure: Figure, fmt: str) -> bytes:
    """The figure as SVG or PNG bytes."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    if fmt not in ("svg", "png"):
        raise ValueError(f"unknown figure format {fmt!r}")
    with rc_context(
        {"svg.fonttype": "none", "font.family": "DejaVu Sans", "svg.hashsalt": "alianza"}
    ):
        fig = MplFigure(dpi=110)
        FigureCanvasAgg(fig)
        if figure.kind == "matrix" and figure.rows:
            _draw_matrix(fig, figure)
        elif figure.kind == "stacked":
            _draw_stacked(fig, figure)
        else:
            _draw_bars(fig, figure)
        title = figure.title + (f" ({figure.report_label})" if figure.report_label else "")
        fig.suptitle(title, fontsize=11, x=0.01, ha="left")
        fig.tight_layout()
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


# --- the figure on a page ---------------------------------------------------------------------

#: The SVG properties matplotlib writes in `style=""`, each also a presentation attribute.
SVG_PROPERTIES = {
    "clip-path",
    "fill",
    "fill-opacity",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "text-anchor",
}
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: Drawn pages are kept a day; the key is the figure's data, so a change draws it anew.
INLINE_CACHE_SECONDS = 24 * 3600


def _fingerprint(figure: Figure) -> str:
    """A digest of everything the drawing depends on (and the language of its legend)."""
    parts: list = [
        get_language(),
        figure.key,
        figure.title,
        figure.report_label,
        figure.kind,
        figure.headers,
        figure.rows,
        figure.labels,
        [str(v) for v in figure.values],
        sorted(figure.series.items()),
        sorted(figure.highlight),
        figure.money,
    ]
    matrix = figure.matrix
    if matrix is not None:
        parts.append([(c.pk, c.number, c.counts_toward_threshold) for c in matrix.criteria])
        parts.append(
            [
                (
                    r.initiative.number,
                    r.initiative.title,
                    r.flagship,
                    r.special_mention,
                    r.assessed,
                    r.criteria_met,
                    sorted((k, str(v)) for k, v in r.values.items()),
                    sorted(r.reconstructed),
                )
                for r in matrix.rows
            ]
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def inline_svg(figure: Figure) -> str:
    """The figure's SVG to write into a page: what `render` draws, with its styles as
    presentation attributes (the Content-Security-Policy refuses `style` in a page), its
    ids prefixed with the figure's key (several figures share a page), no metadata, and
    sized by the page (its viewBox kept). Cached by the figure's data."""
    key = f"figure-svg:{_fingerprint(figure)}"
    svg = cache.get(key)
    if svg is None:
        svg = _for_page(render(figure, "svg"), prefix=f"{figure.key}-", label=figure.title)
        cache.set(key, svg, INLINE_CACHE_SECONDS)
    return svg


def _for_page(content: bytes, *, prefix: str, label: str) -> str:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(content, parser=parser)
    for element in list(root.iter(f"{{{SVG_NS}}}metadata", f"{{{SVG_NS}}}style")):
        element.getparent().remove(element)
    references = re.compile(r"url\(#([^)]+)\)")
    for element in root.iter(etree.Element):
        style = element.attrib.pop("style", "")
        for declaration in style.split(";"):
            name, _colon, value = declaration.partition(":")
            if name.strip() in SVG_PROPERTIES and value.strip():
                element.set(name.strip(), value.strip())
        for name, value in element.attrib.items():
            if name == "id":
                element.set(name, prefix + value)
            elif name == XLINK_HREF:  # SVG 2's plain `href`: no namespace in the page
                del element.attrib[name]
                element.set("href", "#" + prefix + value[1:] if value.startswith("#") else value)
            elif "url(#" in value:
                element.set(name, references.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    # What the stylesheet matplotlib writes said for every element (both properties inherit).
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-label", label)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")
