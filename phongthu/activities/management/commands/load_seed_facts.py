"""manage.py load_seed_facts — enter the facts of the seed reports (thin wrapper)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from phongthu.activities.seed_facts import SeedFactsError, default_path, load_seed_facts


class Command(BaseCommand):
    help = "Nhập các dữ kiện của báo cáo mẫu (shared/seeds/facts.yaml) thành bản ghi."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--path", default=str(default_path()), help="Đường dẫn tệp facts.yaml")
        parser.add_argument(
            "--user", default="", help="Tên đăng nhập người nhập (mặc định: quản trị hệ thống đầu tiên)"
        )
        parser.add_argument(
            "--load-units", action="store_true", help="Nạp bản đồ hành chính Hải Phòng, Quảng Ninh, Nghệ An nếu chưa có"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects.filter(is_active=True)
        if options["user"]:
            actor = users.filter(username=options["user"]).first()
        else:
            actor = users.filter(Q(is_superuser=True) | Q(is_system_admin=True)).order_by("pk").first()
        if actor is None:
            raise CommandError("Không có người dùng để ghi nhận: hãy tạo quản trị hệ thống hoặc chỉ rõ --user.")
        try:
            report = load_seed_facts(actor=actor, path=Path(options["path"]), load_units=options["load_units"])
        except SeedFactsError as exc:
            raise CommandError(str(exc)) from exc
        for kind, n in sorted(report.by_kind().items()):
            self.stdout.write(f"  {kind}: {n}")
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {len(report.facts)} dữ kiện."))
