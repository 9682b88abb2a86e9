"""Mobilisation reserves (DBĐV): reservists, reserve units, assignments, training, equipment.

domain.md §4 and §2.9; rules V-DBDV-1..3 (§12.3). Numbers come from `forces.rules`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from phongthu.core.models import NamedModel, ScopedModel
from phongthu.core.text import search_key
from phongthu.forces import rules
from phongthu.forces.choices import (
    RANKS_BY_TYPE,
    EquipmentOwnerKind,
    EquipmentType,
    Rank,
    ReserveGrade,
    ReserveTrainingKind,
    ReserveUnitKind,
    ReservistStatus,
    ReservistType,
    SpecialityMatch,
)

if TYPE_CHECKING:
    from phongthu.core.types import Actor


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


class Reservist(ScopedModel):
    """A person in the reserve register (SM-5). Status changes only via services."""

    unit_path: ClassVar[str] = "unit"
    audited: ClassVar[bool] = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="reservist_records", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="reservists", verbose_name=_("nơi đăng ký, quản lý")
    )
    personnel_type = models.CharField(_("diện quân nhân dự bị"), max_length=8, choices=ReservistType.choices)
    grade = models.PositiveSmallIntegerField(_("hạng"), choices=ReserveGrade.choices)
    rank = models.CharField(_("cấp bậc"), max_length=12, choices=Rank.choices, blank=True)
    speciality_code = models.CharField(_("mã chuyên nghiệp quân sự"), max_length=20)
    speciality_name = models.CharField(_("tên chuyên nghiệp quân sự"), max_length=150, blank=True)
    registration_date = models.DateField(_("ngày đăng ký"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ReservistStatus.choices,
        default=ReservistStatus.REGISTERED,
        editable=False,
        db_index=True,
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quân nhân dự bị")
        verbose_name_plural = _("quân nhân dự bị")
        ordering = ["person__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(status=ReservistStatus.REMOVED),
                name="reservist_one_active_per_person",
                violation_error_message=_("Công dân này đã có trong danh sách quân nhân dự bị."),
            )
        ]

    def __str__(self) -> str:
        name = self.person.full_name if self.person_id else "?"
        return f"{name} — {self.get_personnel_type_display()}"

    @property
    def rules(self) -> rules.ReserveRules:
        return rules.reserve_rules(self.registration_date or datetime.date.today())

    def service_age_cap(self) -> int | None:
        """Age after which the reservist leaves the register (officers: by rank)."""
        r = self.rules
        if self.personnel_type == ReservistType.OFFICER:
            return r.officer_max_age.get(self.rank)
        sex = self.person.sex if self.person_id else rules.MALE
        return r.service_max_age.get(sex, r.service_max_age[rules.MALE])

    def over_age(self, on: datetime.date) -> bool:
        cap = self.service_age_cap()
        return bool(cap is not None and self.person_id and self.person.age_on(on) > cap)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.personnel_type:
            allowed = RANKS_BY_TYPE.get(self.personnel_type, frozenset())
            if self.rank and self.rank not in allowed:
                errors.setdefault("rank", []).append(
                    str(
                        _("Cấp bậc %(r)s không thuộc diện %(t)s: hãy chọn lại cấp bậc hoặc diện quân nhân dự bị.")
                        % {"r": self.get_rank_display(), "t": self.get_personnel_type_display()}
                    )
                )
            if self.personnel_type == ReservistType.OFFICER and not self.rank:
                errors.setdefault("rank", []).append(str(_("Sĩ quan dự bị phải có cấp bậc (để xác định hạn tuổi).")))
        if self.registration_date and self.registration_date > datetime.date.today():
            errors.setdefault("registration_date", []).append(str(_("Ngày đăng ký không được sau ngày hôm nay.")))
        if self.person_id and self.registration_date and not errors:
            cap = self.service_age_cap()
            age = self.person.age_on(self.registration_date)
            if cap is not None and age > cap:
                errors.setdefault("registration_date", []).append(
                    str(
                        _("Ngày đăng ký công dân đã %(a)d tuổi, quá hạn tuổi quân nhân dự bị (%(c)d tuổi).")
                        % {"a": age, "c": cap}
                    )
                )
        if errors:
            raise ValidationError(errors)


class ReserveUnit(NamedModel, ScopedModel):
    """A DBĐV unit; strength is counted live from its current assignments (V-DBDV-3)."""

    unit_path: ClassVar[str] = "unit"
    audited: ClassVar[bool] = True

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="reserve_units", verbose_name=_("đơn vị quản lý")
    )
    kind = models.CharField(_("loại đơn vị"), max_length=8, choices=ReserveUnitKind.choices)
    establishment_strength = models.PositiveIntegerField(_("quân số biên chế"), validators=[MinValueValidator(1)])
    receiving_unit = models.CharField(_("đơn vị nhận nguồn (thường trực)"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đơn vị dự bị động viên")
        verbose_name_plural = _("đơn vị dự bị động viên")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name


class ReserveAssignment(ScopedModel):
    """A reservist's place in a reserve unit. Created and ended by services (SM-5)."""

    unit_path: ClassVar[str] = "reserve_unit__unit"
    audited: ClassVar[bool] = True

    reservist = models.ForeignKey(
        Reservist, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("quân nhân dự bị")
    )
    reserve_unit = models.ForeignKey(
        ReserveUnit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("đơn vị DBĐV")
    )
    post = models.CharField(_("chức danh biên chế"), max_length=150)
    post_speciality_code = models.CharField(_("mã CNQS của chức danh"), max_length=20, blank=True)
    speciality_match = models.CharField(
        _("phù hợp chuyên nghiệp quân sự"), max_length=6, choices=SpecialityMatch.choices
    )
    assigned_date = models.DateField(_("ngày sắp xếp"))
    released_date = models.DateField(_("ngày ra khỏi đơn vị"), null=True, blank=True)
    decision_ref = models.CharField(_("số quyết định"), max_length=120, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("sắp xếp quân nhân dự bị")
        verbose_name_plural = _("sắp xếp quân nhân dự bị")
        ordering = ["-assigned_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reservist"],
                condition=Q(released_date__isnull=True),
                name="reserve_assignment_one_current",
                violation_error_message=_("Quân nhân dự bị này đang ở một đơn vị DBĐV: hãy cho ra khỏi đơn vị trước."),
            ),
            models.CheckConstraint(
                condition=Q(released_date__isnull=True) | Q(released_date__gte=F("assigned_date")),
                name="reserve_assignment_dates_ordered",
                violation_error_message=_("Ngày ra khỏi đơn vị không được trước ngày sắp xếp."),
            ),
        ]

    def __str__(self) -> str:
        who = self.reservist.person.full_name if self.reservist_id else "?"
        where = self.reserve_unit.name if self.reserve_unit_id else "?"
        return f"{who} → {where}"

    @staticmethod
    def scope_extra_q(user: Actor | None, action: str, scope: QuerySet[Any]) -> Q:
        """The commune that manages a reservist sees where they are assigned (never edits it)."""
        if action != "view":
            return Q(pk__in=[])
        return Q(reservist__unit__in=scope)

    def clean(self) -> None:
        # Errors go to the whole record: the edit form does not show reservist, unit and date.
        errors: list[str] = []
        if not self.reservist_id or not self.reserve_unit_id or not self.assigned_date:
            return
        reservist = self.reservist
        unit = self.reserve_unit
        person = reservist.person
        if reservist.status == ReservistStatus.REMOVED:
            errors.append(str(_("Quân nhân dự bị đã bị đưa ra khỏi danh sách, không sắp xếp được.")))
        # V-DBDV-1: assignment age by unit kind, personnel type and sex.
        r = rules.reserve_rules(self.assigned_date)
        cap = r.assignment_max_age(
            unit_kind=unit.kind, personnel_type=reservist.personnel_type, sex=person.sex, rank=reservist.rank
        )
        age = person.age_on(self.assigned_date)
        if cap is None:
            errors.append(
                str(
                    _(
                        "Không sắp xếp %(t)s %(sex)s vào %(k)s: luật chỉ cho phép nam quân nhân dự bị vào đơn vị "
                        "chiến đấu; hãy chọn đơn vị bảo đảm chiến đấu."
                    )
                    % {
                        "t": reservist.get_personnel_type_display().lower(),
                        "sex": person.get_sex_display().lower(),
                        "k": unit.get_kind_display().lower(),
                    }
                )
            )
        elif age > cap:
            errors.append(
                str(
                    _(
                        "Ngày %(d)s quân nhân dự bị %(a)d tuổi; %(t)s (%(sex)s) vào %(k)s tối đa %(c)d tuổi "
                        "(Điều 16 Luật Lực lượng DBĐV). Hãy chọn đơn vị khác hoặc người khác."
                    )
                    % {
                        "d": _d(self.assigned_date),
                        "a": age,
                        "t": reservist.get_personnel_type_display().lower(),
                        "sex": person.get_sex_display().lower(),
                        "k": unit.get_kind_display().lower(),
                        "c": cap,
                    }
                )
            )
        if (
            self.speciality_match == SpecialityMatch.EXACT
            and self.post_speciality_code
            and self.post_speciality_code.strip().upper() != reservist.speciality_code.strip().upper()
        ):
            errors.append(
                str(
                    _("Mã CNQS của chức danh (%(p)s) khác mã CNQS của quân nhân (%(r)s): chọn “gần đúng” hoặc sửa mã.")
                    % {"p": self.post_speciality_code, "r": reservist.speciality_code}
                )
            )
        if self.released_date and self.released_date < self.assigned_date:
            errors.append(str(_("Ngày ra khỏi đơn vị không được trước ngày sắp xếp.")))
        if errors:
            raise ValidationError({NON_FIELD_ERRORS: errors})


