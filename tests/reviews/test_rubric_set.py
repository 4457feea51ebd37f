from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.reviews.conftest import CRITERIA
from wushe.reviews.models import Criterion, Rubric
from wushe.reviews.services import rubric_set


def test_it_sets_the_criteria_in_order(rubric):
    got = [(c.name, str(c.weight), c.scale_max) for c in rubric.criteria.order_by("order")]
    assert got == [("需求分析", "2.00", 5), ("可行性", "1.00", 10)]


def test_it_replaces_the_criteria_before_anyone_scores(personas, call, rubric):
    rubric_set(
        call=call,
        by=personas.olivia_officer,
        title="新标准",
        criteria=[{"name": "创新性", "weight": 1, "scale_max": 3}],
    )
    assert Rubric.objects.get(call=call).title == "新标准"
    assert list(Criterion.objects.filter(rubric__call=call).values_list("name", flat=True)) == ["创新性"]


def test_it_refuses_a_change_once_a_review_is_scored(personas, call, rubric, proposal, assign, score):
    score(assign(proposal, personas.rita_reviewer), 4, 8)
    with pytest.raises(ValidationError, match="不能再修改"):
        rubric_set(call=call, by=personas.olivia_officer, title="改", criteria=CRITERIA[:1])
    assert rubric.criteria.count() == 2


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"name": "", "weight": 1, "scale_max": 5}, "name", "请填写评分项名称"),
        ({"name": "A", "weight": 0, "scale_max": 5}, "weight", "大于 0"),
        ({"name": "A", "weight": "x", "scale_max": 5}, "weight", "大于 0"),
        ({"name": "A", "weight": 1, "scale_max": 0}, "scale_max", "1 到 100"),
        ({"name": "A", "weight": 1, "scale_max": 101}, "scale_max", "1 到 100"),
    ],
)
def test_it_refuses_a_bad_criterion_field_by_field(personas, call, row, field, message):
    with pytest.raises(ValidationError) as exc:
        rubric_set(call=call, by=personas.olivia_officer, title="标准", criteria=[row])
    assert message in exc.value.message_dict[f"criteria.0.{field}"][0]
    assert not Rubric.objects.filter(call=call).exists()


def test_it_refuses_duplicate_names_and_an_empty_rubric(personas, call):
    with pytest.raises(ValidationError) as exc:
        rubric_set(call=call, by=personas.olivia_officer, title="标准", criteria=[CRITERIA[0], CRITERIA[0]])
    assert "重复" in exc.value.message_dict["criteria.1.name"][0]
    with pytest.raises(ValidationError) as exc:
        rubric_set(call=call, by=personas.olivia_officer, title="标准", criteria=[])
    assert "criteria" in exc.value.message_dict


@pytest.mark.parametrize("who", ["gina_grantee", "rita_reviewer", "frank_funder"])
def test_it_refuses_anyone_but_the_programme_officer(personas, call, who):
    with pytest.raises(PermissionDenied):
        rubric_set(call=call, by=getattr(personas, who), title="标准", criteria=CRITERIA)
    assert not Rubric.objects.filter(call=call).exists()
