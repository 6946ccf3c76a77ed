"""Data quality: codes checked against the IATI codelists, and the standard's rules the
schema cannot express. One function per check; each returns `Issue`s naming the field.

Codelist problems and rule violations are warnings: the activity is kept, and the data
quality pages list them. (Schema errors, which reject an activity, come from
alianza.iati.schema.)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop

from alianza.codelists import codelist
from alianza.core.links import LINK_SCHEMES, is_safe_link, link_scheme
from alianza.core.texts import show

SCHEMA, CODELIST, RULE, FILE, DUPLICATE, SYNTAX, NOTE = (
    "schema",
    "codelist",
    "rule",
    "file",
    "duplicate",
    "syntax",
    "note",
)
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Issue:
    severity: str  # error, warning
    kind: str  # schema, codelist, rule, file, duplicate, syntax, note
    path: str  # the field: "sector[2]/@code"
    message: str  # the English msgid, shown translated with its params (alianza.core.texts)
    line: int | None = None
    params: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        """The message in the active language."""
        return show(self.message, self.params)

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "path": self.path,
            "message": self.text,
            "line": self.line,
        }


# --- Codelists ------------------------------------------------------------------------------

SECTOR_VOCABULARIES = {
    "": "Sector",
    "1": "Sector",
    "2": "SectorCategory",
    "7": "UNSDG-Goals",
    "8": "UNSDG-Targets",
}
TAG_VOCABULARIES = {"2": "UNSDG-Goals", "3": "UNSDG-Targets"}


def _code(listname: str, value: str, path: str) -> Iterator[Issue]:
    if value == "":
        return
    items = codelist(listname)
    if not items:
        return
    item = items.get(value)
    if item is None:
        yield Issue(
            WARNING,
            CODELIST,
            path,
            gettext_noop("'%(value)s' is not a code of the %(codelist)s codelist."),
            params={"value": value, "codelist": listname},
        )
    elif item.status == "withdrawn":
        yield Issue(
            WARNING,
            CODELIST,
            path,
            gettext_noop("'%(value)s' is a withdrawn code of the %(codelist)s codelist."),
            params={"value": value, "codelist": listname},
        )


def codelist_issues(data: dict) -> list[Issue]:
    """Every code of the activity checked against its codelist."""
    checks: list[tuple[str, str, str]] = [
        ("ActivityStatus", data["status"], "activity-status/@code"),
        ("ActivityScope", data["scope"], "activity-scope/@code"),
        ("OrganisationType", data["reporting_org_type"], "reporting-org/@type"),
        ("CollaborationType", data["collaboration_type"], "collaboration-type/@code"),
        ("FlowType", data["default_flow_type"], "default-flow-type/@code"),
        ("FinanceType", data["default_finance_type"], "default-finance-type/@code"),
        ("TiedStatus", data["default_tied_status"], "default-tied-status/@code"),
        ("Currency", data["default_currency"], "@default-currency"),
        ("Language", data["default_language"], "@xml:lang"),
    ]
    for n, item in enumerate(data["activity_dates"], 1):
        checks.append(("ActivityDateType", item["type"], f"activity-date[{n}]/@type"))
    for n, item in enumerate(data["descriptions"], 1):
        checks.append(("DescriptionType", item.get("type", ""), f"description[{n}]/@type"))
    for n, item in enumerate(data["participating_orgs"], 1):
        checks.append(("OrganisationRole", item["role"], f"participating-org[{n}]/@role"))
        checks.append(("OrganisationType", item["type"], f"participating-org[{n}]/@type"))
    for n, item in enumerate(data["recipient_countries"], 1):
        checks.append(("Country", item["code"], f"recipient-country[{n}]/@code"))
    for n, item in enumerate(data["recipient_regions"], 1):
        if item.get("vocabulary", "") in ("", "1"):
            checks.append(("Region", item.get("code", ""), f"recipient-region[{n}]/@code"))
        checks.append(
            ("RegionVocabulary", item.get("vocabulary", ""), f"recipient-region[{n}]/@vocabulary")
        )
    for n, item in enumerate(data["sectors"], 1):
        listname = SECTOR_VOCABULARIES.get(item["vocabulary"])
        if listname:
            checks.append((listname, item["code"], f"sector[{n}]/@code"))
        checks.append(("SectorVocabulary", item["vocabulary"], f"sector[{n}]/@vocabulary"))
    for n, item in enumerate(data["tags"], 1):
        listname = TAG_VOCABULARIES.get(item.get("vocabulary", ""))
        if listname:
            checks.append((listname, item.get("code", ""), f"tag[{n}]/@code"))
        checks.append(("TagVocabulary", item.get("vocabulary", ""), f"tag[{n}]/@vocabulary"))
    for n, item in enumerate(data["policy_markers"], 1):
        if item.get("vocabulary", "") in ("", "1"):
            checks.append(("PolicyMarker", item.get("code", ""), f"policy-marker[{n}]/@code"))
        checks.append(
            (
                "PolicySignificance",
                item.get("significance", ""),
                f"policy-marker[{n}]/@significance",
            )
        )
    for n, item in enumerate(data["default_aid_types"], 1):
        if item.get("vocabulary", "") in ("", "1"):
            checks.append(("AidType", item.get("code", ""), f"default-aid-type[{n}]/@code"))
    for n, item in enumerate(data["budgets"], 1):
        checks.append(("BudgetType", item["type"], f"budget[{n}]/@type"))
        checks.append(("BudgetStatus", item["status"], f"budget[{n}]/@status"))
        checks.append(("Currency", item["currency"], f"budget[{n}]/value/@currency"))
    for n, item in enumerate(data["transactions"], 1):
        base = f"transaction[{n}]"
        checks.append(("TransactionType", item["type"], f"{base}/transaction-type/@code"))
        checks.append(("Currency", item["currency"], f"{base}/value/@currency"))
        checks.append(("FlowType", item["flow_type"], f"{base}/flow-type/@code"))
        checks.append(("FinanceType", item["finance_type"], f"{base}/finance-type/@code"))
        checks.append(("TiedStatus", item["tied_status"], f"{base}/tied-status/@code"))
        checks.append(
            ("DisbursementChannel", item["disbursement_channel"], f"{base}/disbursement-channel")
        )
        for m, sector in enumerate(item["sectors"], 1):
            listname = SECTOR_VOCABULARIES.get(sector.get("vocabulary", ""))
            if listname:
                checks.append((listname, sector.get("code", ""), f"{base}/sector[{m}]/@code"))
        country = item.get("recipient_country") or {}
        checks.append(("Country", country.get("code", ""), f"{base}/recipient-country/@code"))
    for n, item in enumerate(data["document_links"], 1):
        for code in item.get("categories") or []:
            checks.append(("DocumentCategory", code, f"document-link[{n}]/category/@code"))
        for code in item.get("languages") or []:
            checks.append(("Language", code, f"document-link[{n}]/language/@code"))
    for n, item in enumerate(data["related_activities"], 1):
        checks.append(("RelatedActivityType", item.get("type", ""), f"related-activity[{n}]/@type"))
    for n, item in enumerate(data["results"], 1):
        checks.append(("ResultType", item.get("type", ""), f"result[{n}]/@type"))
        for m, indicator in enumerate(item.get("indicators") or [], 1):
            checks.append(
                (
                    "IndicatorMeasure",
                    indicator.get("measure", ""),
                    f"result[{n}]/indicator[{m}]/@measure",
                )
            )
    issues: list[Issue] = []
    for listname, value, path in checks:
        issues.extend(_code(listname, value, path))
    return issues


# --- Rules ------------------------------------------------------------------------------------


def _number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in ("", None) else None
    except InvalidOperation:
        return None


def _date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def rule_sector_percentages(data: dict) -> Iterator[Issue]:
    """Within each sector vocabulary, percentages add up to 100."""
    by_vocabulary: dict[str, list[Decimal | None]] = {}
    for item in data["sectors"]:
        by_vocabulary.setdefault(item["vocabulary"] or "1", []).append(_number(item["percentage"]))
    for vocabulary, values in by_vocabulary.items():
        if len(values) == 1 and values[0] is None:
            continue
        total = sum((v or Decimal(0)) for v in values)
        if total != 100:
            yield Issue(
                WARNING,
                RULE,
                f"sector[@vocabulary={vocabulary}]/@percentage",
                gettext_noop(
                    "Sector percentages of vocabulary %(vocabulary)s add up to %(total)s, not 100."
                ),
                params={"vocabulary": vocabulary, "total": str(total)},
            )


def rule_geography_percentages(data: dict) -> Iterator[Issue]:
    """Recipient countries and regions together add up to 100."""
    values = [_number(i["percentage"]) for i in data["recipient_countries"]]
    values += [_number(i.get("percentage")) for i in data["recipient_regions"]]
    if not values or (len(values) == 1 and values[0] is None):
        return
    total = sum((v or Decimal(0)) for v in values)
    if total != 100:
        yield Issue(
            WARNING,
            RULE,
            "recipient-country|recipient-region/@percentage",
            gettext_noop("Recipient country and region percentages add up to %(total)s, not 100."),
            params={"total": str(total)},
        )


def _span(data: dict) -> tuple[datetime.date | None, datetime.date | None]:
    by_type: dict[str, datetime.date] = {}
    for item in data["activity_dates"]:
        value = _date(item["iso_date"])
        if value and item["type"] not in by_type:
            by_type[item["type"]] = value
    return by_type.get("2") or by_type.get("1"), by_type.get("4") or by_type.get("3")


def rule_dates_in_order(data: dict) -> Iterator[Issue]:
    start, end = _span(data)
    if start and end and end < start:
        yield Issue(
            WARNING,
            RULE,
            "activity-date",
            gettext_noop("The activity ends (%(end)s) before it starts (%(start)s)."),
            params={"end": end.isoformat(), "start": start.isoformat()},
        )


def rule_transactions_within_dates(data: dict) -> Iterator[Issue]:
    """Transactions fall between the activity's start and end."""
    start, end = _span(data)
    for n, item in enumerate(data["transactions"], 1):
        when = _date(item["date"])
        if when is None:
            continue
        if start and when < start:
            yield Issue(
                WARNING,
                RULE,
                f"transaction[{n}]/transaction-date",
                gettext_noop(
                    "Transaction %(number)s is dated %(date)s, before the activity starts "
                    "(%(start)s)."
                ),
                params={"number": n, "date": when.isoformat(), "start": start.isoformat()},
            )
        elif end and when > end:
            yield Issue(
                WARNING,
                RULE,
                f"transaction[{n}]/transaction-date",
                gettext_noop(
                    "Transaction %(number)s is dated %(date)s, after the activity ends (%(end)s)."
                ),
                params={"number": n, "date": when.isoformat(), "end": end.isoformat()},
            )


