"""What an IATI export holds, as canonical content: the dicts the pure builders
(alianza/iati/elements) take, read from the registry (alianza/registry/content.py), and the
error that refuses an export.

The lowest export module: `program_export` (a program and its initiatives) and `exporter`
(the file writer) both import it, and it imports neither.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from alianza.registry import content
from alianza.registry.querysets import ActivityQuerySet


class ExportError(Exception):
    """The export cannot be made; `problems` lists [(identifier, message)]."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        text = "; ".join(f"{ident}: {message}" for ident, message in problems[:10])
        super().__init__(
            _("The IATI file would not be valid, nothing was exported. %(problems)s")
            % {"problems": text}
        )


def registry_contents(activities: ActivityQuerySet) -> Iterator[dict]:
    """Canonical content of each activity of the queryset, read in chunks."""
    rows = activities.order_by("iati_identifier").prefetch_related(*content.CHILDREN)
    for activity in rows.iterator(chunk_size=500):
        yield content.activity_data(activity)
