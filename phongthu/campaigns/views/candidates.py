"""Candidate steps (board, one citizen, health exam) and deferment decisions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from phongthu.campaigns import actions as candidate_actions
from phongthu.campaigns import selectors
from phongthu.campaigns.choices import (
    CandidateStatus,
)
from phongthu.campaigns.health import CRITERIA
from phongthu.campaigns.models import Candidate, DefermentDecision
from phongthu.campaigns.services import deferments, pipeline
from phongthu.campaigns.views.common import chosen_unit, date_or_today, get_campaign, show_errors, today
from phongthu.core import scoping


class BoardView(LoginRequiredMixin, View):
    """The campaign's citizens in a unit, with one step applied to many at once."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        unit = chosen_unit(request, campaign)
        qs = (
            selectors.scoped_candidates(campaign, request.user)
            .filter(commune_id__in=selectors.subtree(unit))
            .select_related("person", "commune")
            .order_by("commune__name_sort", "person__name_sort")
        )
        status = request.GET.get("status", "")
        if status:
            qs = qs.filter(status=status)
        term = request.GET.get("q", "").strip()
        if term:
            from phongthu.core.text import search_key

            qs = qs.filter(Q(person__name_search__contains=search_key(term)) | Q(person__id_number=term))
        page = Paginator(qs, 100).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "campaigns/board.html",
            {
                "campaign": campaign,
                "unit": unit,
                "page": page,
                "status": status,
                "q": term,
                "statuses": CandidateStatus.choices,
                "bulk_actions": candidate_actions.bulk_actions() if not campaign.is_closed else [],
                "today": today(),
                "querystring": query.urlencode(),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        name = request.POST.get("action", "")
        action = candidate_actions.BY_NAME.get(name)
        if action is None or not action.bulk:
            raise Http404
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        chosen = (
            Candidate.objects.restrict(request.user, scoping.CHANGE)
            .filter(campaign=campaign, pk__in=ids)
            .select_related("person", "campaign")
        )
        done, failed = 0, []
        for candidate in chosen:
            try:
                action.run(candidate, request.POST, request.user)
                done += 1
            except ValidationError as exc:
                failed.append(f"{candidate.person.full_name}: {candidate_actions.error_text(exc)}")
            except PermissionDenied:
                failed.append(f"{candidate.person.full_name}: ngoài phạm vi đơn vị được giao.")
        if not ids:
            messages.error(request, "Chọn ít nhất một công dân.")
        if done:
            messages.success(request, f"{action.label}: {done} công dân.")
        for line in failed[:20]:
            messages.error(request, line)
        return HttpResponseRedirect(request.get_full_path())


class CandidateActionView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        candidate = get_object_or_404(
            Candidate.objects.restrict(request.user, scoping.CHANGE).select_related("campaign", "person"),
            pk=pk,
        )
        action = candidate_actions.BY_NAME.get(request.POST.get("action", ""))
        if action is None:
            raise Http404
        try:
            action.run(candidate, request.POST, request.user)
            messages.success(request, f"{action.label}: {candidate.person.full_name}.")
        except ValidationError as exc:
            show_errors(request, exc, f"{action.label} — ")
        except PermissionDenied:
            messages.error(request, "Bạn không có quyền thực hiện thao tác này.")
        return HttpResponseRedirect(reverse("crud:campaigns-candidate-detail", args=[candidate.pk]))


class HealthExamView(LoginRequiredMixin, View):
    """Nhập kết quả khám: class, BMI and FIT/UNFIT are computed by the service."""

    def _candidate(self, request: HttpRequest, pk: int) -> Candidate:
        candidate: Candidate = get_object_or_404(
            Candidate.objects.restrict(request.user, scoping.CHANGE).select_related("campaign", "person"),
            pk=pk,
        )
        return candidate

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        candidate = self._candidate(request, pk)
        return self._render(request, candidate, {}, {})

    def _render(
        self,
        request: HttpRequest,
        candidate: Candidate,
        values: dict[str, Any],
        errors: dict[str, str],
        status: int = 200,
    ) -> HttpResponse:
        criteria = [(n, label) for n, label in CRITERIA if n != "score_physical"]
        if candidate.person.sex != "female":
            criteria = [(n, label) for n, label in criteria if n != "score_gynecology"]
        return render(
            request,
            "campaigns/exam_form.html",
            {
                "object": candidate,
                "criteria": criteria,
                "values": values,
                "errors": errors,
                "today": today(),
                "scores": range(1, 7),
            },
            status=status,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        candidate = self._candidate(request, pk)
        data = request.POST
        errors: dict[str, str] = {}

        def dec(name: str, required: bool = True) -> Decimal | None:
            raw = data.get(name, "").strip().replace(",", ".")
            if not raw:
                if required:
                    errors[name] = "Bắt buộc nhập."
                return None
            try:
                return Decimal(raw)
            except InvalidOperation:
                errors[name] = "Nhập một số (ví dụ 165.5)."
                return None

        height, weight = dec("height_cm"), dec("weight_kg")
        chest, myopia = dec("chest_cm", False), dec("myopia_diopters", False)
        scores: dict[str, int | None] = {}
        for name, _label in CRITERIA:
            if name == "score_physical":
                continue
            raw = data.get(name, "").strip()
            scores[name] = int(raw) if raw.isdigit() else None
        if candidate.person.sex != "female":
            scores.pop("score_gynecology", None)
        exam_date = date_or_today(data.get("exam_date"))
        if errors or height is None or weight is None:
            return self._render(request, candidate, data.dict(), errors, status=400)
        try:
            exam = pipeline.record_health_exam(
                candidate=candidate,
                actor=request.user,
                exam_date=exam_date,
                height_cm=height,
                weight_kg=weight,
                chest_cm=chest,
                scores=scores,
                myopia_diopters=myopia or Decimal(0),
                hyperopia=bool(data.get("hyperopia")),
                drug_test_positive=bool(data.get("drug_test_positive")),
                council=data.get("council", ""),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(str(m) for e in v for m in e.messages) for k, v in exc.error_dict.items()}
            else:
                errors = {"__all__": candidate_actions.error_text(exc)}
            return self._render(request, candidate, data.dict(), errors, status=400)
        verdict = "đủ sức khỏe" if exam.fit else f"không đạt ({exam.unfit_codes})"
        messages.success(
            request,
            f"Đã nhập kết quả khám: loại {exam.health_class}, BMI {exam.bmi} — {candidate.person.full_name} {verdict}.",
        )
        return HttpResponseRedirect(reverse("crud:campaigns-candidate-detail", args=[candidate.pk]))


class DefermentActionView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        deferment = get_object_or_404(
            DefermentDecision.objects.restrict(request.user, scoping.CHANGE).select_related("candidate__campaign"),
            pk=pk,
        )
        action = request.POST.get("action", "")
        data = request.POST
        try:
            if action == "decide":
                deferments.decide_deferment(
                    deferment=deferment,
                    actor=request.user,
                    decision_ref=data.get("decision_ref", ""),
                    decision_date=candidate_actions._date(data, "decision_date"),
                    signer_name=data.get("signer_name", ""),
                )
                messages.success(request, "Đã ghi quyết định.")
            elif action == "reject":
                deferments.reject_deferment(
                    deferment=deferment,
                    actor=request.user,
                    on=date_or_today(data.get("on")),
                    note=data.get("note", ""),
                )
                messages.success(request, "Đã ghi không chấp thuận.")
            elif action == "publish":
                deferments.publish_deferment(
                    deferment=deferment,
                    actor=request.user,
                    posted_from=candidate_actions._date(data, "posted_from") if data.get("posted_from") else None,
                    portal_url=data.get("portal_url", "").strip(),
                )
                messages.success(request, "Đã ghi công khai danh sách.")
            else:
                raise Http404
        except ValidationError as exc:
            show_errors(request, exc)
        except PermissionDenied:
            messages.error(request, "Quyết định tạm hoãn, miễn thuộc thẩm quyền cấp tỉnh: bạn không có quyền ghi.")
        return HttpResponseRedirect(reverse("crud:campaigns-defermentdecision-detail", args=[deferment.pk]))
