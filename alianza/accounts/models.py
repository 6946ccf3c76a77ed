"""People and the institutions they act for.

A user acts for exactly one institution, through a Membership that says their
role. Programs name their partner institutions; a member of a partner sees the
program's internal records, and may change them if their role allows.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.accounts.choices import EDITING_ROLES, FocalArea, InstitutionKind, Role
from alianza.core.models import TimeStampedModel, localized


class User(AbstractUser):
    """A person who signs in. Custom from the first migration so that it can grow."""

    #: Never copied into the audit trail.
    audit_exclude = ("password", "last_login")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("membership", "api_tokens")

    def audit_related(self) -> dict:
        """What the user may do (membership, groups, permissions) and the API tokens that
        act as them (never a key), so that a change to any of them is in the trail."""
        membership = Membership.objects.filter(user=self).select_related("institution").first()
        return {
            "membership": None
            if membership is None
            else {
                "institution": membership.institution.code,
                "role": membership.role,
                "area": membership.area,
                "is_active": membership.is_active,
            },
            "groups": sorted(self.groups.values_list("name", flat=True)),
            "user_permissions": sorted(
                f"{app_label}.{codename}"
                for app_label, codename in self.user_permissions.values_list(
                    "content_type__app_label", "codename"
                )
            ),
            "api_tokens": [
                {"name": name, "prefix": prefix, "expires_at": expires_at}
                for name, prefix, expires_at in self.api_tokens.order_by(
                    "created_at", "id"
                ).values_list("name", "prefix", "expires_at")
            ],
        }

    def audit_institution_id(self) -> int | None:
        """The institution whose members read the changes to this account."""
        return (
            Membership.objects.filter(user_id=self.pk)
            .values_list("institution_id", flat=True)
            .first()
        )

    @property
    def active_membership(self) -> Membership | None:
        try:
            membership = self.membership
        except Membership.DoesNotExist:
            return None
        return membership if membership.is_active else None

    @property
    def institution(self) -> Institution | None:
        membership = self.active_membership
        return membership.institution if membership else None

    @property
    def role(self) -> str | None:
        membership = self.active_membership
        return membership.role if membership else None

    @property
    def can_edit_records(self) -> bool:
        return self.role in EDITING_ROLES


code_validator = RegexValidator(
    r"^[a-z0-9_]+$", _("Use lowercase letters, digits and underscores only.")
)


class Institution(TimeStampedModel):
    """An organization: a program partner, or one involved in the program's work."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    acronym_en = models.CharField(_("acronym (English)"), max_length=40, blank=True)
    acronym_es = models.CharField(
        _("acronym (Spanish)"),
        max_length=40,
        blank=True,
        help_text=_("Empty when Spanish uses the same acronym (UNDP Mexico: PNUD México)."),
    )
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=InstitutionKind.choices, default=InstitutionKind.OTHER
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 code; empty for international bodies."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True
    )
    website = models.URLField(_("website"), blank=True)

    acronym = localized("acronym")
    name = localized("name")

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["acronym_en", "name_en"]

    def __str__(self) -> str:
        return self.acronym or self.name

    @property
    def label(self) -> str:
        return f"{self.acronym} – {self.name}" if self.acronym else self.name


class Membership(TimeStampedModel):
    """A user's role in their one institution."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="membership"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    area = models.CharField(
        _("area"),
        max_length=30,
        choices=FocalArea.choices,
        blank=True,
        help_text=_("Only for focal points."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.FOCAL_POINT) & ~Q(area=""))
                | (~Q(role=Role.FOCAL_POINT) & Q(area="")),
                name="membership_area_only_for_focal_points",
                violation_error_message=_("A focal point needs an area; other roles have none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.institution} · {self.get_role_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role == Role.FOCAL_POINT and not self.area:
            raise ValidationError({"area": _("A focal point needs an area.")})
        if self.role != Role.FOCAL_POINT and self.area:
            raise ValidationError({"area": _("Only focal points have an area.")})


class ApiToken(models.Model):
    """A key a person uses to call the API as themselves.

    Only the SHA-256 digest of the key is stored: the key itself is shown once, when it is
    created, and cannot be read back. Every token expires; its owner can revoke it.
    """

    #: Never copied into the audit trail.
    audit_exclude = ("digest", "last_used_at")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("The first characters of the key, to tell it.")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name} ({self.prefix}…)"

    def audit_institution_id(self) -> int | None:
        """The institution whose members read the changes to this token (its owner's)."""
        return (
            Membership.objects.filter(user_id=self.user_id)
            .values_list("institution_id", flat=True)
            .first()
        )

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at <= timezone.now()