def rule_identifier_prefix(data: dict) -> Iterator[Issue]:
    """The activity identifier starts with the reporting organisation's identifier."""
    ref, identifier = data["reporting_org_ref"], data["iati_identifier"]
    if ref and identifier and not identifier.startswith(ref):
        yield Issue(
            WARNING,
            RULE,
            "iati-identifier",
            gettext_noop(
                "The identifier %(identifier)s does not start with the reporting "
                "organisation's identifier %(ref)s."
            ),
            params={"identifier": identifier, "ref": ref},
        )


def rule_currency_known(data: dict) -> Iterator[Issue]:
    if data["default_currency"]:
        return
    for kind, rows in (("budget", data["budgets"]), ("transaction", data["transactions"])):
        for n, item in enumerate(rows, 1):
            if not item["currency"]:
                yield Issue(
                    WARNING,
                    RULE,
                    f"{kind}[{n}]/value/@currency",
                    gettext_noop(
                        "The %(kind)s value has no currency and the activity no default currency."
                    ),
                    params={"kind": kind},
                )


def _document_links(data: dict) -> Iterator[tuple[str, dict]]:
    """Every document-link of the activity and of its results, with its path."""
    for n, link in enumerate(data.get("document_links") or [], 1):
        yield f"document-link[{n}]", link
    for r, result in enumerate(data.get("results") or [], 1):
        base = f"result[{r}]"
        for n, link in enumerate(result.get("document_links") or [], 1):
            yield f"{base}/document-link[{n}]", link
        for i, indicator in enumerate(result.get("indicators") or [], 1):
            ibase = f"{base}/indicator[{i}]"
            for n, link in enumerate(indicator.get("document_links") or [], 1):
                yield f"{ibase}/document-link[{n}]", link
            for b, baseline in enumerate(indicator.get("baselines") or [], 1):
                for n, link in enumerate(baseline.get("document_links") or [], 1):
                    yield f"{ibase}/baseline[{b}]/document-link[{n}]", link
            for p, period in enumerate(indicator.get("periods") or [], 1):
                for kind in ("target", "actual"):
                    for v, value in enumerate(period.get(kind + "s") or [], 1):
                        for n, link in enumerate(value.get("document_links") or [], 1):
                            yield f"{ibase}/period[{p}]/{kind}[{v}]/document-link[{n}]", link


