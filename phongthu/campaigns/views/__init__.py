"""Views of the campaign: the board, the pool, quotas, exams, documents. Every status change is
a declared `core.actions` step (phongthu/campaigns/actions.py), offered by `{% record_actions %}`.

Reading is scoped with `restrict()`; writing re-checks scope inside the services (transition,
object_save). Listing, editing, history and the API of every model come from crud.py.
"""

from phongthu.campaigns.views.campaign import PoolView, QuotaAllocationView
from phongthu.campaigns.views.candidates import BoardView, HealthExamView
from phongthu.campaigns.views.contexts import (
    campaign_detail_context,
    candidate_detail_context,
    deferment_detail_context,
)
from phongthu.campaigns.views.dashboard import DashboardView
from phongthu.campaigns.views.documents import DecisionDocxView, ExportView

__all__ = [
    "BoardView",
    "DashboardView",
    "DecisionDocxView",
    "ExportView",
    "HealthExamView",
    "PoolView",
    "QuotaAllocationView",
    "campaign_detail_context",
    "candidate_detail_context",
    "deferment_detail_context",
]
