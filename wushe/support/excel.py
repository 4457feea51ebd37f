"""The support ledgers as Excel workbooks, written in openpyxl's write-only mode so a
programme's whole activity list streams out row by row, with Chinese headers."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from wushe.core.text import local_minute
from wushe.support.models import SupportActivity
from wushe.support.selectors import hours, kind_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


def _header(sheet: WriteOnlyWorksheet, *titles: Any) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _rows(sheet: WriteOnlyWorksheet, rows: Iterable[Iterable[Any]]) -> None:
    for row in rows:
        sheet.append([_safe(v) for v in row])


def _save(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def organisation_ledger_xlsx(ledger: dict[str, Any]) -> bytes:
    book = Workbook(write_only=True)
    history = book.create_sheet(_("支持记录"))
    _header(
        history, _("时间"), _("类别"), _("类型"), _("主题"), _("资助计划"), _("时长(小时)"), _("状态"), _("参加人数")
    )
    _rows(
        history,
        (
            [
                local_minute(e.when),
                _("专业支持活动") if e.source == "activity" else _("工作坊/培训"),
                e.kind,
                e.topic,
                e.programme,
                e.hours,
                e.status_display,
                e.attendees if e.source == "event" else "",
            ]
            for e in ledger["entries"]
        ),
    )
    totals = book.create_sheet(_("按类型合计"))
    _header(totals, _("类别"), _("类型"), _("次数"), _("时长(小时)"))
    _rows(totals, ([_("专业支持活动"), r["kind"], r["count"], r["hours"]] for r in ledger["kind_rows"]))
    _rows(totals, ([_("工作坊/培训"), r["kind"], r["count"], r["hours"]] for r in ledger["event_rows"]))
    _rows(totals, [[_("合计"), "", ledger["activity_count"] + ledger["event_count"], ledger["total_hours"]]])
    follow_ups = book.create_sheet(_("未完成跟进事项"))
    _header(follow_ups, _("事项"), _("负责人"), _("截止日期"), _("所属活动"))
    _rows(
        follow_ups,
        ([f.description, f.owner.name, f.due_on, f.activity.topic] for f in ledger["open_follow_ups"]),
    )
    return _save(book)


def programme_ledger_xlsx(ledger: dict[str, Any], activities: Iterable[SupportActivity] | None = None) -> bytes:
    """The ledger's tables; with ``activities`` (officers only) a sheet listing each one."""
    book = Workbook(write_only=True)
    kinds = book.create_sheet(_("按类型统计"))
    _header(kinds, _("支持类型"), _("已开展次数"), _("时长(小时)"))
    _rows(kinds, ([r["kind"], r["count"], r["hours"]] for r in ledger["kind_rows"]))
    _rows(kinds, [[_("合计"), ledger["held_count"], ledger["held_hours"]]])

    months = book.create_sheet(_("按月统计"))
    _header(months, _("月份"), *[k.label for k in ledger["kinds"]], _("合计"))
    _rows(months, ([f"{r['month']:%Y-%m}", *r["counts"], r["total"]] for r in ledger["month_rows"]))

    if ledger["level"] == "full":
        workload = book.create_sheet(_("人员工作量"))
        _header(workload, _("执行人员"), _("活动次数"), _("时长(小时)"))
        _rows(workload, ([r["name"], r["count"], r["hours"]] for r in ledger["workload"]))

        not_visited = book.create_sheet(_("尚未实地走访的机构"))
        _header(not_visited, _("机构名称"))
        _rows(not_visited, ([org.name] for org in ledger["not_visited"]))

    if activities is not None:
        detail = book.create_sheet(_("活动明细"))
        _header(
            detail,
            _("时间"),
            _("支持类型"),
            _("主题"),
            _("状态"),
            _("时长(小时)"),
            _("服务对象组织"),
            _("执行人员"),
            _("地点"),
            _("内容摘要"),
            _("成效"),
        )
        _rows(
            detail,
            (
                [
                    local_minute(a.starts_at),
                    kind_label(a.kind),
                    a.topic,
                    str(a.get_status_display()),
                    hours(a.duration_minutes),
                    "、".join(o.display_name for o in a.organisations.all()),
                    "、".join(p.name for p in a.staff.all()),
                    a.place.full_name if a.place else "",
                    a.summary,
                    a.outcome,
                ]
                for a in activities
            ),
        )
    return _save(book)
