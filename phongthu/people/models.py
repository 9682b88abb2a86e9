"""Citizens (domain.md §12.1 Person, FamilyRelation): one record per person, used by every
registry (military service, militia, reserves, training)."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.core.models import ScopedModel
from phongthu.core.scoping import RestrictedQuerySet
from phongthu.core.text import search_key, sort_key
from phongthu.people.choices import HigherEducation, Relation, RelativeStatus, Sex, Studying, TrainingLevel

digits_12 = RegexValidator(r"^\d{12}$", _("Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."))


class PersonQuerySet(RestrictedQuerySet):
    """List filters (unit subtree, birth year, NVQS status, ...) live in people/filters.py and
    the core filter layer: `filter()` here means exactly what it means in Django."""

    def select_for_update(self, *args: Any, **kwargs: Any) -> PersonQuerySet:
        # Lock the person row only, never the joined unit or (outer-joined) NVQS file.
        return super().select_for_update(*args, **kwargs).select_related(None)


class PersonManager(models.Manager.from_queryset(PersonQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> PersonQuerySet:
        # Every list shows the commune and the NVQS status: fetch them in the same query.
        return super().get_queryset().select_related("residence_unit", "registration")  # type: ignore[no-any-return]


class Person(ScopedModel):
    unit_path: ClassVar[str] = "residence_unit"
    audited: ClassVar[bool] = True
    # SQLite's full-text index of the search keys (people/search_index.py; core.filtering).
    search_fts: ClassVar[str] = "people_person_fts"
    search_fts_columns: ClassVar[tuple[str, ...]] = ("name_search", "id_number")

    objects = PersonManager()  # type: ignore[misc]

    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_search = models.CharField(max_length=150, editable=False, db_index=True, default="")
    name_sort = models.BinaryField(editable=False, default=b"")
    date_of_birth = models.DateField(_("ngày sinh"), db_index=True)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices, default=Sex.MALE)
    id_number = models.CharField(
        _("số định danh cá nhân (CCCD)"), max_length=12, unique=True, null=True, blank=True, validators=[digits_12]
    )
    legacy_cmnd = models.CharField(_("số CMND cũ"), max_length=12, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True, default="Kinh")
    religion = models.CharField(_("tôn giáo"), max_length=50, blank=True)
    residence_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("nơi thường trú (xã, phường)"),
    )
    residence_address = models.CharField(_("địa chỉ thường trú"), max_length=255, blank=True)
    temporary_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("nơi tạm trú")
    )
    temporary_address = models.CharField(_("địa chỉ tạm trú"), max_length=255, blank=True)
    education_grade = models.PositiveSmallIntegerField(
        _("trình độ văn hóa (lớp)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(12)]
    )
    training_level = models.CharField(
        _("trình độ đào tạo"), max_length=14, choices=TrainingLevel.choices, default=TrainingLevel.NONE, blank=True
    )
    studying = models.CharField(_("đang học"), max_length=20, choices=Studying.choices, blank=True, default="")
    higher_education_completed = models.CharField(
        _("đã tốt nghiệp"), max_length=20, choices=HigherEducation.choices, blank=True, default=""
    )
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, blank=True)
    workplace = models.CharField(_("nơi làm việc, học tập"), max_length=255, blank=True)
    party_member = models.BooleanField(_("đảng viên"), default=False)
    union_member = models.BooleanField(_("đoàn viên"), default=False)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("công dân")
        verbose_name_plural = _("công dân")
        ordering = ["name_sort", "date_of_birth"]
        indexes = [
            models.Index(fields=["residence_unit", "date_of_birth"]),
            models.Index(fields=["name_sort", "date_of_birth"], name="person_vi_order"),
            # PostgreSQL also has person_unit_order (migration 0005, PostgreSQL only).
        ]

    def __str__(self) -> str:
        dob = self.date_of_birth
        return f"{self.full_name} ({dob:%d/%m/%Y})" if isinstance(dob, datetime.date) else self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_name = " ".join(self.full_name.split())
        self.name_search = search_key(self.full_name)
        self.name_sort = sort_key(self.full_name)
        if self.id_number == "":
            self.id_number = None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = self.check_facts(date_of_birth=self.date_of_birth, sex=self.sex, id_number=self.id_number)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def check_facts(
        *,
        date_of_birth: datetime.date | None,
        sex: str | None,
        id_number: str | None,
        today: datetime.date | None = None,
    ) -> dict[str, list[str]]:
        """Rules across fields (V-ID-1 against the birth date and sex); the form, the importer
        and the fast bulk path all call this one function."""
        from phongthu.core.cccd import validate_cccd

        errors: dict[str, list[str]] = {}
        today = today or datetime.date.today()
        if isinstance(date_of_birth, datetime.date) and date_of_birth > today:
            errors.setdefault("date_of_birth", []).append(str(_("Ngày sinh không được sau ngày hôm nay.")))
        if id_number:
            check = validate_cccd(
                id_number,
                date_of_birth=date_of_birth if isinstance(date_of_birth, datetime.date) else None,
                sex=sex if sex in ("male", "female") else None,  # type: ignore[arg-type]
                today=today,
            )
            if check.errors:
                errors.setdefault("id_number", []).extend(e.message for e in check.errors)
        return errors

    @property
    def registration_status(self) -> str:
        """The NVQS status label (a list and export column)."""
        from phongthu.core.display import field_value

        registration = getattr(self, "registration", None) if self.pk else None
        # field_value: the label from a cached map (get_status_display rebuilt the choices for
        # every row — the largest Python cost of a person list page).
        return str(field_value(registration, "status")) if registration is not None else str(_("Chưa có hồ sơ"))

    @property
    def health_class(self) -> int | None:
        registration = getattr(self, "registration", None) if self.pk else None
        return registration.health_class if registration is not None else None

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


class FamilyRelation(ScopedModel):
    unit_path: ClassVar[str] = "person__residence_unit"
    audited: ClassVar[bool] = True

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives", verbose_name=_("công dân"))
    relation = models.CharField(_("quan hệ"), max_length=16, choices=Relation.choices)
    relative = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thân (nếu có hồ sơ)"),
    )
    relative_name = models.CharField(_("họ tên người thân"), max_length=150)
    relative_birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    relative_status = models.CharField(
        _("diện chính sách / tình trạng"), max_length=20, choices=RelativeStatus.choices, blank=True, default=""
    )
    disability_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ suy giảm khả năng lao động (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quan hệ gia đình")
        verbose_name_plural = _("quan hệ gia đình")

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.relative_name} — {self.person.full_name}"
