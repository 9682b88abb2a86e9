"""Small views over the campaign services: they parse a POST, call one service, report back.

Reading is scoped with `restrict()`; writing re-checks scope inside the services (transition,
object_save). Listing, editing, history and the API of every model come from crud.py.
"""

from phongthu.campaigns.views.campaign import CampaignActionView, QuotaAllocationView
from phongthu.campaigns.views.candidates import BoardView, CandidateActionView, DefermentActionView, HealthExamView
from phongthu.campaigns.views.contexts import (
    campaign_detail_context,
    candidate_detail_context,
    deferment_detail_context,
)
from phongthu.campaigns.views.dashboard import DashboardView
from phongthu.campaigns.views.documents import DecisionDocxView, ExportView

__all__ = [
    "BoardView",
    "CampaignActionView",
    "CandidateActionView",
    "DashboardView",
    "DecisionDocxView",
    "DefermentActionView",
    "ExportView",
    "HealthExamView",
    "QuotaAllocationView",
    "campaign_detail_context",
    "candidate_detail_context",
    "deferment_detail_context",
]
