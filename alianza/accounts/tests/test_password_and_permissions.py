"""Password and permission changes: self-service and in the admin, all in the audit trail
(never a password or its hash)."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from alianza.accounts.choices import Role
from alianza.accounts.models import User
from alianza.accounts.tests.factories import InstitutionFactory, UserFactory, member
from alianza.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
NEW_PASSWORD = "a-much-better-passphrase-42"


@pytest.fixture
def ana():
    return member("ana", InstitutionFactory(code="agency"), Role.EDITOR)


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def no_password_in_the_trail(user: User) -> bool:
    user.refresh_from_db()
    text = str(list(ChangeRecord.objects.values_list("before", "after", "changed_fields")))
    return user.password not in text and NEW_PASSWORD not in text and "pbkdf2" not in text


def test_a_user_changes_their_own_password_and_it_is_audited(ana):
    client = Client()
    client.force_login(ana)
    page = client.get("/")
    assert 'href="/accounts/password/"' in page.content.decode()  # in the user menu
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    ana.refresh_from_db()
    assert ana.check_password(NEW_PASSWORD)
    assert client.get("/accounts/profile/").status_code == 200  # still signed in
    record = ChangeRecord.objects.get(action="accounts.user.set_password")
    assert record.actor == ana and record.changed_fields == ["password"]
    assert no_password_in_the_trail(ana)


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(ana):
    client = Client()
    client.force_login(ana)
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert wrong.status_code == 400
    assert "contraseña antigua" in wrong.content.decode().lower()
    weak = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 400 and weak.context["form"].errors["new_password2"]
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)
    assert not ChangeRecord.objects.filter(action="accounts.user.set_password").exists()


def test_guessing_the_old_password_counts_towards_the_lockout(ana):
    client = Client()
    client.force_login(ana)
    for _attempt in range(20):
        client.post(
            "/accounts/password/",
            {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_the_password_page_needs_a_signed_in_user():
    response = Client().get("/accounts/password/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_administrators_password_change_is_audited_without_the_hash(ana, admin_client):
    response = admin_client.post(
        f"/admin/accounts/user/{ana.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.check_password(NEW_PASSWORD)
    record = ChangeRecord.objects.get(action="accounts.user.set_password")
    assert record.actor.username == "root" and record.source == "admin"
    assert record.changed_fields == ["password"] and record.object_id == str(ana.pk)
    assert no_password_in_the_trail(ana)


def test_a_refused_admin_password_change_writes_no_record(ana, admin_client):
    response = admin_client.post(
        f"/admin/accounts/user/{ana.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": "different", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert not ChangeRecord.objects.filter(action="accounts.user.set_password").exists()


def change_form_data(client: Client, user: User) -> dict:
    """The admin change form of `user` as the browser would post it unchanged."""
    response = client.get(f"/admin/accounts/user/{user.pk}/change/")
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or name == "password":
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value is None:
                    continue
                if isinstance(value, bool):
                    if value:
                        data[subform.add_prefix(name)] = "on"
                else:
                    data[subform.add_prefix(name)] = str(value)
    joined = timezone.localtime(user.date_joined)
    data["date_joined_0"], data["date_joined_1"] = f"{joined:%Y-%m-%d}", f"{joined:%H:%M:%S}"
    data.pop("date_joined", None)
    data.pop("last_login", None)
    return data


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda data, ctx: data.update(is_staff="on"), "is_staff"),
        (lambda data, ctx: data.update(is_superuser="on"), "is_superuser"),
        (lambda data, ctx: data.pop("is_active"), "is_active"),
        (lambda data, ctx: data.update(groups=[str(ctx["group"].pk)]), "groups"),
        (lambda data, ctx: data.update(user_permissions=[str(ctx["perm"].pk)]), "user_permissions"),
        (lambda data, ctx: data.update({"membership-0-role": Role.COORDINATOR}), "membership"),
    ],
    ids=["is_staff", "is_superuser", "is_active", "groups", "user_permissions", "membership"],
)
def test_permission_changes_in_the_admin_are_audited(ana, admin_client, change, field):
    ana.date_joined = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)  # whole seconds
    ana.save()
    context = {
        "group": Group.objects.create(name="auditors"),
        "perm": Permission.objects.get(codename="view_changerecord"),
    }
    data = change_form_data(admin_client, ana)
    change(data, context)
    response = admin_client.post(f"/admin/accounts/user/{ana.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = ChangeRecord.objects.get(action="accounts.user.update", object_id=str(ana.pk))
    assert record.changed_fields == [field]
    assert record.before[field] != record.after[field]
    assert record.actor.username == "root"
    if field == "groups":
        assert record.after["groups"] == ["auditors"]
    if field == "user_permissions":
        assert record.after["user_permissions"] == ["audit.view_changerecord"]
    assert no_password_in_the_trail(ana)


def test_a_groups_permission_change_in_the_admin_is_audited(admin_client):
    group = Group.objects.create(name="auditors")
    permission = Permission.objects.get(codename="view_changerecord")
    response = admin_client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": "auditors", "permissions": [str(permission.pk)]},
    )
    assert response.status_code == 302
    record = ChangeRecord.objects.get(action="auth.group.update")
    assert record.before["permissions"] == []
    assert record.after["permissions"] == ["audit.view_changerecord"]
    assert record.changed_fields == ["permissions"]
