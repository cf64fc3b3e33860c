"""Attachment sniffing: the content decides, the name is only checked against it (no database)."""

from __future__ import annotations

import contextlib
import io
import struct
import zipfile

import pytest

from gongkai.catalog.domain.sniffing import (
    MAX_ZIP_ENTRIES,
    AttachmentFamily,
    AttachmentKind,
    AttachmentRejected,
    Sniffed,
    safe_download_name,
    sniff,
)

MB = 1024 * 1024
LIMIT = 50 * MB
K = AttachmentKind

# --- sample files, built in memory ----------------------------------------------------------

PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# An encrypted PDF still starts with the header; the /Encrypt dictionary must not matter.
PDF_ENCRYPTED = PDF.replace(b"trailer\n<<", b"trailer\n<< /Encrypt 9 0 R")
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + struct.pack(">I", 13)
    + b"IHDR"
    + struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00;"
WEBP = b"RIFF" + struct.pack("<I", 26) + b"WEBPVP8 " + b"\x00" * 18
OLE2 = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 482
)
HTML = "<!DOCTYPE html>\n<html><head><title>通知</title></head><body>霍邱县</body></html>".encode()
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<items><item>霍政〔2021〕14号</item></items>'.encode()
)
JS = b"(function () { document.location = 'https://example.invalid'; })();\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
SHEBANG = b"#!/bin/sh\nrm -rf /\n"
CSV = "文号,标题\n霍政〔2021〕14号,霍邱县十四五规划纲要\n".encode()


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(folder: str, main: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    members = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        "docProps/core.xml": b"<coreProperties/>",
        f"{folder}/{main}": b"<root/>",
        f"{folder}/_rels/{main}.rels": b"<Relationships/>",
    }
    members.update(extra or {})
    return zip_bytes(members)


DOCX = ooxml("word", "document.xml")
XLSX = ooxml("xl", "workbook.xml", extra={"xl/worksheets/sheet1.xml": b"<worksheet/>"})
PPTX = ooxml("ppt", "presentation.xml", extra={"ppt/slides/slide1.xml": b"<sld/>"})
DOCM = ooxml("word", "document.xml", extra={"word/vbaProject.bin": b"\x00" * 64})
XLSM_XLM = ooxml("xl", "workbook.xml", extra={"xl/macrosheets/sheet1.xml": b"<xm/>"})
OFD = zip_bytes(
    {
        "OFD.xml": b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD"/>',
        "Doc_0/Document.xml": b"<ofd:Document/>",
        "Doc_0/Pages/Page_0/Content.xml": b"<ofd:Page/>",
    }
)
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PLAIN_ZIP = zip_bytes({"霍邱县材料/附件1.txt": "附件".encode()})
MANY_ENTRIES = zip_bytes(
    {f"word/media/{i}.xml": b"" for i in range(MAX_ZIP_ENTRIES + 1)}
    | {"[Content_Types].xml": b"<Types/>"},
    compression=zipfile.ZIP_STORED,
)
# Declares 2 MB of zeros (compressed to a few KB) against a 64 KB limit: 20 × 64 KB < 2 MB.
EXPANDING = ooxml("word", "document.xml", extra={"word/media/zeros.bin": b"\x00" * (2 * MB)})
OLE2_WITH_MACROS = OLE2 + "_VBA_PROJECT_CUR".encode("utf-16-le") + b"\x00" * 64


def run(data: bytes, filename: str, max_bytes: int = LIMIT) -> Sniffed:
    return sniff(io.BytesIO(data), filename=filename, max_bytes=max_bytes)


# --- accepted -------------------------------------------------------------------------------

