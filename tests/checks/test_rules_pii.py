"""PII rules: positives, tricky negatives, masking and exact offsets (pure Python, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.checks.domain.engine import CheckContext, Finding, Severity, check_text
from gongkai.checks.domain.pii import id15_valid, id18_check_char, id18_valid, luhn_ok, mask

TODAY = date(2026, 11, 26)
OFFICE_PHONES = frozenset({"05646065010", "05642773567", "056412345", "18900001111"})
CONTEXT = CheckContext(today=TODAY, office_phones=OFFICE_PHONES)


# --- independent reference implementations (not the code under test) -----------------------------


def with_check_char(first17: str) -> str:
    """GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written X."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return first17 + ("X" if value == 10 else str(value))


def with_luhn_digit(prefix: str) -> str:
    for last in "0123456789":
        digits = prefix + last
        total = 0
        for i, d in enumerate(reversed(digits)):
            n = int(d) * (2 if i % 2 else 1)
            total += n // 10 + n % 10
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


ID_1949 = "11010519491231002X"  # the worked example of GB 11643-1999
ID_1990 = with_check_char("34010419900101123")
ID_HUOQIU = with_check_char("34152219850615301")
ID_LEAP = with_check_char("34152220000229004")  # 2000-02-29 exists
ID_TODAY = with_check_char("34152220261126001")  # born on the day of the check
ID_FUTURE = with_check_char("34152220261127001")  # born tomorrow
ID_1899 = with_check_char("34152218991231001")
ID_BAD_DATE = with_check_char("34152219900230001")  # 30 February
ID_AREA_9 = with_check_char("94152219900101001")
ID_AREA_0 = with_check_char("04152219900101001")
ID_WRONG_CHECK = ID_1990[:17] + ("0" if ID_1990[17] != "0" else "1")
CARD_62 = with_luhn_digit("622202123456789012")  # 19 digits, UnionPay prefix
CARD_62_16 = with_luhn_digit("621700001234567")  # 16 digits
CARD_43 = with_luhn_digit("436742123456789")  # 16 digits, no UnionPay prefix
CARD_BAD_LUHN = CARD_62[:-1] + str((int(CARD_62[-1]) + 1) % 10)


def test_reference_values_agree_with_the_engine() -> None:
    assert ID_1949[17] == "X" and id18_check_char(ID_1949[:17]) == "X"
    for number in (ID_1990, ID_HUOQIU, ID_LEAP, ID_TODAY):
        assert id18_check_char(number[:17]) == number[17]
        assert id18_valid(number, TODAY)
    assert not id18_valid(ID_FUTURE, TODAY)
    assert not id18_valid(ID_WRONG_CHECK, TODAY)
    assert luhn_ok("79927398713")  # the classic Luhn example
    assert not luhn_ok("79927398710")
    assert id15_valid("340104900101123")
    assert not id15_valid("340104901301123")


def group(number: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at : at + size])
        at += size
    return sep.join(parts)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def found(text: str, rule: str, context: CheckContext = CONTEXT) -> list[Finding]:
    findings = check_text(text, context=context)
    for finding in findings:  # offsets exact for every finding of every rule
        assert text[finding.start : finding.end] == finding.text
    return [f for f in findings if f.rule == rule]


def assert_found(text: str, rule: str, expected: str, suggestion: str | None = None) -> None:
    hits = found(text, rule)
    assert [f.text for f in hits] == [expected], hits
    assert hits[0].start == text.index(expected)
    assert hits[0].severity is Severity.BLOCKING
    if suggestion is not None:
        assert hits[0].suggestion == suggestion


# --- pii.id_card ------------------------------------------------------------------------------------

