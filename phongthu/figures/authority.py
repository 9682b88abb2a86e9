"""Who submits, approves, returns and unlocks a unit's figures for a period.

The unit's own military staff submits; the level above in the military chain in force at the
period's end (Ban CHPTKV where it exists, else the province; before 1/7/2025 the district for a
commune) approves, returns or unlocks. The approving unit is found by `services.approver_unit`
and these rows are checked against it (level RECORD = that unit)."""

from __future__ import annotations

from phongthu.core import authority as a

CITATION = "Điều 8 Nghị định 09/2019/NĐ-CP (chế độ báo cáo); Luật Dân quân tự vệ, Luật Quốc phòng"

a.define(
    a.ActionCode("FIGURES_ENTER", "Nhập số liệu tổng hợp, chỉ tiêu của đơn vị"),
    a.ActionCode("FIGURES_SUBMIT", "Gửi báo cáo số liệu kỳ báo cáo lên cấp trên"),
    a.ActionCode("FIGURES_APPROVE", "Duyệt báo cáo số liệu của đơn vị cấp dưới"),
    a.ActionCode("FIGURES_RETURN", "Trả lại báo cáo số liệu của đơn vị cấp dưới"),
    a.ActionCode("FIGURES_UNLOCK", "Mở khóa số liệu đã duyệt của đơn vị cấp dưới"),
    a.ActionCode("FIGURES_TARGET", "Giao chỉ tiêu cho đơn vị cấp dưới"),
)
a.register(
    a.Rule("FIGURES_ENTER", a.Office.MC_COMMANDER, a.RECORD, CITATION),
    a.Rule("FIGURES_SUBMIT", a.Office.MC_COMMANDER, a.RECORD, CITATION),
    a.Rule("FIGURES_APPROVE", a.Office.MC_COMMANDER, a.RECORD, CITATION),
    a.Rule("FIGURES_RETURN", a.Office.MC_COMMANDER, a.RECORD, CITATION),
    a.Rule("FIGURES_UNLOCK", a.Office.MC_COMMANDER, a.RECORD, CITATION),
    a.Rule("FIGURES_TARGET", a.Office.MC_COMMANDER, a.RECORD, CITATION),
)
