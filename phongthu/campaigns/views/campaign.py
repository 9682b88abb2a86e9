"""The source pool and quota allocation (the campaign's own steps are `core.actions`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from phongthu.campaigns import selectors
from phongthu.campaigns.choices import (
    Branch,
)
from phongthu.campaigns.services import campaigns as campaign_services
from phongthu.campaigns.services import pool
from phongthu.campaigns.views.common import chosen_unit, get_campaign, show_errors
from phongthu.core import scoping

if TYPE_CHECKING:
    from phongthu.accounts.models import User


class PoolView(LoginRequiredMixin, View):
    """POST: put a commune's citizens of call-up age into the campaign's source pool (phúc tra nguồn)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        back = reverse("crud:campaigns-campaign-detail", args=[campaign.pk])
        try:
            commune = self._commune(request)
            result = pool.pool_add_commune(campaign=campaign, commune=commune, actor=cast("User", request.user))
            skipped = "; ".join(f"{pool.skipped_label(k)}: {v}" for k, v in sorted(result.skipped.items()))
            messages.success(
                request,
                f"Đã đưa {result.added} công dân của {commune.name} vào nguồn."
                + (f" Không đưa vào: {skipped}." if skipped else ""),
            )
        except ValidationError as exc:
            show_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or "Bạn không có quyền lập nguồn ở đơn vị đã chọn.")
        return HttpResponseRedirect(back)

    def _commune(self, request: HttpRequest) -> Any:
        from phongthu.units.models import Unit

        raw = request.POST.get("commune", "")
        found = raw.isdigit() and len(raw) < 12
        commune = Unit.objects.restrict(request.user, scoping.VIEW).filter(pk=int(raw) if found else 0).first()
        if commune is None:
            raise ValidationError({"commune": ["Chọn xã, phường."]})
        return commune


class QuotaAllocationView(LoginRequiredMixin, View):
    """Giao chỉ tiêu: the unit's quota, each child's quota beside its eligible pool."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        return self._render(request, campaign, chosen_unit(request, campaign))

    def _render(self, request: HttpRequest, campaign: Any, unit: Any, *, typed: Any = None) -> HttpResponse:
        """The page; after an error `typed` (the POST) refills every box with what was entered."""
        overview = selectors.quota_overview(campaign=campaign, unit=unit, user=request.user)

        def values(target: Any, army: Any, police: Any) -> dict[str, str]:
            out = {}
            for branch, quota in (("ARMY", army), ("POLICE", police)):
                for prefix, attr in (("o", "official_count"), ("r", "reserve_count")):
                    name = f"{prefix}-{target.pk}-{branch}"
                    saved = getattr(quota, attr, None) if quota else None
                    out[f"{prefix}_{branch}"] = typed.get(name, "") if typed else ("" if saved is None else str(saved))
            return out

        return render(
            request,
            "campaigns/quotas.html",
            {
                "campaign": campaign,
                "unit": unit,
                "overview": overview,
                "is_root": unit.pk == campaign.unit_id,
                "own_values": values(unit, overview.own_army, overview.own_police),
                "rows": [(line, values(line.unit, line.army, line.police)) for line in overview.lines],
            },
            status=400 if typed else 200,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        from phongthu.campaigns.services.campaigns import QuotaInput

        campaign = get_campaign(request, pk)
        unit = chosen_unit(request, campaign)
        back = reverse("campaigns:quotas", args=[campaign.pk]) + f"?unit={unit.pk}"
        own = bool(request.POST.get("own")) and unit.pk == campaign.unit_id
        kids = selectors.child_units(unit, on=selectors.campaign_map_date(campaign))
        targets = [(unit, None)] if own else [(k, unit) for k in kids]
        rows = []
        try:
            for target, _parent in targets:
                for branch in Branch.values:
                    where = f"{target.name}, {Branch(branch).label}"
                    official = self._int(request, f"o-{target.pk}-{branch}", f"{where} chính thức")
                    reserve = self._int(request, f"r-{target.pk}-{branch}", f"{where} dự phòng")
                    if official is None and reserve is None:
                        continue
                    rows.append(QuotaInput(target, branch, official or 0, reserve or 0))
            parent_unit = None if own else unit
            campaign_services.quotas_allocate(
                campaign=campaign, parent_unit=parent_unit, rows=rows, actor=cast("User", request.user)
            )
            messages.success(request, "Đã lưu chỉ tiêu.")
        except ValidationError as exc:
            # Re-show the page with every value as typed, so one wrong box costs one correction.
            show_errors(request, exc, "Chưa lưu: ")
            return self._render(request, campaign, unit, typed=request.POST)
        except PermissionDenied as exc:
            messages.error(
                request, f"Chưa lưu: {exc}" if str(exc) else "Bạn không có quyền giao chỉ tiêu cho đơn vị này."
            )
        return HttpResponseRedirect(back)

    @staticmethod
    def _int(request: HttpRequest, name: str, label: str) -> int | None:
        raw = request.POST.get(name, "").strip()
        if raw == "":
            return None
        if not raw.isdigit():
            raise ValidationError({name: [f"{label}: số lượng phải là số nguyên không âm."]})
        return int(raw)
