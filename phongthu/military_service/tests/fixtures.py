"""Fixtures shared by the registry, people, import and job tests."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from phongthu.people.models import Person

_serial = itertools.count(1)


def cccd_for(date_of_birth: datetime.date, sex: str = "male", province: str = "031") -> str:
    """A CCCD number consistent with the birth year and sex (domain.md §9.2)."""
    century = (date_of_birth.year - 1900) // 100
    digit = century * 2 + (0 if sex == "male" else 1)
    return f"{province}{digit}{date_of_birth.year % 100:02d}{next(_serial) % 1_000_000:06d}"


@pytest.fixture(autouse=True)
def registry_urls_and_sync_jobs(settings: Any) -> None:
    settings.ROOT_URLCONF = "phongthu.military_service.tests.urls"
    settings.PHONGTHU_JOBS_SYNC = True


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def make_person(db: Any) -> Callable[..., Person]:
    def make(unit: Any, *, name: str = "", dob: datetime.date | None = None, sex: str = "male", **extra: Any) -> Person:
        n = next(_serial)
        dob = dob or datetime.date(2007, 1 + n % 12, 1 + n % 28)
        person = Person(
            full_name=name or f"Nguyễn Văn Thử {n}",
            date_of_birth=dob,
            sex=sex,
            id_number=extra.pop("id_number", cccd_for(dob, sex)),
            residence_unit=unit,
            education_grade=extra.pop("education_grade", 12),
            **extra,
        )
        person.full_clean()
        person.save()
        return person

    return make
