"""The official IATI 2.03 schemas (vendored, unchanged), compiled once per process.

Validation is offline: the XSDs import each other by relative path from
alianza/iati/vendor/schemas-2.03, and the parser reads no network and no DTD.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "vendor" / "schemas-2.03"
MAX_ERRORS = 20


@dataclass(frozen=True)
class SchemaError:
    line: int | None
    path: str
    message: str


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@lru_cache(maxsize=2)
def _schema(name: str) -> etree.XMLSchema:
    tree = etree.parse(str(SCHEMA_DIR / name), _parser())
    return etree.XMLSchema(tree)


def activity_schema() -> etree.XMLSchema:
    return _schema("iati-activities-schema.xsd")


def organisation_schema() -> etree.XMLSchema:
    return _schema("iati-organisations-schema.xsd")


def _errors(schema: etree.XMLSchema) -> list[SchemaError]:
    return [
        SchemaError(line=e.line or None, path=e.path or "", message=e.message)
        for e in list(schema.error_log)[:MAX_ERRORS]
    ]


def validate(document: Any, schema: etree.XMLSchema) -> list[SchemaError]:
    """Schema errors of a document (an element tree or its root); [] when valid."""
    if schema.validate(document):
        return []
    return _errors(schema)


def validate_wrapped(
    element: Any, root_tag: str, root_attrib: dict, nsmap: dict, schema: etree.XMLSchema
) -> list[SchemaError]:
    """Validate one iati-activity (or iati-organisation) inside a minimal root carrying
    the original root's attributes. A copy goes into the wrapper (line numbers are kept);
    the element stays where it is."""
    wrapper = etree.Element(root_tag, nsmap={k: v for k, v in nsmap.items() if k})
    for key, value in root_attrib.items():
        wrapper.set(key, value)
    wrapper.append(deepcopy(element))
    return validate(wrapper, schema)
