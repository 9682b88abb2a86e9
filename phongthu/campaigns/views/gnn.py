"""Download one of the Ministry's forms (Biểu 01, 01A, 06, 17A, 16A/B/C) for a unit in the
user's reach and a call-up year; the people it reads are the user's (EXPORT reach), and the
download is audited as an export."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views import View

from phongthu.campaigns.gnn import FORMS, FormRequest, build_form
from phongthu.core import audit, xlsx
from phongthu.core.current_unit import current_unit


class GnnFormView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, form: str) -> HttpResponse:
        code = form.upper()
        if code not in FORMS:
            raise Http404("Không có biểu mẫu này.")
        unit = current_unit(request, required=True)
        raw = request.GET.get("year", "")
        year = int(raw) if raw.isdigit() and 2016 <= int(raw) <= 2100 else timezone.localdate().year + 1
        built = build_form(FormRequest(form=code, unit=unit, year=year, user=request.user))
        from phongthu.people.models import Person

        audit.log_export(Person, built.people, f"{built.title} — {unit.name} — năm {year}")
        return xlsx.response(built.content, built.filename)
