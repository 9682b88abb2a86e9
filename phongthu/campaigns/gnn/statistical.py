"""Biểu 06/GNN (men of call-up age) and Biểu 01A/GNN (result of the 17-year-olds' registration):
counts by column, "+" columns computed as the sums they head (forms-gnn.md §1, §2)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from phongthu.campaigns.gnn.data import Citizen, Profile
from phongthu.campaigns.gnn.settings import FormSettings
from phongthu.core.xlsx import FormLine, FormSheet, Heading

MOTTO = (
    FormLine(center="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True),
    FormLine(center="Độc lập - Tự do - Hạnh phúc", bold=True),
)

# forms-gnn.md §8: the row labels print the ground lists as the forms store them.
EXEMPTION_ROWS: tuple[tuple[str, str], ...] = (
    ("MI_A", "1. Con của liệt sĩ, con của thương binh hạng một"),
    ("MI_B", "2. Một anh hoặc một em trai của liệt sĩ"),
    ("MI_C", "3. Một con của thương binh hạng hai; một con của bệnh binh suy giảm khả năng lao động từ 81% trở lên; "
             "một con của người nhiễm chất độc da cam suy giảm khả năng lao động từ 81 % trở lên"),
    ("MI_D", "4. Người làm công tác cơ yếu không phải là quân nhân, Công an nhân dân"),
    ("MI_DD", "5. Cán bộ, công chức, viên chức, thanh niên xung phong được điều động đến công tác, làm việc ở vùng có "
              "điều kiện kinh tế - xã hội đặc biệt khó khăn theo quy định của pháp luật từ 24 tháng trở lên"),
)  # fmt: skip
DEFERMENT_ROWS: tuple[tuple[str, str], ...] = (
    ("TH_A", "1. Chưa đủ sức khỏe phục vụ tại ngũ theo kết luận của Hội đồng khám sức khỏe"),
    ("TH_B", "2. Là lao động duy nhất phải trực tiếp nuôi dưỡng thân nhân không còn khả năng lao động hoặc chưa đến "
             "tuổi lao động; trong gia đình bị thiệt hại nặng về người và tài sản do tai nạn, thiên tai, dịch bệnh "
             "nguy hiểm gây ra được Ủy ban nhân dân cấp xã xác nhận"),
    ("TH_C", "3. Một con của bệnh binh, người nhiễm chất độc da cam suy giảm khả năng lao động từ 61% đến 80%"),
    ("TH_D", "4. Có anh, chị hoặc em ruột là hạ sĩ quan, binh sĩ đang phục vụ tại ngũ; hạ sĩ quan, chiến sĩ thực "
             "hiện nghĩa vụ tham gia Công an nhân dân"),
    ("TH_DD", "5. Người thuộc diện di dân, giãn dân trong 03 năm đầu đến các xã đặc biệt khó khăn theo dự án phát "
              "triển kinh tế - xã hội của Nhà nước do Ủy ban nhân dân cấp tỉnh trở lên quyết định"),
    ("TH_E", "6. Cán bộ, công chức, viên chức, thanh niên xung phong được điều động đến công tác, làm việc ở vùng có "
             "điều kiện kinh tế - xã hội đặc biệt khó khăn theo quy định của pháp luật"),
    ("TH_G", "7. Đang học tại cơ sở giáo dục phổ thông; đang được đào tạo trình độ đại học hệ chính quy thuộc cơ sở "
             "giáo dục đại học, trình độ cao đẳng hệ chính quy thuộc cơ sở giáo dục nghề nghiệp trong thời gian một "
             "khóa đào tạo của một trình độ đào tạo"),
    ("TH_H", "8. Đang là DQTT theo điều 49 luật DQTV năm 2019"),
)  # fmt: skip
LOW_EDUCATION_LABEL = "9. Trình độ học vấn thấp (dưới lớp 8)"
NOT_REGISTRABLE = frozenset({"BARRED_FROM_REGISTRATION", "EXEMPT_FROM_REGISTRATION"})


Man = Citizen | Profile  # one man, or a profile standing for `weight` men


def n(people: Sequence[Man]) -> int:
    """How many men: a profile counts its weight."""
    return sum(c.weight for c in people)


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.00")
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- 06/GNN


def row_06(label: str, people: Sequence[Man], population: int, ref: int, cfg: FormSettings) -> list[Any]:
    """The 37 cells of one row of Biểu 06 (col k holds value k; forms-gnn.md §1.4)."""
    of_age = [c for c in people if 18 <= ref - c.birth_year <= 27]
    ages = [n([c for c in of_age if ref - c.birth_year == a]) for a in range(18, 28)]
    illiterate = n([c for c in of_age if c.illiterate])
    higher = [c for c in of_age if c.higher and not c.illiterate]
    general = [c for c in of_age if not c.higher]
    grades = [n([c for c in general if c.grade == g]) for g in range(1, 13)]
    primary, lower, upper = sum(grades[0:5]), sum(grades[5:9]), sum(grades[9:12])
    areas = [n([c for c in of_age if c.area(cfg.default_area) == a]) for a in ("RURAL", "URBAN", "AGENCY", "SCHOOL")]
    education = illiterate + primary + lower + upper + n(higher)
    return [
        label, population, n(of_age), percent(n(of_age), population),
        sum(ages), *ages,
        education, illiterate,
        primary, *grades[0:5],
        lower, *grades[5:9],
        upper, *grades[9:12],
        n(higher),
        *areas,
    ]  # fmt: skip


def form_06(found: Sequence[Man], *, year: int, unit_name: str, population: int, cfg: FormSettings) -> FormSheet:
    ref = cfg.reference_year(year)
    counted = [c for c in found if c.registered]
    exempted = [c for c in counted if c.ground_kind == "EXEMPTION"]
    deferred = [c for c in counted if c.ground_kind == "DEFERMENT"]
    in_call = [c for c in counted if not c.ground_kind and c.reg_status not in NOT_REGISTRABLE]
    pop = population if cfg.population == "people" else n(counted)

    def row(label: str, people: list[Man], whole: int | None = None) -> list[Any]:
        return row_06(label, people, n(people) if whole is None else whole, ref, cfg)

    rows = [row("TỔNG CỘNG", counted, pop), row("I. Tổng miễn, hoãn gọi nhập ngũ", exempted + deferred)]
    rows.append(row("1. Miễn gọi nhập ngũ (khoản 2 Điều 41 Luật NVQS)", exempted))
    rows += [row("- " + text, [c for c in exempted if c.ground == code]) for code, text in EXEMPTION_ROWS]
    rows.append(row("2- Tạm hoãn gọi nhập ngũ (khoản 1 Điều 41 Luật NVQS)", deferred))
    rows += [row("- " + text, [c for c in deferred if c.ground == code]) for code, text in DEFERMENT_ROWS]
    if cfg.low_education_row == "print":
        rows.append(row("- " + LOW_EDUCATION_LABEL, [c for c in in_call if c.grade is not None and c.grade < 8]))
    rows.append(row("II. Trong diện gọi nhập ngũ", in_call))
    bold = frozenset({0, 1, 2, 3 + len(EXEMPTION_ROWS), len(rows) - 1})
    not_registrable = n([c for c in counted if not c.ground_kind and c.reg_status in NOT_REGISTRABLE])
    headings = [
        Heading("PHÂN TÍCH", 0, 0, 2, 0),
        Heading("TỔNG DÂN SỐ NAM....", 0, 1, 2, 1),
        Heading("SỐ NGƯỜI Từ 18-27", 0, 2, 0, 3),
        Heading("Tổng số", 1, 2, 2, 2),
        Heading("% so với dân số", 1, 3, 2, 3),
        Heading("TUỔI ĐỜI", 0, 4, 0, 14),
        Heading("+", 1, 4, 2, 4),
        *[Heading(str(a), 1, 5 + i, 2, 5 + i) for i, a in enumerate(range(18, 28))],
        Heading("TRÌNH ĐỘ GIÁO DỤC PHỔ THÔNG + TRÌNH ĐỘ CMKT", 0, 15, 0, 32),
        Heading("+", 1, 15, 2, 15),
        Heading("Không biết chữ", 1, 16, 2, 16),
        Heading("+", 1, 17, 2, 17),
        Heading("TIỂU HỌC", 1, 18, 1, 22),
        *[Heading(f"Lớp {g}", 2, 17 + g) for g in range(1, 6)],
        Heading("+", 1, 23, 2, 23),
        Heading("TRUNG HỌC CS", 1, 24, 1, 27),
        *[Heading(f"Lớp {g}", 2, 18 + g) for g in range(6, 10)],
        Heading("+", 1, 28, 2, 28),
        Heading("THPT", 1, 29, 1, 31),
        *[Heading(f"Lớp {g}", 2, 19 + g) for g in range(10, 13)],
        Heading("Đại học, C.đẳng, T.cấp", 1, 32, 2, 32),
        Heading("ĐỊA BÀN", 0, 33, 0, 36),
        Heading("Nông thôn", 1, 33, 2, 33),
        Heading("Thành thị", 1, 34, 2, 34),
        Heading("Cơ quan, cơ sở NN", 1, 35, 2, 35),
        Heading("Các trường", 1, 36, 2, 36),
    ]
    unknown_grade = n([c for c in counted if 18 <= ref - c.birth_year <= 27 and c.grade is None and not c.higher
                       and not c.illiterate])  # fmt: skip
    notes = [
        f"Tuổi tính theo năm sinh: năm {ref} trừ năm sinh (cài đặt age_reference = {cfg.age_reference}; "
        "W = năm trước năm gọi nhập ngũ, Y = năm gọi nhập ngũ).",
        "Cột 2: " + (
            "số nam công dân có trong phần mềm cư trú trên địa bàn, mọi độ tuổi (phần mềm không có số liệu dân số)."
            if cfg.population == "people" else "số công dân nam được tính trong biểu (mọi độ tuổi)."
        ),
        "Mục I, II theo quyết định tạm hoãn, miễn gọi nhập ngũ đang có hiệu lực của đợt tuyển quân năm "
        f"{year}. {not_registrable} công dân không được đăng ký hoặc miễn đăng ký NVQS có trong Tổng cộng nhưng "
        "không thuộc mục I, II.",
        "Địa bàn: hồ sơ chưa ghi nông thôn/thành thị được tính " + {
            "RURAL": "là nông thôn.", "URBAN": "là thành thị.",
        }.get(cfg.default_area, "theo loại đơn vị nơi cư trú (phường, thị trấn: thành thị; xã, đặc khu: nông thôn)."),
        f"Trình độ: {unknown_grade} người trong độ tuổi chưa ghi trình độ văn hóa (không có trong cột 16).",
    ]  # fmt: skip
    if cfg.low_education_row == "print":
        notes.append(
            "Dòng “9. Trình độ học vấn thấp” không phải lý do của Điều 41: đếm người thuộc mục II có trình độ "
            "dưới lớp 8, không cộng vào mục 2."
        )
    return FormSheet(
        name="06-GNN",
        columns=37,
        lines=(
            *MOTTO,
            FormLine(left="Số: ...../.....", right="...., ngày.... tháng.... năm...."),
            FormLine(left="Biểu số: 06/GNN-2025", center=unit_name.upper(), bold=False),
            FormLine(left="Khổ biểu: 42x 29,7cm", center="BÁO CÁO SỐ LƯỢNG CÔNG DÂN NAM", bold=True),
            FormLine(center=f"TRONG ĐỘ TUỔI GỌI NHẬP NGŨ NĂM {year}", bold=True),
            FormLine(center="(Tính từ ngày..../..../.... đến ngày..../..../....)", italic=True),
            FormLine(left="Kính gửi: ........................................"),
            FormLine(left="Căn cứ: ......................................................"),
        ),
        headings=headings,
        heading_rows=3,
        rows=rows,
        bold_rows=bold,
        widths=[42.0, 9.0, 8.0, 8.0, *[6.0] * 33],
        notes=notes,
        paper="A3",
        font_size=10,
    )


# ---------------------------------------------------------------- 01A/GNN


def row_01a(label: str, people: Sequence[Man], population: int, cfg: FormSettings) -> list[Any]:
    barred = n([c for c in people if c.reg_status == "BARRED_FROM_REGISTRATION"])
    exempt = n([c for c in people if c.reg_status == "EXEMPT_FROM_REGISTRATION"])
    eligible = [c for c in people if c.reg_status not in NOT_REGISTRABLE]
    direct = n([c for c in eligible if c.channel == "IN_PERSON"])
    online = n([c for c in eligible if c.channel == "ONLINE"])
    absence = [
        n([c for c in eligible if c.channel == "" and c.registered and c.absence == kind])
        for kind in ("ABSENT", "EVADING", "RESISTING")
    ]
    illiterate = n([c for c in eligible if c.illiterate])
    grades = [n([c for c in eligible if c.grade == g]) for g in range(1, 13)]
    vocational = n([c for c in eligible if c.training_level == "VOCATIONAL"])
    return [
        label, population, n(people), percent(n(people), population),
        barred + exempt, barred, exempt,
        n(eligible), direct, online, *absence,
        illiterate + sum(grades), illiterate, *grades,
        vocational, 0, vocational,
    ]  # fmt: skip


def form_01a(
    found: Sequence[Man], rows_by: list[tuple[Any, str]], *, year: int, unit_name: str,
    population: dict[Any, int], cfg: FormSettings,
) -> FormSheet:  # fmt: skip
    work_year = year - 1
    total_pop = population.get(None, 0) if cfg.population == "people" else n(found)
    rows = [row_01a("Tổng số", found, total_pop, cfg)]
    for key, name in rows_by:
        members = [c for c in found if c.row_key == key]
        pop = population.get(key, 0) if cfg.population == "people" else n(members)
        rows.append(row_01a(name, members, pop, cfg))
    headings = [
        Heading("ĐỊA PHƯƠNG, NHÀ TRƯỜNG, CƠ QUAN", 0, 0, 2, 0),
        Heading("Tổng dân số nam...", 0, 1, 2, 1),
        Heading("TỔNG SỐ NAM ĐỦ 17 TUỔI TRONG NĂM", 0, 2, 0, 3),
        Heading("+", 1, 2, 2, 2),
        Heading("Tỷ lệ % so với dân số", 1, 3, 2, 3),
        Heading("KHÔNG THUỘC DIỆN ĐĂNG KÝ", 0, 4, 0, 6),
        Heading("+", 1, 4, 2, 4),
        Heading("Đang phạm pháp", 1, 5, 2, 5),
        Heading("Miễn làm NVQS", 1, 6, 2, 6),
        Heading("THUỘC DIỆN ĐĂNG KÝ", 0, 7, 0, 12),
        Heading("+", 1, 7, 2, 7),
        Heading("Đã đăng ký", 1, 8, 1, 9),
        Heading("Trực tiếp", 2, 8),
        Heading("Trực tuyến", 2, 9),
        Heading("Vắng có lý do", 1, 10, 2, 10),
        Heading("Trốn", 1, 11, 2, 11),
        Heading("Chống", 1, 12, 2, 12),
        Heading("TRÌNH ĐỘ GIÁO DỤC PHỔ THÔNG", 0, 13, 0, 26),
        Heading("+", 1, 13, 2, 13),
        Heading("Không biết chữ", 1, 14, 2, 14),
        *[Heading(f"Lớp {g}", 1, 14 + g, 2, 14 + g) for g in range(1, 13)],
        Heading("TRONG ĐÓ TRÌNH ĐỘ CMKT", 0, 27, 0, 29),
        Heading("+", 1, 27, 2, 27),
        Heading("SC nghề", 1, 28, 2, 28),
        Heading("TC nghề", 1, 29, 2, 29),
    ]
    notes = [
        f"Nam đủ 17 tuổi trong năm {work_year}: sinh năm {work_year - 17}.",
        "Cột 2: " + (
            "số nam công dân có trong phần mềm cư trú trên địa bàn, mọi độ tuổi (phần mềm không có số liệu dân số)."
            if cfg.population == "people" else "số nam đủ 17 tuổi được tính trong biểu."
        ),
        "Dòng thôn, tổ dân phố: cột 2 chỉ đếm nam công dân có hồ sơ NVQS ghi thôn, tổ dân phố đó.",
        "Cột 8 gồm mọi người thuộc diện đăng ký, kể cả người chưa đăng ký không ghi lý do vắng, trốn, chống.",
        "Cột 9: " + ("người đã đăng ký nhưng không có sự kiện đăng ký lần đầu (nhập từ sổ giấy) tính là trực tiếp."
                     if cfg.unrecorded_channel_in_person else "chỉ tính người có sự kiện đăng ký lần đầu trực tiếp."),
        "Cột 29–30: hồ sơ ghi chung “sơ cấp, trung cấp nghề”; phần mềm chưa tách sơ cấp nghề nên cả nhóm tính vào "
        "cột 30, cột 29 để 0.",
    ]  # fmt: skip
    return FormSheet(
        name="01A-GNN",
        columns=30,
        lines=(
            *MOTTO,
            FormLine(left="Số: ...../.....", right="...., ngày.... tháng.... năm...."),
            FormLine(left="Biểu số: 01A/GNN-2025", center=unit_name.upper()),
            FormLine(left="Khổ biểu: 42 x 29,7cm", center="BÁO CÁO", bold=True),
            FormLine(center="KẾT QUẢ ĐĂNG KÝ NGHĨA VỤ QUÂN SỰ CHO CÔNG DÂN NAM", bold=True),
            FormLine(center=f"ĐỦ 17 TUỔI TRONG NĂM {work_year}", bold=True),
            FormLine(center="(Tính từ ngày..../..../20....đến ngày..../..../20....)", italic=True),
            FormLine(left="Kính gửi: ...................................."),
            FormLine(left="Căn cứ: ................................................"),
        ),
        headings=headings,
        heading_rows=3,
        rows=rows,
        bold_rows=frozenset({0}),
        widths=[30.0, 9.0, 7.0, 8.0, *[6.0] * 26],
        notes=notes,
        paper="A3",
        font_size=10,
    )
