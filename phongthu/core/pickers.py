"""Search-as-you-type pickers for records chosen in forms (a citizen, a unit), written once.

An app declares how its model is searched and labelled in one module, `<app>/pickers.py`, that
defines the hooks by name (`search`, `label`, and optionally `detail`, `resolve`, `browse`,
`valid_on`, `prepare`) and ends with `SOURCE = pickers.declare(__name__, kind=..., model=...)`
(imported from its `AppConfig.ready()`); core then turns every choice of that model in a generated
form (`core.forms.build_form`) into a picker, and answers the searches at `GET /pick/<kind>/`.
A hand-written form (an action's, the user administration's) turns a field into a picker with
`pickers.use(form, "field", action=..., date_field=..., choices=...)`; `choices` names a queryset
the source declares for choices that are not simply the user's reach (any commune a citizen may
move to):

- `q`: what was typed (diacritics optional); `on`: the form's date (units valid that day,
  default today); `action`: the form's action (`add`/`change`: units where the user may write;
  people are read with `view`, as `core.forms.restrict_choices` does); `choices`: a named
  choice list (`pickers.choices(kind, name, fn)`) instead of the user's reach.
- htmx asks for an HTML list (`HX-Request`), anyone else gets JSON
  `{"results": [{"id", "label", "detail"}], "more": bool}`. At most `LIMIT` rows, always within
  the user's reach (`restrict()`), never a full-table list.

Without JavaScript the picker is a plain text box: the server validates the id typed (or, for a
person, the 12-digit CCCD) against the same scoped queryset; anything else is refused with a
Vietnamese message naming the field.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from phongthu.core import scoping
from phongthu.core.text import search_key

LIMIT = 20
MAX_QUERY_LENGTH = 100
# Ids longer than this are not ids (a bigint has 19 digits): refused before any query.
MAX_ID_DIGITS = 18
FORM_ACTIONS = frozenset({scoping.VIEW, scoping.ADD, scoping.CHANGE})


@dataclass(frozen=True)
class Source:
    """How one model is found and shown in a picker.

    - `kind`: the URL key ("person", "unit");
    - `search(qs, q, on)`: the rows matching what was typed (`q` already stripped), ordered,
      at most `limit + 1` of them (a list or a sliced queryset);
    - `label(obj, on)` / `detail(obj, on)`: the option's words (name; birth date, commune, CCCD…);
    - `valid_on(qs, on)`: keep the rows in force on the form's date (units), or None;
    - `browse(qs, user, on)`: what to offer before anything is typed (None: a hint only);
    - `resolve(qs, raw)`: the row a typed value names without JavaScript (default: its id);
    - `reads_with_view`: people are chosen from what the user may read, units from where the
      user may write (the form's action), as `core.forms.restrict_choices` does.
    """

    kind: str
    model: type[models.Model]
    search: Callable[[Any, str, datetime.date, int], Any]
    label: Callable[[Any, datetime.date], str]
    detail: Callable[[Any, datetime.date], str] = lambda obj, on: ""
    valid_on: Callable[[Any, datetime.date], Any] | None = None
    browse: Callable[[Any, Any, datetime.date, int], Any] | None = None
    resolve: Callable[[Any, str], Any] | None = None
    reads_with_view: bool = True
    placeholder: Any = ""  # lazy translations: read when the form is rendered
    fallback_help: Any = ""
    prepare: Callable[[Any], Any] = field(default=lambda qs: qs)

    def reach_action(self, action: str) -> str:
        return scoping.VIEW if self.reads_with_view else action

    def has_choices(self, name: str) -> bool:
        return (self.kind, name) in _choices

    def queryset(self, user: Any, action: str, choices: str = "") -> Any:
        if choices:
            return self.prepare(_choices[(self.kind, choices)](user, action))
        manager: Any = self.model._default_manager
        return self.prepare(manager.restrict(user, self.reach_action(action)))


_sources: dict[str, Source] = {}
# Named choice lists for hand-written forms: (kind, name) → fn(user, action) → queryset, scoped
# by whoever declares it; the form's field (`use(..., choices=name)`) and the search read the same.
ChoiceList = Callable[[Any, str], Any]
_choices: dict[tuple[str, str], ChoiceList] = {}


def choices(kind: str, name: str, fn: ChoiceList) -> ChoiceList:
    """Declare a named choice list of picker `kind` (from the app whose form offers it)."""
    _choices[(kind, name)] = fn
    return fn


def register(source: Source) -> Source:
    _sources[source.kind] = source
    return source


HOOKS = ("search", "label", "detail", "resolve", "browse", "valid_on", "prepare")


def declare(module: str, *, kind: str, model: type[models.Model], **options: Any) -> Source:
    """Register the picker a module declares: its hooks are its functions of those names
    (`HOOKS`; `search` and `label` required), the rest are `Source` options."""
    namespace = vars(sys.modules[module])
    hooks = {name: namespace[name] for name in HOOKS if callable(namespace.get(name))}
    for name, fn in options.pop("choices", {}).items():
        choices(kind, name, fn)
    return register(Source(kind=kind, model=model, **hooks, **options))


def source_for(model: type[models.Model]) -> Source | None:
    for source in _sources.values():
        if source.model is model:
            return source
    return None


def source_named(kind: str) -> Source | None:
    return _sources.get(kind)


def parse_day(raw: str | None) -> datetime.date | None:
    """ "2025-08-01", "01/08/2025" or a year "2025" (1 January); None when unreadable."""
    text = (raw or "").strip()
    if not text:
        return timezone.localdate()
    if text.isdigit() and len(text) == 4:
        year = int(text)
        return datetime.date(year, 1, 1) if 1900 <= year <= 2200 else None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# ---- the form side --------------------------------------------------------------------------


class PickerWidget(forms.Widget):
    """A text box for the id (works without JavaScript) and, with it, a search box whose results
    htmx fetches from `/pick/<kind>/`; static/js/picker.js adds keyboard choice."""

    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        source: Source,
        *,
        action: str,
        date_field: str = "",
        choices: str = "",
        attrs: dict[str, Any] | None = None,
    ):
        super().__init__(attrs)
        self.source = source
        self.action = action
        self.date_field = date_field
        self.choices = choices
        self.choice_field: PickerField | None = None

    def format_value(self, value: Any) -> str:
        if value is None or value == "":
            return ""
        return str(getattr(value, "pk", value))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        current = self.choice_field.chosen(value) if self.choice_field is not None else None
        day = timezone.localdate()
        query = {"action": self.action, **({"choices": self.choices} if self.choices else {})}
        widget["url"] = reverse("pick", args=[self.source.kind]) + "?" + urlencode(query)
        widget["current_label"] = self.source.label(current, day) if current is not None else ""
        widget["current_detail"] = self.source.detail(current, day) if current is not None else ""
        widget["date_field"] = self.date_field
        widget["placeholder"] = self.source.placeholder
        widget["fallback_help"] = self.source.fallback_help
        widget["required"] = self.is_required
        return context


class PickerField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic only in django-stubs
    """A model choice validated against the (scoped) queryset, typed or picked; a value that
    names nothing in reach is refused with the field's name in the message."""

    widget: PickerWidget

    def __init__(self, *, source: Source, label: Any, date_field: str = "", **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)
        self.source = source
        self.date_field = date_field  # the form's field whose date the choice must be valid on
        name = str(label)[:1].upper() + str(label)[1:]
        refusal = _("“{field}”: “%(value)s” không có trong phạm vi của bạn; hãy tìm và chọn lại.")
        self.error_messages["invalid_choice"] = refusal.replace("{field}", name.replace("%", "%%"))
        self.error_messages["required"] = _("“%(field)s”: hãy tìm và chọn một mục.") % {"field": name}

    def chosen(self, value: Any) -> Any:
        """The record a (possibly invalid) bound value names, for the widget's label."""
        if value is None or value == "":
            return None
        if isinstance(value, models.Model):
            return value
        try:
            return self.to_python(value)
        except forms.ValidationError:
            return None

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, models.Model):
            return super().to_python(value)
        text = str(value).strip()
        invalid = forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:30]}
        )
        if self.source.resolve is not None:
            found = self.source.resolve(self.queryset, text)
            if found is not None:
                return found
        if not text.isdigit() or len(text) > MAX_ID_DIGITS:
            raise invalid
        return super().to_python(text)


