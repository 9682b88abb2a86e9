"""Legal citations in the reader's language.

Citations ("Điểm a khoản 1 Điều 41 Luật Nghĩa vụ quân sự 2015") are declared and stored in
Vietnamese — documents and audit rows quote them as written. A screen in another language shows
them through `citation_text`: the instruments' names and the article, clause and point words are
translated; the document numbers ("13/2016/NĐ-CP") stay as issued."""

from __future__ import annotations

import functools
import re

from django.utils import translation

# Longest names first: a law's name with its year before the bare name.
_NAMES: tuple[tuple[str, str], ...] = (
    ("Luật Nghĩa vụ quân sự năm 2015", "Law on Military Service 2015"),
    ("Luật Nghĩa vụ quân sự 2015", "Law on Military Service 2015"),
    ("Luật Dân quân tự vệ năm 2019", "Law on Militia and Self-Defence Forces 2019"),
    ("Luật Dân quân tự vệ 2019", "Law on Militia and Self-Defence Forces 2019"),
    ("Luật Dân quân tự vệ", "Law on Militia and Self-Defence Forces"),
    ("Luật Lực lượng dự bị động viên năm 2019", "Law on the Mobilisation Reserve Force 2019"),
    ("Luật Thi đua, khen thưởng năm 2022", "Law on Emulation and Commendation 2022"),
    ("Luật Thi đua, khen thưởng 2022", "Law on Emulation and Commendation 2022"),
    ("Luật Quốc phòng", "Law on National Defence"),
    (", sửa đổi, bổ sung bởi Luật số", ", as amended by Law No."),
    (", sửa đổi bởi Luật số", ", as amended by Law No."),
    (", sửa đổi, bổ sung bởi", ", as amended by"),
    (", sửa đổi bởi", ", as amended by"),
    (" sửa đổi bởi", " as amended by"),
    (
        "(theo dự thảo đã công bố; điều khoản cuối cùng chưa đối chiếu)",
        "(per the published draft; final text not yet checked)",
    ),
    ("(bổ sung theo", "(added by"),
    ("(trước đó", "(formerly"),
    ("(trước 1/7/2025)", "(before 1/7/2025)"),
    ("(bản gốc)", "(original text)"),
    ("(chế độ báo cáo)", "(reporting regime)"),
    ("Quyết định của cấp có thẩm quyền", "Decision of the competent level"),
    (", đơn vị được khen ghi nhận", ", recorded by the awarded unit"),
    ("Nghị định", "Decree"),
    ("Thông tư", "Circular"),
    ("Phụ lục", "Appendix"),
    ("Mục", "Section"),
)
_POINT = re.compile(r"Điểm (\w) khoản (\d+) Điều (\d+)", re.IGNORECASE)
_CLAUSE = re.compile(r"Khoản (\d+) Điều (\d+)", re.IGNORECASE)
_ARTICLE = re.compile(r"Điều (\d+(?:\s*(?:–|-|,|và)\s*\d+)*)")
_TRAILING_CLAUSE = re.compile(r", khoản (\d+)")


@functools.lru_cache(maxsize=1024)
def _english(text: str) -> str:
    out = _POINT.sub(lambda m: f"Article {m[3]}({m[2]})({m[1]})", text)
    out = _CLAUSE.sub(lambda m: f"Article {m[2]}({m[1]})", out)
    out = _ARTICLE.sub(lambda m: "Article " + m[1].replace(" và ", " and "), out)
    out = _TRAILING_CLAUSE.sub(lambda m: f", clause {m[1]}", out)
    for vietnamese, english in _NAMES:
        out = out.replace(vietnamese, english)
    return out.replace(" và ", " and ")


def citation_text(text: str) -> str:
    """The citation as the reader's language shows it (Vietnamese: as written)."""
    if not text or (translation.get_language() or "vi").startswith("vi"):
        return text
    return _english(text)
