"""Vietnamese text helpers: diacritic-free search keys and ICU collation sort keys."""

from __future__ import annotations

import functools
import unicodedata

import icu


@functools.cache
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


@functools.lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    word = word.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


def search_key(text: str | None) -> str:
    """Lower-case, diacritic-free, single-spaced: "Nguyễn Văn Đức" -> "nguyen van duc".

    Word by word, remembered: names, units and headers repeat their words (a million-row import
    has a few thousand distinct words), and no step crosses a space."""
    if not text:
        return ""
    return " ".join(key for word in text.split() if (key := _word_key(word)))


def sort_key(text: str | None) -> bytes:
    """ICU Vietnamese collation key; stored in a binary column so both databases sort alike."""
    return bytes(_collator().getSortKey(unicodedata.normalize("NFC", text or "")))


def vi_sorted(items: list[str]) -> list[str]:
    return sorted(items, key=sort_key)
