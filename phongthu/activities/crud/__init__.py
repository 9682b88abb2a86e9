"""Screens, API, import and export of every activities model (discovered by core)."""

from phongthu.activities.crud import awards, education, exercises, external, rear_policy, reporting

__all__ = ["awards", "education", "exercises", "external", "rear_policy", "reporting"]
