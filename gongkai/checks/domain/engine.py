"""The quality-check engine (issue 5, 智能检查): pure Python, no Django.

Entry points:

* :func:`check_text` runs the text rules on plain text (``manage.py check_text FILE --json``);
* :func:`check_html` runs them on the text of rich-text HTML, plus the markup rules;
* :func:`extract_links` gives the Django side the links to check (``link.internal`` /
  ``link.external`` need the database or the network, so they live there);
* :func:`check_dates` is the pure part of ``meta.dates`` (the other metadata rules are Django's).

Severities follow issue 5: blocking findings stop the 三审 workflow, warnings are shown to each
reviewer. Personal data is blocking (条例 Art. 15, 个人信息保护法 Art. 28); a badly written 文号 is a
warning with the canonical form as suggestion (GB/T 9704-2012 §7.2.5); lexicon entries carry their
own severity; accessibility problems are warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from gongkai.checks.domain.base import Finding, Severity, fold
from gongkai.checks.domain.docnumbers import NormalisedDocNumber, find_doc_numbers
from gongkai.checks.domain.lexicon import LEXICON_RULES, Lexicon, LexiconEntry
from gongkai.checks.domain.markup import (
    MARKUP_RULES,
    extract_links,
    find_markup_problems,
    html_to_text,
    text_span_to_html,
)
from gongkai.checks.domain.pii import PII_RULES, find_pii

__all__ = [
    "MARKUP_RULES",
    "RULE_LABELS",
    "TEXT_RULES",
    "CheckContext",
    "Finding",
    "Lexicon",
    "LexiconEntry",
    "Severity",
    "check_dates",
    "check_html",
    "check_text",
    "extract_links",
    "html_to_text",
    "text_span_to_html",
]

RULE_DOCNUM = "docnum.format"
RULE_DATES = "meta.dates"

TEXT_RULES: tuple[str, ...] = (*PII_RULES, RULE_DOCNUM, *LEXICON_RULES)

# Names for reports (counts by rule, Excel export).
RULE_LABELS: dict[str, str] = {
    "pii.id_card": "公民身份号码",
    "pii.mobile": "手机号码",
    "pii.landline": "固定电话号码",
    "pii.bank_card": "银行卡号",
    "pii.email": "个人电子邮箱",
    RULE_DOCNUM: "发文字号格式",
    "lexicon.sensitive": "敏感词及严重表述错误",
    "lexicon.typo": "错别字",
    "a11y.img_alt": "图片缺少替代文本",
    "a11y.table_header": "表格缺少表头",
    RULE_DATES: "成文日期与发布日期",
}

_CHINA = timezone(timedelta(hours=8))


def _today() -> date:
    # The county's calendar day, whatever the server's time zone: an ID number born "today" in
    # Beijing must not be a future date in UTC.
    return datetime.now(_CHINA).date()


@dataclass(frozen=True)
class CheckContext:
    """What the rules need to know besides the text.

    ``office_phones``: numbers of government offices from the unit directory, digits only (e.g.
    ``"056412345"``, ``"05646012345"``); they are published on purpose and never PII. Entries with
    separators are reduced to their digits. ``rules``: rule ids to run; None runs every text rule
    (and, in :func:`check_html`, every markup rule). Unknown ids are ignored, so the Django side
    may pass one set that also names its own rules.
    """

    today: date | None = None
    office_phones: frozenset[str] = frozenset()
    lexicon: Lexicon | None = None
    rules: frozenset[str] | None = None

    def __post_init__(self) -> None:
        phones = frozenset(self.office_phones)
        if any(not phone.isdigit() for phone in phones):
            phones = frozenset(
                digits
                for phone in phones
                if (digits := "".join(ch for ch in phone if ch.isdigit()))
            )
        object.__setattr__(self, "office_phones", phones)


_DEFAULT_CONTEXT = CheckContext()


def _enabled(context: CheckContext, available: tuple[str, ...]) -> frozenset[str]:
    if context.rules is None:
        return frozenset(available)
    return frozenset(available).intersection(context.rules)


def check_text(text: str, *, context: CheckContext | None = None) -> list[Finding]:
    """Run the text rules on ``text``; findings sorted by start (then end, then rule id).

    Offsets are character offsets into ``text`` (end exclusive) and ``finding.text`` is always
    ``text[finding.start:finding.end]``.
    """
    context = context or _DEFAULT_CONTEXT
    rules = _enabled(context, TEXT_RULES)
    if not text or not rules:
        return []
    today = context.today or _today()
    folded = fold(text)
    findings: list[Finding] = []
    if not rules.isdisjoint(PII_RULES):
        findings += find_pii(
            text, folded, today=today, office_phones=context.office_phones, rules=rules
        )
    if RULE_DOCNUM in rules:
        findings += _docnum_findings(text, today.year)
    if context.lexicon is not None and not rules.isdisjoint(LEXICON_RULES):
        findings += (f for f in context.lexicon.find_folded(text, folded) if f.rule in rules)
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings


def check_html(html: str, *, context: CheckContext | None = None) -> list[Finding]:
    """Text rules on ``html_to_text(html)`` plus the markup rules on ``html`` itself.

    Two coordinate systems in one list, by design (the brief): text-rule findings have offsets
    into the plain text (map them back with :func:`text_span_to_html`), ``a11y.*`` findings have
    offsets into ``html``. Text findings come first, each group sorted by start.
    """
    context = context or _DEFAULT_CONTEXT
    text, _ = html_to_text(html)
    findings = check_text(text, context=context)
    markup_rules = _enabled(context, MARKUP_RULES)
    if markup_rules:
        findings += find_markup_problems(html, markup_rules)
    return findings


# --- docnum.format --------------------------------------------------------------------------------

# A bracket followed by a digit: every 文号 find_doc_numbers can report contains one (its regex
# needs a bracketed year, or 〔 followed by the digits of 「〔202130」).
_DOCNUM_TRIGGER = re.compile(r"[〔﹝【〖〘\[［(（〈][ \u3000\u00a0]?[0-9０-９]")
# find_doc_numbers' 机关代字 is at most 30 characters (plus a space) before the bracket, and what
# follows the bracket is at most about 20 characters; windows of ±40 cover both.
_DOCNUM_WINDOW = 40


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Merged windows around the brackets that could start a 文号."""
    current: tuple[int, int] | None = None
    for match in _DOCNUM_TRIGGER.finditer(text):
        start = max(0, match.start() - _DOCNUM_WINDOW)
        end = min(len(text), match.start() + _DOCNUM_WINDOW)
        if current is not None and start <= current[1]:
            current = (current[0], end)
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


