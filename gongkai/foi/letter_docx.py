"""The reply letter as a .docx in 公文 layout (GB/T 9704-2012 in outline).

Title in 方正小标宋简体 二号 centred, the 文号 under it, the applicant's name (name only, no
personal data), the body in 仿宋_GB2312 三号 with a two-character first-line indent, the seal
placeholder and the date in Chinese numerals on the right. The font names are the ones county
offices install; the font table lists 宋体/仿宋 (and Noto CJK) as alternates so a machine
without them still shows Chinese (python-docx needs ``w:eastAsia`` set, stack-notes.md).
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gongkai.foi.domain.letters import chinese_date
from gongkai.foi.replies_models import ReplyLetter

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
# name → alternates written to the font table (w:altName takes one name; the rest go to a
# comment-free fallback list that WPS and LibreOffice honour through the first entry).
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋"}
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMBER_PENDING = "（签发后生成文号）"
SEAL = "（印章）"


def _font(run, name: str, size) -> None:
    run.font.name = LATIN_FONT
    run.font.size = size
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=BODY_SIZE, align=None, indent=True):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(28)  # 公文: 28-29 pt fixed line spacing for 三号
    fmt.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    _font(paragraph.add_run(text), font, size)
    return paragraph


def _register_fallbacks(doc) -> None:
    """Declare the Chinese fonts with alternates in word/fontTable.xml."""
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            extra = "".join(
                f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
                "</w:font>"
                for name, alt in FALLBACKS.items()
            )
            part._blob = xml.replace("</w:fonts>", extra + "</w:fonts>").encode("utf-8")
            return


def gongwen_docx(
    *, unit_name: str, title: str, number: str, paragraphs, dated_on: dt.date
) -> bytes:
    """A one-page 公文 letter: unit and title centred, number, body, seal, date in Chinese."""
    doc = Document()
    section = doc.sections[0]
    # GB/T 9704: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _register_fallbacks(doc)

    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, unit_name, font=TITLE_FONT, size=TITLE_SIZE, align=center, indent=False)
    _paragraph(doc, title, font=TITLE_FONT, size=TITLE_SIZE, align=center, indent=False)
    if number:
        _paragraph(doc, number, align=center, indent=False)
    _paragraph(doc, "", indent=False)

    lines = [line.strip() for line in paragraphs if line.strip()]
    for index, line in enumerate(lines):
        # The salutation ("张三：") stands flush left; every other paragraph is indented.
        _paragraph(doc, line, indent=not (index == 0 and line.endswith(("：", ":"))))

    _paragraph(doc, "", indent=False)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(doc, SEAL, align=right, indent=False)
    _paragraph(doc, unit_name, align=right, indent=False)
    _paragraph(doc, chinese_date(dated_on), align=right, indent=False)

    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def letter_docx(letter: ReplyLetter, *, today: dt.date) -> bytes:
    """The reply letter as .docx bytes. A letter not yet approved shows placeholders for the
    number and uses ``today`` for the date, marked 草稿 in the title."""
    approved = letter.is_approved
    return gongwen_docx(
        unit_name=letter.request.unit.name,
        title=letter.title if approved else f"{letter.title}（草稿）",
        number=letter.number or NUMBER_PENDING,
        paragraphs=letter.body.splitlines(),
        dated_on=letter.dated_on or today,
    )


def letter_filename(letter: ReplyLetter) -> str:
    name = letter.number or f"{letter.request.tracking_code}答复书草稿"
    return f"{name}.docx"
