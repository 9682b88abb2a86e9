"""Campaign-level steps (pool, province list, call orders, close, rollover) and quotas."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from phongthu.campaigns import selectors
from phongthu.campaigns.choices import (
    Branch,
)
from phongthu.campaigns.services import calls, deferments, pool
from phongthu.campaigns.services import campaigns as campaign_services
from phongthu.campaigns.views.common import chosen_unit, date_or_today, get_campaign, show_errors
from phongthu.core import scoping


class CampaignActionView(LoginRequiredMixin, View):
    """POST: add_pool · activate · province_list · call_orders · close · rollover."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        action = request.POST.get("action", "")
        back = reverse("crud:campaigns-campaign-detail", args=[campaign.pk])
        on = date_or_today(request.POST.get("on"))
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
            show_errors(request, exc)
        except PermissionDenied:
            messages.error(request, "Bạn không có quyền thực hiện thao tác này ở đơn vị đã chọn.")
        return HttpResponseRedirect(back)

    def _commune(self, request: HttpRequest) -> Any:
        from phongthu.units.models import Unit

        raw = request.POST.get("commune", "")
        commune = Unit.objects.restrict(request.user, scoping.VIEW).filter(pk=int(raw) if raw.isdigit() else 0).first()
        if commune is None:
            raise ValidationError({"commune": ["Chọn xã, phường."]})
        return commune


class QuotaAllocationView(LoginRequiredMixin, View):
    """Giao chỉ tiêu: the unit's quota, each child's quota beside its eligible pool."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        unit = chosen_unit(request, campaign)
        overview = selectors.quota_overview(campaign=campaign, unit=unit, user=request.user)
        return render(
            request,
            "campaigns/quotas.html",
            {"campaign": campaign, "unit": unit, "overview": overview, "is_root": unit.pk == campaign.unit_id},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        from phongthu.campaigns.services.campaigns import QuotaInput

        campaign = get_campaign(request, pk)
        unit = chosen_unit(request, campaign)
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
            show_errors(request, exc, "Chưa lưu: ")
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
