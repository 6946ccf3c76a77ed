"""Importing an IATI 2.03 file into the registry, streaming.

1. The file is accepted or refused whole (size, archive, DOCTYPE: `source`).
2. A first streaming pass checks that it is well-formed XML (line and column otherwise),
   that it is an IATI 2.0x activity or organisation file (1.x files are refused, other
   files are told what was expected), counts the activities and finds identifiers
   repeated inside the file.
3. A second streaming pass takes one `iati-activity` at a time: it is validated against
   the official schema inside a minimal root carrying the file's root attributes (errors
   reject it, with line and message), turned into the registry's canonical content,
   checked against the codelists and rules (warnings that keep it), and kept for the
   chunk (or compared, in a dry run). The element is freed before the next one is read,
   so memory grows with the chunk, not with the file.
4. Every CHUNK (500) activities (or CHUNK_BYTES of XML), the organisations the chunk
   names and the import has not met are created first, in a short transaction of their
   own (`registry.services.organisations_for_import`); then
   `registry.services.activities_import` writes the chunk in one transaction: one query
   for the stored fingerprints (unchanged activities cost nothing more), new and changed
   activities and their rows in bulk, one change record per activity
   (`audit.covered_by`), each activity's content serialised once. An activity its
   checks refuse is skipped with its message; a chunk the database refuses as a whole is
   replayed one activity at a time through `activity_upsert`, each in a savepoint, so one
   bad activity never undoes the others.

Nothing of an activity is replaced until its new version has been parsed whole; an import
that stops keeps the chunks already committed (a rerun finds them unchanged).
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.transaction import Atomic
from django.utils.translation import gettext_noop
from lxml import etree

from alianza.core.texts import Kept, keep, show_all
from alianza.iati import quality, schema
from alianza.iati.choices import FieldChange, ImportReason
from alianza.iati.elements import activity as activity_element
from alianza.iati.elements import organisation as organisation_element
from alianza.iati.elements.common import Element
from alianza.iati.importer import source
from alianza.iati.quality import ERROR, WARNING, Issue
from alianza.registry import content
from alianza.registry import services as registry
from alianza.registry.models import Activity, Organisation

if TYPE_CHECKING:
    from alianza.accounts.models import User
    from alianza.programs.models import Program

ACTIVITIES, ORGANISATIONS = "iati-activities", "iati-organisations"
ITEM = {ACTIVITIES: "iati-activity", ORGANISATIONS: "iati-organisation"}
ID_TAG = {ACTIVITIES: "iati-identifier", ORGANISATIONS: "organisation-identifier"}
SUPPORTED_VERSIONS = {"2.01", "2.02", "2.03"}

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
WOULD_CREATE, WOULD_UPDATE, SKIPPED = "would_create", "would_update", "skipped"


@dataclass
class ItemReport:
    """What happened to one activity (or organisation) of the file."""

    identifier: str
    line: int | None
    outcome: str = ""  # ImportOutcome
    reason: str = ""  # ImportReason
    reason_detail: str = ""  # the other program's code (reason "other_program")
    changes: list[dict] = field(default_factory=list)  # [{"field", "change", "detail"}]
    issues: list[Issue] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "identifier": self.identifier,
            "line": self.line,
            "outcome": self.outcome,
            "reason": self.reason,
            "reason_detail": self.reason_detail,
            "changes": self.changes,
            "errors": sum(1 for i in self.issues if i.severity == ERROR),
            "warnings": sum(1 for i in self.issues if i.severity == WARNING),
        }


@dataclass
class ImportReport:
    kind: str = ""
    version: str = ""
    sha256: str = ""
    dry_run: bool = False
    total: int = 0
    file_issues: list[Issue] = field(default_factory=list)
    items: list[ItemReport] = field(default_factory=list)
    #: Registry organisations met so far, by identifier (saves a query per activity).
    organisations: dict = field(default_factory=dict, repr=False)

    @property
    def refused(self) -> bool:
        return any(i.severity == ERROR for i in self.file_issues)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(
            (CREATED, UPDATED, UNCHANGED, REJECTED, WOULD_CREATE, WOULD_UPDATE, SKIPPED), 0
        )
        for item in self.items:
            counts[item.outcome] = counts.get(item.outcome, 0) + 1
        issues = [i for item in self.items for i in item.issues] + self.file_issues
        counts["errors"] = sum(1 for i in issues if i.severity == ERROR)
        counts["warnings"] = sum(1 for i in issues if i.severity == WARNING)
        for kind in (quality.SCHEMA, quality.CODELIST, quality.RULE):
            counts[kind] = sum(1 for i in issues if i.kind == kind)
        return counts

    def summary_parts(self) -> list[Kept]:
        """The summary as messages and values, shown later in the reader's language."""
        if self.refused:
            return [keep(gettext_noop("Refused:"))] + [
                [i.message, i.params] for i in self.file_issues if i.severity == ERROR
            ]
        c = self.counts()
        if self.dry_run:
            return [
                keep(
                    gettext_noop(
                        "Dry run: %(would_create)s would be created, %(would_update)s updated, "
                        "%(unchanged)s unchanged, %(skipped)s skipped, %(rejected)s rejected; "
                        "%(warnings)s warnings."
                    ),
                    **{k: c[k] for k in (WOULD_CREATE, WOULD_UPDATE, UNCHANGED, SKIPPED)},
                    rejected=c[REJECTED],
                    warnings=c["warnings"],
                )
            ]
        return [
            keep(
                gettext_noop(
                    "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                    "%(rejected)s rejected; %(warnings)s warnings."
                ),
                **{k: c[k] for k in (CREATED, UPDATED, UNCHANGED, REJECTED)},
                warnings=c["warnings"],
            )
        ]

    def summary(self) -> str:
        """The summary in the active language."""
        return show_all(self.summary_parts())


