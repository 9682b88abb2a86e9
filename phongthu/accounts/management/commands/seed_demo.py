"""Demo data: the real units of TP Hải Phòng (2025 and pre-2025), defense regions, one user per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from phongthu.accounts.models import AccessMode, Role, RoleAssignment, User
from phongthu.core.context import change_context
from phongthu.units.demo import ensure_defense_regions
from phongthu.units.loader import load_admin_units
from phongthu.units.models import Unit

DEMO_PASSWORD = "phongthu-demo-2025"


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn: đơn vị TP Hải Phòng và mỗi vai trò một tài khoản."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", default="31", help="Mã tỉnh theo bản đồ 2025 (mặc định 31 = Hải Phòng)")
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args: Any, **options: Any) -> None:
        with change_context(job_id="seed_demo", reason="Dữ liệu trình diễn"):
            load_admin_units(province_code=options["province"])
            province = Unit.objects.get(level="PROVINCE", code=options["province"].zfill(2), valid_to__isnull=True)
            regions = ensure_defense_regions(province)
            logins = self._users(province, regions, options["password"])
            self._office_holders(province, regions)
        self.stdout.write(self.style.SUCCESS(f"Tài khoản trình diễn (mật khẩu: {options['password']}):"))
        for username, text in logins:
            self.stdout.write(f"  {username:<12} {text}")

    @transaction.atomic
    def _office_holders(self, province: Unit, regions: list[Unit]) -> None:
        """Demo holders of the offices that sign decisions (names are invented for the demo)."""
        import datetime

        from phongthu.units.models import OfficeHolder
        from phongthu.units.selectors import children

        commune = children(regions[0], hierarchy="MILITARY").first() or province
        since = datetime.date(2025, 7, 1)
        plan = [
            (province, "PC_CHAIR", "Trần Minh Quang (trình diễn)"),
            (province, "MC_COMMANDER", "Đại tá Phạm Văn Hùng (trình diễn)"),
            (commune, "PC_CHAIR", "Lê Thị Hoa (trình diễn)"),
            (commune, "MC_COMMANDER", "Nguyễn Văn Bình (trình diễn)"),
        ]
        for unit, office, name in plan:
            OfficeHolder.objects.get_or_create(
                unit=unit,
                office=office,
                valid_from=since,
                defaults={"full_name": name, "appointment_ref": "Dữ liệu trình diễn"},
            )

    @transaction.atomic
    def _users(self, province: Unit, regions: list[Unit], password: str) -> list[tuple[str, str]]:
        region = regions[0]
        from phongthu.units.selectors import children

        commune = children(region, hierarchy="MILITARY").first() or province
        plan = [
            ("admin", Role.ADMIN, province, "Quản trị hệ thống"),
            ("tinh", Role.PROVINCE_STAFF, province, f"Cán bộ {province.name}"),
            ("khuvuc", Role.REGION_STAFF, region, f"Cán bộ {region.name}"),
            ("xa", Role.COMMUNE_STAFF, commune, f"Cán bộ Ban CHQS {commune.name}"),
            ("hoidong", Role.COUNCIL_MEMBER, province, "Thành viên Hội đồng NVQS tỉnh"),
            ("hoidongxa", Role.COUNCIL_MEMBER, commune, f"Thành viên Hội đồng NVQS {commune.name}"),
            ("kiemtra", Role.AUDITOR, province, "Kiểm tra viên"),
            ("quantritinh", Role.PROVINCE_ADMIN, province, f"Quản trị danh mục đơn vị {province.name}"),
        ]
        logins = []
        for username, role, unit, label in plan:
            user, _created = User.objects.get_or_create(username=username, defaults={"full_name": label})
            user.full_name = label
            user.is_system_admin = role == Role.ADMIN
            user.set_password(password)
            user.save()
            RoleAssignment.objects.get_or_create(
                user=user, role=role, unit=unit, defaults={"include_descendants": True, "mode": AccessMode.ENTER}
            )
            logins.append((username, f"{Role(role).label} — {unit.name}"))
        return logins
