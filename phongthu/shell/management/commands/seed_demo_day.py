"""The demo's ordinary day: work waiting for each role and a call-up in progress (`shell/demo_day.py`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from phongthu.core.context import change_context
from phongthu.shell import demo_day


class Command(BaseCommand):
    help = "Thêm vào dữ liệu trình diễn một ngày làm việc: việc chờ từng vai trò và một đợt tuyển quân đang diễn ra."

    def handle(self, *args: Any, **options: Any) -> None:
        from phongthu.accounts.models import User
        from phongthu.people.models import Person

        if not User.objects.filter(username__in=["xa", "tinh", "khuvuc"]).count() == 3:
            raise CommandError("Chưa có dữ liệu trình diễn: chạy manage.py seed_demo trước.")
        if Person.objects.filter(full_name=demo_day.STUDENT).exists():
            self.stdout.write("Ngày làm việc trình diễn đã có sẵn: không thêm gì.")
            return
        with transaction.atomic(), change_context(job_id="seed-demo-day", reason="Dữ liệu trình diễn"):
            scene = demo_day.build()
            extra = demo_day.call_up_in_progress(scene)
        self.stdout.write(
            f"Đã thêm một ngày làm việc trình diễn: đợt tuyển quân năm {scene['campaign'].year}, "
            f"{len(extra['registered'])} công dân đã đăng ký trong nguồn của {scene['commune'].name}."
        )
