"""Pages of the figures engine: a unit's indicator dashboard for a period (sub-units side by
side, last period, target, chart, XLSX), the entry screen of a data set (one unit × period,
saves each value without reloading), its Excel export and import. Scope: the unit must be
within the user's own reach; every read below goes through the scoped selectors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from phongthu.core import actions, authority, scoping, xlsx
from phongthu.core.display import vietnamese_number
from phongthu.core.imports.readers import open_table
from phongthu.core.imports.results import ImportFileError
from phongthu.core.periods import Period
from phongthu.figures import approval, registry, selectors, services
from phongthu.figures.models import Approval, EnteredValue
from phongthu.figures.registry import DIMENSIONS, SOURCE_LABELS
from phongthu.units.models import Unit
from phongthu.units.selectors import today

# Indicator, data set and section labels are declared in Vietnamese (the documents' words) and
# shown here in the reader's language (locale/en); the Excel export below stays Vietnamese.
SECTION_TITLES = {
    1: gettext_lazy("Đặc điểm tình hình"),
    2: gettext_lazy("Lãnh đạo, chỉ đạo; tuyên truyền; kiểm tra"),
    3: gettext_lazy("Sẵn sàng chiến đấu; phối hợp; tuần tra"),
    4: gettext_lazy("Xây dựng lực lượng dân quân tự vệ, dự bị động viên"),
    5: gettext_lazy("Huấn luyện; hội thi, hội thao; sáng kiến"),
    6: gettext_lazy("Diễn tập"),
    7: gettext_lazy("Đăng ký NVQS; sơ tuyển, khám tuyển; tuyển quân, giao quân"),
    8: gettext_lazy("Giáo dục quốc phòng và an ninh"),
    9: gettext_lazy("Hậu cần – kỹ thuật; vũ khí; sản xuất; công trình; quỹ"),
    10: gettext_lazy("Chính sách hậu phương quân đội; xuất ngũ; tuyển sinh quân sự"),
    11: gettext_lazy("Dân vận; phòng chống thiên tai, tìm kiếm cứu nạn; phòng thủ dân sự"),
    12: gettext_lazy("Đối ngoại quốc phòng"),
    13: gettext_lazy("Công tác đảng, công tác chính trị"),
    14: gettext_lazy("Thi đua, khen thưởng"),
    15: gettext_lazy("Nội dung báo cáo"),
}


def visible_unit(user: Any, unit_id: Any) -> Unit:
    """The unit, if within the user's own reach (ancestors shown for navigation do not count)."""
    unit = get_object_or_404(Unit, pk=unit_id)
    scope = scoping.unit_scope_query(user, scoping.VIEW)
    if scope is not None and not Unit.objects.filter(pk=unit.pk, pk__in=scope).exists():
        raise Http404
    return unit


def number(value: Decimal | None) -> str:
    return "" if value is None else vietnamese_number(selectors.normalised(value))


def figure_row(fig: selectors.FigureValue, unit: Unit) -> dict[str, Any]:
    ind = fig.indicator
    return {
        "code": ind.code,
        "label": _(ind.label),
        "measure": _(ind.measure) if ind.measure else "",
        "value": fig.display,
        "source": _(fig.source_label) if fig.source_label else "",
        "previous": number(fig.previous),
        "target": number(fig.target),
        "achieved": f"{number(fig.achieved_pct)}%" if fig.achieved_pct is not None else "",
        "breakdown": [(_(registry.option_label(k)), number(v)) for k, v in fig.breakdown.items() if v],
        "url": selectors.record_list_url(ind, unit, fig.period)
        if fig.source in (registry.Source.COUNTED, registry.Source.MIXED)
        else "",
        "raw": fig.value,
    }


def chart(labels: list[str], values: list[Decimal | None], width: int = 640) -> dict[str, Any]:
    """Horizontal bars as SVG geometry (drawn by the template; no script, no CDN)."""
    top = max((v for v in values if v is not None), default=Decimal(0)) or Decimal(1)
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        length = int((value or 0) * (width - 260) / top)
        bars.append({"y": i * 22, "label": label, "w": length, "text": number(value) or "—", "tx": 200 + length + 6})
    return {"bars": bars, "height": len(bars) * 22 + 4, "width": width}


class DashboardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, unit_id: int, period: Period) -> HttpResponse:
        unit = visible_unit(request.user, unit_id)
        user = request.user
        sections = request.GET.getlist("section")
        selected = [i for i in registry.all_indicators() if not sections or str(i.section) in sections]
        figures = selectors.unit_figures(unit, period, user=user, indicators=selected)
        if request.GET.get("format") == "xlsx":
            subs = selectors.sub_unit_figures(unit, period, user=user, indicators=selected)
            return self.xlsx(unit, period, figures, subs)
        chart_code = request.GET.get("chart") or next((f.indicator.code for f in figures if f.value), "")
        if chart_code not in {i.code for i in selected}:
            chart_code = ""
        side = [f.indicator for f in figures if f.value is not None][:8]
        if chart_code and chart_code not in {i.code for i in side}:
            side.append(registry.get(chart_code))
        subs = selectors.sub_unit_figures(unit, period, user=user, indicators=side) if side else []
        grouped: dict[int, list[dict[str, Any]]] = {}
        for fig in figures:
            grouped.setdefault(fig.indicator.section, []).append(figure_row(fig, unit))
        chart_data = None
        if chart_code and subs:
            values = [next((f.value for f in fs if f.indicator.code == chart_code), None) for _u, fs in subs]
            chart_data = chart([u.name for u, _fs in subs], values)
        state_row = Approval.objects.filter(unit=unit, period=period.code).first()
        offered = actions.offered(state_row, user) if state_row is not None else []
        if state_row is None and authority.allowed(user, "FIGURES_SUBMIT", unit.pk, today()):
            offered = [a for a in actions.for_model(Approval) if a.name == "submit"]
        return render(
            request,
            "figures/dashboard.html",
            {
                "unit": unit,
                "period": period,
                "sections": [(s, SECTION_TITLES.get(s, ""), rows) for s, rows in sorted(grouped.items())],
                # one cell per indicator of `side`, in its order (the side-by-side read keeps it)
                "subs": [(u, [f.display for f in fs]) for u, fs in subs],
                "sub_codes": side,
                "chart": chart_data,
                "chart_code": chart_code,
                "chart_label": _(registry.get(chart_code).label) if chart_code else "",
                "board": approval.status_board(unit, period) if selectors.sub_units(unit, period) else None,
                "state": state_row.get_state_display() if state_row else _("Chưa báo cáo"),
                "state_row": state_row,
                "offered": offered,
                "word_targets": selectors.word_targets(unit, period),
                "data_sets": registry.data_sets(),
                "previous": period.same_period_last_year(),
                "sources": SOURCE_LABELS,
            },
        )

    def xlsx(self, unit: Unit, period: Period, figures: list[Any], subs: list[Any]) -> HttpResponse:
        with translation.override("vi"):  # the sheet is Vietnamese whatever the screen's language
            return self._xlsx(unit, period, figures, subs)

    def _xlsx(self, unit: Unit, period: Period, figures: list[Any], subs: list[Any]) -> HttpResponse:
        header = ["Chỉ số", "Đơn vị tính", period.label, "Nguồn", "Cùng kỳ năm trước", "Chỉ tiêu", "% đạt"]
        header += [u.name for u, _fs in subs]
        by_sub = [{f.indicator.code: f for f in fs} for _u, fs in subs]
        rows = []
        for fig in figures:
            r = figure_row(fig, unit)
            rows.append(
                [
                    r["label"],
                    r["measure"],
                    fig.value if fig.coverage is None else fig.display,
                    r["source"],
                    fig.previous,
                    fig.target,
                    fig.achieved_pct,
                    *[s[fig.indicator.code].value for s in by_sub],
                ]
            )
        sheet = xlsx.Sheet(
            name="So lieu",
            header=header,
            rows=rows,
            title=[f"{unit.name}: số liệu {period.label}"],
            widths=[48, 12, 14, 14, 14, 12, 10] + [14] * len(subs),
            numbered=True,
        )
        return xlsx.response(xlsx.workbook(sheet), f"so-lieu-{unit.pk}-{period.code}.xlsx")


def entry_fields(unit: Unit, period: Period, code: str) -> list[dict[str, Any]]:
    """The data set's inputs: one per indicator, and one per breakdown option."""
    current = {
        (r.indicator, r.option): r.value
        for r in EnteredValue.objects.filter(unit=unit, period=period.code, indicator__startswith="")
    }
    fields = []
    for ind in registry.data_set_indicators(code):
        fields.append(_field(ind, "", current))
        for dim in ind.dimensions:
            for option in DIMENSIONS[dim][1]:
                fields.append(_field(ind, f"{dim}={option}", current))
    return fields


def _field(ind: registry.Indicator, option: str, current: dict[tuple[str, str], Decimal]) -> dict[str, Any]:
    value = current.get((ind.code, option))
    return {
        "name": services.field_name(ind.code, option),
        "label": _(ind.label) if not option else f"— {_(registry.option_label(option))}",
        "measure": _(ind.measure) if ind.measure else "",
        "value": "" if value is None else number(value),
        "counted": ind.counted is not None,
        "sub": bool(option),
    }


