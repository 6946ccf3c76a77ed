"""Signing in and out, and one's own account: profile, password, API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alianza.accounts import services
from alianza.accounts.forms import ApiTokenForm, LoginForm, OwnPasswordChangeForm
from alianza.accounts.models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the old one is asked for); audited without the hash."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        services.user_set_password(
            user=self.request.user,
            password=form.cleaned_data["new_password1"],
            actor=self.request.user,
        )
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return redirect(self.success_url)

    def form_invalid(self, form):
        # A refused form answers 400, as every form of the project does.
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _profile(request: HttpRequest, *, form: ApiTokenForm, new_key: str | None = None, status=200):
    response = render(
        request,
        "accounts/profile.html",
        {
            "membership": request.user.active_membership,
            "tokens": ApiToken.objects.filter(user=request.user),
            "token_form": form,
            "new_key": new_key,
        },
        status=status,
    )
    return response


@never_cache
@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return _profile(request, form=ApiTokenForm())


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Create one of one's own API tokens; the key is in this response only."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile(request, form=form, status=400)
    token, key = services.api_token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        days=form.cleaned_data["days"],
        actor=request.user,
    )
    return _profile(request, form=ApiTokenForm(), new_key=key)


@login_required
@require_http_methods(["POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of one's own API tokens (another user's answers 404)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The API token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")
