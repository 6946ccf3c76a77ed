import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alianza.accounts.models import User
from alianza.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_refused_outside_a_demo(procap, settings):
    settings.ALIANZA_DEMO = False
    with pytest.raises(CommandError, match="ALIANZA_DEMO"):
        call_command("load_demo_accounts")
    assert not User.objects.filter(username="amexcid-coordinator").exists()


def test_demo_accounts_print_their_password_once(procap, settings, capsys):
    settings.ALIANZA_DEMO = True
    call_command("load_demo_accounts")
    first = capsys.readouterr().out
    password = first.split("password: ")[1].split()[0]
    coordinator = User.objects.get(username="amexcid-coordinator")
    assert coordinator.check_password(password)
    assert coordinator.institution.code == "amexcid" and coordinator.role == "coordinator"
    assert User.objects.get(username="undp-coordinator").institution.code == "undp_mexico"
    assert User.objects.get(username="viewer").role == "viewer"
    call_command("load_demo_accounts")
    second = capsys.readouterr().out
    assert password not in second and "already exist" in second
    audit_text = str(list(ChangeRecord.objects.values_list("before", "after")))
    assert password not in audit_text


def test_token_create_works_for_a_demo_account(procap, settings, capsys):
    settings.ALIANZA_DEMO = True
    call_command("load_demo_accounts")
    capsys.readouterr()
    call_command("token_create", "undp-editor", "--days", "7")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("alz_")
    token = User.objects.get(username="undp-editor").api_tokens.get()
    assert key not in str(ChangeRecord.objects.values_list("before", "after"))
    assert token.prefix == key[:12]
