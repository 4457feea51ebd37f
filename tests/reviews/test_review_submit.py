from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wushe.access.door import visible_to
from wushe.reviews.models import AssignmentStatus, Score
from wushe.reviews.services import conflict_declare, review_submit


@pytest.fixture
def scoring(personas, proposal, assign):
    assignment = assign(proposal, personas.rita_reviewer)
    return conflict_declare(assignment=assignment, by=personas.rita_reviewer, has_conflict=False)


def test_it_records_a_score_for_every_criterion(personas, scoring, criteria):
    assignment = review_submit(
        assignment=scoring, by=personas.rita_reviewer, scores={criteria[0].pk: 5, criteria[1].pk: "7"}, comment="扎实"
    )
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert assignment.submitted_at is not None
    assert dict(Score.objects.values_list("criterion__name", "value")) == {"需求分析": 5, "可行性": 7}


@pytest.mark.parametrize(("value", "expected"), [(6, "0 到 5"), (-1, "0 到 5"), ("五", "0 到 5"), (2.5, "0 到 5")])
def test_it_refuses_a_score_outside_the_scale_field_by_field(personas, scoring, criteria, value, expected):
    with pytest.raises(ValidationError) as exc:
        review_submit(assignment=scoring, by=personas.rita_reviewer, scores={criteria[0].pk: value, criteria[1].pk: 10})
    assert exc.value.message_dict == {f"scores.{criteria[0].pk}": ["“需求分析”的得分须为 0 到 5 之间的整数。"]}
    assert expected in exc.value.message_dict[f"scores.{criteria[0].pk}"][0]
    scoring.refresh_from_db()
    assert scoring.status == AssignmentStatus.SCORING
    assert not Score.objects.exists()


def test_the_ends_of_the_scale_are_allowed(personas, scoring, criteria):
    review_submit(assignment=scoring, by=personas.rita_reviewer, scores={criteria[0].pk: 0, criteria[1].pk: 10})
    assert sorted(Score.objects.values_list("value", flat=True)) == [0, 10]


def test_it_refuses_a_missing_criterion(personas, scoring, criteria):
    with pytest.raises(ValidationError) as exc:
        review_submit(assignment=scoring, by=personas.rita_reviewer, scores={criteria[0].pk: 3})
    assert exc.value.message_dict == {f"scores.{criteria[1].pk}": ["请为“可行性”打分。"]}
    assert not Score.objects.exists()


def test_it_refuses_scoring_before_declaring(personas, proposal, assign, criteria):
    assignment = assign(proposal, personas.rita_reviewer)
    with pytest.raises(ValidationError, match="先声明"):
        review_submit(assignment=assignment, by=personas.rita_reviewer, scores={c.pk: 1 for c in criteria})
    assert not Score.objects.exists()


def test_a_submitted_review_cannot_be_changed(personas, scoring, criteria):
    review_submit(assignment=scoring, by=personas.rita_reviewer, scores={c.pk: 3 for c in criteria})
    with pytest.raises(ValidationError, match="不能修改"):
        review_submit(assignment=scoring, by=personas.rita_reviewer, scores={c.pk: 5 for c in criteria})
    assert sorted(Score.objects.values_list("value", flat=True)) == [3, 3]


def test_only_the_reviewer_submits(personas, scoring, criteria):
    with pytest.raises(PermissionDenied):
        review_submit(assignment=scoring, by=personas.olivia_officer, scores={c.pk: 3 for c in criteria})


def test_a_reviewer_sees_others_scores_only_after_submitting_their_own(
    personas, proposal, assign, score, scoring, criteria, make_reviewer
):
    ruth = make_reviewer("Ruth 评审")
    score(assign(proposal, ruth), 4, 6)
    rita = personas.rita_reviewer

    assert not visible_to(rita, Score).exists()  # Ruth's scores stay hidden while Rita scores

    review_submit(assignment=scoring, by=rita, scores={c.pk: 2 for c in criteria})
    rita = type(rita).objects.get(pk=rita.pk)
    seen = sorted(visible_to(rita, Score).values_list("assignment__reviewer_id", "value"))
    assert seen == sorted([(rita.pk, 2), (rita.pk, 2), (ruth.pk, 4), (ruth.pk, 6)])


def test_a_recused_reviewer_never_sees_the_scores(personas, proposal, assign, score, make_reviewer):
    score(assign(proposal, make_reviewer()), 5, 10)
    assignment = assign(proposal, personas.rita_reviewer)
    conflict_declare(assignment=assignment, by=personas.rita_reviewer, has_conflict=True, statement="合作方")
    assert not visible_to(personas.rita_reviewer, Score).exists()


def test_the_applicant_and_funder_never_see_scores(personas, proposal, assign, score):
    score(assign(proposal, personas.rita_reviewer), 5, 10)
    for who in ("gina_grantee", "sam_staff", "frank_funder", "grace_gov"):
        assert not visible_to(getattr(personas, who), Score).exists(), who
