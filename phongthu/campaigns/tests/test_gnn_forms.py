"""The Ministry's forms (Biểu 01, 01A, 06, 17A, 16A/B/C): real XLSX files reopened with openpyxl,
their totals checked against the records; one converted by LibreOffice."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from phongthu.campaigns.gnn import FormRequest, FormSettings, build_form
from phongthu.campaigns.models import DefermentDecision

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def registry(campaign, make_person, make_candidate, commune_a, commune_a2, commune_b):
    """Men of Hải Phòng: ages 18–27 in 2025 and outside, grades, villages, grounds in force."""
    made = {}
    made["a20"] = make_person(commune_a, dob=D(2005, 3, 1), grade=12)
    made["a19_g5"] = make_person(commune_a, dob=D(2006, 3, 1), grade=5)
    made["a22_g9"] = make_person(commune_a, dob=D(2003, 3, 1), grade=9)
    made["a30"] = make_person(commune_a, dob=D(1995, 3, 1), grade=12)  # outside 18–27
    made["a_uni"] = make_person(commune_a, dob=D(2004, 3, 1), grade=12, training_level="UNIVERSITY")
    made["a_illit"] = make_person(commune_a, dob=D(2002, 3, 1), grade=None)
    made["a_illit"].registration.illiterate = True
    made["a_illit"].registration.save()
    made["a_barred"] = make_person(commune_a, dob=D(2004, 5, 5))
    made["a_barred"].registration.status = "BARRED_FROM_REGISTRATION"
    made["a_barred"].registration.save()
    made["a_unreg"] = make_person(commune_a, dob=D(2005, 5, 5), registered=False)  # never counted in 06
    made["a2_def"] = make_person(commune_a2, dob=D(2006, 7, 7), grade=11)
    made["b_exempt"] = make_person(commune_b, dob=D(2005, 8, 8), grade=10)
    made["b_def"] = make_person(commune_b, dob=D(2004, 8, 8), grade=7)
    made["b_school"] = make_person(commune_b, dob=D(2006, 1, 1), grade=12)
    made["b_school"].registration.affiliation = "SCHOOL"
    made["b_school"].registration.save()
    for key, ground, kind in (("a2_def", "TH_G", "DEFERMENT"), ("b_exempt", "MI_A", "EXEMPTION"),
                              ("b_def", "TH_D", "DEFERMENT")):  # fmt: skip
        person = made[key]
        cand = make_candidate(
            person.residence_unit, person=person, status="DEFERRED" if kind == "DEFERMENT" else "EXEMPTED"
        )
        DefermentDecision.objects.create(candidate=cand, ground=ground, status="ACTIVE", evidence="Giấy tờ")
    # 17-year-olds of 2025 (born 2008) for 01/01A, in two villages of commune A.
    for village, channel, status in (("Thôn 1", "IN_PERSON", "REGISTERED_READY"), ("Thôn 1", "ONLINE", "REGISTERED_READY"),
                                     ("Thôn 2", None, "EXEMPT_FROM_REGISTRATION")):  # fmt: skip
        p = make_person(commune_a, dob=D(2008, 9, 9), grade=9)
        p.registration.village = village
        p.registration.status = status
        p.registration.save()
        if channel:
            from phongthu.military_service.models import RegistrationEvent

            RegistrationEvent.objects.create(registration=p.registration, unit=commune_a, procedure="REG_FIRST",
                                             channel=channel, event_date=D(2025, 4, 10))  # fmt: skip
    absent = make_person(commune_a, dob=D(2008, 2, 2), grade=8, registered=False)
    from phongthu.military_service.models import MilitaryServiceRegistration

    MilitaryServiceRegistration.objects.create(person=absent, registering_unit=commune_a, village="Thôn 2",
                                               registration_absence="EVADING")  # fmt: skip
    return made


def open_form(form, unit, year=2026, **settings):
    built = build_form(FormRequest(form=form, unit=unit, year=year, settings=FormSettings.default(**settings)))
    book = openpyxl.load_workbook(io.BytesIO(built.content))
    return built, book.worksheets[0]


def data_rows(sheet, first_label):
    """label → list of values (col 1..n) from the first data row (found by its label)."""
    out, started = {}, False
    for row in sheet.iter_rows(values_only=True):
        if row[0] == first_label:
            started = True
        if started:
            if row[0] is None:
                break
            out[row[0]] = list(row)
    return out


def col(row, k):
    return row[k - 1] or 0


def test_form_06_totals_add_up(registry, hai_phong):
    _built, sheet = open_form("06", hai_phong)
    assert sheet.page_setup.paperSize == 8 and sheet.page_setup.orientation == "landscape"
    assert sheet["A1"].font.name == "Times New Roman"
    rows = data_rows(sheet, "TỔNG CỘNG")
    total, sec_i, sec_ii = (
        rows["TỔNG CỘNG"],
        rows["I. Tổng miễn, hoãn gọi nhập ngũ"],
        rows["II. Trong diện gọi nhập ngũ"],
    )
    exempt = rows["1. Miễn gọi nhập ngũ (khoản 2 Điều 41 Luật NVQS)"]
    defer = rows["2- Tạm hoãn gọi nhập ngũ (khoản 1 Điều 41 Luật NVQS)"]
    labels = list(rows)
    ex_rows = [rows[k] for k in labels[3:8]]
    th_rows = [rows[k] for k in labels[9:17]]
    # Registered men aged 18–27 in 2025 (birth year only): everyone above except a30 and a_unreg.
    assert col(total, 3) == 10
    assert col(total, 2) >= col(total, 3)  # men recorded in the area, all ages
    for k in range(2, 38):
        if k == 4:
            continue
        assert col(sec_i, k) == col(exempt, k) + col(defer, k)
        assert col(exempt, k) == sum(col(r, k) for r in ex_rows)
        assert col(defer, k) == sum(col(r, k) for r in th_rows)
    barred = 1
    assert col(total, 3) == col(sec_i, 3) + col(sec_ii, 3) + barred
    assert (col(exempt, 3), col(defer, 3)) == (1, 2)
    assert col(rows["- 7. " + labels[15][5:]], 3) == 1 if labels[15].startswith("- 7.") else True
    for r in rows.values():
        assert col(r, 5) == sum(col(r, k) for k in range(6, 16)) == col(r, 3)
        assert col(r, 18) == sum(col(r, k) for k in range(19, 24))
        assert col(r, 24) == sum(col(r, k) for k in range(25, 29))
        assert col(r, 29) == sum(col(r, k) for k in range(30, 33))
        assert col(r, 16) == col(r, 17) + col(r, 18) + col(r, 24) + col(r, 29) + col(r, 33)
        assert sum(col(r, k) for k in range(34, 38)) == col(r, 3)
    assert col(total, 17) == 1 and col(total, 33) == 1 and col(total, 37) == 1
    assert col(total, 16) == col(total, 3)  # everyone has a grade, is illiterate or higher-educated
    pct = round(100 * col(total, 3) / col(total, 2), 2)
    assert abs(col(total, 4) - pct) < 0.01
    assert any("age_reference" in str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_form_06_for_a_commune_counts_only_its_people(registry, commune_a):
    _b, sheet = open_form("06", commune_a)
    total = data_rows(sheet, "TỔNG CỘNG")["TỔNG CỘNG"]
    assert col(total, 3) == 6  # a20, a19_g5, a22_g9, a_uni, a_illit, a_barred


def test_form_06_age_reference_setting(registry, hai_phong):
    _b, w = open_form("06", hai_phong, age_reference="W")
    _b, y = open_form("06", hai_phong, age_reference="Y")
    tw, ty = data_rows(w, "TỔNG CỘNG")["TỔNG CỘNG"], data_rows(y, "TỔNG CỘNG")["TỔNG CỘNG"]
    assert col(tw, 6) != col(ty, 6) or col(tw, 7) != col(ty, 7)  # everyone is a year older with Y


def test_form_01a_by_village(registry, commune_a):
    _b, sheet = open_form("01A", commune_a)
    rows = data_rows(sheet, "Tổng số")
    total = rows.pop("Tổng số")
    assert set(rows) == {"Thôn 1", "Thôn 2"}
    assert col(total, 3) == 4
    for k in range(3, 31):  # col 2 of a village counts only men whose file names the village
        if k == 4:
            continue
        assert col(total, k) == sum(col(r, k) for r in rows.values()), k
    for r in (total, *rows.values()):
        assert col(r, 3) == col(r, 5) + col(r, 8)
        assert col(r, 5) == col(r, 6) + col(r, 7)
        assert col(r, 14) == sum(col(r, k) for k in range(15, 28))
        assert col(r, 28) == col(r, 29) + col(r, 30)
    assert (col(total, 7), col(total, 9), col(total, 10), col(total, 12)) == (1, 1, 1, 1)


def test_form_01a_by_commune_for_a_region(registry, two_regions, commune_a):
    _b, sheet = open_form("01A", two_regions[0])
    rows = data_rows(sheet, "Tổng số")
    total = rows.pop("Tổng số")
    assert col(rows[commune_a.name], 3) == col(total, 3) == 4


def test_lists_16_and_17a(registry, hai_phong, commune_b):
    _built, sheet = open_form("16B", hai_phong)
    names = [
        r[1].split("\n")[0]
        for r in sheet.iter_rows(values_only=True)
        if isinstance(r[0], int) and isinstance(r[1], str)
    ]
    assert sorted(names) == sorted([registry["a2_def"].full_name.upper(), registry["b_def"].full_name.upper()])
    _b, sheet = open_form("16A", hai_phong)
    rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int) and isinstance(r[1], str)]
    assert len(rows) == 1 and "Điểm a khoản 2 Điều 41" in rows[0][7] and "MI_A" not in rows[0][7]
    _b, sheet = open_form("16A", commune_b.__class__.objects.get(pk=registry["a20"].residence_unit_id))
    assert not [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int) and isinstance(r[1], str)]
    _b, sheet = open_form("17A", hai_phong)
    assert not [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int) and isinstance(r[1], str)]
    _b, sheet = open_form("01", hai_phong)
    assert len([r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int) and isinstance(r[1], str)]) == 4


def test_command_finds_units_by_name_without_diacritics(registry, commune_a, tmp_path):
    out = tmp_path / "b06.xlsx"
    from phongthu.core.text import search_key

    call_command("gnn_form", form="06", unit=search_key(commune_a.name), year=2026, out=str(out))
    assert openpyxl.load_workbook(out).worksheets[0].title == "06-GNN"
    call_command("gnn_form", form="01A", unit=f"code:{commune_a.code}", year=2026, out=str(out))
    with pytest.raises(CommandError) as info:
        call_command("gnn_form", form="06", unit="Phường", year=2026, out=str(out))
    assert "Không có đơn vị nào có tên “Phường” còn hiệu lực trong năm 2026" in str(info.value)
    with pytest.raises(CommandError):
        call_command("gnn_form", form="99", unit=str(commune_a.pk), year=2026, out=str(out))
    from phongthu.core.models import ObjectChange

    assert ObjectChange.objects.filter(action="export", object_repr__contains="06/GNN").exists()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_form_opens_in_libreoffice(registry, hai_phong, tmp_path):
    built, _sheet = open_form("06", hai_phong)
    src = Path(tmp_path) / built.filename
    src.write_bytes(built.content)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = src.with_suffix(".pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_download_from_the_campaign_page_is_scoped_and_audited(
    registry, campaign, client, user_a, commune_a, commune_b, two_regions
):
    from django.urls import reverse

    from phongthu.core.models import ObjectChange

    client.force_login(user_a)
    page = client.get(reverse("crud:campaigns-campaign-detail", args=[campaign.pk]) + f"?unit={commune_a.pk}")
    assert page.status_code == 200 and 'data-gnn="06"' in page.content.decode()
    url = reverse("campaigns:gnn-form", args=["06"])
    resp = client.get(url, {"unit": commune_a.pk, "year": 2026})
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(resp.content)).worksheets[0]
    assert col(data_rows(sheet, "TỔNG CỘNG")["TỔNG CỘNG"], 3) == 6
    assert ObjectChange.objects.filter(action="export", object_repr__contains="06/GNN").exists()
    assert client.get(url, {"unit": commune_b.pk, "year": 2026}).status_code == 404
    assert client.get(reverse("campaigns:gnn-form", args=["99"]), {"unit": commune_a.pk}).status_code == 404
    drive = client.get(reverse("military_service:drive") + f"?unit={commune_a.pk}&year=2025")
    assert 'id="gnn-01a"' in drive.content.decode() and "year=2026" in drive.content.decode()


@pytest.mark.parametrize("unit_fixture", ["hai_phong", "commune_a"])
def test_grouped_counts_equal_the_per_person_counts(registry, request, unit_fixture):
    """06 and 01A read men as grouped profiles (one GROUP BY, not one object per man): every cell
    equals what the per-person reading gives, on this registry with grounds, villages, channels."""
    from phongthu.campaigns.gnn import build, data, statistical

    unit = request.getfixturevalue(unit_fixture)
    cfg = FormSettings.default()
    campaign = data.campaign_for(unit, 2026)
    assert campaign is not None
    people = data.men(unit, None).filter(registration__status__isnull=False)
    one_each = data.citizens(people, campaign)
    grouped = data.profiles(people, campaign)
    assert statistical.n(grouped) == len(one_each) and len(grouped) < len(one_each)
    as_06 = {"year": 2026, "unit_name": unit.name, "population": 100, "cfg": cfg}
    assert statistical.form_06(grouped, **as_06).rows == statistical.form_06(one_each, **as_06).rows

    teens = data.men(unit, None).filter(date_of_birth__year=2008)
    one_each = data.citizens(teens, campaign)
    rows = data.assign_rows(one_each, unit)
    build._channels(one_each, cfg)
    place = "village" if unit.level == "COMMUNE" else "unit"
    grouped = data.profiles(teens, campaign, place=place, first_channel=True)
    assert data.assign_rows(grouped, unit) == rows
    build._profile_channels(grouped, cfg)
    as_01a = {"year": 2026, "unit_name": unit.name, "population": {}, "cfg": cfg}
    assert statistical.form_01a(grouped, rows, **as_01a).rows == statistical.form_01a(one_each, rows, **as_01a).rows