def _parser_options() -> dict:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }


@dataclass
class _Scan:
    kind: str
    root_attrib: dict
    nsmap: dict
    total: int
    identifiers: dict[str, list[int]]
    root_line: int | None = None
    #: The whole file passed the schema in the scan: its activities are not validated again.
    valid: bool = False
    sha256: str = ""
    #: Each top-level activity's (identifier, line, source fingerprint, XML size), in order.
    sources: list[tuple[str, int | None, str, int]] = field(default_factory=list)


def _syntax_issue(exc: etree.XMLSyntaxError) -> Issue:
    line, column = (exc.position or (exc.lineno, 0))[:2]
    return Issue(
        ERROR,
        quality.SYNTAX,
        "",
        gettext_noop(
            "The file is not well-formed XML: %(error)s (line %(line)s, column %(column)s)."
        ),
        line,
        params={"error": exc.msg, "line": line, "column": column},
    )


class _HashingReader:
    """The file as the parser reads it, its SHA-256 taken on the way (no separate read)."""

    def __init__(self, path: Path) -> None:
        self.handle = Path(path).open("rb")  # noqa: SIM115 - closed by close()
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk

    def close(self) -> None:
        self.handle.close()


def _root(path: Path) -> tuple[str, dict, dict, int | None]:
    """The file's kind, root attributes, namespaces and line, from its first element."""
    for _event, element in etree.iterparse(str(path), events=("start",), **_parser_options()):
        if element.getroottree().docinfo.doctype:
            raise source.SourceError(gettext_noop("The file declares a DOCTYPE; refused."))
        return _root_kind(element), dict(element.attrib), dict(element.nsmap), element.sourceline
    raise etree.XMLSyntaxError("no element", None, 1, 1)  # pragma: no cover - empty file


