from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongthu.core.context import change_context
from phongthu.core.display import vietnamese_number
from phongthu.military_service.eligibility.codes import STATUS_LABELS, Status
from phongthu.military_service.selectors import subtree
from phongthu.military_service.services.reevaluation import reevaluate
from phongthu.people.models import Person
from phongthu.units.models import Unit


class Command(BaseCommand):
    help = (
        "Xét lại điều kiện gọi nhập ngũ của mọi công dân thuộc một đơn vị (xã, huyện, tỉnh; mặc định toàn bộ) "
        "vào một ngày, lưu kết quả và ghi lịch sử cho người có kết quả thay đổi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="", help="Mã hoặc số định danh của đơn vị (xã, huyện, tỉnh)")
        parser.add_argument("--as-of", default="", help="Ngày xét, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định hôm nay)")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _day(options["as_of"]) if options["as_of"] else datetime.date.today()
        people = Person.objects.all()
        label = ""
        if options["unit"]:
            unit = _unit(options["unit"], as_of)
            people = people.filter(residence_unit__in=subtree(unit))
            label = unit.name
        with change_context(job_id=f"reevaluate-{uuid.uuid4().hex[:12]}", reason="Xét lại điều kiện gọi nhập ngũ"):
            summary = reevaluate(people, as_of, scope_label=label)
        self.stdout.write(
            f"Đã xét {vietnamese_number(summary.evaluated)} công dân ngày {as_of:%d/%m/%Y}"
            f"{f' ({label})' if label else ''}; {vietnamese_number(summary.changed)} có kết quả thay đổi."
        )
        for status, count in summary.by_status.most_common():
            self.stdout.write(f"  {STATUS_LABELS[Status(status)]}: {vietnamese_number(count)}")


def _day(text: str) -> datetime.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày '{text}' không hợp lệ: hãy ghi dd/mm/yyyy, ví dụ 15/01/2026.")


def _unit(text: str, on: datetime.date) -> Unit:
    units = Unit.objects.filter(code=text.strip())
    if text.strip().isdigit():
        units = units | Unit.objects.filter(pk=int(text.strip()))
    found = [u for u in units if u.is_valid_on(on)] or list(units)
    if len(found) != 1:
        raise CommandError(
            f"Không tìm thấy đơn vị '{text}'." if not found else f"Có nhiều đơn vị '{text}'; hãy ghi số định danh."
        )
    unit: Unit = found[0]
    return unit
