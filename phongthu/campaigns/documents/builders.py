"""Typed document data for the campaign's papers, built from records the caller has scoped."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from phongthu.campaigns.choices import Branch, DecisionKind, DefermentKind, legal_basis
from phongthu.campaigns.documents.decree30 import AdminDocument, Table, number_symbol
from phongthu.campaigns.models import CallUpDecision, Campaign, Candidate, DefermentDecision
from phongthu.core.docx import vn_date


def _d(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _recipients(text: str) -> list[str]:
    lines = [line.strip().lstrip("-").strip().rstrip(";").strip() for line in text.splitlines()]
    lines = [f"{line};" for line in lines if line]
    lines.append("Lưu: VT.")
    return lines


def _address(person: Any, commune: Any) -> str:
    parts = [p for p in (person.residence_address, commune.name) if p]
    return ", ".join(parts)


def decision_document(decision: CallUpDecision) -> AdminDocument:
    if decision.kind == DecisionKind.PROVINCE_LIST:
        return province_list_document(decision)
    return call_order_document(decision)


def _common(decision: CallUpDecision) -> dict[str, Any]:
    return {
        "issuing_body": decision.issuing_body,
        "parent_body": decision.parent_body,
        "number": number_symbol(decision.seq, decision.type_code, decision.org_code),
        "place": decision.place,
        "date": decision.date,
        "doc_type": "QUYẾT ĐỊNH",
        "abstract": decision.abstract,
        "recipients": _recipients(decision.recipients),
        "signing_authority": decision.signing_authority,
        "authority_body": "ỦY BAN NHÂN DÂN",
        "signer_title": decision.signer_title,
        "signer_name": decision.signer_name,
    }


def call_order_document(decision: CallUpDecision) -> AdminDocument:
    """Quyết định gọi công dân nhập ngũ of the commune chair (P17), one citizen."""
    campaign = decision.campaign
    candidate = decision.candidate
    assert candidate is not None
    person = candidate.person
    police = decision.branch == Branch.POLICE
    preamble = [
        f"{decision.signer_title.upper()} {decision.issuing_body.upper()}",
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        f"Căn cứ {legal_basis(decision.date)};",
    ]
    if candidate.province_decision is not None:
        province = candidate.province_decision
        preamble.append(
            f"Căn cứ Quyết định số {province.symbol} {vn_date(province.date)} của Chủ tịch "
            f"Ủy ban nhân dân {campaign.unit.name} {province.abstract[0].lower()}{province.abstract[1:]};"
        )
    preamble.append(f"Theo đề nghị của Chỉ huy trưởng Ban Chỉ huy quân sự {candidate.commune.name}.")
    service = "thực hiện nghĩa vụ tham gia Công an nhân dân" if police else "nhập ngũ vào Quân đội nhân dân Việt Nam"
    id_part = f", số định danh cá nhân {person.id_number}" if person.id_number else ""
    when = (
        f"Thời gian có mặt: {vn_date(campaign.handover_from)}"
        if campaign.handover_from
        else "Thời gian có mặt: theo thông báo của Hội đồng nghĩa vụ quân sự"
    )
    where = candidate.handover_point or "địa điểm giao nhận quân theo thông báo của Hội đồng nghĩa vụ quân sự"
    body = [
        f"Điều 1. Gọi công dân {person.full_name}, sinh ngày {_d(person.date_of_birth)}{id_part}, "
        f"nơi thường trú: {_address(person, candidate.commune)}, {service} năm {campaign.year}.",
        f"{when}, tại {where}.",
        "Điều 2. Công dân có tên tại Điều 1 có trách nhiệm có mặt đúng thời gian, địa điểm ghi trong Quyết "
        "định này; trường hợp không chấp hành sẽ bị xử lý theo quy định của pháp luật.",
        f"Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân, Chỉ huy trưởng Ban Chỉ huy quân sự "
        f"{candidate.commune.name}, các cơ quan, đơn vị có liên quan và công dân có tên tại Điều 1 chịu trách "
        "nhiệm thi hành Quyết định này./.",
    ]
    return AdminDocument(**_common(decision), preamble=preamble, decides_heading="QUYẾT ĐỊNH:", body=body)


def province_list_document(decision: CallUpDecision) -> AdminDocument:
    """Quyết định of the provincial chair on the list of citizens called, with the list annexed."""
    campaign = decision.campaign
    listed = list(
        decision.listed_candidates.select_related("person", "commune").order_by(
            "commune__name_sort", "person__name_sort"
        )
    )
    police = decision.branch == Branch.POLICE
    preamble = [
        f"{decision.signer_title.upper()} {decision.issuing_body.upper()}",
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        f"Căn cứ {legal_basis(decision.date)};",
    ]
    if campaign.ttg_decision_ref:
        preamble.append(f"Căn cứ Quyết định số {campaign.ttg_decision_ref} của Thủ tướng Chính phủ;")
    if campaign.bqp_decision_ref:
        preamble.append(f"Căn cứ Quyết định số {campaign.bqp_decision_ref} của Bộ trưởng Bộ Quốc phòng;")
    preamble.append(f"Theo đề nghị của Hội đồng nghĩa vụ quân sự {campaign.unit.name}.")
    service = "thực hiện nghĩa vụ tham gia Công an nhân dân" if police else "nhập ngũ"
    body = [
        f"Điều 1. Gọi {len(listed)} công dân {service} năm {campaign.year} (có danh sách kèm theo).",
        "Điều 2. Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu có công dân trong danh sách ra quyết định gọi "
        "từng công dân, tổ chức giao quyết định và giao nhận quân theo kế hoạch.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Các cơ quan, đơn vị và cá nhân có liên quan chịu "
        "trách nhiệm thi hành Quyết định này./.",
    ]
    table = Table(
        title=f"DANH SÁCH CÔNG DÂN {'THỰC HIỆN NGHĨA VỤ THAM GIA CÔNG AN NHÂN DÂN' if police else 'NHẬP NGŨ'} "
        f"NĂM {campaign.year}\n(Kèm theo Quyết định số {decision.symbol})",
        headers=["STT", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Xã, phường"],
        rows=[
            [str(i), c.person.full_name, _d(c.person.date_of_birth), c.person.id_number or "", c.commune.name]
            for i, c in enumerate(listed, start=1)
        ],
        widths_cm=(1.2, 5.0, 2.6, 3.6, 4.0),
    )
    return AdminDocument(
        **_common(decision), preamble=preamble, decides_heading="QUYẾT ĐỊNH:", body=body, tables=[table]
    )


def posting_list_document(
    *, campaign: Campaign, unit: Any, deferments: Iterable[DefermentDecision], posted_from: datetime.date | None
) -> AdminDocument:
    """Thông báo công khai danh sách tạm hoãn, miễn gọi nhập ngũ (Art. 41(4), P16)."""
    rows: dict[str, list[list[str]]] = {DefermentKind.DEFERMENT: [], DefermentKind.EXEMPTION: []}
    labels: dict[str, str] = {}
    from phongthu.campaigns.choices import Ground

    labels = {code: str(label) for code, label in Ground.choices}
    deciders: list[str] = []
    for d in deferments:
        if d.decided_by and d.decided_by not in deciders:
            deciders.append(d.decided_by)
        c = d.candidate
        bucket = rows[d.kind]
        bucket.append(
            [
                str(len(bucket) + 1),
                c.person.full_name,
                _d(c.person.date_of_birth),
                _address(c.person, c.commune),
                labels.get(d.ground, d.ground),
                f"{d.decision_ref} ({_d(d.decision_date)})" if d.decision_ref else "",
            ]
        )
    headers = ["STT", "Họ và tên", "Ngày sinh", "Nơi thường trú", "Lý do", "Quyết định"]
    widths = (1.2, 4.5, 2.5, 5.5, 8.0, 4.0)
    authority = "; ".join(deciders) or "cơ quan có thẩm quyền"
    window = ""
    if posted_from is not None:
        end = posted_from + datetime.timedelta(days=campaign.publication_days)
        window = f" Thời gian công khai {campaign.publication_days} ngày, từ ngày {_d(posted_from)} đến ngày {_d(end)}."
    body = [
        f"Thực hiện khoản 4 Điều 41 Luật Nghĩa vụ quân sự năm 2015, Ủy ban nhân dân {unit.name} công khai danh sách "
        f"công dân được tạm hoãn gọi nhập ngũ và miễn gọi nhập ngũ năm {campaign.year} theo quyết định của "
        f"{authority}.{window}",
        "Mọi ý kiến phản ánh xin gửi về Hội đồng nghĩa vụ quân sự trong thời gian công khai.",
    ]
    return AdminDocument(
        issuing_body=f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
        number=number_symbol(None, "TB", "UBND"),
        place=_place(unit),
        date=None,
        doc_type="THÔNG BÁO",
        abstract=f"Công khai danh sách công dân được tạm hoãn, miễn gọi nhập ngũ năm {campaign.year}",
        body=body,
        tables=[
            Table(
                title="I. DANH SÁCH TẠM HOÃN GỌI NHẬP NGŨ", headers=headers, rows=rows["DEFERMENT"], widths_cm=widths
            ),
            Table(title="II. DANH SÁCH MIỄN GỌI NHẬP NGŨ", headers=headers, rows=rows["EXEMPTION"], widths_cm=widths),
        ],
        recipients=["Hội đồng nghĩa vụ quân sự;", "Niêm yết tại trụ sở UBND, thôn, tổ dân phố;", "Lưu: VT."],
        signing_authority="TM.",
        authority_body="ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        signer_name="",
        landscape=True,
    )


def call_list_document(*, campaign: Campaign, unit: Any, candidates: Iterable[Candidate]) -> AdminDocument:
    """Danh sách công dân được gọi nhập ngũ (official list with their call decisions)."""
    rows = [
        [
            str(i),
            c.person.full_name,
            _d(c.person.date_of_birth),
            c.person.id_number or "",
            c.commune.name,
            c.get_branch_display(),
            c.call_decision_no,
            _d(c.call_delivered_at),
        ]
        for i, c in enumerate(candidates, start=1)
    ]
    return AdminDocument(
        issuing_body=f"HỘI ĐỒNG NGHĨA VỤ QUÂN SỰ\n{unit.name.upper()}",
        number=number_symbol(None, "DS", "HĐNVQS"),
        place=_place(unit),
        date=None,
        doc_type="DANH SÁCH",
        abstract=f"Công dân được gọi nhập ngũ, thực hiện nghĩa vụ tham gia Công an nhân dân năm {campaign.year}",
        tables=[
            Table(
                headers=[
                    "STT",
                    "Họ và tên",
                    "Ngày sinh",
                    "Số định danh cá nhân",
                    "Xã, phường",
                    "Lực lượng",
                    "Số quyết định",
                    "Ngày giao quyết định",
                ],
                rows=rows,
                widths_cm=(1.2, 4.5, 2.5, 3.5, 4.0, 2.5, 3.0, 3.0),
            )
        ],
        recipients=[f"{_military_command(campaign.unit)};", "Lưu: VT."],
        signing_authority="TM.",
        authority_body="HỘI ĐỒNG",
        signer_title="CHỦ TỊCH",
        signer_name="",
        landscape=True,
    )


def _military_command(unit: Any) -> str:
    from phongthu.campaigns.services.calls import military_command

    return military_command(unit)


def _place(unit: Any) -> str:
    from phongthu.campaigns.services.calls import place_name

    return place_name(unit)
