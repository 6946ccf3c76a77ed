"""Reusable reads of the governance records that belong to a program through a meeting or
a dispute (meetings, action items and disputes have their own `program`)."""

from __future__ import annotations

from alianza.programs.querysets import ProgramChildQuerySet


class MeetingChildQuerySet(ProgramChildQuerySet):
    """Attendance and decisions: they belong to a program through their meeting."""

    program_lookup = "meeting__program"


class DisputeChildQuerySet(ProgramChildQuerySet):
    """Criteria agreements: they belong to a program through their dispute."""

    program_lookup = "dispute__program"
