from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """Passwords mix letters and digits (policy for shared office computers)."""

    def validate(self, password: str, user: Any = None) -> None:
        if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
            raise ValidationError("Mật khẩu phải có cả chữ cái và chữ số.", code="password_character_classes")

    def get_help_text(self) -> str:
        return "Mật khẩu phải có cả chữ cái và chữ số."