ACCEPTED = [
    # (content, uploaded name, kind, canonical extension)
    (PDF, "霍邱县2023年政府信息公开工作年度报告.pdf", K.PDF, ".pdf"),
    (PDF, "REPORT.PDF", K.PDF, ".pdf"),
    (PDF_ENCRYPTED, "加密.pdf", K.PDF, ".pdf"),
    (b"\xef\xbb\xbf\r\n" + PDF, "前导空白.pdf", K.PDF, ".pdf"),
    (PDF, "没有扩展名", K.PDF, ".pdf"),
    (PNG, "现场照片.png", K.PNG, ".png"),
    (PNG, "现场照片.jpg", K.PNG, ".png"),  # same family: the content wins
    (JPEG, "现场照片.jpeg", K.JPEG, ".jpg"),
    (GIF, "示意图.gif", K.GIF, ".gif"),
    (WEBP, "示意图.webp", K.WEBP, ".webp"),
    (DOCX, "霍政〔2021〕14号.docx", K.DOCX, ".docx"),
    (DOCX, "霍政〔2021〕14号.doc", K.DOCX, ".docx"),  # Word 2007 file saved as .doc
    (DOCX, "通知.wps", K.DOCX, ".docx"),  # WPS saved OOXML under its own extension
    (XLSX, "预决算公开表.xlsx", K.XLSX, ".xlsx"),
    (XLSX, "预决算公开表.et", K.XLSX, ".xlsx"),
    (PPTX, "政策解读.pptx", K.PPTX, ".pptx"),
    (OFD, "皖政办秘〔2021〕65号.ofd", K.OFD, ".ofd"),
    (OLE2, "旧文件.doc", K.DOC, ".doc"),
    (OLE2, "旧表格.xls", K.XLS, ".xls"),
    (OLE2, "旧幻灯片.ppt", K.PPT, ".ppt"),
    (OLE2, "金山文字.wps", K.WPS, ".wps"),
    (OLE2, "金山表格.et", K.ET, ".et"),
    (OLE2, "金山演示.dps", K.DPS, ".dps"),
    (OLE2, "加密的新版文档.docx", K.DOC, ".doc"),  # encrypted OOXML is an OLE2 container
    (PDF, "C:\\Users\\办公室\\Desktop\\通知.pdf", K.PDF, ".pdf"),
    (PDF, "通知.pdf. ", K.PDF, ".pdf"),  # Windows drops trailing dots and spaces
]


@pytest.mark.parametrize(("data", "filename", "kind", "extension"), ACCEPTED)
def test_accepted(data: bytes, filename: str, kind: AttachmentKind, extension: str) -> None:
    sniffed = run(data, filename)
    assert sniffed.kind is kind
    assert sniffed.extension == extension
    assert sniffed.is_image == (sniffed.family is AttachmentFamily.IMAGE)


def test_sniffed_fields_for_a_pdf_and_a_png() -> None:
    assert run(PDF, "a.pdf") == Sniffed(K.PDF, "application/pdf", ".pdf", "PDF 文档", False)
    assert run(PNG, "a.png") == Sniffed(K.PNG, "image/png", ".png", "PNG 图片", True)
    docx = run(DOCX, "a.docx")
    assert docx.mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx.label == "Word 文档"
    assert run(OFD, "a.ofd").mime == "application/ofd"


def test_kingsoft_kinds_belong_to_the_office_families() -> None:
    assert run(OLE2, "a.wps").family is AttachmentFamily.DOCUMENT
    assert run(OLE2, "a.et").family is AttachmentFamily.SPREADSHEET
    assert run(OLE2, "a.dps").family is AttachmentFamily.PRESENTATION


# --- refused --------------------------------------------------------------------------------