def _scan(path: Path, validator: etree.XMLSchema | None = None) -> _Scan:
    """One streaming pass, in C but for one call per activity: well-formed (and, given a
    validator, valid against the schema as a whole), how many items, their identifiers
    (to find repeated ones), the file's checksum. Raises XMLSyntaxError when the file is
    not well-formed or, with a validator, not valid."""
    kind, attrib, nsmap, line = _root(path)
    item, id_tag = ITEM[kind], ID_TAG[kind]
    total = 0
    identifiers: dict[str, list[int]] = {}
    sources: list[tuple[str, int | None, str, int]] = []
    reader = _HashingReader(path)
    try:
        events = etree.iterparse(
            reader, events=("end",), tag=(item, id_tag), schema=validator, **_parser_options()
        )
        for _event, element in events:
            if element.tag == item:
                total += 1
                top = element.getparent() is not None and element.getparent().getparent() is None
                if kind == ACTIVITIES and top:
                    identifier = (element.findtext(id_tag) or "").strip()
                    fingerprint, size = _source_print(element, attrib)
                    sources.append((identifier, element.sourceline, fingerprint, size))
                _release(element)
                continue
            parent = element.getparent()
            grandparent = parent.getparent() if parent is not None else None
            if parent.tag == item and grandparent is not None and grandparent.getparent() is None:
                identifiers.setdefault((element.text or "").strip(), []).append(parent.sourceline)
    finally:
        reader.close()
    return _Scan(
        kind,
        attrib,
        nsmap,
        total,
        identifiers,
        line,
        valid=validator is not None,
        sha256=reader.digest.hexdigest(),
        sources=sources,
    )


def _checked_scan(path: Path) -> _Scan:
    """The scan with the schema; a file that fails it is scanned again without it (its
    activities are then validated one by one, each with its own errors)."""
    kind = _root(path)[0]
    validator = schema.activity_schema() if kind == ACTIVITIES else schema.organisation_schema()
    try:
        return _scan(path, validator)
    except etree.XMLSyntaxError:
        return _scan(path)


def _release(element: Element) -> None:
    """Free an element the stream is done with (lxml's documented iterparse pattern: clear
    it and drop the siblings before it; the element itself goes on the next call)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _detach_before(element: Element) -> None:
    """Drop the siblings before `element` from the tree (those still referenced, the
    activities of the chunk being gathered, stay alive until it is written)."""
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _root_kind(root: Element) -> str:
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag in (ACTIVITIES, ORGANISATIONS):
        return tag
    local = etree.QName(tag).localname if tag else ""
    if local in (ACTIVITIES, ORGANISATIONS):
        raise source.SourceError(
            gettext_noop(
                "The root element <%(element)s> is in a namespace; IATI files use no namespace."
            ),
            element=local,
        )
    raise source.SourceError(
        gettext_noop(
            "This is not an IATI file: its root element is <%(element)s>; an IATI 2.03 "
            'activity file starts with <iati-activities version="2.03"> (or an organisation '
            "file with <iati-organisations>)."
        ),
        element=local or tag,
    )


def _version_issues(version: str) -> list[Issue]:
    if version.startswith("1."):
        return [
            Issue(
                ERROR,
                quality.FILE,
                "iati-activities/@version",
                gettext_noop(
                    "This is an IATI %(version)s file. IATI 1.x files are not supported: Alianza "
                    "imports IATI 2.0x (it validates against 2.03). Convert the file to 2.03 "
                    "first."
                ),
                params={"version": version},
            )
        ]
    if version and version not in SUPPORTED_VERSIONS:
        return [
            Issue(
                WARNING,
                quality.FILE,
                "iati-activities/@version",
                gettext_noop(
                    "The file says version '%(version)s', which is not an IATI 2.0x version; it "
                    "was validated against IATI 2.03."
                ),
                params={"version": version},
            )
        ]
    return []


Progress = Callable[[int, int], None]


def run(
    path: Path,
    *,
    program: Program | None,
    actor: User,
    dry_run: bool = False,
    make_public: bool | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import (or, with dry_run, compare) the IATI file at `path` into `program` (None:
    the installation's registry, under no program)."""
    with _collector_skips_what_was_there():
        return _run(
            path,
            program=program,
            actor=actor,
            dry_run=dry_run,
            make_public=make_public,
            progress=progress,
        )


