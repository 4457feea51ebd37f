"""Files of a support activity: added and deleted by the officers managing it, checked by type,
size and first bytes, and served only through the access door to those who see the activity."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import csrf_post
from tests.lifecycle import make_programme
from tests.support.builders import make_activity
from wushe.support.attachment_services import activity_attachment_add, activity_attachment_delete
from wushe.support.models import ActivityAttachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 sign-in sheet of the roundtable"


def pdf(name: str = "签到表.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def files_in(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def activity(personas):
    return make_activity(personas, make_programme(personas))


@pytest.fixture
def attachment(personas, activity, media):
    return activity_attachment_add(activity=activity, by=personas.olivia_officer, upload=pdf())


def _upload_url(activity) -> str:
    return f"/support/activities/{activity.pk}/attachments/"


# --- services -------------------------------------------------------------------------------


def test_an_officer_adds_a_file_with_its_type_size_and_an_audit_entry(personas, activity, media):
    attachment = activity_attachment_add(activity=activity, by=personas.olivia_officer, upload=pdf())

    assert (attachment.name, attachment.content_type, attachment.size) == ("签到表.pdf", "application/pdf", len(PDF))
    assert attachment.uploaded_by == personas.olivia_officer
    assert attachment.file.name.startswith(f"support/activities/{activity.pk}/")
    assert attachment.file.read() == PDF
    entry = LogEntry.objects.get_for_object(activity).get(additional_data__event="support_activity.attachment_add")
    assert entry.changes["file"] == ["", "签到表.pdf"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00"), "只能上传"),
        (SimpleUploadedFile("纪要.txt", "会议纪要".encode()), "只能上传"),
        (SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 not a pdf"), "文件内容与扩展名不符"),
        (pdf(body=b"%PDF" + b"\0" * (20 * 1024 * 1024)), "文件不能超过 20 MB"),
    ],
    ids=["exe", "txt", "renamed", "too-big"],
)
def test_it_refuses_a_bad_file_on_the_file_field_and_writes_nothing(personas, activity, media, upload, message):
    with pytest.raises(ValidationError) as info:
        activity_attachment_add(activity=activity, by=personas.olivia_officer, upload=upload)

    assert message in info.value.message_dict["file"][0]
    assert not ActivityAttachment.objects.exists()
    assert files_in(media) == []
    assert not LogEntry.objects.filter(additional_data__event="support_activity.attachment_add").exists()


@pytest.mark.parametrize("who", ["gina_grantee", "frank_funder", "oscar_other", "grace_gov"])
def test_only_the_officers_managing_the_activity_add_files(personas, activity, media, who):
    with pytest.raises(PermissionDenied):
        activity_attachment_add(activity=activity, by=getattr(personas, who), upload=pdf())
    assert files_in(media) == []


def test_an_officer_deletes_a_file_and_it_leaves_the_disk(
    personas, attachment, media, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        activity_attachment_delete(attachment=attachment, by=personas.gina_grantee)
    assert len(files_in(media)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        activity_attachment_delete(attachment=attachment, by=personas.olivia_officer)

    assert not ActivityAttachment.objects.exists()
    assert files_in(media) == []
    entry = LogEntry.objects.get(additional_data__event="support_activity.attachment_delete")
    assert entry.changes["file"] == ["签到表.pdf", ""]


# --- pages ----------------------------------------------------------------------------------


def test_an_officer_uploads_from_the_detail_page_and_sees_the_file(personas, client_for, activity, media):
    client = client_for(personas.olivia_officer)
    page = client.get(f"/support/activities/{activity.pk}/")
    assert 'enctype="multipart/form-data"' in page.content.decode()

    response = csrf_post(client, _upload_url(activity), {"file": pdf()}, follow=True)

    attachment = ActivityAttachment.objects.get()
    assert response.redirect_chain == [(f"/support/activities/{activity.pk}/", 302)]
    body = response.content.decode()
    assert "已上传附件“签到表.pdf”" in body
    assert f'href="/support/attachments/{attachment.pk}/"' in body


def test_the_upload_form_is_only_for_the_officers(personas, client_for, attachment):
    gina = client_for(personas.gina_grantee).get(f"/support/activities/{attachment.activity_id}/")

    body = gina.content.decode()
    assert "签到表.pdf" in body
    assert 'enctype="multipart/form-data"' not in body
    assert f"/support/attachments/{attachment.pk}/delete/" not in body


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("脚本.js", b"alert(1)"),
            "只能上传 PDF、Word(.docx)、Excel(.xlsx)、JPG、PNG、PPT(.pptx) 文件。",
        ),
        (pdf(body=b"%PDF" + b"\0" * (20 * 1024 * 1024)), "文件不能超过 20 MB。"),
    ],
    ids=["type", "size"],
)
def test_a_refused_file_is_shown_under_the_upload_field(personas, client_for, activity, media, upload, message):
    response = csrf_post(client_for(personas.olivia_officer), _upload_url(activity), {"file": upload})

    assert response.status_code == 200
    assert response.context["attachment_form"].errors["file"] == [message]
    assert 'id="id_file_error"' in response.content.decode()
    assert message in response.content.decode()
    assert not ActivityAttachment.objects.exists()
    assert files_in(media) == []


def test_an_empty_upload_asks_for_a_file(personas, client_for, activity, media):
    response = csrf_post(client_for(personas.olivia_officer), _upload_url(activity), {})

    assert response.status_code == 200
    assert response.context["attachment_form"].errors["file"] == ["请选择要上传的文件。"]
    assert not ActivityAttachment.objects.exists()


def test_the_download_is_private_and_typed(personas, client_for, attachment):
    for who in ("olivia_officer", "gina_grantee", "sam_staff", "frank_funder"):
        response = client_for(getattr(personas, who)).get(f"/support/attachments/{attachment.pk}/")
        assert response.status_code == 200, who
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["oscar_other", "grace_gov", "rita_reviewer", "vera_volunteer"])
def test_another_organisation_cannot_find_the_file(personas, client_for, attachment, who):
    client = client_for(getattr(personas, who))
    assert client.get(f"/support/attachments/{attachment.pk}/").status_code == 404
    assert csrf_post(client, f"/support/attachments/{attachment.pk}/delete/").status_code == 404
    assert csrf_post(client, _upload_url(attachment.activity), {"file": pdf("另一份.pdf")}).status_code == 404
    assert ActivityAttachment.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in(client_for, attachment):
    response = client_for(None).get(f"/support/attachments/{attachment.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_people_served_may_not_add_or_delete(personas, client_for, attachment):
    client = client_for(personas.gina_grantee)
    assert csrf_post(client, _upload_url(attachment.activity), {"file": pdf("另一份.pdf")}).status_code == 403
    assert csrf_post(client, f"/support/attachments/{attachment.pk}/delete/").status_code == 403
    assert ActivityAttachment.objects.count() == 1


def test_wrong_methods_are_refused(personas, client_for, attachment):
    client = client_for(personas.olivia_officer)
    assert client.get(_upload_url(attachment.activity)).status_code == 405
    assert csrf_post(client, f"/support/attachments/{attachment.pk}/").status_code == 405
    assert client.get(f"/support/attachments/{attachment.pk}/delete/").status_code == 405
    assert ActivityAttachment.objects.count() == 1


def test_an_officer_deletes_a_file_once(personas, client_for, attachment):
    client = client_for(personas.olivia_officer)
    url = f"/support/attachments/{attachment.pk}/delete/"

    response = csrf_post(client, url, follow=True)

    assert response.redirect_chain == [(f"/support/activities/{attachment.activity_id}/", 302)]
    assert "附件已删除。" in response.content.decode()
    assert not ActivityAttachment.objects.exists()
    assert csrf_post(client, url).status_code == 404
