"""Defense-security education (domain.md §5): refresher courses for categories 1–4, their
participants, students' education (HSSV), and cadre training."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongthu.activities import rules
from phongthu.activities.choices import ActivityLevel, CadreTrainingMode, CourseCategory, CourseMode
from phongthu.activities.models.base import ActivityRecord, check_not_above
from phongthu.core.models import ScopedModel
from phongthu.core.text import search_key


class Course(ActivityRecord):
    """A refresher course (bồi dưỡng kiến thức QPAN) the unit held or sent people to."""

    search_sources = ("title", "organiser", "place", "result_text")
    year_sources = ("start_date", "end_date")

    category = models.CharField(_("đối tượng"), max_length=3, choices=CourseCategory.choices)
    title = models.CharField(_("tên lớp"), max_length=255, blank=True)
    mode = models.CharField(_("hình thức"), max_length=10, choices=CourseMode.choices, default=CourseMode.OWN_CLASS)
    organiser = models.CharField(_("cơ quan tổ chức"), max_length=255, blank=True)
    level = models.CharField(_("cấp tổ chức"), max_length=16, choices=ActivityLevel.choices, blank=True)
    start_date = models.DateField(_("ngày khai giảng"), null=True, blank=True)
    end_date = models.DateField(_("ngày bế giảng"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("số ngày học"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    classes_count = models.PositiveSmallIntegerField(_("số lớp"), null=True, blank=True)
    trainees_count = models.PositiveIntegerField(
        _("số học viên"), null=True, blank=True, help_text=_("Để trống nếu nhập danh sách học viên.")
    )
    result_grade = models.CharField(_("xếp loại chung"), max_length=20, choices=rules.grade_choices, blank=True)
    result_text = models.CharField(_("kết quả (ghi như báo cáo)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("lớp bồi dưỡng kiến thức QPAN")
        verbose_name_plural = _("lớp bồi dưỡng kiến thức QPAN")
        ordering = ["-year", "category", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="activities_course_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        label = self.title or f"{self.get_category_display()} ({self.get_mode_display()})"
        return f"{label} — {self.year}"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày bế giảng phải sau hoặc bằng ngày khai giảng.")})
        if self.mode == CourseMode.SENT and self.classes_count:
            raise ValidationError(
                {"classes_count": _("Cử đi học lớp cấp trên thì không ghi số lớp tự mở; hãy để trống số lớp.")}
            )


class CourseParticipant(ScopedModel):
    """A named trainee of a course: a citizen on record, or just a name."""

    unit_path: ClassVar[str] = "course__unit"
    audited: ClassVar[bool] = True

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants", verbose_name=_("lớp"))
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("công dân (nếu có hồ sơ)"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=255, blank=True)
    result_grade = models.CharField(_("xếp loại"), max_length=20, choices=rules.grade_choices, blank=True)
    certificate_no = models.CharField(_("số giấy chứng nhận"), max_length=50, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    name_search = models.CharField(max_length=150, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("học viên bồi dưỡng QPAN")
        verbose_name_plural = _("học viên bồi dưỡng QPAN")
        ordering = ["course", "name_search"]

    def __str__(self) -> str:
        return f"{self.display_name} — {self.course}"

    @property
    def display_name(self) -> str:
        if self.person is not None and not self.full_name:
            return self.person.full_name
        return self.full_name

    def clean(self) -> None:
        if not self.person_id and not self.full_name.strip():
            raise ValidationError({"full_name": _("Hãy chọn công dân có hồ sơ hoặc nhập họ và tên học viên.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.person is not None and not self.full_name:
            self.full_name = self.person.full_name
        self.name_search = search_key(self.full_name)
        super().save(*args, **kwargs)


class StudentEducation(ActivityRecord):
    """Defense-security education of pupils and students (HSSV) at schools in the area."""

    search_sources = ("school_name", "period_label")

    school_name = models.CharField(_("trường, cơ sở giáo dục"), max_length=500)
    period_label = models.CharField(_("học kỳ, khóa học"), max_length=100, blank=True)
    students_count = models.PositiveIntegerField(_("số học sinh, sinh viên"))
    passed_count = models.PositiveIntegerField(_("số đạt yêu cầu"), null=True, blank=True)
    certificates_count = models.PositiveIntegerField(_("số được cấp chứng chỉ"), null=True, blank=True)

    class Meta:
        verbose_name = _("giáo dục QPAN cho học sinh, sinh viên")
        verbose_name_plural = _("giáo dục QPAN cho học sinh, sinh viên")
        ordering = ["-year", "school_name"]

    def __str__(self) -> str:
        return f"{self.school_name} — {self.year}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        check_not_above(errors, "passed_count", self.passed_count, self.students_count, str(_("Số đạt yêu cầu")))
        check_not_above(
            errors, "certificates_count", self.certificates_count, self.students_count, str(_("Số được cấp chứng chỉ"))
        )
        if errors:
            raise ValidationError(errors)


class CadreTraining(ActivityRecord):
    """Training of military cadres: courses attended at a higher level, or training organised."""

    search_sources = ("title", "organiser", "role")
    year_sources = ("start_date",)

    mode = models.CharField(_("hình thức"), max_length=10, choices=CadreTrainingMode.choices)
    title = models.CharField(_("nội dung tập huấn"), max_length=255, blank=True)
    organiser = models.CharField(_("cơ quan tổ chức"), max_length=255, blank=True)
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    courses_count = models.PositiveSmallIntegerField(_("số lớp"), null=True, blank=True)
    trainees_count = models.PositiveIntegerField(_("số người được tập huấn"), null=True, blank=True)
    role = models.CharField(_("đối tượng (chức trách)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tập huấn cán bộ")
        verbose_name_plural = _("tập huấn cán bộ")
        ordering = ["-year", "mode"]

    def __str__(self) -> str:
        return f"{self.title or self.get_mode_display()} — {self.year}"

    def clean(self) -> None:
        super().clean()
        if self.courses_count is None and self.trainees_count is None and not self.title:
            raise ValidationError(
                {"courses_count": _("Hãy nhập số lớp, số người được tập huấn hoặc nội dung tập huấn.")}
            )
