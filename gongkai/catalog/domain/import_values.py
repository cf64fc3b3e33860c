"""Cell values of the import file: text, titles, dates, 主题分类, 文号, URLs, attachment paths.

Pure Python helpers for :mod:`gongkai.catalog.domain.importing`, which re-exports the public
ones (:func:`clean_title`, :func:`parse_date`, :func:`parse_topic`). The underscore helpers are
shared with ``importing`` and not meant for use outside the import package code. Per-row work is
plain string handling with precompiled patterns, because 29,000 rows must import in well under a
minute.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

from gongkai.catalog.domain.taxonomy import (
    GENRES,
    ITEM_KIND_LABELS,
    TOPICS,
    VALIDITY_LABELS,
    ItemKind,
    Validity,
)

# Zero-width characters that Word/WPS and web editors leave behind; they make headers and codes
# that look identical compare unequal.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")

_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    """A cell as stripped text; numbers as Excel would display them (12.0 → 「12」)."""
    if value is None:
        return ""
    if isinstance(value, str):
        # A regex scan is far cheaper than str.translate on long 正文 HTML (measured: 5x).
        return (_INVISIBLE.sub("", value) if _INVISIBLE.search(value) else value).strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value).strip()


def _one_line(value: object) -> str:
    """Collapse runs of whitespace (incl. full-width spaces and NBSP) into one space."""
    return _WHITESPACE.sub(" ", _text(value)).strip()


def clean_title(value: object) -> str:
    """Title without HTML tags/entities and with whitespace collapsed (old CMSs store markup)."""
    text = _text(value)
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return _WHITESPACE.sub(" ", text).strip()


_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 given Excel's 1900 leap-year bug
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T)[\d:：时分秒.]*)?"
)
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
_COMPACT_TEXT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_date(value: object) -> date | None:
    """Read a date cell; None for an empty cell; raises ValueError for anything unrecognisable.

    Accepts date/datetime objects (openpyxl), 「2024-03-05」「2024/3/5」「2024年3月5日」
    「2024.03.05」 (optionally followed by a time), 「20240305」, and Excel serial numbers
    (e.g. 45356 when a csv export lost the date format).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return _from_number(value)
    text = unicodedata.normalize("NFKC", _text(value))
    if not text:
        return None
    match = _DATE_TEXT.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    if _SERIAL_TEXT.fullmatch(text) or _COMPACT_TEXT.fullmatch(text):
        return _from_number(float(text))
    raise ValueError(text)


def _from_number(number: float) -> date:
    if 10_000 <= number < 100_000:  # Excel serial (1927–2173)
        return _EXCEL_EPOCH + timedelta(days=int(number))
    if 10_000_000 <= number < 100_000_000 and float(number).is_integer():  # 20240305
        compact = _COMPACT_TEXT.fullmatch(str(int(number)))
        if compact:
            year, month, day = (int(g) for g in compact.groups())
            return date(year, month, day)
    raise ValueError(number)


def _display(value: object) -> str:
    """How a bad cell value is quoted back to the user (short, one line)."""
    text = _one_line(value)
    return text if len(text) <= 60 else text[:57] + "…"


# 主题分类 lookup tolerant of the separators people type instead of 「、」 (「科技,教育」「科技教育」).
_TOPIC_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_TOPIC_LOOKUP: dict[str, str] = {_TOPIC_SEPARATORS.sub("", t): t for t in TOPICS}
_GENRE_LOOKUP: dict[str, str] = {g: g for g in GENRES} | {"其它": "其他"}
_VALIDITY_LOOKUP: dict[str, Validity] = {
    label: Validity(value) for value, label in VALIDITY_LABELS.items() if label
} | {
    "现行有效": Validity.VALID,
    "修改": Validity.AMENDED,
    "已修订": Validity.AMENDED,
    "废止": Validity.REPEALED,
    "失效": Validity.EXPIRED,
    "不适用": Validity.NOT_APPLICABLE,
    "无": Validity.NOT_APPLICABLE,
}
_KIND_LOOKUP: dict[str, ItemKind] = {
    label: ItemKind(value) for value, label in ITEM_KIND_LABELS.items()
}


def parse_topic(value: object) -> str:
    """One of TOPICS, by name or by class number 1–19; raises ValueError otherwise."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", _text(value))
        topic = _TOPIC_LOOKUP.get(_TOPIC_SEPARATORS.sub("", text))
        if topic:
            return topic
        try:
            number = float(text)
        except ValueError:
            raise ValueError(text) from None
    if number.is_integer() and 1 <= number <= len(TOPICS):
        return TOPICS[int(number) - 1]
    raise ValueError(value)


_KEYWORD_SPLIT = re.compile(r"[，,;；、\s]+")
_ATTACHMENT_SPLIT = re.compile(r"[;；\n]+")
_INDEX_NUMBER = re.compile(r"[A-Za-z0-9/._-]+")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")
# What people write in the 文号 column for 「no number」.
_NO_DOC_NUMBER = frozenset({"无", "暂无", "没有", "-", "—", "——", "/", "／"})


@functools.lru_cache(maxsize=8192)
def _normalise_doc_number(text: str, today_year: int) -> tuple[str | None, str]:
    """(canonical 文号 or None, why it was refused). Cached: a unit reuses few 代字 and years."""
    # Imported lazily: the normaliser lives in another app's domain package and is only needed
    # for rows that carry a 文号.
    from gongkai.checks.domain.docnumbers import normalise

    result = normalise(text, today_year=today_year)
    if result.canonical is not None:
        return result.canonical, ""
    reasons = [getattr(p, "message", str(p)) for p in result.problems]
    return None, "；".join(r for r in reasons if r)


def _normalise_url(text: str) -> str | None:
    """http(s) URL with lower-cased scheme/host and no fragment, so the key is stable."""
    if _WHITESPACE.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def _clean_attachment(text: str) -> str | None:
    """A relative POSIX path, or None if it is absolute or escapes the base folder.

    The command resolves these against a folder given by the operator; refusing absolute paths
    and 「..」 keeps a crafted file from reading arbitrary files on the server.
    """
    path = text.strip().replace("\\", "/")
    if path.startswith("/") or _WINDOWS_DRIVE.match(path) or "://" in path:
        return None
    parts = [p for p in PurePosixPath(path).parts if p not in {"", "."}]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)