@contextmanager
def _collector_skips_what_was_there() -> Iterator[None]:
    """Python's cyclic garbage collector, for the import's time, leaves alone the objects
    that were there before it (Django, the codelists, the schema) and runs less often: an
    import makes millions of short-lived objects (freed by their reference counts, not by
    the collector), each of the collector's full passes over a Django process took a
    third of a second, and all its passes together were a third of the import's own CPU
    time. Both go back as they were when the import ends."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _run(
    path: Path,
    *,
    program: Program | None,
    actor: User,
    dry_run: bool,
    make_public: bool | None,
    progress: Progress | None,
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    xml_path, temporary = None, False
    try:
        xml_path, temporary = source.prepare(Path(path))
        source.refuse_doctype(xml_path)
        try:
            scan = _checked_scan(xml_path)
        except etree.XMLSyntaxError as exc:
            report.sha256 = source.sha256(xml_path)
            report.file_issues.append(_syntax_issue(exc))
            return report
        report.sha256 = scan.sha256
        report.kind = scan.kind
        report.total = scan.total
        report.version = scan.root_attrib.get("version", "")
        report.file_issues += _version_issues(report.version)
        if report.refused:
            return report
        if scan.total == 0:
            report.file_issues.append(
                Issue(
                    ERROR,
                    quality.FILE,
                    scan.kind,
                    gettext_noop(
                        "The file holds no <%(element)s> (root element at line %(line)s): an "
                        "IATI file has at least one."
                    ),
                    scan.root_line,
                    params={"element": ITEM[scan.kind], "line": scan.root_line},
                )
            )
            if "version" not in scan.root_attrib:
                report.file_issues.append(
                    Issue(
                        ERROR,
                        quality.SCHEMA,
                        f"{scan.kind}/@version",
                        gettext_noop(
                            "Line %(line)s: <%(element)s> has no version attribute (required)."
                        ),
                        scan.root_line,
                        params={"line": scan.root_line, "element": scan.kind},
                    )
                )
            return report
        if not dry_run and _all_unchanged(scan, report, program, make_public):
            if progress is not None:
                progress(scan.total, scan.total)
            return report
        _import_items(
            xml_path,
            scan,
            report,
            program=program,
            actor=actor,
            make_public=make_public,
            progress=progress,
        )
    except source.SourceError as exc:
        report.file_issues.append(Issue(ERROR, quality.FILE, "", exc.message, params=exc.params))
    except etree.XMLSyntaxError as exc:  # pragma: no cover - caught by the scan
        report.file_issues.append(_syntax_issue(exc))
    finally:
        if temporary and xml_path is not None:
            Path(xml_path).unlink(missing_ok=True)
    return report


#: Identifiers looked up per query when a whole file is checked for changes.
LOOKUP = 1000


def _all_unchanged(
    scan: _Scan, report: ImportReport, program: Program | None, make_public: bool | None
) -> bool:
    """A re-import of an unchanged file ends after the scan: a query per LOOKUP identifiers
    finds every activity stored from the same XML (same program, same publication), and
    nothing else is read. Otherwise (or for a file the scan found invalid, with repeated
    or missing identifiers) False, and the import goes on as usual."""
    sources = scan.sources
    if (
        scan.kind != ACTIVITIES
        or not scan.valid
        or not sources
        or len(sources) != scan.total
        or any(not identifier for identifier, *_rest in sources)
        or any(len(lines) > 1 for lines in scan.identifiers.values())
    ):
        return False
    program_id = program.pk if program is not None else None
    for start in range(0, len(sources), LOOKUP):
        part = sources[start : start + LOOKUP]
        rows = Activity.objects.filter(
            iati_identifier__in=[identifier for identifier, *_rest in part]
        ).values_list("iati_identifier", "source_hash", "program_id", "is_public")
        stored = {row[0]: row[1:] for row in rows}
        for identifier, _line, fingerprint, _size in part:
            row = stored.get(identifier)
            if (
                row is None
                or row[0] != fingerprint
                or row[1] != program_id
                or make_public not in (None, row[2])
            ):
                return False
    report.items = [
        ItemReport(identifier=identifier, line=line, outcome=UNCHANGED)
        for identifier, line, _fingerprint, _size in sources
    ]
    return True


#: Activities written per database transaction; each activity has its own savepoint, so one
#: that fails is rolled back alone.
CHUNK = 500


def _import_items(*args: Any, **kwargs: Any) -> None:
    with _Chunks() as chunks:
        _import_items_in(*args, chunks=chunks, **kwargs)


class _Chunks:
    """Commit every CHUNK activities instead of after each one (a commit per activity is
    what makes a large import slow on PostgreSQL)."""

    def __init__(self) -> None:
        self.block: Atomic | None = None
        self.count = 0

    def __enter__(self) -> _Chunks:
        return self

    def tick(self) -> None:
        if self.block is None:
            self.block = transaction.atomic()
            self.block.__enter__()
        self.count += 1
        if self.count % CHUNK == 0:
            self.close(None)

    def close(self, exc_info: tuple | None) -> None:
        if self.block is not None:
            block, self.block = self.block, None
            block.__exit__(*(exc_info or (None, None, None)))

    def __exit__(self, *exc_info):
        self.close(exc_info if exc_info[0] is not None else None)
        return False


def _import_items_in(
    path: Path,
    scan: _Scan,
    report: ImportReport,
    *,
    program: Program | None,
    actor: User,
    make_public: bool | None,
    progress: Progress | None,
    chunks: _Chunks,
) -> None:
    kind = scan.kind
    item_tag = ITEM[kind]
    validator = schema.activity_schema() if kind == ACTIVITIES else schema.organisation_schema()
    events = etree.iterparse(str(path), events=("end",), tag=item_tag, **_parser_options())
    position = 0
    batch = _Batch(report, program=program, actor=actor, make_public=make_public, scan=scan)
    in_batches = kind == ACTIVITIES and not report.dry_run
    for _event, element in events:
        parent = element.getparent()
        if parent is None or parent.getparent() is not None:
            continue  # an item element nested deeper is the schema's business, not ours
        position += 1
        if not in_batches:
            chunks.tick()
        line = element.sourceline
        identifier = (element.findtext(ID_TAG[kind]) or "").strip()
        item = ItemReport(identifier=identifier, line=line)
        report.items.append(item)
        lines = scan.identifiers.get(identifier, [])
        if identifier and len(lines) > 1:
            item.outcome = REJECTED
            item.reason = ImportReason.REPEATED
            item.issues.append(
                Issue(
                    ERROR,
                    quality.DUPLICATE,
                    ID_TAG[kind],
                    gettext_noop(
                        "The identifier %(identifier)s appears %(count)s times in this file "
                        "(lines %(lines)s); none of them was imported."
                    ),
                    line,
                    params={
                        "identifier": identifier,
                        "count": len(lines),
                        "lines": ", ".join(str(n) for n in lines),
                    },
                )
            )
        else:
            errors = (
                []
                if scan.valid
                else schema.validate_wrapped(element, kind, scan.root_attrib, scan.nsmap, validator)
            )
            if errors:
                item.outcome = REJECTED
                item.reason = ImportReason.SCHEMA
                for e in errors:
                    at_root = e.line is None
                    where = scan.root_line if at_root else e.line
                    message = (
                        gettext_noop("Line %(line)s: in the file's root element, %(error)s")
                        if at_root
                        else gettext_noop("Line %(line)s: %(error)s")
                    )
                    item.issues.append(
                        Issue(
                            ERROR,
                            quality.SCHEMA,
                            e.path,
                            message,
                            where,
                            params={"line": where, "error": e.message},
                        )
                    )
            elif in_batches:
                batch.add(item, element, position)
            elif kind == ACTIVITIES:
                data = _activity_data(element, item, report, position)
                _compare(data, item, program)
            else:
                _one_organisation(element, item, report, actor=actor)
        if batch.pending and batch.pending[-1][1] is element:
            _detach_before(element)  # kept whole until its chunk is written
        else:
            _release(element)
        if batch.full:
            batch.flush()
        if progress is not None:
            progress(position, scan.total)
    batch.flush()


def _placeholder_identifier(data: dict, report: ImportReport, position: int) -> str:
    prefix = data["reporting_org_ref"] or "UNIDENTIFIED"
    return f"{prefix}-NOID-{report.sha256[:12]}-{position}"


def _describe(before: dict, after: dict) -> list[dict]:
    changes = []
    for key in content.changed_keys(before, after):
        old, new = before.get(key), after.get(key)
        if isinstance(new, list) or isinstance(old, list):
            detail = f"{len(old or [])} → {len(new or [])}"
        else:
            detail = f"{old!r} → {new!r}"
        changes.append({"field": key, "change": FieldChange.UPDATE, "detail": detail})
    return changes


def _activity_data(element: Element, item: ItemReport, report: ImportReport, position: int) -> dict:
    """The activity's canonical content, with its notes and quality warnings on `item`."""
    return _mapped(element, item, report, position)[0]


