"""索引号 (index number) patterns (pure Python, no Django).

Every published item gets a 索引号 at its first publication; it is unique and never reused, even
when the item is withdrawn. The formats seen in practice (statutes.md §9.2, huoqiu.md §2.3 D) are
``{unit code}/{date part}-{sequence}``; Anhui's is ``{9-digit org code or 18-char USCC}/{YYYYMM}-
{5-digit sequence}`` (``11341522MB0000000X/202403-00017``). The platform default is
``{code}/{YYYY}-{seq:05}`` and each unit may configure its own pattern.

Tokens:

* ``{code}``: the unit code passed by the caller (a slug: letters, digits, ``-`` and ``_``; callers
  may pass ``Unit.index_code``, i.e. the USCC or org code when set);
* ``{uscc}``: the 18-character 统一社会信用代码 (GB 32100-2015);
* ``{org}``: the 9-character 组织机构代码 (GB 11714-1997), always rendered **without** the hyphen
  as in the Anhui numbers (``003159383/201807-56138``); ``00315938-3`` is accepted as input;
* ``{YYYY}``, ``{YYYYMM}``, ``{MM}``: the publication date;
* ``{seq}`` (no padding) or ``{seq:0N}`` (zero-padded to N digits, N = 1..10).

Uniqueness comes from the sequence counter: ``sequence_scope`` names the counter a number is drawn
from, and the counter changes exactly when the rendered date part changes. For a fixed unit and
pattern, rendering is then injective on (scope, seq); ``parse_number`` inverts it. Callers keep
one counter per (unit, scope) that only ever grows, and back it with a database unique constraint,
because the domain cannot see other units' codes or earlier patterns.

Check characters of the codes are *not* verified here: ``gongkai.units.codes`` checks them once,
where the codes are entered. Here only the shape (length, characters) is enforced, so that an
imported number with a bad check character can still be parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Literal

__all__ = [
    "ANHUI_PATTERN",
    "DEFAULT_PATTERN",
    "IndexPattern",
    "IndexPatternError",
    "ScopeKind",
    "normalise_org_code",
    "normalise_uscc",
]

DEFAULT_PATTERN = "{code}/{YYYY}-{seq:05}"
# The Anhui provincial format (huoqiu.md §2.3 D).
ANHUI_PATTERN = "{uscc}/{YYYYMM}-{seq:05}"

ScopeKind = Literal["all", "year", "month"]

_UNIT_TOKENS = frozenset({"code", "uscc", "org"})
_DATE_TOKENS = frozenset({"YYYY", "YYYYMM", "MM"})
_PLACEHOLDER_HELP = "{code}、{uscc}、{org}、{YYYY}、{YYYYMM}、{MM}、{seq}、{seq:0N}"
_MAX_SEQ_WIDTH = 10

# Literal characters: safe unescaped in a URL path and in file names (statutes.md §9.2 formats
# only use these). Chinese characters would need percent-encoding and are refused.
_LITERAL_OK = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_.-")
_SEQ_SPEC = re.compile(r"seq:0(\d+)")

_CODE_RE = re.compile(r"[A-Za-z0-9_-]+")  # Django SlugField's characters, see units.Unit.code
_CODE_MAX = 40
# GB 32100-2015 omits I, O, Z, S and V.
_USCC_CLASS = "[0-9A-HJ-NPQRTUWXY]"
_USCC_RE = re.compile(_USCC_CLASS + "{18}")
_ORG_RE = re.compile(r"[0-9A-Z]{8}[0-9X]")

_TOKEN_REGEX: dict[str, str] = {
    "code": r"[A-Za-z0-9_-]+",
    "uscc": _USCC_CLASS + "{18}",
    "org": r"[0-9A-Z]{8}[0-9X]",
    "YYYY": r"[0-9]{4}",
    "YYYYMM": r"[0-9]{4}(?:0[1-9]|1[0-2])",
    "MM": r"(?:0[1-9]|1[0-2])",
}


class IndexPatternError(ValueError):
    """An invalid 索引号 pattern, or a number that cannot be rendered with it."""


@dataclass(frozen=True, slots=True)
class _Token:
    name: str  # one of code, uscc, org, YYYY, YYYYMM, MM, seq
    width: int = 0  # seq only: zero-padding width, 0 = none


def normalise_uscc(value: str) -> str:
    """Upper-case, trimmed 统一社会信用代码; IndexPatternError unless it has the right shape."""
    code = value.strip().upper()
    if not _USCC_RE.fullmatch(code):
        raise IndexPatternError(
            f"统一社会信用代码「{value}」格式不正确：应为18位数字或大写字母（不含 I、O、Z、S、V）"
        )
    return code


def normalise_org_code(value: str) -> str:
    """9-character 组织机构代码 without hyphen (``00315938-3`` -> ``003159383``)."""
    code = value.strip().upper()
    if len(code) == 10 and code[8] == "-":
        code = code[:8] + code[9]
    if not _ORG_RE.fullmatch(code):
        raise IndexPatternError(
            f"组织机构代码「{value}」格式不正确：应为8位数字或大写字母加1位校验码（数字或 X）"
        )
    return code


def _split(text: str) -> tuple[str | _Token, ...]:
    """Split a pattern into literals and tokens, validating every piece."""
    parts: list[str | _Token] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "{":
            close = text.find("}", i + 1)
            reopen = text.find("{", i + 1)
            if close == -1 or (reopen != -1 and reopen < close):
                raise IndexPatternError(f"索引号规则「{text}」的花括号不配对")
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(_token(text[i + 1 : close]))
            i = close + 1
            continue
        if ch == "}":
            raise IndexPatternError(f"索引号规则「{text}」的花括号不配对")
        if ch not in _LITERAL_OK:
            raise IndexPatternError(
                f"索引号规则含有不安全的字符「{ch}」：占位符以外只允许英文字母、数字和 / _ . -"
            )
        literal.append(ch)
        i += 1
    if literal:
        parts.append("".join(literal))
    return tuple(parts)


def _token(inner: str) -> _Token:
    if inner in _UNIT_TOKENS or inner in _DATE_TOKENS or inner == "seq":
        return _Token(inner)
    match = _SEQ_SPEC.fullmatch(inner)
    if match:
        width = int(match.group(1))
        if not 1 <= width <= _MAX_SEQ_WIDTH:
            raise IndexPatternError(f"序号位数应在 1 到 {_MAX_SEQ_WIDTH} 之间：「{{{inner}}}」")
        return _Token("seq", width)
    if inner.startswith("seq"):
        raise IndexPatternError(
            f"序号只能写作 {{seq}} 或 {{seq:0N}}（如 {{seq:05}}）：「{{{inner}}}」"
        )
    raise IndexPatternError(f"未知的占位符「{{{inner}}}」，可用的占位符：{_PLACEHOLDER_HELP}")


def _check_structure(text: str, parts: tuple[str | _Token, ...]) -> None:
    """Rules that make rendered numbers unique and safe (see the module docstring)."""
    names = [p.name for p in parts if isinstance(p, _Token)]
    seqs = names.count("seq")
    if seqs == 0:
        raise IndexPatternError(f"索引号规则「{text}」缺少序号占位符 {{seq}}")
    if seqs > 1:
        raise IndexPatternError(f"索引号规则「{text}」只能包含一个序号占位符")
    # The sequence runs per unit (huoqiu.md §2.3 D); without a unit token two units would issue
    # the same numbers.
    if not _UNIT_TOKENS.intersection(names):
        raise IndexPatternError(
            f"索引号规则「{text}」必须包含单位标识 {{code}}、{{uscc}} 或 {{org}} 之一"
        )
    # {MM} alone repeats every year: March 2024 and March 2025 would both start at 1.
    if "MM" in names and "YYYY" not in names and "YYYYMM" not in names:
        raise IndexPatternError(
            f"索引号规则「{text}」使用了 {{MM}} 但没有年份 {{YYYY}}，每年的索引号会重复"
        )
    # An unpadded {seq} touching {code}: unit "hq1" with seq 1 and unit "hq" with seq 11 would
    # both render "hq11".
    for left, right in pairwise(parts):
        if isinstance(left, _Token) and isinstance(right, _Token):
            pair = {left.name, right.name}
            unpadded = (left.name == "seq" and not left.width) or (
                right.name == "seq" and not right.width
            )
            if pair == {"seq", "code"} and unpadded:
                raise IndexPatternError(
                    f"索引号规则「{text}」中不补零的 {{seq}} 不能紧接 {{code}}，"
                    "否则不同单位的索引号可能相同，请在两者之间加分隔符"
                )
    literals = [p for p in parts if isinstance(p, str)]
    if text.startswith("/") or any("//" in lit or ".." in lit for lit in literals):
        raise IndexPatternError(f"索引号规则「{text}」不能以 / 开头，也不能包含 // 或 ..")


@dataclass(frozen=True)
class IndexPattern:
    """A validated 索引号 pattern. ``IndexPattern(text)`` and ``IndexPattern.parse(text)`` agree."""

    text: str
    _parts: tuple[str | _Token, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise IndexPatternError("索引号规则不能为空")
        if self.text != self.text.strip():
            raise IndexPatternError("索引号规则首尾不能有空格")
        parts = _split(self.text)
        _check_structure(self.text, parts)
        object.__setattr__(self, "_parts", parts)

    @classmethod
    def parse(cls, text: str) -> IndexPattern:
        return cls(text)

    # ------------------------------------------------------------------------------ queries

    @property
    def tokens(self) -> frozenset[str]:
        """Names of the tokens used (``seq`` for any width)."""
        return frozenset(p.name for p in self._parts if isinstance(p, _Token))

    @property
    def seq_width(self) -> int:
        """Zero-padding width of the sequence; 0 when unpadded."""
        return next(p.width for p in self._parts if isinstance(p, _Token) and p.name == "seq")

    @property
    def scope_kind(self) -> ScopeKind:
        """How often the counter resets: exactly when the rendered date part changes."""
        names = self.tokens
        if "YYYYMM" in names or "MM" in names:
            return "month"
        if "YYYY" in names:
            return "year"
        return "all"

    def sequence_scope(self, published_on: date) -> str:
        """Key of the counter a number published on ``published_on`` is drawn from.

        ``"all"``, ``"2024"`` or ``"2024-03"``. Callers keep one counter per (unit, scope).
        """
        return _scope_key(self.scope_kind, published_on.year, published_on.month)

    # ------------------------------------------------------------------------------ render

    def render(
        self,
        *,
        code: str,
        uscc: str | None = None,
        org: str | None = None,
        published_on: date,
        seq: int,
    ) -> str:
        """The 索引号 for sequence number ``seq`` (>= 1) of ``published_on``'s scope."""
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
            raise IndexPatternError(f"序号必须是大于等于 1 的整数（收到 {seq!r}）")
        values = self._unit_values(code=code, uscc=uscc, org=org, strict=True)
        out: list[str] = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
            elif part.name == "seq":
                digits = str(seq)
                if part.width and len(digits) > part.width:
                    raise IndexPatternError(
                        f"序号超出 {part.width} 位（{seq}），请修改索引号规则，增加序号位数"
                    )
                out.append(digits.zfill(part.width))
            elif part.name == "YYYY":
                out.append(f"{published_on.year:04d}")
            elif part.name == "YYYYMM":
                out.append(f"{published_on.year:04d}{published_on.month:02d}")
            elif part.name == "MM":
                out.append(f"{published_on.month:02d}")
            else:
                out.append(values[part.name])
        return "".join(out)

    def _unit_values(
        self, *, code: str | None, uscc: str | None, org: str | None, strict: bool
    ) -> dict[str, str]:
        """Normalised unit-token values; with ``strict`` a used token must have a value."""
        names = self.tokens
        values: dict[str, str] = {}
        if "code" in names and (code or strict):
            if not code or len(code) > _CODE_MAX or not _CODE_RE.fullmatch(code):
                raise IndexPatternError(
                    f"单位编码「{code or ''}」不能用于索引号：应为 1 到 {_CODE_MAX} 位"
                    "英文字母、数字、连字符或下划线"
                )
            values["code"] = code
        if "uscc" in names and (uscc or strict):
            if not uscc:
                raise IndexPatternError(
                    f"本单位未设置统一社会信用代码，无法按索引号规则「{self.text}」编号"
                )
            values["uscc"] = normalise_uscc(uscc)
        if "org" in names and (org or strict):
            if not org:
                raise IndexPatternError(
                    f"本单位未设置组织机构代码，无法按索引号规则「{self.text}」编号"
                )
            values["org"] = normalise_org_code(org)
        return values

    # ------------------------------------------------------------------------------- parse

    def regex(
        self, *, code: str | None = None, uscc: str | None = None, org: str | None = None
    ) -> re.Pattern[str]:
        """A compiled, anchored regex matching numbers rendered with this pattern.

        Unit tokens whose value is given match only that value (to pick one unit's numbers out of
        an import); the others match any well-formed value. Group ``gN`` captures the N-th token.
        """
        values = self._unit_values(code=code, uscc=uscc, org=org, strict=False)
        return _compile(self.text, tuple(sorted(values.items())))

    def parse_number(
        self,
        text: str,
        *,
        code: str | None = None,
        uscc: str | None = None,
        org: str | None = None,
    ) -> tuple[str, int] | None:
        """``(scope, seq)`` of an existing 索引号, or ``None`` if this pattern did not make it.

        Used when importing, to raise each counter to the largest sequence already issued. Leading
        and trailing whitespace is ignored; a sequence of 0 or date tokens that disagree (``{YYYY}``
        and ``{YYYYMM}`` with different years) give ``None``.
        """
        match = self.regex(code=code, uscc=uscc, org=org).fullmatch(text.strip())
        if match is None:
            return None
        years: set[int] = set()
        months: set[int] = set()
        seq = 0
        tokens = [p for p in self._parts if isinstance(p, _Token)]
        for index, token in enumerate(tokens):
            value = match.group(f"g{index}")
            if token.name == "seq":
                seq = int(value)
            elif token.name == "YYYY":
                years.add(int(value))
            elif token.name == "YYYYMM":
                years.add(int(value[:4]))
                months.add(int(value[4:]))
            elif token.name == "MM":
                months.add(int(value))
        if seq < 1 or len(years) > 1 or len(months) > 1 or 0 in years:
            return None
        year = next(iter(years), 0)
        month = next(iter(months), 0)
        return _scope_key(self.scope_kind, year, month), seq


def _scope_key(kind: ScopeKind, year: int, month: int) -> str:
    if kind == "month":
        return f"{year:04d}-{month:02d}"
    if kind == "year":
        return f"{year:04d}"
    return "all"


@lru_cache(maxsize=256)
def _compile(text: str, fixed: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    values = dict(fixed)
    pieces: list[str] = []
    index = 0
    for part in IndexPattern(text)._parts:
        if isinstance(part, str):
            pieces.append(re.escape(part))
            continue
        if part.name == "seq":
            body = f"[0-9]{{{part.width}}}" if part.width else "[1-9][0-9]*"
        elif part.name in values:
            body = re.escape(values[part.name])
        else:
            body = _TOKEN_REGEX[part.name]
        pieces.append(f"(?P<g{index}>{body})")
        index += 1
    return re.compile(r"\A" + "".join(pieces) + r"\Z")
