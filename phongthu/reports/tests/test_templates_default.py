"""The shipped templates of each level, as they were written out per level before they were built
from data (reports/templates_default.py): the builder must give every field back unchanged."""

from __future__ import annotations

import dataclasses

from phongthu.reports.templates_default import DEFAULTS, Template
from phongthu.units.choices import Level

# Every level's, then each level's own.
SHIPPED_COMMON = {
    "symbol": "BC-BCH",
    "title": "Tổng kết công tác quân sự, quốc phòng địa phương {period}",
    "opening": "Thực hiện chương trình công tác quân sự, quốc phòng địa phương {period}, {issuer} báo cáo kết quả thực hiện nhiệm vụ {period} và phương hướng, nhiệm vụ kỳ tới như sau:",
    "closing": "Trên đây là báo cáo tổng kết công tác quân sự, quốc phòng địa phương {period} của {issuer}.",
    "signer_authority": "",
    "signer_title": "Chỉ huy trưởng",
    "font_size": 14,
    "margin_top": 20,
    "margin_bottom": 20,
    "margin_left": 30,
    "margin_right": 15,
}
SHIPPED_OWN = {
    "DISTRICT": {
        "issuing_body": "Ban Chỉ huy quân sự {unit}",
        "parent_body": "Bộ Chỉ huy quân sự {parent}",
        "recipients": "Bộ Chỉ huy quân sự {parent} (để báo cáo)\nThường trực cấp ủy, HĐND, UBND {unit}\nCác cơ quan, ban, ngành, đoàn thể\nBan Chỉ huy quân sự các xã, phường, thị trấn",
    },
    "COMMUNE": {
        "issuing_body": "Ban Chỉ huy quân sự {unit}",
        "parent_body": "Ủy ban nhân dân {unit}",
        "recipients": "Ban Chỉ huy Phòng thủ khu vực (để báo cáo)\nThường trực Đảng ủy, HĐND, UBND {unit}\nCác thôn, tổ dân phố",
    },
    "REGION": {
        "issuing_body": "{unit}",
        "parent_body": "Bộ Chỉ huy quân sự {parent}",
        "recipients": "Bộ Chỉ huy quân sự {parent} (để báo cáo)\nỦy ban nhân dân các xã, phường trong khu vực\nBan Chỉ huy quân sự các xã, phường",
    },
    "PROVINCE": {
        "issuing_body": "Bộ Chỉ huy quân sự {unit}",
        "parent_body": "",
        "recipients": "Bộ Tư lệnh Quân khu (để báo cáo)\nThường trực Tỉnh ủy, HĐND, UBND {unit}\nCác sở, ban, ngành, đoàn thể\nCác Ban Chỉ huy Phòng thủ khu vực",
    },
}


def test_the_built_templates_are_the_shipped_ones():
    assert list(DEFAULTS) == [Level.DISTRICT, Level.COMMUNE, Level.REGION, Level.PROVINCE]
    assert all(isinstance(t, Template) for t in DEFAULTS.values())
    assert {str(level): dataclasses.asdict(t) for level, t in DEFAULTS.items()} == {
        level: {**SHIPPED_COMMON, **own} for level, own in SHIPPED_OWN.items()
    }
