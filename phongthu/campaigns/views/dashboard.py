"""The live progress dashboard of a unit, rolled up the tree."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from phongthu.campaigns import selectors
from phongthu.campaigns.views.common import chosen_unit, get_campaign


class DashboardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from phongthu.units.selectors import ancestors

        campaign = get_campaign(request, pk)
        unit = chosen_unit(request, campaign)
        board = selectors.dashboard(campaign=campaign, unit=unit, user=request.user, indicators=True)
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