def _mapped(
    element: Element, item: ItemReport, report: ImportReport, position: int
) -> tuple[dict, str, dict[str, str]]:
    """`_activity_data`, the content's fingerprint and its keys' JSON texts."""
    data, ctx, fingerprint, texts = activity_element.parse_with_fingerprint(element)
    for line, path, message, params in ctx.notes:
        item.issues.append(Issue(WARNING, quality.NOTE, path, message, line, params=params))
    if not data["iati_identifier"]:
        data["iati_identifier"] = _placeholder_identifier(data, report, position)
        item.identifier = data["iati_identifier"]
        item.issues.append(
            Issue(
                WARNING,
                quality.RULE,
                "iati-identifier",
                gettext_noop(
                    "The activity has no IATI identifier; it was registered as %(identifier)s "
                    "(from the file's checksum and the activity's position, so that importing "
                    "the same file again finds it)."
                ),
                item.line,
                params={"identifier": data["iati_identifier"]},
            )
        )
        texts["iati_identifier"] = content.texts_of({"iati_identifier": data["iati_identifier"]})[
            "iati_identifier"
        ]
        fingerprint = content.fingerprint_of(texts)
    item.issues += [
        Issue(i.severity, i.kind, i.path, i.message, item.line, params=i.params)
        for i in quality.activity_issues(data)
    ]
    return data, fingerprint, texts


