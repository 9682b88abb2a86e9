"""Small views over the campaign services: they parse a POST, call one service, report back.

Reading is scoped with `restrict()`; writing re-checks scope inside the services (transition,
object_save). Listing, editing, history and the API of every model come from crud.py.
"""

from __future__ import annotations

import datetime
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
from django.utils import timezone
from django.views import View

from phongthu.campaigns import actions as candidate_actions
from phongthu.campaigns import selectors
from phongthu.campaigns.choices import (
    EFFECTIVE_DEFERMENT,
    HANDED_OVER_STATUSES,
    Branch,
    CandidateStatus,
    DefermentStatus,
    Ground,
    ListKind,
)
from phongthu.campaigns.documents import builders, xlsx
from phongthu.campaigns.documents.decree30 import DOCX_TYPE
from phongthu.campaigns.documents.decree30 import render as render_docx
from phongthu.campaigns.health import CRITERIA
from phongthu.campaigns.models import CallUpDecision, Campaign, Candidate, DefermentDecision
from phongthu.campaigns.services import calls, deferments, pipeline, pool
from phongthu.campaigns.services import campaigns as campaign_services
from phongthu.core import audit, scoping
from phongthu.core.exporting import XLSX_TYPE

S = CandidateStatus


def _today() -> datetime.date:
    return timezone.localdate()


def _campaign(request: HttpRequest, pk: int, action: str = scoping.VIEW) -> Campaign:
    return get_object_or_404(Campaign.objects.restrict(request.user, action), pk=pk)  # type: ignore[attr-defined]


def _unit(request: HttpRequest, campaign: Campaign) -> Any:
    """`?unit=` (any unit the user may view), else the campaign's unit if visible, else theirs."""
    from phongthu.core.pages import current_unit
    from phongthu.units.models import Unit

    visible = Unit.objects.restrict(request.user, scoping.VIEW)  # type: ignore[attr-defined]
    raw = request.GET.get("unit") or request.POST.get("unit") or ""
    if raw:
        unit = visible.filter(pk=int(raw) if raw.isdigit() else 0).first()
        if unit is None:
            raise Http404
        return unit
    if scoping.unit_scope_query(request.user, scoping.VIEW) is None:
        return campaign.unit
    return current_unit(request) or campaign.unit


def _errors(request: HttpRequest, exc: ValidationError, prefix: str = "") -> None:
    messages.error(request, f"{prefix}{candidate_actions.error_text(exc)}")


