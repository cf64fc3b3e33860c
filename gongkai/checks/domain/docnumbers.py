"""The 发文字号 (document number) normaliser (pure Python, no Django).

Shared by the catalogue (the 文号 field of an information item), the quality checks (文号 inside
running text) and the normative-documents registry (which keys documents by their number).

Canonical form, GB/T 9704-2012 §7.2.5 (see /work/shared/domain/statutes.md §6.3)::

    <机关代字>〔YYYY〕<n>号      e.g. 霍政〔2021〕14号, 皖政办秘〔2021〕65号, 国办发〔2018〕37号

The year is written in full and enclosed in 六角括号 〔〕 (U+3014/U+3015); the serial has no leading
zeros (「不编虚位」) and no 「第」, and is followed by 「号」.

:func:`normalise` understands the wrong forms seen on real pages (【2014】, [2021], （2021）, 〈〉,
﹝﹞, 〔21〕, 第5号, 05号, a missing 号, spaces, full-width digits, and 「〔202130」 where OCR lost
the 〕 and 号) and reports each deviation as a :class:`DocNumberProblem`. It never guesses when the
text is ambiguous: then ``canonical`` is None and a problem says why. Invariant relied on by the
checks: ``result.is_canonical`` holds exactly when ``result.canonical == result.original``.

A 文号 string alone does not identify the issuing county: 霍山县 also uses 「霍政办秘」 (huoqiu.md §3).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# CJK Unified Ideographs (with Extension A) and ASCII letters: what a 机关代字 is made of.
_ISSUER_CHARS = "A-Za-z\u3400-\u4dbf\u4e00-\u9fff"

# The strict canonical form. [0-9] rather than \d, which in Python also matches full-width and
# other Unicode digits; \A…\Z rather than ^…$, which would accept a trailing newline.
DOCNUMBER_PATTERN = re.compile(rf"\A[{_ISSUER_CHARS}]+〔[0-9]{{4}}〕[1-9][0-9]*号\Z")

CANONICAL_OPEN = "〔"
CANONICAL_CLOSE = "〕"

# Brackets typed instead of 〔〕, each with its partner. ﹝﹞ (U+FE5D/U+FE5E) look alike but are
# different code points, so they are a problem too.
_BRACKET_PAIRS: dict[str, str] = {
    "〔": "〕",
    "﹝": "﹞",
    "【": "】",
    "〖": "〗",
    "〘": "〙",
    "[": "]",
    "［": "］",
    "(": ")",
    "（": "）",
    "〈": "〉",
    "⟨": "⟩",
    "<": ">",
    "＜": "＞",
    "《": "》",
    "{": "}",
    "｛": "｝",
}
_OPENS = "".join(_BRACKET_PAIRS)
_CLOSES = "".join(_BRACKET_PAIRS.values())

# Values people type into the 文号 field when a document has none.
_PLACEHOLDERS = frozenset(
    {"无", "暂无", "无文号", "空", "-", "--", "—", "——", "/", "null", "none", "n/a"}
)

# Years outside this range are typing errors, not documents of a county platform.
MIN_YEAR = 1900
MAX_YEAR = 2099

# Stands for whitespace between two digits after folding (「霍政办 2021 14号」): a known boundary
# between year and serial that must not vanish when the spaces are removed.
_SEPARATOR = "\x00"
_ASCII_DIGITS = "0123456789"


@dataclass(frozen=True)
class DocNumber:
    """A parsed document number; ``str()`` gives the canonical form."""

    issuer_code: str
    year: int
    serial: int

    def __post_init__(self) -> None:
        if not re.fullmatch(rf"[{_ISSUER_CHARS}]+", self.issuer_code):
            raise ValueError(f"invalid issuer code: {self.issuer_code!r}")
        if not 1000 <= self.year <= 9999:
            raise ValueError(f"year must have four digits: {self.year}")
        if self.serial < 1:
            raise ValueError(f"serial must be positive: {self.serial}")

    def __str__(self) -> str:
        return f"{self.issuer_code}{CANONICAL_OPEN}{self.year}{CANONICAL_CLOSE}{self.serial}号"


@dataclass(frozen=True)
class DocNumberProblem:
    """One deviation from the canonical form; ``message`` is shown to staff (Chinese)."""

    code: str
    message: str


@dataclass(frozen=True)
class NormalisedDocNumber:
    """The result of :func:`normalise`; ``canonical`` is None when the text was not understood."""

    original: str
    canonical: str | None
    parsed: DocNumber | None
    problems: tuple[DocNumberProblem, ...]

    @property
    def is_canonical(self) -> bool:
        return self.parsed is not None and not self.problems


_FORMAT_HINT = "规范格式为“机关代字〔年份〕序号号”，如“霍政〔2021〕14号”"


def _problem(code: str, message: str) -> DocNumberProblem:
    return DocNumberProblem(code, message)


def _refused(original: str, code: str, message: str) -> NormalisedDocNumber:
    return NormalisedDocNumber(original, None, None, (_problem(code, message),))


def normalise(text: str, *, today_year: int | None = None) -> NormalisedDocNumber:
    """Parse ``text`` as one document number and return its canonical form and its problems.

    Two-digit years are expanded to 20xx. When ``today_year`` is given, a year after it (written
    in full, or expanded from two digits) is refused with a ``future_year`` problem and no
    canonical form: 〔98〕 might mean 1998 or be a typing error, and a wrong year silently attached
    to a document is worse than asking a person. Without ``today_year`` no such check is made, so
    callers that know the date should pass it.
    """
    original = text
    trimmed = "".join(ch for ch in text if not _is_blank(ch))
    if not trimmed:
        return _refused(original, "empty", "文号为空")
    if trimmed.lower() in _PLACEHOLDERS:
        return _refused(original, "absent", f"“{trimmed}”不是文号；没有文号的信息应将文号留空")

    folded, problems = _fold(text)
    match = re.fullmatch(
        rf"(?P<issuer>[{_ISSUER_CHARS}]*)(?P<open>[{re.escape(_OPENS)}])?"
        rf"(?P<year>[0-9]+)(?:(?P<close>[{re.escape(_CLOSES)}])|(?P<sep>{_SEPARATOR}))?"
        r"(?P<di>第)?(?P<serial>[0-9]+)?(?P<hao>号)?",
        folded,
    )
    if match is None:
        return _refused(original, "unparseable", f"无法识别为发文字号，{_FORMAT_HINT}")

    issuer, opening, closing = match["issuer"], match["open"], match["close"]
    year_text, serial_text = match["year"], match["serial"]
    bounded = closing is not None or match["sep"] is not None or match["di"] is not None

    if not bounded:
        # Year and serial run together: 「〔202130」 (〕 and 号 lost) or 「霍政办202130号」. Split only
        # when unambiguous, i.e. a four-digit 19xx/20xx year followed by at least one digit.
        # (The regex gave all the digits to the year: nothing else follows them.)
        if len(year_text) >= 5 and year_text[:2] in {"19", "20"}:
            year_text, serial_text = year_text[:4], year_text[4:]
        elif opening is not None:
            return _refused(
                original, "missing_bracket", f"缺少“{CANONICAL_CLOSE}”，无法区分年份和序号"
            )
        else:
            return _refused(original, "missing_year", f"缺少年份，{_FORMAT_HINT}")
    if serial_text is None:
        return _refused(original, "missing_serial", f"缺少序号，{_FORMAT_HINT}")
    if not issuer:
        return _refused(original, "missing_issuer", "缺少机关代字（如“霍政办”）")

    if opening is None or closing is None:
        problems.append(_problem("missing_bracket", "年份应放在六角括号〔〕内"))
    elif (opening, closing) != (CANONICAL_OPEN, CANONICAL_CLOSE):
        problems.append(
            _problem("brackets", f"年份应使用六角括号〔〕，不应使用“{opening}{closing}”")
        )

    if len(year_text) == 4:
        year = int(year_text)
    elif len(year_text) == 2:
        year = 2000 + int(year_text)
        problems.append(_problem("short_year", f"年份应写全四位：“{year_text}”应为“{year}”"))
    else:
        return _refused(original, "bad_year", f"年份“{year_text}”不是四位数字")
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _refused(original, "bad_year", f"年份“{year_text}”不合理")
    if today_year is not None and year > today_year:
        if len(year_text) == 2:
            message = (
                f"两位年份“{year_text}”补全为 {year} 年后晚于今年（{today_year} 年），"
                "无法确定年份，请写全四位年份"
            )
        else:
            message = f"年份 {year} 晚于今年（{today_year} 年），请核对"
        return _refused(original, "future_year", message)

    if match["di"] is not None:
        problems.append(_problem("di_prefix", "序号前不加“第”"))
    serial = int(serial_text)
    if serial == 0:
        return _refused(original, "bad_serial", "序号不能为 0")
    if serial_text.startswith("0"):
        problems.append(_problem("leading_zero", f"序号不编虚位：“{serial_text}”应为“{serial}”"))
    if match["hao"] is None:
        problems.append(_problem("missing_hao", "序号后缺少“号”"))

    parsed = DocNumber(issuer, year, serial)
    return NormalisedDocNumber(original, str(parsed), parsed, tuple(problems))


def _is_blank(ch: str) -> bool:
    # Whitespace (including U+3000 and no-break space) and invisible format characters such as
    # the zero-width space that pasting from web pages leaves behind.
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def _fold(text: str) -> tuple[str, list[DocNumberProblem]]:
    """Remove blanks and fold full-width digits and letters; report each kind once."""
    out: list[str] = []
    blanks = fullwidth_digits = fullwidth_letters = False
    pending_blank = False
    for ch in text:
        if _is_blank(ch):
            blanks = pending_blank = True
            continue
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19:
            ch = chr(code - 0xFEE0)
            fullwidth_digits = True
        elif 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            ch = chr(code - 0xFEE0)
            fullwidth_letters = True
        if pending_blank and ch in _ASCII_DIGITS and out and out[-1] in _ASCII_DIGITS:
            out.append(_SEPARATOR)
        pending_blank = False
        out.append(ch)

    problems: list[DocNumberProblem] = []
    if blanks:
        problems.append(_problem("spaces", "文号中不应有空格或不可见字符"))
    if fullwidth_digits:
        problems.append(
            _problem("fullwidth_digits", "数字应使用半角阿拉伯数字（如 2021，而不是２０２１）")
        )
    if fullwidth_letters:
        problems.append(_problem("fullwidth_letters", "字母应使用半角字符"))
    return "".join(out), problems


# --- document numbers inside running text -------------------------------------------------------

_D = "[0-9０-９]"
_SP = "[ \u3000\u00a0]?"
# In running text only brackets actually seen around years; <> and 《》 belong to markup and titles.
_TEXT_OPENS = "〔﹝【〖〘[［(（〈"
_TEXT_CLOSES = "〕﹞】〗〙]］)）〉"
# Brackets that on their own make a year-and-number look like a 文号; after round or square
# brackets a 号 is also required (「（2021）12万元」 is an amount).
_STRONG_OPENS = frozenset("〔﹝【〖〘")

_IN_TEXT = re.compile(
    rf"(?P<issuer>[{_ISSUER_CHARS}Ａ-Ｚａ-ｚ]{{1,30}}){_SP}"
    rf"(?:"
    rf"(?P<open>[{re.escape(_TEXT_OPENS)}]){_SP}(?P<year>{_D}{{4}}|{_D}{{2}}){_SP}"
    rf"[{re.escape(_TEXT_CLOSES)}]{_SP}(?P<di>第)?{_SP}{_D}{{1,6}}(?!{_D})(?:{_SP}(?P<hao>号))?"
    rf"|"
    # 〕 and 号 lost: 「霍政办〔202130」. Only after a 〔-like bracket, year 19xx/20xx.
    rf"(?P<lost_open>[〔﹝【])(?P<digits>(?:19|20|１９|２０){_D}{{3,7}})(?!{_D})(?P<lost_hao>号)?"
    rf")"
)

# Words that end the text before a 机关代字 (「根据霍政办〔…」, 「以霍政〔…」, 「…号和皖政办秘〔…」).
# None of them occurs inside real codes; single characters that do (经 in 霍经信, 自 in 自然资规,
# 发 in 国办发) are deliberately absent.
_LEAD_INS = (
    "根据", "依据", "按照", "参照", "对照", "依照", "遵照", "贯彻", "落实", "执行", "印发",
    "转发", "下发", "关于", "通过", "文件", "精神", "要求", "规定", "通知", "以及", "人民政府",
    "办公室", "委员会", "号", "的", "以", "据", "按", "依", "和", "及", "与", "或", "见", "由",
    "将", "是", "为", "即", "在", "了",
)  # fmt: skip


def _trim_issuer(run: str, *, words_only: bool = False) -> int:
    """Offset in ``run`` where the 机关代字 starts: after the last lead-in word.

    With ``words_only`` single-character lead-ins are ignored: 「依据霍数据〔2017〕89号」 would
    otherwise be cut after the 据 that ends the code 霍数据, leaving no code at all.
    """
    cut = 0
    for word in _LEAD_INS:
        if words_only and len(word) < 2:
            continue
        position = run.rfind(word)
        if position >= 0:
            cut = max(cut, position + len(word))
    return cut


def find_doc_numbers(
    text: str, *, today_year: int | None = None
) -> list[tuple[int, int, NormalisedDocNumber]]:
    """Spans ``(start, end, normalised)`` of things in ``text`` that look like document numbers.

    Requires a bracketed year followed by a serial, so dates (2021年), 索引号
    (11341522MB0000000X/202403-00017), phone numbers ((0564)6021234), amounts and court case
    numbers (（2021）皖1522民初1234号) are left alone. Where the 机关代字 starts is a heuristic: the
    run of Chinese characters before the bracket, cut after the last lead-in word such as 根据.
    """
    found: list[tuple[int, int, NormalisedDocNumber]] = []
    for match in _IN_TEXT.finditer(text):
        # The lost-bracket branch (match["digits"]) already demands 〔 and a 19xx/20xx year.
        if match["digits"] is None:
            year = _ascii_digits(match["year"])
            strong = match["open"] in _STRONG_OPENS
            if len(year) == 4 and year[:2] not in {"19", "20"}:
                continue
            if not strong and (len(year) != 4 or match["hao"] is None):
                continue
        start = match.start("issuer") + _trim_issuer(match["issuer"])
        if start >= match.start("issuer") + len(match["issuer"]):
            start = match.start("issuer") + _trim_issuer(match["issuer"], words_only=True)
        if start >= match.start("issuer") + len(match["issuer"]):
            continue  # nothing left of the 机关代字 after the lead-in words
        end = match.end()
        found.append((start, end, normalise(text[start:end], today_year=today_year)))
    return found


def _ascii_digits(text: str) -> str:
    return "".join(chr(ord(ch) - 0xFEE0) if "０" <= ch <= "９" else ch for ch in text)
