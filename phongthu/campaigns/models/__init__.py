from .campaign import Campaign, CampaignClosedError, Quota
from .candidate import Candidate
from .decision import CallUpDecision
from .deferment import DefermentDecision
from .exam import HealthExam

__all__ = [
    "CallUpDecision",
    "Campaign",
    "CampaignClosedError",
    "Candidate",
    "DefermentDecision",
    "HealthExam",
    "Quota",
]