ID_POSITIVES: list[tuple[str, str, str]] = [
    (f"申请人身份证号：{ID_1949}。", ID_1949, "110105********002X"),
    (f"{ID_1990}", ID_1990, f"340104********{ID_1990[-4:]}"),
    (f"公民身份号码{ID_1949.lower()}，", ID_1949.lower(), "110105********002x"),
    (f"身份证号码：{fullwidth(ID_1949)}", fullwidth(ID_1949), "110105********002X"),
    (f"身份证 {group(ID_HUOQIU, (6, 8, 4))} 已核验", group(ID_HUOQIU, (6, 8, 4)), None),
    (f"证件号码：{group(ID_HUOQIU, (6, 8, 4), '-')}", group(ID_HUOQIU, (6, 8, 4), "-"), None),
    (f"身份证：{group(ID_1949, (4, 4, 4, 4, 2))}", group(ID_1949, (4, 4, 4, 4, 2)), None),
    (f"（身份证号{ID_1990}）", ID_1990, None),
    (f"张三，{ID_HUOQIU}，男，汉族", ID_HUOQIU, None),
    (f"ID: {ID_1949}.", ID_1949, None),
    (f"出生于闰日：{ID_LEAP}", ID_LEAP, None),
    (f"今天出生：{ID_TODAY}", ID_TODAY, None),
    (f"身份证编号：{ID_1990}", ID_1990, None),  # 编号 after 身份证 is still a person's number
    ("旧身份证号：340104900101123。", "340104900101123", "340104******123"),
    (f"户主{ID_HUOQIU}号户", ID_HUOQIU, None),
    (f"持卡人身份证{ID_1990}，卡号另附", ID_1990, None),
    (f"身份证 {group(ID_HUOQIU, (6, 4, 4, 4))}", group(ID_HUOQIU, (6, 4, 4, 4)), None),
    # A 全国学籍号 is G + the pupil's ID number: the 18 digits are reported.
    (f"学籍号G{ID_HUOQIU}，资助金额1000元", ID_HUOQIU, None),
    (f"身份证号/联系电话：{ID_1990}/13800001234", ID_1990, None),  # / but no 索引号 suffix
]


@pytest.mark.parametrize(("text", "expected", "suggestion"), ID_POSITIVES)
def test_id_card_found(text: str, expected: str, suggestion: str | None) -> None:
    assert_found(text, "pii.id_card", expected, suggestion)


ID_NEGATIVES = [
    f"身份证号：{ID_WRONG_CHECK}",  # check digit wrong
    "身份证号：340***********1234",  # masked
    "身份证号：3415**********123X",
    "身份证号：340104********1234",
    "统一社会信用代码：11341522MB0000000X",
    "索引号：11341522MB0000000X/202403-00017",
    "索引号：113417030032499282/202011-00140",  # an all-digit USCC in a 索引号
    f"索引号：{ID_1990}/202403-00017",  # ID-shaped, but the code part of a 索引号
    f"统一社会信用代码：{ID_1990}",  # labelled as a code
    f"身份证号：{ID_FUTURE}",  # born tomorrow
    f"身份证号：{ID_1899}",  # before 1900
    f"身份证号：{ID_BAD_DATE}",  # 30 February
    f"身份证号：{ID_AREA_9}",  # area code must start 1-8
    f"身份证号：{ID_AREA_0}",
    f"ABC{ID_1949}",  # glued to letters
    f"GX{ID_1949}",  # two letters: a code, not a 学籍号
    f"G{ID_1949}7",
    f"{ID_1990}7",  # part of a longer digit run
    f"9{ID_1990}",
    "旧身份证号：340104901301123",  # 15 digits, month 13
    "营业执照注册号：341522600123456",  # 15 digits, plausible date, but a registration number
    "成文日期：2026年11月26日，20261126，邮政编码237400，金额1,234,567.89元。",
    "索引号：003159383/201807-56138，文号：霍政〔2021〕14号。",
    f"身份证号 {ID_1990[:6]}-{ID_1990[6:14]}-***{ID_1990[-1]}",  # partly masked
]


@pytest.mark.parametrize("text", ID_NEGATIVES)
def test_id_card_not_found(text: str) -> None:
    assert found(text, "pii.id_card") == []


def test_valid_id_is_never_a_bank_card() -> None:
    text = f"银行卡号：{ID_1990}"
    assert [f.rule for f in check_text(text, context=CONTEXT)] == ["pii.id_card"]
    only_cards = CheckContext(today=TODAY, rules=frozenset({"pii.bank_card"}))
    assert check_text(text, context=only_cards) == []


def test_id_birth_date_is_judged_against_context_today() -> None:
    text = f"身份证号：{ID_FUTURE}"
    later = CheckContext(today=date(2026, 11, 27))
    assert [f.text for f in check_text(text, context=later)] == [ID_FUTURE]
    assert check_text(text, context=CONTEXT) == []


# --- pii.mobile --------------------------------------------------------------------------------------

