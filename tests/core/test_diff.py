"""The word diff on long texts: sentences first, words only where sentences changed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wushe.core.diff import apply_side, changed, diff_tokens, sentences, tokens

SENTENCE = st.text(
    alphabet=st.sampled_from(list("社区垃圾分类减量环境教育志愿者桶前值守居民参与项目目标,、")), max_size=30
).map(lambda s: s + "。")
PARAGRAPH = st.lists(st.one_of(SENTENCE, st.just("\n")), max_size=25).map("".join)

LONG = "".join(f"第{i}句:居民参与社区垃圾分类,志愿者桶前值守,每月记录四类垃圾的数据。" for i in range(150))


@settings(max_examples=200, deadline=None)
@given(a=PARAGRAPH, b=PARAGRAPH)
def test_sentence_by_sentence_the_diff_still_rebuilds_both_sides(a, b):
    ops = diff_tokens(a, b)
    assert apply_side(ops, "a") == a
    assert apply_side(ops, "b") == b


def test_it_splits_after_sentence_ends_and_line_breaks():
    assert sentences("一。二!三?\n四;五") == ("一。", "二!", "三?", "\n", "四;", "五")


def test_it_tokenises_only_the_sentences_that_changed():
    revised = LONG.replace("第75句:居民参与", "第75句:全体居民积极参与")
    tokens.cache_clear()
    ops = diff_tokens(LONG, revised)
    assert tokens.cache_info().currsize == 2  # the changed sentence, before and after
    assert ("insert", "全体") in ops
    assert apply_side(ops, "b") == revised


def test_equal_texts_are_one_unchanged_run_without_tokenising():
    tokens.cache_clear()
    assert diff_tokens(LONG, LONG) == [("equal", LONG)]
    assert tokens.cache_info().currsize == 0
    assert not changed(diff_tokens(LONG, LONG))
