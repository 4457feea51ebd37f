"""Section-by-section comparison of two proposal versions, budget table included."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from wushe.core.diff import changed, diff_tokens
from wushe.proposals.models import BudgetCategory, ProposalVersion, Section


@dataclass
class SectionDiff:
    key: str
    label: str
    ops: list[tuple[str, str]]
    changed: bool


@dataclass
class BudgetRowDiff:
    category: str
    item: str
    old: Decimal | None
    new: Decimal | None

    @property
    def category_label(self) -> str:
        return str(BudgetCategory(self.category).label) if self.category in BudgetCategory.values else self.category

    @property
    def state(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.old != self.new else "same"


@dataclass
class VersionDiff:
    a: ProposalVersion
    b: ProposalVersion
    sections: list[SectionDiff] = field(default_factory=list)
    budget: list[BudgetRowDiff] = field(default_factory=list)
    title_ops: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed_sections(self) -> int:
        return sum(1 for s in self.sections if s.changed)


def _budget_rows(budget: list[dict[str, Any]]) -> dict[tuple[str, str], Decimal]:
    rows: dict[tuple[str, str], Decimal] = {}
    for line in budget or []:
        key = (str(line.get("category", "")), str(line.get("item", "")))
        rows[key] = rows.get(key, Decimal("0")) + Decimal(str(line.get("amount", "0")))
    return rows


def diff_versions(a: ProposalVersion, b: ProposalVersion) -> VersionDiff:
    result = VersionDiff(a=a, b=b, title_ops=diff_tokens(a.title, b.title))
    for key, label in Section.choices:
        ops = diff_tokens(str(a.sections.get(key, "")), str(b.sections.get(key, "")))
        result.sections.append(SectionDiff(key=key, label=str(label), ops=ops, changed=changed(ops)))
    old, new = _budget_rows(a.budget), _budget_rows(b.budget)
    for key in list(old) + [k for k in new if k not in old]:
        result.budget.append(BudgetRowDiff(category=key[0], item=key[1], old=old.get(key), new=new.get(key)))
    return result
