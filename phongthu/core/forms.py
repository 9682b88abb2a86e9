"""Forms built from a CrudConfig, with every choice of a record or unit limited to scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from phongthu.core import scoping
from phongthu.core.crud import CrudConfig


def restrict_choices(form: forms.BaseForm, user: Any, action: str) -> None:
    """Limit every model choice to what the user may use (units: where they may write)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            qs = field.queryset
            if qs is not None and hasattr(qs, "restrict"):
                target = qs.model
                is_unit = target._meta.label == "units.Unit"
                field.queryset = qs.restrict(user, action if is_unit else scoping.VIEW)


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


def build_form(config: type[CrudConfig], user: Any, action: str, **kwargs: Any) -> forms.ModelForm[Any]:
    form = form_class_for(config)(**kwargs)
    restrict_choices(form, user, action)
    for field in form.fields.values():
        css = "input"
        if isinstance(field.widget, forms.CheckboxInput):
            css = "checkbox"
        field.widget.attrs.setdefault("class", css)
    return form
