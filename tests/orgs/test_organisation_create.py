from __future__ import annotations

from auditlog.models import LogEntry

from tests.conftest import csrf_post
from tests.factories import make_uscc
from wushe.core.validators import USCC_CHARSET
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind

URL = "/organisations/new/"
USCC = make_uscc(5000)


def valid(**overrides) -> dict:
    data = {
        "name": "北京市西城区新街口社会工作服务中心",
        "short_name": "新街口社工",
        "kind": OrganisationKind.SERVICE,
        "uscc": USCC,
        "contact_name": "李联系",
        "contact_phone": "13812345678",
        "contact_email": "office@example.test",
    }
    data.update(overrides)
    return data


def errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def test_it_creates_an_organisation(personas, client_for):
    field = FieldOfWork.objects.get_or_create(name="社区营造")[0]
    data = valid(home_place=personas.street.pk, service_places=[personas.street.pk], fields_of_work=[field.pk])
    response = csrf_post(client_for(personas.olivia_officer), URL, data)
    org = Organisation.objects.get(name=data["name"])
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{org.pk}/"
    assert org.uscc == USCC
    assert org.home_place == personas.street
    assert list(org.service_places.all()) == [personas.street]
    assert list(org.fields_of_work.all()) == [field]
    assert org.search_initials.startswith("bjsxcqxjkshgzfwzx")


def test_it_normalises_the_code_and_the_phone(personas, client_for):
    csrf_post(
        client_for(personas.alice_admin), URL, valid(uscc=" " + USCC.lower() + " ", contact_phone="+86 138 1234 5678")
    )
    org = Organisation.objects.get(name=valid()["name"])
    assert org.uscc == USCC
    assert org.contact_phone == "13812345678"


def test_it_lets_a_community_group_go_without_a_code(personas, client_for):
    response = csrf_post(client_for(personas.alice_admin), URL, valid(kind=OrganisationKind.COMMUNITY_GROUP, uscc=""))
    assert response.status_code == 302
    assert Organisation.objects.get(name=valid()["name"]).uscc is None


def test_it_shows_the_form(personas, client_for):
    response = client_for(personas.olivia_officer).get(URL)
    assert response.status_code == 200
    assert "新建组织" in response.content.decode()


def assert_nothing_written(before_orgs: int, before_log: int) -> None:
    assert Organisation.objects.count() == before_orgs
    assert LogEntry.objects.count() == before_log


def post_invalid(personas, client_for, data):
    before = (Organisation.objects.count(), LogEntry.objects.count())
    response = csrf_post(client_for(personas.alice_admin), URL, data)
    assert response.status_code == 200
    assert_nothing_written(*before)
    return response


def test_it_refuses_a_wrong_check_character(personas, client_for):
    wrong = USCC[:17] + next(c for c in USCC_CHARSET if c != USCC[17])
    response = post_invalid(personas, client_for, valid(uscc=wrong))
    assert errors(response, "uscc") == ["统一社会信用代码的校验位不正确,请核对后重新输入。"]
    assert "校验位不正确" in response.content.decode()


def test_it_refuses_a_code_of_the_wrong_length(personas, client_for):
    response = post_invalid(personas, client_for, valid(uscc=USCC[:17]))
    assert errors(response, "uscc") == ["统一社会信用代码应为 18 位。"]


def test_it_refuses_a_malformed_phone(personas, client_for):
    response = post_invalid(personas, client_for, valid(contact_phone="12345"))
    assert errors(response, "contact_phone") == [
        "请输入有效的电话号码:11 位手机号(如 13800001234)或带区号的固定电话(如 010-64000000)。"
    ]


def test_it_refuses_an_unknown_place(personas, client_for):
    response = post_invalid(personas, client_for, valid(home_place=999999))
    assert errors(response, "home_place")
    assert "有效" in errors(response, "home_place")[0]  # Django's own Chinese message


def test_it_refuses_an_unknown_service_place(personas, client_for):
    response = post_invalid(personas, client_for, valid(service_places=[personas.street.pk, 999999]))
    assert errors(response, "service_places")
    assert "999999" in errors(response, "service_places")[0]


def test_it_refuses_an_over_long_name(personas, client_for):
    response = post_invalid(personas, client_for, valid(name="长" * 101))
    assert errors(response, "name") == ["确保该变量包含不超过 100 字符 (目前字符数 101)。"]


def test_it_refuses_a_service_organisation_without_a_code(personas, client_for):
    response = post_invalid(personas, client_for, valid(uscc=""))
    assert errors(response, "uscc") == ["该类型的组织须填写统一社会信用代码;只有社区社会组织(备案)和合作伙伴可以不填。"]


def test_it_refuses_a_missing_name(personas, client_for):
    response = post_invalid(personas, client_for, valid(name="  "))
    assert errors(response, "name") == ["这个字段是必填项。"]


def test_it_refuses_a_name_already_taken(personas, client_for):
    response = post_invalid(personas, client_for, valid(name=personas.grantee.name))
    assert errors(response, "name")
    assert "已存在" in errors(response, "name")[0]


def test_it_refuses_a_code_already_taken(personas, client_for):
    response = post_invalid(personas, client_for, valid(uscc=personas.grantee.uscc))
    assert "已存在" in errors(response, "uscc")[0]


def test_it_stores_markup_in_a_name_as_text_and_shows_it_escaped(personas, client_for):
    name = '<script>alert("x")</script>社工'
    client = client_for(personas.alice_admin)
    response = csrf_post(client, URL, valid(name=name))
    org = Organisation.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    assert org.name == name
    body = client.get(f"/organisations/{org.pk}/").content.decode()
    assert name not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;社工" in body


def test_it_refuses_the_wrong_role(personas, client_for):
    client = client_for(personas.gina_grantee)
    assert client.get(URL).status_code == 403
    assert csrf_post(client, URL, valid()).status_code == 403
    assert not Organisation.objects.filter(name=valid()["name"]).exists()


def test_it_sends_anonymous_visitors_to_sign_in(personas, client_for):
    response = csrf_post(client_for(None), URL, valid())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Organisation.objects.filter(name=valid()["name"]).exists()


def test_it_refuses_other_methods(personas, client_for):
    client = client_for(personas.alice_admin)
    client.get(URL)
    assert client.put(URL, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value).status_code == 405


def test_it_refuses_a_post_without_the_csrf_token(personas, client_for):
    response = client_for(personas.alice_admin).post(URL, valid())
    assert response.status_code == 403
    assert not Organisation.objects.filter(name=valid()["name"]).exists()


def test_it_refuses_the_same_organisation_twice(personas, client_for):
    client = client_for(personas.alice_admin)
    assert csrf_post(client, URL, valid()).status_code == 302
    again = csrf_post(client, URL, valid())
    assert again.status_code == 200
    assert Organisation.objects.filter(name=valid()["name"]).count() == 1
