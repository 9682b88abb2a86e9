"""The call-up decision as Word, and the posting / call-up / handover lists."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from phongthu.campaigns import selectors
from phongthu.campaigns.choices import (
    EFFECTIVE_DEFERMENT,
    HANDED_OVER_STATUSES,
    CandidateStatus,
    Ground,
)
from phongthu.campaigns.documents import builders, xlsx
from phongthu.campaigns.documents.decree30 import render as render_docx
from phongthu.campaigns.models import CallUpDecision, Candidate, DefermentDecision
from phongthu.campaigns.views.common import chosen_unit, get_campaign
from phongthu.core import audit, scoping
from phongthu.core.docx import DOCX_TYPE
from phongthu.core.downloads import VietnameseDocumentView, file_response
from phongthu.core.xlsx import XLSX_TYPE

S = CandidateStatus


class DecisionDocxView(LoginRequiredMixin, VietnameseDocumentView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = get_object_or_404(
            CallUpDecision.objects.restrict(request.user, scoping.EXPORT).select_related("campaign", "candidate"),
            pk=pk,
        )
        data = render_docx(builders.decision_document(decision))
        audit.log_export(CallUpDecision, [decision], f"Tải quyết định {decision.symbol} (DOCX)")
        name = decision.symbol.replace("/", "-")
        return file_response(data, DOCX_TYPE, f"QĐ-{name}-{decision.year}.docx")


EXPORTS = {"posting": ("xlsx", "docx"), "calls": ("xlsx", "docx"), "handover": ("xlsx",)}


class ExportView(LoginRequiredMixin, VietnameseDocumentView):
    """Danh sách công khai tạm hoãn/miễn, danh sách gọi nhập ngũ, danh sách giao quân."""

    def get(self, request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
        if fmt not in EXPORTS.get(kind, ()):
            raise Http404
        campaign = get_campaign(request, pk, scoping.EXPORT)
        unit = chosen_unit(request, campaign)
        in_unit = selectors.subtree(unit)
        filename = f"{kind}-{campaign.year}-{unit.code}.{fmt}"
        if kind == "posting":
            deferred = (
                DefermentDecision.objects.restrict(request.user, scoping.EXPORT)
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
            Candidate.objects.restrict(request.user, scoping.EXPORT)
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
        return file_response(data, content_type, filename)
