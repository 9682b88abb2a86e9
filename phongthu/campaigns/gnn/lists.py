"""The lists: Biểu 01/GNN (men turning 17), 17A/GNN (called up), 16A (exempted), 16B
(deferred), 16C (eligible for pre-screening) — one row per person, multi-line cells
(forms-gnn.md §3–§5). Blank facts stay blank: nothing is invented."""

from __future__ import annotations

from typing import Any

from phongthu.campaigns.choices import Ground
from phongthu.campaigns.gnn.data import Citizen
from phongthu.core.xlsx import FormLine, FormSheet, Heading

NAME_COL = "- Họ, chữ đệm và tên khai sinh\n- Họ, chữ đệm và tên thường dùng\n- Ngày, tháng, năm sinh\n"
JOB_COL = "- Nghề nghiệp\n- Nơi làm việc\n- Nhóm, ngạch, bậc lương"
HOME_COL = "- Nơi thường trú của gia đình; bản thân\n- Nơi ở hiện nay của bản thân\n"
FAMILY_COL = "- Thành phần gia đình\n- Thành phần bản thân\n- Dân tộc, tôn giáo"
EDU_COL = "- Trình độ văn hóa, CMKT\n- Ngoại ngữ\n- Đảng, đoàn"
PARENTS_COL = "- Họ và tên cha, năm sinh, nghề nghiệp\n- Họ và tên mẹ, năm sinh, nghề nghiệp\n"


def lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p is not None)


def _name(c: Citizen) -> str:
    p = c.person
    return lines(p.full_name.upper(), p.full_name.upper(), p.date_of_birth.strftime("%d/%m/%Y"), p.id_number or "")


def _education(c: Citizen) -> str:
    if c.illiterate:
        return "Không biết chữ"
    g = c.person.education_grade
    text = f"{g}/12" if g else ""
    if c.person.studying:
        text = lines(text, c.person.get_studying_display()) if text else c.person.get_studying_display()
    return text


def _home(c: Citizen) -> str:
    p = c.person
    place = ", ".join(x for x in ((c.registration.village if c.registration else ""), p.residence_unit.name) if x)
    return lines(place, p.residence_address or place, p.workplace)


def _registered_at(c: Citizen) -> str:
    unit = c.registration.registering_unit if c.registration is not None else None
    return f"Ban CHQS {unit.name}" if unit is not None else ""


def _compositions(c: Citizen) -> str:
    p = c.person
    return lines("", "", ", ".join(x for x in (p.ethnicity, p.religion) if x))


def _political(c: Citizen) -> str:
    p = c.person
    return "Đảng viên Đảng CSVN" if p.party_member else "Đoàn viên TNCS HCM" if p.union_member else "Quần chúng"


def _relative(c: Citizen, relation: str, label: str) -> str:
    found = [r for r in c.relatives if r.relation == relation]
    if not found:
        return ""
    bits = []
    for r in found:
        extra = ", ".join(
            x
            for x in (str(r.relative_birth_year or ""), r.get_relative_status_display() if r.relative_status else "")
            if x
        )
        bits.append(f"{label}: {r.relative_name}" + (f" ({extra})" if extra else ""))
    return "; ".join(bits)


def _family(c: Citizen) -> str:
    return lines(_relative(c, "FATHER", "Cha"), _relative(c, "MOTHER", "Mẹ"), _relative(c, "SPOUSE", "Vợ"))


def _header(code: str, annex: str, titles: list[str], unit_name: str, paper: str = "29,7x21cm") -> tuple[FormLine, ...]:
    out = [
        FormLine(left=f"Biểu số: {code}/GNN-2025", center=annex),
        FormLine(left=f"Khổ biểu: {paper}", center=titles[0], bold=True),
    ]
    out += [FormLine(center=t, bold=True) for t in titles[1:]]
    out.append(
        FormLine(center=f"(Kèm theo Báo cáo số: ...../.... ngày....tháng....năm....của {unit_name})", italic=True)
    )
    return tuple(out)


def _sheet(
    name: str, header: list[str], rows: list[list[Any]], lines_: tuple[FormLine, ...], numbered: bool, notes: list[str]
) -> FormSheet:
    return FormSheet(
        name=name,
        columns=len(header),
        lines=lines_,
        headings=[Heading(h, 0, i) for i, h in enumerate(header)],
        heading_rows=1,
        rows=rows,
        numbered_columns=numbered,
        widths=[6.0, 28.0, 22.0, 30.0, 20.0, 22.0, 32.0, 24.0][: len(header)],
        notes=notes,
        paper="A4",
        wrap=True,
        font_size=10,
    )


