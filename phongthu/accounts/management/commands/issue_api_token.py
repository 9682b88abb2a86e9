from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongthu.accounts import tokens
from phongthu.core.context import change_context


class Command(BaseCommand):
    help = (
        "Cấp một mã truy cập API (token) mới cho người dùng và in ra một lần duy nhất; "
        "--rotate để thu hồi mọi mã cũ của người đó trước khi cấp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Thu hồi mọi mã cũ và cấp mã mới")
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã")
        parser.add_argument("--days", type=int, default=None, help="Số ngày hiệu lực (mặc định API_TOKEN_DAYS)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có người dùng '{options['username']}'.")
        if not user.is_active:
            raise CommandError(f"Tài khoản '{options['username']}' đã bị vô hiệu hóa.")
        days = options["days"]
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--days phải từ 1 đến 3650.")
        with change_context(job_id="issue_api_token"):
            if options["rotate"]:
                _token, key = tokens.rotate(user, days=days)
            else:
                _token, key = tokens.issue(user, name=options["name"], days=days)
        self.stdout.write(key)
