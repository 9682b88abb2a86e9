"""Vietnamese text helpers: diacritic-free search keys and ICU collation sort keys."""

from __future__ import annotations

import functools
import unicodedata

import icu


@functools.cache
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def search_key(text: str | None) -> str:
    """Lower-case, diacritic-free, single-spaced: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def sort_key(text: str | None) -> bytes:
    """ICU Vietnamese collation key; stored in a binary column so both databases sort alike."""
    return bytes(_collator().getSortKey(unicodedata.normalize("NFC", text or "")))


def vi_sorted(items: list[str]) -> list[str]:
    return sorted(items, key=sort_key)
