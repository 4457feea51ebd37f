from __future__ import annotations

from auditlog.models import LogEntry

from tests.conftest import csrf_post
from wushe.core.validators import USCC_CHARSET
from wushe.orgs.models import Organisation, OrganisationKind


def url(org) -> str:
    return f"/organisations/{org.pk}/edit/"


def data_for(org, **overrides) -> dict:
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "uscc": org.uscc or "",
        "contact_name": org.contact_name,
        "contact_phone": org.contact_phone,
        "description": "社区服务。",
    }
    data.update(overrides)
    return data


def test_it_shows_the_filled_in_form_to_the_organisations_admin(personas, client_for):
    response = client_for(personas.gina_grantee).get(url(personas.grantee))
    assert response.status_code == 200
    assert response.context["form"].initial["name"] == personas.grantee.name
    assert f'value="{personas.grantee.uscc}"' in response.content.decode()


def test_it_saves_changes_and_audits_them(personas, client_for):
    org = personas.grantee
    response = csrf_post(
        client_for(personas.gina_grantee),
        url(org),
        data_for(org, short_name="三正", home_place=personas.street.pk, contact_phone="010-64001234"),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{org.pk}/"
    org.refresh_from_db()
    assert (org.short_name, org.contact_phone, org.description) == ("三正", "010-64001234", "社区服务。")
    assert org.search_initials.endswith(" sz")
    entry = LogEntry.objects.get_for_object(org).order_by("-pk").first()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == personas.gina_grantee
    assert {"short_name", "contact_phone", "description"} <= set(entry.changes_dict)


def test_repeating_the_same_edit_changes_nothing_more(personas, client_for):
    client = client_for(personas.gina_grantee)
    data = data_for(personas.grantee, short_name="三正")
    assert csrf_post(client, url(personas.grantee), data).status_code == 302
    entries = LogEntry.objects.count()
    assert csrf_post(client, url(personas.grantee), data).status_code == 302
    assert LogEntry.objects.count() == entries


def test_it_shows_field_errors_and_writes_nothing(personas, client_for):
    org = personas.grantee
    wrong_uscc = org.uscc[:17] + next(c for c in USCC_CHARSET if c != org.uscc[17])
    before = LogEntry.objects.count()
    response = csrf_post(
        client_for(personas.gina_grantee),
        url(org),
        data_for(org, name="新名字", uscc=wrong_uscc, contact_phone="电话", home_place="abc"),
    )
    assert response.status_code == 200
    form_errors = response.context["form"].errors
    assert form_errors["uscc"] == ["统一社会信用代码的校验位不正确,请核对后重新输入。"]
    assert form_errors["contact_phone"][0].startswith("请输入有效的电话号码")
    assert "home_place" in form_errors
    org.refresh_from_db()
    assert org.name == "北京市东城区三正社工事务所"
    assert LogEntry.objects.count() == before


def test_it_refuses_dropping_the_code_of_a_service_organisation(personas, client_for):
    response = csrf_post(client_for(personas.gina_grantee), url(personas.grantee), data_for(personas.grantee, uscc=""))
    assert response.status_code == 200
    assert response.context["form"].errors["uscc"]
    personas.grantee.refresh_from_db()
    assert personas.grantee.uscc


def test_it_lets_a_community_group_drop_its_code(personas, client_for):
    data = data_for(personas.grantee, kind=OrganisationKind.COMMUNITY_GROUP, uscc="")
    assert csrf_post(client_for(personas.gina_grantee), url(personas.grantee), data).status_code == 302
    personas.grantee.refresh_from_db()
    assert personas.grantee.uscc is None


def test_it_refuses_staff_who_are_not_admins(personas, client_for):
    client = client_for(personas.sam_staff)
    assert client.get(url(personas.grantee)).status_code == 403
    assert csrf_post(client, url(personas.grantee), data_for(personas.grantee, short_name="改")).status_code == 403
    personas.grantee.refresh_from_db()
    assert personas.grantee.short_name == "三正社工"


def test_it_refuses_the_admin_of_another_organisation(personas, client_for):
    response = csrf_post(client_for(personas.oscar_other), url(personas.grantee), data_for(personas.grantee))
    assert response.status_code == 403


def test_it_hides_an_archived_organisation_of_someone_else(personas, client_for):
    response = csrf_post(client_for(personas.gina_grantee), url(personas.archived), data_for(personas.archived))
    assert response.status_code == 404


def test_it_lets_platform_admins_edit_any_organisation(personas, client_for):
    data = data_for(personas.archived, short_name="注销")
    assert csrf_post(client_for(personas.alice_admin), url(personas.archived), data).status_code == 302
    personas.archived.refresh_from_db()
    assert personas.archived.short_name == "注销"


def test_it_refuses_other_methods(personas, client_for):
    client = client_for(personas.gina_grantee)
    client.get(url(personas.grantee))
    response = client.delete(url(personas.grantee), HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 405
    assert Organisation.objects.filter(pk=personas.grantee.pk).exists()
