"""The NVQS health exam of one candidate (domain.md §2.3; V-NVQS-5, V-NVQS-6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.campaigns import health
from phongthu.campaigns.models.campaign import Campaign, CampaignGuard
from phongthu.campaigns.models.candidate import Candidate
from phongthu.core.models import ScopedModel

_score = [MinValueValidator(1), MaxValueValidator(6)]


def _score_field(label: Any) -> Any:
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=_score)


class HealthExam(CampaignGuard, ScopedModel):
    unit_path: ClassVar[str] = "candidate__commune"
    audited: ClassVar[bool] = True

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="health_exams", verbose_name=_("công dân trong đợt")
    )
    exam_date = models.DateField(_("ngày khám"))
    council = models.CharField(_("hội đồng khám"), max_length=255, blank=True)
    height_cm = models.DecimalField(
        _("chiều cao (cm)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("100"))]
    )
    weight_kg = models.DecimalField(
        _("cân nặng (kg)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("20"))]
    )
    chest_cm = models.DecimalField(_("vòng ngực (cm)"), max_digits=5, decimal_places=2, null=True, blank=True)
    height_rounded = models.PositiveSmallIntegerField(_("chiều cao làm tròn (cm)"), editable=False, default=0)
    weight_rounded = models.PositiveSmallIntegerField(_("cân nặng làm tròn (kg)"), editable=False, default=0)
    bmi = models.DecimalField(_("chỉ số BMI"), max_digits=5, decimal_places=2, editable=False, default=Decimal(0))
    score_physical = models.PositiveSmallIntegerField(_("thể lực"), editable=False, default=1)
    score_eyes = _score_field(_("mắt"))
    score_ent = _score_field(_("tai - mũi - họng"))
    score_dental = _score_field(_("răng - hàm - mặt"))
    score_internal = _score_field(_("nội khoa"))
    score_neuro_psych = _score_field(_("tâm thần kinh"))
    score_surgery = _score_field(_("ngoại khoa"))
    score_dermatology = _score_field(_("da liễu"))
    score_gynecology = _score_field(_("sản phụ khoa"))
    myopia_diopters = models.DecimalField(
        _("cận thị (đi-ốp)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    hyperopia = models.BooleanField(_("viễn thị"), default=False)
    drug_test_positive = models.BooleanField(_("xét nghiệm ma túy dương tính"), default=False)
    health_class = models.PositiveSmallIntegerField(_("phân loại sức khỏe"), editable=False, default=1)
    fit = models.BooleanField(_("đủ điều kiện sức khỏe"), editable=False, default=False)
    unfit_codes = models.CharField(_("lý do không đạt"), max_length=120, blank=True, editable=False)
    build_table = models.CharField(max_length=20, blank=True, editable=False)
    note = models.TextField(_("kết luận, ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kết quả khám sức khỏe")
        verbose_name_plural = _("kết quả khám sức khỏe")
        ordering = ["-exam_date", "-id"]

    def __str__(self) -> str:
        name = self.candidate.person.full_name if self.candidate_id else ""
        return f"{name} — loại {self.health_class} ({self.exam_date:%d/%m/%Y})" if self.exam_date else name

    def guard_campaign(self) -> Campaign | None:
        return self.candidate.campaign if self.candidate_id else None

    def clinical_scores(self) -> list[int | None]:
        return [getattr(self, name) for name, _label in health.CRITERIA if name != "score_physical"]

    def compute(self) -> None:
        """Derive rounded measures, BMI, physical score, class and fitness (never typed)."""
        from phongthu.military_service.eligibility import ruleset_for

        table = health.build_table_for(self.exam_date)
        sex = self.candidate.person.sex if self.candidate_id else "male"
        self.height_rounded = health.round_measure(self.height_cm)
        self.weight_rounded = health.round_measure(self.weight_kg)
        self.bmi = health.bmi(self.height_cm, self.weight_kg)
        self.build_table = table.id
        self.score_physical = health.physical_score(
            sex=sex, height_cm=self.height_cm, weight_kg=self.weight_kg, chest_cm=self.chest_cm, table=table
        )
        self.health_class = health.health_class([self.score_physical, *self.clinical_scores()])
        rules = ruleset_for(self.exam_date)
        codes: list[str] = []
        if self.health_class >= 4:
            codes.append("TH_A")
        if self.myopia_diopters > Decimal(str(rules.max_myopia_diopters)):
            codes.append("MYOPIA")
        if self.hyperopia:
            codes.append("HYPEROPIA")
        if self.bmi < Decimal(str(rules.min_bmi)) or self.bmi > Decimal(str(rules.max_bmi)):
            codes.append("BMI")
        if self.drug_test_positive:
            codes.append("DRUG")
        self.unfit_codes = ",".join(codes)
        self.fit = not codes

    def clean(self) -> None:
        super().clean()
        if self.candidate_id and self.candidate.person.sex != "female" and self.score_gynecology is not None:
            raise ValidationError({"score_gynecology": _("Chỉ chấm điểm sản phụ khoa cho công dân nữ.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.exam_date and self.height_cm and self.weight_kg:
            self.compute()
        super().save(*args, **kwargs)
