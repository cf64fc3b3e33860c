"""Word lists the county office edits: sensitive words and known errors (pure Python, no Django).

Why: the 2019 website inspection indicators (国办秘函〔2019〕19号, statutes.md §3.2-3.3) veto a site
for a 「严重表述错误」 (for example a leader's name or title written wrongly) and deduct points for
错别字/错敏字; outdated names of institutions and mistyped place names (冯岭镇 for 冯瓴镇,
huoqiu.md §1.2) are the typical cases. Each :class:`LexiconEntry` is a term with its kind, an
optional correct form and a severity.

Matching rule ("matched as whole words", issue 5). Chinese has no spaces, so a "word" is defined by
the list itself:

1. Leftmost-longest: at each position the longest listed phrase wins, and a match consumes its
   characters. A term inside a longer *entry* term is therefore never reported on its own (with
   entries 霍邱 and 霍邱县人民政府, the text 霍邱县人民政府 gives one finding, the longer one).
2. Allow-phrases are listed phrases that are never findings; a term inside an allow-phrase is not
   reported. Every suggestion (correct form) that contains some term is an allow-phrase
   automatically, so a typo entry never fires inside its own correct form (e.g. an entry
   霍邱经济开发区 → 安徽霍邱经济开发区 leaves 安徽霍邱经济开发区 alone), and callers may pass
   more (``Lexicon(entries, allow=["…"])``).
3. A term that begins (ends) with an ASCII letter or digit only matches where the character before
   (after) it is not an ASCII letter or digit: sensitive word ``ABC`` does not fire inside ``ABCD``
   or ``xABC``. ASCII letters match regardless of case; full-width letters and digits match their
   ASCII forms (the text is folded, :func:`base.fold`).

Speed: all terms and allow-phrases are compiled into one regex shaped like a trie (common prefixes
shared, alternatives keyed by one literal character), so the C regex engine skips positions whose
character starts no phrase and never backtracks across terms. No Aho-Corasick package is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from gongkai.checks.domain.base import Finding, Severity, fold

RULE_SENSITIVE = "lexicon.sensitive"
RULE_TYPO = "lexicon.typo"
LEXICON_RULES: tuple[str, ...] = (RULE_SENSITIVE, RULE_TYPO)

_ASCII_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class LexiconEntry:
    """One listed term. ``suggestion`` is the correct form (typos) or a replacement (sensitive)."""

    term: str
    kind: Literal["sensitive", "typo"]
    suggestion: str | None = None
    severity: Severity = Severity.BLOCKING
    note: str = ""

    def __post_init__(self) -> None:
        if not self.term or not self.term.strip():
            raise ValueError("lexicon term must not be empty")
        if self.kind not in ("sensitive", "typo"):
            raise ValueError(f"lexicon kind must be 'sensitive' or 'typo', not {self.kind!r}")


def _key(text: str) -> str:
    """The form in which terms and matched text are compared: folded, ASCII letters lower-cased."""
    return fold(text).translate(_ASCII_LOWER)


class _Node:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False


def _char_pattern(ch: str) -> str:
    if ch.isascii() and ch.isalpha():
        return f"[{ch.upper()}{ch}]"
    return re.escape(ch)


def _node_pattern(node: _Node, last_char: str) -> str:
    """The regex for everything after ``last_char`` (the character leading to ``node``)."""
    # A phrase ending in an ASCII letter or digit must end the ASCII word (rule 3).
    end = "(?![0-9A-Za-z])" if last_char in _ASCII_WORD else ""
    branches = [
        _char_pattern(ch) + _node_pattern(child, ch) for ch, child in sorted(node.children.items())
    ]
    if not branches:
        return end
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if not node.terminal:
        return inner
    # The continuations come first, so the engine tries them before ending here: the longest
    # phrase at a position wins (rule 1).
    return f"(?:{inner}|{end})" if end else f"(?:{inner})?"


def _compile(phrases: Iterable[str]) -> re.Pattern[str] | None:
    root = _Node()
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.children.setdefault(ch, _Node())
        node.terminal = True
    if not root.children:
        return None
    branches = []
    for ch, child in sorted(root.children.items()):
        rest = _node_pattern(child, ch)
        if ch in _ASCII_WORD:
            # Lookbehind after the first character (width 2), so that each branch still starts
            # with a literal and the engine can skip ahead in C; both cases of a letter get their
            # own literal branch for the same reason.
            guard = "(?<![0-9A-Za-z].)"
            for variant in {ch, ch.upper()}:
                branches.append(re.escape(variant) + guard + rest)
        else:
            branches.append(re.escape(ch) + rest)
    return re.compile("|".join(branches))


class Lexicon:
    """A compiled word list; :meth:`find` reports the listed terms found in a text."""

    def __init__(self, entries: Iterable[LexiconEntry], *, allow: Iterable[str] = ()) -> None:
        by_key: dict[str, LexiconEntry] = {}
        for entry in entries:
            by_key[_key(entry.term)] = entry  # a later entry for the same term replaces the earlier
        self.entries: tuple[LexiconEntry, ...] = tuple(by_key.values())
        self._by_key = by_key
        allowed = {_key(phrase) for phrase in allow if phrase and phrase.strip()}
        for entry in self.entries:
            if entry.suggestion:
                suggestion = _key(entry.suggestion)
                if any(term in suggestion for term in by_key):
                    allowed.add(suggestion)
        # A phrase that is both listed and allowed stays a finding: the entry is the explicit rule.
        self.allow_phrases: frozenset[str] = frozenset(allowed - by_key.keys())
        self._pattern = _compile([*by_key, *self.allow_phrases])

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[Finding]:
        """Findings for ``text``, sorted by start; offsets index ``text`` itself."""
        return self.find_folded(text, fold(text))

    def find_folded(self, text: str, folded: str) -> list[Finding]:
        """As :meth:`find`, with ``folded == base.fold(text)`` already computed by the caller."""
        if self._pattern is None:
            return []
        findings: list[Finding] = []
        for match in self._pattern.finditer(folded):
            entry = self._by_key.get(match.group().translate(_ASCII_LOWER))
            if entry is None:
                continue  # an allow-phrase: consumed, so nothing inside it is reported
            start, end = match.span()
            findings.append(_finding(entry, start, end, text[start:end]))
        return findings


def _finding(entry: LexiconEntry, start: int, end: int, matched: str) -> Finding:
    note = f"（{entry.note}）" if entry.note else ""
    if entry.kind == "typo":
        rule = RULE_TYPO
        if entry.suggestion:
            message = f"疑似错别字或错误表述“{matched}”，应为“{entry.suggestion}”{note}"
        else:
            message = f"疑似错别字或错误表述“{matched}”，请核对{note}"
    else:
        rule = RULE_SENSITIVE
        if entry.suggestion:
            message = f"敏感词或严重表述错误“{matched}”，建议改为“{entry.suggestion}”{note}"
        else:
            message = f"敏感词或严重表述错误“{matched}”，发布前须删除或改写{note}"
    return Finding(rule, entry.severity, start, end, matched, message, entry.suggestion)
