"""The military-service registry (hồ sơ NVQS), domain.md §12.1: one file per person with its
SM-1 status, the registration events of §2.2, and the deferment/exemption grounds staff assert.

Status and presence change only through `services.registration` (core.transitions)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from phongthu.core.models import ScopedModel
from phongthu.military_service.choices import (
    Affiliation,
    Channel,
    GroundCode,
    LegalStatus,
    Presence,
    Procedure,
    RegisterBook,
    RegistrationAbsence,
    RegistrationStatus,
    RemovalReason,
    ReserveGrade,
    ResidenceArea,
)

if TYPE_CHECKING:
    from phongthu.core.types import Actor


class MilitaryServiceRegistration(ScopedModel):
    """Hồ sơ đăng ký NVQS: one per person, kept for life (REMOVED is a status, not a deletion)."""

    unit_path: ClassVar[str] = "registering_unit"
    audited: ClassVar[bool] = True

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="registration", verbose_name=_("công dân")
    )
    registering_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nơi đăng ký (Ban CHQS xã, cơ quan)"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=30,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.NOT_YET_REGISTRABLE,
        db_index=True,
    )
    presence = models.CharField(
        _("tình trạng cư trú"), max_length=10, choices=Presence.choices, default=Presence.PRESENT
    )
    pending_to_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị sẽ chuyển đến"),
    )
    first_registration_date = models.DateField(_("ngày đăng ký lần đầu"), null=True, blank=True)
    certificate_no = models.CharField(_("số giấy chứng nhận đăng ký"), max_length=30, blank=True)
    register_book = models.CharField(_("sổ đăng ký"), max_length=20, choices=RegisterBook.choices, blank=True)
    reserve_grade = models.PositiveSmallIntegerField(
        _("hạng dự bị"), choices=ReserveGrade.choices, null=True, blank=True
    )
    reserve_group = models.CharField(_("nhóm dự bị"), max_length=10, blank=True)
    military_speciality = models.CharField(_("chuyên nghiệp quân sự"), max_length=120, blank=True)
    rank = models.CharField(_("cấp bậc"), max_length=60, blank=True)
    # Facts the eligibility engine reads (codes.md §1). Health: the latest exam council conclusion.
    legal_status = models.CharField(
        _("tình trạng pháp lý (Điều 13)"), max_length=30, choices=LegalStatus.choices, blank=True, default=""
    )
    registration_exempt_disease = models.BooleanField(_("thuộc diện miễn đăng ký (Điều 14)"), default=False)
    volunteer = models.BooleanField(_("tình nguyện nhập ngũ"), default=False)
    standing_militia = models.BooleanField(_("dân quân thường trực"), default=False)
    health_class = models.PositiveSmallIntegerField(
        _("phân loại sức khỏe"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    health_exam_date = models.DateField(_("ngày khám sức khỏe"), null=True, blank=True)
    bmi = models.DecimalField(_("chỉ số BMI"), max_digits=5, decimal_places=2, null=True, blank=True)
    myopia_diopters = models.DecimalField(_("cận thị (điốp)"), max_digits=4, decimal_places=2, null=True, blank=True)
    hyperopia = models.BooleanField(_("viễn thị"), default=False)
    drug_addiction = models.BooleanField(_("nghiện ma túy"), default=False)
    # Facts the Ministry's statistical forms (Biểu 01A, 06/GNN) count and the person record lacks.
    village = models.CharField(_("thôn, tổ dân phố"), max_length=120, blank=True)
    illiterate = models.BooleanField(_("không biết chữ"), default=False)
    residence_area = models.CharField(
        _("địa bàn cư trú"), max_length=5, choices=ResidenceArea.choices, blank=True, default=""
    )
    affiliation = models.CharField(
        _("đăng ký qua cơ quan, nhà trường"),
        max_length=6,
        choices=Affiliation.choices,
        blank=True,
        default="",
        help_text=_("Để trống nếu đăng ký tại địa phương nơi cư trú."),
    )
    affiliation_name = models.CharField(_("tên cơ quan, nhà trường"), max_length=255, blank=True)
    registration_absence = models.CharField(
        _("vắng, trốn, chống khi gọi đăng ký lần đầu"),
        max_length=10,
        choices=RegistrationAbsence.choices,
        blank=True,
        default="",
    )
    removal_reason = models.CharField(
        _("lý do đưa ra khỏi danh sách"), max_length=10, choices=RemovalReason.choices, blank=True
    )
    removal_date = models.DateField(_("ngày đưa ra khỏi danh sách"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ đăng ký NVQS")
        verbose_name_plural = _("hồ sơ đăng ký NVQS")
        ordering = ["person__name_sort", "person__date_of_birth"]
        indexes = [
            models.Index(fields=["registering_unit", "status"]),
            # A class's people as ids, index-only, for the person list's health filter.
            models.Index(fields=["health_class", "person"], name="msr_health_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(health_class__isnull=True) | Q(health_class__gte=1, health_class__lte=6),
                name="msr_health_class_1_6",
            ),
            models.CheckConstraint(condition=Q(bmi__isnull=True) | Q(bmi__gte=0), name="msr_bmi_not_negative"),
            models.CheckConstraint(
                condition=Q(myopia_diopters__isnull=True) | Q(myopia_diopters__gte=0),
                name="msr_myopia_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Hồ sơ NVQS — {self.person}"

    def clean(self) -> None:
        errors = self.check_values(
            health_class=self.health_class,
            health_exam_date=self.health_exam_date,
            reserve_grade=self.reserve_grade,
            register_book=self.register_book,
        )
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def check_values(
        *,
        health_class: int | None,
        health_exam_date: datetime.date | None,
        reserve_grade: int | None,
        register_book: str,
    ) -> dict[str, str]:
        """Rules across fields; clean() and the register importer both call this."""
        errors: dict[str, str] = {}
        if health_class is None and health_exam_date is not None:
            errors["health_class"] = str(_("Đã có ngày khám: hãy ghi phân loại sức khỏe (1–6)."))
        if reserve_grade is not None and register_book == RegisterBook.SAN_SANG_NHAP_NGU:
            errors["reserve_grade"] = str(
                _("Hạng dự bị chỉ ghi cho người trong Sổ đăng ký quân nhân dự bị; hãy để trống hoặc đổi sổ.")
            )
        return errors

    @staticmethod
    def scope_extra_q(user: Actor | None, action: str, scope: QuerySet[Any]) -> Q:
        """The commune a person is moving to sees the file (read-only) before REG_MOVE_IN."""
        if action != "view":
            return Q(pk__in=[])
        return Q(pending_to_unit__in=scope)

    def active_grounds(self, on: datetime.date) -> list[RegistrationGround]:
        return [g for g in self.grounds.all() if g.is_active_on(on)]


class RegistrationGround(ScopedModel):
    """A deferment or exemption ground asserted by staff with evidence (codes.md §2)."""

    unit_path: ClassVar[str] = "registration__registering_unit"
    audited: ClassVar[bool] = True

    registration = models.ForeignKey(
        MilitaryServiceRegistration, on_delete=models.CASCADE, related_name="grounds", verbose_name=_("hồ sơ NVQS")
    )
    code = models.CharField(_("diện"), max_length=6, choices=GroundCode.choices)
    evidence = models.CharField(_("giấy tờ chứng minh"), max_length=255)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_until = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("số quyết định"), max_length=120, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("diện tạm hoãn, miễn gọi nhập ngũ")
        verbose_name_plural = _("diện tạm hoãn, miễn gọi nhập ngũ")
        ordering = ["registration_id", "code"]
        # The person list's "ground" filter reads one code's files first (a few thousand of a
        # province's 825,000), then the people: the code leads this index.
        indexes = [models.Index(fields=["code", "registration"], name="ground_code_registration")]
        constraints = [
            models.UniqueConstraint(fields=["registration", "code"], name="ground_once_per_registration"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="ground_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.registration.person}"

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")})

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )


class RegistrationEvent(ScopedModel):
    """One registration procedure carried out by a commune (domain.md §2.2).

    `unit` is the commune that recorded it: the sending commune keeps its REG_MOVE_OUT after the
    person has left, the receiving commune owns the REG_MOVE_IN."""

    unit_path: ClassVar[str] = "unit"
    audited: ClassVar[bool] = True

    registration = models.ForeignKey(
        MilitaryServiceRegistration, on_delete=models.PROTECT, related_name="events", verbose_name=_("hồ sơ NVQS")
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị thực hiện")
    )
    procedure = models.CharField(_("thủ tục"), max_length=20, choices=Procedure.choices, db_index=True)
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON)
    event_date = models.DateField(_("ngày thực hiện"), db_index=True)
    reference_date = models.DateField(
        _("ngày phát sinh"), null=True, blank=True, help_text=_("Ngày đến, ngày trở về, ngày thay đổi… tính hạn.")
    )
    deadline = models.DateField(_("hạn đăng ký"), null=True, blank=True)
    on_time = models.BooleanField(_("đúng hạn"), null=True, blank=True)
    from_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chuyển từ")
    )
    to_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chuyển đến")
    )
    destination = models.CharField(_("nơi đến"), max_length=255, blank=True)
    expected_return = models.DateField(_("dự kiến trở về"), null=True, blank=True)
    decision_ref = models.CharField(_("số quyết định, giấy tờ"), max_length=120, blank=True)
    # Who signed the decision or certificate: from the authority table's office, never typed.
    signer_title = models.CharField(_("người ký (chức vụ)"), max_length=255, blank=True)
    signer_name = models.CharField(_("người ký (họ tên)"), max_length=120, blank=True)
    note = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("sự kiện đăng ký NVQS")
        verbose_name_plural = _("sự kiện đăng ký NVQS")
        ordering = ["-event_date", "-id"]
        indexes = [models.Index(fields=["unit", "procedure", "event_date"])]

    def __str__(self) -> str:
        when = self.event_date.strftime("%d/%m/%Y") if isinstance(self.event_date, datetime.date) else ""
        return f"{self.get_procedure_display()} — {self.registration.person.full_name} ({when})"


class StoredEligibility(models.Model):
    """The rule engine's last answer for a person, written in bulk by the re-evaluation
    (`services.reevaluation`, command `reevaluate_eligibility`): lists and counts read it without
    evaluating. Only a changed answer is written, with its status history row (core StatusChange,
    field "eligibility"); the person page still evaluates live, with the same facts and engine."""

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_eligibility",
        verbose_name=_("công dân"),
    )
    status = models.CharField(_("kết quả xét điều kiện"), max_length=30, editable=False)
    codes = models.CharField(_("mã lý do"), max_length=200, blank=True, editable=False)  # deciding code first
    as_of = models.DateField(_("xét ngày"), editable=False)  # the evaluation that gave this answer
    rule_set = models.CharField(max_length=40, editable=False)

    class Meta:
        verbose_name = _("kết quả xét điều kiện đã lưu")
        verbose_name_plural = _("kết quả xét điều kiện đã lưu")
        # The person list's `eligibility` filter reads the people of one answer from this side.
        indexes = [models.Index(fields=["status", "person"], name="ms_stored_elig_status_person")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.status}"
