"""One entry for the screens and `manage.py gnn_form`: which records, which sheet, which file."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from phongthu.campaigns.gnn import data, lists, statistical
from phongthu.campaigns.gnn.settings import FormSettings
from phongthu.core.xlsx import form_workbook

if TYPE_CHECKING:
    from phongthu.core.types import Actor
    from phongthu.units.models import Unit

# The titles are lazy (the screens list them in the user's language); the forms are Vietnamese.
FORMS: dict[str, Any] = {
    "01": _("Biểu 01/GNN — Danh sách công dân nam đủ 17 tuổi"),
    "01A": _("Biểu 01A/GNN — Kết quả đăng ký NVQS công dân nam đủ 17 tuổi"),
    "06": _("Biểu 06/GNN — Số lượng công dân nam trong độ tuổi gọi nhập ngũ"),
    "17A": _("Biểu 17A/GNN — Danh sách gọi công dân nhập ngũ"),
    "16A": _("Biểu 16A/GNN — Danh sách công dân miễn gọi nhập ngũ"),
    "16B": _("Biểu 16B/GNN — Danh sách công dân tạm hoãn gọi nhập ngũ"),
    "16C": _("Biểu 16C/GNN — Danh sách công dân đủ điều kiện gọi sơ tuyển"),
}
# Forms about the 17-year-olds of the year before the call-up; the others are about year Y.
REGISTRATION_FORMS = frozenset({"01", "01A"})
STATISTICAL_FORMS = frozenset({"06", "01A"})  # counts, no names: read as grouped profiles


class FormError(ValueError):
    """A request the forms cannot answer (unknown form, unit or year), in Vietnamese."""


@dataclass
class FormRequest:
    form: str
    unit: Unit
    year: int
    user: Actor | None = None
    settings: FormSettings | None = None


@dataclass
class BuiltForm:
    content: bytes
    filename: str
    people: list[Any]  # read for the export audit (at most the first 10,000 of a statistical form)
    title: str
    count: int  # men the form counts or lists


def _population(unit: Unit, user: Actor | None, rows: list[tuple[Any, str]] | None = None) -> dict[Any, int]:
    """Men recorded in phongthu living in the area (all ages), in total (key None) and per row."""
    qs = data.men(unit, user)
    out: dict[Any, int] = {None: qs.count()}
    if rows is None:
        return out
    if unit.level == "COMMUNE":
        from phongthu.military_service.models import MilitaryServiceRegistration

        blank = "(chưa ghi thôn, tổ dân phố)"
        grouped = (
            MilitaryServiceRegistration.objects.filter(person__in=qs)
            .values("village")
            .annotate(n=Count("id"))
            .order_by()
        )
        for g in grouped:
            key = g["village"].strip() or blank
            out[key] = out.get(key, 0) + g["n"]
        return out
    from phongthu.campaigns.selectors import _child_map

    child_of = _child_map([k for k, _n in rows])
    for g in qs.values("residence_unit_id").annotate(n=Count("id")).order_by():
        key = child_of.get(g["residence_unit_id"])
        if key is not None:
            out[key] = out.get(key, 0) + g["n"]
    return out


def _profile_channels(found: list[data.Profile], cfg: FormSettings) -> None:
    """01A col 9–10 from the profiles' first-registration channel, by the same rule as `_channels`."""
    from phongthu.military_service.choices import REGISTERED_STATUSES

    for c in found:
        if not c.registered or c.reg_status not in REGISTERED_STATUSES:
            c.channel = ""
        elif not c.channel:
            c.channel = "IN_PERSON" if cfg.unrecorded_channel_in_person else ""


def _channels(found: list[data.Citizen], cfg: FormSettings) -> None:
    from phongthu.military_service.choices import REGISTERED_STATUSES
    from phongthu.military_service.models import RegistrationEvent

    files = [c.registration.pk for c in found if c.registration is not None]
    first = dict(
        RegistrationEvent.objects.filter(registration_id__in=files, procedure="REG_FIRST")
        .order_by("registration_id", "event_date")
        .values_list("registration_id", "channel")
    )
    for c in found:
        if c.registration is None or c.reg_status not in REGISTERED_STATUSES:
            continue
        c.channel = first.get(c.registration.pk, "IN_PERSON" if cfg.unrecorded_channel_in_person else "")


def build_form(request: FormRequest) -> BuiltForm:
    """The Ministry's form is Vietnamese whatever the user's language (titles, choice labels)."""
    with translation.override("vi"):
        return _build_form(request)


def _build_form(request: FormRequest) -> BuiltForm:
    code = request.form.upper()
    if code not in FORMS:
        raise FormError(f"Không có biểu “{request.form}”: chọn một trong {', '.join(FORMS)}.")
    if not 2016 <= request.year <= 2100:
        raise FormError("Năm gọi nhập ngũ phải từ 2016 đến 2100.")
    cfg = request.settings or FormSettings.default()
    unit, year, user = request.unit, request.year, request.user
    campaign = data.campaign_for(unit, year)
    unit_name = unit.name
    people = data.men(unit, user)
    if code in REGISTRATION_FORMS:
        people = people.filter(date_of_birth__year=year - 1 - 17)
    else:
        from phongthu.military_service.models import MilitaryServiceRegistration

        shown = ["REGISTERED_READY", "BARRED_FROM_REGISTRATION", "EXEMPT_FROM_REGISTRATION"]
        people = people.filter(pk__in=MilitaryServiceRegistration.objects.filter(status__in=shown).values("person_id"))
        if code in ("17A", "16A", "16B", "16C"):
            people = people.filter(campaign_entries__campaign=campaign) if campaign else people.none()
    filename = f"bieu-{code.lower()}-gnn-{year}-{unit.code or unit.pk}.xlsx"
    if code in STATISTICAL_FORMS:
        # Counts only: men grouped by the facts the form reads (one query), never one object each.
        if code == "06":
            grouped = data.profiles(people, campaign)
            sheet = statistical.form_06(
                grouped, year=year, unit_name=unit_name, population=_population(unit, user)[None], cfg=cfg
            )
        else:
            place = "village" if unit.level == "COMMUNE" else "unit"
            grouped = data.profiles(people, campaign, place=place, first_channel=True)
            rows = data.assign_rows(grouped, unit, on=datetime.date(year - 1, 12, 31))
            _profile_channels(grouped, cfg)
            sheet = statistical.form_01a(
                grouped, rows, year=year, unit_name=unit_name, population=_population(unit, user, rows), cfg=cfg
            )
        return BuiltForm(
            content=form_workbook(sheet),
            filename=filename,
            people=list(people.select_related(None).order_by("pk").only("pk")[:10000]),
            title=str(FORMS[code]),
            count=statistical.n(grouped),
        )
    found = data.citizens(people, campaign, relatives=code in ("01", "17A", "16A", "16B", "16C"))
    if code == "01":
        sheet = lists.form_01(found, year=year, unit_name=unit_name)
    else:
        builder = {"17A": lists.form_17a, "16A": lists.form_16a, "16B": lists.form_16b, "16C": lists.form_16c}[code]
        sheet = builder(found, year=year, unit_name=unit_name)
        if campaign is None:
            sheet.notes = [f"Chưa có đợt tuyển quân năm {year} cho {unit_name}.", *sheet.notes]
    return BuiltForm(
        content=form_workbook(sheet),
        filename=filename,
        people=[c.person for c in found],
        title=str(FORMS[code]),
        count=len(found),
    )
