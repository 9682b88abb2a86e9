"""Who proposes, reviews and decides awards (V-AWARD-1, domain.md §7.3; codes.md §4 AWARD_DECIDE).

The deciding rows are derived from the configurable V-AWARD-1 table in `rules`, so the table
that validates an award and the one that authorises its decision are the same data.
"""

from __future__ import annotations

from phongthu.activities import rules
from phongthu.activities.choices import AwardAuthority
from phongthu.core import authority as a

A = AwardAuthority
NOBODY: frozenset[str] = frozenset()

# Award authority code → (office, level, roles that record its decisions in the system).
# Offices outside the system (ministries, military region, provincial police) have no
# recording role: their decisions are entered as data with issuer and reference.
OFFICE_OF: dict[str, tuple[str, str, frozenset[str] | None]] = {
    A.CHU_TICH_UBND_XA: (a.Office.PC_CHAIR, a.COMMUNE, None),
    A.CHU_TICH_UBND_HUYEN: (a.Office.PC_CHAIR, a.DISTRICT, None),
    A.CHU_TICH_UBND_TINH: (a.Office.PC_CHAIR, a.PROVINCE, None),
    A.CHI_HUY_TRUONG_BAN_CHQS_HUYEN: (a.Office.MC_COMMANDER, a.DISTRICT, None),
    A.CHI_HUY_TRUONG_BO_CHQS_TINH: (a.Office.MC_COMMANDER, a.PROVINCE, None),
    A.TU_LENH_QUAN_KHU: (a.Office.MR_COMMANDER, a.NATIONAL, NOBODY),
    A.BO_TRUONG_BQP: (a.Office.MOD_MINISTER, a.NATIONAL, NOBODY),
    A.GIAM_DOC_CONG_AN_TINH: (a.Office.POLICE_DIRECTOR, a.PROVINCE, NOBODY),
    A.THU_TUONG: (a.Office.PRIME_MINISTER, a.NATIONAL, NOBODY),
}

a.define(
    a.ActionCode("AWARD_PROPOSE", "Đề nghị khen thưởng"),
    a.ActionCode("AWARD_REVIEW", "Hội đồng thi đua, khen thưởng xét đề nghị"),
    a.ActionCode("AWARD_DECIDE", "Quyết định khen thưởng", contract=True, needs_title=True),
    a.ActionCode("AWARD_PAY", "Chi tiền thưởng, thu hồi khen thưởng"),
    a.ActionCode("AWARD_RECORD_EXTERNAL", "Ghi nhận quyết định khen thưởng của cơ quan ngoài hệ thống"),
)
a.register(
    a.Rule("AWARD_PROPOSE", a.Office.MC_COMMANDER, a.RECORD, "Điều 84 Luật Thi đua, khen thưởng năm 2022"),
    a.Rule(
        "AWARD_REVIEW",
        a.Office.EMULATION_COUNCIL,
        a.RECORD,
        "Điều 86 Luật Thi đua, khen thưởng năm 2022",
        roles=frozenset({"COUNCIL_MEMBER"}),
    ),
    a.Rule("AWARD_PAY", a.Office.MC_COMMANDER, a.RECORD, "Điều 54 Nghị định 98/2023/NĐ-CP"),
    # Data entry by the receiving unit's staff, not the issuer's authority (codes.md §4).
    a.Rule(
        "AWARD_RECORD_EXTERNAL",
        a.Office.MC_COMMANDER,
        a.RECORD,
        "Quyết định của cấp có thẩm quyền (Điều 80 Luật Thi đua, khen thưởng năm 2022), đơn vị được khen ghi nhận",
    ),
)


def award_rules() -> list[a.Rule]:
    out: list[a.Rule] = []
    for regime, table in rules.setting("AWARD_AUTHORITY").items():
        for code, (titles, citation) in table.items():
            if code not in OFFICE_OF or not titles:
                continue
            office, level, roles = OFFICE_OF[code]
            out.append(
                a.Rule(
                    "AWARD_DECIDE",
                    office,
                    level,
                    citation,
                    regimes=frozenset({regime}),
                    roles=roles,
                    titles=frozenset(str(t) for t in titles),
                )
            )
    return out


a.register(*award_rules())


# Issuers whose decisions are taken in the system: an office with a recording role today.
# The others (ministries, military region, provincial police, the abolished district offices,
# "another body") are recorded as data by the receiving unit (AWARD_RECORD_EXTERNAL).
DECIDED_IN_SYSTEM = frozenset({A.CHU_TICH_UBND_XA, A.CHU_TICH_UBND_TINH, A.CHI_HUY_TRUONG_BO_CHQS_TINH})


def decided_in_system(award_authority: str) -> bool:
    return award_authority in DECIDED_IN_SYSTEM


def office_matches(answer: a.OfficeAnswer, award_authority: str) -> bool:
    """Is `answer` the office the award is addressed to (its `authority` code)?"""
    wanted = OFFICE_OF.get(award_authority)
    return wanted is not None and (answer.office, answer.level) == wanted[:2]
