"""The filter layer (core/filtering.py): what a declaration turns into, and the explicit subtree."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from phongthu.core import filtering
from phongthu.core.crud import registry
from phongthu.people.models import Person

pytestmark = pytest.mark.django_db


def _person(unit, name):
    return Person.objects.create(full_name=name, date_of_birth=datetime.date(2006, 1, 1), residence_unit=unit)


def test_filter_means_the_field_and_within_means_the_subtree(two_regions, commune_a, commune_a2, commune_b):
    a, a2, b = _person(commune_a, "Người A"), _person(commune_a2, "Người A2"), _person(commune_b, "Người B")
    # No hidden meaning any more: the region itself has no residents.
    assert not Person.objects.filter(residence_unit=two_regions[0]).exists()
    found = set(filtering.within(Person.objects.all(), two_regions[0].pk))
    assert {a, a2} <= found and b not in found
    assert set(filtering.within(Person.objects.all(), commune_a.pk)) >= {a} and a2 not in set(
        filtering.within(Person.objects.all(), commune_a.pk)
    )


def _filterset(key, **params):
    config = registry[key]
    data = QueryDict(mutable=True)
    data.update(params)
    return filtering.filterset_for(config)(data=data, queryset=config.model._default_manager.all())


def test_declared_fields_become_strict_filters():
    fs = _filterset("campaigns.healthexam", fit="zzz", health_class="abc", within="-3", year="1")
    assert not fs.is_valid()
    assert set(fs.errors) >= {"fit", "health_class", "within"}
    assert "Có" in fs.errors["fit"][0]
    assert _filterset("campaigns.healthexam", fit="true", health_class="2").is_valid()
    assert not _filterset("forces.reservist", grade="zzz").is_valid()
    assert not _filterset("activities.award", year="2026-01").is_valid()


def test_every_config_gets_within_search_and_its_year():
    for config in registry.values():
        filters = filtering.filterset_for(config).base_filters
        assert {"within", "q", *config.filter_fields} <= set(filters), config.__name__
        if config.year_lookup:
            assert "year" in filters, config.__name__


def test_sorting_accepts_fields_and_mapped_columns_only():
    config = registry["campaigns.callupdecision"]
    columns = filtering.sortable_columns(config)
    assert columns["symbol"] == ["year", "seq"] and "date" in columns
    assert filtering.order(config, config.model._default_manager.all(), "-symbol").query.order_by == (
        "-year",
        "-seq",
        "pk",
    )
    qs = config.model._default_manager.all()
    assert filtering.order(config, qs, "-no_such_column").query.order_by == tuple(config.default_ordering)
    person = registry["people.person"]
    ordered = filtering.order(person, Person.objects.all(), "-registration_status")
    assert ordered.query.order_by == ("-registration__status", "pk")
