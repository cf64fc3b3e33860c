import pytest

from gongkai.units.codes import is_valid_org_code, make_uscc, org_code_check_char, uscc_error


@pytest.mark.parametrize(
    ("body", "check"),
    [("D2143569", "X"), ("12345678", "8"), ("MB000001", org_code_check_char("MB000001"))],
)
def test_org_code_check_character(body, check):
    assert org_code_check_char(body) == check
    assert is_valid_org_code(body + check)


def test_a_published_credit_code_validates():
    # 统一社会信用代码 of a real registrant printed on its public business licence.
    assert uscc_error("91350100M000100Y43") is None


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y4", "18位"),
        ("91350100M000100Y44", "校验位"),
        ("91350100M0001O0Y43", "不含 I、O"),
    ],
)
def test_bad_credit_codes_get_a_chinese_reason(code, message):
    assert message in uscc_error(code)


def test_generated_demo_codes_are_valid():
    for n in range(1, 200):
        assert uscc_error(make_uscc("11341522", f"MB{n:06d}")) is None