#: A chunk is written early once its activities' XML passes this size: their element
#: trees are kept until it is, and publishers' activities range from 2 KB to megabytes.
CHUNK_BYTES = 1_000_000

#: Registry organisations an import keeps between chunks, at most (see `_Batch.flush`).
ORGANISATIONS_KEPT = 2000

#: Part of every activity's source fingerprint: change it when the mapping from XML to
#: content changes, so that a re-import maps every activity again.
MAPPING_VERSION = "1"


def source_fingerprint(element: Element, scan: _Scan) -> tuple[str, int]:
    return _source_print(element, scan.root_attrib)


def _source_print(element: Element, root_attrib: dict) -> tuple[str, int]:
    """The fingerprint of an activity as published (its XML bytes, the file's root
    attributes, defaults it inherits, and the mapping's version) and its size in bytes.
    Equal fingerprints give equal content, so a re-import recognises an unchanged activity
    without mapping it."""
    digest = hashlib.sha256(MAPPING_VERSION.encode())
    digest.update(json.dumps(root_attrib, sort_keys=True).encode())
    xml = etree.tostring(element, with_tail=False)
    digest.update(xml)
    return digest.hexdigest(), len(xml)


class _Batch:
    """Activities read and waiting to be written, CHUNK at a time, in one transaction.

    1. One query finds the chunk's stored source fingerprints: an activity whose XML is
       the one last imported (same program, same publication) is unchanged, and done.
    2. The others are mapped to content (with their warnings), normalised and
       fingerprinted once, and written by `registry.activities_import` (bulk writes, one
       change record per activity).
    3. A chunk the database refuses as a whole is replayed one activity at a time, each in
       a savepoint of its own, so that one bad activity never undoes the others."""

    def __init__(
        self,
        report: ImportReport,
        *,
        program: Program | None,
        actor: User,
        make_public: bool | None,
        scan: _Scan,
    ) -> None:
        self.report = report
        self.program = program
        self.actor = actor
        self.make_public = make_public
        self.scan = scan
        self.pending: list[tuple[ItemReport, Element, int, str]] = []
        self.pending_bytes = 0

    def add(self, item: ItemReport, element: Element, position: int) -> None:
        known = self.scan.sources
        if len(known) >= position and known[position - 1][1] == element.sourceline:
            fingerprint, size = known[position - 1][2:]  # taken by the scan
        else:
            fingerprint, size = source_fingerprint(element, self.scan)
        self.pending.append((item, element, position, fingerprint))
        self.pending_bytes += size

    @property
    def full(self) -> bool:
        """CHUNK activities, or fewer large ones (their trees are kept until written)."""
        return len(self.pending) >= CHUNK or self.pending_bytes >= CHUNK_BYTES

    def _unchanged(self) -> set[str]:
        """Identifiers of the chunk whose stored activity came from the same XML."""
        identifiers = [item.identifier for item, *_rest in self.pending if item.identifier]
        program_id = self.program.pk if self.program is not None else None
        rows = Activity.objects.filter(iati_identifier__in=identifiers).values_list(
            "iati_identifier", "source_hash", "program_id", "is_public"
        )
        by_id = {row[0]: row for row in rows}
        same = set()
        for item, _element, _position, fingerprint in self.pending:
            row = by_id.get(item.identifier)
            if (
                row is not None
                and row[1] == fingerprint
                and row[2] == program_id
                and self.make_public in (None, row[3])
            ):
                same.add(item.identifier)
        return same

    def flush(self) -> None:
        if not self.pending:
            return
        unchanged = self._unchanged()
        todo: list[tuple[ItemReport, dict, str, str, dict[str, str]]] = []
        for item, element, position, fingerprint in self.pending:
            if item.identifier in unchanged:
                item.outcome = UNCHANGED
                continue
            full, content_print, texts = _mapped(element, item, self.report, position)
            todo.append((item, full, content_print, fingerprint, texts))
            element.clear()
        self.pending, self.pending_bytes = [], 0
        if todo:
            self._write(todo)
        if len(self.report.organisations) > ORGANISATIONS_KEPT:
            # A mix of publishers names organisations without end: the cache saves a
            # query per chunk, not per organisation, so it is emptied rather than grown.
            self.report.organisations.clear()

    def _write(self, todo: list[tuple[ItemReport, dict, str, str, dict[str, str]]]) -> None:
        try:
            # The chunk's new organisations first, committed on their own (see there).
            registry.organisations_for_import(
                program=self.program,
                names=registry.organisation_names(full for _item, full, *_rest in todo),
                actor=self.actor,
                known=self.report.organisations,
            )
        except PermissionDenied as exc:
            for item, *_rest in todo:
                _refused(item, exc)
            return
        except (ValidationError, DatabaseError):
            pass  # left to the chunk, which replays its activities one by one if need be
        try:
            with transaction.atomic():
                answers = registry.activities_import(
                    program=self.program,
                    items=[full for _item, full, *_rest in todo],
                    actor=self.actor,
                    is_public=self.make_public,
                    organisations=self.report.organisations,
                    normalized=True,
                    fingerprints=[content_print for _item, _full, content_print, *_r in todo],
                    sources=[fingerprint for *_rest, fingerprint, _texts in todo],
                    texts=[texts for *_rest, texts in todo],
                )
        except PermissionDenied as exc:
            for item, *_rest in todo:
                _refused(item, exc)
            return
        except (ValidationError, DatabaseError):
            # The chunk was rolled back whole, with the organisations it created.
            self.report.organisations.clear()
            with transaction.atomic():
                for item, data, *_rest in todo:
                    _write_one(data, item, self.report, self.program, self.actor, self.make_public)
            return
        for (item, *_rest), answer in zip(todo, answers, strict=True):
            _apply(item, answer)


