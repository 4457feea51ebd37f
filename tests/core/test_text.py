from __future__ import annotations

import pytest

from wushe.core.text import is_latin_query, normalise_query, pinyin_full, pinyin_initials, search_keys


def test_initials_of_a_chinese_name():
    assert pinyin_initials("北京协作者") == "bjxzz"


def test_full_pinyin_without_tones_or_spaces():
    assert pinyin_full("北京协作者") == "beijingxiezuozhe"


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("三正社工", "szsg"),
        ("A2Z 社区", "a2zsq"),
        ("万科公益基金会", "wkgyjjh"),
        ("(东城)绿邻·社工", "dcllsg"),
        ("", ""),
    ],
)
def test_initials_keep_latin_runs_and_drop_punctuation(text, initials):
    assert pinyin_initials(text) == initials


def test_pinyin_picks_the_usual_reading_of_a_polyphonic_character():
    assert pinyin_full("重庆") == "chongqing"
    assert pinyin_full("银行") == "yinhang"


def test_search_keys_keep_names_apart():
    full, initials = search_keys("北京市协作者社会工作发展中心", "北京协作者", "")
    assert full == "beijingshixiezuozheshehuigongzuofazhanzhongxin beijingxiezuozhe"
    assert initials == "bjsxzzshgzfzzx bjxzz"


def test_queries_are_trimmed_and_bounded():
    assert normalise_query("  协作者 ") == "协作者"
    assert normalise_query("长" * 150) == "长" * 100
    assert normalise_query(None) == ""


@pytest.mark.parametrize(("query", "latin"), [("bjxzz", True), ("bj 协作", False), ("", False)])
def test_latin_queries_are_recognised(query, latin):
    assert is_latin_query(query) is latin