def find_doc_numbers_fast(
    text: str, *, today_year: int | None = None
) -> list[tuple[int, int, NormalisedDocNumber]]:
    """Same result as ``docnumbers.find_doc_numbers(text)``, several times faster on long texts.

    find_doc_numbers' pattern starts with a run of up to 30 Chinese characters, so on plain prose
    it tries a match at almost every position. Here it only sees windows around brackets that are
    followed by a digit. The windows are wide enough that every match lies inside one, and merged
    when they overlap, so matches are the same as on the whole text (tests compare the two).
    """
    found: list[tuple[int, int, NormalisedDocNumber]] = []
    for window_start, window_end in _windows(text):
        for start, end, result in find_doc_numbers(
            text[window_start:window_end], today_year=today_year
        ):
            found.append((window_start + start, window_start + end, result))
    return found


# A serial followed by one of these instead of 号 counts something else: 工作简报〔2023〕第14期 is an
# issue of a bulletin, 〔2024〕3批 a batch. find_doc_numbers reports such a text with a "missing 号"
# problem; it is not a 文号 at all.
_NOT_A_SERIAL_SUFFIX = frozenset("期批次届版页条款项个件名人户元万亿年月日天")


def _docnum_findings(text: str, today_year: int) -> list[Finding]:
    findings: list[Finding] = []
    for start, end, result in find_doc_numbers_fast(text, today_year=today_year):
        if result.is_canonical:
            continue
        if any(p.code == "missing_hao" for p in result.problems):
            following = text[end : end + 2].lstrip(" \u3000")
            if following[:1] in _NOT_A_SERIAL_SUFFIX:
                continue
        problems = "；".join(problem.message for problem in result.problems)
        if result.canonical is not None:
            message = f"发文字号格式不规范：{problems}。应为“{result.canonical}”（GB/T 9704-2012 第7.2.5条）"
        else:
            message = f"发文字号有误：{problems}"
        findings.append(
            Finding(
                RULE_DOCNUM,
                Severity.WARNING,
                start,
                end,
                text[start:end],
                message,
                result.canonical,
            )
        )
    return findings


# --- meta.dates -----------------------------------------------------------------------------------


def _as_date(value: date | None) -> date | None:
    # datetime is a subclass of date but does not compare with one; callers should pass local
    # (Asia/Shanghai) datetimes, whose calendar day is what the page shows.
    if isinstance(value, datetime):
        return value.date()
    return value


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def check_dates(
    *, written_on: date | None, published_on: date | None, today: date
) -> list[Finding]:
    """``meta.dates``: 成文日期 not after 发布日期, and no dates in the future.

    Metadata findings have no span: ``start == end == 0`` and ``text == ""``. A 成文日期 after the
    发布日期 or after today is blocking (a forged or mistyped date is a 单项否决 item of the 2019
    website indicators, statutes.md §3.2); a 发布日期 after today is a warning, since scheduled
    publication sets a future date on purpose.
    """
    written, published = _as_date(written_on), _as_date(published_on)
    today = today.date() if isinstance(today, datetime) else today
    findings: list[Finding] = []

    def add(severity: Severity, message: str) -> None:
        findings.append(Finding(RULE_DATES, severity, 0, 0, "", message))

    if written is not None and published is not None and written > published:
        add(
            Severity.BLOCKING,
            f"成文日期（{_chinese_date(written)}）晚于发布日期（{_chinese_date(published)}），"
            "请核对：文件须先成文后发布",
        )
    if written is not None and written > today:
        add(
            Severity.BLOCKING,
            f"成文日期（{_chinese_date(written)}）晚于今天（{_chinese_date(today)}），不能填写将来的日期",
        )
    if published is not None and published > today:
        add(
            Severity.WARNING,
            f"发布日期（{_chinese_date(published)}）晚于今天（{_chinese_date(today)}）；"
            "如非定时发布，请核对发布日期",
        )
    return findings
