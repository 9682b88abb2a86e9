"""Militia and self-defense (DQTV): units, members, yearly training, population for ratios.

domain.md §3 and §12.1; rules V-DQTV-1..4 (§12.3). Numbers come from `forces.rules`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import ExtractYear, Greatest
from django.utils.translation import gettext_lazy as _

from phongthu.core.models import NamedModel, ScopedModel
from phongthu.core.scoping import RestrictedQuerySet
from phongthu.forces import rules
from phongthu.forces.choices import (
    ACTIVE_MILITIA_STATUSES,
    COMMANDER_POSITIONS,
    LEVEL_RANK,
    MILITIA_GROUND_CHOICES,
    SEA_LEVELS,
    SERVED_STATUSES,
    ExemptionGround,
    MilitiaCategory,
    MilitiaPosition,
    MilitiaStatus,
    MilitiaUnitLevel,
)

if TYPE_CHECKING:
    from phongthu.core.types import Actor

OWNER_LEVELS = frozenset({"VILLAGE", "COMMUNE", "AGENCY"})


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


class MilitiaUnit(NamedModel, ScopedModel):
    """A DQTV unit (tổ … tiểu đoàn / hải đoàn) owned by a village, commune or agency."""

    unit_path: ClassVar[str] = "unit"
    audited: ClassVar[bool] = True

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="militia_units",
        verbose_name=_("đơn vị quản lý (thôn, xã, cơ quan)"),
    )
    level = models.CharField(_("quy mô"), max_length=10, choices=MilitiaUnitLevel.choices)
    category = models.CharField(_("thành phần"), max_length=12, choices=MilitiaCategory.choices)
    is_self_defense = models.BooleanField(
        _("tự vệ (cơ quan, tổ chức)"),
        default=False,
        help_text=_("Đánh dấu với đơn vị tự vệ của cơ quan, tổ chức, doanh nghiệp; bỏ trống với dân quân xã, thôn."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị DQTV cấp trên"),
    )
    established_date = models.DateField(_("ngày thành lập"), null=True, blank=True)
    decision_ref = models.CharField(_("số quyết định thành lập"), max_length=120, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đơn vị dân quân tự vệ")
        verbose_name_plural = _("đơn vị dân quân tự vệ")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        owner = self.unit if self.unit_id else None
        if owner is not None:
            if owner.level not in OWNER_LEVELS:
                errors["unit"] = str(
                    _(
                        "Đơn vị DQTV phải thuộc một thôn, tổ dân phố, xã, phường hoặc cơ quan, tổ chức; “%(u)s” là %(k)s."
                    )
                    % {"u": owner.name, "k": owner.get_kind_display()}
                )
            elif owner.level == "AGENCY" and not self.is_self_defense:
                errors["is_self_defense"] = str(_("Đơn vị thuộc cơ quan, tổ chức là tự vệ: hãy đánh dấu “tự vệ”."))
            elif owner.level != "AGENCY" and self.is_self_defense:
                errors["is_self_defense"] = str(
                    _("Đơn vị thuộc xã, thôn là dân quân: bỏ đánh dấu “tự vệ”, hoặc chọn cơ quan, tổ chức quản lý.")
                )
        if self.level in SEA_LEVELS and self.category and self.category != MilitiaCategory.BIEN:
            errors["category"] = str(_("Hải đội, hải đoàn chỉ dùng cho dân quân tự vệ biển: chọn thành phần “Biển”."))
        if self.category == MilitiaCategory.THUONG_TRUC and self.is_self_defense:
            errors["category"] = str(_("Thành phần thường trực chỉ có ở dân quân cấp xã, không có ở tự vệ."))
        if self.parent_id is not None:
            parent = self.parent
            assert parent is not None
            if self.pk is not None and parent.pk == self.pk:
                errors["parent"] = str(_("Đơn vị không thể là cấp trên của chính nó."))
            elif self.level and LEVEL_RANK.get(parent.level, 0) <= LEVEL_RANK.get(self.level, 0):
                errors["parent"] = str(
                    _("Đơn vị cấp trên (%(p)s) phải có quy mô lớn hơn %(c)s.")
                    % {"p": parent.get_level_display(), "c": self.get_level_display()}
                )
            else:
                seen = {self.pk}
                node: MilitiaUnit | None = parent
                while node is not None:
                    if node.pk in seen:
                        errors["parent"] = str(_("Chọn cấp trên tạo thành vòng lặp: hãy chọn đơn vị khác."))
                        break
                    seen.add(node.pk)
                    node = node.parent
        if self.established_date and self.established_date > datetime.date.today():
            errors["established_date"] = str(_("Ngày thành lập không được sau ngày hôm nay."))
        if errors:
            raise ValidationError(errors)


class MilitiaMember(ScopedModel):
    """One term of militia duty of a person (SM-4). Status changes only via services."""

    unit_path: ClassVar[str] = "militia_unit__unit"
    audited: ClassVar[bool] = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="militia_memberships", verbose_name=_("công dân")
    )
    militia_unit = models.ForeignKey(
        MilitiaUnit, on_delete=models.PROTECT, related_name="members", verbose_name=_("đơn vị DQTV")
    )
    category = models.CharField(_("thành phần"), max_length=12, choices=MilitiaCategory.choices)
    position = models.CharField(
        _("chức vụ"), max_length=30, choices=MilitiaPosition.choices, default=MilitiaPosition.CHIEN_SI
    )
    start_date = models.DateField(_("ngày bắt đầu thực hiện nghĩa vụ"), db_index=True)
    term_years = models.PositiveSmallIntegerField(
        _("thời hạn (năm)"),
        null=True,
        blank=True,
        help_text=_("Để trống: 2 năm với dân quân thường trực, 4 năm với các thành phần khác."),
    )
    extension_months = models.PositiveSmallIntegerField(_("số tháng kéo dài"), default=0, editable=False)
    volunteer = models.BooleanField(
        _("tình nguyện"),
        default=False,
        help_text=_("Tình nguyện tham gia: nam đến hết 50 tuổi, nữ đến hết 45 tuổi."),
    )
    decision_ref = models.CharField(_("số quyết định"), max_length=120, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=MilitiaStatus.choices,
        default=MilitiaStatus.SELECTED,
        editable=False,
        db_index=True,
    )
    ground = models.CharField(
        _("lý do tạm hoãn, miễn, thôi"), max_length=40, choices=MILITIA_GROUND_CHOICES, blank=True, editable=False
    )
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True, editable=False)
    recognition_from = models.DateField(_("đủ 24 tháng từ ngày"), null=True, blank=True, editable=False, db_index=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("dân quân tự vệ")
        verbose_name_plural = _("dân quân tự vệ")
        ordering = ["person__name_sort", "start_date"]
        indexes = [models.Index(fields=["category", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="militia_member_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        person = self.person.full_name if self.person_id else "?"
        unit = self.militia_unit.name if self.militia_unit_id else "?"
        return f"{person} — {unit}"

    # ---- derived values ---------------------------------------------------------------

    @property
    def rules(self) -> rules.MilitiaRules:
        return rules.militia_rules(self.start_date or datetime.date.today())

    def effective_term_years(self) -> int:
        return self.term_years or self.rules.term_years(self.category)

    @property
    def planned_end_date(self) -> datetime.date | None:
        if not self.start_date:
            return None
        return rules.add_months(self.start_date, 12 * self.effective_term_years() + (self.extension_months or 0))

    def is_commander(self) -> bool:
        return self.position in COMMANDER_POSITIONS

    def extension_unlimited(self) -> bool:
        """Sea militia, self-defense and commanders may be extended beyond 24 months (Art. 8)."""
        unit = self.militia_unit if self.militia_unit_id else None
        return (
            self.category == MilitiaCategory.BIEN
            or bool(unit is not None and unit.is_self_defense)
            or self.is_commander()
        )

    def months_served(self, on: datetime.date) -> int:
        if not self.start_date or on < self.start_date or self.status not in SERVED_STATUSES:
            return 0
        until = min(on, self.end_date) if self.end_date else on
        months = (until.year - self.start_date.year) * 12 + until.month - self.start_date.month
        if until.day < self.start_date.day and rules.add_months(self.start_date, months) > until:
            months -= 1
        return max(months, 0)

    def recognition_due(self, on: datetime.date) -> bool:
        """V-DQTV-4: standing militia with ≥ 24 months → completion of military service."""
        return (
            self.category == MilitiaCategory.THUONG_TRUC
            and self.status in SERVED_STATUSES
            and self.recognition_from is not None
            and self.recognition_from <= on
            and (self.end_date is None or self.end_date >= self.recognition_from)
        )

    # ---- validation --------------------------------------------------------------------

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(field: str, message: Any) -> None:
            errors.setdefault(field, []).append(str(message))

        r = self.rules
        person = self.person if self.person_id else None
        unit = self.militia_unit if self.militia_unit_id else None
        if self.category and self.term_years is None:
            self.term_years = r.term_years(self.category)
        # V-DQTV-2: the term is fixed by the category.
        if self.category and self.term_years is not None and self.term_years != r.term_years(self.category):
            add(
                "term_years",
                _("Thời hạn phục vụ của thành phần “%(c)s” là %(n)d năm (Điều 8 Luật DQTV); hãy sửa hoặc để trống.")
                % {"c": self.get_category_display(), "n": r.term_years(self.category)},
            )
        if unit is not None and self.category == MilitiaCategory.THUONG_TRUC and unit.is_self_defense:
            add("category", _("Tự vệ không có thành phần thường trực: chọn thành phần khác hoặc đơn vị dân quân."))
        # V-DQTV-1: age at selection.
        if person is not None and self.start_date:
            age = person.age_on(self.start_date)
            cap = r.age_cap(person.sex, volunteer=self.volunteer)
            if age < r.min_age or age > cap:
                obligation = r.age_cap(person.sex, volunteer=False)
                voluntary = r.age_cap(person.sex, volunteer=True)
                add(
                    "start_date",
                    _(
                        "Ngày %(d)s công dân %(age)d tuổi, ngoài độ tuổi tuyển chọn DQTV của %(sex)s: từ đủ %(min)d "
                        "đến hết %(max)d tuổi (tình nguyện đến hết %(vmax)d tuổi). Kiểm tra ngày bắt đầu, ngày sinh "
                        "hoặc đánh dấu “tình nguyện”."
                    )
                    % {
                        "d": _d(self.start_date),
                        "age": age,
                        "sex": person.get_sex_display().lower(),
                        "min": r.min_age,
                        "max": obligation,
                        "vmax": voluntary,
                    },
                )
        # V-DQTV-2: extension limit and the age cap.
        if self.extension_months:
            if self.extension_months > r.max_extension_months and not self.extension_unlimited():
                add(
                    NON_FIELD_ERRORS,
                    _(
                        "Chỉ được kéo dài thời hạn tối đa %(n)d tháng; dài hơn chỉ áp dụng với DQTV biển, tự vệ "
                        "và chỉ huy đơn vị DQTV."
                    )
                    % {"n": r.max_extension_months},
                )
            end = self.planned_end_date
            if person is not None and end is not None:
                cap = r.age_cap(person.sex, volunteer=self.volunteer)
                if person.age_on(end) > cap:
                    add(
                        NON_FIELD_ERRORS,
                        _(
                            "Kéo dài đến ngày %(d)s thì công dân đã quá %(cap)d tuổi: thời hạn kéo dài không được "
                            "vượt quá độ tuổi thực hiện nghĩa vụ."
                        )
                        % {"d": _d(end), "cap": cap},
                    )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            add(NON_FIELD_ERRORS, _("Ngày kết thúc không được trước ngày bắt đầu."))
        if person is not None and self.status in ACTIVE_MILITIA_STATUSES:
            others = MilitiaMember.objects.filter(person=person).exclude(pk=self.pk)
            clash = others.filter(status__in=ACTIVE_MILITIA_STATUSES).select_related("militia_unit").first()
            if clash is not None:
                add(
                    "person",
                    _("Công dân đang có quá trình DQTV khác (%(u)s, %(s)s): hãy kết thúc quá trình đó trước.")
                    % {"u": clash.militia_unit.name, "s": clash.get_status_display()},
                )
        if person is not None and self.status == MilitiaStatus.SELECTED:
            self._clean_exemptions(person, add)
        if errors:
            raise ValidationError(errors)

    def _clean_exemptions(self, person: Any, add: Any) -> None:
        exempted = (
            MilitiaMember.objects.filter(person=person, status=MilitiaStatus.EXEMPTED).exclude(pk=self.pk).first()
        )
        if exempted is not None and exempted.ground == ExemptionGround.CIPHER:
            add("person", _("Người làm công tác cơ yếu được miễn và không tuyển chọn vào DQTV, kể cả tình nguyện."))
        elif exempted is not None and not self.volunteer:
            add(
                "volunteer",
                _("Công dân đã được miễn (%(g)s): chỉ tuyển chọn khi tình nguyện — hãy đánh dấu “tình nguyện”.")
                % {"g": exempted.get_ground_display()},
            )
        from phongthu.forces.models.reserves import ReserveAssignment

        if (
            not self.volunteer
            and ReserveAssignment.objects.filter(reservist__person=person, released_date__isnull=True).exists()
        ):
            add(
                "volunteer",
                _(
                    "Công dân là quân nhân dự bị đã sắp xếp vào đơn vị DBĐV nên được miễn; chỉ tuyển chọn khi "
                    "tình nguyện — hãy đánh dấu “tình nguyện”."
                ),
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.term_years is None and self.category:
            self.term_years = self.rules.term_years(self.category)
        if self.start_date:
            self.recognition_from = rules.add_months(self.start_date, self.rules.completion_recognition_months)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "term_years", "recognition_from"}
        super().save(*args, **kwargs)


def required_days_expression() -> Case:
    """V-DQTV-3 as a database expression, one branch per rule set, so lists sort by it."""
    first_year = Q(year=ExtractYear("member__start_date"))
    whens: list[When] = []
    sets = rules.MILITIA_RULESETS
    for i, r in enumerate(sets):
        period = Q(year__isnull=False)
        if i > 0:
            period &= Q(year__gte=r.valid_from.year)
        if i + 1 < len(sets):
            period &= Q(year__lt=sets[i + 1].valid_from.year)
        whens += [
            When(period & Q(member__category=MilitiaCategory.THUONG_TRUC), then=Value(r.training_days_standing)),
            When(period & first_year, then=Value(r.training_days_first_year)),
            When(period & Q(member__category=MilitiaCategory.TAI_CHO), then=Value(r.training_days_local)),
            When(period, then=Value(r.training_days_other)),
        ]
    return Case(*whens, default=Value(0), output_field=models.IntegerField())


class MilitiaTrainingManager(models.Manager["MilitiaTraining"]):
    """Every read carries the required days and the shortfall, computed by the database."""

    def get_queryset(self) -> RestrictedQuerySet:
        required = required_days_expression()
        qs: Any = RestrictedQuerySet(self.model, using=self._db)
        annotated: RestrictedQuerySet = qs.annotate(
            days_required=required,
            shortfall=Greatest(required - F("days_done"), Value(0)),
        )
        return annotated

    def restrict(self, user: Actor, action: str = "view") -> RestrictedQuerySet:
        return self.get_queryset().restrict(user, action)


class MilitiaTraining(ScopedModel):
    """Days of training a member did in a year; the required days follow V-DQTV-3."""

    unit_path: ClassVar[str] = "member__militia_unit__unit"
    audited: ClassVar[bool] = True

    member = models.ForeignKey(
        MilitiaMember, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("dân quân tự vệ")
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    days_done = models.PositiveSmallIntegerField(_("số ngày đã huấn luyện"), validators=[MaxValueValidator(366)])
    note = models.TextField(_("nội dung, kết quả"), blank=True)

    # Replaces ScopedModel's manager with an annotating one; django-stubs wants the same manager type.
    objects = MilitiaTrainingManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("huấn luyện DQTV")
        verbose_name_plural = _("huấn luyện DQTV")
        ordering = ["-year", "member__person__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="militia_training_one_per_year",
                violation_error_message=_("Dân quân này đã có bản ghi huấn luyện của năm này: hãy sửa bản ghi đó."),
            )
        ]

    def __str__(self) -> str:
        who = self.member.person.full_name if self.member_id else "?"
        return f"{who} — {self.year}"

    def year_of_service(self) -> int:
        return self.year - self.member.start_date.year + 1

    # `days_required` and `shortfall` come from the manager's annotation when read from the
    # database, and are computed here for records not read that way.
    @property
    def days_required(self) -> int:
        cached = self.__dict__.get("_days_required")
        if cached is not None:
            return int(cached)
        if not self.member_id or not self.year:
            return 0
        r = rules.militia_rules(datetime.date(self.year, 12, 31))
        return r.training_days(self.member.category, self.year_of_service())

    @days_required.setter
    def days_required(self, value: int) -> None:
        self.__dict__["_days_required"] = value

    @property
    def shortfall(self) -> int:
        return max(self.days_required - (self.days_done or 0), 0)

    @shortfall.setter
    def shortfall(self, value: int) -> None:
        pass  # always derived from days_required and days_done

    def clean(self) -> None:
        if not self.member_id or not self.year:
            return
        member = self.member
        if self.year < member.start_date.year:
            raise ValidationError(
                {
                    "year": _("Năm %(y)d trước năm bắt đầu thực hiện nghĩa vụ (%(s)d) của dân quân này.")
                    % {"y": self.year, "s": member.start_date.year}
                }
            )
        last = member.end_date or member.planned_end_date
        if last is not None and self.year > last.year:
            raise ValidationError(
                {"year": _("Năm %(y)d sau khi kết thúc thời hạn (%(d)s).") % {"y": self.year, "d": _d(last)}}
            )
        if self.days_done is not None and self.days_done > 366:
            raise ValidationError({"days_done": _("Số ngày huấn luyện trong năm không vượt quá 366.")})


class UnitPopulation(ScopedModel):
    """Population of a unit in a year: the denominator of the DQTV-to-population ratio."""

    unit_path: ClassVar[str] = "unit"
    audited: ClassVar[bool] = True

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="populations", verbose_name=_("đơn vị hành chính")
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    population = models.PositiveIntegerField(_("dân số (người)"), validators=[MinValueValidator(1)])
    source = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("dân số đơn vị")
        verbose_name_plural = _("dân số đơn vị")
        ordering = ["-year", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="unit_population_one_per_year",
                violation_error_message=_("Đơn vị này đã có số dân của năm này: hãy sửa bản ghi đó."),
            )
        ]

    def __str__(self) -> str:
        name = self.unit.name if self.unit_id else "?"
        return f"{name} — {self.year}"
