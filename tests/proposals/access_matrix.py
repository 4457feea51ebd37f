"""The proposal rows of the access matrix (see ``tests/access/matrix.py``).

From the product's rules: an organisation's admins and staff write, submit and withdraw its
proposals and answer coaching; its members see them; officers of the support organisation
running the programme see everything in it (drafts included) and coach, send to review and
decide; funders of the programme see proposals once submitted, never drafts and never the
coaching conversation; reviewers see only what they are assigned; government viewers and
other organisations see none.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.matrix import NOBODY, only
from tests.lifecycle import make_call, make_draft_proposal, make_programme, make_submitted_proposal
from wushe.proposals.services import attachment_add, proposal_transition

OFFICERS = only("alice_admin", "olivia_officer")
APPLICANTS = only("gina_grantee", "sam_staff")
SEE_DRAFT = OFFICERS | APPLICANTS
SEE_SUBMITTED = SEE_DRAFT | only("frank_funder")

EXPECTED = {
    "proposal: a draft": (
        "proposals.Proposal",
        {
            "visible": SEE_DRAFT,
            "view": SEE_DRAFT,
            "edit": APPLICANTS,
            "submit": APPLICANTS,
            "withdraw": APPLICANTS,
            "reply": APPLICANTS,
            "coach": OFFICERS,
            "review_manage": OFFICERS,
            "decide": OFFICERS,
        },
    ),
    "proposal: a submitted proposal": (
        "proposals.Proposal",
        {
            "visible": SEE_SUBMITTED,
            "view": SEE_SUBMITTED,
            "edit": APPLICANTS,
            "submit": APPLICANTS,
            "withdraw": APPLICANTS,
            "reply": APPLICANTS,
            "coach": OFFICERS,
            "review_manage": OFFICERS,
            "decide": OFFICERS,
        },
    ),
    "proposal: a version": ("proposals.ProposalVersion", {"visible": SEE_SUBMITTED, "view": SEE_SUBMITTED}),
    "proposal: a budget line": ("proposals.BudgetLine", {"visible": SEE_SUBMITTED, "view": SEE_SUBMITTED}),
    "proposal: a coaching round": ("proposals.CoachingRound", {"visible": SEE_SUBMITTED, "view": SEE_SUBMITTED}),
    "proposal: a coaching comment": ("proposals.CoachComment", {"visible": SEE_DRAFT, "view": SEE_DRAFT}),
    "proposal: an attachment of a draft": (
        "proposals.ProposalAttachment",
        {"visible": SEE_DRAFT, "view": SEE_DRAFT, "delete": APPLICANTS},
    ),
}

CREATE = {
    "proposals.Proposal": APPLICANTS,
    "proposals.ProposalVersion": NOBODY,  # frozen by submission only
    "proposals.BudgetLine": NOBODY,  # written with the budget table
    "proposals.CoachingRound": NOBODY,  # opened by requesting revision
    "proposals.CoachComment": NOBODY,  # written through coaching
    "proposals.ProposalAttachment": NOBODY,  # uploaded through the proposal's edit right
}

CREATE_PARENT = {"proposals.Proposal": "proposal: the applicant organisation"}


def targets(personas: Any) -> dict[str, Any]:
    call = make_call(make_programme(personas))
    draft = make_draft_proposal(personas, call, title="草稿")
    attachment = attachment_add(
        proposal=draft,
        by=personas.gina_grantee,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    submitted = make_submitted_proposal(personas, call, title="已提交")
    submitted = proposal_transition(
        proposal=submitted, action="request_revision", by=personas.olivia_officer, comments=[("goals", "请量化。")]
    )
    return {
        "proposal: a draft": draft,
        "proposal: a submitted proposal": submitted,
        "proposal: a version": submitted.versions.get(),
        "proposal: a budget line": submitted.budget_lines.first(),
        "proposal: a coaching round": submitted.rounds.get(),
        "proposal: a coaching comment": submitted.comments.get(),
        "proposal: an attachment of a draft": attachment,
        "proposal: the applicant organisation": personas.grantee,
    }
