"""Who may do what with knowledge products. Reading is the product's dissemination level
(`KnowledgeProduct.objects.visible_to`); writing follows the program's rules: editors of a
partner add and change products, coordinators delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alianza.programs.permissions import (
    can_edit_program_records,
    can_manage_program,
    can_view_internal,
)

if TYPE_CHECKING:
    from alianza.knowledge.models import KnowledgeProduct
    from alianza.programs.models import Program


def can_view_product(user: Any, product: KnowledgeProduct) -> bool:
    from alianza.knowledge.models import KnowledgeProduct

    return KnowledgeProduct.objects.visible_to(user).filter(pk=product.pk).exists()


def can_edit_product(user: Any, product: KnowledgeProduct) -> bool:
    return can_edit_program_records(user, product.program)


def can_delete_product(user: Any, product: KnowledgeProduct) -> bool:
    return can_manage_program(user, product.program)


def can_view_use_report(user: Any, program: Program) -> bool:
    """The product-use report is the partners' working page."""
    return can_view_internal(user, program)
