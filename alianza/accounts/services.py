"""Writes to institutions, users and memberships, audited like every other write."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.accounts import tokens
from alianza.accounts.choices import Role
from alianza.accounts.models import ApiToken, Institution, Membership, User
from alianza.accounts.permissions import can_change_institution, can_create_institution
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update, locked_first
from alianza.core.services import refuse_taken

SYSTEM_USERNAME = "alianza-system"


def _require_may_write_institution(actor: User, institution: Institution | None) -> None:
    if institution is None:
        if not can_create_institution(actor):
            raise PermissionDenied(
                _("Only an administrator or a program's coordinator may add institutions.")
            )
        return
    if not can_change_institution(actor, institution):
        raise PermissionDenied(
            _(
                "Institution %(code)s is shared by every program: only administrators, "
                "keepers of the shared lists and its own coordinators may change it."
            )
            % {"code": institution.code}
        )


@transaction.atomic
def system_user() -> User:
    """The account that commands act as: a superuser that cannot sign in."""
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is not None:
        return user
    user = User(
        username=SYSTEM_USERNAME,
        is_superuser=True,
        is_staff=False,
        is_active=False,
        first_name="Alianza",
        last_name="(system)",
    )
    user.set_unusable_password()
    user.save()
    audit.record(actor=user, action="accounts.user.create", obj=user)
    return user


@transaction.atomic
def institution_upsert(*, code: str, values: Mapping[str, Any], actor: User) -> Institution:
    """Create institution `code` or bring it to `values`; nothing is written if equal."""
    institution = locked_first(Institution.objects.filter(code=code))
    _require_may_write_institution(actor, institution)
    before = audit.snapshot(institution) if institution else None
    if institution is None:
        institution = Institution(code=code)
    changed = institution.pk is None
    for field, value in values.items():
        if getattr(institution, field) != value:
            changed = True
        setattr(institution, field, value)
    if not changed:
        return institution
    institution.full_clean()
    institution.save()
    audit.record(
        actor=actor,
        action="accounts.institution." + ("update" if before else "create"),
        obj=institution,
        before=before,
    )
    return institution


@transaction.atomic
def institution_create(*, code: str, values: Mapping[str, Any], actor: User) -> Institution:
    """A new institution (administrators and coordinators); a code already used is refused
    on `code`, never overwritten."""
    _require_may_write_institution(actor, None)
    refuse_taken(Institution.objects.filter(code=code), field="code", value=code)
    return institution_upsert(code=code, values=values, actor=actor)


@transaction.atomic
def user_create(
    *,
    username: str,
    institution: Institution | None,
    role: str = Role.VIEWER,
    area: str = "",
    password: str | None,
    actor: User,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
) -> User:
    """A new user with their membership (one institution, one role)."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Only an administrator may create users."))
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    if institution is not None:
        membership = Membership(user=user, institution=institution, role=role, area=area)
        membership.full_clean()
        membership.save()
    audit.record(actor=actor, action="accounts.user.create", obj=user)
    return user


@transaction.atomic
def membership_set(
    *, user: User, institution: Institution, role: str, area: str = "", actor: User
) -> Membership:
    """Give a user their role in an institution (replacing any previous one)."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Only an administrator may change memberships."))
    lock_for_update(user)
    before = audit.snapshot(user)
    membership = Membership.objects.filter(user=user).first() or Membership(user=user)
    membership.institution, membership.role, membership.area = institution, role, area
    membership.is_active = True
    membership.full_clean()
    membership.save()
    audit.record(actor=actor, action="accounts.user.set_membership", obj=user, before=before)
    return membership


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User) -> None:
    """Set a password; the audit trail notes the change, never the password."""
    if not (actor.is_superuser or actor.pk == user.pk):
        raise PermissionDenied(_("You may only change your own password."))
    before = audit.snapshot(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action="accounts.user.set_password",
        obj=user,
        before=before,
        secret_fields=("password",),
    )


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int | None = None, actor: User
) -> tuple[ApiToken, str]:
    """A new API token for `user`, valid `days` days; returns it and its key.

    The key is returned once and never stored (only its SHA-256 digest); the audit trail
    records the token's name, prefix and expiry, never the key.
    """
    if not (actor.is_superuser or actor.pk == user.pk):
        raise PermissionDenied(_("You may only create API tokens for yourself."))
    if not user.is_active:
        raise ValidationError({"user": _("An inactive user cannot have API tokens.")})
    if days is None:
        days = settings.API_TOKEN_DEFAULT_DAYS
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("An API token is valid between 1 and %(max)d days.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )
    key = tokens.new_key()
    token = ApiToken(
        user=user,
        name=(name or "").strip() or _("API token"),
        prefix=tokens.shown_prefix(key),
        digest=tokens.digest(key),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit.save_and_record(token, actor=actor, action="accounts.apitoken.create")
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    """Revoke (delete) a token: from now on its key authenticates no one."""
    if not (actor.is_superuser or actor.pk == token.user_id):
        raise PermissionDenied(_("You may only revoke your own API tokens."))
    audit.delete_and_record(token, actor=actor, action="accounts.apitoken.revoke")
