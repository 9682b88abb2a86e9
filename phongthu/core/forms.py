"""Forms built from a CrudConfig, with every choice of a record or unit limited to scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F
from django.utils import timezone

from phongthu.core import pickers, scoping, unit_rules
from phongthu.core.crud import CrudConfig

if TYPE_CHECKING:
    from phongthu.core.types import Actor


def restrict_choices(form: forms.BaseForm, user: Actor, action: str) -> None:
    """Limit every model choice to what the user may use (units: where they may write)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            qs = field.queryset
            if qs is not None and hasattr(qs, "restrict"):
                target = qs.model
                is_unit = target._meta.label == "units.Unit"
                field.queryset = qs.restrict(user, action if is_unit else scoping.VIEW)
                if is_unit and hasattr(target, "choice_label"):
                    _label_by_date(field, target)


def _label_by_date(field: forms.ModelChoiceField[Any], model: Any) -> None:
    """Units in force today first; a dissolved one shows its end date and successor (the old and
    new maps reuse names), never a bare duplicate name."""
    day = timezone.localdate()
    qs: Any = field.queryset
    field.queryset = qs.prefetch_related(*model.choice_prefetch).order_by(
        F("valid_to").desc(nulls_first=True), "name_sort"
    )
    field.label_from_instance = lambda obj: obj.choice_label(day)  # type: ignore[method-assign]


def form_class_for(config: type[CrudConfig]) -> type[forms.ModelForm[Any]]:
    if "status" in config.fields:
        raise ImproperlyConfigured(f"{config.__name__}: status changes only through services")
    if config.form_class is not None:
        return config.form_class
    widgets: dict[str, Any] = {}
    for name in config.fields:
        field = config.model._meta.get_field(name)
        if isinstance(field, models.DateField):
            widgets[name] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.modelform_factory(config.model, fields=config.fields, widgets=widgets)


def _add_unit_rule(form: forms.ModelForm[Any]) -> None:
    """After the model's own validation, refuse a record filed on a closed unit (core.unit_rules)."""
    hooked: Any = form  # _post_clean and _errors are Django's private ModelForm API
    post_clean = hooked._post_clean

    def checked() -> None:
        adding = form.instance._state.adding
        # Read before _post_clean copies the submitted values onto the instance.
        previous_unit_id = None if adding else unit_rules.owning_unit_id(form.instance)
        post_clean()
        if hooked._errors:
            return
        error = unit_rules.closed_unit_error(form.instance, adding=adding, previous_unit_id=previous_unit_id)
        if error is not None:
            field, message = error
            form.add_error(field if field in form.fields else None, message)

    hooked._post_clean = checked


def _is_day(config: type[CrudConfig], name: str) -> bool:
    """A date, or a year (a whole number field): what `core.pickers.parse_day` reads."""
    kind = config.field(name).get_internal_type()
    return kind == "DateField" or (kind.endswith("IntegerField") and name.endswith("year"))


def _date_fields(config: type[CrudConfig], form: forms.BaseForm) -> dict[str, str]:
    """For each field, the form field whose value is the record's date (units are offered as
    they stood that day): the first of the model's record date paths that the form shows."""
    day_field = next(
        (p for p in unit_rules.record_date_paths(config.model) if p in form.fields and _is_day(config, p)), ""
    )
    return dict.fromkeys(form.fields, day_field) if day_field else {}


def build_form(config: type[CrudConfig], user: Actor, action: str, **kwargs: Any) -> forms.ModelForm[Any]:
    form = form_class_for(config)(**kwargs)
    _add_unit_rule(form)
    restrict_choices(form, user, action)
    if action in (scoping.ADD, scoping.CHANGE):  # a person's form, not an import's rows
        pickers.attach(form, action, date_fields=_date_fields(config, form))
    for field in form.fields.values():
        css = "input"
        if isinstance(field.widget, forms.CheckboxInput):
            css = "checkbox"
        field.widget.attrs.setdefault("class", css)
    return form
