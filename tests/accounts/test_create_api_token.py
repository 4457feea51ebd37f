from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from tests.factories import UserFactory
from wushe.accounts.models import ApiToken
from wushe.accounts.services import api_token_authenticate


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def mei(db):
    return UserFactory(name="梅", email="mei@example.test", phone="13812345678")


def test_it_prints_a_working_token_once_and_stores_its_hash(mei):
    out, err = run("mei@example.test", "--name", "数据同步")
    secret = out.strip()
    assert secret.startswith("wsh_")
    assert out == secret + "\n"
    assert secret not in err
    assert "已为梅创建令牌“数据同步”" in err
    token = ApiToken.objects.get(user=mei)
    assert token.name == "数据同步"
    assert token.token_hash == ApiToken.hash(secret)
    assert api_token_authenticate(secret) == mei


@pytest.mark.parametrize("login", ["13812345678", "+86 138 1234 5678", "MEI@example.test"])
def test_it_finds_the_user_by_phone_or_email(login, mei):
    run(login)
    assert ApiToken.objects.get(user=mei).name == "命令行创建"


def test_each_run_makes_a_new_token(mei):
    first, _err = run("mei@example.test")
    second, _err = run("mei@example.test")
    assert first != second
    assert ApiToken.objects.filter(user=mei).count() == 2


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match=re.escape("找不到电子邮箱或手机号为“nobody@example.test”的用户。")):
        run("nobody@example.test")
    assert not ApiToken.objects.exists()


def test_it_refuses_a_deactivated_user(mei):
    mei.is_active = False
    mei.save()
    with pytest.raises(CommandError, match="已停用"):
        run("mei@example.test")
    assert not ApiToken.objects.exists()


def test_it_refuses_an_over_long_name(mei):
    with pytest.raises(CommandError, match="用途最多 60 个字"):
        run("mei@example.test", "--name", "长" * 61)
    assert not ApiToken.objects.exists()


def test_it_exits_non_zero_for_an_unknown_user(db, capsys):
    """Run as from the command line: the error goes to stderr and the exit status is 1."""
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "create_api_token", "nobody@example.test"])
    assert exit_.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "找不到电子邮箱或手机号为“nobody@example.test”的用户。" in err
