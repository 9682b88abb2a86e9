"""The base salary (lương cơ sở) table as data; later rates are added by new migrations or
by an administrator."""

import datetime

from django.db import migrations

RATES = [
    (datetime.date(2013, 7, 1), 1_150_000, "Nghị định 66/2013/NĐ-CP"),
    (datetime.date(2016, 5, 1), 1_210_000, "Nghị định 47/2016/NĐ-CP"),
    (datetime.date(2017, 7, 1), 1_300_000, "Nghị định 47/2017/NĐ-CP"),
    (datetime.date(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
    (datetime.date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
]


def add_rates(apps, schema_editor):
    BaseSalary = apps.get_model("activities", "BaseSalary")
    for valid_from, amount, basis in RATES:
        BaseSalary.objects.update_or_create(valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis})


def remove_rates(apps, schema_editor):
    BaseSalary = apps.get_model("activities", "BaseSalary")
    BaseSalary.objects.filter(valid_from__in=[r[0] for r in RATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_rates, remove_rates)]
