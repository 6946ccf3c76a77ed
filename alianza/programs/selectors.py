"""Reads that pages and reports share: program cards, the overview, version comparison."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest

from alianza.programs.models import DocumentVersion, ExpectedResult, Phase, Program
from alianza.programs.permissions import AnyUser, can_view_internal


@dataclass
class ProgramCard:
    program: Program
    initiative_count: int
    internal: bool


def program_id_for_code(code: str) -> int | None:
    """The id of the program `code` names, in any case (audit's filter by program)."""
    return Program.objects.filter(code__iexact=code).values_list("pk", flat=True).first()


def home_panel(request: HttpRequest) -> dict[str, Any]:
    """The home page's panel of programs: a card for each program the user may see."""
    return {"programs": program_cards(request.user)}


def program_cards(user: AnyUser) -> list[ProgramCard]:
    internal_ids = set(Program.objects.with_internal_access(user).values_list("pk", flat=True))
    programs = (
        Program.objects.visible_to(user)
        .annotate(
            public_initiatives=Count("initiatives", filter=Q(initiatives__is_public=True)),
            all_initiatives=Count("initiatives"),
        )
        .order_by("code")
    )
    return [
        ProgramCard(
            program=p,
            internal=p.pk in internal_ids,
            initiative_count=p.all_initiatives if p.pk in internal_ids else p.public_initiatives,
        )
        for p in programs
    ]


@dataclass
class TimelineBar:
    label: str
    period: str
    left: float
    width: float
    number: int

    # Whole percentages for the CSS classes `at-N` and `span-N` (static/css/alianza.css): the
    # Content-Security-Policy allows no inline style attribute.
    @property
    def left_step(self) -> int:
        return round(self.left)

    @property
    def width_step(self) -> int:
        return max(round(self.left + self.width) - round(self.left), 1)


@dataclass
class Timeline:
    bars: list[TimelineBar]
    years: list[tuple[int, float]]


def phase_timeline(phases: Iterable[Phase], today: date | None = None) -> Timeline | None:
    """Phases as bars on a common time axis (percentages of the program's span)."""
    phases = [p for p in phases if p.start_date]
    if not phases:
        return None
    today = today or date.today()
    start = min(p.start_date for p in phases)
    end = max((p.end_date or today) for p in phases)
    first_year, last_year = start.year, end.year + 1
    span_start, span_end = date(first_year, 1, 1), date(last_year, 1, 1)
    total = (span_end - span_start).days or 1

    def pct(day: date) -> float:
        return round(100 * (day - span_start).days / total, 2)

    bars = []
    for phase in phases:
        left = pct(phase.start_date)
        right = pct(phase.end_date or today)
        bars.append(
            TimelineBar(
                label=phase.name,
                period=phase.period_display,
                left=left,
                width=max(right - left, 1.0),
                number=phase.number,
            )
        )
    years = [(year, pct(date(year, 1, 1))) for year in range(first_year, last_year + 1)]
    return Timeline(bars=bars, years=years)


def program_overview(program: Program, user: AnyUser) -> dict:
    internal = can_view_internal(user, program)
    phases = list(program.phases.order_by("number"))
    context = {
        "program": program,
        "internal": internal,
        "partners": list(program.partnerships.select_related("institution")),
        "phases": phases,
        "timeline": phase_timeline(phases),
        "components": list(program.components.order_by("number")),
        "versions": list(program.document_versions.select_related("phase").order_by("sequence")),
    }
    if internal:
        context["revisions"] = list(
            program.general_revisions.order_by("number").prefetch_related("amounts__source")
        )
        context["funding_sources"] = list(
            program.funding_sources.select_related("institution").order_by("kind", "code")
        )
    return context


# --- Comparing project document versions -----------------------------------------------------


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _normalize(a), _normalize(b)).ratio()


@dataclass
class ProductChange:
    status: str  # unchanged | reworded | added | removed
    before: str = ""
    after: str = ""


@dataclass
class ResultChange:
    status: str  # unchanged | changed | added | removed
    number_before: int | None = None
    number_after: int | None = None
    title_before: str = ""
    title_after: str = ""
    products: list[ProductChange] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        tally: dict[str, int] = {}
        for product in self.products:
            tally[product.status] = tally.get(product.status, 0) + 1
        return tally


