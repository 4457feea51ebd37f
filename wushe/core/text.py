"""Chinese text helpers: pinyin keys for search and sorting."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.utils import timezone
from pypinyin import Style, lazy_pinyin

_NON_WORD = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")


@lru_cache(maxsize=4096)
def pinyin_full(text: str) -> str:
    """Full pinyin without tones or spaces: 北京协作者 -> beijingxiezuozhe."""
    return _NON_WORD.sub("", "".join(lazy_pinyin(text or "")).lower())


@lru_cache(maxsize=4096)
def pinyin_initials(text: str) -> str:
    """Initials: 北京协作者 -> bjxzz; Latin runs are kept whole (A2Z -> a2z)."""
    return _NON_WORD.sub("", "".join(lazy_pinyin(text or "", style=Style.FIRST_LETTER)).lower())


def search_keys(*texts: str) -> tuple[str, str]:
    """Pinyin and initials for several names, separated so a match cannot span two names."""
    parts = [t for t in texts if t]
    return " ".join(pinyin_full(t) for t in parts), " ".join(pinyin_initials(t) for t in parts)


def normalise_query(query: str) -> str:
    return (query or "").strip()[:100]


def is_latin_query(query: str) -> bool:
    return bool(query) and all(c.isascii() for c in query)


def local_minute(moment: Any) -> str:
    """A moment as people read it in messages and exports: local (Asia/Shanghai) date and time
    to the minute, e.g. ``2021-01-09 09:00``."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
