"""Normalisation and index terms for Chinese full-text search (see decision 0004).

Wagtail's database backends turn a run of Chinese characters into one token, so "通知" inside
"关于印发……的通知" is never found. Here every Han character becomes one index term at its own
position: the bigram it forms with the next character of the same run, or the character alone
when it ends the run ("政府信息" → 政府 府信 信息 息). A query of n ≥ 2 Han characters is the
phrase of its n − 1 bigrams, which occurs exactly where the characters occur: substring recall
with any database that has phrase queries. The closing unigram lets a run boundary be matched
exactly ("年2023" in "今年2023") and a one-character query be a prefix query ("年*" hits 年 and
年度); it costs one term per run. Latin letters and digits are whole-word terms, kept apart
("GB2312" → gb 2312), so "2023年" is the phrase 2023, 年* and finds "2023年度".

Terms contain only letters and digits (Unicode L*/N*), so FTS5's unicode61 tokenizer and
PostgreSQL's default parser split the space-separated serialisation back into the same terms at
consecutive positions. jieba words (search mode) are optional extras for ranking, never for
recall: segmentation loses substrings that cross its word boundaries ("通办" in "一网通办").
"""

from __future__ import annotations

import functools
import html
import logging
import os
import re
import tempfile
import threading
import unicodedata
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "FIELD_GAP",
    "MAX_WORD_LENGTH",
    "Run",
    "char_kind",
    "clause_terms",
    "configure_jieba",
    "fold_char",
    "index_terms",
    "index_terms_with_positions",
    "index_text",
    "normalize",
    "plain_text",
    "split_runs",
    "word_terms",
]

# CJK Unified Ideographs with Extension A, 〇 (used in dates: 二〇二三年), the compatibility
# block (NFKC maps most of it to unified ideographs; twelve of them are unified themselves) and
# the supplementary planes' extensions B–H. Unassigned code points in these blocks count as Han
# too, so a newer Unicode version does not change the tokenisation of existing text.
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_RUNS = re.compile(rf"([{HAN_CLASS}]+)|(\d+)|([^\W\d_{HAN_CLASS}]+)")
# A separator is anything that is neither Han nor a letter or digit (underscore included).
SEPARATOR = rf"(?:_|[^\w{HAN_CLASS}])"
_HAN_CHAR = re.compile(rf"[{HAN_CLASS}]")

# Longer Latin/digit words (hashes, base64 in pasted text) are cut: PostgreSQL refuses lexemes
# over 2 KB, and a shared 64-character prefix is as good as equality for search.
MAX_WORD_LENGTH = 64

# Stored between two fields that share one position space (PostgreSQL: the title's and the
# body's tsvector concatenated with ||, which would otherwise make the title's last term and the
# body's first term adjacent, so that a phrase could match across them). It is one token for
# FTS5 and for PostgreSQL's parser, and never an index or query term: those never mix letters
# and digits.
FIELD_GAP = "0gap"

Kind = Literal["han", "digit", "letter"]


@functools.lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One code point normalised: NFKC, then case folding (may give 0, 1 or more characters)."""
    return unicodedata.normalize("NFKC", char).casefold()


def normalize(text: str) -> str:
    """NFKC (full-width → half-width, compatibility ideographs → unified) and case folding.

    Applied code point by code point, so that ``normalize(a + b) == normalize(a) +
    normalize(b)``: highlighting maps every normalised character back to one original
    character, and a substring of the original is a substring of the normalised text. The fast
    path for text that is already NFKC gives the same result (a character that NFKC changes
    cannot occur in NFKC text; casefold has no context rules, unlike lower()).
    """
    if unicodedata.is_normalized("NFKC", text):
        return text.casefold()
    return "".join(map(fold_char, text))


def char_kind(char: str) -> Kind | None:
    """The kind of run a (normalised) character belongs to; None for a separator."""
    if _HAN_CHAR.match(char):
        return "han"
    if char.isdecimal():
        return "digit"
    if char.isalnum():
        return "letter"
    return None


@dataclass(frozen=True, slots=True)
class Run:
    """A maximal run of one kind in normalised text; ``start`` indexes that text."""

    kind: Kind
    text: str
    start: int


def split_runs(normalized: str) -> list[Run]:
    """Han runs, digit runs and letter runs of already normalised text, in order."""
    runs: list[Run] = []
    for match in _RUNS.finditer(normalized):
        han, digits, _letters = match.groups()
        kind: Kind = "han" if han else "digit" if digits else "letter"
        runs.append(Run(kind, match.group(), match.start()))
    return runs


def _terms_of_runs(runs: list[Run]) -> list[str]:
    terms: list[str] = []
    for run in runs:
        if run.kind == "han":
            text = run.text
            terms.extend(text[i : i + 2] for i in range(len(text) - 1))
            terms.append(text[-1])
        else:
            terms.append(run.text[:MAX_WORD_LENGTH])
    return terms


def index_terms(text: str) -> list[str]:
    """Index terms of plain text; a term's position is its index in the list."""
    return _terms_of_runs(split_runs(normalize(text)))


