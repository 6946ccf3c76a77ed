"""Formatting only: the cells of a matrix row."""

from django import template

register = template.Library()


@register.filter
def matrix_cells(row, criteria):
    """(criterion, value, has a value, reconstructed) for each criterion of a matrix row."""
    return row.cells(criteria)
