"""Word-level diff of Chinese text (jieba tokens)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wushe.core.diff import apply_side, changed, diff_tokens

CHINESE = st.text(
    alphabet=st.sampled_from(
        list("社区垃圾分类减量环境教育志愿者桶前值守零废弃院落居民参与项目目标活动,。、;:\n 0123456789ABC")
    ),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(a=CHINESE, b=CHINESE)
def test_applying_the_diff_of_a_to_b_to_a_yields_b(a, b):
    ops = diff_tokens(a, b)
    assert apply_side(ops, "b") == b
    assert apply_side(ops, "a") == a


def test_it_marks_whole_words_not_characters():
    ops = diff_tokens("我们在社区开展活动", "我们在院落开展活动")
    assert ("delete", "社区") in ops
    assert ("insert", "院落") in ops
    assert changed(ops)


def test_identical_text_has_no_change():
    assert not changed(diff_tokens("零废弃院落", "零废弃院落"))