REJECTED = [
    # (content, uploaded name, limit, expected message or fragment)
    (b"", "空.pdf", LIMIT, "空文件"),
    (PDF + b"\x00" * 100, "大文件.pdf", len(PDF) + 99, "文件超过"),
    (HTML, "通知.pdf", LIMIT, "文件内容是 HTML，不允许作为附件上传"),
    (b"\xef\xbb\xbf" + HTML, "通知.html", LIMIT, "文件内容是 HTML，不允许作为附件上传"),
    (b"  <div>hello</div>", "片段.doc", LIMIT, "文件内容是 HTML，不允许作为附件上传"),
    (SVG, "图.svg", LIMIT, "SVG"),
    (SVG, "图.png", LIMIT, "SVG"),
    (XML, "数据.xml", LIMIT, "文件内容是 XML，不允许作为附件上传"),
    (JS, "脚本.pdf", LIMIT, "脚本"),
    (SHEBANG, "run.pdf", LIMIT, "脚本"),
    (EXE, "通知.pdf", LIMIT, "Windows 可执行程序"),
    (EXE, "setup.exe", LIMIT, "Windows 可执行程序"),
    (ELF, "通知.doc", LIMIT, "Linux 可执行程序"),
    (CSV, "数据.csv", LIMIT, "纯文本"),
    (bytes(range(256)) * 4, "随机.bin", LIMIT, "无法识别的文件类型"),
    (PNG, "通知.pdf", LIMIT, "文件扩展名 .pdf 与内容（PNG 图片）不符"),
    (PNG, "通知.docx", LIMIT, "文件扩展名 .docx 与内容（PNG 图片）不符"),
    (PDF, "通知.docx", LIMIT, "文件扩展名 .docx 与内容（PDF 文档）不符"),
    (PDF, "通知.exe", LIMIT, "文件扩展名 .exe 与内容（PDF 文档）不符"),
    (DOCX, "表格.xlsx", LIMIT, "文件扩展名 .xlsx 与内容（Word 文档）不符"),
    (OFD, "版式.pdf", LIMIT, "文件扩展名 .pdf 与内容（OFD 版式文档）不符"),
    (OLE2, "通知.pdf", LIMIT, "文件扩展名 .pdf 与内容（Office 97-2003 文件）不符"),
    (OLE2, "没有扩展名", LIMIT, "无法判断 Office 文件的具体类型"),
    (OLE2_WITH_MACROS, "宏.xls", LIMIT, "宏代码"),
    (DOCM, "宏.docx", LIMIT, "宏代码"),
    (XLSM_XLM, "宏.xlsx", LIMIT, "宏代码"),
    (PLAIN_ZIP, "材料.zip", LIMIT, "ZIP 压缩包不在允许的附件类型之内"),
    (PLAIN_ZIP, "材料.docx", LIMIT, "ZIP 压缩包不在允许的附件类型之内"),
    (ODT, "通知.odt", LIMIT, "OpenDocument"),
    (MANY_ENTRIES, "炸弹.docx", LIMIT, "疑似压缩炸弹"),
    (EXPANDING, "炸弹.docx", 64 * 1024, "疑似压缩炸弹"),
    (b"PK\x03\x04" + b"\x00" * 100, "坏的.docx", LIMIT, "文件已损坏"),
    (b"Rar!\x1a\x07\x00" + b"\x00" * 20, "材料.rar", LIMIT, "RAR"),
    (b"{\\rtf1\\ansi \\'bb\\'f4}", "通知.doc", LIMIT, "RTF"),
    (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40, "IMG_0001.heic", LIMIT, "HEIC"),
    (PNG + b"<script>alert(1)</script>", "polyglot.png", LIMIT, "网页代码"),
    (b"<html>" + PDF, "伪装.pdf", LIMIT, "HTML"),  # %PDF- after markup is not a PDF
]


@pytest.mark.parametrize(("data", "filename", "limit", "message"), REJECTED)
def test_rejected(data: bytes, filename: str, limit: int, message: str) -> None:
    with pytest.raises(AttachmentRejected) as caught:
        run(data, filename, limit)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_50_mb_limit_is_read_from_the_stream_length(tmp_path) -> None:
    path = tmp_path / "超大.pdf"
    with path.open("wb") as handle:
        handle.write(PDF)
        handle.truncate(50 * MB + 1)  # sparse: no 50 MB in memory or on disk
    with path.open("rb") as handle, pytest.raises(AttachmentRejected) as caught:
        sniff(handle, filename=path.name, max_bytes=50 * MB)
    assert str(caught.value) == "文件超过 50 MB 上限"


