"""The grant rows of the access matrix (see ``tests/access/matrix.py``).

From the product's rules: officers of the support organisation running the programme and
platform admins see and manage every grant; the grantee organisation's people see their grants
and its admins and staff record spending; funders of the programme see its grants, read-only;
reviewers, government viewers, other organisations and people with no organisation see none.
The grantee organisation's admin (not its staff) and the officers revise the budget to the grant
amount; the revisions are seen with the grant.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.access.matrix import ADMIN, NOBODY, only
from tests.grants.builders import make_grant
from wushe.grants.budget_services import grant_budget_revise
from wushe.grants.models import AgreementSequence
from wushe.grants.services import grant_disburse, grant_record_expenditure

MANAGERS = only("alice_admin", "olivia_officer")
SEE_GRANT = MANAGERS | only("frank_funder", "gina_grantee", "sam_staff")
SPENDERS = MANAGERS | only("gina_grantee", "sam_staff")
REVISERS = MANAGERS | only("gina_grantee")

EXPECTED = {
    "grant: the grantee's grant": (
        "grants.Grant",
        {
            "visible": SEE_GRANT,
            "view": SEE_GRANT,
            "disburse": MANAGERS,
            "transition": MANAGERS,
            "record_expenditure": SPENDERS,
            "revise_budget": REVISERS,
        },
    ),
    "grant: a tranche": ("grants.Tranche", {"visible": SEE_GRANT, "view": SEE_GRANT}),
    "grant: a disbursement": ("grants.Disbursement", {"visible": SEE_GRANT, "view": SEE_GRANT}),
    "grant: a budget line": ("grants.GrantBudgetLine", {"visible": SEE_GRANT, "view": SEE_GRANT}),
    "grant: an expenditure": ("grants.Expenditure", {"visible": SEE_GRANT, "view": SEE_GRANT}),
    "grant: a budget revision": ("grants.BudgetRevision", {"visible": SEE_GRANT, "view": SEE_GRANT}),
    "grant: an agreement number sequence": ("grants.AgreementSequence", {"visible": ADMIN, "view": ADMIN}),
}

CREATE = {
    "grants.Grant": MANAGERS,  # from an approved proposal
    "grants.Tranche": NOBODY,  # only with the grant
    "grants.GrantBudgetLine": NOBODY,  # copied from the proposal with the grant
    "grants.Disbursement": MANAGERS,
    "grants.Expenditure": SPENDERS,
    "grants.BudgetRevision": REVISERS,  # through grant_budget_revise
    "grants.AgreementSequence": NOBODY,
}

CREATE_PARENT = {
    "grants.Grant": "grant: the approved proposal",
    "grants.Disbursement": "grant: the grantee's grant",
    "grants.Expenditure": "grant: the grantee's grant",
    "grants.BudgetRevision": "grant: the grantee's grant",
}


def targets(personas: Any) -> dict[str, Any]:
    grant = make_grant(personas)
    tranche = grant.tranches.get(number=1)
    payment = grant_disburse(
        grant=grant,
        tranche=tranche,
        amount="50000",
        paid_on=timezone.localdate(),
        reference="HD-0001",
        by=personas.olivia_officer,
    )
    line = grant.budget_lines.first()
    spending = grant_record_expenditure(
        grant=grant,
        budget_line=line,
        amount="1200",
        spent_on=timezone.localdate(),
        description="分类桶",
        by=personas.sam_staff,
    )
    revision = grant_budget_revise(
        grant=grant,
        by=personas.gina_grantee,
        lines=[
            {"id": line.pk, "amount": str(line.amount - 1000) if i == 0 else str(line.amount + 1000)}
            for i, line in enumerate(grant.budget_lines.all())
        ],
        reason="按实际采购价格调整",
    )
    return {
        "grant: the grantee's grant": grant,
        "grant: a budget revision": revision,
        "grant: the approved proposal": grant.proposal,
        "grant: a tranche": tranche,
        "grant: a disbursement": payment,
        "grant: a budget line": line,
        "grant: an expenditure": spending,
        "grant: an agreement number sequence": AgreementSequence.objects.get(),
    }
