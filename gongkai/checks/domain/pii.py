"""Personal data in running text: ID numbers, mobiles, landlines, bank cards, e-mail addresses.

Why these block publication: 《政府信息公开条例》 Art. 15 forbids disclosing information that
involves personal privacy, and 《个人信息保护法》 Art. 28 lists 身份证件号码 and 金融账户 among the
*sensitive* personal information; Art. 73(3) defines 去标识化, which is what the suggestions offer
(a masked form such as 340104********1234).

How it stays fast: the text is scanned by a handful of precompiled regexes whose first element is a
digit (or ``@`` for e-mail, searched with ``str.find``), so the C regex engine skips the Chinese
text; Python code only runs on candidates (long digit runs, phone-shaped groups), which are rare.

How it avoids false alarms (issue 5: 索引号, 文号, dates, amounts, statistics, postcodes, office
phones):

* a number glued to letters or longer digit runs is part of something else (统一社会信用代码
  11341522MB0000000X, 索引号 003159383/201807-56138), never a finding;
* masked forms (340***********1234, 138****1234) contain ``*`` and are skipped;
* decimals (13800001234.5), amounts followed by a unit (13500000000元), numbers followed by
  ``/digits`` (the code part of a 索引号) and numbers labelled as codes (注册号, 编号, 信用代码 …)
  are skipped;
* dates, postcodes, years and short service numbers (12345, 110, 120) are too short to match;
* landlines need an area code, and numbers listed in the unit directory (``office_phones``) are
  not personal data;
* bank cards need a Luhn-valid number *and* either a bank word nearby or the UnionPay 62 prefix;
* ID numbers need a valid GB 11643-1999 check digit (ISO 7064 MOD 11-2) and a real birth date.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from gongkai.checks.domain.base import Finding, Severity

RULE_ID_CARD = "pii.id_card"
RULE_MOBILE = "pii.mobile"
RULE_LANDLINE = "pii.landline"
RULE_BANK_CARD = "pii.bank_card"
RULE_EMAIL = "pii.email"
PII_RULES: tuple[str, ...] = (RULE_ID_CARD, RULE_MOBILE, RULE_LANDLINE, RULE_BANK_CARD, RULE_EMAIL)

# --- candidate scanners ---------------------------------------------------------------------------
#
# Each pattern starts with a plain character class so that the regex engine can skip ahead to the
# next digit in C; the "not glued to a word" test is a lookbehind placed *after* the first digit
# (``[0-9](?<![…][0-9])`` asserts that the character before that digit is not a word character).

_GLUE = "0-9A-Za-z_*"  # characters that make a number part of a longer token (or a masked one)

# A run of 11+ letters, digits and mask stars that starts with a digit: IDs (18 or 15), bank cards
# (16-19), phone numbers typed without separators. Letters and stars stay inside the run so that
# 11341522MB0000000X and 340***********1234 are seen whole and then rejected.
_RUN = re.compile(rf"[0-9](?<![{_GLUE}][0-9])[0-9A-Za-z*]{{10,}}(?![{_GLUE}])")

# One letter and an ID number: the 全国学籍号 of a pupil is G (or L, J …) followed by the pupil's ID
# number, so publishing it publishes the ID. An exception to "glued to letters means part of a
# code": a 统一社会信用代码 is 18 characters, never a letter plus 18, so it cannot match here.
_LETTER_ID = re.compile(rf"[A-Za-z](?<![{_GLUE}][A-Za-z])(?P<id>[0-9]{{17}}[0-9Xx])(?![{_GLUE}])")

# Numbers typed in groups: 6222 0212 3456 7890 123 (cards in fours; IDs are sometimes typed the same
# way), and IDs as area-birth date-sequence, 340104 19900101 1234 or 340104 1990 0101 1234.
_GROUPED = re.compile(
    rf"[0-9](?<![{_GLUE}][0-9])"
    r"(?:[0-9]{3}(?:[ -][0-9]{4}){3}(?:[ -]?[0-9]{0,2}[0-9Xx])?"
    r"|[0-9]{5}[ -](?:[0-9]{8}|[0-9]{4}[ -][0-9]{4})[ -][0-9]{3}[0-9Xx])"
    rf"(?![{_GLUE}])"
)

# Mainland mobiles: 1[3-9] + 9 digits, optionally 3-4-4 with spaces or hyphens, optionally behind
# +86 / 0086 / 86 / (+86). The country code is part of the span: it is part of the number. The
# branch is chosen by a lookbehind on the first character already matched.
_MOBILE = re.compile(
    rf"[0-9+(（](?<![{_GLUE}+][0-9+(（])"
    r"(?:(?<=1)|(?<=\+)86[ -]?1|(?<=0)086[ -]?1|(?<=8)6[ -]?1|(?<=[(（])\+?86[)）] ?1)"
    r"[3-9][0-9](?:[ -]?[0-9]{4}){2}"
    rf"(?![{_GLUE}])"
)

# Landlines: area code (010, 02x, 0[3-9]xx) then a 7-8 digit local number starting 2-9, separated
# by a hyphen or dash (with optional spaces) or a space, or written as (0564)6012345 / （0564） 6012345.
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_LANDLINE = re.compile(
    rf"[0(（](?<![{_GLUE}][0(（])"
    rf"(?:(?<=0)(?P<area>{_AREA[1:]})(?: ?[-—–] ?| )"
    rf"|(?<=[(（])(?P<area_in_brackets>{_AREA})[)）][ -]?)"
    r"(?P<local>[2-9][0-9]{6,7})"
    rf"(?![{_GLUE}])"
)
_COMPACT_LANDLINE = re.compile(rf"(?P<area>{_AREA})(?P<local>[2-9][0-9]{{6,7}})")

_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+-]{1,64}\Z")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+")

# URLs are ASCII (a link pasted into Chinese prose is followed directly by Chinese text, which must
# not be swallowed); brackets and quotes are left out, as they usually close around the link.
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[A-Za-z0-9._~:/?#@!$&*+,;=%-]+")

# --- context words --------------------------------------------------------------------------------

_CONTEXT_BEFORE = 12  # characters before a number searched for a label such as 「编号：」

# Labels that say the number is about a person. Longer forms come first so that 身份证编号 counts
# as personal although it ends in 编号.
_PERSONAL_LABEL = re.compile(
    r"身份证编号|证件编号|身份证|身份号|证件号|公民身份|手机|电话|联系方式|联系人|座机|传真|"
    r"[Tt]el|TEL|卡号|账号|帐号|账户|帐户|银行卡|开户|邮箱|电子邮件|[Ee]-?mail|姓名|住址|家住"
)
# Labels that say the number is a code of an organisation, a document or a record.
_CODE_LABEL = re.compile(
    r"索引号|信用代码|注册号|机构代码|编号|编码|代码|单号|流水号|合同号|批次号|许可证号|登记号|"
    r"档案号|案号|条形码|序列号|文号|识别码|标识码"
)
# Words before a bare 05646012345 that make it a phone number (call-centre exports: 来电号码).
_PHONE_LABEL = re.compile(r"电话|号码|来电|致电|拨打|联系|座机|传真|热线|[Tt]el|TEL|[Ff]ax|FAX")
# Bank words (issue 5 lists 银行卡, 卡号, 账号, 帐号, 开户) searched in the 20 characters before a card.
_BANK_CONTEXT_BEFORE = 20
_BANK_WORDS = re.compile(
    r"银行|卡号|账号|帐号|账户|帐户|开户|储蓄卡|借记卡|信用卡|社保卡|社会保障卡"
)
# An account of an organisation (户名：霍邱县财政局 …) is published on purpose, e.g. for fees.
_ORG_ACCOUNT_BEFORE = 60
# The name may not run on into the bank details (收款人张三开户行…银行 is a person).
_ORG_ACCOUNT = re.compile(
    r"(?:户名|收款单位|收款人|开户单位|单位名称)[:：\s]*"
    r"(?:(?!开户|账号|帐号|卡号|银行)[^\s，,。；;：:]){0,40}?"
    r"(?:局|委员会|委|办公室|中心|政府|公司|学校|小学|中学|医院|财政|专户|所|站|院|社|厂|处|馆)"
)

# A unit right after a number makes it an amount or a statistic (13500000000元, 13812345678人次).
_UNIT_AFTER = frozenset("元万亿千百个人户件次吨斤克米亩平立辆台套册页份天岁%‰")
_CURRENCY = frozenset("￥¥$")
# What follows the code part of a 索引号 (statutes.md §9.2): /YYYY- or /YYYYMM-.
_INDEX_SUFFIX = re.compile(r"/[0-9]{4}(?:[0-9]{2})?-[0-9]")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id18_check_char(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    total = sum((ord(ch) - 48) * weight for ch, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers (ISO/IEC 7812-1)."""
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = ord(ch) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def id18_valid(number: str, today: date) -> bool:
    """An 18-character resident ID: area code 1-8, real birth date 1900..today, right check char."""
    if len(number) != 18 or not number[:17].isdigit() or number[0] not in "12345678":
        return False
    born = _real_date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    if born is None or born.year < 1900 or born > today:
        return False
    return id18_check_char(number[:17]) == number[17].upper()


