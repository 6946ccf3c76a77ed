"""Signing in and out, and one's own profile (membership, API token)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from alianza.accounts.forms import LoginForm
from alianza.accounts.services import api_token_regenerate


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST" and request.POST.get("action") == "regenerate_token":
        new_key = api_token_regenerate(user=request.user)
    has_token = new_key is not None or Token.objects.filter(user=request.user).exists()
    return render(
        request,
        "accounts/profile.html",
        {
            "membership": request.user.active_membership,
            "has_token": has_token,
            "new_key": new_key,
        },
    )
