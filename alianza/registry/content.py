"""One canonical shape for an activity's content, shared by the IATI import and export,
spreadsheets, the audit trail and the "did anything change?" test of re-imports.

    {
      "iati_identifier": "XM-DAC-41114-PROJECT-00086731",
      "default_language": "es", "default_currency": "USD", "hierarchy": "1", ...
      "reporting_org_ref": "...", "reporting_org_type": "10", "reporting_org_secondary": "",
      "reporting_org_name": [{"lang": "es", "text": "AMEXCID"}],
      "title": [narratives], "descriptions": [{"type": "1", "narratives": [...]}],
      "status": "2", "activity_dates": [{"type": "2", "iso_date": "2014-01-01",
                                          "narratives": []}],
      "participating_orgs": [{"ref", "role", "type", "activity_id", "crs_channel_code",
                              "name", "ssc_role", "executing_level"}],
      "sectors": [{"vocabulary", "vocabulary_uri", "code", "percentage", "narratives"}],
      "recipient_countries": [{"code", "percentage", "narratives"}],
      "recipient_regions": [{"code", "vocabulary", "vocabulary_uri", "percentage",
                             "narratives"}],
      "locations": [{"ref", "details": {...}}],
      "budgets": [{"type", "status", "period_start", "period_end", "value", "currency",
                   "value_date"}],
      "transactions": [{"ref", "humanitarian", "type", "date", "value", "currency",
                        "value_date", "description", "provider_org", "receiver_org",
                        "disbursement_channel", "sectors", "recipient_country",
                        "recipient_region", "flow_type", "finance_type", "aid_types",
                        "tied_status"}],
      "results": [...], "document_links": [...], "related_activities": [...],
      "tags": [...], "policy_markers": [...], "extra_elements": [{"name", "xml"}],
      "instrument": "project", "modality": "triangular", "country_role": "provider",
      ...
    }

Decimals are strings without trailing zeros ("3000", "88.8"), dates ISO strings. An amount
keeps every decimal it was published with: the exact text is stored beside the number
(`value_text`) and read back from there. What the
registry derives (start and end dates, the gender marker, a location's subdivision, an
organisation's country, links to `Organisation` records) is not part of the content.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

SCALARS: dict[str, Any] = {
    "iati_identifier": "",
    "default_language": "",
    "default_currency": "",
    "hierarchy": "",
    "humanitarian": "",
    "budget_not_provided": "",
    "last_updated_datetime": "",
    "linked_data_uri": "",
    "reporting_org_ref": "",
    "reporting_org_type": "",
    "reporting_org_secondary": "",
    "status": "",
    "scope": "",
    "collaboration_type": "",
    "default_flow_type": "",
    "default_finance_type": "",
    "default_tied_status": "",
    "capital_spend": "",
    "instrument": "",
    "modality": "",
    "country_role": "",
}
JSON_FIELDS = (
    "reporting_org_name",
    "title",
    "descriptions",
    "activity_dates",
    "recipient_regions",
    "tags",
    "policy_markers",
    "default_aid_types",
    "document_links",
    "related_activities",
    "results",
    "extra_elements",
)
CHILDREN = (
    "participating_orgs",
    "sectors",
    "recipient_countries",
    "locations",
    "budgets",
    "transactions",
)
CONTENT_KEYS = tuple(SCALARS) + JSON_FIELDS + CHILDREN

PORG_KEYS = (
    "ref",
    "role",
    "type",
    "activity_id",
    "crs_channel_code",
    "name",
    "ssc_role",
    "executing_level",
)
SECTOR_KEYS = ("vocabulary", "vocabulary_uri", "code", "percentage", "narratives")
COUNTRY_KEYS = ("code", "percentage", "narratives")
BUDGET_KEYS = ("type", "status", "period_start", "period_end", "value", "currency", "value_date")
TRANSACTION_COLUMNS = (
    "ref",
    "humanitarian",
    "type",
    "date",
    "value",
    "currency",
    "value_date",
    "description",
)
TRANSACTION_DETAILS = {
    "provider_org": None,
    "receiver_org": None,
    "disbursement_channel": "",
    "sectors": [],
    "recipient_country": None,
    "recipient_region": None,
    "flow_type": "",
    "finance_type": "",
    "aid_types": [],
    "tied_status": "",
}
LOCATION_DETAILS = {
    "location_reach": "",
    "location_ids": [],
    "name": [],
    "description": [],
    "activity_description": [],
    "administratives": [],
    "point": None,
    "exactness": "",
    "location_class": "",
    "feature_designation": "",
}
_LIST_KEYS = {"name", "narratives", "description"}


def fmt_decimal(value: Any) -> str:
    """'3000', '88.8', '' for None: the shortest exact text of a decimal."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_date(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _clean_narratives(items) -> list[dict]:
    return [{"lang": str(i.get("lang", "")), "text": str(i.get("text", ""))} for i in items or []]