class EntryView(LoginRequiredMixin, View):
    """GET the form; POST all values (no script) or one value (htmx, answers a fragment)."""

    def setup_view(self, request: HttpRequest, unit_id: int, period: Period, code: str) -> tuple[Unit, Any]:
        unit = visible_unit(request.user, unit_id)
        try:
            ds = registry.data_set(code)
        except KeyError:
            raise Http404 from None
        return unit, ds

    def get(self, request: HttpRequest, unit_id: int, period: Period, code: str) -> HttpResponse:
        unit, ds = self.setup_view(request, unit_id, period, code)
        if request.GET.get("format") == "xlsx":
            return entry_xlsx(unit, period, code)
        return self.page(request, unit, period, ds, {})

    def page(
        self, request: HttpRequest, unit: Unit, period: Period, ds: Any, errors: dict[str, Any], status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "figures/entry.html",
            {
                "unit": unit,
                "period": period,
                "data_set": ds,
                "fields": entry_fields(unit, period, ds.code),
                "errors": errors,
                "state": Approval.objects.filter(unit=unit, period=period.code).first(),
            },
            status=status,
        )

    def post(self, request: HttpRequest, unit_id: int, period: Period, code: str) -> HttpResponse:
        unit, ds = self.setup_view(request, unit_id, period, code)
        if "file" in request.FILES:
            return self.upload(request, unit, period, ds)
        names = {f["name"] for f in entry_fields(unit, period, code)}
        values = {k: v for k, v in request.POST.items() if k in names}
        single = request.headers.get("HX-Request") == "true"
        try:
            services.enter_values(unit=unit, period=period, values=values, user=request.user)
        except PermissionDenied as exc:
            if single:
                return HttpResponse(f'<span class="error">{exc}</span>', status=403)
            raise
        except ValidationError as exc:
            if single:
                text = " ".join(" ".join(v) for v in exc.message_dict.values())
                return HttpResponse(f'<span class="error" role="alert">{_escape(text)}</span>', status=422)
            return self.page(request, unit, period, ds, exc.message_dict, status=400)
        if single:
            return HttpResponse(f'<span class="ok">{_("Đã lưu")}</span>')
        messages.success(request, _("Đã lưu số liệu."))
        return HttpResponseRedirect(request.path)

    def upload(self, request: HttpRequest, unit: Unit, period: Period, ds: Any) -> HttpResponse:
        upload = request.FILES["file"]
        try:
            values = read_entry_file(str(getattr(upload, "name", "")), upload.read())  # type: ignore[union-attr]
            services.enter_values(unit=unit, period=period, values=values, user=request.user)
        except ImportFileError as exc:
            return self.page(request, unit, period, ds, {"file": [str(exc)]}, status=400)
        except ValidationError as exc:
            return self.page(request, unit, period, ds, exc.message_dict, status=400)
        messages.success(request, _("Đã nhập %(n)s số liệu từ tệp.") % {"n": len(values)})
        return HttpResponseRedirect(request.path)


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


ENTRY_HEADER = ["Mã", "Chỉ số", "Đơn vị tính", "Giá trị"]


def entry_xlsx(unit: Unit, period: Period, code: str) -> HttpResponse:
    with translation.override("vi"):  # the entry sheet is Vietnamese whatever the screen's language
        return _entry_xlsx(unit, period, code)


def _entry_xlsx(unit: Unit, period: Period, code: str) -> HttpResponse:
    rows = [[f["name"], f["label"], f["measure"], f["value"]] for f in entry_fields(unit, period, code)]
    ds = registry.data_set(code)
    sheet = xlsx.Sheet(
        name="Nhap so lieu",
        header=ENTRY_HEADER,
        rows=rows,
        title=[f"{ds.label}", f"{unit.name} — {period.label} (kỳ {period.code})"],
        widths=[34, 60, 14, 16],
        text_columns=True,
    )
    return xlsx.response(xlsx.workbook(sheet), f"nhap-so-lieu-{code}-{unit.pk}-{period.code}.xlsx")


def read_entry_file(name: str, data: bytes) -> dict[str, str]:
    """The values of an entry sheet: column "Mã" names the field, "Giá trị" holds the value."""
    table = open_table(name, data, hints={"ma", "gia tri"})
    headers = [h.strip().lower() for h in table.headers]
    try:
        code_col, value_col = headers.index("mã"), headers.index("giá trị")
    except ValueError:
        raise ImportFileError("Tệp cần hai cột “Mã” và “Giá trị” (tải mẫu từ trang nhập số liệu).") from None
    values = {}
    for line, row in table.rows():
        code = row[code_col].strip() if code_col < len(row) else ""
        if not code:
            continue
        if code in values:
            raise ImportFileError(f"Dòng {line}: mã “{code}” xuất hiện hai lần.")
        values[code] = row[value_col] if value_col < len(row) else ""
    return values


class HomeView(LoginRequiredMixin, View):
    """/figures/?unit=&period= → the dashboard (a form-friendly entry point)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from phongthu.core.current_unit import current_unit

        raw = request.GET.get("unit")
        unit = visible_unit(request.user, raw) if raw else current_unit(request, from_request=False)
        if unit is None:
            raise Http404
        try:
            period = services.parse_period(request.GET.get("period") or str(Period.year(2025).code))
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400)
        return HttpResponseRedirect(reverse("figures:dashboard", args=[unit.pk, period.code]))


class ActView(LoginRequiredMixin, View):
    """POST a step of the approval (submit, approve, return, unlock) from the dashboard."""

    def post(self, request: HttpRequest, unit_id: int, period: Period, name: str) -> HttpResponse:
        unit = visible_unit(request.user, unit_id)
        try:
            approval.act(name, unit, period, request.user, request.POST)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, actions.error_text(exc))
        else:
            messages.success(request, _("Đã thực hiện thao tác."))
        return HttpResponseRedirect(reverse("figures:dashboard", args=[unit.pk, period.code]))
