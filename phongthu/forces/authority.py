"""Who decides for militia and reserves (codes.md §4; domain.md §2.7, §3, §4.3)."""

from __future__ import annotations

from phongthu.core import authority as a
from phongthu.core import regimes

PRE = frozenset({regimes.PRE_2025})
POST = frozenset({regimes.FROM_2025_07})
_DQTV = "Luật Dân quân tự vệ năm 2019"
_NVQS_98 = "Khoản 4 Điều 4 Luật Nghĩa vụ quân sự năm 2015, sửa đổi bởi Luật số 98/2025/QH15"
_DBDV = "Luật Lực lượng dự bị động viên năm 2019"

a.define(
    a.ActionCode(
        "MILITIA_SERVICE_COMPLETION",
        "Công nhận hoàn thành nghĩa vụ quân sự tại ngũ của dân quân thường trực",
        contract=True,
    ),
    a.ActionCode("MILITIA_TERM_EXTEND", "Kéo dài thời hạn, độ tuổi tham gia dân quân tự vệ", contract=True),
    a.ActionCode("RESERVE_CALL_TRAINING", "Gọi quân nhân dự bị huấn luyện, kiểm tra sẵn sàng động viên", contract=True),
    a.ActionCode("MILITIA_RECORD", "Ghi nhận tuyển chọn, tạm hoãn, miễn, thôi tham gia dân quân tự vệ"),
    a.ActionCode("RESERVE_RECORD", "Đăng ký, sắp xếp, đưa ra khỏi ngạch dự bị"),
)
a.register(
    a.Rule("MILITIA_SERVICE_COMPLETION", a.Office.MC_COMMANDER, a.PROVINCE, _NVQS_98, POST),
    a.Rule(
        "MILITIA_SERVICE_COMPLETION",
        a.Office.MC_COMMANDER,
        a.DISTRICT,
        "Khoản 4 Điều 4 Luật Nghĩa vụ quân sự năm 2015",
        PRE,
    ),
    a.Rule("MILITIA_TERM_EXTEND", a.Office.PC_CHAIR, a.COMMUNE, f"Khoản 2 Điều 8 {_DQTV}"),
    a.Rule(
        "RESERVE_CALL_TRAINING",
        a.Office.PC_CHAIR,
        a.PROVINCE,
        f"Điều 28 {_DBDV}, sửa đổi bởi Luật số 98/2025/QH15",
        POST,
    ),
    a.Rule("RESERVE_CALL_TRAINING", a.Office.PC_CHAIR, a.DISTRICT, f"Điều 28 {_DBDV}", PRE),
    a.Rule("MILITIA_RECORD", a.Office.PC_CHAIR, a.COMMUNE, f"Điều 9–12 {_DQTV}"),
    a.Rule("RESERVE_RECORD", a.Office.MC_COMMANDER, a.COMMUNE, f"Điều 14–17 {_DBDV}"),
)