def _compare_products(before: list[str], after: list[str]) -> list[ProductChange]:
    changes: list[ProductChange] = []
    remaining = list(before)
    for title in after:
        exact = next((b for b in remaining if _normalize(b) == _normalize(title)), None)
        if exact is not None:
            remaining.remove(exact)
            changes.append(ProductChange("unchanged", exact, title))
            continue
        best = max(remaining, key=lambda b: _similarity(b, title), default=None)
        if best is not None and _similarity(best, title) >= 0.6:
            remaining.remove(best)
            changes.append(ProductChange("reworded", best, title))
        else:
            changes.append(ProductChange("added", after=title))
    changes.extend(ProductChange("removed", before=b) for b in remaining)
    return changes


def _result_signature(result: ExpectedResult) -> str:
    return result.title + " " + " ".join(p.title for p in result.products.all())


_STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "from",
        "within",
        "their",
        "this",
        "which",
        "into",
        "of",
        "to",
        "in",
        "on",
        "by",
        "an",
        "or",
        "as",
        "at",
        "be",
        "la",
        "el",
        "los",
        "las",
        "de",
        "del",
        "y",
        "en",
        "para",
        "con",
        "por",
        "que",
        "una",
        "un",
        "al",
        "se",
        "su",
        "sus",
    ]
)


def _content_words(text: str) -> set[str]:
    words = set(_normalize(text).split())
    return {w.rstrip("s") for w in words if w not in _STOPWORDS and (len(w) > 3 or w == "coe")}


def _word_overlap(a: str, b: str) -> float:
    """Shared content words over the smaller set: robust to rewording and reordering."""
    first, second = _content_words(a), _content_words(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def _match(
    pairs: list[tuple[float, Any, Any]], matched_old: set[int], matched_new: dict, threshold: float
) -> None:
    pairs.sort(key=lambda item: -item[0])
    for score, a, b in pairs:
        if score < threshold or a.pk in matched_old or b.pk in matched_new:
            continue
        matched_old.add(a.pk)
        matched_new[b.pk] = a


def compare_versions(old: DocumentVersion, new: DocumentVersion) -> list[ResultChange]:
    """What changed in the expected results and products from `old` to `new`.

    Results are matched by what they say, not by their number: the centres of
    excellence result was number 2 in 2013 and number 3 after the third revision,
    with other words. First results whose titles or texts read alike are paired;
    then results left over on both sides are paired when they share enough content
    words (a result reworded, not replaced). The rest are added or removed.
    """
    products = Prefetch("products")
    old_results = list(old.results.prefetch_related(products).order_by("number"))
    new_results = list(new.results.prefetch_related(products).order_by("number"))
    matched_old: set[int] = set()
    matched_new: dict[int, ExpectedResult] = {}
    _match(
        [
            (
                max(
                    _similarity(a.title, b.title),
                    _similarity(_result_signature(a), _result_signature(b)),
                ),
                a,
                b,
            )
            for a in old_results
            for b in new_results
        ],
        matched_old,
        matched_new,
        threshold=0.45,
    )
    _match(
        [
            (_word_overlap(_result_signature(a), _result_signature(b)), a, b)
            for a in old_results
            if a.pk not in matched_old
            for b in new_results
            if b.pk not in matched_new
        ],
        matched_old,
        matched_new,
        threshold=0.15,
    )
    changes: list[ResultChange] = []
    for b in new_results:
        a = matched_new.get(b.pk)
        if a is None:
            changes.append(
                ResultChange(
                    "added",
                    number_after=b.number,
                    title_after=b.title,
                    products=[ProductChange("added", after=p.title) for p in b.products.all()],
                )
            )
            continue
        product_changes = _compare_products(
            [p.title for p in a.products.all()], [p.title for p in b.products.all()]
        )
        same = (
            _normalize(a.title) == _normalize(b.title)
            and a.number == b.number
            and all(p.status == "unchanged" for p in product_changes)
        )
        changes.append(
            ResultChange(
                "unchanged" if same else "changed",
                number_before=a.number,
                number_after=b.number,
                title_before=a.title,
                title_after=b.title,
                products=product_changes,
            )
        )
    for a in old_results:
        if a.pk not in matched_old:
            changes.append(
                ResultChange(
                    "removed",
                    number_before=a.number,
                    title_before=a.title,
                    products=[ProductChange("removed", before=p.title) for p in a.products.all()],
                )
            )
    return changes


def program_setup(program: Program, user: Any) -> dict[str, Any]:
    """The program's setup page: its partners with their roles, what the user may change,
    and the other setup pages (the sections the apps register under the Setup tab)."""
    from alianza.programs.permissions import can_manage_program

    return {
        "program": program,
        "section": "program_setup",
        "partners": list(
            program.partnerships.select_related("institution").order_by("institution__code")
        ),
        "can_manage": can_manage_program(user, program),
    }
