"""Generic CRUD views: list (filter, search, sort, columns, export), detail with History,
create/edit, delete; import is the job wizard (phongthu.jobs). Each is scoped through `restrict()`
and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views import View

from phongthu.core import audit, filtering, history, paging, panels, pickers, returning, scoping, services
from phongthu.core.crud import CrudConfig
from phongthu.core.current_unit import current_unit
from phongthu.core.display import screen_value
from phongthu.core.exporting import xlsx_response
from phongthu.core.forms import build_form

_PK_MARK = 918273645546372819  # a pk no table holds, replaced by each row's own in a reversed URL


_rendered_options: dict[tuple[Any, str, str, str], tuple[Any, filtering.Choices, str]] = {}


def _options(owner: Any, name: str, flt: Any, value: str) -> tuple[filtering.Choices, str]:
    """A filter's choices and its `<option>`s, rendered here (a template loop over a province's
    700 units cost more than the rows) and remembered while its choices are the same object
    (`filtering.cached_choices` keeps one for a minute): a list page rendered them each time."""
    from django.utils.translation import get_language

    source = flt.extra.get("choices")
    raw = source() if callable(source) else source
    key = (owner, name, value, get_language() or "")
    known = _rendered_options.get(key)
    if known is not None and known[0] is raw and raw is not None:
        return known[1], known[2]
    choices = filtering.filter_choices(flt)
    html = format_html_join(
        "", '<option value="{}"{}>{}</option>', ((v, " selected" if v == value else "", label) for v, label in choices)
    )
    if len(_rendered_options) > 2_000:
        _rendered_options.clear()
    _rendered_options[key] = (raw, choices, html)
    return choices, html


class CrudView(LoginRequiredMixin, View):
    config: type[CrudConfig] = CrudConfig  # set per model by core.urls

    def scoped(self, action: str) -> Any:
        return self.config.model._default_manager.restrict(self.request.user, action)  # type: ignore[attr-defined]

    def get_object(self, action: str) -> models.Model:
        return get_object_or_404(self.scoped(action), pk=self.kwargs["pk"])

    def ctx(self, **extra: Any) -> dict[str, Any]:
        user = self.request.user
        writes = not self.config.write_reach or scoping.can(user, self.config.write_reach)
        held = scoping.held_actions(user)  # one query for every button, not one per button
        return {
            "config": self.config,
            "can_add": writes and self.config.allow_create and scoping.ADD in held,
            "can_import": writes and self.config.allow_import and scoping.IMPORT in held,
            "can_change": writes and self.config.allow_edit and scoping.CHANGE in held,
            "can_delete": writes and self.config.allow_delete and scoping.DELETE in held,
            "can_export": scoping.EXPORT in held,
            **extra,
        }


class ObjectListView(CrudView):
    """Filters come from the config's FilterSet (core/filtering.py): an invalid value shows the
    list with a Vietnamese message next to its filter (status 400), never a server error."""

    def filterset(self, action: str) -> filtering.RecordFilterSet:
        filterset_class = filtering.filterset_for(self.config)
        return filterset_class(data=self.request.GET, queryset=self.scoped(action), request=self.request)

    def filtered(self, action: str) -> tuple[Any, filtering.RecordFilterSet]:
        filterset = self.filterset(action)
        qs = self.config.list_queryset(filterset.qs)
        qs = filtering.order(
            self.config, qs, self.request.GET.get("sort", ""), searching=filtering.is_search(filterset)
        )
        return qs, filterset

    def columns(self) -> list[str]:
        chosen = [c for c in self.request.GET.getlist("col") if c in self.config.get_export_fields()]
        return chosen or list(self.config.list_columns)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            qs, filterset = self.filtered(scoping.EXPORT)
            if filterset.is_valid():
                return xlsx_response(self.config, qs, self.config.get_export_fields())
            # Never export more rows than asked for: show the list with the filter's message.
            messages.error(request, _("Chưa xuất được tệp: hãy sửa bộ lọc bị báo lỗi."))
        qs, filterset = self.filtered(scoping.VIEW)
        columns = self.columns()
        # Shared with the API list (core/api.py): a search sorts its matches, not the table.
        paginator = filtering.list_paginator(
            self.config,
            qs,
            request.GET.get("sort", ""),
            searching=filtering.is_search(filterset),
            per_page=self.config.paginate_by,
        )
        # Page numbers while the total is exact; above the cap a cursor (`after=`/`before=`).
        page = paginator.page_for(request.GET)
        # One reverse() for the page, not one per row (50 URL resolutions were ~4 % of a request).
        detail = self.config.url("detail", _PK_MARK)
        rows = [
            (detail.replace(str(_PK_MARK), str(obj.pk)), [screen_value(obj, c) for c in columns])
            for obj in page.object_list
        ]
        # The table body in Python: the template's nested loops over 50 × 7 cells cost more than
        # reading the rows (each value is escaped here exactly as the template would).
        body = format_html_join(
            "\n",
            "<tr>{}</tr>",
            (
                (
                    format_html(
                        '<td><a href="{}">{}</a></td>{}',
                        url,
                        values[0],
                        format_html_join("", "<td>{}</td>", ((v,) for v in values[1:])),
                    ),
                )
                for url, values in rows
                if values
            ),
        )
        errors = filterset.error_messages()
        filters = []
        for name in self.config.filter_fields:
            flt = filterset.filters[name]
            value = request.GET.get(name, "")
            choices, options = _options(type(filterset), name, flt, value)
            filters.append(
                {
                    "name": name,
                    "label": str(flt.label or self.config.label(name)),
                    "choices": choices,
                    "options": options,
                    "value": value,
                    "errors": errors.get(name, []),
                }
            )
        # Filters the page has no control for (within, year, q) still report their errors.
        other_errors = [
            f"{filterset.filters[n].label}: {m}" if n in filterset.filters else m
            for n, ms in errors.items()
            if n not in self.config.filter_fields and n != "q"
            for m in ms
        ]
        query = request.GET.copy()
        for name in ("page", "export", paging.AFTER, paging.BEFORE):
            query.pop(name, None)
        querystring = query.urlencode()
        return render(
            request,
            "core/object_list.html",
            self.ctx(
                page=page,
                page_summary=paging.summary(page.paginator),
                rows=rows,
                table_body=body,
                columns=[(c, self.config.label(c)) for c in columns],
                chosen_columns=set(columns),
                sortable=set(filtering.sortable_columns(self.config)),
                all_columns=[(c, self.config.label(c)) for c in self.config.get_export_fields()],
                filters=filters,
                filter_errors=other_errors,
                q=request.GET.get("q", ""),
                q_errors=errors.get("q", []),
                sort=request.GET.get("sort", ""),
                querystring=querystring,
                pager=paging.links(page, querystring),
                cursor_error=paginator.cursor_error,
            ),
            status=400 if errors else 200,
        )


class ObjectDetailView(CrudView):
    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object(scoping.VIEW)
        if self.config.log_views:
            audit.log_access(obj)
        fields = [(self.config.label(n), screen_value(obj, n)) for n in self.config.get_export_fields()]
        tab = request.GET.get("tab", "detail")
        history_rows = None
        if tab == "history":
            history_rows = history.describe(type(obj), history.trail([(type(obj), obj.pk)], limit=200))
        extra = {**panels.context_for(obj, request), **self.config.detail_context(obj, request)}
        ctx = self.ctx(object=obj, fields=fields, tab=tab, history=history_rows, **extra)
        # Buttons for this record only: no "Sửa" that would answer 404 or a refusal.
        ctx["can_change"] = ctx["can_change"] and self.may_write(obj, scoping.CHANGE)
        ctx["can_delete"] = ctx["can_delete"] and self.may_write(obj, scoping.DELETE)
        return render(request, self.config.detail_template, ctx)

    def may_write(self, obj: models.Model, action: str) -> bool:
        if not self.scoped(action).filter(pk=obj.pk).exists():
            return False
        try:
            services.assert_may_write(obj, self.request.user)
        except PermissionDenied:
            return False
        return True


class ObjectEditView(CrudView):
    def get_instance(self) -> models.Model | None:
        if self.config.write_reach and not scoping.can(self.request.user, self.config.write_reach):
            raise PermissionDenied  # administrators' master data: not even the form for others
        if "pk" in self.kwargs:
            if not self.config.allow_edit:
                raise PermissionDenied
            return self.get_object(scoping.CHANGE)
        if not self.config.allow_create:
            raise PermissionDenied
        return None

    def action(self) -> str:
        return scoping.CHANGE if "pk" in self.kwargs else scoping.ADD

    def page(self, form: Any, instance: models.Model | None, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "core/object_edit.html",
            self.ctx(
                form=form,
                object=instance,
                rows=self.rows(form),
                reason_typed=self.request.POST.get("_reason", self.request.GET.get("_reason", "")),
                return_to=returning.return_to(self.request) if instance is None else None,
            ),
            status=status,
        )

    def rows(self, form: Any) -> list[tuple[Any, tuple[str, str] | None]]:
        """Each field with a "create one" link when its choice list is empty and the user may
        add the record it needs (e.g. a militia member's unit before any unit exists)."""
        from django import forms as dj_forms

        from phongthu.core.crud import config_for

        rows: list[tuple[Any, tuple[str, str] | None]] = []
        for bound in form:
            link = None
            field = bound.field
            queryset = getattr(field, "queryset", None)
            if isinstance(field, dj_forms.ModelChoiceField) and queryset is not None and not queryset.exists():
                related = config_for(queryset.model)
                if related is not None and self.may_create(related):
                    link = (related.verbose_name(), returning.create_link(related.add_url(), self.request, bound.name))
            rows.append((bound, link))
        return rows

    def may_create(self, related: type[CrudConfig]) -> bool:
        """Whether the "create one" link may be offered: the same test as the list's "Thêm"."""
        user = self.request.user
        if not related.allow_create or scoping.ADD not in scoping.held_actions(user):
            return False
        return not related.write_reach or scoping.can(user, related.write_reach)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = build_form(self.config, request.user, self.action(), instance=instance, initial=request.GET.dict())
        if instance is None:
            pickers.default_unit(form, current_unit(request, from_request=False))
        return self.page(form, instance)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = build_form(self.config, request.user, self.action(), data=request.POST, instance=instance)
        if form.is_valid():
            obj = services.object_save(
                obj=form.save(commit=False), actor=request.user, reason=request.POST.get("_reason", "")
            )
            form.save_m2m()
            back = returning.return_to(request) if instance is None else None
            if back is not None:  # created from another form's "create one" link: back to it, chosen
                messages.success(request, _("Đã lưu %(obj)s; đã chọn trong biểu mẫu đang nhập.") % {"obj": obj})
                return HttpResponseRedirect(returning.with_choice(*back, obj.pk))
            messages.success(request, _("Đã lưu %(obj)s.") % {"obj": obj})
            return HttpResponseRedirect(self.config.url("detail", obj.pk))
        return self.page(form, instance, status=400)  # the bound form keeps every typed value


class ObjectDeleteView(CrudView):
    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not self.config.allow_delete:
            raise PermissionDenied
        return render(request, "core/object_delete.html", self.ctx(object=self.get_object(scoping.DELETE)))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not self.config.allow_delete:
            raise PermissionDenied
        obj = self.get_object(scoping.DELETE)
        label = str(obj)
        services.object_delete(obj=obj, actor=request.user, reason=request.POST.get("_reason", ""))
        messages.success(request, _("Đã xóa %(obj)s.") % {"obj": label})
        return HttpResponseRedirect(self.config.url("list"))
