"""Writes for the files of a support activity: sign-in sheets, slides, photos, minutes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wushe.access.door import require, require_create
from wushe.core.audit import acting_as, audit_event
from wushe.core.uploads import MATERIALS, check_upload
from wushe.support.models import ActivityAttachment, SupportActivity


def activity_attachment_add(*, activity: SupportActivity, by: Any, upload: Any) -> ActivityAttachment:
    """A file of the activity (sign-in sheet, slides, photos, minutes), checked by extension,
    size and its first bytes."""
    require_create(by, ActivityAttachment, activity)
    kind = check_upload(upload, allowed=MATERIALS, max_megabytes=20)
    name = str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:120]
    with transaction.atomic(), acting_as(by):
        attachment = ActivityAttachment.objects.create(
            activity=activity,
            file=upload,
            name=name,
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        audit_event(obj=activity, actor=by, event="support_activity.attachment_add", changes={"file": ["", name]})
        return attachment


def activity_attachment_delete(*, attachment: ActivityAttachment, by: Any) -> None:
    """The record and its file go; the audit entry on the activity remembers the name."""
    require(by, "delete", attachment)
    with transaction.atomic(), acting_as(by):
        audit_event(
            obj=attachment.activity,
            actor=by,
            event="support_activity.attachment_delete",
            changes={"file": [attachment.name, ""]},
        )
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))
