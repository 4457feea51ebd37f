from __future__ import annotations

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from wushe.access.models import Invitation


@task()
def send_invitation_email(*, invitation_id: int, link: str) -> None:
    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_id).first()
    if invitation is None or not invitation.email:
        return
    with translation.override("zh-hans"):
        subject = _("邀请你加入%(org)s") % {"org": invitation.organisation.name}
        body = _(
            "%(name)s,你好:\n\n%(org)s邀请你在五社联动平台上成为成员。"
            "请打开下面的链接接受邀请(14 天内有效):\n\n%(link)s\n"
        ) % {"name": invitation.name, "org": invitation.organisation.name, "link": link}
    send_mail(subject, body, None, [invitation.email])
