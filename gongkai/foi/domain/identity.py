"""Checks of the applicant's identity and contact details (pure Python, no Django).

Art. 29 of the 条例 asks for the applicant's name, proof of identity (身份证明) and contact
details. A mistyped ID number or phone means the reply letter (Art. 36) cannot be served, and a
mistyped 统一社会信用代码 puts a wrong organisation into the annual report, so the portal and the
offline entry screen check them at the edge, with a Chinese message for the person typing.

- 居民身份证号码, GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit sequence and a
  check character (ISO 7064 MOD 11-2; 10 is written X). 港澳台居民居住证 use the same layout
  with the region codes 81/82/83.
- 联系电话: a mainland mobile number (11 digits starting 1[3-9]) or a landline with area code.
- 邮政编码: 6 digits.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "ID_TYPE_LABELS",
    "IdType",
    "id_check_char",
    "id_number_error",
    "normalise_id_number",
    "normalise_phone",
    "phone_error",
    "postal_code_error",
]


class IdType(StrEnum):
    RESIDENT_ID = "resident_id"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    PASSPORT = "passport"
    FOREIGN_PR = "foreign_pr"
    OTHER = "other"


ID_TYPE_LABELS: Final = MappingProxyType(
    {
        IdType.RESIDENT_ID: "居民身份证（含港澳台居民居住证）",
        IdType.HK_MACAO_PERMIT: "港澳居民来往内地通行证",
        IdType.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
        IdType.PASSPORT: "护照",
        IdType.FOREIGN_PR: "外国人永久居留身份证",
        IdType.OTHER: "其他有效身份证件",
    }
)

_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS: Final = "10X98765432"
# First two digits of the region code (GB/T 2260 provinces; 81–83 residence permits).
_PROVINCES: Final = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_OTHER_DOCUMENT = re.compile(r"^[A-Z0-9()（）-]{5,30}$")


def normalise_id_number(value: str) -> str:
    """Upper case, no spaces (a lower-case x is common on the check character)."""
    return re.sub(r"\s+", "", value or "").upper()


def id_check_char(body: str) -> str:
    """The check character of the first 17 digits of a 居民身份证号码 (GB 11643-1999)."""
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise ValueError("身份证号码前17位应为数字")
    total = sum(int(ch) * w for ch, w in zip(body, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _resident_id_error(number: str, today: dt.date | None) -> str | None:
    if len(number) == 15 and number.isdigit():
        return "请填写18位的居民身份证号码（15位旧号码已停止使用）"
    if len(number) != 18:
        return "居民身份证号码应为18位"
    body, check = number[:17], number[17]
    if not body.isascii() or not body.isdigit() or check not in "0123456789X":
        return "居民身份证号码前17位应为数字，最后一位为数字或X"
    if int(body[:2]) not in _PROVINCES:
        return "居民身份证号码的前6位不是有效的行政区划代码"
    try:
        born = dt.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期（第7至14位）不是有效日期"
    if born.year < 1900 or (today is not None and born > today):
        return "居民身份证号码中的出生日期（第7至14位）不正确"
    expected = id_check_char(body)
    if check != expected:
        return "居民身份证号码校验位错误，请核对后重新填写"
    return None


def id_number_error(
    id_type: IdType | str, value: str, *, today: dt.date | None = None
) -> str | None:
    """None if ``value`` is a plausible number for ``id_type``, otherwise a Chinese message.

    Only the 居民身份证 has a check character; for other documents the layout is checked loosely
    (5–30 letters and digits), because passports and permits differ by issuing country.
    """
    number = normalise_id_number(value)
    if not number:
        return "请填写证件号码"
    try:
        id_type = IdType(id_type)
    except ValueError:
        return "请选择证件类型"
    if id_type is IdType.RESIDENT_ID:
        return _resident_id_error(number, today)
    if not _OTHER_DOCUMENT.match(number):
        return "证件号码应为5至30位字母或数字"
    return None


_MOBILE: Final = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE: Final = re.compile(r"^0\d{2,3}-?[1-9]\d{6,7}(?:-\d{1,6})?$")


def normalise_phone(value: str) -> str:
    """Drop spaces, full-width hyphens and a +86 / 0086 country prefix."""
    phone = re.sub(r"\s+", "", value or "").replace("－", "-").replace("—", "-")
    for prefix in ("+86-", "+86", "0086-", "0086"):
        if phone.startswith(prefix):
            phone = phone[len(prefix) :]
            break
    return phone


def phone_error(value: str) -> str | None:
    """None for a mainland mobile or landline number (with area code), else a message."""
    phone = normalise_phone(value)
    if not phone:
        return "请填写联系电话"
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return None
    if phone.startswith("1") and phone.isdigit():
        return "手机号码应为以1开头的11位数字"
    return "联系电话格式不正确：请填写11位手机号码，或带区号的固定电话（如 0564-6012345）"


def postal_code_error(value: str) -> str | None:
    code = (value or "").strip()
    if not code:
        return None
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return "邮政编码应为6位数字"
    return None