class ReserveTrainingSession(ScopedModel):
    """A reservist's training or readiness check; grade 1 totals ≤ 12 months (V-DBDV-2)."""

    unit_path: ClassVar[str] = "reservist__unit"
    audited: ClassVar[bool] = True

    reservist = models.ForeignKey(
        Reservist, on_delete=models.PROTECT, related_name="training_sessions", verbose_name=_("quân nhân dự bị")
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=ReserveTrainingKind.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255, blank=True)
    decision_ref = models.CharField(_("số quyết định, lệnh gọi"), max_length=120, blank=True)
    note = models.TextField(_("nội dung, kết quả"), blank=True)

    class Meta:
        verbose_name = _("huấn luyện, kiểm tra DBĐV")
        verbose_name_plural = _("huấn luyện, kiểm tra DBĐV")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="reserve_training_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        who = self.reservist.person.full_name if self.reservist_id else "?"
        return f"{who} — {self.get_kind_display()} {self.start_date:%d/%m/%Y}" if self.start_date else who

    @property
    def days(self) -> int:
        if not self.start_date or not self.end_date:
            return 0
        return (self.end_date - self.start_date).days + 1

    def clean(self) -> None:
        if not self.start_date or not self.end_date:
            return
        if self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})
        r = rules.reserve_rules(self.start_date)
        if self.kind == ReserveTrainingKind.READINESS_CHECK and self.days > r.readiness_check_max_days:
            raise ValidationError(
                {
                    "end_date": _(
                        "Kiểm tra sẵn sàng động viên, sẵn sàng chiến đấu kéo dài tối đa %(n)d ngày (đợt này %(d)d "
                        "ngày): hãy sửa ngày kết thúc hoặc chọn hình thức huấn luyện."
                    )
                    % {"n": r.readiness_check_max_days, "d": self.days}
                }
            )
        if not self.reservist_id:
            return
        others = ReserveTrainingSession.objects.filter(reservist_id=self.reservist_id).exclude(pk=self.pk)
        overlap = others.filter(start_date__lte=self.end_date, end_date__gte=self.start_date).first()
        if overlap is not None:
            raise ValidationError(
                {
                    "start_date": _("Trùng thời gian với đợt %(s)s – %(e)s của quân nhân này.")
                    % {"s": _d(overlap.start_date), "e": _d(overlap.end_date)}
                }
            )
        if self.reservist.grade == ReserveGrade.ONE:
            used = sum(s.days for s in others.only("start_date", "end_date"))
            if used + self.days > r.grade1_training_cap_days:
                raise ValidationError(
                    {
                        "end_date": _(
                            "Quân nhân dự bị hạng một được gọi huấn luyện, diễn tập, kiểm tra tổng cộng không quá "
                            "%(m)d tháng (%(cap)d ngày) trong cả thời gian dự bị (Điều 27 Luật NVQS). Đã dùng "
                            "%(used)d ngày, đợt này %(d)d ngày, chỉ còn %(left)d ngày: hãy rút ngắn đợt này."
                        )
                        % {
                            "m": r.grade1_training_cap_months,
                            "cap": r.grade1_training_cap_days,
                            "used": used,
                            "d": self.days,
                            "left": max(r.grade1_training_cap_days - used, 0),
                        }
                    }
                )


