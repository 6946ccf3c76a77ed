"""IATI 2.03 export: registry activities, programs with their initiatives, organisation
files. Every activity is checked against the official schema before the file is served;
an activity that would not validate stops the export with a message naming it.

The builders are pure (alianza/iati/elements); this module feeds them canonical content
(alianza/iati/contents.py for the registry's activities, alianza/iati/program_export.py for
a program and its initiatives) and writes the file incrementally, so that memory does not
grow with the number of activities.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree

from alianza.iati import schema
from alianza.iati.contents import ExportError, registry_contents
from alianza.iati.elements import activity as activity_element
from alianza.iati.elements import organisation as organisation_element
from alianza.iati.elements.common import SSC_NS
from alianza.iati.program_export import program_contents
from alianza.registry.querysets import ActivityQuerySet

if TYPE_CHECKING:
    from alianza.initiatives.models import Initiative
    from alianza.programs.models import Program
    from alianza.registry.models import Organisation

VERSION = "2.03"


@dataclass
class ExportResult:
    path: Path
    count: int


def generated_datetime() -> str:
    return timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _temporary_file() -> Path:
    fd, name = tempfile.mkstemp(suffix=".xml")
    os.close(fd)
    return Path(name)


def _root_attrib() -> dict:
    return {"version": VERSION, "generated-datetime": generated_datetime()}


def _temporary_beside(target: Path) -> Path:
    fd, name = tempfile.mkstemp(suffix=".xml.part", dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    os.chmod(name, 0o644)  # mkstemp's 0600 would otherwise stay on the exported file
    return Path(name)


def write_activities(contents: Iterable[dict], target: Path | None = None) -> ExportResult:
    """Write an iati-activities file from canonical contents, validating each activity.

    The file is written beside `target` and put in its place only once it is whole and
    valid: a refused export leaves no file behind and an older file at `target` intact."""
    if target is None:
        target = _temporary_file()
    target = Path(target)
    partial = _temporary_beside(target)
    try:
        result = _write_activities(contents, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return ExportResult(target, result.count)


def _write_activities(contents: Iterable[dict], target: Path) -> ExportResult:
    validator = schema.activity_schema()
    attrib = _root_attrib()
    problems: list[tuple[str, str]] = []
    count = 0
    with etree.xmlfile(str(target), encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", attrib, nsmap={"ssc": SSC_NS}):
            xf.write("\n")
            for data in contents:
                element = activity_element.build(data)
                errors = schema.validate_wrapped(
                    element, "iati-activities", attrib, {"ssc": SSC_NS}, validator
                )
                problems += [
                    (data["iati_identifier"], f"{e.path}: {e.message}") for e in errors[:3]
                ]
                etree.indent(element, space=" ", level=1)
                xf.write(element, pretty_print=True)
                count += 1
    if count == 0:
        problems.append(("", "there is no activity to export"))
    if problems:
        target.unlink(missing_ok=True)
        raise ExportError(problems)
    return ExportResult(target, count)


def export_registry(activities: ActivityQuerySet, target: Path | None = None) -> ExportResult:
    return write_activities(registry_contents(activities), target)


def export_program(
    program: Program,
    target: Path | None = None,
    *,
    initiatives: QuerySet[Initiative] | None = None,
    activities: ActivityQuerySet | None = None,
) -> ExportResult:
    """The program as an IATI activity (hierarchy 1), its initiatives as its children
    (hierarchy 2), then its registry activities."""
    return write_activities(
        program_contents(program, initiatives=initiatives, activities=activities), target
    )


def export_organisations(
    organisations: Iterable[Organisation], target: Path | None = None
) -> ExportResult:
    """An iati-organisations file (one iati-organisation per registry organisation)."""
    if target is None:
        target = _temporary_file()
    root = etree.Element("iati-organisations", _root_attrib())
    count = 0
    for organisation in organisations:
        organisation_element.build(organisation, root)
        count += 1
    problems = []
    if count == 0:
        problems.append(("", "there is no organisation to export"))
    else:
        problems += [
            ("", f"line {e.line}: {e.message}")
            for e in schema.validate(root, schema.organisation_schema())
        ]
    if problems:
        raise ExportError(problems)
    etree.indent(root, space=" ")
    target = Path(target)
    partial = _temporary_beside(target)
    try:
        partial.write_bytes(
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return ExportResult(target, count)


__all__ = [
    "ExportError",
    "ExportResult",
    "export_organisations",
    "export_program",
    "export_registry",
    "registry_contents",
    "write_activities",
]
