"""`{{ text|citation }}`: a legal citation in the reader's language (core.legal)."""

from __future__ import annotations

from django import template

from phongthu.core.legal import citation_text

register = template.Library()


@register.filter
def citation(text: str) -> str:
    return citation_text(str(text or ""))
