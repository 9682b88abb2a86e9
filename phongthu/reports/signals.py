"""An approved period's report always says the same: when a unit's figures for a period are
approved, the report's generated content is kept (`services.freeze`) in the same transaction;
when they leave the approved state (unlocked), it is dropped and the report is live again.

The approval is a `core.transitions` step of `figures.Approval`, written with an update and
logged as a `StatusChange`: that row is what is listened to (the report layer sits above figures
and reads its model; figures knows nothing of reports)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver

from phongthu.core.models import StatusChange
from phongthu.figures.models import Approval, ApprovalState


@receiver(post_save, sender=StatusChange, dispatch_uid="reports_freeze_on_figures_approval")
def _figures_state_changed(sender: Any, instance: StatusChange, created: bool, raw: bool, **kw: Any) -> None:
    if raw or not created or instance.field != "state":
        return
    if instance.content_type_id != ContentType.objects.get_for_model(Approval).pk:
        return
    row = Approval.objects.select_related("unit").filter(pk=instance.object_id).first()
    if row is None:
        return
    from phongthu.reports import services

    if instance.to_status == ApprovalState.APPROVED:
        services.freeze(row.unit, row.period_obj)
    elif instance.from_status == ApprovalState.APPROVED:
        services.thaw(row.unit_id, row.period)