def _row(keys, raw: dict) -> dict:
    out = {}
    for key in keys:
        value = raw.get(key)
        if key in _LIST_KEYS:
            out[key] = _clean_narratives(value)
        elif key in ("percentage", "value"):
            out[key] = fmt_decimal(value)
        elif key in ("date", "value_date", "period_start", "period_end"):
            out[key] = fmt_date(value)
        else:
            out[key] = "" if value is None else str(value)
    return out


def normalize(data: dict) -> dict:
    """The canonical form of `data`: every key present, decimals and dates as text."""
    # JSON round trip: the stored form (tuples become lists, keys strings).
    return json.loads(json.dumps(_canonical(data), sort_keys=True))


def normalize_and_hash(data: dict) -> tuple[dict, str]:
    """`normalize(data)` and its `content_hash` (see `normalize_hash_texts`)."""
    content, fingerprint, _texts = normalize_hash_texts(data)
    return content, fingerprint


def normalize_hash_texts(data: dict) -> tuple[dict, str, dict[str, str]]:
    """`normalize(data)`, its `content_hash` and each key's JSON text (`texts`), from one
    serialisation: an import's path. The canonical form is built of JSON's own types
    (dicts, lists, strings, numbers, booleans, None; no object shared with another
    activity), so it is its own stored form without a JSON round trip; the texts are
    what the activity's JSON columns and its change record store, and what the
    fingerprint is taken of."""
    content = _canonical(data)
    texts = texts_of(content)
    return content, fingerprint_of(texts), texts


#: The fingerprint's serialisation (`content_hash`), kept: one encoder for every value.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def texts_of(content: dict) -> dict[str, str]:
    """Each key's value as JSON text (keys sorted, as the fingerprint takes them)."""
    encode = _ENCODER.encode
    return {key: encode(value) for key, value in content.items()}


def fingerprint_of(texts: dict[str, str]) -> str:
    """`content_hash` of the content whose keys' JSON texts are `texts` (the same text
    `json.dumps(content, sort_keys=True)` gives, put together from its parts)."""
    order = _FINGERPRINT_ORDER if texts.keys() == _CONTENT_KEY_SET else _order(texts)
    whole = ", ".join(prefix + texts[key] for prefix, key in order)
    return hashlib.sha256(("{" + whole + "}").encode("utf-8")).hexdigest()


def _order(keys) -> list[tuple[str, str]]:
    """('"name": ', key) of each key, in the order `json.dumps(sort_keys=True)` takes
    them by their names in the fingerprint."""
    named = sorted((_FINGERPRINT_NAMES.get(key, key), key) for key in keys)
    return [(_ENCODER.encode(name) + ": ", key) for name, key in named]


def _fresh(default: Any) -> Any:
    """A default of its own ([] is not shared between activities)."""
    return [] if default == [] else default


