"""`manage.py gnn_form --form 06 --unit <id | code:<code> | name> --year 2026 --out bieu06.xlsx`:
one of the Ministry's conscription forms for a unit and call-up year, written to a file."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongthu.campaigns.gnn import FORMS, FormRequest, build_form
from phongthu.campaigns.gnn.build import FormError
from phongthu.core import audit
from phongthu.core.context import change_context
from phongthu.units.selectors import UnitArgumentError, unit_from_argument

VILLAGES = ("VILLAGE", "RESIDENTIAL_GROUP")  # the forms are drawn up by communes and above


class Command(BaseCommand):
    help = "Lập biểu mẫu tuyển quân GNN (01, 01A, 06, 17A, 16A, 16B, 16C) ra tệp XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", required=True, help=", ".join(FORMS))
        parser.add_argument("--unit", required=True, help="id, code:<mã đơn vị> hoặc tên đơn vị")
        parser.add_argument("--year", required=True, type=int, help="năm gọi nhập ngũ")
        parser.add_argument("--out", required=True, help="tệp .xlsx ghi ra")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            unit = unit_from_argument(
                options["unit"],
                datetime.date(options["year"], 1, 1),
                datetime.date(options["year"], 12, 31),
                during=f"năm {options['year']}",
                exclude_kinds=VILLAGES,
            )
            with change_context(reason=f"manage.py gnn_form {options['form']}"):
                built = build_form(FormRequest(form=options["form"], unit=unit, year=options["year"]))
                from phongthu.people.models import Person

                audit.log_export(Person, built.people, f"{built.title} — {unit.name} — năm {options['year']}")
        except (FormError, UnitArgumentError) as exc:
            raise CommandError(str(exc)) from exc
        Path(options["out"]).write_bytes(built.content)
        self.stdout.write(
            f"{built.title}: {unit.name}, năm {options['year']}, {built.count} công dân → {options['out']}"
        )