def index_terms_with_positions(text: str) -> list[tuple[str, int]]:
    """(term, position) pairs, positions 0, 1, 2, … as FTS5 and to_tsvector count them."""
    return [(term, position) for position, term in enumerate(index_terms(text))]


def index_text(text: str) -> str:
    """The column value a backend stores: terms separated by single spaces.

    FTS5 (unicode61) and ``to_tsvector('simple', …)`` both read it back as exactly these terms
    at consecutive positions (PostgreSQL counts from 1 and caps positions at 16,383).
    """
    return " ".join(index_terms(text))


def clause_terms(normalized: str) -> tuple[tuple[str, ...], bool]:
    """The terms a query word or phrase must match consecutively, and whether the last is a prefix.

    The mirror of :func:`index_terms`: a Han run followed by another run in the query must end
    where the document's run ends, so it contributes its closing unigram; the clause's last Han
    run may continue in the document, so it contributes only its bigrams — or, when it is a
    single character, that character as a prefix term (matching 年 and 年度 alike).
    """
    runs = split_runs(normalized)
    terms: list[str] = []
    prefix_last = False
    for index, run in enumerate(runs):
        last = index == len(runs) - 1
        if run.kind != "han":
            terms.append(run.text[:MAX_WORD_LENGTH])
            continue
        text = run.text
        terms.extend(text[i : i + 2] for i in range(len(text) - 1))
        if not last:
            terms.append(text[-1])
        elif len(text) == 1:
            terms.append(text)
            prefix_last = True
    return tuple(terms), prefix_last


# --- HTML -----------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt"}
    | {"figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"}
    | {"li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th"}
    | {"thead", "tr", "ul"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def plain_text(markup: str) -> str:
    """Visible text of HTML (rich text, imported pages), entities decoded.

    Block elements become line breaks so that "<p>政府</p><p>信息</p>" does not index the
    bigram 府信 that no reader sees. Malformed markup never raises: the parser is lenient, and
    the rare marked-section error falls back to stripping tags with a regular expression.
    """
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        stripped = re.sub(r"<[^>]*>", "\n", markup)
        return html.unescape(stripped).strip()
    return "".join(parser.parts).strip()


# --- jieba (ranking only) -------------------------------------------------------------------

_jieba_lock = threading.Lock()
_jieba_tokenizer: Any = None
_jieba_cache_dir: Path | None = None


def configure_jieba(cache_dir: str | os.PathLike[str]) -> None:
    """Where jieba keeps its dictionary cache (default: $GONGKAI_VAR_DIR/cache or ./var/cache)."""
    global _jieba_cache_dir, _jieba_tokenizer
    with _jieba_lock:
        _jieba_cache_dir = Path(cache_dir)
        _jieba_tokenizer = None


def _default_cache_dir() -> Path:
    var_dir = os.environ.get("GONGKAI_VAR_DIR") or Path(__file__).resolve().parents[3] / "var"
    return Path(var_dir) / "cache"


def _load_jieba() -> Any:
    """jieba's tokenizer, built on first use: importing our module must stay cheap and quiet."""
    global _jieba_tokenizer
    with _jieba_lock:
        if _jieba_tokenizer is not None:
            return _jieba_tokenizer
        with warnings.catch_warnings():
            # jieba 0.42 has invalid escape sequences that warn when its source is compiled
            # (DeprecationWarning up to Python 3.11, SyntaxWarning from 3.12).
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", SyntaxWarning)
            import jieba

        # jieba logs "Building prefix dict …" at DEBUG to its own stderr handler.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        cache_dir = _jieba_cache_dir or _default_cache_dir()
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            cache_dir = Path(tempfile.gettempdir())
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(cache_dir)
        tokenizer.initialize()
        _jieba_tokenizer = tokenizer
        return tokenizer


def word_terms(text: str) -> list[str]:
    """jieba search-mode words of two or more Han characters, for ranking (never for recall).

    Search mode also emits the shorter dictionary words inside a long word
    ("中华人民共和国" → 中华, 华人, 人民, 共和, 共和国, …), which is what a query word is compared with.
    """
    tokenizer = _load_jieba()
    words: list[str] = []
    for run in split_runs(normalize(text)):
        if run.kind == "han" and len(run.text) >= 2:
            words.extend(w for w in tokenizer.cut_for_search(run.text, HMM=True) if len(w) >= 2)
    return words
