"""The campaign board (bulk steps) and the health exam entry; single steps are `core.actions`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from phongthu.campaigns import selectors
from phongthu.campaigns.choices import (
    CandidateStatus,
)
from phongthu.campaigns.health import CRITERIA
from phongthu.campaigns.models import Candidate
from phongthu.campaigns.services import pipeline
from phongthu.campaigns.views.common import chosen_unit, date_or_today, get_campaign, today
from phongthu.core import actions, authority, scoping

if TYPE_CHECKING:
    from phongthu.accounts.models import User
    from phongthu.core.types import Actor


class BoardView(LoginRequiredMixin, View):
    """The campaign's citizens in a unit, with one declared bulk step applied to many at once."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        unit = chosen_unit(request, campaign)
        qs = (
            selectors.scoped_candidates(campaign, request.user)
            .filter(commune_id__in=selectors.subtree(unit))
            .select_related("person", "commune", "campaign")
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
        offered = bulk_offered(list(page.object_list), request.user)
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
                "bulk_actions": offered,
                "bulk_fields": bulk_fields(offered, request.user),
                "querystring": query.urlencode(),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_campaign(request, pk)
        action = actions.get(Candidate, request.POST.get("action", ""))
        if action is None or not action.bulk:
            raise Http404
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit() and len(i) < 12]
        chosen = (
            Candidate.objects.restrict(request.user, scoping.CHANGE)
            .filter(campaign=campaign, pk__in=ids)
            .select_related("person", "campaign")
            .order_by("commune__name_sort", "person__name_sort")
        )
        if not ids:
            messages.error(request, "Chọn ít nhất một công dân.")
        done, failed = actions.perform_many(action, chosen, request.user, request.POST)
        if done:
            messages.success(request, f"{action.label}: {done} công dân.")
        for line in failed[:20]:
            messages.error(request, line)
        return HttpResponseRedirect(request.get_full_path())


def bulk_offered(candidates: list[Candidate], user: Actor) -> list[actions.Action]:
    """The bulk steps this user may take on at least one listed citizen (one sample per
    commune and state: authority depends on the unit, the offer on the state)."""
    samples: dict[tuple[Any, ...], Candidate] = {}
    for c in candidates:
        key = (c.commune_id, c.status, c.political_check, c.call_decision_id is None)
        samples.setdefault(key, c)
    names: set[str] = set()
    for c in samples.values():
        names |= {a.name for a in actions.offered(c, user) if a.bulk}
    return [a for a in actions.for_model(Candidate) if a.name in names]


def bulk_fields(offered: list[actions.Action], user: Actor) -> list[Any]:
    """One input per field name across the offered steps' forms (each step reads its own)."""
    seen: dict[str, Any] = {}
    for action in offered:
        form = action.form(user=user, record=None, auto_id="bulk-%s", initial={"on": today()})
        for field in form:
            seen.setdefault(field.name, field)
    return list(seen.values())


class HealthExamView(LoginRequiredMixin, View):
    """Nhập kết quả khám: class, BMI and FIT/UNFIT are computed by the service."""

    def _candidate(self, request: HttpRequest, pk: int) -> Candidate:
        candidate: Candidate = get_object_or_404(
            Candidate.objects.restrict(request.user, scoping.CHANGE).select_related("campaign", "person"),
            pk=pk,
        )
        if not authority.allowed(request.user, "HEALTH_EXAM_RECORD", candidate.commune_id, today()):
            raise PermissionDenied(authority.refusal("HEALTH_EXAM_RECORD", candidate.commune_id, today()))
        return candidate

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
                "today": today(),
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
        exam_date = date_or_today(data.get("exam_date"))
        if errors or height is None or weight is None:
            return self._render(request, candidate, data.dict(), errors, status=400)
        try:
            exam = pipeline.candidate_record_exam(
                candidate,
                actor=cast("User", request.user),
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
        except PermissionDenied as exc:
            return self._render(request, candidate, data.dict(), {"__all__": str(exc)}, status=403)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(str(m) for e in v for m in e.messages) for k, v in exc.error_dict.items()}
            else:
                errors = {"__all__": actions.error_text(exc)}
            return self._render(request, candidate, data.dict(), errors, status=400)
        verdict = "đủ sức khỏe" if exam.fit else f"không đạt ({exam.unfit_codes})"
        messages.success(
            request,
            f"Đã nhập kết quả khám: loại {exam.health_class}, BMI {exam.bmi} — {candidate.person.full_name} {verdict}.",
        )
        return HttpResponseRedirect(reverse("crud:campaigns-candidate-detail", args=[candidate.pk]))
