"""Shared primitives of the quality checks (pure Python, no Django): severities, findings, folding.

Every rule module (pii, lexicon, markup) produces :class:`Finding` objects; ``engine`` re-exports
them, so callers import from ``gongkai.checks.domain.engine`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How a finding affects publication (issue 5): blocking stops the 三审 workflow."""

    BLOCKING = "blocking"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem in a checked text; ``start``/``end`` are character offsets, end exclusive.

    Offsets count Python characters (code points), which is what ``check_text FILE --json``
    promises: ``text == checked[start:end]`` always holds.
    """

    rule: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None

    def as_json(self) -> dict[str, object]:
        """The object printed by ``manage.py check_text --json`` (keys fixed by issue 5)."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "message": self.message,
        }


# --- folding --------------------------------------------------------------------------------------
#
# Editors paste text typed with a Chinese IME, so digits, letters, @, + and hyphens often arrive in
# their full-width forms (１３８００００１２３４, ｚｈａｎｇ＠１６３．ｃｏｍ). The rules match on a
# *folded* copy in which each such character is replaced by its ASCII twin. The mapping is strictly
# one character to one character, so an offset in the folded copy is the same offset in the original
# text and findings can quote the original. Only characters the rules look at are folded (digits,
# letters, ＠＋－＊．／＿％ and odd spaces): Chinese punctuation such as ，（） is everywhere in
# government text, and leaving it alone means most texts need no folding at all. Lexicon terms are
# folded with the same table, so a term and the text always agree.

_FOLDED_PUNCTUATION = "＠＋－＊．／＿％"
_FOLD_MAP: dict[int, str] = {
    ord(ch): chr(ord(ch) - 0xFEE0)
    for ch in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ" + _FOLDED_PUNCTUATION
}
# Ideographic space, no-break space (&nbsp; in rich text), en, em, thin and narrow no-break spaces.
for _space in "\u3000\u00a0\u2002\u2003\u2009\u202f":
    _FOLD_MAP[ord(_space)] = " "
_FOLD_TABLE = str.maketrans(_FOLD_MAP)
_NEEDS_FOLD = re.compile("[" + re.escape("".join(map(chr, _FOLD_MAP))) + "]")


def fold(text: str) -> str:
    """Full-width ASCII look-alikes and odd spaces to ASCII; same length as ``text``."""
    # str.translate walks every character in Python-level dict lookups; most texts need nothing,
    # and one regex search in C tells us so.
    if _NEEDS_FOLD.search(text) is None:
        return text
    return text.translate(_FOLD_TABLE)
