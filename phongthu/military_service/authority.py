"""Who performs the registration procedures (codes.md §4; domain.md §2.1 P2, P7, §2.2)."""

from __future__ import annotations

from phongthu.core import authority as a
from phongthu.core import regimes

PRE = frozenset({regimes.PRE_2025})
POST = frozenset({regimes.FROM_2025_07})
_LAW = "Luật Nghĩa vụ quân sự năm 2015"
_LAW_98 = f"{_LAW}, sửa đổi, bổ sung bởi Luật số 98/2025/QH15"

a.define(
    a.ActionCode("REGISTRATION_CALL", "Gọi công dân đăng ký nghĩa vụ quân sự lần đầu", contract=True),
    a.ActionCode("REGISTRATION_CERTIFY", "Ký giấy chứng nhận đăng ký nghĩa vụ quân sự", contract=True),
    a.ActionCode("REGISTRATION_REMOVE", "Đưa công dân ra khỏi danh sách đăng ký nghĩa vụ quân sự", contract=True),
    a.ActionCode("REGISTRATION_RECORD", "Thực hiện đăng ký, chuyển đăng ký, đăng ký bổ sung, tạm vắng"),
)
a.register(
    a.Rule(
        "REGISTRATION_CALL",
        a.Office.PC_CHAIR,
        a.COMMUNE,
        f"Điều 16 {_LAW_98}; Nghị định 13/2016/NĐ-CP sửa đổi bởi Nghị định 220/2025/NĐ-CP",
        POST,
    ),
    a.Rule("REGISTRATION_CALL", a.Office.MC_COMMANDER, a.DISTRICT, f"Điều 16 {_LAW}; Nghị định 13/2016/NĐ-CP", PRE),
    a.Rule("REGISTRATION_CERTIFY", a.Office.PC_CHAIR, a.COMMUNE, f"Điều 16 {_LAW_98}; Nghị định 220/2025/NĐ-CP", POST),
    a.Rule("REGISTRATION_CERTIFY", a.Office.MC_COMMANDER, a.DISTRICT, f"Điều 16 {_LAW}; Nghị định 13/2016/NĐ-CP", PRE),
    a.Rule(
        "REGISTRATION_REMOVE",
        a.Office.PC_CHAIR,
        a.COMMUNE,
        f"Điều 19 {_LAW_98} (theo dự thảo đã công bố; điều khoản cuối cùng chưa đối chiếu)",
        POST,
    ),
    a.Rule("REGISTRATION_REMOVE", a.Office.MC_COMMANDER, a.DISTRICT, f"Điều 19 {_LAW}", PRE),
    # The commune military command performs the registration itself (domain.md P2).
    a.Rule("REGISTRATION_RECORD", a.Office.MC_COMMANDER, a.COMMUNE, f"Điều 16, 17 {_LAW}; Nghị định 13/2016/NĐ-CP"),
)