MOBILE_POSITIVES: list[tuple[str, str, str | None]] = [
    ("联系电话13800001234。", "13800001234", "138****1234"),
    ("手机：138-0000-1234", "138-0000-1234", "138-****-1234"),
    ("手机 138 0000 1234 ", "138 0000 1234", "138 **** 1234"),
    ("电话+86 13800001234", "+86 13800001234", "+86 138****1234"),
    ("+8613912345678", "+8613912345678", "+86139****5678"),
    ("0086-138-0000-1234", "0086-138-0000-1234", "0086-138-****-1234"),
    ("86-13800001234", "86-13800001234", "86-138****1234"),
    ("（+86）13800001234", "（+86）13800001234", "（+86）138****1234"),
    ("手机：１３８００００１２３４", "１３８００００１２３４", "138****1234"),
    ("138\u30000000\u30001234", "138\u30000000\u30001234", "138 **** 1234"),
    ("联系人：李某19912345678", "19912345678", "199****5678"),
    ("16612345678联系", "16612345678", "166****5678"),
    ("请于工作日拨打15012345678。", "15012345678", "150****5678"),
    ("Tel:13800001234.", "13800001234", "138****1234"),
    ("（13800001234）", "13800001234", "138****1234"),
    ("详见https://www.huoqiu.gov.cn/a.html联系电话13800001234", "13800001234", None),
    ("电话 1380000 1234", "1380000 1234", "138**** 1234"),
]


@pytest.mark.parametrize(("text", "expected", "suggestion"), MOBILE_POSITIVES)
def test_mobile_found(text: str, expected: str, suggestion: str | None) -> None:
    assert_found(text, "pii.mobile", expected, suggestion)


def test_several_mobiles_in_one_text() -> None:
    text = "13800001234、13900001234,15012345678"
    assert [f.text for f in found(text, "pii.mobile")] == [
        "13800001234",
        "13900001234",
        "15012345678",
    ]


MOBILE_NEGATIVES = [
    "手机：138****1234",  # masked
    "手机：138xxxx1234",
    "138000012345",  # twelve digits
    "1380000123",  # ten digits
    "12800001234",  # 12x is not a mobile prefix
    "10086 和 12345 热线",
    "完成投资13500000000元",  # an amount
    "增长13800001234.56",  # a decimal
    "共计13912345678人次",  # a statistic
    "￥13800001234",
    "详见 https://www.huoqiu.gov.cn/public/13800001234.html",  # an id inside a link
    "值班手机：18900001111",  # listed in the unit directory
    "ID13800001234",  # glued to letters
    "订单编号：13800001234",  # labelled as a code
    "索引号：13800001234/2021-00001",
    "时间戳1732012345678",
    "电话号码请见附件，不在正文公开。",
]


@pytest.mark.parametrize("text", MOBILE_NEGATIVES)
def test_mobile_not_found(text: str) -> None:
    assert found(text, "pii.mobile") == []


# --- pii.landline -------------------------------------------------------------------------------------

LANDLINE_POSITIVES: list[tuple[str, str, str]] = [
    ("联系电话：0564-6012345。", "0564-6012345", "0564-***2345"),
    ("电话(0564)6012345", "(0564)6012345", "(0564)***2345"),
    ("电话（0564）6012345", "（0564）6012345", "（0564）***2345"),
    ("电话 0564 6012345，", "0564 6012345", "0564 ***2345"),
    ("北京：010-62345678", "010-62345678", "010-****5678"),
    ("上海 021-62345678", "021-62345678", "021-****5678"),
    ("广州 020-87654321", "020-87654321", "020-****4321"),
    ("０５６４－６０１２３４５", "０５６４－６０１２３４５", "0564-***2345"),
    ("0564 - 6012345", "0564 - 6012345", "0564 - ***2345"),
    ("0564—6012345", "0564—6012345", "0564—***2345"),
    ("（0564） 6012345", "（0564） 6012345", "（0564） ***2345"),
    ("电话：0564-6012345转8001", "0564-6012345", "0564-***2345"),
    ("电话：05646012345", "05646012345", "0564***2345"),  # no separator, but labelled
    ("Tel: (0564) 6012345", "(0564) 6012345", "(0564) ***2345"),
    ("家庭电话0551-65123456", "0551-65123456", "0551-****3456"),
    ("来电人：汪女士  来电号码：05646383666", "05646383666", "0564***3666"),
    ("办公室0564-6065010，住宅0564-6012345", "0564-6012345", None),  # only the unlisted one
]


@pytest.mark.parametrize(("text", "expected", "suggestion"), LANDLINE_POSITIVES)
def test_landline_found(text: str, expected: str, suggestion: str | None) -> None:
    assert_found(text, "pii.landline", expected, suggestion)


LANDLINE_NEGATIVES = [
    "咨询电话：0564-6065010",  # in the unit directory
    "咨询电话：(0564)6065010",
    "众兴集镇政府电话0564-2773567",
    "市长热线：0564-12345",  # a service number, not a landline
    "请拨打12345、110、120",
    "电话6012345",  # no area code: too many false alarms
    "05646012345",  # no separator and no label
    "规划期为2021-2025年",
    "0564-601234",  # six-digit local number
    "0564-6012345678",  # too long
    "索引号：003159383/201807-56138",
    "索引号：01424668-5/2021-00063",
    "0564-601****",  # masked
    "（2021）12345678",
    "0564-1234567",  # local numbers do not start with 1
    "邮政编码：237400",
]


