"""The pool's evaluation stays current: when a fact the eligibility engine reads changes (the
person's record, their military-service file and health exam, an asserted ground, a family
relation), every candidate of that person in an open campaign is judged again, in the same
transaction as the change.

The facts are written by other apps' services (people, military_service) which may not import
the campaign app (layers), so the campaign app listens to their saves (`connect()`, called
from `CampaignsConfig.ready()`). A save inside `transaction.atomic` runs its receivers inside
it too: a failure rolls the change back with the refresh.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save

from phongthu.campaigns.choices import CampaignStatus
from phongthu.campaigns.models import Candidate
from phongthu.core import audit
from phongthu.core.context import reason as reason_context

# Fields of a candidate that carry the engine's answer.
EVALUATION_FIELDS = (
    "eligibility_status",
    "eligibility_codes",
    "eligibility_rule_set",
    "age_at_reference",
    "education_ok",
)


def candidates_refresh(person_ids: Iterable[int]) -> int:
    """Judge again every open-campaign candidate of these people; returns how many changed."""
    from phongthu.campaigns.services.pool import candidate_from, evaluate_people

    ids = sorted({int(i) for i in person_ids if i is not None})
    if not ids:
        return 0
    rows = list(
        Candidate.objects.filter(person_id__in=ids)
        .exclude(campaign__status=CampaignStatus.CLOSED)
        .select_related("person", "campaign")
    )
    by_day: dict[Any, list[Candidate]] = defaultdict(list)
    for c in rows:
        by_day[c.campaign.reference_date()].append(c)
    changed = 0
    for as_of, group in by_day.items():
        for c, evaluation in zip(group, evaluate_people([c.person for c in group], as_of), strict=True):
            fresh = candidate_from(campaign=c.campaign, person=c.person, commune_id=c.commune_id, evaluation=evaluation)
            values = {name: getattr(fresh, name) for name in EVALUATION_FIELDS}
            if all(getattr(c, name) == value for name, value in values.items()):
                continue
            with reason_context("Xét lại điều kiện gọi nhập ngũ sau khi hồ sơ thay đổi"):
                audit.audited_update(Candidate.objects.filter(pk=c.pk), **values)
            changed += 1
    return changed


def _person_id(instance: Any) -> int | None:
    """The person a saved fact belongs to (Person, file, ground, family relation)."""
    from phongthu.people.models import Person

    if isinstance(instance, Person):
        return int(instance.pk)
    if hasattr(instance, "registration_id") and not hasattr(instance, "person_id"):
        registration = getattr(instance, "registration", None)
        return getattr(registration, "person_id", None)
    return getattr(instance, "person_id", None)


def _on_save(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kw: Any) -> None:
    from phongthu.people.models import Person

    if raw or (created and sender is Person):  # fixtures; a new person is in no campaign yet
        return
    person_id = _person_id(instance)
    if person_id is not None:
        candidates_refresh([person_id])


def connect() -> None:
    from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationGround
    from phongthu.people.models import FamilyRelation, Person

    for model in (Person, MilitaryServiceRegistration, RegistrationGround, FamilyRelation):
        uid = f"campaigns.refresh.{model._meta.label_lower}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid + ".save")
        if model is not Person:
            post_delete.connect(_on_save, sender=model, dispatch_uid=uid + ".delete")
