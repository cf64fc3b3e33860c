"""Check characters of Chinese organisation codes (pure Python, no Django).

- 组织机构代码, GB 11714-1997: 8 body characters + 1 check character.
- 统一社会信用代码, GB 32100-2015: 18 characters; characters 9–17 are the 组织机构代码.
The 索引号 of every published item starts with one of these codes, so a mistyped code would
spread into thousands of public identifiers; we check it once, at the edge.
"""

from __future__ import annotations

_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 omits I, O, Z, S and V to avoid confusion with digits.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def org_code_check_char(body: str) -> str:
    """Check character for the 8-character body of a 组织机构代码."""
    if len(body) != 8 or any(ch not in _ORG_CHARS for ch in body):
        raise ValueError("组织机构代码本体应为8位数字或大写字母")
    total = sum(_ORG_CHARS.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_org_code(code: str) -> bool:
    code = code.replace("-", "").upper()
    if len(code) != 9:
        return False
    try:
        return org_code_check_char(code[:8]) == code[8]
    except ValueError:
        return False


def uscc_check_char(body: str) -> str:
    """Check character for the first 17 characters of a 统一社会信用代码."""
    if len(body) != 17 or any(ch not in _USCC_CHARS for ch in body):
        raise ValueError("统一社会信用代码前17位含有不允许的字符")
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(body, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def uscc_error(code: str) -> str | None:
    """None if `code` is a well-formed 统一社会信用代码, otherwise a Chinese error message."""
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    if any(ch not in _USCC_CHARS for ch in code):
        return "统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）"
    if uscc_check_char(code[:17]) != code[17]:
        return f"统一社会信用代码校验位错误，应为 {uscc_check_char(code[:17])}"
    if not is_valid_org_code(code[8:17]):
        return "统一社会信用代码第9至17位不是有效的组织机构代码"
    return None


def make_uscc(prefix: str, org_body: str) -> str:
    """Build a valid code from a 8-char prefix (登记管理部门+类别+行政区划) and an 8-char org body.

    Used for demo data: real codes of the county's units are entered by the county office.
    """
    org = org_body + org_code_check_char(org_body)
    body = prefix + org
    return body + uscc_check_char(body)