@pytest.mark.parametrize("text", LANDLINE_NEGATIVES)
def test_landline_not_found(text: str) -> None:
    assert found(text, "pii.landline") == []


def test_office_phones_are_normalised_and_may_omit_the_area_code() -> None:
    context = CheckContext(today=TODAY, office_phones=frozenset({"0564-6012345", "6023456"}))
    assert context.office_phones == frozenset({"05646012345", "6023456"})
    text = "电话0564-6012345，0564-6023456，0564-6034567"
    assert [f.text for f in check_text(text, context=context)] == ["0564-6034567"]


# --- pii.bank_card -------------------------------------------------------------------------------------

BANK_POSITIVES: list[tuple[str, str, str | None]] = [
    (f"银行卡号：{CARD_62}", CARD_62, f"622202*********{CARD_62[-4:]}"),
    (f"卡号 {group(CARD_62, (4, 4, 4, 4, 3))}", group(CARD_62, (4, 4, 4, 4, 3)), None),
    (f"转入{CARD_62_16}", CARD_62_16, None),  # UnionPay prefix, no bank word needed
    (f"账号：{CARD_43}", CARD_43, None),
    (f"帐号{CARD_43}", CARD_43, None),
    (f"开户行：农业银行霍邱支行，{CARD_43}", CARD_43, None),
    (f"卡号：{group(CARD_43, (4, 4, 4, 4), '-')}", group(CARD_43, (4, 4, 4, 4), "-"), None),
    (f"银行卡号：{fullwidth(CARD_62)}", fullwidth(CARD_62), None),
    (f"社保卡号{CARD_62_16}。", CARD_62_16, None),
    (f"补贴发放至{CARD_62}账户", CARD_62, None),
    (f"借记卡{CARD_43}", CARD_43, None),
    (f"（银行账户：{CARD_43}）", CARD_43, None),
    (f"收款人：张三，账号{CARD_62}", CARD_62, None),
    (f"收款人张三开户行霍邱农商银行账号{CARD_43}", CARD_43, None),
    (f"信用卡 {group(CARD_62_16, (4, 4, 4, 4))} 已挂失", group(CARD_62_16, (4, 4, 4, 4)), None),
    (f"{CARD_62_16}", CARD_62_16, f"621700******{CARD_62_16[-4:]}"),
]


@pytest.mark.parametrize(("text", "expected", "suggestion"), BANK_POSITIVES)
def test_bank_card_found(text: str, expected: str, suggestion: str | None) -> None:
    assert_found(text, "pii.bank_card", expected, suggestion)


BANK_NEGATIVES = [
    f"银行卡号：{CARD_BAD_LUHN}",  # Luhn fails
    f"编号{CARD_43}",  # no bank word, no 62 prefix
    f"流水号：{CARD_62_16}",  # 62, but labelled as a code
    "卡号：6222 02** **** 0128",  # masked
    f"户名：霍邱县财政局，开户行：农业银行霍邱支行，账号：{CARD_62}",  # an office account
    f"收款单位：霍邱县人民医院 账号 {CARD_43}",
    f"户名：霍邱县人民医院开户行：霍邱农商银行账号：{CARD_62}",
    f"卡号{CARD_62_16[:15]}",  # 15 digits
    f"卡号{CARD_62}12",  # 21 digits
    f"卡号{CARD_62_16}.5",  # a decimal
    f"https://www.huoqiu.gov.cn/public/{CARD_62_16}.html",
    f"合计{CARD_62_16}元",
    "年度：2021 2022 2023 2024",
]


@pytest.mark.parametrize("text", BANK_NEGATIVES)
def test_bank_card_not_found(text: str) -> None:
    assert found(text, "pii.bank_card") == []


# --- pii.email ------------------------------------------------------------------------------------------