def test_the_size_comes_from_the_stream_and_the_limit_is_inclusive() -> None:
    assert run(PDF, "a.pdf", max_bytes=len(PDF)).kind is K.PDF
    with pytest.raises(AttachmentRejected, match="文件超过"):
        run(PDF, "a.pdf", max_bytes=len(PDF) - 1)


def test_the_stream_is_rewound_after_success_and_after_refusal() -> None:
    for data, name in (
        (DOCX, "a.docx"),
        (OLE2, "a.doc"),
        (HTML, "a.pdf"),
        (MANY_ENTRIES, "a.docx"),
    ):
        stream = io.BytesIO(data)
        stream.seek(5)
        with contextlib.suppress(AttachmentRejected):
            sniff(stream, filename=name, max_bytes=LIMIT)
        assert stream.tell() == 0


def test_a_macro_marker_across_a_read_boundary_is_found() -> None:
    marker = "_VBA_PROJECT".encode("utf-16-le")
    padding = b"\x00" * ((1 << 20) - len(OLE2) - 5)  # the marker straddles the first 1 MiB
    with pytest.raises(AttachmentRejected, match="宏代码"):
        run(OLE2 + padding + marker, "宏.doc")


def test_programming_errors_are_not_rejections() -> None:
    with pytest.raises(ValueError, match="max_bytes") as caught:
        run(PDF, "a.pdf", max_bytes=0)
    assert not isinstance(caught.value, AttachmentRejected)


# --- download names -------------------------------------------------------------------------

NAMES = [
    # (uploaded name, content kind's sample, expected download name)
    (
        "霍政〔2021〕14号 关于印发霍邱县十四五规划纲要的通知.doc",
        DOCX,
        "霍政〔2021〕14号 关于印发霍邱县十四五规划纲要的通知.docx",
    ),
    ("../../etc/通知.pdf", PDF, "通知.pdf"),
    ("C:\\Users\\办公室\\Desktop\\年报.PDF", PDF, "年报.pdf"),
    ('"政策解读".pdf', PDF, "政策解读.pdf"),
    ("年报'2023'.pdf", PDF, "年报2023.pdf"),
    ("通\x00知\r\n.pdf", PDF, "通知.pdf"),
    ("报告\u202egpj.exe", PDF, "报告gpj.pdf"),  # right-to-left override removed
    ("报告.pdf.exe", PDF, "报告.pdf"),
    ("照片.jpg", PNG, "照片.png"),
    ("2024.01.06 政府工作报告.pdf", PDF, "2024.01.06 政府工作报告.pdf"),
    ("问题<清单>|汇总?.xlsx", XLSX, "问题清单汇总.xlsx"),
    ("   多余   空格   .pdf", PDF, "多余 空格.pdf"),
    (".pdf", PDF, "附件.pdf"),
    (".隐藏.pdf", PDF, "隐藏.pdf"),
    ("", PDF, "附件.pdf"),
    ("CON.pdf", PDF, "_CON.pdf"),
]


@pytest.mark.parametrize(("filename", "data", "expected"), NAMES)
def test_safe_download_name(filename: str, data: bytes, expected: str) -> None:
    sniffed = sniff(io.BytesIO(data), filename="x", max_bytes=LIMIT)
    assert safe_download_name(filename, sniffed) == expected


def test_long_names_are_cut_on_a_character_boundary() -> None:
    name = safe_download_name("霍" * 200 + ".pdf", run(PDF, "a.pdf"))
    assert name.endswith(".pdf")
    assert len(name.encode("utf-8")) <= 255
    assert set(name.removesuffix(".pdf")) == {"霍"}