def id15_valid(number: str) -> bool:
    """The old 15-digit ID (issued before 1999): area code 1-8 and a real 19YYMMDD birth date."""
    if len(number) != 15 or not number.isdigit() or number[0] not in "12345678":
        return False
    return _real_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])) is not None


def mask(folded_span: str, head: int, tail: int) -> str:
    """Replace the letters and digits of a span by ``*`` except the first ``head`` and last ``tail``.

    Separators (spaces, hyphens, brackets) are kept, so 138-0000-1234 becomes 138-****-1234.
    """
    positions = [i for i, ch in enumerate(folded_span) if ch.isascii() and ch.isalnum()]
    hidden = set(positions[head : max(head, len(positions) - tail)])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(folded_span))


@dataclass(frozen=True)
class _Options:
    today: date
    office_phones: frozenset[str]
    rules: Container[str]


class _Scanner:
    """Finds PII candidates in one text; ``folded`` is :func:`base.fold` of ``text``."""

    def __init__(self, text: str, folded: str, options: _Options) -> None:
        self.text = text
        self.folded = folded
        self.options = options
        self.findings: list[Finding] = []
        self._url_starts: list[int] | None = None
        self._url_ends: list[int] = []

    # --- helpers --------------------------------------------------------------------------------

    def add(self, rule: str, start: int, end: int, message: str, suggestion: str | None) -> None:
        if rule in self.options.rules:
            self.findings.append(
                Finding(
                    rule, Severity.BLOCKING, start, end, self.text[start:end], message, suggestion
                )
            )

    def in_url(self, start: int) -> bool:
        """Whether ``start`` lies inside a URL (long ids in links are not phone numbers)."""
        if self._url_starts is None:
            self._url_starts = []
            if "://" in self.folded or "www." in self.folded:
                for match in _URL.finditer(self.folded):
                    self._url_starts.append(match.start())
                    self._url_ends.append(match.end())
        index = bisect.bisect_right(self._url_starts, start) - 1
        return index >= 0 and start < self._url_ends[index]

    def number_context_ok(self, start: int, end: int) -> bool:
        """False when the digits at ``start:end`` are a decimal, an amount or a 索引号 code."""
        folded = self.folded
        before = folded[start - 1] if start else ""
        after = folded[end : end + 1]
        after2 = folded[end + 1 : end + 2]
        if before == "." and folded[start - 2 : start - 1].isdigit():
            return False  # the fractional part of 1.13800001234
        if after == "." and after2.isdigit():
            return False  # 13800001234.56
        if after == "/" and _INDEX_SUFFIX.match(folded, end):
            return False  # the code part of a 索引号: 113417030032499282/202011-00140
        if before in _CURRENCY:
            return False
        unit = after2 if after == " " else after
        return unit not in _UNIT_AFTER

    def label_says_code(self, start: int) -> bool:
        """The nearest label before ``start`` names a code (编号, 信用代码 …), not a person."""
        window_start = max(0, start - _CONTEXT_BEFORE)
        code_end = max(
            (m.end() for m in _CODE_LABEL.finditer(self.folded, window_start, start)), default=-1
        )
        if code_end < 0:
            return False
        personal_end = max(
            (m.end() for m in _PERSONAL_LABEL.finditer(self.folded, window_start, start)),
            default=-1,
        )
        return code_end > personal_end

    def has_phone_label(self, start: int) -> bool:
        return _PHONE_LABEL.search(self.folded, max(0, start - _CONTEXT_BEFORE), start) is not None

    # --- rules ----------------------------------------------------------------------------------

    def scan_numbers(self) -> None:
        """Digit runs and grouped numbers: ID numbers, bank cards, compact landlines."""
        folded = self.folded
        for match in _RUN.finditer(folded):
            token = match.group()
            if "*" in token:
                continue  # masked: 340***********1234
            self.classify_number(match.start(), match.end(), token, grouped=False)
        for match in _LETTER_ID.finditer(folded):
            self.classify_number(match.start("id"), match.end(), match["id"], grouped=False)
        for match in _GROUPED.finditer(folded):
            digits = match.group().replace(" ", "").replace("-", "")
            self.classify_number(match.start(), match.end(), digits, grouped=True)

    def classify_number(self, start: int, end: int, digits: str, *, grouped: bool) -> None:
        length = len(digits)
        if length == 18 and id18_valid(digits, self.options.today):
            if self.number_context_ok(start, end) and not self.label_says_code(start):
                self.add(
                    RULE_ID_CARD,
                    start,
                    end,
                    "疑似18位公民身份号码（校验位正确、出生日期有效），属于敏感个人信息，"
                    "发布前须删除或去标识化",
                    mask(self.folded[start:end], 6, 4),
                )
            return  # a valid ID is never also reported as a bank card (issue brief)
        if not digits.isdigit():
            return
        if length == 15 and not grouped and id15_valid(digits):
            if self.number_context_ok(start, end) and not self.label_says_code(start):
                self.add(
                    RULE_ID_CARD,
                    start,
                    end,
                    "疑似15位（旧版）公民身份号码（出生日期有效），属于敏感个人信息，发布前须删除或去标识化",
                    mask(self.folded[start:end], 6, 3),
                )
            return
        if 16 <= length <= 19:
            self.classify_bank_card(start, end, digits)
        elif length in (11, 12) and not grouped and digits[0] == "0":
            self.classify_compact_landline(start, end, digits)

    def classify_bank_card(self, start: int, end: int, digits: str) -> None:
        if not luhn_ok(digits):
            return
        folded = self.folded
        bank_word = _BANK_WORDS.search(folded, max(0, start - _BANK_CONTEXT_BEFORE), start)
        if bank_word is None and not digits.startswith("62"):
            return
        if not self.number_context_ok(start, end) or self.in_url(start):
            return
        if bank_word is None and self.label_says_code(start):
            return
        if _ORG_ACCOUNT.search(folded, max(0, start - _ORG_ACCOUNT_BEFORE), start):
            return  # 户名：霍邱县财政局 …: an account published for payments, not a person's card
        why = "附近有“账号”“卡号”等字样" if bank_word is not None else "银联卡号段62开头"
        self.add(
            RULE_BANK_CARD,
            start,
            end,
            f"疑似银行卡号（通过Luhn校验，{why}），属于敏感个人信息，发布前须删除或遮盖",
            mask(folded[start:end], 6, 4),
        )

    def classify_compact_landline(self, start: int, end: int, digits: str) -> None:
        # 05646012345 without a separator is only a phone number when a label says so; otherwise
        # it is as likely a code or a statistic (issue 5: no false alarms on numbers).
        match = _COMPACT_LANDLINE.fullmatch(digits)
        if match is None or not self.has_phone_label(start):
            return
        self.landline(start, end, match["area"], match["local"])

    def scan_mobiles(self) -> None:
        folded = self.folded
        for match in _MOBILE.finditer(folded):
            start, end = match.start(), match.end()
            span = folded[start:end]
            digits = "".join(ch for ch in span if ch.isdigit())
            core = digits[-11:]
            if core in self.options.office_phones:
                continue
            if not self.number_context_ok(start, end) or self.in_url(start):
                continue
            if self.label_says_code(start):
                continue
            prefix_digits = len(digits) - 11  # 86 or 0086 in front of the mobile
            self.add(
                RULE_MOBILE,
                start,
                end,
                "疑似个人手机号码，属于个人信息，发布前须删除或遮盖中间四位",
                mask(span, prefix_digits + 3, 4),
            )

    def scan_landlines(self) -> None:
        for match in _LANDLINE.finditer(self.folded):
            area = match["area_in_brackets"] or "0" + match["area"]
            self.landline(match.start(), match.end(), area, match["local"])

    def landline(self, start: int, end: int, area: str, local: str) -> None:
        phones = self.options.office_phones
        if area + local in phones or local in phones:
            return  # listed in the unit directory: an office number, published on purpose
        if not self.number_context_ok(start, end) or self.in_url(start):
            return
        if self.label_says_code(start):
            return
        span = self.folded[start:end]
        self.add(
            RULE_LANDLINE,
            start,
            end,
            "疑似个人固定电话号码（不在单位通讯录中），发布前须删除或遮盖；"
            "如为单位办公电话，请在单位通讯录中登记",
            mask(span, len(area), 4),
        )

    def scan_emails(self) -> None:
        folded = self.folded
        at = folded.find("@")
        while at >= 0:
            self.email_at(at)
            at = folded.find("@", at + 1)

    def email_at(self, at: int) -> None:
        folded = self.folded
        local = _EMAIL_LOCAL.search(folded, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(folded, at + 1)
        if local is None or domain is None:
            return
        start = local.start()
        while start < at and folded[start] in ".-+%":
            start += 1  # a local part does not start with punctuation (…，.zhang@ …)
        host = domain.group().rstrip(".-")
        end = at + 1 + len(host)
        labels = host.lower().split(".")
        if start == at or len(labels) < 2 or not labels[-1].isalpha() or len(labels[-1]) < 2:
            return
        if labels[-2:] == ["gov", "cn"]:
            return  # …@*.gov.cn: a government mailbox, published on purpose (issue brief)
        local_part = folded[start:at]
        keep = 1 if len(local_part) <= 3 else 2
        suggestion = local_part[:keep] + "*" * (len(local_part) - keep) + folded[at:end]
        self.add(
            RULE_EMAIL,
            start,
            end,
            "疑似个人电子邮箱地址（非gov.cn政务邮箱），属于个人信息，发布前须删除或遮盖",
            suggestion,
        )


def find_pii(
    text: str,
    folded: str,
    *,
    today: date,
    office_phones: frozenset[str] = frozenset(),
    rules: Container[str] = PII_RULES,
) -> list[Finding]:
    """PII findings in ``text`` (``folded`` = ``base.fold(text)``), overlaps resolved, by start.

    When two candidates overlap (13800001234@163.com is both a mobile and an e-mail address), the
    one that starts first wins, and at the same start the longer one.
    """
    options = _Options(today, office_phones, rules)
    scanner = _Scanner(text, folded, options)
    # The ID check also runs when only bank cards are asked for: a valid ID is never a bank card.
    if RULE_ID_CARD in rules or RULE_BANK_CARD in rules or RULE_LANDLINE in rules:
        scanner.scan_numbers()
    if RULE_MOBILE in rules:
        scanner.scan_mobiles()
    if RULE_LANDLINE in rules:
        scanner.scan_landlines()
    if RULE_EMAIL in rules and "@" in folded:
        scanner.scan_emails()
    kept: list[Finding] = []
    last_end = -1
    for finding in sorted(scanner.findings, key=lambda f: (f.start, -f.end)):
        if finding.start >= last_end:
            kept.append(finding)
            last_end = finding.end
    return kept
