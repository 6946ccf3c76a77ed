"""FilterSets of the governance API: each list answers `?program=PROCAP`."""

from __future__ import annotations

from alianza.governance.models import ActionItem, BoardMeeting, Dispute
from alianza.programs.filters import ProgramChildFilterSet


class MeetingFilterSet(ProgramChildFilterSet):
    class Meta:
        model = BoardMeeting
        fields: list[str] = []


class ActionItemFilterSet(ProgramChildFilterSet):
    class Meta:
        model = ActionItem
        fields: list[str] = []


class DisputeFilterSet(ProgramChildFilterSet):
    class Meta:
        model = Dispute
        fields: list[str] = []
