from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from alianza.accounts.throttling import lockout_message


class LockoutAwareFormMixin:
    """A refused sign-in says so when django-axes locked it out (too many failures)."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout_message(), code="locked_out")
            raise


class LoginForm(LockoutAwareFormMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autofocus": True})
        self.fields["password"].widget.attrs.update({"class": "form-control"})


class OwnPasswordChangeForm(PasswordChangeForm):
    """Change one's own password. The old password is checked through `authenticate()`,
    so guessing it from a stolen session counts towards the login lockout like any sign-in."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control"})

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if (
            authenticate(self.request, username=self.user.get_username(), password=old_password)
            is None
        ):
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout_message(), code="locked_out")
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password

    def save(self, commit=True):  # pragma: no cover - the view saves through the service
        raise NotImplementedError("Use accounts.services.user_set_password")


def _lifetime_choices() -> list[tuple[int, str]]:
    days = sorted({30, 90, 180, 365, settings.API_TOKEN_DEFAULT_DAYS})
    return [
        (n, ngettext_lazy("%(count)d day", "%(count)d days", n) % {"count": n})
        for n in days
        if n <= settings.API_TOKEN_MAX_DAYS
    ]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for (a script, a service)."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=_lifetime_choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DEFAULT_DAYS