EMAIL_POSITIVES: list[tuple[str, str, str | None]] = [
    ("邮箱：zhangsan@163.com", "zhangsan@163.com", "zh******@163.com"),
    ("发送至zhang.san@qq.com。", "zhang.san@qq.com", "zh*******@qq.com"),
    ("ZhangSan@Example.COM", "ZhangSan@Example.COM", "Zh******@Example.COM"),
    ("13800001234@163.com", "13800001234@163.com", "13*********@163.com"),  # one finding
    ("li_si+gk@gmail.com", "li_si+gk@gmail.com", "li******@gmail.com"),
    ("ｚｈａｎｇ＠１６３．ｃｏｍ", "ｚｈａｎｇ＠１６３．ｃｏｍ", "zh***@163.com"),
    ("请联系abc@sina.com.cn。", "abc@sina.com.cn", "a**@sina.com.cn"),
    ("(wang@126.com)", "wang@126.com", "wa**@126.com"),
    ("邮箱：hqxfgw1405@163.com", "hqxfgw1405@163.com", None),  # an office on a public domain
    ("x@y.cn", "x@y.cn", "x@y.cn"),
    ("mail: a.b-c@mail.example.org,", "a.b-c@mail.example.org", None),
    ("用户user@gov.cn.example.com", "user@gov.cn.example.com", None),  # not a gov.cn domain
    ("Email:Wang.Wu@Outlook.com;", "Wang.Wu@Outlook.com", None),
    ("电子邮件 li@huoqiu.com 已停用", "li@huoqiu.com", None),
    ("联系 .zhao@163.com", "zhao@163.com", None),  # a leading dot is not part of the address
]


@pytest.mark.parametrize(("text", "expected", "suggestion"), EMAIL_POSITIVES)
def test_email_found(text: str, expected: str, suggestion: str | None) -> None:
    assert_found(text, "pii.email", expected, suggestion)


EMAIL_NEGATIVES = [
    "公开邮箱：gkb@huoqiu.gov.cn",
    "gkb@ah.gov.cn",
    "XXGK@LUAN.GOV.CN",
    "zfxxgk@mail.huoqiu.gov.cn",
    "关注@霍邱发布",
    "user@localhost",
    "a@b.c1",
    "@163.com",
    "email@",
    "abc@.com",
    "1@2.3",
    "x@y.c",
]


@pytest.mark.parametrize("text", EMAIL_NEGATIVES)
def test_email_not_found(text: str) -> None:
    assert found(text, "pii.email") == []


def test_mobile_in_an_email_address_is_one_email_finding() -> None:
    assert [f.rule for f in check_text("13800001234@163.com", context=CONTEXT)] == ["pii.email"]


# --- numbers that are not personal data, all together ---------------------------------------------------

NOT_PII = [
    "索引号：11341522MB0000000X/202403-00017，主题分类：综合政务。",
    "索引号：003226988/201805-00082",
    "索引号：11441700007280420Y/2021-00050，文号：霍政〔2021〕14号。",
    "根据皖政办秘〔2021〕65号和国办公开办函〔2021〕30号文件。",
    "成文日期：2026年11月26日；发布日期：2026-11-26；20261126。",
    "项目总投资1,234,567.89元，同比增长7.5%。",
    "全县户籍人口1591000人，常住人口944985人，2024年GDP 334.55亿元。",
    "地址：霍邱县城关镇双拥路1号，邮政编码：237400。",
    "咨询电话：0564-6065010；市长热线：0564-12345。",
    "民事判决书（2021）皖1522民初1234号",
    "统计用区划代码341522100000，城乡分类代码111。",
    "1号楼2单元301室",
    "2018年第一季度通报（2018第1期），共26个乡镇。",
]


@pytest.mark.parametrize("text", NOT_PII)
def test_numbers_that_are_not_personal_data(text: str) -> None:
    assert [f for f in check_text(text, context=CONTEXT) if f.rule.startswith("pii.")] == []


# --- masking ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "head", "tail", "expected"),
    [
        ("340104199001011234", 6, 4, "340104********1234"),
        ("13800001234", 3, 4, "138****1234"),
        ("138-0000-1234", 3, 4, "138-****-1234"),
        ("+86 138 0000 1234", 5, 4, "+86 138 **** 1234"),
        ("123", 6, 4, "123"),  # shorter than what is kept: nothing to hide
    ],
)
def test_mask(span: str, head: int, tail: int, expected: str) -> None:
    assert mask(span, head, tail) == expected


def test_every_pii_suggestion_hides_something_and_keeps_the_length() -> None:
    text = (
        f"身份证{ID_1990}，手机138-0000-1234，电话0564-6012345，卡号{CARD_62}，邮箱zhangsan@163.com"
    )
    findings = check_text(text, context=CONTEXT)
    assert {f.rule for f in findings} == {
        "pii.id_card",
        "pii.mobile",
        "pii.landline",
        "pii.bank_card",
        "pii.email",
    }
    for finding in findings:
        assert finding.suggestion is not None
        assert "*" in finding.suggestion
        assert len(finding.suggestion) == len(finding.text)
        assert finding.message and all(ord(ch) < 0x10000 for ch in finding.message)