def _date_or_today(raw: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat((raw or "").strip())
    except ValueError:
        return _today()


# ----------------------------------------------------------------------------- detail contexts


def campaign_detail_context(campaign: Campaign, request: HttpRequest) -> dict[str, Any]:
    from phongthu.units.models import Unit

    unit = _unit(request, campaign)
    board = selectors.dashboard(campaign=campaign, unit=unit, user=request.user)
    communes = (
        Unit.objects.restrict(request.user, scoping.ADD)  # type: ignore[attr-defined]
        .filter(level="COMMUNE", pk__in=selectors.subtree(campaign.unit), valid_to__isnull=True)
        .order_by("name_sort")
    )
    return {
        "campaign": campaign,
        "unit": unit,
        "board": board,
        "communes": communes,
        "branches": Branch.choices,
        "today": _today(),
        "can_decide": _can_write(request, campaign),
        "balance": selectors.balance_problems(campaign=campaign, user=request.user),
    }


def _can_write(request: HttpRequest, campaign: Campaign) -> bool:
    return bool(
        Campaign.objects.restrict(request.user, scoping.CHANGE).filter(pk=campaign.pk).exists()  # type: ignore[attr-defined]
    )


def candidate_detail_context(candidate: Candidate, request: HttpRequest) -> dict[str, Any]:
    from phongthu.core.transitions import history_of

    available = candidate_actions.available(candidate) if not candidate.campaign.is_closed else []
    reserves: list[Candidate] = []
    if any(a.name == "replace" for a in available):
        reserves = list(
            Candidate.objects.restrict(request.user, scoping.CHANGE)  # type: ignore[attr-defined]
            .filter(
                campaign_id=candidate.campaign_id,
                list_kind=ListKind.RESERVE,
                branch=candidate.branch,
                status__in=[S.SHORTLISTED, S.DECIDED_BY_PROVINCE, S.CALL_DELIVERED],
            )
            .select_related("person", "commune")
        )
    return {
        "actions": available,
        "reserves": reserves,
        "transitions": history_of(candidate).order_by("time", "id"),
        "exams": candidate.health_exams.all(),
        "deferments": candidate.deferments.all(),
        "today": _today(),
        "can_exam": candidate.status == S.CALLED_TO_EXAM and not candidate.campaign.is_closed,
    }


def deferment_detail_context(deferment: DefermentDecision, request: HttpRequest) -> dict[str, Any]:
    from phongthu.core.transitions import history_of

    campaign = deferment.candidate.campaign
    return {
        "transitions": history_of(deferment).order_by("time", "id"),
        "can_decide": deferment.status == DefermentStatus.PROPOSED
        and not campaign.is_closed
        and _can_write(request, campaign),
        "can_publish": deferment.status == DefermentStatus.DECIDED and not campaign.is_closed,
        "authority": deferments.authority_for(deferment),
        "today": _today(),
        "publication_days": campaign.publication_days,
    }


# ----------------------------------------------------------------------------- campaign actions


class CampaignActionView(LoginRequiredMixin, View):
    """POST: add_pool · activate · province_list · call_orders · close · rollover."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = _campaign(request, pk)
        action = request.POST.get("action", "")
        back = reverse("crud:campaigns-campaign-detail", args=[campaign.pk])
        on = _date_or_today(request.POST.get("on"))
        user = request.user
        try:
            if action == "add_pool":
                commune = self._commune(request)
                result = pool.add_commune_pool(campaign=campaign, commune=commune, actor=user)
                skipped = ", ".join(f"{k}: {v}" for k, v in sorted(result.skipped.items()))
                messages.success(
                    request,
                    f"Đã đưa {result.added} công dân của {commune.name} vào nguồn."
                    + (f" Không đưa vào: {skipped}." if skipped else ""),
                )
            elif action == "activate":
                n = deferments.activate_published(campaign=campaign, actor=user, on=on)
                messages.success(request, f"{n} quyết định tạm hoãn, miễn đã hết thời gian công khai, có hiệu lực.")
            elif action == "province_list":
                decision = calls.decide_province_list(
                    campaign=campaign,
                    actor=user,
                    branch=request.POST.get("branch", ""),
                    date=on,
                    signer_name=request.POST.get("signer_name", ""),
                    signing_authority=request.POST.get("signing_authority", ""),
                )
                messages.success(request, f"Đã ban hành quyết định {decision.symbol}.")
                back = reverse("crud:campaigns-callupdecision-detail", args=[decision.pk])
            elif action == "call_orders":
                commune = self._commune(request)
                made = calls.issue_call_orders(
                    campaign=campaign,
                    commune=commune,
                    actor=user,
                    date=on,
                    signer_name=request.POST.get("signer_name", ""),
                )
                messages.success(
                    request, f"Đã lập {len(made)} quyết định gọi nhập ngũ: {', '.join(d.symbol for d in made)}."
                )
                back = reverse("campaigns:board", args=[campaign.pk]) + f"?unit={commune.pk}"
            elif action == "close":
                campaign_services.close_campaign(
                    campaign=campaign, actor=user, on=on, note=request.POST.get("note", "")
                )
                messages.success(request, "Đã kết thúc đợt tuyển quân; số liệu của đợt được khóa.")
            elif action == "rollover":
                result_r = campaign_services.rollover_campaign(campaign=campaign, actor=user)
                messages.success(
                    request,
                    f"Đã kết chuyển {result_r.carried} công dân sang {result_r.campaign}"
                    f" ({result_r.not_eligible} không còn đủ điều kiện, {result_r.already_there} đã có).",
                )
                back = reverse("crud:campaigns-campaign-detail", args=[result_r.campaign.pk])
            else:
                raise Http404
        except ValidationError as exc:
            _errors(request, exc)
        except PermissionDenied:
            messages.error(request, "Bạn không có quyền thực hiện thao tác này ở đơn vị đã chọn.")
        return HttpResponseRedirect(back)

    def _commune(self, request: HttpRequest) -> Any:
        from phongthu.units.models import Unit

        raw = request.POST.get("commune", "")
        commune = (
            Unit.objects.restrict(request.user, scoping.VIEW)  # type: ignore[attr-defined]
            .filter(pk=int(raw) if raw.isdigit() else 0)
            .first()
        )
        if commune is None:
            raise ValidationError({"commune": ["Chọn xã, phường."]})
        return commune


# ----------------------------------------------------------------------------- quotas


class QuotaAllocationView(LoginRequiredMixin, View):
    """Giao chỉ tiêu: the unit's quota, each child's quota beside its eligible pool."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = _campaign(request, pk)
        unit = _unit(request, campaign)
        overview = selectors.quota_overview(campaign=campaign, unit=unit, user=request.user)
        return render(
            request,
            "campaigns/quotas.html",
            {"campaign": campaign, "unit": unit, "overview": overview, "is_root": unit.pk == campaign.unit_id},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        from phongthu.campaigns.services.campaigns import QuotaInput

        campaign = _campaign(request, pk)
        unit = _unit(request, campaign)
        back = reverse("campaigns:quotas", args=[campaign.pk]) + f"?unit={unit.pk}"
        own = bool(request.POST.get("own")) and unit.pk == campaign.unit_id
        targets = [(unit, None)] if own else [(k, unit) for k in selectors.child_units(unit)]
        rows = []
        try:
            for target, _parent in targets:
                for branch in Branch.values:
                    official = self._int(request, f"o-{target.pk}-{branch}")
                    reserve = self._int(request, f"r-{target.pk}-{branch}")
                    if official is None and reserve is None:
                        continue
                    rows.append(QuotaInput(target, branch, official or 0, reserve or 0))
            parent_unit = None if own else unit
            campaign_services.allocate_quotas(campaign=campaign, parent_unit=parent_unit, rows=rows, actor=request.user)
            messages.success(request, "Đã lưu chỉ tiêu.")
        except ValidationError as exc:
            _errors(request, exc, "Chưa lưu: ")
        except PermissionDenied:
            messages.error(request, "Bạn không có quyền giao chỉ tiêu cho đơn vị này.")
        return HttpResponseRedirect(back)

    @staticmethod
    def _int(request: HttpRequest, name: str) -> int | None:
        raw = request.POST.get(name, "").strip()
        if raw == "":
            return None
        if not raw.isdigit():
            raise ValidationError({name: ["Số lượng phải là số nguyên không âm."]})
        return int(raw)


# ----------------------------------------------------------------------------- candidates


class BoardView(LoginRequiredMixin, View):
    """The campaign's citizens in a unit, with one step applied to many at once."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = _campaign(request, pk)
        unit = _unit(request, campaign)
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
                "today": _today(),
                "querystring": query.urlencode(),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = _campaign(request, pk)
        name = request.POST.get("action", "")
        action = candidate_actions.BY_NAME.get(name)
        if action is None or not action.bulk:
            raise Http404
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        chosen = (
            Candidate.objects.restrict(request.user, scoping.CHANGE)  # type: ignore[attr-defined]
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
            Candidate.objects.restrict(request.user, scoping.CHANGE).select_related("campaign", "person"),  # type: ignore[attr-defined]
            pk=pk,
        )
        action = candidate_actions.BY_NAME.get(request.POST.get("action", ""))
        if action is None:
            raise Http404
        try:
            action.run(candidate, request.POST, request.user)
            messages.success(request, f"{action.label}: {candidate.person.full_name}.")
        except ValidationError as exc:
            _errors(request, exc, f"{action.label} — ")
        except PermissionDenied:
            messages.error(request, "Bạn không có quyền thực hiện thao tác này.")
        return HttpResponseRedirect(reverse("crud:campaigns-candidate-detail", args=[candidate.pk]))


class HealthExamView(LoginRequiredMixin, View):
    """Nhập kết quả khám: class, BMI and FIT/UNFIT are computed by the service."""

    def _candidate(self, request: HttpRequest, pk: int) -> Candidate:
        return get_object_or_404(
            Candidate.objects.restrict(request.user, scoping.CHANGE).select_related("campaign", "person"),  # type: ignore[attr-defined]
            pk=pk,
        )

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
                "today": _today(),
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
        exam_date = _date_or_today(data.get("exam_date"))
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


# ----------------------------------------------------------------------------- deferments


class DefermentActionView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        deferment = get_object_or_404(
            DefermentDecision.objects.restrict(request.user, scoping.CHANGE).select_related("candidate__campaign"),  # type: ignore[attr-defined]
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
                    on=_date_or_today(data.get("on")),
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
            _errors(request, exc)
        except PermissionDenied:
            messages.error(request, "Quyết định tạm hoãn, miễn thuộc thẩm quyền cấp tỉnh: bạn không có quyền ghi.")
        return HttpResponseRedirect(reverse("crud:campaigns-defermentdecision-detail", args=[deferment.pk]))


# ----------------------------------------------------------------------------- documents and exports


class DecisionDocxView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = get_object_or_404(
            CallUpDecision.objects.restrict(request.user, scoping.EXPORT).select_related("campaign", "candidate"),  # type: ignore[attr-defined]
            pk=pk,
        )
        data = render_docx(builders.decision_document(decision))
        audit.log_export(CallUpDecision, [decision], f"Tải quyết định {decision.symbol} (DOCX)")
        name = decision.symbol.replace("/", "-")
        response = HttpResponse(data, content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="QD-{name}-{decision.year}.docx"'
        return response


EXPORTS = {"posting": ("xlsx", "docx"), "calls": ("xlsx", "docx"), "handover": ("xlsx",)}


class ExportView(LoginRequiredMixin, View):
    """Danh sách công khai tạm hoãn/miễn, danh sách gọi nhập ngũ, danh sách giao quân."""

    def get(self, request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
        if fmt not in EXPORTS.get(kind, ()):
            raise Http404
        campaign = _campaign(request, pk, scoping.EXPORT)
        unit = _unit(request, campaign)
        in_unit = selectors.subtree(unit)
        filename = f"{kind}-{campaign.year}-{unit.code}.{fmt}"
        if kind == "posting":
            deferred = (
                DefermentDecision.objects.restrict(request.user, scoping.EXPORT)  # type: ignore[attr-defined]
                .filter(candidate__campaign=campaign, candidate__commune_id__in=in_unit, status__in=EFFECTIVE_DEFERMENT)
                .select_related("candidate__person", "candidate__commune")
                .order_by("kind", "candidate__commune__name_sort", "candidate__person__name_sort")
            )
            if fmt == "docx":
                first = deferred.exclude(posted_from__isnull=True).order_by("posted_from").first()
                doc = builders.posting_list_document(
                    campaign=campaign, unit=unit, deferments=deferred, posted_from=first.posted_from if first else None
                )
                audit.log_export(DefermentDecision, deferred, f"Danh sách công khai tạm hoãn, miễn {unit.name} (DOCX)")
                return self._file(render_docx(doc), DOCX_TYPE, filename)
            grounds = dict(Ground.choices)
            data = xlsx.workbook(
                title="Tạm hoãn, miễn",
                columns=[
                    ("Họ và tên", lambda d: d.candidate.person.full_name),
                    ("Ngày sinh", lambda d: d.candidate.person.date_of_birth),
                    ("Xã, phường", lambda d: d.candidate.commune.name),
                    ("Loại", lambda d: d.get_kind_display()),
                    ("Lý do", lambda d: str(grounds.get(d.ground, d.ground))),
                    ("Số quyết định", lambda d: d.decision_ref),
                    ("Ngày quyết định", lambda d: d.decision_date),
                    ("Công khai từ", lambda d: d.posted_from),
                    ("Công khai đến", lambda d: d.posted_to),
                ],
                records=deferred,
                model=DefermentDecision,
                description=f"Danh sách công khai tạm hoãn, miễn {unit.name}",
            )
            return self._file(data, XLSX_TYPE, filename)
        base = (
            Candidate.objects.restrict(request.user, scoping.EXPORT)  # type: ignore[attr-defined]
            .filter(campaign=campaign, commune_id__in=in_unit)
            .select_related("person", "commune")
            .order_by("commune__name_sort", "person__name_sort")
        )
        if kind == "calls":
            called = base.exclude(call_decision_no="")
            if fmt == "docx":
                doc = builders.call_list_document(campaign=campaign, unit=unit, candidates=called)
                audit.log_export(Candidate, called, f"Danh sách gọi nhập ngũ {unit.name} (DOCX)")
                return self._file(render_docx(doc), DOCX_TYPE, filename)
            data = xlsx.workbook(
                title="Gọi nhập ngũ",
                columns=[
                    ("Họ và tên", lambda c: c.person.full_name),
                    ("Ngày sinh", lambda c: c.person.date_of_birth),
                    ("Số định danh cá nhân", lambda c: c.person.id_number or ""),
                    ("Xã, phường", lambda c: c.commune.name),
                    ("Lực lượng", lambda c: c.get_branch_display()),
                    ("Danh sách", lambda c: c.get_list_kind_display()),
                    ("Số quyết định", lambda c: c.call_decision_no),
                    ("Ngày quyết định", lambda c: c.call_decision_date),
                    ("Ngày giao quyết định", lambda c: c.call_delivered_at),
                    ("Trạng thái", lambda c: c.get_status_display()),
                ],
                records=called,
                model=Candidate,
                description=f"Danh sách gọi nhập ngũ {unit.name}",
            )
            return self._file(data, XLSX_TYPE, filename)
        handed = base.filter(Q(status__in=HANDED_OVER_STATUSES) | Q(status=S.RETURNED))
        data = xlsx.workbook(
            title="Giao quân",
            columns=[
                ("Họ và tên", lambda c: c.person.full_name),
                ("Ngày sinh", lambda c: c.person.date_of_birth),
                ("Số định danh cá nhân", lambda c: c.person.id_number or ""),
                ("Xã, phường", lambda c: c.commune.name),
                ("Lực lượng", lambda c: c.get_branch_display()),
                ("Ngày giao quân", lambda c: c.handover_date),
                ("Điểm giao quân", lambda c: c.handover_point),
                ("Đơn vị nhận quân", lambda c: c.receiving_unit),
                ("Phúc tra", lambda c: c.recheck_result),
                ("Trạng thái", lambda c: c.get_status_display()),
            ],
            records=handed,
            model=Candidate,
            description=f"Danh sách giao quân {unit.name}",
        )
        return self._file(data, XLSX_TYPE, filename)

    @staticmethod
    def _file(data: bytes, content_type: str, filename: str) -> HttpResponse:
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# ----------------------------------------------------------------------------- dashboard


class DashboardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from phongthu.units.selectors import ancestors

        campaign = _campaign(request, pk)
        unit = _unit(request, campaign)
        board = selectors.dashboard(campaign=campaign, unit=unit, user=request.user)
        crumbs = [
            u
            for u in ancestors(unit, hierarchy="MILITARY") or ancestors(unit)
            if selectors.subtree(campaign.unit).filter(descendant_id=u.pk).exists()
        ]
        names = [name for name, _label in selectors.FIGURES]
        table = [(r.unit, [getattr(r.figures, n) for n in names], r.figures) for r in board.rows]
        return render(
            request,
            "campaigns/dashboard.html",
            {
                "campaign": campaign,
                "unit": unit,
                "board": board,
                "table": table,
                "other": [getattr(board.other, n) for n in names] if board.other else None,
                "total": [getattr(board.total, n) for n in names],
                "chart": board.chart(),
                "figures": selectors.FIGURES,
                "crumbs": crumbs,
            },
        )