def _picker(old: forms.ModelChoiceField, source: Source, action: str, date_field: str, choices: str) -> PickerField:  # type: ignore[type-arg]
    new = PickerField(
        source=source,
        label=old.label,
        queryset=old.queryset,
        required=old.required,
        help_text=old.help_text,
        initial=old.initial,
        disabled=old.disabled,
        to_field_name=old.to_field_name,
        date_field=date_field,
    )
    widget = PickerWidget(source, action=action, date_field=date_field, choices=choices)
    widget.attrs.update(old.widget.attrs)
    widget.is_required = new.required
    widget.choice_field = new
    new.widget = widget
    return new


def attach(form: forms.BaseForm, action: str, date_fields: dict[str, str] | None = None) -> None:
    """Turn every model choice of a registered model into a picker (its queryset, already
    scoped by `restrict_choices`, stays the one that validates)."""
    for name, old in list(form.fields.items()):
        if not isinstance(old, forms.ModelChoiceField) or isinstance(old, PickerField):
            continue
        source = source_for(old.queryset.model) if old.queryset is not None else None
        if source is None:
            continue
        form.fields[name] = _picker(old, source, action, (date_fields or {}).get(name, ""), "")


def use(form: forms.BaseForm, name: str, *, action: str, date_field: str = "", choices: str = "") -> PickerField:
    """A hand-written form's model choice becomes a picker. Its queryset (set by the form, scoped)
    still validates; the search offers the same rows: the user's reach for `action`, or the
    source's named `choices`. With `date_field`, the choice must be in force on that date
    (`check_dates`, called by `core.actions.ActionForm.clean`)."""
    old = form.fields[name]
    if isinstance(old, PickerField):
        return old
    assert isinstance(old, forms.ModelChoiceField) and old.queryset is not None
    source = source_for(old.queryset.model)
    if source is None:
        raise ValueError(f"no picker declared for {old.queryset.model._meta.label}")
    if choices and not source.has_choices(choices):
        raise ValueError(f"picker {source.kind!r} declares no choices {choices!r}")
    new = _picker(old, source, action, date_field, choices)
    form.fields[name] = new
    return new


