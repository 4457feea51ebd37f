"""Checking uploaded files: by extension, size and the file's first bytes (a renamed .exe is
refused), with messages on the ``file`` field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    magic: bytes
    label: str


_ZIP = b"PK\x03\x04"
FILE_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", b"%PDF", "PDF"),
    ".docx": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP, "Word(.docx)"),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP, "Excel(.xlsx)"),
    ".pptx": FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP, "PPT(.pptx)"),
    ".jpg": FileType("image/jpeg", b"\xff\xd8", "JPG"),
    ".jpeg": FileType("image/jpeg", b"\xff\xd8", "JPG"),
    ".png": FileType("image/png", b"\x89PNG", "PNG"),
}
DOCUMENTS = (".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png")
MATERIALS = (*DOCUMENTS, ".pptx")


def extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def content_type_for(name: str) -> str:
    kind = FILE_TYPES.get(extension(name))
    return kind.content_type if kind else "application/octet-stream"


def check_upload(upload: Any, *, allowed: tuple[str, ...], max_megabytes: int) -> FileType:
    """The upload's type, or a ValidationError on ``file`` saying what is allowed."""
    name = str(getattr(upload, "name", "") or "")
    ext = extension(name)
    if ext not in allowed:
        labels = "、".join(dict.fromkeys(FILE_TYPES[e].label for e in allowed))
        raise ValidationError({"file": [_("只能上传 %(types)s 文件。") % {"types": labels}]})
    if upload.size > max_megabytes * 1024 * 1024:
        raise ValidationError({"file": [_("文件不能超过 %(n)s MB。") % {"n": max_megabytes}]})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(FILE_TYPES[ext].magic):
        raise ValidationError({"file": [_("文件内容与扩展名不符。")]})
    return FILE_TYPES[ext]


def private_download(file: Any, *, filename: str, content_type: str) -> FileResponse:
    """An uploaded file sent to someone the access door let through: as an attachment under its
    own name, never kept by a shared cache."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    response["Cache-Control"] = "private, no-store"
    return response
