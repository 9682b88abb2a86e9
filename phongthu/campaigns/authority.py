"""Who decides in the yearly conscription cycle (codes.md §4; domain.md §2.1 P17, §2.5).

Before 1/7/2025 the district chairman decided deferments, exemptions and the call-up list and
the district commander issued calls; since then the province chairman decides and the commune
chairman calls (Law 98/2025/QH15). A campaign exists only at the province.
"""

from __future__ import annotations

from phongthu.core import authority as a
from phongthu.core import regimes

PRE = frozenset({regimes.PRE_2025})
POST = frozenset({regimes.FROM_2025_07})
_LAW = "Luật Nghĩa vụ quân sự năm 2015"
_LAW_98 = f"{_LAW}, sửa đổi, bổ sung bởi Luật số 98/2025/QH15"
_TT148 = "Thông tư 148/2018/TT-BQP, sửa đổi bởi Thông tư 68/2025/TT-BQP"

a.define(
    a.ActionCode("CAMPAIGN_ORGANISE", "Tổ chức đợt tuyển quân của tỉnh"),
    a.ActionCode("QUOTA_ALLOCATE", "Giao chỉ tiêu gọi công dân nhập ngũ", contract=True),
    a.ActionCode("DEFERMENT_DECIDE", "Quyết định tạm hoãn gọi nhập ngũ", contract=True),
    a.ActionCode("EXEMPTION_DECIDE", "Quyết định miễn gọi nhập ngũ", contract=True),
    a.ActionCode("PRESCREEN_CALL", "Gọi công dân sơ tuyển sức khỏe", contract=True),
    a.ActionCode("HEALTH_EXAM_CALL", "Gọi công dân khám sức khỏe nghĩa vụ quân sự", contract=True),
    a.ActionCode(
        "CALLUP_LIST_DECIDE", "Quyết định danh sách công dân gọi nhập ngũ, thực hiện NVTG CAND", contract=True
    ),
    a.ActionCode("CALLUP_ORDER", "Ra quyết định gọi từng công dân nhập ngũ", contract=True),
    a.ActionCode("CANDIDATE_REVIEW", "Xét duyệt, bình cử, đề nghị tạm hoãn, miễn ở cấp xã"),
    a.ActionCode("HEALTH_EXAM_RECORD", "Ghi kết quả sơ tuyển, khám sức khỏe"),
    a.ActionCode("CALLUP_EXECUTE", "Giao quyết định, giao nhận quân, phúc tra, bù đổi"),
)
a.register(
    a.Rule("CAMPAIGN_ORGANISE", a.Office.PC_CHAIR, a.PROVINCE, f"Điều 36 {_LAW_98}; {_TT148}"),
    a.Rule("QUOTA_ALLOCATE", a.Office.PC_CHAIR, a.PROVINCE, f"Khoản 1 Điều 36 {_LAW_98}", POST),
    a.Rule("QUOTA_ALLOCATE", a.Office.PC_CHAIR, a.DISTRICT, f"Khoản 2 Điều 36 {_LAW}", PRE),
    # Before 1/7/2025 the province allocated to its districts (and records its own and the regions' rows).
    a.Rule("QUOTA_ALLOCATE", a.Office.PC_CHAIR, a.PROVINCE, f"Khoản 1 Điều 36 {_LAW}", PRE),
    a.Rule(
        "DEFERMENT_DECIDE", a.Office.PC_CHAIR, a.PROVINCE, f"Khoản 4 Điều 41 {_LAW_98}; Khoản 4 Điều 5 {_TT148}", POST
    ),
    a.Rule("DEFERMENT_DECIDE", a.Office.PC_CHAIR, a.DISTRICT, f"Khoản 1 Điều 42 {_LAW}", PRE),
    a.Rule(
        "EXEMPTION_DECIDE", a.Office.PC_CHAIR, a.PROVINCE, f"Khoản 4 Điều 41 {_LAW_98}; Khoản 4 Điều 5 {_TT148}", POST
    ),
    a.Rule("EXEMPTION_DECIDE", a.Office.PC_CHAIR, a.DISTRICT, f"Khoản 1 Điều 42 {_LAW}", PRE),
    a.Rule("PRESCREEN_CALL", a.Office.PC_CHAIR, a.COMMUNE, f"Điều 40 {_LAW_98}; Điều 7 Thông tư 105/2023/TT-BQP", POST),
    a.Rule("PRESCREEN_CALL", a.Office.MC_COMMANDER, a.COMMUNE, "Điều 7 Thông tư 105/2023/TT-BQP (bản gốc)", PRE),
    a.Rule("HEALTH_EXAM_CALL", a.Office.PC_CHAIR, a.COMMUNE, f"Khoản 1 Điều 40 {_LAW_98}", POST),
    a.Rule("HEALTH_EXAM_CALL", a.Office.MC_COMMANDER, a.DISTRICT, f"Khoản 1 Điều 40 {_LAW}", PRE),
    a.Rule("CALLUP_LIST_DECIDE", a.Office.PC_CHAIR, a.PROVINCE, f"Điều 42 {_LAW_98}", POST),
    a.Rule("CALLUP_LIST_DECIDE", a.Office.PC_CHAIR, a.DISTRICT, f"Khoản 1 Điều 42 {_LAW}", PRE),
    a.Rule("CALLUP_ORDER", a.Office.PC_CHAIR, a.COMMUNE, f"Khoản 2 Điều 42 {_LAW_98}", POST),
    a.Rule("CALLUP_ORDER", a.Office.MC_COMMANDER, a.DISTRICT, f"Khoản 2 Điều 42 {_LAW}", PRE),
    # In-system steps: the commune council reviews, the commune command records.
    a.Rule(
        "CANDIDATE_REVIEW",
        a.Office.NVQS_COUNCIL,
        a.COMMUNE,
        f"Điều 37 {_LAW_98}; Điều 3, 5 {_TT148}",
        roles=frozenset({"COMMUNE_STAFF", "COUNCIL_MEMBER"}),
    ),
    a.Rule(
        "HEALTH_EXAM_RECORD",
        a.Office.HEALTH_COUNCIL,
        a.COMMUNE,
        "Điều 4–8 Thông tư 105/2023/TT-BQP",
        roles=frozenset({"COMMUNE_STAFF", "COUNCIL_MEMBER"}),
    ),
    a.Rule("CALLUP_EXECUTE", a.Office.MC_COMMANDER, a.COMMUNE, f"Điều 7 {_TT148}"),
)
