"""Shared fixtures: the real Hải Phòng units loaded once per test database, users per role."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from phongthu.accounts.models import AccessMode, Role, RoleAssignment, User
from phongthu.core.context import change_context
from phongthu.units.models import Unit

TODAY = datetime.date(2026, 11, 22)
_TEST_DATABASE_READY = pytest.StashKey[bool]()


def load_hai_phong() -> None:
    from phongthu.units.demo import ensure_defense_regions
    from phongthu.units.loader import load_admin_units

    with change_context(job_id="test-setup"):
        load_admin_units(province_code="31")
        ensure_defense_regions(Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True))


@pytest.fixture(scope="session")
def django_db_setup(request: Any, django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_hai_phong()
    request.config.stash[_TEST_DATABASE_READY] = True


def _flushes_its_database(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Every test but a browser journey expects the Hải Phòng units loaded once per test
    database, with the audit tables' append-only guard. A journey (e2e/, a transactional test)
    flushes its worker's database, and with `--dist loadfile` the worker may still have files to
    run. Check the state itself (one query) rather than trust a flag, and put both back before
    any fixture of the test is set up: from a fixture, a test's or module's open transaction
    could roll the reload back."""
    if not item.config.stash.get(_TEST_DATABASE_READY, False) or _flushes_its_database(item):
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    from phongthu.core.audit_guard import install_append_only_guard

    with item.config.stash[blocking_manager_key].unblock():
        reseed_base_salaries()  # a data migration's rows: a journey's flush empties them too
        if Unit.objects.filter(level="PROVINCE", code="31", valid_to__isnull=True).exists():
            return
        install_append_only_guard(connection)
        load_hai_phong()


def reseed_base_salaries() -> None:
    """Put back the base salary table (activities 0002, a data migration) after a flush."""
    import importlib

    from django.apps import apps

    from phongthu.activities.models import BaseSalary

    if BaseSalary.objects.exists():
        return
    importlib.import_module("phongthu.activities.migrations.0002_base_salary_table").add_rates(apps, None)


@pytest.fixture
def hai_phong(db: Any) -> Unit:
    return Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)


@pytest.fixture
def regions(hai_phong: Unit) -> list[Unit]:
    return list(Unit.objects.filter(kind="DEFENSE_REGION").order_by("code"))


def communes_of(region: Unit) -> list[Unit]:
    from phongthu.units.selectors import children

    return list(children(region, hierarchy="MILITARY"))


@pytest.fixture
def two_regions(regions: list[Unit]) -> tuple[Unit, Unit]:
    return regions[0], regions[1]


@pytest.fixture
def commune_a(two_regions: tuple[Unit, Unit]) -> Unit:
    return communes_of(two_regions[0])[0]


@pytest.fixture
def commune_a2(two_regions: tuple[Unit, Unit]) -> Unit:
    return communes_of(two_regions[0])[1]


@pytest.fixture
def commune_b(two_regions: tuple[Unit, Unit]) -> Unit:
    return communes_of(two_regions[1])[0]


@pytest.fixture
def client_for() -> Callable[[User], Any]:
    """A test client logged in as the user."""
    from django.test import Client

    def make(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = {"n": 0}

    def make(role: str, unit: Unit | None, *, mode: str = AccessMode.ENTER, descendants: bool = True) -> User:
        counter["n"] += 1
        user = User.objects.create_user(username=f"u{counter['n']}-{role.lower()}", password="Mat-khau-2025")
        if role == Role.ADMIN:
            user.is_system_admin = True
            user.save()
        if unit is not None:
            RoleAssignment.objects.create(user=user, role=role, unit=unit, mode=mode, include_descendants=descendants)
        return user

    return make


@pytest.fixture
def user_a(make_user: Callable[..., User], commune_a: Unit) -> User:
    return make_user(Role.COMMUNE_STAFF, commune_a)


@pytest.fixture
def user_b(make_user: Callable[..., User], commune_b: Unit) -> User:
    return make_user(Role.COMMUNE_STAFF, commune_b)


@pytest.fixture
def region_user(make_user: Callable[..., User], two_regions: tuple[Unit, Unit]) -> User:
    return make_user(Role.REGION_STAFF, two_regions[0])


@pytest.fixture
def province_user(make_user: Callable[..., User], hai_phong: Unit) -> User:
    return make_user(Role.PROVINCE_STAFF, hai_phong)


@pytest.fixture
def admin_user(make_user: Callable[..., User], hai_phong: Unit) -> User:
    return make_user(Role.ADMIN, hai_phong)


@pytest.fixture
def auditor(make_user: Callable[..., User], hai_phong: Unit) -> User:
    return make_user(Role.AUDITOR, hai_phong)