def _refused(item: ItemReport, exc: ValidationError | PermissionDenied) -> None:
    item.outcome = REJECTED
    if isinstance(exc, PermissionDenied):
        item.reason = ImportReason.PERMISSION
        item.issues.append(Issue(ERROR, quality.FILE, "", str(exc), item.line))
        return
    item.reason = ImportReason.INVALID
    for key, messages in exc.message_dict.items():
        for message in messages:
            item.issues.append(Issue(ERROR, quality.RULE, key, message, item.line))


def _apply(item: ItemReport, answer: registry.Outcome | ValidationError) -> None:
    if isinstance(answer, ValidationError):
        _refused(item, answer)
        return
    item.outcome = answer.outcome
    if answer.outcome == registry.UPDATED:
        item.changes = [
            {"field": k, "change": FieldChange.UPDATE, "detail": ""} for k in answer.changed
        ]


def _write_one(
    data: dict,
    item: ItemReport,
    report: ImportReport,
    program: Program | None,
    actor: User,
    make_public: bool | None,
) -> None:
    """One activity through `registry.activity_upsert`, in a savepoint of its own."""
    try:
        try:
            outcome = registry.activity_upsert(
                program=program,
                data=data,
                actor=actor,
                is_public=make_public,
                organisations=report.organisations,
            )
        except BaseException:
            # The activity's savepoint was rolled back, with any organisation it created.
            report.organisations.clear()
            raise
    except (ValidationError, PermissionDenied) as exc:
        _refused(item, exc)
        return
    _apply(item, outcome)