class ReserveEquipment(ScopedModel):
    """Reserve technical equipment (PTKT dự bị) registered at a commune (domain.md §4.4)."""

    unit_path: ClassVar[str] = "registered_at"
    audited: ClassVar[bool] = True

    owner_kind = models.CharField(_("chủ sở hữu là"), max_length=12, choices=EquipmentOwnerKind.choices)
    owner_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reserve_equipment",
        verbose_name=_("chủ sở hữu (công dân)"),
    )
    owner_name = models.CharField(
        _("tên chủ sở hữu"),
        max_length=255,
        blank=True,
        help_text=_("Tên cơ quan, tổ chức; với cá nhân, để trống sẽ lấy họ tên công dân."),
    )
    equipment_type = models.CharField(_("loại phương tiện"), max_length=16, choices=EquipmentType.choices)
    plate_number = models.CharField(_("biển số, số đăng ký"), max_length=40)
    specs = models.TextField(_("thông số kỹ thuật"), blank=True)
    registered_at = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="reserve_equipment", verbose_name=_("nơi đăng ký")
    )
    first_registration_date = models.DateField(_("ngày đăng ký lần đầu"))
    annual_report_year = models.PositiveSmallIntegerField(
        _("năm báo cáo thực lực"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    assigned_reserve_unit = models.ForeignKey(
        ReserveUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment",
        verbose_name=_("đơn vị DBĐV được sắp xếp"),
    )
    search_text = models.CharField(max_length=300, editable=False, default="", db_index=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("phương tiện kỹ thuật dự bị")
        verbose_name_plural = _("phương tiện kỹ thuật dự bị")
        ordering = ["equipment_type", "plate_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["equipment_type", "plate_number"],
                name="reserve_equipment_plate_unique",
                violation_error_message=_("Đã có phương tiện cùng loại với biển số, số đăng ký này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_equipment_type_display()} {self.plate_number}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.owner_kind == EquipmentOwnerKind.PERSON and not self.owner_person_id:
            errors["owner_person"] = str(_("Chủ sở hữu là cá nhân: hãy chọn công dân."))
        if self.owner_kind == EquipmentOwnerKind.ORGANISATION:
            if self.owner_person_id:
                errors["owner_person"] = str(_("Chủ sở hữu là cơ quan, tổ chức: bỏ chọn công dân."))
            if not self.owner_name.strip():
                errors["owner_name"] = str(_("Hãy nhập tên cơ quan, tổ chức sở hữu phương tiện."))
        if (
            self.owner_kind == EquipmentOwnerKind.PERSON
            and self.owner_person_id
            and not self.owner_name.strip()
            and (person := self.owner_person) is not None
        ):
            self.owner_name = person.full_name
        self.plate_number = " ".join((self.plate_number or "").upper().split())
        if self.first_registration_date and self.first_registration_date > datetime.date.today():
            errors["first_registration_date"] = str(_("Ngày đăng ký lần đầu không được sau ngày hôm nay."))
        if (
            self.annual_report_year
            and self.first_registration_date
            and self.annual_report_year < self.first_registration_date.year
        ):
            errors["annual_report_year"] = str(_("Năm báo cáo thực lực không được trước năm đăng ký lần đầu."))
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.owner_person_id and not self.owner_name and (person := self.owner_person) is not None:
            self.owner_name = person.full_name
        self.search_text = search_key(f"{self.owner_name} {self.plate_number}")
        super().save(*args, **kwargs)
