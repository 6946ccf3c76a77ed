"""Each figure's data under /api/v1/figures/."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from alianza.core.api import ReadOnlyForAll
from alianza.systematization import figures as figure_module
from alianza.systematization import selectors
from alianza.systematization.api.views.common import (
    PROGRAM_PARAMS,
    program_named,
)


class FigureViewSet(viewsets.ViewSet):
    """Each figure's data, as the figures page and the report draw it:
    /api/v1/figures/?program=PROCAP lists them, /api/v1/figures/<key>/?program=PROCAP
    gives one (criteria-matrix, cost-by-initiative, scheme-incidence_level...)."""

    permission_classes = [ReadOnlyForAll]
    lookup_value_regex = "[a-z0-9_-]+"

    def _figures(self, request):
        program = program_named(request, request.query_params.get("program"))
        period = selectors.pick_period(program, request.query_params.get("period"), strict=True)
        return figure_module.program_figures(program, period, request.user)

    @staticmethod
    def _data(figure) -> dict:
        return {
            "key": figure.key,
            "title": figure.title,
            "report_label": figure.report_label,
            "headers": [str(h) for h in figure.headers],
            "rows": [[str(v) if v is not None else None for v in row] for row in figure.rows],
            "note": figure.note,
        }

    @extend_schema(
        operation_id="figures_list", parameters=PROGRAM_PARAMS, responses=OpenApiTypes.OBJECT
    )
    def list(self, request):
        return Response([self._data(f) for f in self._figures(request)])

    @extend_schema(parameters=PROGRAM_PARAMS, responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        figure = figure_module.find_figure(self._figures(request), pk)
        if figure is None:
            raise Http404(_("No such figure."))
        return Response(self._data(figure))