def _compare(data: dict, item: ItemReport, program: Program | None) -> None:
    """Dry run: what the import would do to this activity, field by field."""
    existing = (
        Activity.objects.filter(iati_identifier=data["iati_identifier"])
        .select_related("program")
        .prefetch_related(*content.CHILDREN)
        .first()
    )
    if existing is None:
        item.outcome = WOULD_CREATE
        item.changes = [
            {"field": key, "change": FieldChange.CREATE, "detail": _size(data[key])}
            for key in content.CONTENT_KEYS
            if data.get(key) not in ("", [], None)
        ]
        return
    if existing.program_id != (program.pk if program is not None else None):
        item.outcome = SKIPPED
        item.reason = ImportReason.OTHER_PROGRAM
        item.reason_detail = existing.program.code if existing.program is not None else ""
        return
    before = content.activity_data(existing)
    if existing.content_hash == content.content_hash(data) or before == data:
        item.outcome = UNCHANGED
        item.reason = ImportReason.NO_CHANGE
        return
    item.outcome = WOULD_UPDATE
    item.changes = _describe(before, data)


def _size(value: object) -> str:
    if isinstance(value, list):
        return f"{len(value)}"
    return str(value)[:80]


def _one_organisation(
    element: Element, item: ItemReport, report: ImportReport, *, actor: User
) -> None:
    data, ctx = organisation_element.parse(element)
    for line, path, message, params in ctx.notes:
        item.issues.append(Issue(WARNING, quality.NOTE, path, message, line, params=params))
    values = {
        "name": data["name"],
        "default_language": data["default_language"],
        "default_currency": data["default_currency"],
        "last_updated_datetime": data["last_updated_datetime"],
        "reporting_org": data["reporting_org"],
        "extra_elements": data["extra_elements"],
        "has_file": True,
    }
    if data["reporting_org"].get("ref") == data["ref"] and data["reporting_org"].get("type"):
        values["type"] = data["reporting_org"]["type"]
    if report.dry_run:
        existing = Organisation.objects.filter(ref=data["ref"]).first()
        if existing is None:
            item.outcome = WOULD_CREATE
        elif all(getattr(existing, k) == v for k, v in values.items()):
            item.outcome = UNCHANGED
        else:
            item.outcome = WOULD_UPDATE
            item.changes = [
                {"field": k, "change": FieldChange.UPDATE, "detail": ""}
                for k, v in values.items()
                if getattr(existing, k) != v
            ]
        return
    try:
        _org, outcome = registry.organisation_upsert(ref=data["ref"], values=values, actor=actor)
    except (ValidationError, PermissionDenied) as exc:
        item.outcome = REJECTED
        item.reason = ImportReason.INVALID
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        item.issues += [Issue(ERROR, quality.FILE, "", m, item.line) for m in messages]
        return
    item.outcome = outcome