def check_dates(form: forms.BaseForm) -> None:
    """Each picker with a `date_field`: the chosen record must be in force on the form's date,
    else the field is refused, named, with that date."""
    cleaned = getattr(form, "cleaned_data", {})
    for name, fld in form.fields.items():
        if not isinstance(fld, PickerField) or not fld.date_field or fld.source.valid_on is None:
            continue
        chosen, day = cleaned.get(name), cleaned.get(fld.date_field)
        if chosen is None or not isinstance(day, datetime.date):
            continue
        if not fld.source.valid_on(type(chosen)._default_manager.filter(pk=chosen.pk), day).exists():
            label = str(fld.label)[:1].upper() + str(fld.label)[1:]
            form.add_error(
                name,
                _("“%(field)s”: “%(value)s” không còn hiệu lực vào ngày %(day)s; hãy chọn lại.")
                % {"field": label, "value": fld.source.label(chosen, day), "day": day.strftime("%d/%m/%Y")},
            )


def default_unit(form: forms.BaseForm, unit: Any) -> None:
    """A new record's required unit choices start at the user's own unit, when it may be chosen."""
    if unit is None:
        return
    for name, fld in form.fields.items():
        if not isinstance(fld, PickerField) or not fld.required or fld.queryset is None:
            continue
        if fld.queryset.model is not type(unit) or form.initial.get(name) or fld.initial:
            continue
        qs = fld.source.valid_on(fld.queryset, timezone.localdate()) if fld.source.valid_on else fld.queryset
        if qs.filter(pk=unit.pk).exists():
            form.initial[name] = unit.pk


# ---- the endpoint ---------------------------------------------------------------------------


@dataclass
class Answer:
    rows: list[tuple[Any, str, str]]  # (id, label, detail)
    more: bool
    message: str = ""  # a hint or a refusal, in words


def answer(
    source: Source, user: Any, *, q: str, on: datetime.date, action: str, limit: int = LIMIT, choices: str = ""
) -> Answer:
    qs = source.queryset(user, action, choices)
    if source.valid_on is not None:
        qs = source.valid_on(qs, on)
    q = q.strip()
    if len(search_key(q).replace(" ", "")) >= 2 or q.isdigit():
        found = list(source.search(qs, q, on, limit))
    elif source.browse is not None:
        found = list(source.browse(qs, user, on, limit))
    else:
        return Answer([], False, _("Gõ ít nhất 2 ký tự để tìm."))
    rows = [(obj.pk, source.label(obj, on), source.detail(obj, on)) for obj in found[:limit]]
    message = "" if rows else _("Không tìm thấy trong phạm vi của bạn.")
    return Answer(rows, len(found) > limit, message)


class PickView(LoginRequiredMixin, View):
    """`GET /pick/<kind>/?q=&on=&action=`: the rows a picker offers (HTML for htmx, else JSON)."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        source = source_named(kind)
        wants_html = request.headers.get("HX-Request") == "true"
        if source is None:
            return self._refuse(wants_html, _("Không có danh mục để chọn này."), 404)
        q = request.GET.get("q", "")
        if len(q) > MAX_QUERY_LENGTH:
            return self._refuse(wants_html, _("Từ khóa tìm kiếm dài quá %(n)d ký tự.") % {"n": MAX_QUERY_LENGTH}, 400)
        action = request.GET.get("action") or scoping.VIEW
        if action not in FORM_ACTIONS:
            return self._refuse(wants_html, _("Thao tác không hợp lệ."), 400)
        named = request.GET.get("choices", "")
        if named and not source.has_choices(named):
            return self._refuse(wants_html, _("Không có danh mục để chọn này."), 404)
        on = parse_day(request.GET.get("on"))
        if on is None:
            return self._refuse(wants_html, _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm."), 400)
        result = answer(source, request.user, q=q, on=on, action=action, choices=named)
        if wants_html:
            return render(request, "core/picker_results.html", {"answer": result, "on": on})
        return JsonResponse(
            {
                "results": [{"id": pk, "label": label, "detail": detail} for pk, label, detail in result.rows],
                "more": result.more,
                "message": result.message,
            }
        )

    def _refuse(self, wants_html: bool, message: str, status: int) -> HttpResponse:
        if wants_html:
            return render(self.request, "core/picker_results.html", {"error": message}, status=status)
        return JsonResponse({"error": message}, status=status)
