"""manage.py recompute_figures — rebuild the per-unit, per-month aggregates from the records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from phongthu.figures.engine import recompute


class Command(BaseCommand):
    help = "Tính lại toàn bộ số liệu tổng hợp (theo đơn vị, theo tháng) từ sổ sách."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--indicator", action="append", default=[], help="Chỉ tính lại chỉ số này (lặp lại được)")

    def handle(self, *args: Any, **options: Any) -> None:
        n = recompute(options["indicator"] or None)
        self.stdout.write(self.style.SUCCESS(f"Đã tính lại {n} dòng số liệu tổng hợp."))