def _canonical(data: dict) -> dict:
    out: dict[str, Any] = {}
    for key, default in SCALARS.items():
        value = data.get(key, default)
        out[key] = (
            fmt_decimal(value) if key == "capital_spend" else ("" if value is None else str(value))
        )
    for key in JSON_FIELDS:
        value = data.get(key) or []
        out[key] = _clean_narratives(value) if key in ("title", "reporting_org_name") else value
    out["participating_orgs"] = [_row(PORG_KEYS, r) for r in data.get("participating_orgs") or []]
    out["sectors"] = [_row(SECTOR_KEYS, r) for r in data.get("sectors") or []]
    out["recipient_countries"] = [
        _row(COUNTRY_KEYS, r) for r in data.get("recipient_countries") or []
    ]
    out["locations"] = [
        {
            "ref": str(r.get("ref") or ""),
            "details": {
                key: (r.get("details") or {}).get(key, _fresh(default))
                for key, default in LOCATION_DETAILS.items()
            },
        }
        for r in data.get("locations") or []
    ]
    out["budgets"] = [_row(BUDGET_KEYS, r) for r in data.get("budgets") or []]
    transactions = []
    for raw in data.get("transactions") or []:
        row = _row(TRANSACTION_COLUMNS, raw)
        for key, default in TRANSACTION_DETAILS.items():
            value = raw.get(key)
            row[key] = _fresh(default) if value is None else value
        transactions.append(row)
    out["transactions"] = transactions
    return out


#: Keys renamed since fingerprints were first stored, hashed under their first name so that
#: a stored fingerprint still tells an unchanged activity ("role of Mexico" became the role
#: of the registry's country).
_FINGERPRINT_NAMES = {"country_role": "mexico_role"}
_FIRST_NAMES = {first: key for key, first in _FINGERPRINT_NAMES.items()}
_CONTENT_KEY_SET = frozenset(CONTENT_KEYS)
_FINGERPRINT_ORDER = _order(CONTENT_KEYS)


def content_hash(data: dict) -> str:
    named = {_FINGERPRINT_NAMES.get(key, key): value for key, value in data.items()}
    return hashlib.sha256(
        json.dumps(named, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


# --- Reading the stored rows ------------------------------------------------------------------


def children_data(activity) -> dict[str, list]:
    """The activity's owned rows in canonical form (uses prefetched rows when present)."""
    return {
        "participating_orgs": [
            {
                "ref": p.ref,
                "role": p.role,
                "type": p.type,
                "activity_id": p.org_activity_id,
                "crs_channel_code": p.crs_channel_code,
                "name": p.name,
                "ssc_role": p.ssc_role,
                "executing_level": p.executing_level,
            }
            for p in _ordered(activity.participating_orgs.all())
        ],
        "sectors": [
            {
                "vocabulary": s.vocabulary,
                "vocabulary_uri": s.vocabulary_uri,
                "code": s.code,
                "percentage": fmt_decimal(s.percentage),
                "narratives": s.narratives,
            }
            for s in _ordered(activity.sectors.all())
        ],
        "recipient_countries": [
            {"code": c.code, "percentage": fmt_decimal(c.percentage), "narratives": c.narratives}
            for c in _ordered(activity.recipient_countries.all())
        ],
        "locations": [
            {"ref": loc.ref, "details": loc.details} for loc in _ordered(activity.locations.all())
        ],
        "budgets": [
            {
                "type": b.type,
                "status": b.status,
                "period_start": fmt_date(b.period_start),
                "period_end": fmt_date(b.period_end),
                "value": b.value_text or fmt_decimal(b.value),
                "currency": b.currency,
                "value_date": fmt_date(b.value_date),
            }
            for b in _ordered(activity.budgets.all())
        ],
        "transactions": [
            {
                "ref": t.ref,
                "humanitarian": t.humanitarian,
                "type": t.type,
                "date": fmt_date(t.date),
                "value": t.value_text or fmt_decimal(t.value),
                "currency": t.currency,
                "value_date": fmt_date(t.value_date),
                "description": t.description,
                **{k: t.details.get(k, d) for k, d in TRANSACTION_DETAILS.items()},
            }
            for t in _ordered(activity.transactions.all())
        ],
    }


def _ordered(rows):
    return sorted(rows, key=lambda r: (r.order, r.pk or 0))


def activity_data(activity) -> dict:
    """The activity's whole content in canonical form."""
    data: dict[str, Any] = {}
    for key in SCALARS:
        value = getattr(activity, key)
        data[key] = fmt_decimal(value) if key == "capital_spend" else (value or "")
    for key in JSON_FIELDS:
        data[key] = getattr(activity, key) or []
    data = {**data, **children_data(activity)}
    return normalize(data)


def changed_keys(before: dict, after: dict) -> list[str]:
    """Top-level content keys whose value differs (for dry runs and reports)."""
    return [key for key in CONTENT_KEYS if before.get(key) != after.get(key)]
