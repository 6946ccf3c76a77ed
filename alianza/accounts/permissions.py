"""Permissions about people and institutions themselves."""

from __future__ import annotations


def can_view_institution_list(user) -> bool:
    """Institutions are a reference list: public names, visible to everyone."""
    return True
