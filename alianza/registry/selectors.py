"""Reads shared by the registry's pages and API: totals by subdivision and country, the partner
network. Totals are computed by the database from the records."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import QueryDict

from alianza import codelists
from alianza.core.params import check_filterset, filter_status
from alianza.registry import geo
from alianza.registry.filters import ActivityFilterSet
from alianza.registry.models import (
    Activity,
    ActivityLocation,
    Organisation,
    ParticipatingOrg,
    RecipientCountry,
    Transaction,
)
from alianza.registry.permissions import AnyUser
from alianza.registry.querysets import ActivityQuerySet
from alianza.registry.text import pick

#: Transaction types counted as money spent: disbursement (3) and expenditure (4).
SPENT_TYPES = ("3", "4")


def subdivision_totals(activities: ActivityQuerySet, currency: str = "USD") -> list[dict]:
    """Per subdivision of the registry's country: number of activities located there, and
    their disbursements and expenditure in `currency` (each activity counted once per
    subdivision)."""
    ids = activities.order_by().values("pk")
    located = ActivityLocation.objects.filter(
        activity__in=ids, subdivision__startswith=geo.country() + "-"
    )
    counts = dict(
        located.order_by()
        .values("subdivision")
        .annotate(n=Count("activity", distinct=True))
        .values_list("subdivision", "n")
    )
    pairs = set(located.values_list("subdivision", "activity_id"))
    spent = dict(
        Transaction.objects.filter(activity__in=ids, type__in=SPENT_TYPES, currency=currency)
        .order_by()
        .values("activity_id")
        .annotate(total=Sum("value"))
        .values_list("activity_id", "total")
    )
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for code, activity_id in pairs:
        amounts[code] += spent.get(activity_id) or Decimal(0)
    return [
        {
            "subdivision": s.code,
            "national_code": s.national,
            "name": s.name,
            "activities": counts.get(s.code, 0),
            "amount": amounts.get(s.code, Decimal(0)).quantize(Decimal("0.01")),
        }
        for s in geo.subdivisions()
    ]


def country_totals(activities: ActivityQuerySet) -> list[dict]:
    """Partner countries: recipient countries and the countries of participating
    organisations, with the number of activities of each."""
    ids = activities.order_by().values("pk")
    pairs = set(
        RecipientCountry.objects.filter(activity__in=ids).values_list("code", "activity_id")
    )
    pairs |= set(
        ParticipatingOrg.objects.filter(activity__in=ids)
        .exclude(country="")
        .values_list("country", "activity_id")
    )
    counts: dict[str, int] = defaultdict(int)
    for code, _activity in pairs:
        counts[code.upper()] += 1
    return [
        {"country": code, "activities": n, "known": codelists.is_known("Country", code)}
        for code, n in sorted(counts.items())
    ]


def partner_network(activities: ActivityQuerySet, limit: int = 300) -> dict:
    """Organisations as nodes, shared activities as weighted edges."""
    ids = activities.order_by().values("pk")
    rows = list(
        ParticipatingOrg.objects.filter(activity__in=ids)
        .exclude(ref="")
        .values_list("activity_id", "ref", "name", "ssc_role", "country")
    )
    reporting = list(activities.order_by().values_list("pk", "reporting_org_ref"))
    members: dict[int, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    countries: dict[str, str] = {}
    roles: dict[str, set[str]] = defaultdict(set)
    for activity_id, ref, name, ssc_role, country in rows:
        members[activity_id].add(ref)
        names.setdefault(ref, pick(name) or ref)
        if country:
            countries[ref] = country
        if ssc_role:
            roles[ref].add(ssc_role)
    for activity_id, ref in reporting:
        if ref:
            members[activity_id].add(ref)
    known = {o.ref: o.display_name for o in Organisation.objects.filter(ref__in=set(names))}
    degree: dict[str, int] = defaultdict(int)
    edges: dict[tuple[str, str], int] = defaultdict(int)
    for refs in members.values():
        ordered = sorted(refs)
        for ref in ordered:
            degree[ref] += 1
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                edges[(first, second)] += 1
    top = set(sorted(degree, key=lambda r: (-degree[r], r))[:limit])
    nodes = [
        {
            "id": ref,
            "name": known.get(ref) or names.get(ref, ref),
            "activities": degree[ref],
            "country": countries.get(ref, ""),
            "roles": sorted(roles.get(ref, ())),
        }
        for ref in sorted(top)
    ]
    links = [
        {"source": a, "target": b, "activities": n}
        for (a, b), n in sorted(edges.items())
        if a in top and b in top
    ]
    return {"nodes": nodes, "links": links}


def activities_filtered(
    user: AnyUser, query: QueryDict, *, shows_errors: bool = False
) -> tuple[ActivityQuerySet, ActivityFilterSet]:
    """The activities `user` may see, filtered by `query` (the registry's filters), and the
    filterset. Bad parameters are refused (400, `core.params`); with `shows_errors`, a page
    that shows the errors beside its filter form gets no activities instead."""
    base = Activity.objects.visible_to(user)
    filterset = ActivityFilterSet(query or None, queryset=base)
    if shows_errors and filter_status(filterset) == 400:
        return base.none(), filterset
    check_filterset(filterset)
    return (filterset.qs if filterset.is_bound else base), filterset
