"""Province codes of the 12-digit personal ID (CCCD / ĐDCN), as data (domain.md §9.3).

The 63 pre-2025 provinces of Appendix 1, Circular 07/2016/TT-BCA. Issued numbers keep these
codes after the 2025 merger, so every legacy code stays valid; `merged_into` (the province
after 1 July 2025) is for analytics only and never says where a person lives now.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class Province(NamedTuple):
    name: str  # province where the birth was registered (pre-2025 name)
    merged_into: str  # province it belongs to since 1 July 2025


PROVINCES: Mapping[str, Province] = MappingProxyType(
    {
        "001": Province("Hà Nội", "Hà Nội"),
        "002": Province("Hà Giang", "Tuyên Quang"),
        "004": Province("Cao Bằng", "Cao Bằng"),
        "006": Province("Bắc Kạn", "Thái Nguyên"),
        "008": Province("Tuyên Quang", "Tuyên Quang"),
        "010": Province("Lào Cai", "Lào Cai"),
        "011": Province("Điện Biên", "Điện Biên"),
        "012": Province("Lai Châu", "Lai Châu"),
        "014": Province("Sơn La", "Sơn La"),
        "015": Province("Yên Bái", "Lào Cai"),
        "017": Province("Hòa Bình", "Phú Thọ"),
        "019": Province("Thái Nguyên", "Thái Nguyên"),
        "020": Province("Lạng Sơn", "Lạng Sơn"),
        "022": Province("Quảng Ninh", "Quảng Ninh"),
        "024": Province("Bắc Giang", "Bắc Ninh"),
        "025": Province("Phú Thọ", "Phú Thọ"),
        "026": Province("Vĩnh Phúc", "Phú Thọ"),
        "027": Province("Bắc Ninh", "Bắc Ninh"),
        "030": Province("Hải Dương", "Hải Phòng"),
        "031": Province("Hải Phòng", "Hải Phòng"),
        "033": Province("Hưng Yên", "Hưng Yên"),
        "034": Province("Thái Bình", "Hưng Yên"),
        "035": Province("Hà Nam", "Ninh Bình"),
        "036": Province("Nam Định", "Ninh Bình"),
        "037": Province("Ninh Bình", "Ninh Bình"),
        "038": Province("Thanh Hóa", "Thanh Hóa"),
        "040": Province("Nghệ An", "Nghệ An"),
        "042": Province("Hà Tĩnh", "Hà Tĩnh"),
        "044": Province("Quảng Bình", "Quảng Trị"),
        "045": Province("Quảng Trị", "Quảng Trị"),
        "046": Province("Thừa Thiên Huế", "Huế"),
        "048": Province("Đà Nẵng", "Đà Nẵng"),
        "049": Province("Quảng Nam", "Đà Nẵng"),
        "051": Province("Quảng Ngãi", "Quảng Ngãi"),
        "052": Province("Bình Định", "Gia Lai"),
        "054": Province("Phú Yên", "Đắk Lắk"),
        "056": Province("Khánh Hòa", "Khánh Hòa"),
        "058": Province("Ninh Thuận", "Khánh Hòa"),
        "060": Province("Bình Thuận", "Lâm Đồng"),
        "062": Province("Kon Tum", "Quảng Ngãi"),
        "064": Province("Gia Lai", "Gia Lai"),
        "066": Province("Đắk Lắk", "Đắk Lắk"),
        "067": Province("Đắk Nông", "Lâm Đồng"),
        "068": Province("Lâm Đồng", "Lâm Đồng"),
        "070": Province("Bình Phước", "Đồng Nai"),
        "072": Province("Tây Ninh", "Tây Ninh"),
        "074": Province("Bình Dương", "TP.HCM"),
        "075": Province("Đồng Nai", "Đồng Nai"),
        "077": Province("Bà Rịa–Vũng Tàu", "TP.HCM"),
        "079": Province("TP. Hồ Chí Minh", "TP.HCM"),
        "080": Province("Long An", "Tây Ninh"),
        "082": Province("Tiền Giang", "Đồng Tháp"),
        "083": Province("Bến Tre", "Vĩnh Long"),
        "084": Province("Trà Vinh", "Vĩnh Long"),
        "086": Province("Vĩnh Long", "Vĩnh Long"),
        "087": Province("Đồng Tháp", "Đồng Tháp"),
        "089": Province("An Giang", "An Giang"),
        "091": Province("Kiên Giang", "An Giang"),
        "092": Province("Cần Thơ", "Cần Thơ"),
        "093": Province("Hậu Giang", "Cần Thơ"),
        "094": Province("Sóc Trăng", "Cần Thơ"),
        "095": Province("Bạc Liêu", "Cà Mau"),
        "096": Province("Cà Mau", "Cà Mau"),
    }
)