def form_01(found: list[Citizen], *, year: int, unit_name: str) -> FormSheet:
    w = year - 1
    header = [
        "Số TT", NAME_COL + "- Số định danh cá nhân/CCCD",
        "Trình độ văn hóa tốt nghiệp phổ thông (lớp.../12); đang học...",
        "- Nơi thường trú của gđ, bản thân\n- Nơi ở hiện nay của bản thân\n- Nơi làm việc (nếu có)\n- Nơi đăng ký NVQS tại...",
        "- Thành phần gia đình\n- Thành phần bản thân\n- Dân tộc, tôn giáo",
        "- Trình độ CMKT, học nghề gì? Làm việc gì?\n- Có... anh chị em ruột\n- Là con thứ... trong gđ",
        "- Họ tên cha, năm sinh, nghề nghiệp\nLiệt sĩ, thương, bệnh binh; hạng (nếu có)\n"
        "- Họ tên mẹ, năm sinh, nghề nghiệp\nLiệt sĩ, thương, bệnh binh; hạng (nếu có)",
    ]  # fmt: skip
    rows = []
    for n, c in enumerate(found, start=1):
        p = c.person
        siblings = sum(1 for r in c.relatives if r.relation in ("OLDER_BROTHER", "OLDER_SISTER", "YOUNGER_SIBLING"))
        rows.append([
            n, _name(c), _education(c), lines(_home(c), _registered_at(c)), _compositions(c),
            lines(", ".join(x for x in (p.get_training_level_display() if p.training_level else "", p.occupation) if x),
                  f"Có {siblings} anh chị em ruột" if c.relatives else ""),
            lines(_relative(c, "FATHER", "Cha"), _relative(c, "MOTHER", "Mẹ")),
        ])  # fmt: skip
    lines_ = (
        FormLine(left="Biểu số: 01/GNN-2025", center=f"DANH SÁCH CÔNG DÂN NAM ĐỦ 17 TUỔI TRONG NĂM {w}", bold=True),
        FormLine(left="Khổ biểu: 29,7x21cm", center="(Tính từ ngày..../..../.... Đến..../..../....)", italic=True),
        FormLine(center=unit_name.upper()),
    )
    return _sheet("01-GNN", header, rows, lines_, True, [f"Công dân nam sinh năm {w - 17}: {len(rows)} người."])


def _person_list(code: str, annex: str, titles: list[str], last: str, found: list[Citizen], unit_name: str,
                 last_value: Any, health: bool = False) -> FormSheet:  # fmt: skip
    header = ["Số TT", NAME_COL + "- Số định danh cá nhân/CCCD", JOB_COL,
              HOME_COL + ("- Nơi đăng ký NVQS tại..." if health else "- Nơi làm việc (nếu có)"),
              FAMILY_COL + ("\n- Sức khỏe đạt loại" if health else ""), EDU_COL,
              PARENTS_COL + "- Họ và tên vợ (chồng), con (nếu có)", last]  # fmt: skip
    rows = []
    for n, c in enumerate(found, start=1):
        p = c.person
        klass = c.candidate.health_class if c.candidate is not None else None
        rows.append([
            n, _name(c), lines(p.occupation, p.workplace, ""),
            lines(_home(c), _registered_at(c)) if health else _home(c),
            lines(_compositions(c), f"Loại {klass}" if klass else "") if health else _compositions(c),
            lines(f"VH: {_education(c)}" if _education(c) else "", f"CMKT: {p.get_training_level_display()}"
                  if p.training_level else "", "Ngoại ngữ: ---", _political(c)),
            _family(c), last_value(c),
        ])  # fmt: skip
    return _sheet(
        f"{code}-GNN",
        header,
        rows,
        _header(code, annex, titles, unit_name),
        False,
        [f"Tổng số: {len(rows)} công dân.", "Ngoại ngữ: phần mềm chưa theo dõi (---)."],
    )


def _ground(c: Citizen) -> str:
    return str(dict(Ground.choices).get(c.ground, "Chưa xác định")) if c.ground else "Chưa xác định"


def form_16a(found: list[Citizen], *, year: int, unit_name: str) -> FormSheet:
    chosen = [c for c in found if c.ground_kind == "EXEMPTION"]
    return _person_list("16A", "Phụ lục I", [f"DANH SÁCH CÔNG DÂN MIỄN GỌI NHẬP NGŨ NĂM {year}"],
                        "Lý do miễn gọi nhập ngũ", chosen, unit_name, _ground)  # fmt: skip


def form_16b(found: list[Citizen], *, year: int, unit_name: str) -> FormSheet:
    chosen = [c for c in found if c.ground_kind == "DEFERMENT"]
    return _person_list("16B", "Phụ lục II", [f"DANH SÁCH CÔNG DÂN TẠM HOÃN GỌI NHẬP NGŨ NĂM {year}"],
                        "Lý do tạm hoãn gọi nhập ngũ", chosen, unit_name, _ground)  # fmt: skip


PRESCREEN_ELIGIBLE = frozenset({"ELIGIBLE", "NEEDS_EXAM"})


def form_16c(found: list[Citizen], *, year: int, unit_name: str) -> FormSheet:
    from phongthu.campaigns.choices import POOL_STATUSES

    chosen = [
        c for c in found
        if c.candidate is not None and not c.ground_kind and c.candidate.status in POOL_STATUSES
        and c.candidate.eligibility_status in PRESCREEN_ELIGIBLE
    ]  # fmt: skip

    def note(c: Citizen) -> str:
        cand = c.candidate
        if cand is not None and cand.screening_result:
            return f"Sơ tuyển: {cand.get_screening_result_display()}" + (
                f" — {cand.screening_note}" if cand.screening_note else ""
            )
        return "Đủ điều kiện sơ tuyển"

    titles = ["DANH SÁCH CÔNG DÂN ĐỦ ĐIỀU KIỆN GỌI SƠ TUYỂN NGHĨA VỤ QUÂN SỰ",
              f"VÀ THỰC HIỆN NGHĨA VỤ THAM GIA CÔNG AN NHÂN DÂN NĂM {year}"]  # fmt: skip
    return _person_list("16C", "Phụ lục III", titles, "Ghi chú", chosen, unit_name, note)


CALLED = frozenset({"DECIDED_BY_PROVINCE", "CALL_DELIVERED", "HANDED_OVER", "RECHECKED_OK", "ENLISTED"})


def form_17a(found: list[Citizen], *, year: int, unit_name: str) -> FormSheet:
    chosen = [c for c in found if c.candidate is not None and c.candidate.status in CALLED]
    return _person_list("17A", "Phụ lục I", [f"DANH SÁCH GỌI CÔNG DÂN NHẬP NGŨ NĂM {year}"], "Đơn vị giao nhận quân",
                        chosen, unit_name, lambda c: c.candidate.receiving_unit if c.candidate else "", health=True)  # fmt: skip
