"""Review access beyond the matrix's personas (``tests/reviews/access_matrix.py`` has the cells)."""

from __future__ import annotations

from tests.factories import MembershipFactory, OrganisationFactory, PlatformRoleFactory, UserFactory
from tests.lifecycle import make_call, make_programme, make_proposal_under_review
from wushe.access.door import visible_to
from wushe.access.models import PlatformRoleKind
from wushe.orgs.models import OrganisationKind
from wushe.reviews.models import Decision, ReviewAssignment, Score
from wushe.reviews.policies import can_see_summary
from wushe.reviews.services import decision_make


def _officer_elsewhere():
    elsewhere = OrganisationFactory(kind=OrganisationKind.SUPPORT)
    officer = UserFactory()
    MembershipFactory(user=officer, organisation=elsewhere)
    PlatformRoleFactory(user=officer, role=PlatformRoleKind.PROGRAMME_OFFICER, organisation=elsewhere)
    return officer


def _funder_elsewhere():
    elsewhere = OrganisationFactory(kind=OrganisationKind.FUNDER)
    funder = UserFactory()
    MembershipFactory(user=funder, organisation=elsewhere)
    PlatformRoleFactory(user=funder, role=PlatformRoleKind.FUNDER_OFFICER, organisation=elsewhere)
    return funder


def test_officers_and_funders_of_other_programmes_see_nothing(personas, proposal, assign, score):
    score(assign(proposal, personas.rita_reviewer), 4, 7)
    decision_make(proposal=proposal, by=personas.olivia_officer, outcome="reject", reasons="不符合主题")
    for outsider in (_officer_elsewhere(), _funder_elsewhere()):
        for model in (ReviewAssignment, Score, Decision):
            assert not visible_to(outsider, model).exists(), model.__name__
        assert not can_see_summary(outsider, proposal)


def test_who_sees_the_aggregate(personas, proposal, assign, score, make_reviewer):
    assignment = assign(proposal, personas.rita_reviewer)
    assert not can_see_summary(personas.rita_reviewer, proposal)  # not before submitting
    score(assignment, 4, 7)
    allowed = {"olivia_officer", "alice_admin", "frank_funder", "rita_reviewer"}
    for name, user in personas.all_users().items():
        assert can_see_summary(user, proposal) == (name in allowed), name
    assert not can_see_summary(None, proposal)


def test_a_funder_sees_the_decisions_of_the_programmes_it_funds_only(personas):
    mine = make_proposal_under_review(personas, make_call(make_programme(personas)))
    decision_make(proposal=mine, by=personas.olivia_officer, outcome="waitlist", reasons="候补")
    assert visible_to(personas.frank_funder, Decision).count() == 1
    assert not visible_to(_funder_elsewhere(), Decision).exists()
