from __future__ import annotations

import re

from django.core import mail

from tests.conftest import csrf_post
from wushe.access.models import Invitation, MemberRole


def url(org) -> str:
    return f"/organisations/{org.pk}/invite/"


def invite(client, org, **overrides):
    data = {"name": "新同事", "email": "new.colleague@example.test", "phone": "", "role": MemberRole.STAFF}
    data.update(overrides)
    return csrf_post(client, url(org), data)


def test_it_shows_the_form_and_the_open_invitations(personas, client_for):
    client = client_for(personas.gina_grantee)
    invite(client, personas.grantee)
    response = client.get(url(personas.grantee))
    assert response.status_code == 200
    assert [i.name for i in response.context["invitations"]] == ["新同事"]


def test_it_creates_an_invitation_and_emails_the_link(personas, client_for):
    response = invite(client_for(personas.gina_grantee), personas.grantee)
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role, invitation.invited_by) == (
        personas.grantee,
        MemberRole.STAFF,
        personas.gina_grantee,
    )
    link = response.context["link"]
    assert re.fullmatch(r"http://testserver/accounts/invitations/[\w-]+/", link)
    assert link in response.content.decode()
    secret = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == Invitation.hash(secret)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.colleague@example.test"]
    assert message.subject == "邀请你加入北京市东城区三正社工事务所"
    assert link in message.body
    assert "已邀请新同事" in response.content.decode()


def test_it_invites_by_phone_without_sending_mail(personas, client_for):
    response = invite(client_for(personas.gina_grantee), personas.grantee, email="", phone="139 1234 5678")
    assert response.context["link"]
    assert Invitation.objects.get().phone == "13912345678"
    assert mail.outbox == []


def test_it_shows_field_errors_and_writes_nothing(personas, client_for):
    client = client_for(personas.gina_grantee)
    response = invite(client, personas.grantee, email="", phone="")
    assert response.context["form"].errors["email"] == ["请填写电子邮箱或手机号,至少一项。"]
    response = invite(client, personas.grantee, phone="12345")
    assert response.context["form"].errors["phone"] == ["请输入 11 位中国大陆手机号,如 13800001234。"]
    response = invite(client, personas.grantee, role="owner")
    assert "role" in response.context["form"].errors
    assert response.context["link"] is None
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_the_same_person_again_replaces_the_open_invitation(personas, client_for):
    client = client_for(personas.gina_grantee)
    first = invite(client, personas.grantee).context["link"]
    second = invite(client, personas.grantee, email="New.Colleague@example.test").context["link"]
    assert first != second
    assert [i.email for i in Invitation.objects.filter(revoked_at__isnull=True)] == ["new.colleague@example.test"]
    assert client_for(None).get(first.removeprefix("http://testserver")).status_code == 404
    assert client_for(None).get(second.removeprefix("http://testserver")).status_code == 200


def test_it_refuses_to_invite_someone_already_a_member(personas, client_for):
    response = invite(client_for(personas.gina_grantee), personas.grantee, email=personas.sam_staff.email)
    assert response.context["form"].errors["email"] == ["此人已经是该组织的成员。"]
    assert not Invitation.objects.exists()


def test_it_refuses_staff_who_are_not_admins(personas, client_for):
    client = client_for(personas.sam_staff)
    assert client.get(url(personas.grantee)).status_code == 403
    assert invite(client, personas.grantee).status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_refuses_the_admin_of_another_organisation(personas, client_for):
    assert invite(client_for(personas.oscar_other), personas.grantee).status_code == 403


def test_it_hides_an_archived_organisation(personas, client_for):
    assert invite(client_for(personas.gina_grantee), personas.archived).status_code == 404


def test_it_refuses_other_methods(personas, client_for):
    client = client_for(personas.gina_grantee)
    client.get(url(personas.grantee))
    assert client.put(url(personas.grantee), HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value).status_code == 405


def test_it_sends_anonymous_visitors_to_sign_in(personas, client_for):
    response = invite(client_for(None), personas.grantee)
    assert response["Location"].startswith("/accounts/login/")
    assert not Invitation.objects.exists()