def rule_document_link_urls(data: dict) -> Iterator[Issue]:
    """A document link is a web or mail address; anything else is shown as text, not a link."""
    allowed = ", ".join(sorted(LINK_SCHEMES))
    for path, link in _document_links(data):
        url = (link.get("url") or "").strip()
        if url and not is_safe_link(url):
            scheme = link_scheme(url)
            message = (
                gettext_noop(
                    "The document link '%(url)s' has the scheme '%(scheme)s': only %(allowed)s "
                    "addresses are shown as links; this one is shown as text."
                )
                if scheme
                else gettext_noop(
                    "The document link '%(url)s' has no scheme: only %(allowed)s addresses "
                    "are shown as links; this one is shown as text."
                )
            )
            yield Issue(
                WARNING,
                RULE,
                f"{path}/@url",
                message,
                params={"url": url[:200], "scheme": scheme, "allowed": allowed},
            )


RULES: list[Callable[[dict], Iterator[Issue]]] = [
    rule_sector_percentages,
    rule_geography_percentages,
    rule_dates_in_order,
    rule_transactions_within_dates,
    rule_identifier_prefix,
    rule_currency_known,
    rule_document_link_urls,
]


def rule_issues(data: dict) -> list[Issue]:
    issues: list[Issue] = []
    for rule in RULES:
        issues.extend(rule(data))
    return issues


def activity_issues(data: dict) -> list[Issue]:
    """Codelist warnings and rule violations of one activity's content."""
    return codelist_issues(data) + rule_issues(data)
