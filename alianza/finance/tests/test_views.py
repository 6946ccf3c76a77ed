"""Money records on the pages: an initiative with transactions is not deleted, and the page
says why."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_initiative_with_money_records_is_not_deleted_and_the_page_says_why(cast):
    from alianza.finance.tests.factories import TransactionFactory
    from alianza.initiatives.models import Initiative

    TransactionFactory(initiative=cast.internal_initiative)
    response = cast.client("coordinator_a").post(
        "/programs/TEST/initiatives/2/delete/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "cannot be deleted: other records refer to it (transactions)" in (
        response.content.decode()
    )
    assert Initiative.objects.filter(pk=cast.internal_initiative.pk).exists()
    assert cast.internal_initiative.classifications.exists()  # nothing half-deleted
