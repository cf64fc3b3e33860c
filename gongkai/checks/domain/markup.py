"""Rich text (HTML from the Wagtail editor): plain text with an offset map, links, a11y rules.

No HTML library is used: ``html.parser`` reports line/column positions and, with entity decoding
switched on, loses offsets. A small regex tokenizer keeps exact character offsets into the HTML,
which the editor's "检查" action needs to show findings in place.

Accessibility rules (GB/T 37668-2019 《信息技术 互联网内容无障碍可访问性技术要求与测试方法》, which
follows WCAG 2.0; the 2019 website indicators score 适老化/无障碍 under 功能设计):

* ``a11y.img_alt``: an image needs a text alternative (WCAG 1.1.1). An ``<img>`` with no ``alt`` or
  an empty one is reported; so is a Wagtail image embed (``<embed embedtype="image">``) in the
  database form of rich text.
* ``a11y.table_header``: a data table needs header cells (WCAG 1.3.1); a ``<table>`` with no
  ``<th>`` of its own (nested tables count separately) is reported at its opening tag.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Container, Iterator

from gongkai.checks.domain.base import Finding, Severity

RULE_IMG_ALT = "a11y.img_alt"
RULE_TABLE_HEADER = "a11y.table_header"
MARKUP_RULES: tuple[str, ...] = (RULE_IMG_ALT, RULE_TABLE_HEADER)

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment (unterminated: to the end)
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<[!?][^>]*>?"  # doctype, processing instruction
    r"|<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)(?:>|\Z)"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?",
    re.DOTALL,
)
_ATTR = re.compile(
    r"(?P<name>[^\s\"'>/=]+)(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'>]+)))?"
)
# Elements whose content is not text (never shown, or not prose).
_SKIP_CONTENT = frozenset({"script", "style", "template", "noscript", "head", "title"})
# Elements that start a new line in the rendered page. Text on both sides of them must not run
# together, or 「13800」+「001234」 in two paragraphs would look like one number.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot",
        "thead", "tr", "ul",
    }
)  # fmt: skip
# Table cells are separated by a tab: adjacent cells are different values.
_CELL = frozenset({"td", "th"})


def _attributes(attrs: str, offset: int) -> dict[str, tuple[str, int, int]]:
    """Attribute name (lower case) -> (raw value, start, end) with offsets into the whole HTML."""
    found: dict[str, tuple[str, int, int]] = {}
    for match in _ATTR.finditer(attrs):
        name = match["name"].lower()
        if name in found:
            continue  # HTML keeps the first of duplicated attributes
        for group in ("dq", "sq", "bare"):
            if match[group] is not None:
                found[name] = (match[group], offset + match.start(group), offset + match.end(group))
                break
        else:
            found[name] = ("", offset + match.end(), offset + match.end())
    return found


def _tokens(html: str) -> Iterator[tuple[re.Match[str], int]]:
    """Tags, comments and entities, each with the offset where scanning resumes after it.

    After the opening tag of <script>, <style> and the like, scanning resumes at the closing tag:
    their content is neither text nor markup to check.
    """
    position = 0
    while (match := _TOKEN.search(html, position)) is not None:
        position = match.end()
        name = match["name"]
        if name and not match["close"] and name.lower() in _SKIP_CONTENT:
            closing = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(html, position)
            position = closing.start() if closing else len(html)
        yield match, position


def html_to_text(html: str) -> tuple[str, list[int]]:
    """Plain text of rich-text ``html`` and, for each of its characters, the offset in ``html``.

    Block elements (p, div, li, h1-h6, tr, br …) become a newline, table cells a tab; inline
    elements vanish so that 138<b>0000</b>1234 reads 13800001234; entities are decoded (&amp;,
    &#21326;, &nbsp;). The returned list has ``len(text) + 1`` entries: ``offsets[i]`` is where
    ``text[i]`` comes from (for a newline made from a tag, the tag's start), and the last entry is
    ``len(html)``, so a text span ``start:end`` maps to ``offsets[start]:offsets[end - 1] + 1``
    (or use the tag-aware :func:`text_span_to_html`).
    """
    out: list[str] = []
    offsets: list[int] = []

    def separator(ch: str, at: int) -> None:
        if out and out[-1] not in ("\n", ch):
            out.append(ch)
            offsets.append(at)

    position = 0
    for match, resume in _tokens(html):
        start = match.start()
        for index in range(position, start):
            out.append(html[index])
            offsets.append(index)
        token = match.group()
        if token.startswith("&"):
            decoded = html_lib.unescape(token)
            for ch in decoded:
                out.append(ch)
                offsets.append(start)
        elif match["name"]:
            name = match["name"].lower()
            if name in _BLOCK:
                separator("\n", start)
            elif name in _CELL and not match["close"]:
                separator("\t", start)
        position = resume
    for index in range(position, len(html)):
        out.append(html[index])
        offsets.append(index)
    offsets.append(len(html))
    return "".join(out), offsets


def text_span_to_html(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """The HTML span covering the text span ``start:end`` (offsets from :func:`html_to_text`)."""
    if end <= start:
        return offsets[start], offsets[start]
    return offsets[start], offsets[end - 1] + 1


def extract_links(html: str) -> list[tuple[str, int, int]]:
    """``href`` and ``src`` values as ``(value, start, end)``, in document order.

    ``value`` is entity-decoded and stripped (``&amp;`` -> ``&``), what a browser would request;
    ``html[start:end]`` is the raw value as written. Nothing is filtered: ``#top``, ``mailto:``
    and ``javascript:`` values are returned too, for the link rules on the Django side to classify.
    Wagtail's database form of page and document links (``<a linktype="page" id="3">``) has no
    ``href``; expand it (``expand_db_html``) before calling, or resolve those ids separately.
    """
    links: list[tuple[str, int, int]] = []
    for match, _ in _tokens(html):
        if not match["name"] or match["close"]:
            continue
        attributes = _attributes(match["attrs"], match.start("attrs"))
        for name in ("href", "src"):
            if name not in attributes:
                continue
            raw, start, end = attributes[name]
            # Report the stripped value's own offsets: leading/trailing spaces are not the link.
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw) - len(raw.rstrip())
            value = html_lib.unescape(raw.strip())
            if value:
                links.append((value, start + lead, end - trail))
    return links


def find_markup_problems(html: str, rules: Container[str] = MARKUP_RULES) -> list[Finding]:
    """a11y findings with offsets into ``html`` (the opening tag of the image or table)."""
    findings: list[Finding] = []
    # Stack of open tables: [start, end of the opening tag, whether a <th> was seen].
    tables: list[list[int]] = []
    for match, _ in _tokens(html):
        name = (match["name"] or "").lower()
        if not name:
            continue
        start, end = match.span()
        if match["close"]:
            if name == "table" and tables:
                table_start, table_tag_end, has_header = tables.pop()
                if not has_header and RULE_TABLE_HEADER in rules:
                    findings.append(_table_finding(html, table_start, table_tag_end))
            continue
        if name == "table":
            tables.append([start, end, 0])
        elif name == "th" and tables:
            tables[-1][2] = 1
        elif name in ("img", "embed") and RULE_IMG_ALT in rules:
            attributes = _attributes(match["attrs"], match.start("attrs"))
            if name == "embed" and attributes.get("embedtype", ("",))[0].lower() != "image":
                continue
            alt = attributes.get("alt")
            if alt is None or not html_lib.unescape(alt[0]).strip():
                message = (
                    "图片缺少替代文本（alt属性）"
                    if alt is None
                    else "图片的替代文本（alt属性）为空"
                ) + "，读屏软件无法向视障用户说明图片内容，请填写简要的图片说明"
                findings.append(
                    Finding(RULE_IMG_ALT, Severity.WARNING, start, end, html[start:end], message)
                )
    # Tables never closed (cut-off HTML) are judged on what was seen.
    for table_start, table_tag_end, has_header in tables:
        if not has_header and RULE_TABLE_HEADER in rules:
            findings.append(_table_finding(html, table_start, table_tag_end))
    findings.sort(key=lambda f: (f.start, f.end))
    return findings


def _table_finding(html: str, start: int, end: int) -> Finding:
    return Finding(
        RULE_TABLE_HEADER,
        Severity.WARNING,
        start,
        end,
        html[start:end],
        "表格没有表头单元格（th），读屏软件无法读出各列/各行的含义，请将首行或首列设为表头",
    )
